#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# model-real's one-producer row, cas and the kernel's reservation in turn, each
# a plain run (build/rbsim) and a traced one (DBG, from build.sh), the
# transfer probed before each pair; into OUT/runs-cas and OUT/runs-kernel,
# the files ../../model-real-trace-vm-2026-12-06/trace.py reads.
# Run from the repository's top:  runs.sh DBG OUT [N]
dbg=$1 out=$2 n=${3:-5}
CMD="run --transport ringbuf -p 1 --batch 50 --size 8 --ring-size 512K --consumer libbpf -a -w 1 -d 1"
i=1
while [ "$i" -le "$n" ]; do
	for v in cas kernel; do
		if [ $v = cas ]; then R="--reserve cas"; else R="--reserve kernel --lock queued"; fi
		mkdir -p "$out/runs-$v"
		build/rbsim model --probe 2>&1 | head -1 > "$out/runs-$v/c2c-$i.txt"
		# shellcheck disable=SC2086
		build/rbsim $CMD $R > "$out/runs-$v/plain-$i.txt" 2>&1
		# shellcheck disable=SC2086
		DG_OUT="$out/runs-$v/trace-$i.txt" DG_KEEP=100000 "$dbg" $CMD $R \
			> "$out/runs-$v/traced-$i.txt" 2>&1
		xz -f "$out/runs-$v/trace-$i.txt"
	done
	i=$((i + 1))
done
