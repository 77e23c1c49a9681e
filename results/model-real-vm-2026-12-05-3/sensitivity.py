#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""model-real-vm-2026-12-05-3: how the model's oversubscribed figure moves with the seed and
record_ns, --preempt user (this commit's) against the model before it (cf1a1d6's binary:
build it in a worktree, `git worktree add /tmp/old cf1a1d6 && make -C /tmp/old
build/rbsim`). For each variant's --preempt user row of run.sh (its figures measured just
before its real runs), record_ns x0.8, x1 and x1.25, seeds 1 to 3. Run from the
repository's top: sensitivity.py DIR OLD_RBSIM."""
import csv
import subprocess
import sys

d, old = sys.argv[1], sys.argv[2]
sys.argv = [sys.argv[0], d]
exec(open(__file__.replace("sensitivity.py", "analyse.py")).read().split("rows = []")[0])


def mps(binary, path, reserve, how, seed):
    args = [binary, "model", "--machine", path, "--producers", "2", "--oversubscribe",
            "--reserve", reserve, "--format", "csv", "--seed", str(seed)]
    if how:
        args += ["--preempt", how]
    r = subprocess.run(args, capture_output=True, text=True, check=True)
    return float(next(csv.DictReader(r.stdout.splitlines()))["mps"])


print("reserve,record_scale,record_ns,seed,user_mps,before_mps,real_mps")
for v in ("kernel", "cas", "shard2", "percpu"):
    row = dict(next(csv.DictReader(open("%s/ab-user-%s.csv" % (d, v)))))
    base = float(row["record_ns"])
    for scale in (0.8, 1.0, 1.25):
        row["record_ns"] = "%.2f" % (base * scale)
        machine(row, True, d + "/u.machine")
        machine(row, False, d + "/o.machine")
        # the old parser knows neither key
        text = "".join(l for l in open(d + "/o.machine")
                       if not l.startswith(("slice_ns", "wake_draw_ns")))
        open(d + "/o.machine", "w").write(text)
        for seed in (1, 2, 3):
            print("%s,%.2f,%s,%d,%.4f,%.4f,%s" % (
                row["reserve"], scale, row["record_ns"], seed,
                mps("build/rbsim", d + "/u.machine", row["reserve"], "user", seed),
                mps(old, d + "/o.machine", row["reserve"], None, seed), row["real_mps"]))
