#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""fdist's outputs (out-*.txt): per lag the median ns a record (10th-90th percentile)
in each run, and beyond alone's median: what the consumer that lag behind costs its
producer a record. usage: sum.py out-1.txt ..."""
import collections
import statistics as st
import sys


def key(k):
    return -1 if k == 'alone' else int(k)


for path in sys.argv[1:]:
    by = collections.defaultdict(list)
    for line in open(path):
        k, v = line.split()
        by[k].append(float(v))
    alone = st.median(by['alone'])
    print(f'{path}: {len(by["alone"])} samples a lag; alone {alone:.2f} ns a record')
    for k in sorted(by, key=key):
        if k == 'alone':
            continue
        v = sorted(by[k])
        print(f'  lag {k:>5} records: {st.median(v):6.2f} ns '
              f'({v[len(v) // 10]:.2f}-{v[len(v) * 9 // 10]:.2f}), '
              f'{st.median(v) - alone:6.2f} beyond alone')
