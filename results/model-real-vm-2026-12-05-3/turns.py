#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""cpu0-runs.csv (perf sched timehist of CPU 0: time, task, run ms) of run.sh's step 1:
per task of the run on CPU 0 (rbsim's threads), its runs, and how CPU 0's time was shared
between runs shorter than 20 us (a woken consumer and the producer it preempts taking
turns at each wake-up) and turns of 1 ms or more (the scheduler's slices). The last second
of the trace (the measured one). Run: turns.py DIR."""
import csv
import sys
from collections import defaultdict

rows = [(float(t), task, float(ms)) for t, task, ms in csv.reader(open(sys.argv[1] +
                                                                      "/cpu0-runs.csv"))]
end = max(t for t, _, _ in rows)
runs = defaultdict(list)
for t, task, ms in rows:
    if t > end - 1.0 and task.startswith("rbsim["):
        runs[task].append(ms)
total = sum(sum(v) for v in runs.values())
print("task,runs,ms,median_ms,short_runs,short_ms,turns_1ms,turns_ms,turn_median_ms")
for task, v in sorted(runs.items()):
    v.sort()
    short = [x for x in v if x < 0.02]
    turns = sorted(x for x in v if x >= 1)
    print("%s,%d,%.1f,%.4f,%d,%.1f,%d,%.1f,%.2f" % (
        task, len(v), sum(v), v[len(v) // 2], len(short), sum(short), len(turns), sum(turns),
        turns[len(turns) // 2] if turns else 0))
print("# rbsim's threads on CPU 0: %.1f ms of the last second; in turns of 1 ms or more: "
      "%.0f%%" % (total, 100 * sum(x for v in runs.values() for x in v if x >= 1) / total))
