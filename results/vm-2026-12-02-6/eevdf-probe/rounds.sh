#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The default workload with both threads on CPU 1 (-w 1 -d 2), the kernel,
# then the calibrated port (../profile.json), ROUNDS rounds, each run under
# the probe (build.sh builds it in $B): per run its CSV, the probe's events
# (not kept: tens of MB) turned into the wake-up table and rows (wakes.py).
# ARGS: more options for both sides (--consumer batch); NAME: a prefix for
# the files (batch-)
set -eu
ARGS=${ARGS:-}
NAME=${NAME:-}
R=${R:-build/rbsim}
ROUNDS=${ROUNDS:-2}
B=${B:-/tmp/eevdf-probe}
here=$(dirname "$0")
for i in $(seq "$ROUNDS"); do
	for side in kernel port; do
		case $side in
		kernel) t="--transport kernel-ringbuf" ;;
		port) t="--transport ringbuf --profile $here/../profile.json" ;;
		esac
		rm -f "$B/events.csv" "$B/probe.err"
		"$B/probe" >"$B/events.csv" 2>"$B/probe.err" &
		pid=$!
		# attached once it says so on stderr (at most 10 s)
		n=0
		until grep -q attached "$B/probe.err" 2>/dev/null; do
			n=$((n + 1))
			[ "$n" -lt 100 ] || { echo "the probe did not attach" >&2; exit 1; }
			sleep 0.1
		done
		"$R" run -a --prod-affinity 1 --cons-affinity 1 -w 1 -d 2 --format csv $ARGS $t \
			>"$here/$NAME$side-$i.csv" 2>"$here/$NAME$side-$i.err"
		kill -INT "$pid"
		wait "$pid"
		python3 "$here/wakes.py" "$B/events.csv" "$here/$NAME$side-$i.wakes.csv" \
			>"$here/$NAME$side-$i.table"
		gzip -f "$here/$NAME$side-$i.wakes.csv"
		echo "== $NAME$side-$i"
		cat "$here/$NAME$side-$i.table"
	done
done
rm -f "$B/events.csv"
