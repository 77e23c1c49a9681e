#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""out/ of run.sh into sum.txt: each look's level (smt under 18 ns a transfer, near
under 60, far above), each run's (smt above 25 M/s, near from 8, far below: kernel 2
without a consumer runs at about 34, 11-12 and 3-5 M/s in the three), how many
looks of each kind and how often a look's level is its run's. usage: sum.py OUT_DIR"""
import collections
import os
import sys

d = sys.argv[1]


def look(ns):
    return 'smt' if ns < 18 else 'near' if ns < 60 else 'far'


def ran(mps):
    return 'smt' if mps > 25 else 'near' if mps >= 8 else 'far'


def counts(c):
    return ', '.join(f'{k} {c[k]}' for k in ('smt', 'near', 'far'))


rows = [line.split() for line in open(os.path.join(d, 'before-run-after.txt'))]
runs = [ran(float(x[2])) for x in rows]
print(f'before-run-after.txt: {len(rows)} runs; the runs: {counts(collections.Counter(runs))}')
for name, k in (('before', 1), ('after', 3)):
    lv = [look(float(x[k])) for x in rows]
    same = sum(a == b for a, b in zip(lv, runs))
    print(f'  the look {name}: {counts(collections.Counter(lv))}; its run\'s level '
          f'{same} of {len(rows)}')
both = [(x, r) for x, r in zip(rows, runs) if look(float(x[1])) == 'smt' or
        look(float(x[3])) == 'smt']
print('  runs with a look at smt: ' + '; '.join(f'#{x[0]} {x[1]} / {x[2]} M/s / {x[3]}'
                                                for x, r in both))
print()
rows = [line.split() for line in open(os.path.join(d, 'run-after-spun-idle.txt'))]
runs = [ran(float(x[1])) for x in rows]
print(f'run-after-spun-idle.txt: {len(rows)} runs; the runs: '
      f'{counts(collections.Counter(runs))}')
for name, k in (('after', 2), ('spun', 3), ('idle0.3', 4)):
    lv = [look(float(x[k].split(':')[1])) for x in rows]
    same = sum(a == b for a, b in zip(lv, runs))
    nxt = sum(a == b for a, b in zip(lv[:-1], runs[1:]))
    print(f'  the look {name}: {counts(collections.Counter(lv))}; its run\'s level {same} '
          f'of {len(rows)}, the next run\'s {nxt} of {len(rows) - 1}')
smt = [x for x in rows if look(float(x[2].split(':')[1])) == 'smt']
print('  after at smt, then spun: ' + ', '.join(
    f'#{x[0]} {x[3].split(":")[1]}' for x in smt))
