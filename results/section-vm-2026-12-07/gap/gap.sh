#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The gap between a producer's batches in a run, kernel against the calibrated
# port (the rule of f8c3477), with diag.patch's DIAG_GAP stamps (the kernel's
# program stamps bpf_ktime_get_ns() before its first record and after its
# last; the port clock_gettime() after its trigger's charge and after its
# batch), and the port with its trigger charged 300 and 600 ns more
# (t300.json, t600.json: the kernel's trigger_syscall samples moved so).
# Each run's gaps' percentiles on stderr, into DIR/gaps.txt with its label.
# Run from the diagnostic build's top:  gap.sh DIR ROUNDS
set -e
dir=$1 rounds=${2:-6}
CASES=${CASES:-"sampled sampled-batch bytes-64K default size-256"}
read -r -a sides <<< "${SIDES:-kernel cal}"
for r in $(seq 1 "$rounds"); do
	for w in $CASES; do
		args=$(awk -F'|' -v w="$w" '/^case /{c=$1; sub(/^case +/,"",c); gsub(/ +$/,"",c);
			if (c == w) { a=$2; gsub(/^ +| +$/,"",a); print a }}' bench/prediction.scenario)
		for k in $(seq 0 $(( ${#sides[@]} - 1 ))); do
			s=${sides[$(( (k + r) % ${#sides[@]} ))]}
			case $s in
			kernel) cmd="build/rbsim run --transport kernel-ringbuf" ;;
			cal) cmd="build/rbsim run --transport ringbuf --profile $dir/profile.json" ;;
			t300|t600) cmd="build/rbsim run --transport ringbuf --profile $dir/$s.json" ;;
			esac
			rm -f "$dir/.run.csv"
			DIAG_GAP=1 DIAG_SEC=7 $cmd $args -w 0 -d 1 -q --format csv -o "$dir/.run.csv" \
				--label "$w|$s|$r" > /dev/null 2> "$dir/.err"
			echo "$w|$s|$r $(grep DIAG "$dir/.err")" >> "$dir/gaps.txt"
			[ -s "$dir/runs-header.csv" ] || head -1 "$dir/.run.csv" > "$dir/runs-header.csv"
			tail -n +2 "$dir/.run.csv" >> "$dir/runs.csv"
		done
	done
done
rm -f "$dir/.run.csv" "$dir/.err"
