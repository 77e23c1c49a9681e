#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# runs.csv of grid.sh: per workload, the medians of hits (M records/s) of the kernel and of
# the two calibrated builds, their ratios to the kernel and each run's figure; usage:
#   summary.py RUNS.csv HEADER.csv
import csv, sys, collections, statistics as st
h = open(sys.argv[2]).read().strip().split(',')
g, order = collections.defaultdict(lambda: collections.defaultdict(list)), []
for r in csv.reader(open(sys.argv[1])):
    d = dict(zip(h, r))
    w, s, rd = d['label'].split('|')
    if w not in order:
        order.append(w)
    g[w][s].append(float(d['hits_mean_mps']))
def band(x):
    return 'ok' if 0.75 <= x <= 1.25 else 'miss'
within = {'old': 0, 'new': 0}
print(f"{'workload':17s} {'kernel':>7s} | {'loops (old)':>19s} | {'TSC (new)':>19s} | runs: kernel; old; new")
for w in order:
    k = st.median(g[w]['kernel'])
    line = f"{w:17s} {k:7.3f}"
    for s in ('old', 'new'):
        v = st.median(g[w][s])
        line += f" | {v:7.3f} x{v / k:4.2f} {band(v / k):4s}"
        if not w.endswith('1cpu') and not w.startswith('2p'):
            within[s] += band(v / k) == 'ok'
    line += ' | ' + '; '.join(' '.join(f'{x:.3g}' for x in g[w][s]) for s in ('kernel', 'old', 'new'))
    print(line)
print(f"hits within 25% of the kernel's, workloads that fit the CPUs: loops {within['old']}, TSC {within['new']} of {sum(1 for w in order if not w.endswith('1cpu') and not w.startswith('2p'))}")
