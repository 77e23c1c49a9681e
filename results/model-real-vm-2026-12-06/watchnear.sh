#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# (as run: /tmp/pp/c2c is c2c.c of results/model-real-vm-2026-12-05-4, built with
# gcc -O2 -pthread; the sittings were moved into sittings/ afterwards)
# until $1 (HH:MM UTC): every 20 s the vCPUs' CAS transfer; when near (< 90 ns), one
# suite sitting of model-real (issue 14) at main's build, moved to /tmp/pp/near/<time>
mkdir -p /tmp/pp/near
end=$(date -d "$1" +%s); [ "$end" -lt "$(date +%s)" ] && end=$((end + 86400))
while [ "$(date +%s)" -lt "$end" ]; do
  c=$(/tmp/pp/c2c | tail -1)
  echo "$(date +%T) $c" >> /tmp/pp/near/watch.txt
  if awk -v c="$c" 'BEGIN { exit !(c < 90) }'; then
    t=$(date +%H%M%S)
    (cd /work/main && make bench BENCH_ARGS="--only model-real" > /tmp/pp/near/$t.log 2>&1)
    d=$(ls -dt /work/main/results/vm-2026-12-0[56]* 2>/dev/null | head -1)
    c2=$(/tmp/pp/c2c | tail -1)
    echo "$(date +%T) after $c2 sitting $t -> $d" >> /tmp/pp/near/watch.txt
    [ -n "$d" ] && [ "$d" != /work/main/results/vm-2026-12-05 ] && mv "$d" /tmp/pp/near/$t
  else
    sleep 20
  fi
done
