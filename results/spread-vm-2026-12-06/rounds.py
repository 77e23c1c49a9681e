#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""bytes-64K's rounds, from runs.csv (spread.sh's runs): its consumer polls and
seldom sleeps, so that its wake-ups (waits that returned with records) are its
rounds, and its wake-ups a record one over its records a round. For each run:
the rate, the consumer's sleeps a record, its records a round, the round
(records a round over the rate), and the round less the wait calibrate
measured on the kernel (profile.json's `wait`, one that finds records ready,
which the calibrated port pays as well) over its records: what the rest of a
round costs a record. Run from this folder (or name runs.csv, its header and
the profile)."""
import csv
import json
import statistics
import sys

runs = sys.argv[1] if len(sys.argv) > 1 else 'runs.csv'
header = sys.argv[2] if len(sys.argv) > 2 else 'runs-header.csv'
profile = sys.argv[3] if len(sys.argv) > 3 else 'profile.json'
with open(header) as f:
    cols = f.read().strip().split(',')
with open(profile) as f:
    wait = json.load(f)['costs']['wait']['kernel']['median']
by = {}
print(f'the profile\'s wait (kernel): {wait:.1f} ns')
print('side    run  M rec/s  sleeps/rec  rec/round  round ns  rest ns/rec')
with open(runs) as f:
    for r in csv.reader(f):
        row = dict(zip(cols, r))
        case, side, run = row['label'].split('|')
        if case != 'bytes-64K':
            continue
        mps = float(row['hits_mean_mps'])
        cons, wk = float(row['consumed']), float(row['wakeups'])
        k = cons / wk
        rnd = k / mps * 1e3
        rest = (rnd - wait) / k
        sleeps = float(row['cons_sleeps']) / cons
        by.setdefault(side, []).append((mps, sleeps, k, rnd, rest))
        print(f'{side:7} {run:>3}  {mps:7.2f}  {sleeps:10.5f}  {k:9.1f}  {rnd:8.0f}  {rest:11.0f}')
for side, v in sorted(by.items()):
    print(f'{side}: {len(v)} runs; rate {min(x[0] for x in v):.2f}-{max(x[0] for x in v):.2f}, '
          f'sleeps a record {min(x[1] for x in v):.5f}-{max(x[1] for x in v):.5f}, records '
          f'a round {min(x[2] for x in v):.1f}-{max(x[2] for x in v):.1f} (median '
          f'{statistics.median(x[2] for x in v):.1f}), the rest of a round a record '
          f'{min(x[4] for x in v):.0f}-{max(x[4] for x in v):.0f} ns (median '
          f'{statistics.median(x[4] for x in v):.0f})')
