#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Where the wake-up's step lies in paced runs: one 128-byte record every
# 150 to 300 us on the kernel's ring buffer (2 s each, 3 rounds, the consumer
# pinned to one CPU and the producer to the other), and the same in virtual
# time with this folder's calibration profile (its idle wake-ups and halt
# polling).
# usage: wake-step.sh [RBSIM] > wake-step.csv   (from the repository's top)
R=${1:-build/rbsim}
P=$(dirname "$0")/profile.json
first=1
for every in 150us 175us 200us 210us 225us 250us 300us; do
	for side in kernel virtual; do
		if [ $side = kernel ]; then n=3
			how="--transport kernel-ringbuf --prod-affinity 1 --cons-affinity 0"
		else how="--virtual --profile $P"; n=1; fi
		for round in $(seq $n); do
			# shellcheck disable=SC2086
			"$R" run $how --burst 1 --burst-every $every --size 128 -d 2 -w 0 --ring-size 64K \
				--label "$every $side $round" -q --format csv 2>/dev/null |
				if [ $first = 1 ]; then cat; else tail -n +2; fi
			first=0
		done
	done
done
