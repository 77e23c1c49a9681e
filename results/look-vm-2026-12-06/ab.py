#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""ab.sh's runs: per workload, each side's median over its runs of hits (M
records/s), drop fraction, wake-ups a record, the consumer's sleeps a thousand
records and p50 latency (us); each port's against the kernel's, with the issue's
bands (hits and wake-ups +-25%, drops +-25% or 0.5 points, p50 2x): "miss" marks
one out. Run from this folder."""
import csv
import statistics

with open('runs-header.csv') as f:
    cols = f.read().strip().split(',')
by = {}
with open('runs.csv') as f:
    for r in csv.reader(f):
        row = dict(zip(cols, r))
        case, side, _ = row['label'].split('|')
        cons = float(row['consumed'])
        att = float(row['attempted']) or 1
        by.setdefault(case, {}).setdefault(side, []).append(
            (float(row['hits_mean_mps']), float(row['drops_no_space']) / att,
             float(row['wakeups']) / cons, 1e3 * float(row['cons_sleeps']) / cons,
             float(row['lat_p50_ns']) / 1e3))


def ok(i, p, k):
    if i == 1:
        return abs(p - k) <= 0.005 or (k > 0 and abs(p / k - 1) <= 0.25)
    if k <= 0:
        return p <= 0
    r = p / k
    return 0.5 <= r <= 2 if i == 4 else (0.75 <= r <= 1.25 if i in (0, 2) else True)


NAMES = ['hits', 'drops', 'wk/rec', 'sleeps/krec', 'p50']
within = {'repoll': 0, 'futex': 0}
print('| workload | side | runs | ' + ' | '.join(NAMES) + ' |')
print('|---|---|---|' + '---|' * len(NAMES))
for case in by:
    med = {s: [statistics.median(x[i] for x in v) for i in range(5)] for s, v in by[case].items()}
    k = med['kernel']
    print(f'| {case} | kernel | {len(by[case]["kernel"])} | {k[0]:.3g} | {100 * k[1]:.2f}% | '
          f'{k[2]:.4f} | {k[3]:.2f} | {k[4]:.2f} |')
    for s in ('repoll', 'futex'):
        p = med[s]
        cells = []
        good = True
        for i in range(5):
            judged = i != 3
            fine = ok(i, p[i], k[i]) if judged else True
            good &= fine
            if i == 1:
                txt = f'{100 * p[i]:.2f}%'
            else:
                txt = f'x{p[i] / k[i]:.2f}' if k[i] > 0 else f'{p[i]:.3g}'
            cells.append(txt + ('' if fine else ' **miss**'))
        within[s] += good
        print(f'| {case} | {s} | {len(by[case][s])} | ' + ' | '.join(cells) + ' |')
print()
print(f'within every band ({len(by)} workloads): repoll {within["repoll"]}, '
      f'futex {within["futex"]}')
