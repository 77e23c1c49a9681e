#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# handoff.c in ROUNDS rounds (default 16), the transfer probed before and after each:
# run from the source tree's root after `make`. Writes handoff.txt here.
set -e
D=$(cd "$(dirname "$0")" && pwd)
R=${RBSIM:-build/rbsim}
cc -O2 -Wall -Wextra -I. -o /tmp/rbsim-handoff "$D/handoff.c" $(make -s print-ldlibs)
probe() { $R model --probe 2>&1; }
c2c() { sed -n 's/^c2c CPU.*median \([0-9.]*\) ns.*/\1/p'; }
: > "$D/handoff.txt"
for i in $(seq 1 "${ROUNDS:-16}"); do
	p=$(probe)
	a=$(echo "$p" | c2c)
	h=$(echo "$p" | sed -n 's/^handoff_ns *\([0-9.]*\) .*/\1/p')
	out=$(/tmp/rbsim-handoff 2000000)
	b=$(probe | c2c)
	echo "round $i c2c_before $a handoff_probe $h c2c_after $b $out" >> "$D/handoff.txt"
done
