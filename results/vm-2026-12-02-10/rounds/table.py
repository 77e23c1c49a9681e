#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# rounds.sh's runs: per run, records committed and attempted a second,
# dropped, and the consumer's rounds of 1 to 63 records (the polls between
# two waits, not the rounds after a 64 KiB notification): their mean records
# and mean time; and the 8-15 record bucket's mean time, to compare a round
# of about the same records on each side.
# usage: table.py OUT
import csv, glob, os, re, sys
d = sys.argv[1]
order = {'bytes': 0, 'work0': 1, 'work50': 2, 'work100': 3}
sides = {'kernel': 0, 'pure': 1, 'cal': 2}
rows = []
for f in glob.glob(f'{d}/*.csv'):
    case, side, rnd = os.path.basename(f[:-4]).split('-')
    r = next(csv.DictReader(open(f)))
    el = float(r['elapsed_s'])
    prod, att = int(r['produced']), int(r['attempted'])
    n = rec = ns = 0.0
    b8 = None
    for line in open(f[:-4] + '.err'):
        m = re.match(r'rounds: n<(\d+): (\d+) rounds, (\d+) records, ([\d.]+) us', line)
        if not m:
            continue
        top, k, kr, us = int(m.group(1)), int(m.group(2)), int(m.group(3)), float(m.group(4))
        if 2 <= top <= 64:
            n += k; rec += kr; ns += k * us
        if top == 16:
            b8 = (kr / k, us)
    if not n:
        continue  # the run printed no rounds (its consumer left before the stop)
    rows.append((order[case], sides[side], int(rnd), case, side, prod / el / 1e6, att / el / 1e6,
                 100 * (1 - prod / att), rec / n, ns / n, b8))
print('| run | M records/s | attempted M/s | dropped | records a round (1-63) | us a round '
      '(1-63) | rounds of 8-15: records, us |')
print('|---|---|---|---|---|---|---|')
for x in sorted(rows):
    b8 = f'{x[10][0]:.1f}, {x[10][1]:.2f}' if x[10] else '-'
    print(f'| {x[3]}-{x[4]}-{x[2]} | {x[5]:.2f} | {x[6]:.2f} | {x[7]:.1f}% | {x[8]:.1f} | '
          f'{x[9]:.2f} | {b8} |')
