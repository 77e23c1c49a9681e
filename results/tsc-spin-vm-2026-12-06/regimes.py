#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# runs.csv of grid.sh: per workload and side, the runs regimes (caught up or ahead),
# the mean caught-up share, the median hits over all runs and in each regime, and the
# median wake-ups a consumed record; usage: regimes.py RUNS.csv HEADER.csv
import csv,sys,collections,statistics as st
h=open(sys.argv[2]).read().strip().split(',')
g=collections.defaultdict(lambda: collections.defaultdict(list))
for r in csv.reader(open(sys.argv[1])):
    d=dict(zip(h,r)); w,s,rd=d['label'].split('|')
    g[w][s].append((float(d['hits_mean_mps']), d['regime'], float(d['regime_caught_up_pct'] or 0), float(d['wakeups'])/max(1,float(d['consumed']))))
for w in g:
    print(w)
    for s in ('kernel','old','new'):
        v=g[w][s]
        cu=[x for x in v if x[1].startswith('caught')]
        ah=[x for x in v if not x[1].startswith('caught')]
        print(f"  {s:6s} runs {len(v)} caught-up share {st.mean(x[2] for x in v):5.1f}% regimes {collections.Counter(x[1] for x in v)} hits med {st.median(x[0] for x in v):.3f} caught-up {st.median(x[0] for x in cu) if cu else float('nan'):.3f} ahead {st.median(x[0] for x in ah) if ah else float('nan'):.3f} wake/rec {st.median(x[3] for x in v):.4f}")
