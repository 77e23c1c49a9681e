#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The polling consumer's workloads with a profile of the round, whole or with
# the polling costs of the sitting's: each round a one-second calibrate into
# DIR/rounds/round-R.json (as the suite's probe profile makes it), and from it
# DIR/rounds/mixed-R.json, the round's profile with PROFILE's batch_gap,
# wait_look and triggers (mix.py); then for each workload of CASES the
# kernel, the calibrated port with PROFILE ("fixed"), with the round's
# ("round") and with the mixed one ("mixed"), in turn, the first rotating;
# -w 1 -d 1 runs (the full suite's) into DIR/runs.csv.
# Run from the repository's top:  run.sh DIR PROFILE ROUNDS
set -e
dir=$1 prof=$2 rounds=${3:-10}
here=$(dirname "$0")
CASES=${CASES:-"sampled sampled-batch bytes-64K"}
mkdir -p "$dir/rounds"
sides=(kernel fixed round mixed)
for r in $(seq 1 "$rounds"); do
	build/rbsim calibrate --samples 200 --passes 1 --idle-ms 0 --host-stops 0 -q \
		-o "$dir/rounds/round-$r.json" > "$dir/rounds/round-$r.txt" 2>&1
	python3 "$here/mix.py" "$dir/rounds/round-$r.json" "$prof" > "$dir/rounds/mixed-$r.json"
	for w in $CASES; do
		args=$(awk -F'|' -v w="$w" '/^case /{c=$1; sub(/^case +/,"",c); gsub(/ +$/,"",c);
			if (c == w) { a=$2; gsub(/^ +| +$/,"",a); print a }}' bench/prediction.scenario)
		[ -n "$args" ] || { echo "run.sh: no case $w in bench/prediction.scenario" >&2; exit 2; }
		for k in 0 1 2 3; do
			s=${sides[$(( (k + r) % 4 ))]}
			case $s in
			kernel) cmd="build/rbsim run --transport kernel-ringbuf" ;;
			fixed) cmd="build/rbsim run --transport ringbuf --profile $prof" ;;
			round) cmd="build/rbsim run --transport ringbuf --profile $dir/rounds/round-$r.json" ;;
			mixed) cmd="build/rbsim run --transport ringbuf --profile $dir/rounds/mixed-$r.json" ;;
			esac
			rm -f "$dir/.run.csv"
			$cmd $args -w 1 -d 1 -q --format csv -o "$dir/.run.csv" --label "$w|$s|$r" \
				> /dev/null 2>> "$dir/err.txt"
			[ -s "$dir/runs-header.csv" ] || head -1 "$dir/.run.csv" > "$dir/runs-header.csv"
			tail -n +2 "$dir/.run.csv" >> "$dir/runs.csv"
		done
	done
done
rm -f "$dir/.run.csv"
