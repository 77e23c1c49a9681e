#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# cas-window-vm-2026-12-08: model-real's one-producer workload with its consumer, four
# arms in turn (the order rotating each round). usage: ab.sh RBSIM SET ROUNDS > out/ab-SET.txt
# RBSIM: rbsim built with cas-window.patch (an experiment, not in ringbuf/):
#   RBSIM_EXP_CAS_AFTER=1   cas with an unlock's stores after its publication of
#                           producer_pos (a store-release on a line of its own, a count)
#   RBSIM_EXP_CAS_AFTER=N   cas spinning N empty loop turns after its publication
#   RBSIM_EXP_CAS_BEFORE=N  cas spinning N empty loop turns before its reservation
#   (30 turns: 9.0-9.3 ns on this guest, timed apart)
# SET 1: kernel (queued lock), cas, cas AFTER=1, cas AFTER=30
# SET 2: kernel (queued lock), cas, cas BEFORE=30, cas AFTER=30
# A line a run: round, arm's variable, reservation, hits (M records/s, the measured
# second), notifications and consumer wake-ups a consumed record (the whole run).
R=$1 SET=$2 N=${3:-12}
run() {
  env $1 "$R" run --transport ringbuf -p 1 --batch 50 --size 8 --ring-size 512K --consumer libbpf \
    --reserve $2 $3 -a -w 1 -d 1 --format json 2>/dev/null | tail -1 | python3 -c '
import json, sys
d = json.load(sys.stdin)
c = d["consumed"] or 1
print("%.3f %.4f %.4f" % (d["hits_mean_mps"], d["notifications"] / c, d["wakeups"] / c))'
}
if [ "$SET" = 1 ]; then
  arms=("X=0 kernel --lock=queued" "X=0 cas" "RBSIM_EXP_CAS_AFTER=1 cas" "RBSIM_EXP_CAS_AFTER=30 cas")
else
  arms=("X=0 kernel --lock=queued" "X=0 cas" "RBSIM_EXP_CAS_BEFORE=30 cas" "RBSIM_EXP_CAS_AFTER=30 cas")
fi
for i in $(seq 1 "$N"); do
  for k in 0 1 2 3; do
    set -- ${arms[$(( (i + k) % 4 ))]}
    echo "$i $1 $2 $(run "$1" "$2" "$3")"
  done
done
