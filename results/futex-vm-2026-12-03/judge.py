#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# The A/B's judgements side by side: for each workload that fits the CPUs
# and is not bistable, each judged figure's ratio to the kernel for the
# column headed "pure port" (here the A side) and for the calibrated port
# (the B side), read from a sitting's prediction.md; then the judgements
# within their bands, per figure. usage: judge.py SITTING/prediction.md A B
import re
import sys

path, a_name, b_name = sys.argv[1:4]
fit = open(path).read().split('## Oversubscribed')[0].split('## Regimes')[0]
rows, score = {}, {}
for fig in ('hits', 'drop fraction', 'wake-ups per record', 'latency p50'):
    # the section whose heading starts with the figure ("### hits (M records/s)")
    part = re.split(r'\n### ' + re.escape(fig) + r'[ \n]', fit)[1].split('\n### ')[0]
    for line in part.splitlines():
        c = [x.strip() for x in line.strip().strip('|').split('|')]
        if len(c) < 6 or c[0] in ('workload',) or c[0].startswith('---') or 'bistable' in c[0]:
            continue
        rows.setdefault(c[0], {})[fig] = (c[3], c[5])
        s = score.setdefault(fig, [0, 0, 0])
        s[0] += 'ok' in c[3]
        s[1] += 'ok' in c[5]
        s[2] += 1
print(f'| workload | figure | kernel / {a_name} | kernel / {b_name} |')
print('|---|---|---|---|')
for w, figs in rows.items():
    for fig, (a, b) in figs.items():
        if a.startswith('-') and b.startswith('-'):
            continue
        print(f'| {w} | {fig} | {a} | {b} |')
print()
print(f'| figure | {a_name} within its band | {b_name} within its band | of |')
print('|---|---|---|---|')
tot = [0, 0, 0]
for fig, (a, b, n) in score.items():
    print(f'| {fig} | {a} | {b} | {n} |')
    tot = [tot[0] + a, tot[1] + b, tot[2] + n]
print(f'| all four | {tot[0]} | {tot[1]} | {tot[2]} |')
