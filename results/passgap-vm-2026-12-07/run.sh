#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Profiles as the suite makes them (--passes 3) with the passes 20 s and 60 s apart, in
# turn, three of each, into OUT (g20-1.json ...; times.txt: when each ran).
# Run from the repository's top:  run.sh OUT
out=$1
for i in 1 2 3; do
  for g in 20 60; do
    s=$(date -u +%H:%M:%S)
    build/rbsim calibrate --passes 3 --pass-gap $g -q -o "$out"/g$g-$i.json > "$out"/g$g-$i.txt 2>&1
    echo "g$g-$i $s $(date -u +%H:%M:%S)" >> "$out"/times.txt
  done
done
