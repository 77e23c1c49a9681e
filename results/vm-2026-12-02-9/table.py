#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# Per run of rounds.sh: records a second, wake-ups a record, records a
# wake-up, p50 latency, the consumer's caught-up seconds; then each side's
# medians and the ports' ratios to the kernel's.
# usage: table.py OUT
import csv, glob, os, statistics, sys

out = sys.argv[1]
order = {'kernel': 0, 'pure': 1, 'cal': 2}
rows = []
for f in glob.glob(f'{out}/*.csv'):
    case, side, rnd = os.path.basename(f[:-4]).rsplit('-', 2)
    r = next(csv.DictReader(open(f)))
    p = int(r['produced'])
    rows.append(dict(case=case, side=side, rnd=int(rnd), hits=p / float(r['elapsed_s']) / 1e6,
                     wk=int(r['wakeups']) / p, p50=float(r['lat_p50_ns']) / 1e3,
                     p99=float(r['lat_p99_ns']) / 1e3, cu=float(r['regime_caught_up_pct'])))
rows.sort(key=lambda x: (x['case'], order[x['side']], x['rnd']))
for case in sorted({x['case'] for x in rows}):
    print(f'\n{case}\n')
    print('| run | M records/s | wake-ups a record | records a wake-up | p50 us | p99 us | '
          'caught-up seconds |')
    print('|---|---|---|---|---|---|---|')
    med = {}
    for x in rows:
        if x['case'] != case:
            continue
        print(f"| {x['side']}-{x['rnd']} | {x['hits']:.2f} | {x['wk']:.4f} | {1 / x['wk']:.1f} | "
              f"{x['p50']:.2f} | {x['p99']:.1f} | {x['cu']:.0f}% |")
    for s in order:
        v = [x for x in rows if x['case'] == case and x['side'] == s]
        med[s] = {k: statistics.median(y[k] for y in v) for k in ('hits', 'wk', 'p50')}
    print()
    for s in ('pure', 'cal'):
        print(f"{s}: median ratio to the kernel's: hits x{med[s]['hits'] / med['kernel']['hits']:.2f}, "
              f"wake-ups a record x{med[s]['wk'] / med['kernel']['wk']:.2f}, "
              f"p50 x{med[s]['p50'] / med['kernel']['p50']:.2f}  ")
