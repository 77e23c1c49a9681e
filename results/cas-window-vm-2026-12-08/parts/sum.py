#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# cas-window-vm-2026-12-08/parts: runs.txt's medians per reservation over the near runs
# (above 9 M records/s).
import os, statistics

here = os.path.dirname(os.path.abspath(__file__))
rows = [l.split() for l in open(os.path.join(here, "runs.txt")) if len(l.split()) == 7]
for arm in ("kernel", "cas"):
    v = [r for r in rows if r[1] == arm and float(r[2]) > 9]
    print("%-6s %2d near runs of %2d: hits %.2f M/s, notifications %.3f a record, entry to "
          "publication %.1f ns, publication to the commit's end %.1f, to the next entry %.1f"
          % ((arm, len(v), sum(r[1] == arm for r in rows)) +
             tuple(statistics.median(float(r[i]) for r in v) for i in (2, 3, 4, 5, 6))))
