#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Virtual time against the kernel: each round, for each workload (cases of
# bench/prediction.scenario), the kernel in real time, then virtual time with
# DIR/profile.json as it is (its wake: the kernel's wakeup_busy) and with its
# wake set to each of WAKES ns (--vcosts wake=NS); 1-s runs, -w 0.
# Run from the repository's top:
#   results/virtual-wake-vm-2026-12-06/virtual.sh DIR ROUNDS
set -e
dir=$1 rounds=${2:-3}
CASES=${CASES:-"default batch size-256 sampled force-256 paced-force"}
WAKES=${WAKES:-"30000 20000"}
for r in $(seq 1 "$rounds"); do
	for w in $CASES; do
		args=$(awk -F'|' -v w="$w" '/^case /{c=$1; sub(/^case +/,"",c); gsub(/ +$/,"",c);
			if (c == w) { a=$2; gsub(/^ +| +$/,"",a); print a }}' bench/prediction.scenario)
		for s in kernel virtual $WAKES; do
			case $s in
			kernel) cmd="build/rbsim run --transport kernel-ringbuf" ;;
			virtual) cmd="build/rbsim run --transport ringbuf --virtual --profile $dir/profile.json" ;;
			*) cmd="build/rbsim run --transport ringbuf --virtual --profile $dir/profile.json --vcosts wake=$s" ;;
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
