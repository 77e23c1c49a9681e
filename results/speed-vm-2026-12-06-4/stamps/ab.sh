#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Rounds of `rbsim run --b2b --size 8 --consumer batch --records 20000000`
# under several option sets, in an order that rotates each round.
# usage: ab.sh OUT.csv ROUNDS NAME=RBSIM:OPTIONS ...
# as run for runs.csv (the after build of ../README.md, 11 rounds):
#   ab.sh runs.csv 11 port=build/rbsim:"--no-verify --no-latency" new=build/rbsim: \
#     le4096=build/rbsim:"--latency-every 4096" le32=build/rbsim:"--latency-every 32" \
#     newnolat=build/rbsim:--no-latency
# summary.txt: python3 summary.py runs.csv port
out=$1; rounds=$2; shift 2
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
echo "round,what,mps" >"$out"
kinds=("$@")
for r in $(seq 1 "$rounds"); do
	n=${#kinds[@]}
	for j in $(seq 0 $((n - 1))); do
		k=${kinds[$(((j + r) % n))]}
		name=${k%%=*}; rest=${k#*=}; bin=${rest%%:*}; opts=${rest#*:}
		rm -f "$tmp"
		# shellcheck disable=SC2086
		$bin run --b2b --size 8 --consumer batch $opts --records 20000000 -q \
			--format csv -o "$tmp" >/dev/null 2>&1 || echo "$name: failed" >&2
		v=$(awk -F, 'NR==1{for(i=1;i<=NF;i++)c[$i]=i;next}{print $c["hits_mean_mps"]}' "$tmp")
		echo "$r,$name,$v" >>"$out"
	done
done
