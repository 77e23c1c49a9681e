#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The kernel and the calibrated port with its profile's batch_gap charged
# (cal) and not (c14: the same profile read as version 14, batch_gap
# dropped), each round in turn, the first side rotating; the prediction
# grid's CASES (default: every case of one producer), runs as the quick
# suite's (-w 0 -d 1). DIR/profile.json is the calibrated sides' profile;
# c14 reads DIR/profile-v14.json (v14.py makes it).
# Run from the top of a build:  ab.sh DIR ROUNDS
set -e
dir=$1 rounds=${2:-6}
CASES=${CASES:-$(awk -F'|' '/^case /{c=$1; sub(/^case +/,"",c); gsub(/ +$/,"",c);
	if (c !~ /^2p/) print c}' bench/prediction.scenario)}
read -r -a sides <<< "${SIDES:-kernel cal c14}"
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
			c14) cmd="build/rbsim run --transport ringbuf --profile $dir/profile-v14.json" ;;
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
