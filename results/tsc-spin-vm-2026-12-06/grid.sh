#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The prediction grid's cases (bench/prediction.scenario), each round the kernel and
# the calibrated port built twice, short charges in counted loops (OLD, a build of
# fe9abb6) and held to the TSC (NEW), in turn, the first of each round rotating; one
# profile, made by NEW before the first round (rbsim calibrate, its defaults); the
# charges' loop timed on both CPUs before each round (loop-speed.c).
# Run from the repository's top:
#   OLD=/path/old/rbsim NEW=/path/new/rbsim results/tsc-spin-vm-2026-12-06/grid.sh DIR ROUNDS
# The A/B of four workloads (ab-runs.csv) is this script with CASES set to
#   "b2b|--size 8 --b2b" "b2b-batch|--size 8 --b2b --consumer batch"
#   "b2b-4096|--size 4096 --b2b" "sampled|--size 8 --wakeup sampled:500"
# and an earlier profile (ab-profile.json, given as DIR/profile.json).
set -e
dir=$1 rounds=${2:-3}
gcc -O2 -o /tmp/loop-speed results/tsc-spin-vm-2026-12-06/loop-speed.c
out=$dir/runs.csv; : > "$out"; : > "$dir/loops.txt"
[ -s "$dir/profile.json" ] || "$NEW" calibrate -o "$dir/profile.json" -q
if [ -n "$CASES" ]; then eval "cases=($CASES)"; else
	mapfile -t cases < <(awk -F'|' '/^case /{sub(/^case +/,"",$1); gsub(/ +$/,"",$1);
		gsub(/^ +| +$/,"",$2); print $1 "|" $2}' bench/prediction.scenario)
fi
sides=(kernel old new)
for r in $(seq 1 "$rounds"); do
	echo "round $r $(date -u +%T) $(/tmp/loop-speed 1 | tr '\n' ' ')" >> "$dir/loops.txt"
	for c in "${cases[@]}"; do
		w=${c%%|*} args=${c#*|}
		for k in 0 1 2; do
			s=${sides[$(( (k + r) % 3 ))]}
			case $s in
			kernel) cmd="build/rbsim run --transport kernel-ringbuf" ;;
			old) cmd="$OLD run --transport ringbuf --profile $dir/profile.json" ;;
			new) cmd="$NEW run --transport ringbuf --profile $dir/profile.json" ;;
			esac
			rm -f "$dir/.run.csv"
			$cmd $args -w 0 -d 1 -q --format csv -o "$dir/.run.csv" --label "$w|$s|$r" \
				> /dev/null 2>> "$dir/err.txt"
			[ -s "$out.h" ] || head -1 "$dir/.run.csv" > "$out.h"
			tail -n +2 "$dir/.run.csv" >> "$out"
		done
	done
done
rm -f "$dir/.run.csv"
