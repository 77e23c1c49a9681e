#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The kernel and the calibrated port with and without its unpreempted batch
# sections (--profile-preempt off), each round in turn, the first side
# rotating; the prediction grid's CASES, runs as the quick suite's (-w 0 -d 1).
# SIDES adds diag.patch's modes: dN runs DIAG_SEC=N, d7l DIAG_SEC=7 with each
# wait's look drawn (DIAG_LOOK_FILE=DIR/look-dev.txt, ab7/). DIR/profile.json
# is the calibrated sides' profile (copy one there first).
# Run from the diagnostic build's top:  ab.sh DIR ROUNDS
set -e
dir=$1 rounds=${2:-8}
CASES=${CASES:-"drops-256 size-256"}
read -r -a sides <<< "${SIDES:-kernel cal off}"
for r in $(seq 1 "$rounds"); do
	for w in $CASES; do
		args=$(awk -F'|' -v w="$w" '/^case /{c=$1; sub(/^case +/,"",c); gsub(/ +$/,"",c);
			if (c == w) { a=$2; gsub(/^ +| +$/,"",a); print a }}' bench/prediction.scenario)
		[ -n "$args" ] || { echo "ab.sh: no case $w" >&2; exit 2; }
		for k in $(seq 0 $(( ${#sides[@]} - 1 ))); do
			s=${sides[$(( (k + r) % ${#sides[@]} ))]}
			case $s in
			kernel) cmd="build/rbsim run --transport kernel-ringbuf" ;;
			cal) cmd="build/rbsim run --transport ringbuf --profile $dir/profile.json" ;;
			d7l) cmd="env DIAG_SEC=7 DIAG_LOOK_FILE=$dir/look-dev.txt build/rbsim run --transport ringbuf --profile $dir/profile.json" ;;
			d[0-9]) cmd="env DIAG_SEC=${s#d} build/rbsim run --transport ringbuf --profile $dir/profile.json" ;;
			off) cmd="build/rbsim run --transport ringbuf --profile $dir/profile.json --profile-preempt off" ;;
			*) cmd="build/rbsim run --transport ringbuf --profile $dir/profile.json ${!s}" ;;
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
