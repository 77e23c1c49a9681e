#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# catch.sh UNTIL OLD NEW RBSIM: until UNTIL (HH:MM), look at the vCPUs' CAS transfer (c2c,
# c2c.c of ../model-real-vm-2026-12-05-4) every 2 s; when it reads under 90 ns (near: the
# host moves them, and near has lasted seconds at a time here), take at once, in turn:
# OLD's and NEW's hand-off (hoprobe.c built against decb973 and against the commit after),
# the real run they stand for (RBSIM: two producers on one 2 GiB ring, the queued lock,
# no consumer, 1 s), OLD's and NEW's again. One line each time, with c2c before and after.
# Every 30th look far, the same for comparison.
until=$1 old=$2 new=$3 rbsim=$4
echo "time c2c_before old_c2c old_handoff new_c2c new_handoff real_ns old_c2c2 old_handoff2 new_c2c2 new_handoff2 c2c_after"
i=0
while [ "$(date +%H:%M)" \< "$until" ]; do
	c=$(./c2c | tail -1)
	i=$((i + 1))
	if awk -v c="$c" 'BEGIN { exit !(c < 90) }' || [ $((i % 30)) = 0 ]; then
		a=$("$old") b=$("$new")
		real=$("$rbsim" run --transport ringbuf -p 2 --batch 50 --size 8 --ring-size 2G \
			--consumer none --reserve kernel --lock queued -a -w 0 -d 1 --format json \
			2>/dev/null | python3 -c "import json,sys
print('%.1f' % (1000 / json.load(sys.stdin)['hits_mean_mps']))")
		a2=$("$old") b2=$("$new")
		echo "$(date +%T) $c $a $b $real $a2 $b2 $(./c2c | tail -1)"
	else
		sleep 2
	fi
done
