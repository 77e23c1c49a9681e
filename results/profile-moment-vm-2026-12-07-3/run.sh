#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The kernel and the calibrated port with each of the profiles named in
# PROFILES (files in DIR, e.g. profile-12.json), in turn each round, the
# first side rotating; the workloads of CASES from bench/prediction.scenario,
# runs of -d 1 after WARM seconds of warm-up (default 0, the quick suite's; the full suite's 1).
# Run from the repository's top:  results/profile-moment-vm-2026-12-07-3/run.sh DIR ROUNDS
set -e
dir=$1 rounds=${2:-10}
CASES=${CASES:-"bytes-64K sampled"}
read -r -a sides <<< "kernel ${PROFILES:-profile-12 profile-now}"
for r in $(seq 1 "$rounds"); do
	for w in $CASES; do
		args=$(awk -F'|' -v w="$w" '/^case /{c=$1; sub(/^case +/,"",c); gsub(/ +$/,"",c);
			if (c == w) { a=$2; gsub(/^ +| +$/,"",a); print a }}' bench/prediction.scenario)
		[ -n "$args" ] || { echo "run.sh: no case $w in bench/prediction.scenario" >&2; exit 2; }
		for k in $(seq 0 $(( ${#sides[@]} - 1 ))); do
			s=${sides[$(( (k + r) % ${#sides[@]} ))]}
			if [ "$s" = kernel ]; then
				cmd="build/rbsim run --transport kernel-ringbuf"
			else
				cmd="build/rbsim run --transport ringbuf --profile $dir/$s.json"
			fi
			rm -f "$dir/.run.csv"
			$cmd $args -w "${WARM:-0}" -d 1 -q --format csv -o "$dir/.run.csv" --label "$w|$s|$r" \
				> /dev/null 2>> "$dir/err.txt"
			[ -s "$dir/runs-header.csv" ] || head -1 "$dir/.run.csv" > "$dir/runs-header.csv"
			tail -n +2 "$dir/.run.csv" >> "$dir/runs.csv"
		done
	done
done
rm -f "$dir/.run.csv"
