#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# In-program time stamps (stamps.patch on this folder's commit, built apart: DIAG is
# its rbsim): every record's time, from one record's start to the next, on the
# kernel's producer (bpf_ktime_get_ns() in kernel_ringbuf.bpf.c's one_record()) and
# the port's (the TSC in produce_batch()), sorted into fast (under 2 us), slow1
# (2 us or more after a fast one) and slow2 (after a slow one), each a count, a
# mean and 250-ns buckets (the last: 16 us or more), printed at the run's end.
# Each round: the default workload on the kernel and the calibrated port
# (DIR/profile.json), then b2b with a forced wake-up at every record on both.
# 2-s runs. Run from the repository's top:
#   DIAG=/path/to/diag/rbsim results/cycle-vm-2026-12-06/stamps.sh DIR ROUNDS
set -e
dir=$1 rounds=${2:-6}
for r in $(seq 1 "$rounds"); do
	for c in "default|--size 8" "b2b-force|--size 8 --b2b --wakeup force"; do
		w=${c%%|*} args=${c#*|}
		for k in 0 1; do
			s=$(( (k + r) % 2 ))
			if [ $s = 0 ]; then side=kernel; cmd="$DIAG run --transport kernel-ringbuf"
			else side=cal; cmd="$DIAG run --transport ringbuf --profile $dir/profile.json"; fi
			echo "== $w $side round $r $(date -u +%T)" >> "$dir/stamps.txt"
			$cmd $args -w 0 -d 2 2>&1 | grep -E '^DIAG|^Summary|issued' >> "$dir/stamps.txt"
		done
	done
done
