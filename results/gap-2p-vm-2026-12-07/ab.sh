#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The prediction grid's oversubscribed two-producer workloads (2 producers
# and the consumer on 2 vCPUs), the kernel and the calibrated port of two
# builds with one profile (DIR/profile.json, vm-2026-12-07-10's): e2f02a3
# (new: batch_gap not charged where the threads outnumber the CPUs) and
# 1061b92 (old: charged there too; its build at OLD), each round in turn,
# the first side rotating; runs as the quick suite's (-w 0 -d 1).
# Run from the top of e2f02a3's build:  OLD=/path/to/1061b92/build/rbsim ab.sh DIR ROUNDS
set -e
dir=$1 rounds=${2:-6}
CASES=${CASES:-"2p 2p-256-batch 2p-sampled"}
sides=(kernel new old)
for r in $(seq 1 "$rounds"); do
	for w in $CASES; do
		args=$(awk -F'|' -v w="$w" '/^case /{c=$1; sub(/^case +/,"",c); gsub(/ +$/,"",c);
			if (c == w) { a=$2; gsub(/^ +| +$/,"",a); print a }}' bench/prediction.scenario)
		[ -n "$args" ] || { echo "ab.sh: no case $w" >&2; exit 2; }
		for k in 0 1 2; do
			s=${sides[$(( (k + r) % 3 ))]}
			case $s in
			kernel) cmd="build/rbsim run --transport kernel-ringbuf" ;;
			new) cmd="build/rbsim run --transport ringbuf --profile $dir/profile.json" ;;
			old) cmd="$OLD run --transport ringbuf --profile $dir/profile.json" ;;
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
