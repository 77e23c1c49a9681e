#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# spread.sh's runs of the bistable workloads, per regime: each side's share of
# runs caught up (c) and ahead (a), and within each regime every run's hits,
# drop fraction and wake-ups a record, the medians, the calibrated port's
# median over the kernel's, and how many pairs of the kernel's own runs in
# that regime miss the band against each other.
#   regime.py RUNS.csv HEADER.csv WORKLOAD...
import csv, itertools, statistics as st, sys
h = open(sys.argv[2]).read().strip().split(',')
num = lambda v: float(v) if v else 0.0
runs = {}
for r in csv.reader(open(sys.argv[1])):
    x = dict(zip(h, r))
    w, s, n = x['label'].split('|')
    rec = num(x['consumed']) or 1
    att = num(x['attempted'])
    drop = (num(x['drops_no_space']) + num(x['drops_lock'])) / att * 100 if att else 0
    runs.setdefault(w, {}).setdefault(s, []).append({
        'hits': num(x['hits_mean_mps']), 'drops': drop, 'wakeups': num(x['wakeups']) / rec,
        'notes': num(x['notifications']) / rec, 'sleeps': num(x['cons_sleeps']) / rec,
        'regime': x['regime'][:1] or '-'})
def ok(fig, a, b):
    if fig == 'drops':
        return abs(a - b) <= 0.5 or (b > 0 and abs(a / b - 1) <= 0.25)
    r = a / b if b > 0 else (1 if a <= 0 else 9)
    return 0.75 <= r <= 1.25
fmt = {'hits': '%.3f', 'drops': '%.2f', 'wakeups': '%.4f', 'notes': '%.4f', 'sleeps': '%.4f'}
for w in sys.argv[3:]:
    k, c = runs[w]['kernel'], runs[w]['cal']
    share = lambda v: 100.0 * sum(x['regime'] == 'c' for x in v) / len(v)
    print(f"{w}: caught up kernel {share(k):.0f}% of {len(k)} runs, calibrated {share(c):.0f}% of {len(c)}")
    for g, name in (('a', 'ahead'), ('c', 'caught up')):
        kg = [x for x in k if x['regime'] == g]
        cg = [x for x in c if x['regime'] == g]
        if not kg or not cg:
            print(f"  {name}: kernel {len(kg)} runs, calibrated {len(cg)}")
            continue
        print(f"  {name}: kernel {len(kg)} runs, calibrated {len(cg)}")
        for fig in ('hits', 'drops', 'wakeups', 'notes', 'sleeps'):
            mk, mc = st.median(x[fig] for x in kg), st.median(x[fig] for x in cg)
            pairs = list(itertools.combinations([x[fig] for x in kg], 2))
            miss = sum(1 for a, b in pairs if not ok(fig, a, b))
            r = f"x{mc / mk:.2f}" if mk else '-'
            print(f"    {fig:8} kernel " + ' '.join(fmt[fig] % x[fig] for x in kg) +
                  f" | median {fmt[fig] % mk}; {miss} of {len(pairs)} kernel pairs out")
            print(f"    {'':8} calib. " + ' '.join(fmt[fig] % x[fig] for x in cg) +
                  f" | median {fmt[fig] % mc} ({r}, {'within' if ok(fig, mc, mk) else 'out'})")
