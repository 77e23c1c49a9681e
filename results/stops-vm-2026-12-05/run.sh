#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# results/stops-vm-2026-12-05: build the probe, run both modes (from this folder,
# nothing else running; the probe had no -S yet, which these runs do not use)
set -e
cc -O2 -Wall -pthread "$(dirname "$0")/stops.c" -o /tmp/stops
/tmp/stops -d 15 -s 0,20,50,100,120,150,200,400,1000,10000 > sleep.csv
/tmp/stops -d 3 -i 1 -f 8 > first.csv
