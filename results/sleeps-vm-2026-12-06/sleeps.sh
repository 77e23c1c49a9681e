#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The consumer's sleeps in sampled, bytes-64K and force-256 (bench/prediction.scenario's
# cases), each round the kernel and five calibrated ports in turn (the first side
# rotating), with one profile (DIR/profile.json, made first as the benchmark makes its
# own). The ports are the diag build of diag.patch (main 8f01b4b with it applied, built
# in a worktree whose top is BUILD): "cal" as main; "epoll" with --wait epoll (it sleeps
# in epoll_wait() on the map's eventfd: no compare); "nocmp" the futex sleep without the
# compare on producer_pos (RBSIM_DIAG_NOCMP), its last look at the ring the re-poll in
# user space; "nocmp600" and "nocmp800" the same with 600 and 800 ns of the wait's
# charge paid before that re-poll instead of wait_enter's (RBSIM_DIAG_WB). Every run
# writes its rounds (RBSIM_DIAG_ROUNDS), summarised by rounds.py into rounds.csv.
# Run from the repository's top:  results/sleeps-vm-2026-12-06/sleeps.sh DIR BUILD ROUNDS
set -e
dir=$1 build=$2 rounds=${3:-6}
here=$(dirname "$0")
CASES=${CASES:-"sampled bytes-64K force-256"}
read -r -a sides <<< "${SIDES:-kernel cal epoll nocmp nocmp600 nocmp800}"
[ -s "$dir/profile.json" ] || "$build/build/rbsim" calibrate --passes 3 --pass-gap 20 -q \
	-o "$dir/profile.json" > "$dir/profile.txt"
[ -s "$dir/rounds-header.csv" ] ||
	echo "label,rounds,records,round_ns,long_rounds,long_records,long_ns,short_rec_per_round,short_round_ns,p50_ns_n1,p50_ns_n5,p50_ns_n10" \
		> "$dir/rounds-header.csv"
for r in $(seq 1 "$rounds"); do
	for w in $CASES; do
		args=$(awk -F'|' -v w="$w" '/^case /{c=$1; sub(/^case +/,"",c); gsub(/ +$/,"",c);
			if (c == w) { a=$2; gsub(/^ +| +$/,"",a); print a }}' bench/prediction.scenario)
		[ -n "$args" ] || { echo "sleeps.sh: no case $w in bench/prediction.scenario" >&2; exit 2; }
		for k in $(seq 0 $(( ${#sides[@]} - 1 ))); do
			s=${sides[$(( (k + r) % ${#sides[@]} ))]}
			env=() extra=()
			case $s in
			kernel) t=kernel-ringbuf ;;
			cal) t=ringbuf ;;
			epoll) t=ringbuf extra=(--wait epoll) ;;
			nocmp) t=ringbuf env=(RBSIM_DIAG_NOCMP=1) ;;
			nocmp600) t=ringbuf env=(RBSIM_DIAG_NOCMP=1 RBSIM_DIAG_WB=600) ;;
			nocmp800) t=ringbuf env=(RBSIM_DIAG_NOCMP=1 RBSIM_DIAG_WB=800) ;;
			esac
			[ $t = ringbuf ] && extra+=(--profile "$dir/profile.json")
			rm -f "$dir/.run.csv" "$dir/.rounds.txt"
			env "${env[@]}" RBSIM_DIAG_ROUNDS="$dir/.rounds.txt" "$build/build/rbsim" run \
				--transport $t "${extra[@]}" $args -w 0 -d 1 -q --format csv \
				-o "$dir/.run.csv" --label "$w|$s|$r" > /dev/null 2>> "$dir/err.txt"
			[ -s "$dir/runs-header.csv" ] || head -1 "$dir/.run.csv" > "$dir/runs-header.csv"
			tail -n +2 "$dir/.run.csv" >> "$dir/runs.csv"
			/usr/bin/python3 "$here/rounds.py" "$w|$s|$r" "$dir/.rounds.txt" >> "$dir/rounds.csv"
		done
	done
done
rm -f "$dir/.run.csv" "$dir/.rounds.txt"
