#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Issue 14, the model against real threads (rbsim model --against-real) with and
# without a look at the placement between the real runs.
#   flips: STATES 1-s runs of 2 producers alone on one ring (the queued lock, no
#   consumer), one after another, with the time each started: how often the host
#   moves the vCPUs (the run's rate tells the placement)
#   rounds: ROUNDS rounds of bench/model-real.scenario's eight invocations, each with
#   OLD (rbsim without the look) and NEW (with it) in turn
# usage: OLD=... NEW=... [ROUNDS=3] [STATES=40] run.sh OUTDIR
# (this folder: OLD=rbsim of 85ec92b, NEW=the same with held.patch, run.sh out)
set -eu
out=${1:?usage: OLD=rbsim NEW=rbsim run.sh OUTDIR}
ROUNDS=${ROUNDS:-3}
STATES=${STATES:-40}
machine=$(dirname "$0")/../../sim/machines/this-vm.machine
mkdir -p "$out"
i=0
while [ "$i" -lt "$STATES" ]; do
	i=$((i + 1))
	t=$(date +%H:%M:%S.%N | cut -c1-11)
	mps=$("$NEW" run --transport ringbuf -p 2 --batch 50 --size 8 --ring-size 1G \
		--consumer none --reserve kernel --lock queued -a -w 0 -d 1 2>&1 |
		awk '/^Summary/ { print $3 }')
	echo "$t $mps" >> "$out/flips.txt"
done
r=0
while [ "$r" -lt "$ROUNDS" ]; do
	r=$((r + 1))
	for reserve in kernel cas shard:2 percpu; do
		for extra in "1,2" "2 --no-consumer"; do
			for side in old new; do
				bin=$OLD
				[ "$side" = new ] && bin=$NEW
				f="$out/$side-$r-$(echo "$reserve-$extra" | tr -c 'a-z0-9\n' '-').csv"
				# shellcheck disable=SC2086
				"$bin" model --machine "$machine" --against-real --reserve "$reserve" \
					--producers $extra --oversubscribe --real-runs 2 \
					--real-duration 1 --format csv > "$f" 2> "$f.err"
			done
		done
	done
done
