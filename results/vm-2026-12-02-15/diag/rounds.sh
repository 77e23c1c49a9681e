#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# How the real consumer's rounds end (at an empty ring or at a BUSY record), under three
# wake-up modes: run in a worktree with rounds.diff applied and build/rbsim made; writes
# rounds.txt here.
D=$(cd "$(dirname "$0")" && pwd)
R=${RBSIM:-build/rbsim}
: > "$D/rounds.txt"
for i in 1 2 3; do
	for w in adaptive sampled:64 sampled:1024; do
		a=$($R model --probe 2>&1 | sed -n 's/^c2c CPU.*median \([0-9.]*\) ns.*/\1/p')
		echo "--wakeup $w, c2c $a ns:" >> "$D/rounds.txt"
		$R run --transport ringbuf -p 1 --batch 50 --size 8 --ring-size 512K \
			--consumer libbpf --reserve kernel --lock queued -a -w 1 -d 1 -q \
			--wakeup $w 2>&1 | grep -E 'DIAG|throughput|issued' >> "$D/rounds.txt"
	done
done
