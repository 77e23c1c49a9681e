#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""out/: timeline's runs (tl-N.txt: ms, ns) as medians of 250-ms windows, and gap's
trials (gap-60-2000.txt: trial, gap, ns before, ns after) as the level before and
after each gap (SMT-near under 18 ns, near under 60, far above) and how often it
changed, per kind of gap. usage: sum.py OUT_DIR"""
import glob
import os
import statistics as st
import sys

d = sys.argv[1]


def level(ns):
    return 'smt' if ns < 18 else 'near' if ns < 60 else 'far'


for path in sorted(glob.glob(os.path.join(d, 'tl-*.txt'))):
    v = [tuple(map(float, line.split())) for line in open(path)]
    wins = [st.median([ns for t, ns in v if a <= t < a + 250]) for a in range(0, 3000, 250)]
    print(f'{os.path.basename(path)}: ns a transfer, medians of 250-ms windows over 3 s '
          f'after 2 s idle: ' + ' '.join(f'{w:.0f}' for w in wins))
print()
rows = [line.split() for line in open(os.path.join(d, 'gap-60-2000.txt'))]
for g in ('busy', 'idle'):
    r = [x for x in rows if x[1] == g]
    moved = sum(level(float(x[2])) != level(float(x[3])) for x in r)
    levels = [level(float(x[2])) for x in r] + [level(float(x[3])) for x in r]
    print(f'{g} gaps of 2 s: {len(r)}; the level changed across {moved}; levels seen: '
          + ', '.join(f'{k} {levels.count(k)}' for k in ('smt', 'near', 'far')))
between = sum(level(float(a[3])) != level(float(b[2])) for a, b in zip(rows, rows[1:]))
print(f'between trials (one 200-ms measure right after the other): the level changed '
      f'{between} times in {len(rows) - 1}')
print('in order (b busy, i idle; ns before > after): '
      + ' '.join(f'{x[1][0]}:{float(x[2]):.0f}>{float(x[3]):.0f}' for x in rows))
