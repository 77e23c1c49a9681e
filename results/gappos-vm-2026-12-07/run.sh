#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Which gap of a stream calibrate's batch_gap should take: two profiles made
# back to back by a diagnostic build of 1061b92 whose DIAG_GAPPOS=N takes
# the gap before the stream's (N+1)th batch after the consumer's sleep (1:
# 1061b92's, the gap right after the batch that woke it; 2: the next one,
# the consumer draining all the while), p1.json and p2.json; p1x.json is
# p2.json with p1.json's batch_gap (mix.py), so that the two calibrated
# sides differ in batch_gap alone. Then ROUNDS rounds of CASES, the kernel,
# g2 (p2.json) and g1 (p1x.json) in turn, the first side rotating, runs as
# the quick suite's (-w 0 -d 1), by RBSIM (a build of e2f02a3).
#   CAL=/path/to/diag/rbsim RBSIM=build/rbsim run.sh DIR ROUNDS
set -e
dir=$1 rounds=${2:-8}
CASES=${CASES:-"sampled sampled-batch bytes-64K default batch size-256 size-4096 drops-256"}
DIAG_GAPPOS=2 "$CAL" calibrate --passes 3 --pass-gap 20 -o "$dir/p2.json" > "$dir/p2.txt" 2>&1
DIAG_GAPPOS=1 "$CAL" calibrate --passes 3 --pass-gap 20 -o "$dir/p1.json" > "$dir/p1.txt" 2>&1
python3 "$dir/mix.py" "$dir/p2.json" "$dir/p1.json" "$dir/p1x.json"
sides=(kernel g2 g1)
for r in $(seq 1 "$rounds"); do
	for w in $CASES; do
		args=$(awk -F'|' -v w="$w" '/^case /{c=$1; sub(/^case +/,"",c); gsub(/ +$/,"",c);
			if (c == w) { a=$2; gsub(/^ +| +$/,"",a); print a }}' bench/prediction.scenario)
		for k in 0 1 2; do
			s=${sides[$(( (k + r) % 3 ))]}
			case $s in
			kernel) cmd="$RBSIM run --transport kernel-ringbuf" ;;
			g2) cmd="$RBSIM run --transport ringbuf --profile $dir/p2.json" ;;
			g1) cmd="$RBSIM run --transport ringbuf --profile $dir/p1x.json" ;;
			esac
			rm -f "$dir/.run.csv"
			$cmd $args -w 0 -d 1 -q --format csv -o "$dir/.run.csv" --label "$w|$s|$r" \
				> /dev/null 2>> "$dir/err.txt"
			[ -s "$dir/runs-header.csv" ] || head -1 "$dir/.run.csv" > "$dir/runs-header.csv"
			tail -n +2 "$dir/.run.csv" >> "$dir/runs.csv"
		done
	done
done
rm -f "$dir/.run.csv"
