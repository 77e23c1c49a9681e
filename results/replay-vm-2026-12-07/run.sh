#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# vm-2026-12-07-11's misses replayed: the kernel and the calibrated port
# with -11's profile (c11), with -10's (c10), and with -11's whose batch_gap
# is -10's (c11g10: mix.py of gappos-vm-2026-12-07), in turn, the first
# side rotating; runs as the quick suite's (-w 0 -d 1), by build/rbsim.
#   run.sh DIR ROUNDS
set -e
dir=$1 rounds=${2:-6}
CASES=${CASES:-"default batch size-4096 sampled sampled-batch bytes-64K"}
sides=(kernel c11 c10 c11g10)
for r in $(seq 1 "$rounds"); do
	for w in $CASES; do
		args=$(awk -F'|' -v w="$w" '/^case /{c=$1; sub(/^case +/,"",c); gsub(/ +$/,"",c);
			if (c == w) { a=$2; gsub(/^ +| +$/,"",a); print a }}' bench/prediction.scenario)
		for k in 0 1 2 3; do
			s=${sides[$(( (k + r) % 4 ))]}
			case $s in
			kernel) cmd="build/rbsim run --transport kernel-ringbuf" ;;
			c11) cmd="build/rbsim run --transport ringbuf --profile $dir/p11.json" ;;
			c10) cmd="build/rbsim run --transport ringbuf --profile $dir/p10.json" ;;
			c11g10) cmd="build/rbsim run --transport ringbuf --profile $dir/p11g10.json" ;;
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
