#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# the model-real suite $1 times in a clone of the commit measured ($2: ac999f9), c2c (the
# -4 folder's c2c.c, built here) before and after each, into sittings/HHMMSS/
here=$(cd "$(dirname "$0")" && pwd)
n=$1; cd "$2"
for i in $(seq 1 $n); do
	d=$here/sittings/$(date -u +%H%M%S); mkdir -p $d
	{ date -u +%FT%T; $here/c2c; } > $d/c2c-before.txt
	make -s bench BENCH_ARGS="--only model-real" > $d/bench.log 2>&1
	mv results/vm-2026-12-05* $d/suite 2>/dev/null
	{ date -u +%FT%T; $here/c2c; } > $d/c2c-after.txt
	sleep 20
done
