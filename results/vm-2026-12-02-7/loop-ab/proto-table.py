# SPDX-License-Identifier: GPL-2.0-only
# proto-table.py PROTO-RUNS.CSV: per round the kernel's, the run-start port's and the
# fixed-speed port's hits and the ports' ratios; then per port the median ratio,
# its range and the rounds within 25%
import csv, sys, statistics as st
rows = list(csv.DictReader(open(sys.argv[1])))
by = {}
for r in rows:
    side, rnd = r['label'].split('|')
    by.setdefault(rnd, {})[side] = float(r['hits_mean_mps'])
rs = {'start': [], 'fixed': []}
for rnd in sorted(by, key=int):
    d = by[rnd]
    print(rnd, ' '.join(f'{k} {d[k]:.2f}' for k in ('k', 'start', 'fixed')), ' ratios %.2f %.2f' % (d['start'] / d['k'], d['fixed'] / d['k']))
    for s in rs:
        rs[s].append(d[s] / d['k'])
for s, v in rs.items():
    v = sorted(v)
    print(f'{s}: median x{st.median(v):.2f}, range x{v[0]:.2f}-x{v[-1]:.2f}, within 25%: {sum(0.75 <= x <= 1.25 for x in v)}/{len(v)}')
