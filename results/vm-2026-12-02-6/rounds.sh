#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The default workload with both threads on CPU 1 (-w 1 -d 2), the kernel,
# then the calibrated port (profile.json), ROUNDS rounds, each run under perf
# sched record: per run its CSV, its per-thread summary (timehist-summary.py
# of vm-2026-12-02-3) and its wake-up table and rows (wake-vs-run.py).
# ARGS: more options for both sides (--consumer batch); NAME: a prefix for
# the files (batch-)
set -eu
ARGS=${ARGS:-}
NAME=${NAME:-}
R=${R:-build/rbsim}
ROUNDS=${ROUNDS:-3}
OUT=${OUT:-.}
here=$(dirname "$0")
sum=${SUM:-results/vm-2026-12-02-3/one-cpu-sched/timehist-summary.py}
for i in $(seq "$ROUNDS"); do
	for side in kernel port; do
		case $side in
		kernel) t="--transport kernel-ringbuf" ;;
		port) t="--transport ringbuf --profile $OUT/profile.json" ;;
		esac
		perf sched record -q -o "$OUT/sched.data" -- "$R" run -a --prod-affinity 1 \
			--cons-affinity 1 -w 1 -d 2 --format csv $ARGS $t \
			>"$OUT/$NAME$side-$i.csv" 2>"$OUT/$NAME$side-$i.err"
		python3 "$sum" "$OUT/sched.data" >"$OUT/$NAME$side-$i.sum"
		python3 "$here/wake-vs-run.py" "$OUT/sched.data" "$OUT/$NAME$side-$i.rows.csv" \
			>"$OUT/$NAME$side-$i.wakes"
		gzip -f "$OUT/$NAME$side-$i.rows.csv"
		echo "$NAME$side-$i: $(tail -1 "$OUT/$NAME$side-$i.wakes")"
	done
done
rm -f "$OUT/sched.data" "$OUT/sched.data.old"
