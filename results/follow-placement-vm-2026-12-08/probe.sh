#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# follow-placement-vm-2026-12-08: `rbsim model --probe` at d79bf8f or later, N runs back
# to back. usage: probe.sh RBSIM N > out/probe-60.txt
# A line a run: time, the CAS transfer (median, ns), follow_ns, how many of the five
# follow rings were taken at that transfer (both looks within 25%), each ring's
# follow_ns, each ring's looks before/after (ns).
set -e
R=$1 N=${2:-60}
for i in $(seq 1 "$N"); do
  "$R" model --probe --format json 2>/dev/null | python3 -c '
import json, sys, time
d = json.load(sys.stdin)
print(time.strftime("%H:%M:%S"), d["median_ns"], d["follow_ns"], d["follow_rings_at_c2c"],
      " ".join("%.2f" % x for x in d["follow_rings_ns"]),
      " ".join("%.1f/%.1f" % tuple(x) for x in d["follow_rings_c2c_ns"]))'
done
