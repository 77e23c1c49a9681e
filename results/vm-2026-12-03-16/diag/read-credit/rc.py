#!/usr/bin/env python3
# rc.sh's runs.csv: per workload and side, the medians over rounds of hits,
# dropped share, notifications and wake-ups a consumed record, p50, and
# each figure's ratio to the kernel's median
# usage: rc.py DIR
import csv
import statistics as st
import sys

d = sys.argv[1]
by = {}
for r in csv.DictReader(open(f'{d}/runs.csv')):
    name, rnd, side = r['label'].split('|')
    att, cons = int(r['attempted']), int(r['consumed'])
    by.setdefault(name, {}).setdefault(side, []).append(dict(
        hits=float(r['hits_mean_mps']),
        drop=100.0 * (att - cons) / att if att else 0.0,
        notif=int(r['notifications']) / max(cons, 1),
        wake=int(r['wakeups']) / max(cons, 1),
        p50=float(r['lat_p50_ns'] or 0) / 1e3))
figs = ('hits', 'drop', 'notif', 'wake', 'p50')
print('| workload | side | runs | hits M/s | dropped % | notifications a record | '
      'wake-ups a record | p50 us |')
print('|---|---|---|---|---|---|---|---|')
for name, sides in by.items():
    k = {f: st.median(v[f] for v in sides['kernel']) for f in figs}
    for side in ('kernel', 'credit', 'nocredit'):
        vs = sides.get(side, [])
        if not vs:
            continue
        cells = []
        for f in figs:
            m = st.median(v[f] for v in vs)
            rat = '' if side == 'kernel' or not k[f] else f' (x{m / k[f]:.2f})'
            cells.append(f'{m:.3f}{rat}' if f != 'drop' else f'{m:.1f}{rat}')
        print(f'| {name} | {side} | {len(vs)} | ' + ' | '.join(cells) + ' |')
