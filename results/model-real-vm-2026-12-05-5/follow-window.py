#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""An experiment, not kept: every row with a consumer and a measured follow_ns of this folder's
sittings and of model-real-vm-2026-12-05-4's, modelled again from its own figures (that
folder's ab.py) by an rbsim built with follow-window.diff, which charges follow_ns only while
the consumer is within W bytes of the producer on its ring (the consumer_pos transfer beyond),
for W = -1 (no window: the committed model), 1, 4 and 16 KiB; model / real each, and the rows
within 30% near and far. Run from the repository's top: follow-window.py > follow-window.txt"""
import csv, os, sys, glob
sys.argv = ['x']
exec(open('results/model-real-vm-2026-12-05-4/ab.py').read().split('print("file,reserve')[0])
files = sorted(glob.glob('results/model-real-vm-2026-12-05-5/sittings/*/suite/model-real.csv')) + \
        sorted(glob.glob('results/model-real-vm-2026-12-05-4/suite-[23]/model-real.csv')) + \
        sorted(glob.glob('results/model-real-vm-2026-12-05-4/near/*/suite/model-real.csv')) + \
        sorted(glob.glob('results/model-real-vm-2026-12-05-4/near/*/*.csv'))
WS = [-1, 1024, 4096, 16384]
res = {w: [] for w in WS}
for f in files:
    for row in csv.DictReader(open(f)):
        if row.get("consumer") != "libbpf" or not row.get("follow_ns"):
            continue
        real = float(row["real_mps"])
        near = max(float(row["c2c_ns"]), float(row["c2c_after_ns"])) < 90
        out = []
        for w in WS:
            os.environ["RBSIM_FOLLOW_W"] = str(w)
            m, n = model(row, row["follow_ns"])
            res[w].append((m / real, near, row["reserve"], row["producers"]))
            out.append("%.2f" % (m / real))
        print("%-60s %-7s %s %s %s" % (f[-60:], row["reserve"], row["producers"],
                                       "near" if near else "far ", " ".join(out)))
for w in WS:
    r = res[w]
    for pl in (True, False):
        x = [a for a, nr, _, _ in r if nr == pl]
        print("W %6d %s: %d of %d within (%.2f-%.2f)" % (
            w, "near" if pl else "far ", sum(abs(a - 1) <= 0.3 for a in x), len(x), min(x),
            max(x)))
