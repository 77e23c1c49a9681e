#!/usr/bin/env python3
# cp.sh's runs and traces: per workload and side, the medians over rounds of
# hits, dropped share, wake-ups a record (runs.csv), and from the traced
# consume() calls the share of records taken in calls of 65 or more and the
# median ns a record in those calls (the consumer draining a backlog)
# usage: cp.py DIR TRACES_DIR
import collections
import csv
import os
import statistics as st
import sys

d, tdir = sys.argv[1], sys.argv[2]
by = collections.defaultdict(list)
for r in csv.DictReader(open(f'{d}/runs.csv')):
    name, rnd, side = r['label'].split('|')
    att, cons = int(r['attempted']), int(r['consumed'])
    calls = [tuple(map(int, line.split()))
             for line in open(os.path.join(tdir, f'{name}-{side}-{rnd}.txt'))]
    recs = sum(n for _, _, n in calls if n > 0) or 1
    big = sorted(t / n for _, t, n in calls if n >= 65)
    by[(name, side)].append(dict(
        hits=float(r['hits_mean_mps']), drop=100.0 * (att - cons) / att if att else 0.0,
        wake=int(r['wakeups']) / max(cons, 1),
        big_share=sum(n for _, _, n in calls if n >= 65) / recs,
        big_ns=big[len(big) // 2] if big else float('nan')))
print('| workload | side | rounds | hits M/s | dropped % | wake-ups a record | '
      'records in calls of 65+ | ns a record there |')
print('|---|---|---|---|---|---|---|---|')
for (name, side), vs in by.items():
    m = {k: st.median(v[k] for v in vs) for k in vs[0]}
    print(f"| {name} | {side} | {len(vs)} | {m['hits']:.3f} | {m['drop']:.1f} | "
          f"{m['wake']:.4f} | {m['big_share']:.2f} | {m['big_ns']:.1f} |")
