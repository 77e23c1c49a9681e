#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The time the producers did not run (prod_lost_frac) beside their rate: the suite's real
# run of percpu without a consumer, one producer and two, alternating, ROUNDS times (c2c.c
# before each round), then the port alone (pair.c two: a ring each, no harness) with its
# own count of gaps of 20 us or more. Run from the repository's top with rbsim built, and
# ../model-real-vm-2026-12-05-4/c2c.c built as ./c2c and
# ../model-real-vm-2026-12-05-5/pair.c as ./pair in this folder; appends to lost-runs.txt.
here=$(cd "$(dirname "$0")" && pwd); out=$here/lost-runs.txt; rounds=${1:-6}
R="build/rbsim run --transport ringbuf --batch 50 --size 8 --ring-size 2G --consumer none \
--reserve percpu --lock queued -a -w 0 -d 2 --format json -q"
fig() { python3 -c "import json,sys; d=json.load(sys.stdin); print(d['$1'])"; }
{
echo "# $(date -u +%FT%TZ) at $(git rev-parse --short HEAD): $R -p P"
echo "# round c2c_ns producers hits_mps prod_lost_frac hits_mps/(1-prod_lost_frac)"
for i in $(seq 1 "$rounds"); do
	c=$($here/c2c)
	for p in 1 2; do
		j=$($R -p $p)
		h=$(echo "$j" | fig hits_mean_mps); f=$(echo "$j" | fig prod_lost_frac)
		echo "$i $c $p $h $f $(python3 -c "print(round($h / (1 - $f), 3))")"
	done
done
echo "# pair.c two 30000000 3 1024 (a ring of 1 GiB each), the rate of each run"
$here/pair two 30000000 3 1024
} >> "$out" 2>&1
