#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# What a notification costs the producer in a run, run by run: the producer
# runs batches of 500 attempts back to back, and a batch's time (the run's
# time over its batches) less its records and its refused reservations at the
# profile's kernel costs (the calibrated port is charged up to them) leaves
# its notifications' share; over the notifications a batch, the time one
# costs its producer in that run, wake-up of the consumer's vCPU included.
# Then each side's runs split at SPLIT us a notification (default 10), the
# medians of each part, and the calibrated port's medians over the kernel's
# within the part below SPLIT and over all runs.
#   modes.py PROFILE.json HEADER.csv RUNS.csv [RUNS.csv ...] [--split US]
import csv, json, statistics as st, sys
args = sys.argv[1:]
split = 10.0
if '--split' in args:
    i = args.index('--split')
    split = float(args[i + 1])
    del args[i:i + 2]
costs = json.load(open(args[0]))['costs']
kern = lambda k: costs[k]['kernel']['median'] / 1e3
h = open(args[1]).read().strip().split(',')
num = lambda v: float(v) if v else 0.0
runs = {}
for f in args[2:]:
    for r in csv.reader(open(f)):
        x = dict(zip(h, r))
        w, s, n = x['label'].split('|')
        att, rec = num(x['attempted']), num(x['consumed'])
        nb = att / int(x['batch'])
        size = int(x['size'])
        rcost = kern(f'record_{size}')
        hb, fb = rec / nb, (att - rec) / nb
        notb = num(x['notifications']) / nb
        t = num(x['elapsed_s']) / nb * 1e6
        per = (t - hb * rcost - fb * kern('reserve_fail')) / notb if notb else 0
        runs.setdefault(w, {}).setdefault(s.split()[0], []).append(
            (per, t, hb, notb, num(x['hits_mean_mps']), x['regime'][:1] or '-', f"{s} {n}",
             (att - rec) / att * 100, num(x['wakeups']) / rec))
for w, by in runs.items():
    print(w)
    for s, v in sorted(by.items()):
        print(f"  {s}: run  us/notification  us/batch  records/batch  notifications/batch  "
              "M records/s  drop%  wake-ups/record  regime")
        for per, t, hb, notb, hits, reg, name, drop, wk in sorted(v):
            print(f"    {name:10} {per:6.2f} {t:8.0f} {hb:7.1f} {notb:7.1f} {hits:7.3f} "
                  f"{drop:6.1f} {wk:7.4f}  {reg}")
        slow = [x for x in v if x[0] >= split]
        fast = [x for x in v if x[0] < split]
        for name, part in (('below', fast), ('from', slow)):
            if part:
                print(f"    {name} {split:g} us: {len(part)} of {len(v)} runs, medians "
                      f"{st.median(x[0] for x in part):.2f} us a notification, "
                      f"{st.median(x[3] for x in part):.1f} notifications and "
                      f"{st.median(x[2] for x in part):.1f} records a batch, "
                      f"{st.median(x[4] for x in part):.3f} M records/s, drop fraction "
                      f"{st.median(x[7] for x in part):.1f}%, {st.median(x[8] for x in part):.4f} "
                      "wake-ups a record")
    if {'cal', 'kernel'} <= by.keys():
        for name, pick in (('below ' + f'{split:g}' + ' us', lambda x: x[0] < split),
                           ('all runs', lambda x: True)):
            row = []
            for i, fig in ((4, 'hits'), (7, 'drop fraction'), (8, 'wake-ups a record')):
                c = [x[i] for x in by['cal'] if pick(x)]
                k = [x[i] for x in by['kernel'] if pick(x)]
                if c and k and st.median(k):
                    row.append(f"{fig} x{st.median(c) / st.median(k):.2f}")
            print(f"  calibrated / kernel, {name}: {', '.join(row)}")
