#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""model-real-vm-2026-12-05-4: one row a set of sets/ (set.sh): where the vCPUs were (c2c.c before
beside, after it, after the rbsim runs, after --against-real), beside.c's figures, and the
1-producer hit rate three ways against the real one of --against-real (its 2 runs, the
figures it measured just before them): the model's, and 1e3 / (fill_follow + notify_per_rec x
notify_ns), a producer that pays, for each record, what a consumer busy-polling right behind
it costs (beside.c) and its notifications at the real runs' rate and the probe's cost.
Run from this folder: analyse.py."""
import csv
import glob
import os

KEYS = ["cons_alone", "cons_refused", "prod_alone", "prod_stored", "fill_alone", "fill_follow",
        "fill_stored", "fill_load_pp", "fill_load_hdr", "fill_follow_64"]
print("set,placement,c2c_before,c2c_beside,c2c_runs,c2c_after," + ",".join(KEYS) +
      ",real_mps,real_drops_mps,model_mps,model_ratio,notify_per_rec,notify_ns,estimate_mps,"
      "estimate_ratio")
for d in sorted(glob.glob("sets/*-*")):
    c = [float(open(os.path.join(d, f)).read().split()[-1])
         for f in ("c2c-before.txt", "c2c-mid.txt", "c2c-mid2.txt", "c2c-after.txt")]
    place = "near" if max(c) < 90 else "far" if min(c) > 150 else "moved"
    b = {}
    for line in open(os.path.join(d, "beside.txt")):
        k, v = line.split()[:2]
        b[k] = float(v)
    r = next(csv.DictReader(open(os.path.join(d, "against-real.csv"))))
    real, model = float(r["real_mps"]), float(r["model_mps"])
    npr, nns = float(r["notify_per_rec"]), float(r["notify_ns"])
    est = 1e3 / (b["fill_follow"] + npr * nns)
    print("%s,%s,%s,%s,%.2f,%.4f,%.4f,%.4f,%.5f,%.1f,%.4f,%.4f" % (
        os.path.basename(d), place, ",".join("%.1f" % x for x in c),
        ",".join("%.2f" % b[k] for k in KEYS), real, float(r["real_drops_mps"]), model,
        model / real, npr, nns, est, est / real))
