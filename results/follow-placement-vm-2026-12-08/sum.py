#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# follow-placement-vm-2026-12-08: reads out/pfn-*.txt (a line a follow-probe ring:
# alone and followed medians, ns a record; the transfer look before and after, ns;
# the ring's data pages' physical frame numbers) into the summary.
import collections, statistics, sys, glob, os

here = os.path.dirname(os.path.abspath(__file__))

def level(ns):
    return "10-ns" if ns < 15 else "27-ns" if ns < 50 else "far"

def rd(path):
    rows = []
    for line in open(path):
        f = line.split()
        if f[2] == "c2c":
            rows.append((float(f[0]), float(f[1]), float(f[3]), float(f[4]), f[5:]))
        else:
            rows.append((float(f[0]), float(f[1]), None, None, f[2:]))
    return rows

def rng(v):
    v = sorted(v)
    return "%.2f-%.2f (median %.2f)" % (v[0], v[-1], statistics.median(v))

for name in sorted(glob.glob(os.path.join(here, "out", "pfn-*.txt"))):
    rows = rd(name)
    print("%s: %d rings (%d processes of 5)" % (os.path.basename(name), len(rows), len(rows) // 5))
    if rows[0][2] is not None:
        by = collections.defaultdict(list)
        for a, f, b, af, _ in rows:
            by[(level(b), level(af))].append((a, f))
        for k in sorted(by):
            v = by[k]
            print("  looks %s before, %s after: %3d rings; alone %s; followed %s; follow_ns %s"
                  % (k[0], k[1], len(v), rng([x[0] for x in v]), rng([x[1] for x in v]),
                     rng([x[1] - x[0] for x in v])))
    # alone by regime, whatever the looks
    fast = [i for i, r in enumerate(rows) if r[0] < 12.5]
    print("  alone under 12.5 ns: %d rings, at ring %s of their process"
          % (len(fast), sorted(collections.Counter(i % 5 + 1 for i in fast).items())))
    if rows[0][2] is not None:
        print("  their looks before and after: %s" % ", ".join(
            "%.1f/%.1f" % (rows[i][2], rows[i][3]) for i in fast))
        ten = [r for r in rows if r[2] < 15]
        print("  rings whose look before read 10 ns: %d, of them alone under 12.5 ns: %d"
              % (len(ten), sum(r[0] < 12.5 for r in ten)))
    same = 0
    for i in fast:
        base = i // 5 * 5
        others = [rows[j][0] for j in range(base, base + 5) if j != i and rows[j][4] == rows[i][4]]
        if others:
            same += 1
            print("    ring %d: alone %.2f; the same pages in its process read %s"
                  % (i + 1, rows[i][0], " ".join("%.2f" % x for x in others)))
    # page colours (Zen 4 L2: 1 MiB 8-way, 32 colours of 4 KiB pages)
    col = lambda pf: max(collections.Counter(int(p, 16) & 31 for p in pf).values())
    for lo, hi, what in ((0, 12.5, "alone under 12.5"), (12.5, 30, "12.5-30"), (30, 99, "30 on")):
        v = [col(r[4]) for r in rows if lo <= r[0] < hi]
        if v:
            print("  %s: the most pages of one L2 colour in a ring %s" % (what, rng(v)))
