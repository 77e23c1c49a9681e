#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The kernel and calibrated ports, each round in turn (the first side rotating),
# on the prediction grid's cases named in CASES (sampled and sampled-batch), 1-s
# runs as the quick suite's, into DIR/runs.csv (header DIR/runs-header.csv).
# SIDES names the sides: kernel; cal, the port with DIR/profile.json, made first
# as the benchmark makes its own where it is missing (s1, s2) or DIR/cal.json
# (s3); X, the port with DIR/X.json (variants.py writes them); X-nocap, and
# nocap with DIR/cal.json, the same on $NOCAP_BIN: build/rbsim of 8fa48d3 with
# nocap.patch applied (wait_look's charge before the re-poll not capped at the
# wait's).
# Run from the repository's top:  SIDES="kernel cal" results/gap-vm-2026-12-06/ab.sh DIR ROUNDS
set -e
dir=$1 rounds=${2:-10}
CASES=${CASES:-"sampled sampled-batch"}
read -ra sides <<< "${SIDES:-kernel cal}"
n=${#sides[@]}
if [[ " ${sides[*]} " == *" cal "* && ! -s $dir/cal.json && ! -s $dir/profile.json ]]; then
	build/rbsim calibrate --passes 3 --pass-gap 20 -q -o "$dir/profile.json" > "$dir/profile.txt"
fi
profile_of() {
	local p=${1%-nocap}
	[ "$p" = nocap ] && p=cal
	if [ "$p" = cal ] && [ ! -s "$dir/cal.json" ]; then echo "$dir/profile.json"
	else echo "$dir/$p.json"; fi
}
for r in $(seq 1 "$rounds"); do
	for w in $CASES; do
		args=$(awk -F'|' -v w="$w" '/^case /{c=$1; sub(/^case +/,"",c); gsub(/ +$/,"",c);
			if (c == w) { a=$2; gsub(/^ +| +$/,"",a); print a }}' bench/prediction.scenario)
		[ -n "$args" ] || { echo "ab.sh: no case $w in bench/prediction.scenario" >&2; exit 2; }
		for k in $(seq 0 $((n - 1))); do
			s=${sides[$(( (k + r) % n ))]}
			case $s in
			kernel) cmd=(build/rbsim run --transport kernel-ringbuf) ;;
			nocap|*-nocap) cmd=("$NOCAP_BIN" run --transport ringbuf --profile "$(profile_of "$s")") ;;
			*) cmd=(build/rbsim run --transport ringbuf --profile "$(profile_of "$s")") ;;
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
