#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""model-real-vm-2026-12-05-3: the A/B of run.sh, and the model before this change.

For each row of ab-*.csv (one `rbsim model --against-real` count, its figures measured just
before its real runs), a machine file with those figures (this-vm.machine's, the measured
ones in their place) is modelled again three ways by `rbsim model` (no real runs):
  user      --preempt user, the row's own model: the check that the file holds the figures
  kernel    --preempt kernel with the wake-ups drawn (the row's kernel model, or as it would be)
  before    --preempt kernel, every wake-up wake_ns: the model of 342111e's parent
each against the row's real mean. A row of --preempt kernel measured no slice: the file's
(2026-12-05 10:50, 3978129 ns). Run from the repository's top: analyse.py DIR."""
import csv
import os
import subprocess
import sys

d = sys.argv[1]
KEYS = {"c2c_l3_ns": "c2c_ns", "record_ns": "record_ns", "consumer_ns": "consumer_ns",
        "batch_ns": "batch_ns", "handoff_ns": "handoff_ns", "notify_ns": "notify_ns",
        "notify_sleep_ns": "notify_sleep_ns", "wake_ns": "wake_ns", "poll_ns": "poll_ns"}


def machine(row, draws, path):
    out = []
    for line in open("sim/machines/this-vm.machine"):
        key = line.split(" ", 1)[0]
        if key in KEYS:
            line = "%s %s | the row's\n" % (key, row[KEYS[key]])
        elif key == "slice_ns" and row["slice_ns"]:
            line = "slice_ns %s | the row's\n" % row["slice_ns"]
        elif key == "wake_draw_ns":
            line = "wake_draw_ns %s | the row's\n" % (row["wake_draw_ns"] if draws else "n/a")
        out.append(line)
    open(path, "w").write("".join(out))


def model(path, row, how):
    r = subprocess.run(["build/rbsim", "model", "--machine", path, "--producers",
                        row["producers"], "--oversubscribe", "--reserve", row["reserve"],
                        "--preempt", how, "--format", "csv"], capture_output=True, text=True,
                       check=True)
    return float(next(csv.DictReader(r.stdout.splitlines()))["mps"])


rows = []
for name in sorted(os.listdir(d)):
    if name.startswith("ab-") and name.endswith(".csv"):
        for row in csv.DictReader(open(os.path.join(d, name))):
            rows.append(row)
print("reserve,preempt,model_mps,real_mps,ratio,user_again,kernel_mps,kernel_ratio,"
      "before_mps,before_ratio,model_drops_mps,real_drops_mps,turns_per_s,spins_per_rec,"
      "busy_per_rec,stopped")
for row in rows:
    tmp = os.path.join(d, "tmp.machine")
    machine(row, True, tmp)
    user = model(tmp, row, "user")
    kern = model(tmp, row, "kernel")
    machine(row, False, tmp)
    before = model(tmp, row, "kernel")
    os.unlink(tmp)
    real = float(row["real_mps"])
    print("%s,%s,%s,%s,%s,%.4f,%.4f,%.3f,%.4f,%.3f,%s,%s,%s,%s,%s,%s" % (
        row["reserve"], row["preempt"], row["model_mps"], row["real_mps"], row["ratio"], user,
        kern, kern / real, before, before / real, row["model_drops_mps"],
        row["real_drops_mps"], row["model_turns_per_s"], row["model_spins_per_rec"],
        row["busy_per_rec"], row["stopped"]))
