#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# pin.sh's runs: per workload, side and placement (01: the producer on CPU 0,
# 10: on CPU 1), every run's hits, drop fraction, wake-ups a record and the
# producer's time a batch of 500 attempts, the medians, and the calibrated
# port's medians over the kernel's in the same placement and over the
# kernel's medians of all its runs (what an unpinned sitting whose kernel ran
# in both placements compares against).
#   pin.py RUNS.csv HEADER.csv
import csv, statistics as st, sys
h = open(sys.argv[2]).read().strip().split(',')
num = lambda v: float(v) if v else 0.0
runs = {}
for r in csv.reader(open(sys.argv[1])):
    x = dict(zip(h, r))
    w, sp, n = x['label'].split('|')
    s, p = sp.split()
    att, rec = num(x['attempted']), num(x['consumed']) or 1
    runs.setdefault(w, {}).setdefault((s, p), []).append({
        'hits': num(x['hits_mean_mps']),
        'drops': (num(x['drops_no_space']) + num(x['drops_lock'])) / att * 100 if att else 0,
        'wakeups': num(x['wakeups']) / rec,
        'batch': num(x['elapsed_s']) / (att / int(x['batch'])) * 1e6 if att else 0})
fmt = {'hits': '%.3f', 'drops': '%.1f', 'wakeups': '%.4f', 'batch': '%.0f'}
unit = {'hits': 'M/s', 'drops': '%', 'wakeups': 'a record', 'batch': 'us a batch'}
for w, by in runs.items():
    print(w)
    for fig in ('hits', 'drops', 'wakeups', 'batch'):
        print(f"  {fig} ({unit[fig]})")
        med = {}
        for key in sorted(by):
            v = [x[fig] for x in by[key]]
            med[key] = st.median(v)
            print(f"    {key[0]:6} {key[1]}  {' '.join(fmt[fig] % x for x in v)} | median "
                  f"{fmt[fig] % med[key]}")
        for p in ('01', '10'):
            k, c = med.get(('kernel', p)), med.get(('cal', p))
            if k and c is not None:
                print(f"    calibrated / kernel, placement {p}: x{c / k:.2f}")
        allk = st.median(x[fig] for key in by if key[0] == 'kernel' for x in by[key])
        for p in ('01', '10'):
            c = med.get(('cal', p))
            if allk and c is not None:
                print(f"    calibrated {p} / kernel over both placements: x{c / allk:.2f}")
