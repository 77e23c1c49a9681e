#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Three profiles as the suite makes them (calibrate --passes 3 --pass-gap 20,
# 600c3c2: notify, wait and the triggers from 40 blocks across the gaps), each
# also as calibrate before 600c3c2 would have kept those five (middle.py), then
# the kernel and the calibrated port with each of the six in turn, ROUNDS rounds
# of the grid's cases in CASES (results/gap-vm-2026-12-06/ab.sh, 1-s runs).
# Run from the repository's top:  results/spread-vm-2026-12-07/run.sh DIR [ROUNDS]
set -e
D=$1
for i in 1 2 3; do
	date -u +"p$i %T" >> $D/times.txt
	build/rbsim calibrate --passes 3 --pass-gap 20 -q -o $D/p$i.json > $D/p$i.txt
done
results/spread-vm-2026-12-07/middle.py $D > $D/middle.txt
date -u +"runs %T" >> $D/times.txt
SIDES="kernel p1 m1 p2 m2 p3 m3" \
CASES=${CASES:-"default batch size-256 force-256 sampled sampled-batch paced-force drops-256"} \
	results/gap-vm-2026-12-06/ab.sh $D "${2:-4}"
date -u +"end %T" >> $D/times.txt
