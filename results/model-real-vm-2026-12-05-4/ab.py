#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""model-real-vm-2026-12-05-4: the model before and after follow_ns, on the same real runs.

For each row with a consumer of the model-real.csv files given (`rbsim model --against-real`,
the machine's figures measured just before its real runs), a machine file with those figures
(this-vm.machine's, the measured ones in their place) is modelled twice by `rbsim model` (no
real runs), as the row was (--preempt from the row): follow_ns n/a (the model before it: the
consumer_pos transfer at the CAS latency) and follow_ns as measured with the row; for
sets/*/against-real.csv, written by the binary before follow_ns, the set's beside.c
fill_follow less fill_alone. Each against the row's real mean. Run from the repository's
top: ab.py FILE..."""
import csv
import os
import subprocess
import sys

KEYS = {"c2c_l3_ns": "c2c_ns", "record_ns": "record_ns", "consumer_ns": "consumer_ns",
        "batch_ns": "batch_ns", "handoff_ns": "handoff_ns", "notify_ns": "notify_ns",
        "notify_sleep_ns": "notify_sleep_ns", "wake_ns": "wake_ns", "poll_ns": "poll_ns"}


def model(row, follow):
    out = []
    for line in open("sim/machines/this-vm.machine"):
        key = line.split(" ", 1)[0]
        if key in KEYS:
            line = "%s %s | the row's\n" % (key, row[KEYS[key]])
        elif key == "wake_draw_ns":
            line = "wake_draw_ns %s | the row's\n" % (row["wake_draw_ns"] or "n/a")
        elif key == "slice_ns" and row.get("slice_ns"):
            line = "slice_ns %s | the row's\n" % row["slice_ns"]
        elif key == "follow_ns":
            line = "follow_ns %s | the row's\n" % follow
        out.append(line)
    path = "ab.machine.tmp"
    open(path, "w").write("".join(out))
    r = subprocess.run(["build/rbsim", "model", "--machine", path, "--producers",
                        row["producers"], "--oversubscribe", "--reserve", row["reserve"],
                        "--preempt", row.get("preempt") or "user", "--format", "csv"],
                       capture_output=True, text=True, check=True)
    os.unlink(path)
    x = next(csv.DictReader(r.stdout.splitlines()))
    return float(x["mps"]), float(x["notify_per_rec"])


def beside_follow(d):
    b = {}
    for line in open(os.path.join(d, "beside.txt")):
        k, v = line.split()[:2]
        b[k] = float(v)
    return "%.2f" % (b["fill_follow"] - b["fill_alone"])


print("file,reserve,producers,oversubscribed,c2c_ns,c2c_after_ns,follow_ns,real_mps,"
      "real_notify_per_rec,before_mps,before_ratio,after_mps,after_ratio,"
      "after_notify_per_rec,stopped")
for f in sys.argv[1:]:
    for row in csv.DictReader(open(f)):
        if row["consumer"] != "libbpf":
            continue
        follow = row.get("follow_ns") or beside_follow(os.path.dirname(f))
        real = float(row["real_mps"])
        before, _ = model(row, "n/a")
        after, notes = model(row, follow)
        print("%s,%s,%s,%s,%s,%s,%s,%.4f,%s,%.4f,%.3f,%.4f,%.3f,%.4f,%s" % (
            f, row["reserve"], row["producers"], row["oversubscribed"], row["c2c_ns"],
            row["c2c_after_ns"], follow, real, row["notify_per_rec"], before, before / real,
            after, after / real, notes, row["stopped"]))
