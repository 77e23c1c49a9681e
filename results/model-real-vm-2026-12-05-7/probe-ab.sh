#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# probe-ab.sh OLD NEW ROUNDS: the hand-off as each build's `rbsim model --probe` measures it
# beside the real run it stands for, alternating, ROUNDS rounds. OLD: an rbsim of decb973
# (handoff_ns: a hand-written imitation of the hand-off's lines), NEW: one of the commit
# that replaced it (the port's two producers on one ring). Each round: the vCPUs' CAS
# transfer (c2c, median of the probe), OLD's and NEW's handoff_ns, and two producers on one
# 2 GiB ring with the queued lock and no consumer as --against-real runs them (1 s; ns a
# record = 1000 / M records/s). Prints one line a round.
old=$1 new=$2 rounds=${3:-5}
fig() { "$1" model --probe --format json | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['median_ns'], d['handoff_ns'])"; }
echo "round c2c_old handoff_old c2c_new handoff_new real_ns"
for r in $(seq 1 "$rounds"); do
	o=$(fig "$old")
	n=$(fig "$new")
	real=$("$new" run --transport ringbuf -p 2 --batch 50 --size 8 --ring-size 2G \
		--consumer none --reserve kernel --lock queued -a -w 0 -d 1 --format json |
		python3 -c "import json,sys; print('%.1f' % (1000 / json.load(sys.stdin)['hits_mean_mps']))")
	echo "$r $o $n $real"
done
