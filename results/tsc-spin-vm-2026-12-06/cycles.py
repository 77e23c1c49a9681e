#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# cycles.sh's runs: per cycle, its profile's notification and 8-byte record charge (the
# kernel's median, and the kernel's less the port's), the medians of hits and of
# notifications a consumed record of each side, and each run's regime (a: ahead,
# c: caught up); usage: cycles.py RUNS.csv HEADER.csv PROFILE-PREFIX
import csv, sys, collections, statistics as st, json
h = open(sys.argv[2]).read().strip().split(',')
g = collections.defaultdict(lambda: collections.defaultdict(list))
for r in csv.reader(open(sys.argv[1])):
    d = dict(zip(h, r))
    w, s, cr = d['label'].split('|')
    g[cr.split('.')[0]][s].append((float(d['hits_mean_mps']),
                                   float(d['notifications']) / float(d['consumed']),
                                   d['regime'][0]))
for c in sorted(g):
    p = json.load(open(f'{sys.argv[3]}{c}.json'))['costs']
    k, q = g[c]['kernel'], g[c]['cal']
    hk, hq = st.median(x[0] for x in k), st.median(x[0] for x in q)
    print(f"cycle {c}: notify {p['notify']['kernel']['median']:.0f} ns, record charge "
          f"{p['record_8']['kernel']['median'] - p['record_8']['port']['median']:.0f} ns | "
          f"kernel {hk:.2f} M/s, {st.median(x[1] for x in k):.4f} notifications a record "
          f"{''.join(x[2] for x in k)} | calibrated {hq:.2f} x{hq / hk:.2f}, "
          f"{st.median(x[1] for x in q):.4f} {''.join(x[2] for x in q)}")
