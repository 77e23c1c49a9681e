# SPDX-License-Identifier: GPL-2.0-only
# table2.py RUNS.CSV: per round the three sides' hits and the ports' ratios to
# the kernel's; then per port the median ratio, its range and how many
# rounds fell within 25%
import csv, sys, statistics as st
by = {}
for r in csv.DictReader(open(sys.argv[1])):
    side, rnd = r['label'].split('|')
    by.setdefault(int(rnd), {})[side] = (float(r['hits_mean_mps']),
                                         r.get('extras', ''))
print('| round | kernel M/s | old M/s | new M/s | old / kernel | new / kernel |')
print('|---|---|---|---|---|---|')
rat = {'old': [], 'new': []}
for rnd in sorted(by):
    d = by[rnd]
    k = d['kernel'][0]
    for s in rat:
        rat[s].append(d[s][0] / k)
    print(f"| {rnd} | {k:.2f} | {d['old'][0]:.2f} | {d['new'][0]:.2f} | "
          f"x{d['old'][0] / k:.2f} | x{d['new'][0] / k:.2f} |")
print()
for s, v in rat.items():
    v = sorted(v)
    print(f'{s}: median x{st.median(v):.2f}, x{v[0]:.2f} to x{v[-1]:.2f}, '
          f'within 25% in {sum(0.75 <= x <= 1.25 for x in v)} of {len(v)} rounds')
