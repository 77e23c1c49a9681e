#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# follow-rings-vm-2026-12-07: the follow probe's two regimes. usage: run.sh RBSIM OUT
# (RBSIM at 1acdbc6 or before: one ring a probe)
#   OUT/probe-150.txt: 150 `rbsim model --probe` runs: time, the CAS transfer
#     (median, ns), record_ns, the follow probe's fill alone and followed (medians,
#     ns a record) and follow_ns
#   OUT/probe-40-no-aslr.txt: 40 more under `setarch -R` (no address randomisation):
#     the transfer, fill alone, fill followed, follow_ns
#   OUT/run-40.txt: 40 real runs of one producer with its consumer as
#     rbsim model --against-real runs them (M records/s)
set -e
R=$1 OUT=$2
mkdir -p "$OUT"
probe='import json,sys,time
d=json.load(sys.stdin)
print(time.strftime("%H:%M:%S"), d["median_ns"], d["record_ns"], d["fill_alone_ns"], d["fill_follow_ns"], d["follow_ns"])'
for i in $(seq 1 150); do "$R" model --probe --format json 2>/dev/null | python3 -c "$probe"; done > "$OUT/probe-150.txt"
for i in $(seq 1 40); do setarch -R "$R" model --probe --format json 2>/dev/null | python3 -c '
import json,sys
d=json.load(sys.stdin); print(d["median_ns"], d["fill_alone_ns"], d["fill_follow_ns"], d["follow_ns"])'; done > "$OUT/probe-40-no-aslr.txt"
for i in $(seq 1 40); do "$R" run --transport ringbuf -p 1 --batch 50 --size 8 --ring-size 512K \
  --consumer libbpf --reserve kernel --lock queued -a -w 1 -d 1 --format json 2>/dev/null | tail -1 |
  python3 -c 'import json,sys; print("%.2f" % (json.load(sys.stdin)["hits_mean_mps"] / 1e6))'; done > "$OUT/run-40.txt"
