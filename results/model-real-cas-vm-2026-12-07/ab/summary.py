#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# ab.sh's runs: per reservation, every run's hits and notifications a record,
# and the medians of each field.   summary.py runs.txt
import statistics as st, sys
lines = open(sys.argv[1]).read().split('\n')
head = lines[0].split('|')
runs = {}
for l in lines[1:]:
    if l:
        f = l.split('|')
        runs.setdefault(f[0], []).append([float(x) for x in f[2:]])
for v, x in runs.items():
    print(f'{v}: {len(x)} runs; hits ' + ' '.join('%.1f' % y[0] for y in x))
    print('  notifications a record ' + ' '.join('%.3f' % y[1] for y in x))
    print('  medians: ' + ', '.join(f'{h} %.5g' % st.median(y[i] for y in x)
                                    for i, h in enumerate(head[2:])))
