#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""run.sh's folder: the placement levels of flips.txt, and per round and side (old: no
look between the runs, new: with it) each row of model-real (model over real, within
30% or not, tries, held_moved), then the rows within per side and the spread of
|log ratio|. usage: sum.py DIR"""
import csv
import glob
import math
import os
import re
import sys

d = sys.argv[1]
with open(os.path.join(d, 'flips.txt')) as f:
    flips = [line.split() for line in f if line.strip()]
rates = [float(r) for _, r in flips if r]
print(f'flips: {len(rates)} runs of 1 s, 2 producers alone, M/s in order:')
print('  ' + ' '.join(f'{r:.1f}' for r in rates))
levels = {'under 7': sum(r < 7 for r in rates), '7 to 16': sum(7 <= r < 16 for r in rates),
          '16 and over': sum(r >= 16 for r in rates)}
changes = sum((a < 7) != (b < 7) or (a >= 16) != (b >= 16) for a, b in zip(rates, rates[1:]))
print('  levels: ' + ', '.join(f'{k} {v}' for k, v in levels.items())
      + f'; the level changed {changes} times in {len(rates) - 1} steps')
rows = {'old': [], 'new': []}
for path in sorted(glob.glob(os.path.join(d, '*.csv'))):
    m = re.match(r'(old|new)-(\d+)-', os.path.basename(path))
    if not m:
        continue
    with open(path) as f:
        for r in csv.DictReader(f):
            r['round'] = m.group(2)
            rows[m.group(1)].append(r)
print()
print(f'{"side":4} {"round":>5} {"reserve":8} {"consumer":8} {"p":>2} {"model":>7} '
      f'{"real":>7} {"sd":>6} {"ratio":>6} {"in":>3} {"tries":>5} {"held_moved":>10} '
      f'{"c2c":>6} {"after":>6}')
for side in ('old', 'new'):
    for r in sorted(rows[side], key=lambda r: (int(r['round']), r['reserve'],
                                              r['consumer'], r['producers'])):
        print(f'{side:4} {r["round"]:>5} {r["reserve"]:8} {r["consumer"]:8} '
              f'{r["producers"]:>2} {float(r["model_mps"]):7.2f} {float(r["real_mps"]):7.2f} '
              f'{float(r["real_sd_mps"]):6.2f} {float(r["ratio"]):6.2f} {r["within"]:>3} '
              f'{r["tries"]:>5} {r.get("held_moved", "-"):>10} {float(r["c2c_ns"]):6.1f} '
              f'{float(r["c2c_after_ns"]):6.1f}')
print()
for side in ('old', 'new'):
    rs = rows[side]
    if not rs:
        continue
    logs = sorted(abs(math.log(float(r['ratio']))) for r in rs)
    n_in = sum(r['within'] == '1' for r in rs)
    by_round = {}
    for r in rs:
        by_round.setdefault(r['round'], []).append(r['within'] == '1')
    per = ', '.join(f'{sum(v)} of {len(v)}' for _, v in sorted(by_round.items()))
    print(f'{side}: {n_in} of {len(rs)} rows within 30% (by round: {per}); |ln ratio| '
          f'median {logs[len(logs) // 2]:.3f}, 90th percentile '
          f'{logs[int(len(logs) * 0.9)]:.3f}, worst {logs[-1]:.3f}; tries '
          f'{sum(int(r["tries"]) for r in rs)}'
          + (f', held_moved {sum(int(r["held_moved"]) for r in rs)}' if side == 'new' else ''))
