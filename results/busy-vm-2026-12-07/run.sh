#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Issue 14: does the time a record stays BUSY after its publication move how often
# a cas producer's commits find the consumer caught up? model-real's one-producer
# workload, ROUNDS rounds of: the kernel reservation (queued lock), cas, and cas with
# a delay of DELAY empty loop turns after its publication of producer_pos (inside the
# record's BUSY time) or before its reservation (outside it; the same cost a record),
# the order rotating; with SIDES="kernel elsewhere cas", the kernel reservation with
# its pending_pos kept on a cache line of its own instead of producer_pos's
# (DIAG_PEND_ELSEWHERE) in the place of the delays; ttas: the kernel reservation
# with the port's test-and-set lock; era69: 6.9's reservation (no pending_pos) with
# the queued lock; kbusy and cbusy: the kernel reservation and cas with a consumer
# that polls without sleeping and commits that never notify. RBSIM: a build with
# diag.patch.
# usage: RBSIM=... [ROUNDS=10] [DELAY=20] [SIDES="kernel cas pre busy"] run.sh OUT.csv
set -eu
out=${1:?usage: RBSIM=rbsim run.sh OUT.csv}
ROUNDS=${ROUNDS:-10}
DELAY=${DELAY:-20}
base="run --transport ringbuf -p 1 --batch 50 --size 8 --ring-size 512K --consumer libbpf -a -w 1 -d 1 --format csv"
r=0
first=1
while [ "$r" -lt "$ROUNDS" ]; do
	r=$((r + 1))
	# shellcheck disable=SC2086
	set -- ${SIDES:-kernel cas pre busy}
	# rotate the order by the round
	i=0
	while [ "$i" -lt $(( (r - 1) % $# )) ]; do
		x=$1; shift; set -- "$@" "$x"; i=$((i + 1))
	done
	for side in "$@"; do
		case $side in
		kernel) env="" ; how="--reserve kernel --lock queued" ;;
		cas) env="" ; how="--reserve cas" ;;
		pre) env="DIAG_CAS_PRE=$DELAY" ; how="--reserve cas" ;;
		busy) env="DIAG_CAS_DELAY=$DELAY" ; how="--reserve cas" ;;
		elsewhere) env="DIAG_PEND_ELSEWHERE=1" ; how="--reserve kernel --lock queued" ;;
		ttas) env="" ; how="--reserve kernel --lock ttas" ;;
		era69) env="" ; how="--reserve kernel --lock queued --kernel 6.9" ;;
		kbusy) env="" ; how="--reserve kernel --lock queued --poll busy --wakeup none" ;;
		cbusy) env="" ; how="--reserve cas --poll busy --wakeup none" ;;
		esac
		# shellcheck disable=SC2086
		line=$(env $env "$RBSIM" $base $how 2>/dev/null)
		if [ "$first" = 1 ]; then
			echo "round,side,$(echo "$line" | head -1)" > "$out"
			first=0
		fi
		echo "$r,$side,$(echo "$line" | tail -1)" >> "$out"
	done
done
