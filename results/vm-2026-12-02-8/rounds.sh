#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The paced and paced-drops workloads of bench/prediction.scenario on the
# kernel, the pure port and the calibrated port, alternating, ROUNDS rounds,
# each run under perf sched record; per run OUT/<case>-<side>-<round>.csv
# (rbsim run's row), .err, .sum (perf sched timehist -s); the per-switch
# timehist goes to TH (not kept: 0.1-0.5 MB a run) for table.py.
# usage (from the repository's root): rounds.sh OUT PROFILE ROUNDS TH
out=$1 prof=$2 rounds=$3 th=$4
mkdir -p "$out" "$th"
for r in $(seq 1 "$rounds"); do
	for c in paced paced-drops; do
		case $c in
		paced) args="--size 64 --rate 100000 --batch 10 --consumer-work 2000";;
		paced-drops) args="--size 64 --rate 400000 --batch 4096 --ring-size 16K";;
		esac
		for side in kernel pure cal; do
			case $side in
			kernel) t="--transport kernel-ringbuf";;
			pure) t="--transport ringbuf --profile none";;
			cal) t="--transport ringbuf --profile $prof";;
			esac
			o=$c-$side-$r
			# shellcheck disable=SC2086
			perf sched record -q -o "$th/$o.data" -- build/rbsim run $t $args \
				-d 2 -w 0 --format csv >"$out/$o.csv" 2>"$out/$o.err"
			perf sched timehist -i "$th/$o.data" -s 2>/dev/null |
				grep -E '^ *rbsim\[[0-9]+/' >"$out/$o.sum"
			perf sched timehist -i "$th/$o.data" 2>/dev/null |
				grep -E 'rbsim\[[0-9]+/' | gzip >"$th/$o.th.gz"
			rm -f "$th/$o.data"
		done
	done
done
