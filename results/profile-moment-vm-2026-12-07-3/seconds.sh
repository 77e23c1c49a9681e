#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The kernel's and the calibrated port's runs second by second: each round the
# kernel and the port with PROFILE in turn (the first side alternating), the
# workloads of CASES from bench/prediction.scenario, -w 0 -d SECS, every run's
# per-second figures (sec_hits_mps, sec_wakeups) kept in DIR/seconds.csv.
# Run from the repository's top:  seconds.sh DIR PROFILE ROUNDS [SECS]
set -e
dir=$1 prof=$2 rounds=${3:-10} secs=${4:-4}
CASES=${CASES:-"default batch"}
for r in $(seq 1 "$rounds"); do
	for w in $CASES; do
		args=$(awk -F'|' -v w="$w" '/^case /{c=$1; sub(/^case +/,"",c); gsub(/ +$/,"",c);
			if (c == w) { a=$2; gsub(/^ +| +$/,"",a); print a }}' bench/prediction.scenario)
		[ -n "$args" ] || { echo "seconds.sh: no case $w in bench/prediction.scenario" >&2; exit 2; }
		if [ $((r % 2)) = 0 ]; then order="kernel port"; else order="port kernel"; fi
		for s in $order; do
			if [ "$s" = kernel ]; then
				cmd="build/rbsim run --transport kernel-ringbuf"
			else
				cmd="build/rbsim run --transport ringbuf --profile $prof"
			fi
			rm -f "$dir/.run.csv"
			$cmd $args -w 0 -d "$secs" -q --format csv -o "$dir/.run.csv" --label "$w|$s|$r" \
				> /dev/null 2>> "$dir/err.txt"
			[ -s "$dir/seconds-header.csv" ] || head -1 "$dir/.run.csv" > "$dir/seconds-header.csv"
			tail -n +2 "$dir/.run.csv" >> "$dir/seconds.csv"
		done
	done
done
rm -f "$dir/.run.csv"
