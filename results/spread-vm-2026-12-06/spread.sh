#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Run to run: the prediction grid's workloads named in CASES (default: those
# whose misses in results/vm-2026-12-06-4 had no measured cause), each round
# the kernel and the calibrated port (DIR/profile.json, made first as the
# benchmark makes its own: rbsim calibrate --passes 3 --pass-gap 20) in turn,
# the first side alternating; runs as the quick suite's (-w 0 -d 1). With
# SIDES="kernel cal nowake", also the calibrated port whose woken wait charges
# nothing (DIR/profile-nowake.json, by ../cycle-vm-2026-12-06/nowake.py), the
# three in turn.
# Run from the repository's top:  results/spread-vm-2026-12-06/spread.sh DIR ROUNDS
set -e
dir=$1 rounds=${2:-8}
CASES=${CASES:-"size-4096 bytes-64K drops-4096-batch"}
read -r -a sides <<< "${SIDES:-kernel cal}"
[ -s "$dir/profile.json" ] || build/rbsim calibrate --passes 3 --pass-gap 20 -q \
	-o "$dir/profile.json" > "$dir/profile.txt"
[ "${#sides[@]}" = 2 ] || [ -s "$dir/profile-nowake.json" ] ||
	/usr/bin/python3 "$(dirname "$0")/../cycle-vm-2026-12-06/nowake.py" "$dir/profile.json" \
		"$dir/profile-nowake.json" > "$dir/nowake.txt"
for r in $(seq 1 "$rounds"); do
	for w in $CASES; do
		args=$(awk -F'|' -v w="$w" '/^case /{c=$1; sub(/^case +/,"",c); gsub(/ +$/,"",c);
			if (c == w) { a=$2; gsub(/^ +| +$/,"",a); print a }}' bench/prediction.scenario)
		[ -n "$args" ] || { echo "spread.sh: no case $w in bench/prediction.scenario" >&2; exit 2; }
		for k in $(seq 0 $(( ${#sides[@]} - 1 ))); do
			s=${sides[$(( (k + r) % ${#sides[@]} ))]}
			case $s in
			kernel) cmd="build/rbsim run --transport kernel-ringbuf" ;;
			cal) cmd="build/rbsim run --transport ringbuf --profile $dir/profile.json" ;;
			nowake) cmd="build/rbsim run --transport ringbuf --profile $dir/profile-nowake.json" ;;
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
