#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The figures of README.md from the two timehist files: for each thread of
the run, its stretches on the CPU (run time) and its waits from wake-up to
running (sch delay): count, total, median, p90, p99, and those past 200 us."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def q(v, p):
    v = sorted(v)
    return v[int((len(v) - 1) * p)]


for name in ("kernel-timehist.txt", "calibrated-timehist.txt"):
    run, delay = {}, {}
    with open(os.path.join(HERE, name)) as f:
        for line in f.readlines()[3:]:
            w = line.split()
            run.setdefault(w[2], []).append(float(w[5]) * 1000)
            delay.setdefault(w[2], []).append(float(w[4]) * 1000)
    for k in sorted(run):
        r, d = run[k], delay[k]
        long_ = [x for x in r if x > 200]
        print(f"{name} {k}: {len(r)} stretches, {sum(r):.0f} us; run us p50 {q(r, .5):.0f} "
              f"p90 {q(r, .9):.0f} p99 {q(r, .99):.0f}, past 200 us {len(long_)} "
              f"({sum(long_):.0f} us); sch delay us p50 {q(d, .5):.0f} p90 {q(d, .9):.0f} "
              f"p99 {q(d, .99):.0f}")
