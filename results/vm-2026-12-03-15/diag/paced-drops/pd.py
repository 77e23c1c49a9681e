#!/usr/bin/env python3
# pd.sh's runs.csv: per placement and side, each run's offered records
# (hits + drops, M/s), dropped share, notifications and wake-ups a
# consumed record; then the medians
# usage: pd.py DIR
import csv
import statistics as st
import sys

d = sys.argv[1]
rows = list(csv.DictReader(open(f'{d}/runs.csv')))
by = {}
for r in rows:
    place, rnd, side = r['label'].split('|')
    att, cons = int(r['attempted']), int(r['consumed'])
    hits, drops = float(r['hits_mean_mps']), float(r['drops_mean_mps'] or 0)
    v = dict(rnd=rnd, hits=hits, offered=hits + drops,
             drop=100.0 * (att - cons) / att if att else 0.0,
             notif=int(r['notifications']) / max(cons, 1),
             wake=int(r['wakeups']) / max(cons, 1))
    by.setdefault((place, side), []).append(v)
print('| placement | side | round | offered M/s | hits M/s | dropped | notifications a record | '
      'wake-ups a record |')
print('|---|---|---|---|---|---|---|---|')
for (place, side), vs in by.items():
    for v in vs:
        print(f"| {place} | {side} | {v['rnd']} | {v['offered']:.3f} | {v['hits']:.3f} | "
              f"{v['drop']:.1f}% | {v['notif']:.3f} | {v['wake']:.3f} |")
print()
print('| placement | side | runs | offered M/s | hits M/s | dropped (runs) | wake-ups a record |')
print('|---|---|---|---|---|---|---|')
for (place, side), vs in by.items():
    drops = ', '.join(f"{v['drop']:.1f}" for v in vs)
    print(f"| {place} | {side} | {len(vs)} | {st.median(v['offered'] for v in vs):.3f} | "
          f"{st.median(v['hits'] for v in vs):.3f} | {drops} | "
          f"{st.median(v['wake'] for v in vs):.3f} |")
