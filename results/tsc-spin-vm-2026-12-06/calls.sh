#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# What a short charge's call costs beyond its charge, as each calibrated run measures
# it at its start (its report's spin_tsc_call_ns; spin_tsc_per_ns the TSC's rate,
# spin_tsc_min_ns the shortest charge held to the TSC), twelve runs of b2b, the loop's
# speed on both vCPUs before each. Run from the repository's top.
here=results/tsc-spin-vm-2026-12-06
gcc -O2 -o /tmp/loop-speed $here/loop-speed.c
for i in $(seq 1 12); do
	echo "run $i $(date -u +%T) $(/tmp/loop-speed 1 | sed 's/round 0 //' | tr '\n' ' ')" \
	     "$(build/rbsim run --transport ringbuf --profile $here/grid-profile.json --size 8 --b2b \
		-w 0 -d 1 | awk '/spin_tsc/ { printf "%s %.2f ", $1, $2 }')"
done
