#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The replays of this folder in one table: per variant, the rows within 30%
of the real runs in all and per row kind (with a consumer: median
model/real and rows within, of 12 sittings).

usage: summary.py [replay-NAME.csv ...]   (default: every replay-*.csv here)
"""
import csv
import glob
import math
import os
import statistics
import sys

KINDS = [('kernel', '1'), ('kernel', '2'), ('cas', '1'), ('cas', '2'),
         ('shard:2', '1'), ('shard:2', '2'), ('percpu', '1'), ('percpu', '2')]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    paths = sys.argv[1:] or sorted(glob.glob(os.path.join(here, 'replay-*.csv')))
    head = ['variant', 'within', 'mean |ln|', 'alone'] + [f'{r} {p}' for r, p in KINDS]
    print('| ' + ' | '.join(head) + ' |')
    print('|' + '---|' * len(head))
    for path in paths:
        rows = list(csv.DictReader(open(path, newline='')))
        name = os.path.basename(path)[len('replay-'):-len('.csv')]
        within = sum(int(r['within']) for r in rows)
        logs = sum(abs(math.log(float(r['ratio']))) for r in rows) / len(rows)
        alone = [r for r in rows if r['consumer'] == 'none']
        cells = [name, f'{within} of {len(rows)}', f'{logs:.3f}',
                 f'{sum(int(r["within"]) for r in alone)} of {len(alone)}']
        for res, prod in KINDS:
            k = [r for r in rows if r['reserve'] == res and r['producers'] == prod and
                 r['consumer'] != 'none']
            med = statistics.median(float(r['ratio']) for r in k)
            cells.append(f'x{med:.2f} {sum(int(r["within"]) for r in k)}/{len(k)}')
        print('| ' + ' | '.join(cells) + ' |')


if __name__ == '__main__':
    main()
