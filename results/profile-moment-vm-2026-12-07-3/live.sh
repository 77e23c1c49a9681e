#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A profile of the moment against the sitting's: each round a short calibrate
# (200 samples, one pass, no idle wake-ups or host stops: about a second) into
# DIR/live/round-R.json, then for each workload of CASES the kernel, the
# calibrated port with that round's profile ("live") and with PROFILE
# ("fixed"), in turn, the first side rotating; -w 0 -d 1 runs into DIR/live.csv.
# Run from the repository's top:  live.sh DIR PROFILE ROUNDS
set -e
dir=$1 prof=$2 rounds=${3:-10}
CASES=${CASES:-"default batch"}
mkdir -p "$dir/live"
sides=(kernel live fixed)
for r in $(seq 1 "$rounds"); do
	build/rbsim calibrate --samples 200 --passes 1 --idle-ms 0 --host-stops 0 -q \
		-o "$dir/live/round-$r.json" > "$dir/live/round-$r.txt" 2>&1
	for w in $CASES; do
		args=$(awk -F'|' -v w="$w" '/^case /{c=$1; sub(/^case +/,"",c); gsub(/ +$/,"",c);
			if (c == w) { a=$2; gsub(/^ +| +$/,"",a); print a }}' bench/prediction.scenario)
		[ -n "$args" ] || { echo "live.sh: no case $w in bench/prediction.scenario" >&2; exit 2; }
		for k in 0 1 2; do
			s=${sides[$(( (k + r) % 3 ))]}
			case $s in
			kernel) cmd="build/rbsim run --transport kernel-ringbuf" ;;
			live) cmd="build/rbsim run --transport ringbuf --profile $dir/live/round-$r.json" ;;
			fixed) cmd="build/rbsim run --transport ringbuf --profile $prof" ;;
			esac
			rm -f "$dir/.run.csv"
			$cmd $args -w 0 -d 1 -q --format csv -o "$dir/.run.csv" --label "$w|$s|$r" \
				> /dev/null 2>> "$dir/err.txt"
			[ -s "$dir/runs-header.csv" ] || head -1 "$dir/.run.csv" > "$dir/runs-header.csv"
			tail -n +2 "$dir/.run.csv" >> "$dir/live.csv"
		done
	done
done
rm -f "$dir/.run.csv"
