#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The kernel's gap between batches (diag.patch's DIAG_GAP stamps) by what the
# batch held: 1, 10, 100 and 500 records of 8 bytes with adaptive wake-ups
# and the libbpf consumer sleeping between them, and 1 and 500 with no
# notification (--wakeup none) and the consumer polling busily. ROUNDS rounds;
# each run's line into DIR/batch.txt.
# Run from the diagnostic build's top:  batch.sh DIR ROUNDS
set -e
dir=$1 rounds=${2:-3}
for r in $(seq 1 "$rounds"); do
	for c in "--batch 1" "--batch 10" "--batch 100" "--batch 500" \
		 "--batch 1 --poll busy --wakeup none" "--batch 500 --poll busy --wakeup none"; do
		line=$(DIAG_GAP=1 build/rbsim run --transport kernel-ringbuf --size 8 $c -w 0 -d 1 -q \
			2>&1 >/dev/null | grep DIAG)
		echo "$r | $c | $line" >> "$dir/batch.txt"
	done
done
