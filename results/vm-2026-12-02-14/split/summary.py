#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# split.sh's runs of the sets a to d: per workload and side, the runs, their
# wake-ups a record (median, range), the ratio of the median to the kernel's,
# notifications a record and the consumer thread's busy share (medians).
# usage: summary.py DIR (the folder holding a/ to d/)
import csv, glob, os, re, statistics, sys
d = sys.argv[1]
runs = {}
for f in glob.glob(f'{d}/*/*.csv'):
    name, side, rnd = os.path.basename(f[:-4]).rsplit('-', 2)
    r = next(csv.DictReader(open(f)))
    cons = int(r['consumed'])
    el = float(r['elapsed_s'] or 2)
    err = open(f[:-4] + '.err').read()
    iwi = int(re.search(r'iwi (-?\d+)', err).group(1))
    m = re.search(r'utime ([\d.]+) stime ([\d.]+)', err)
    notif = int(r['notifications']) if r['notifications'] else iwi
    runs.setdefault(name, {}).setdefault(side, []).append(
        (int(r['wakeups']) / cons, notif / cons, (float(m.group(1)) + float(m.group(2))) / el))
print('| workload | side | runs | wake-ups a record: median [range] | x kernel | '
      'notifications a record | consumer busy |')
print('|---|---|---|---|---|---|---|')
for name in sorted(runs):
    k = statistics.median(x[0] for x in runs[name]['kernel'])
    for side in ('kernel', 'f1', 'f05', 'f03', 'f0'):
        xs = runs[name].get(side)
        if not xs:
            continue
        w = [x[0] for x in xs]
        med = statistics.median(w)
        print(f'| {name} | {side} | {len(xs)} | {med:.4f} [{min(w):.4f}-{max(w):.4f}] | '
              f'x{med / k:.2f} | {statistics.median(x[1] for x in xs):.4f} | '
              f'{100 * statistics.median(x[2] for x in xs):.0f}% |')
