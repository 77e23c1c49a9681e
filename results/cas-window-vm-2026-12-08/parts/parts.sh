#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# cas-window-vm-2026-12-08/parts: kernel (queued lock) and cas in turn, on rbsim built
# with parts.patch (an experiment, not in ringbuf/). usage: parts.sh RBSIM ROUNDS > runs.txt
# A line a run: round, reservation, hits (M/s), notifications a consumed record, and
# the means over the timed records (1 in 64) of: reserve entry to the publication of
# producer_pos, publication to the end of bpf_ringbuf_submit(), that end to the next
# reserve entry (ns; each carries about one rdtsc, 9.7 ns here: rdtsc.c)
R=$1 N=${2:-10}
for i in $(seq 1 "$N"); do
  for k in 0 1; do
    if [ $(( (i + k) % 2 )) = 0 ]; then a="kernel --lock=queued"; else a="cas"; fi
    out=$(RBSIM_EXP_PARTS=1 "$R" run --transport ringbuf -p 1 --batch 50 --size 8 --ring-size 512K \
      --consumer libbpf --reserve $a -a -w 1 -d 1 --format json 2>&1)
    hits=$(echo "$out" | grep '^{' | tail -1 | python3 -c 'import json,sys; d=json.load(sys.stdin); c=d["consumed"] or 1; print("%.3f %.4f" % (d["hits_mean_mps"], d["notifications"]/c))')
    m=$(echo "$out" | grep '^EXPM' | awk '{print $3, $5, $7}')
    echo "$i ${a%% *} $hits $m"
  done
done
