#!/usr/bin/env python3
"""Table of an A/B of --profile-preempt (preempt-ab.sh's runs.csv): per workload,
median hits, wake-ups a record, drop fraction and p50 of the kernel, the calibrated
port off and batch, with the ratios to the kernel and issue 15's bands. Other
runners' side names: table.py RUNS.CSV SIDE_A SIDE_B (default: off batch)."""
import csv, statistics, sys
from collections import defaultdict
rows = list(csv.DictReader(open(sys.argv[1])))
A, B = sys.argv[2:4] if len(sys.argv) > 3 else ('off', 'batch')
fig = defaultdict(lambda: defaultdict(list))
order = []
for r in rows:
    w, i, side = r['label'].split('|')
    if w not in order:
        order.append(w)
    prod = float(r['produced'] or 0); att = float(r['attempted'] or 0)
    fig[(w, side)]['hits'].append(float(r['hits_mean_mps']))
    fig[(w, side)]['wk'].append(float(r['wakeups'] or 0) / prod if prod else 0)
    fig[(w, side)]['drop'].append(1 - prod / att if att else 0)
    fig[(w, side)]['p50'].append(float(r['lat_p50_ns'] or 0) / 1000)
def med(w, s, k):
    return statistics.median(fig[(w, s)][k])
def ok(k, p, q):
    if k == 'drop':
        return abs(p - q) <= 0.005 or (q > 0 and abs(p / q - 1) <= 0.25)
    if q == 0:
        return p == 0
    r = p / q
    return 1 / 2 <= r <= 2 if k == 'p50' else abs(r - 1) <= 0.25
names = {'hits': 'hits M/s', 'wk': 'wake-ups a record', 'drop': 'drop fraction', 'p50': 'p50 us'}
within = {A: 0, B: 0}
for k in names:
    print(f'\n{names[k]}\n')
    print(f'| workload | kernel | {A} | ratio | {B} | ratio |')
    print('|---|---|---|---|---|---|')
    for w in order:
        kv = med(w, 'kernel', k)
        cells = [w, f'{kv:.4g}']
        for s in (A, B):
            v = med(w, s, k)
            r = f'x{v / kv:.2f}' if kv else '-'
            cells += [f'{v:.4g}', r + ('' if ok(k, v, kv) else ' **miss**')]
        print('| ' + ' | '.join(cells) + ' |')
print('\nWithin every band (hits, wake-ups, drops, p50):')
for s in (A, B):
    n = sum(all(ok(k, med(w, s, k), med(w, 'kernel', k)) for k in names) for w in order)
    print(f'  {s}: {n} of {len(order)}')
print(f'\nEvery run, hits M/s (kernel | {A} | {B}):')
for w in order:
    print('  ' + w + ': ' + ' | '.join(', '.join(f'{x:.3g}' for x in fig[(w, s)]['hits'])
                                      for s in ('kernel', A, B)))
