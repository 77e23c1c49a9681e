#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The prediction grid's workloads named in CASES with the threads pinned one
# way and the other: the producer on CPU 0 and the consumer on CPU 1 (01, the
# placement calibrate measures in: its producer on the first CPU it may use),
# and the producer on CPU 1 and the consumer on CPU 0 (10); each round the
# kernel and the calibrated port (DIR/profile.json) in both placements, in an
# order that rotates from round to round; 1-s runs as the quick suite's.
# Run from the repository's top:  results/cycle-vm-2026-12-07/pin.sh DIR ROUNDS
set -e
dir=$1 rounds=${2:-6}
CASES=${CASES:-"drops-4096-batch size-256"}
[ -s "$dir/profile.json" ] || build/rbsim calibrate --passes 3 --pass-gap 20 -q \
	-o "$dir/profile.json" > "$dir/profile.txt"
runs=("kernel 01" "cal 01" "kernel 10" "cal 10")
for r in $(seq 1 "$rounds"); do
	for w in $CASES; do
		args=$(awk -F'|' -v w="$w" '/^case /{c=$1; sub(/^case +/,"",c); gsub(/ +$/,"",c);
			if (c == w) { a=$2; gsub(/^ +| +$/,"",a); print a }}' bench/prediction.scenario)
		[ -n "$args" ] || { echo "pin.sh: no case $w in bench/prediction.scenario" >&2; exit 2; }
		for k in 0 1 2 3; do
			read -r s p <<< "${runs[$(( (k + r) % 4 ))]}"
			case $s in
			kernel) cmd="build/rbsim run --transport kernel-ringbuf" ;;
			cal) cmd="build/rbsim run --transport ringbuf --profile $dir/profile.json" ;;
			esac
			rm -f "$dir/.run.csv"
			$cmd $args --prod-affinity "${p:0:1}" --cons-affinity "${p:1:1}" -w 0 -d 1 -q \
				--format csv -o "$dir/.run.csv" --label "$w|$s $p|$r" > /dev/null 2>> "$dir/err.txt"
			[ -s "$dir/pin-runs-header.csv" ] || head -1 "$dir/.run.csv" > "$dir/pin-runs-header.csv"
			tail -n +2 "$dir/.run.csv" >> "$dir/pin-runs.csv"
		done
	done
done
rm -f "$dir/.run.csv"
