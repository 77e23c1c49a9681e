#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Untraced, each round: for each workload, the kernel, the calibrated port
# (DIR/profile.json) and the calibrated port whose woken wait charges nothing
# (DIR/profile-nowake.json), the first side rotating from round to round; 2-s runs.
# Run from the repository's top:  results/cycle-vm-2026-12-06/ab.sh DIR ROUNDS
set -e
dir=$1 rounds=${2:-8}
cases=("default|--size 8" "batch|--size 8 --consumer batch" "size-256|--size 256")
sides=(kernel cal nowake)
for r in $(seq 1 "$rounds"); do
	for c in "${cases[@]}"; do
		w=${c%%|*} args=${c#*|}
		for k in 0 1 2; do
			s=${sides[$(( (k + r) % 3 ))]}
			case $s in
			kernel) cmd="build/rbsim run --transport kernel-ringbuf" ;;
			cal) cmd="build/rbsim run --transport ringbuf --profile $dir/profile.json" ;;
			nowake) cmd="build/rbsim run --transport ringbuf --profile $dir/profile-nowake.json" ;;
			esac
			rm -f "$dir/.run.csv"
			$cmd $args -w 0 -d 2 -q --format csv -o "$dir/.run.csv" --label "$w|$s|$r" \
				> /dev/null 2>> "$dir/err.txt"
			[ -s "$dir/ab-runs-header.csv" ] || head -1 "$dir/.run.csv" > "$dir/ab-runs-header.csv"
			tail -n +2 "$dir/.run.csv" >> "$dir/ab-runs.csv"
		done
	done
done
rm -f "$dir/.run.csv"
