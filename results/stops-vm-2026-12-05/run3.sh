#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# results/stops-vm-2026-12-05, third sitting (from this folder): both CPUs
# sleeping 20 us turns (-B, as a paced producer and its consumer do) against
# a spinner beside one such sleeper, 15 s each, alternating, three times
set -e
cc -O2 -Wall -pthread "$(dirname "$0")/stops.c" -o /tmp/stops
for i in 1 2 3; do
	/tmp/stops -d 15 -s 20 -B | sed "s/^/$i,both,/"
	/tmp/stops -d 15 -s 20 | sed "s/^/$i,spin,/"
done > both.csv
