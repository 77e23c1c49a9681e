#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""out/ of run.sh into sum.txt: the follow probe's runs by regime (fast: follow_ns
under 50 ns), each regime's fills and transfer, and the real runs' spread.
usage: sum.py OUT_DIR"""
import os
import statistics as st
import sys

d = sys.argv[1]


def rng(v):
    return f'{min(v):.2f}-{max(v):.2f} (median {st.median(v):.2f})'


rows = [line.split() for line in open(os.path.join(d, 'probe-150.txt'))]
for name, sel in (('fast', lambda x: float(x[5]) < 50), ('usual', lambda x: float(x[5]) >= 50)):
    r = [x for x in rows if sel(x)]
    print(f'probe-150.txt {name}: {len(r)} of {len(rows)}; alone {rng([float(x[3]) for x in r])}, '
          f'followed {rng([float(x[4]) for x in r])}, follow_ns {rng([float(x[5]) for x in r])}, '
          f'the transfer {rng([float(x[1]) for x in r])}')
fast = [i for i, x in enumerate(rows) if float(x[5]) < 50]
print(f'  the fast ones at runs {", ".join(str(i + 1) for i in fast)} ({rows[0][0]} to {rows[-1][0]})')
rows = [line.split() for line in open(os.path.join(d, 'probe-40-no-aslr.txt'))]
f = [x for x in rows if float(x[3]) < 50]
print(f'probe-40-no-aslr.txt: fast {len(f)} of {len(rows)} (runs '
      f'{", ".join(str(i + 1) for i, x in enumerate(rows) if float(x[3]) < 50)}); '
      f'their alone {", ".join(x[1] for x in f)}')
v = sorted(float(x) for x in open(os.path.join(d, 'run-40.txt')))
print(f'run-40.txt: {len(v)} runs, M/s: ' + ' '.join(f'{x:.2f}' for x in v))
