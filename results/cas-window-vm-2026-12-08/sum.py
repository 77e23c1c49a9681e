#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# cas-window-vm-2026-12-08: out/ab-*.txt per arm. Runs at 9 M records/s or less are the
# far placement (every arm runs at 5-7 there) and are left out of the medians.
import collections, glob, os, statistics

here = os.path.dirname(os.path.abspath(__file__))
for name in sorted(glob.glob(os.path.join(here, "out", "ab-*.txt"))):
    arms = collections.defaultdict(list)
    for line in open(name):
        f = line.split()
        arms[f[1].replace("X=0", "plain") + " " + f[2]].append(
            (float(f[3]), float(f[4]), float(f[5])))
    print(os.path.basename(name))
    for arm, v in sorted(arms.items()):
        near = [x for x in v if x[0] > 9]
        print("  %-28s runs %2d, near %2d: hits median %.2f (%.2f-%.2f), notifications a "
              "record %.4f, wake-ups %.4f" % (
                  arm, len(v), len(near), statistics.median(x[0] for x in near),
                  min(x[0] for x in near), max(x[0] for x in near),
                  statistics.median(x[1] for x in near), statistics.median(x[2] for x in near)))
