#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# settle-vm-2026-12-07: the placement right after a run of two producers, against
# the run. usage: run.sh RBSIM MODE N
#   MODE before-run-after: the level, the run, the level again
#   MODE run-after-spun-idle: the run, the level, 1 s of spin, the level, 0.3 s
#   idle, the level
# The level: ../placement-vm-2026-12-07/timeline.c for 50 ms, the median of its
# 1-ms windows after the first three (ns a transfer between CPUs 0 and 1). The run:
# kernel 2 without a consumer as rbsim model --against-real runs it (M/s).
set -e
R=$1 MODE=$2 N=${3:-60}
here=$(cd "$(dirname "$0")" && pwd)
B=$(mktemp -d)
gcc -O2 -pthread -Wall -o "$B/timeline" "$here/../placement-vm-2026-12-07/timeline.c"
gcc -O2 -pthread -Wall -o "$B/spin" "$here/spin.c"
lv() { "$B/timeline" 0 50 | awk 'NR>3{print $2}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
run() {
  "$R" run -p 2 --batch 50 --size 8 --ring-size 2G --consumer none --reserve kernel \
    --lock queued -a -w 0 -d 1 --format json 2>/dev/null | tail -1 |
    python3 -c 'import json,sys; print("%.2f" % json.load(sys.stdin)["hits_mean_mps"])'
}
for i in $(seq 1 "$N"); do
  if [ "$MODE" = before-run-after ]; then
    b=$(lv); m=$(run); a=$(lv)
    echo "$i $b $m $a"
  else
    m=$(run); a=$(lv); "$B/spin" 1000; s=$(lv); sleep 0.3; c=$(lv)
    echo "$i $m after:$a spun:$s idle0.3:$c"
  fi
done
rm -rf "$B"
