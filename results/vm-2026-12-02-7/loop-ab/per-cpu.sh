#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The charges' loop speed on each CPU in turn (../b2b-states/loop-speed.c,
# built into $LS), ROUNDS rounds of 500 samples a CPU: per-cpu.csv
set -eu
LS=${LS:-/tmp/loop-speed}
ROUNDS=${ROUNDS:-4}
here=$(dirname "$0")
echo "round,cpu,loops_per_ns" >"$here/per-cpu.csv"
for i in $(seq "$ROUNDS"); do
	for c in 0 1; do
		taskset -c "$c" "$LS" 500 | sed "s/^/$i,$c,/" >>"$here/per-cpu.csv"
	done
done
python3 - "$here/per-cpu.csv" <<'PY'
import csv, sys, statistics as st
d = {}
for r in csv.DictReader(open(sys.argv[1])):
    d.setdefault((r['round'], r['cpu']), []).append(float(r['loops_per_ns']))
for (rnd, cpu), v in d.items():
    print(f'round {rnd} CPU {cpu}: median {st.median(v):.2f} loops/ns')
PY
