#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# cas-follow-vm-2026-12-08: the one-producer rows with a consumer of every model-real.csv
# of the check's sittings and make bench runs in results/ (folders vm-DATE and
# vm-DATE-N) made on the Zen 4 guest (env.txt: family 25, model 17), at the 27-ns
# placement (the row's transfer 20-35 ns, and its looks at the runs' ends too where
# taken), kernel against cas: the model against the real runs, and notifications per
# record, real and modelled.
import csv, glob, os, re, statistics, math

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(os.path.dirname(here))

def zen4(d):
    try:
        return "family 25, model 17," in open(os.path.join(d, "env.txt")).read()
    except OSError:
        return False

def near(x):
    return x == "" or 20 < float(x) < 35

rows = {"kernel": [], "cas": []}
for f in sorted(glob.glob(os.path.join(top, "results", "*", "model-real.csv"))):
    d = os.path.dirname(f)
    if not re.fullmatch(r"vm-\d{4}-\d\d-\d\d(-\d+)?", os.path.basename(d)) or not zen4(d):
        continue
    for r in csv.DictReader(open(f)):
        if (r.get("consumer") != "libbpf" or r.get("producers") != "1" or
                r.get("reserve") not in rows or not r.get("model_notify_per_rec")):
            continue
        if not (20 < float(r["c2c_ns"]) < 35 and near(r.get("c2c_end_min_ns", "")) and
                near(r.get("c2c_end_max_ns", ""))):
            continue
        rows[r["reserve"]].append((os.path.basename(d), float(r["real_mps"]),
                                   float(r["model_mps"]), float(r["notify_per_rec"]),
                                   float(r["model_notify_per_rec"]), r.get("held", "")))

def q(v):
    v = sorted(v)
    return "%.2f-%.2f, median %.2f" % (v[0], v[-1], statistics.median(v))

def corr(a, b):
    ma, mb = statistics.mean(a), statistics.mean(b)
    num = sum((x - ma) * (y - mb) for x, y in zip(a, b))
    return num / math.sqrt(sum((x - ma) ** 2 for x in a) * sum((y - mb) ** 2 for y in b))

def report(res, v):
    print("%s, one producer with its consumer: %d rows from %d sittings" %
          (res, len(v), len(set(x[0] for x in v))))
    print("  real M/s %s; model %s" % (q([x[1] for x in v]), q([x[2] for x in v])))
    print("  model / real %s; within 30%%: %d of %d" %
          (q([x[2] / x[1] for x in v]), sum(abs(x[2] / x[1] - 1) <= 0.3 for x in v), len(v)))
    print("  notifications a record: real %s; model %s; real below model in %d of %d" %
          (q([x[3] for x in v]), q([x[4] for x in v]), sum(x[3] < x[4] for x in v), len(v)))
    print("  correlation of the real rate with the real notifications a record: %.2f" %
          corr([x[1] for x in v], [x[3] for x in v]))

for res, v in rows.items():
    report(res, v)
    held = [x for x in v if x[5] == "1"]
    print("  of them held still (the sittings since vm-2026-12-07-18 say):")
    report(res + " held still", held)
for res, v in rows.items():
    print("%s rows:" % res)
    for x in v:
        print("    %-18s real %6.2f model %6.2f x%.2f notify real %.3f model %.3f held %s" %
              (x[0], x[1], x[2], x[2] / x[1], x[3], x[4], x[5] or "-"))
