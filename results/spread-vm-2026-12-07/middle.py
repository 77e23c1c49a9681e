#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# For each profile DIR/pN.json calibrate made (its table in DIR/pN.txt), DIR/mN.json:
# the same profile with the kernel's medians of the spread costs (notify,
# wait, the three triggers, and wait_look where the profile has it so: s3) put
# where calibrate before 600c3c2 kept them: the
# port's median plus the middle of the three passes' kernel - port (the
# table's passes section), quartiles and extremes widened to hold it, and
# settings.spread 0, so that a build reading version 13 or 14 charges that median.
# Run from the repository's top: results/spread-vm-2026-12-07/middle.py DIR
import copy, glob, json, re, statistics, sys
D = sys.argv[1]
SPREAD = ('notify', 'wait', 'trigger_syscall', 'trigger_raw_syscall', 'trigger_test_run')
LOOK = 'wait_look'  # among them from profile version 14 (s3)
for path in sorted(glob.glob(f'{D}/p[0-9]*.json')):
    n = re.search(r'p(\d+)\.json$', path).group(1)
    p = json.load(open(path))
    rows, spread = {}, {}
    for line in open(f'{D}/p{n}.txt'):
        f = line.split()
        if len(f) >= 5 and f[0] in SPREAD + (LOOK,) and f[-3:] == ['across', 'the', 'gaps']:
            rows[f[0]] = [float(x.rstrip('*')) for x in f[1:4]]
            spread[f[0]] = float(f[4].rstrip('*'))
    assert set(rows) - {LOOK} == set(SPREAD), f'p{n}.txt: {sorted(rows)}'
    t = copy.deepcopy(p)
    t['settings']['spread'] = 0  # every cost charged its median, as before 600c3c2
    for cost, d in rows.items():
        k = t['costs'][cost]['kernel']
        m = t['costs'][cost]['port']['median'] + statistics.median(d)
        k['median'] = m
        k['p25'], k['min'] = min(k['p25'], m), min(k['min'], m)
        k['p75'], k['max'] = max(k['p75'], m), max(k['max'], m)
        print(f'p{n} {cost}: passes {d}, middle {statistics.median(d):.1f}, '
              f'spread (printed) {spread[cost]:.1f}')
    with open(f'{D}/m{n}.json', 'w') as f:
        json.dump(t, f)
