#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The kernel, the calibrated port as a version 12 profile makes it (--wait auto:
# the futex sleep deciding at its re-poll, wait_look's charge before it) and the
# same port sleeping as before (--wait futex: the compare, wait_enter's charge
# before it), each round in turn (the first side rotating), on the prediction
# grid's cases named in CASES, with one profile (DIR/profile.json, made first as
# the benchmark makes its own); 1-s runs as the quick suite's.
# Run from the repository's top:  results/look-vm-2026-12-06/ab.sh DIR ROUNDS
set -e
dir=$1 rounds=${2:-4}
CASES=${CASES:-"sampled bytes-64K sampled-batch default batch size-256 force-256 paced-force drops-256"}
sides=(kernel repoll futex)
[ -s "$dir/profile.json" ] || build/rbsim calibrate --passes 3 --pass-gap 20 -q \
	-o "$dir/profile.json" > "$dir/profile.txt"
for r in $(seq 1 "$rounds"); do
	for w in $CASES; do
		args=$(awk -F'|' -v w="$w" '/^case /{c=$1; sub(/^case +/,"",c); gsub(/ +$/,"",c);
			if (c == w) { a=$2; gsub(/^ +| +$/,"",a); print a }}' bench/prediction.scenario)
		[ -n "$args" ] || { echo "ab.sh: no case $w in bench/prediction.scenario" >&2; exit 2; }
		for k in 0 1 2; do
			s=${sides[$(( (k + r) % 3 ))]}
			case $s in
			kernel) cmd=(build/rbsim run --transport kernel-ringbuf) ;;
			repoll) cmd=(build/rbsim run --transport ringbuf --profile "$dir/profile.json") ;;
			futex) cmd=(build/rbsim run --transport ringbuf --profile "$dir/profile.json"
				    --wait futex) ;;
			esac
			rm -f "$dir/.run.csv"
			"${cmd[@]}" $args -w 0 -d 1 -q --format csv -o "$dir/.run.csv" \
				--label "$w|$s|$r" > /dev/null
			[ -s "$dir/runs-header.csv" ] || head -1 "$dir/.run.csv" > "$dir/runs-header.csv"
			tail -n +2 "$dir/.run.csv" >> "$dir/runs.csv"
		done
	done
done
rm -f "$dir/.run.csv"
