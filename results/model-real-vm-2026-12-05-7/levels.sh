#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# levels.sh PHASE HOPROBE RBSIM ROUNDS: the same two producers on one ring timed three ways,
# in turn: phase.c's bare loop (barrier and continuous), rbsim's real run (RBSIM: 1 s, as
# --against-real runs it without a consumer) and the new hand-off probe (hoprobe.c of the
# new build), with the vCPUs' CAS transfer first. ns a record; one line a round.
phase=$1 ho=$2 rbsim=$3 rounds=${4:-5}
echo "time c2c phase_barrier phase_continuous real_run probe_c2c probe_handoff"
for r in $(seq 1 "$rounds"); do
	c=$(./c2c | tail -1)
	b=$("$phase" barrier | cut -d' ' -f2)
	k=$("$phase" continuous | cut -d' ' -f2)
	real=$("$rbsim" run --transport ringbuf -p 2 --batch 50 --size 8 --ring-size 2G \
		--consumer none --reserve kernel --lock queued -a -w 0 -d 1 --format json \
		2>/dev/null | python3 -c "import json,sys
print('%.1f' % (1000 / json.load(sys.stdin)['hits_mean_mps']))")
	echo "$(date +%T) $c $b $k $real $("$ho")"
done
