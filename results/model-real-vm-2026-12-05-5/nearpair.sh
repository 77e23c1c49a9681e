#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# until $1 (epoch s) or 4 near captures: whenever the vCPUs are near (c2c.c under 90 ns),
# and once first whatever they are, the port's two producers on one ring (pair.c: one, 15
# samples of 100,000 records a thread, 64 MiB) and `rbsim model --probe`'s handoff_ns and
# record_ns, c2c after; appended to nearpair.txt. Run from the repository's top, with
# pair.c built as ./pair and ../model-real-vm-2026-12-05-4/c2c.c as ./c2c in this folder.
here=$(cd "$(dirname "$0")" && pwd); out=$here/nearpair.txt; end=$1; n=0; first=1
while [ $(date +%s) -lt $end ] && [ $n -lt 4 ]; do
	c=$($here/c2c)
	if [ ${c%.*} -lt 90 ] || [ $first -eq 1 ]; then
		[ ${c%.*} -lt 90 ] && n=$((n+1)); first=0
		{ echo "== $(date -u +%T) c2c $c"; $here/pair one 100000 15 64 | tail -1
		  build/rbsim model --probe 2>/dev/null | grep -E "^c2c |handoff_ns|record_ns"
		  echo "c2c after $($here/c2c)"; } >> $out 2>&1
	else
		sleep 10
	fi
done
