#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
here=$(cd "$(dirname "$0")" && pwd)
# until $1 (epoch s) or 3 near suites: the model-real suite whenever the vCPUs are near (c2c.c
# below 90 ns), with beside.c before it; c2c before and after. Run in a clone of the commit
# measured ($2; it was a clone of cb1b27d, so that edits made meanwhile stayed out of it)
end=$1; n=0; cd "$2"
while [ $(date +%s) -lt $end ] && [ $n -lt 3 ]; do
	c=$($here/c2c); echo "$(date -u +%T) $c" >> $here/near/watch.txt
	if [ ${c%.*} -lt 90 ]; then
		d=$here/near/$(date -u +%H%M%S); mkdir -p $d
		{ date -u +%FT%T; echo $c; } > $d/c2c-before.txt
		$here/beside > $d/beside.txt 2>&1
		make -s bench BENCH_ARGS="--only model-real" > $d/bench.log 2>&1
		mv results/vm-2026-12-05* $d/suite 2>/dev/null
		{ date -u +%FT%T; $here/c2c; } > $d/c2c-after.txt
		n=$((n+1))
	else
		sleep 10
	fi
done
echo done >> $here/near/watch.txt
