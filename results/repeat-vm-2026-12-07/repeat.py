#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Issue 15's bar against the kernel's own repeatability: every results folder of
this repository with prediction runs on the kernel twice a round ("kernel again"),
judged again with today's scripts/bench_prediction.py (the bands of prediction.md):
per sitting, the workloads that fit the CPUs, how many each side had within every
band, and the repeat's misses with the rounds each missed workload ran.
usage: repeat.py RESULTS_DIR"""
import collections
import glob
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                                'scripts'))
import bench_prediction as bp  # noqa: E402

top = sys.argv[1]
print(f'{"sitting":28} {"host":20} {"fit":>3} {"calibrated":>10} {"now":>4} '
      f'{"pure":>4} {"again":>5}  the repeat\'s misses (rounds)')
again_scores, misses, own = [], collections.Counter(), collections.Counter()
rounds_of_misses = collections.Counter()
for folder in sorted(glob.glob(os.path.join(top, '*'))):
    if not os.path.isfile(os.path.join(folder, 'runs.csv')):
        continue
    try:
        runs = bp.read_runs(folder)
    except (OSError, ValueError, KeyError):
        continue
    if not runs:
        continue
    rows = [r for r in bp.summarise(runs) if not r['oversubscribed']]
    if not rows or bp.REPEAT not in rows[0]['sides']:
        continue
    sides = rows[0]['sides']
    sc = {s: bp.score(rows, s) for s in sides[1:]}
    out = []
    for r in rows:
        bad = [k for (k, s), v in r['ok'].items() if s == bp.REPEAT and v is False]
        if any(v is False and s == 'calibrated port' and k not in bad
               for (k, s), v in r['ok'].items()):
            own[r['workload']] += 1
        if bad:
            n = r['runs'][bp.REPEAT]
            out.append(f'{r["workload"]} ({n}' + (f': {"/".join(sorted(bad))})' if n >= 8
                                                  else ')'))
            misses[r['workload']] += 1
            rounds_of_misses[n] += 1
    again_scores.append(sc[bp.REPEAT])
    host = bp.host_of(folder) or ''
    m = bp.HOST_CPU.search(host)
    host = f'family {m.group(1)}, model {m.group(2)}' if m else '?'
    print(f'{os.path.basename(folder):28} {host:20} {len(rows):3d} '
          f'{sc["calibrated port"]:10d} {sc.get(bp.NOW, "-"):>4} {sc["pure port"]:4d} '
          f'{sc[bp.REPEAT]:5d}  {", ".join(out)}')
print()
print(f'{len(again_scores)} sittings; the kernel against itself within every band on '
      f'{min(again_scores)} to {max(again_scores)} workloads, median '
      f'{sorted(again_scores)[len(again_scores) // 2]}; every workload in none')
print('the repeat\'s misses by workload: ' +
      ', '.join(f'{w} {n}' for w, n in misses.most_common()))
print('the repeat\'s misses by the rounds the workload ran: ' +
      ', '.join(f'{n} rounds: {c}' for n, c in sorted(rounds_of_misses.items())))
print('the calibrated port\'s own misses (a figure out of its band that the repeat met), '
      'sittings by workload: ' + ', '.join(f'{w} {n}' for w, n in own.most_common()))
