#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# run.sh's runs: per placement and side, every run's wake-ups and notifications a
# record, drop fraction and consumer sleeps a record; the medians and the calibrated
# port's over the kernel's.   sum.py runs.csv runs-header.csv
import csv, statistics as st, sys
h = open(sys.argv[2]).read().strip().split(',')
num = lambda v: float(v) if v else 0.0
runs = {}
for r in csv.reader(open(sys.argv[1])):
    x = dict(zip(h, r))
    pl, s, n = x['label'].split('|')
    rec = num(x['consumed']) or 1
    att = num(x['attempted'])
    runs.setdefault(pl, {}).setdefault(s, []).append({
        'wakeups': num(x['wakeups']) / rec, 'notes': num(x['notifications']) / rec,
        'drops': (num(x['drops_no_space']) + num(x['drops_lock'])) / att * 100 if att else 0,
        'sleeps': num(x['cons_sleeps']) / rec})
for pl, sides in runs.items():
    print(pl)
    for fig, f in (('wakeups', '%.4f'), ('notes', '%.4f'), ('drops', '%.2f'), ('sleeps', '%.4f')):
        mk = st.median(x[fig] for x in sides['kernel'])
        mc = st.median(x[fig] for x in sides['cal'])
        for s in ('kernel', 'cal'):
            print(f'  {fig:8} {s:7} ' + ' '.join(f % x[fig] for x in sides[s]) +
                  ' | median ' + f % st.median(x[fig] for x in sides[s]) +
                  (f' x{mc / mk:.2f}' if s == 'cal' and mk else ''))
