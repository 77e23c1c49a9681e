#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""model-real-vm-2026-12-05-3: each suite sitting's placement and rows within 30%
(suite-*/model-real.csv, suite-*/env.txt). Run: tally.py DIR."""
import csv
import glob
import os
import sys

print("sitting,start,c2c_min_ns,c2c_max_ns,rows,within,with_consumer_within,"
      "oversubscribed_within,oversubscribed_ratios")
for d in sorted(glob.glob(os.path.join(sys.argv[1], "suite-*"))):
    rows = list(csv.DictReader(open(os.path.join(d, "model-real.csv"))))
    start = next(l.split(None, 1)[1].strip() for l in open(os.path.join(d, "env.txt"))
                 if l.startswith("date:"))
    c2c = [float(r["c2c_ns"]) for r in rows]
    cons = [r for r in rows if r["consumer"] == "libbpf"]
    over = [r for r in rows if r["oversubscribed"] == "1"]
    print("%s,%s,%.1f,%.1f,%d,%d,%d of %d,%d of %d,%s" % (
        os.path.basename(d), start, min(c2c), max(c2c), len(rows),
        sum(r["within"] == "1" for r in rows), sum(r["within"] == "1" for r in cons),
        len(cons), sum(r["within"] == "1" for r in over), len(over),
        " ".join("%s:%.2f" % (r["reserve"], float(r["ratio"])) for r in over)))
