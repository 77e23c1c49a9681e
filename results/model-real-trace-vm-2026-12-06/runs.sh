#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Plain and traced runs in turn of the model-real row that misses now and
# then far apart (one producer, kernel reservation, its libbpf consumer), the
# cache-line transfer probed before each pair. Run from the checkout after
# build.sh trace; writes into $1 (default runs/).
out=${1:-runs}
n=${2:-4}
mkdir -p "$out"
CMD="run --transport ringbuf -p 1 --batch 50 --size 8 --ring-size 512K --consumer libbpf"
CMD="$CMD --reserve kernel --lock queued -a -w 1 -d 1"
i=1
while [ "$i" -le "$n" ]; do
	build/rbsim model --probe 2>&1 | head -1 > "$out/c2c-$i.txt"
	build/rbsim $CMD > "$out/plain-$i.txt" 2>&1
	DG_OUT="$out/trace-$i.txt" DG_KEEP=100000 build/dbg/rbsim $CMD > "$out/traced-$i.txt" 2>&1
	i=$((i + 1))
done
