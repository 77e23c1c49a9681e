# SPDX-License-Identifier: GPL-2.0-only
# table3.py RUNS.CSV: per workload, the ports' hits and wake-ups a record as
# ratios to the kernel's of the same round: median, range, rounds within 25%
import csv, sys, statistics as st
by = {}
for r in csv.DictReader(open(sys.argv[1])):
    name, side, rnd = r['label'].split('|')
    prod = float(r['produced'])
    by.setdefault(name, {}).setdefault(int(rnd), {})[side] = (
        float(r['hits_mean_mps']), float(r['wakeups'] or 0) / prod if prod else 0)
for name, rounds in by.items():
    for fi, fig in enumerate(('hits', 'wake-ups a record')):
        for s in ('old', 'new'):
            v = sorted(d[s][fi] / d['kernel'][fi] for d in rounds.values()
                       if d['kernel'][fi] and all(x in d for x in ('kernel', 'old', 'new')))
            if not v:
                continue
            print(f'{name} {fig} {s}: median x{st.median(v):.2f}, x{v[0]:.2f} to '
                  f'x{v[-1]:.2f}, within 25% in {sum(0.75 <= x <= 1.25 for x in v)} of {len(v)}')
