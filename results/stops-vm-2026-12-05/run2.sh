#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# results/stops-vm-2026-12-05, second sitting: a sleeper of 50 us turns with
# and without a 100 ms sleep a second (the stalls check's consumer), 20 s each, twice
# (from this folder)
set -e
cc -O2 -Wall -pthread "$(dirname "$0")/stops.c" -o /tmp/stops
for i in 1 2; do
	/tmp/stops -d 20 -s 50 -S 100 | sed "s/^/$i,stall100,/"
	/tmp/stops -d 20 -s 50 | sed "s/^/$i,nostall,/"
done > stall.csv
