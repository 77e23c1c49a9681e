#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Issue 14's near placement, looked at again: run from the source tree's root after `make`.
# ROUNDS rounds (default 12) of, in turn: the model against real threads for one producer
# with the libbpf consumer, close.c's inline producer (alone, beside consumer passes every
# 400 ns, beside a consumer that only moves the positions), each with the transfer probed
# just before, and the model against real threads for two producers without a consumer.
# Writes model-real.csv and close.txt here.
set -e
D=$(cd "$(dirname "$0")" && pwd)
R=${RBSIM:-build/rbsim}
M=sim/machines/this-vm.machine
gcc -O2 -Wall -pthread -o /tmp/rbsim-close "$D/close.c"
c2c() { $R model --probe 2>&1 | sed -n 's/^c2c CPU.*median \([0-9.]*\) ns.*/\1/p'; }
real() { $R model --machine $M --against-real --reserve kernel --real-duration 1 --real-runs 1 \
	--format csv "$@" 2>/dev/null; }
: > "$D/close.txt"
real --producers 1 | head -1 | sed 's/^/round,/' > "$D/model-real.csv"
for i in $(seq 1 "${ROUNDS:-12}"); do
	real --producers 1 | sed -n 2p | sed "s/^/$i,/" >> "$D/model-real.csv"
	a=$(c2c)
	for m in alone passes pos; do
		echo "round $i c2c $a $(/tmp/rbsim-close $m 0.3 400)" >> "$D/close.txt"
	done
	real --producers 2 --no-consumer | sed -n 2p | sed "s/^/$i,/" >> "$D/model-real.csv"
	echo "round $i done $(date +%T)" >&2
done
