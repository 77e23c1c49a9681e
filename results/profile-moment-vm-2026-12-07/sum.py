#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# run.sh's runs: per workload and figure, every run of each side, the medians
# and each profile's median over the kernel's, within the band or out.
#   sum.py RUNS.csv HEADER.csv
import csv, statistics as st, sys
h = open(sys.argv[2]).read().strip().split(',')
num = lambda v: float(v) if v else 0.0
runs = {}
for r in csv.reader(open(sys.argv[1])):
    x = dict(zip(h, r))
    w, s, n = x['label'].split('|')
    rec = num(x['consumed']) or 1
    runs.setdefault(w, {}).setdefault(s, []).append({
        'hits': num(x['hits_mean_mps']), 'wakeups': num(x['wakeups']) / rec,
        'notes': num(x['notifications']) / rec, 'sleeps': num(x['cons_sleeps']) / rec * 1e3,
        'p50': num(x['lat_p50_ns']) / 1e3})
band = {'hits': (0.75, 1.25), 'wakeups': (0.75, 1.25), 'notes': (0, 1e9), 'sleeps': (0, 1e9),
        'p50': (0.5, 2)}
fmt = {'hits': '%.3f', 'wakeups': '%.4f', 'notes': '%.4f', 'sleeps': '%.3f', 'p50': '%.1f'}
for w, sides in runs.items():
    print(w)
    for fig in ('hits', 'wakeups', 'notes', 'sleeps', 'p50'):
        mk = st.median(x[fig] for x in sides['kernel'])
        for s, v in sides.items():
            m = st.median(x[fig] for x in v)
            tail = ''
            if s != 'kernel' and mk:
                lo, hi = band[fig]
                tail = f" x{m / mk:.2f}" + (' (out)' if not lo <= m / mk <= hi else '')
            print(f"  {fig:8} {s:12} " + ' '.join(fmt[fig] % x[fig] for x in v) +
                  f" | median {fmt[fig] % m}{tail}")
