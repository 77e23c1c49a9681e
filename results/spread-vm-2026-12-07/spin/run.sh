#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Three rounds of two profiles (400 samples, 2 passes, a 20-s gap: 20 blocks of
# 20 samples), the blocks waited for asleep and, with SPIN set, spinning: build/rbsim
# of 600c3c2 with spin.patch. blocks.py reads them.
# Run from the repository's top:  results/spread-vm-2026-12-07/spin/run.sh
D=results/spread-vm-2026-12-07/spin
for i in 1 2 3; do
	for m in sleep spin; do
		if [ $m = spin ]; then export SPIN=1; else unset SPIN; fi
		build/rbsim calibrate --samples 400 --passes 2 --pass-gap 20 --idle-ms 0 \
			--host-stops 0 -q -o $D/$m$i.json > $D/$m$i.txt
	done
done
