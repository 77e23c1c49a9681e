#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# c2c-rounds.sh's runs: the cache-line transfer's median before and after
# each run, its records a second and wake-ups a record, in run order.
# usage: table.py OUT
import csv, glob, os, re, statistics, sys
d = sys.argv[1]
rows = []
for f in glob.glob(f'{d}/*.csv'):
    side, rnd = os.path.basename(f[:-4]).split('-')
    r = next(csv.DictReader(open(f)))
    c2c = [float(m.group(1)) for m in
           (re.search(r'median ([\d.]+) ns', l) for l in open(f[:-4] + '.c2c')) if m]
    p = int(r['produced'])
    rows.append((int(rnd), {'kernel': 0, 'pure': 1, 'cal': 2}[side], side, c2c,
                 p / float(r['elapsed_s']) / 1e6, int(r['wakeups']) / p))
print('| run | c2c before, after (ns) | M records/s | wake-ups a record |')
print('|---|---|---|---|')
for x in sorted(rows):
    print(f"| {x[2]}-{x[0]} | {', '.join(f'{c:.0f}' for c in x[3])} | {x[4]:.2f} | {x[5]:.4f} |")
for s in ('kernel', 'pure', 'cal'):
    for name, sel in (('near', lambda c: max(c) < 100), ('far', lambda c: min(c) >= 100)):
        v = [x for x in rows if x[2] == s and len(x[3]) == 2 and sel(x[3])]
        if v:
            print(f"{s} {name} ({len(v)} runs): median {statistics.median(x[4] for x in v):.2f} "
                  f"M records/s, {statistics.median(x[5] for x in v):.4f} wake-ups a record  ")
