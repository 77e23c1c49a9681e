#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The kernel's wake-up of a consumer by how long it slept: one record of 128
# bytes every 50 ms, 1 ms or 200 us on the kernel's ring buffer (3 s each),
# the consumer pinned to one CPU and the producer to the other, then both to
# one. Its latency is the notification's path to a consumer asleep that long.
# usage: wake-idle.sh [RBSIM] > wake-idle.csv   (from the repository's top)
R=${1:-build/rbsim}
first=1
for every in 50ms 1ms 200us; do
	for place in apart together; do
		if [ $place = apart ]; then pin="--prod-affinity 1 --cons-affinity 0"
		else pin="--prod-affinity 0 --cons-affinity 0"; fi
		# shellcheck disable=SC2086
		"$R" run --transport kernel-ringbuf --burst 1 --burst-every $every --size 128 \
			-d 3 -w 0 --ring-size 256K $pin --label "$every $place" -q --format csv \
			2>/dev/null | if [ $first = 1 ]; then cat; else tail -n +2; fi
		first=0
	done
done
