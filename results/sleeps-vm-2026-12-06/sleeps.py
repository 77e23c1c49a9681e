#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""sleeps.sh's runs: per workload and side, the median over its runs of hits
(M records/s), wake-ups a record, the consumer's sleeps (its voluntary context
switches) and notifications a thousand records, p50 latency, and from
rounds.csv the share of records taken in rounds the consumer slept in (longer
than 8 us), and the rounds it did not sleep in: records a round and ns a
round; then each side's median against the kernel's. Run from this folder."""
import csv
import statistics

with open('runs-header.csv') as f:
    cols = f.read().strip().split(',')
runs = {}
with open('runs.csv') as f:
    for r in csv.reader(f):
        row = dict(zip(cols, r))
        runs[row['label']] = row
with open('rounds-header.csv') as f:
    rcols = f.read().strip().split(',')
rounds = {}
with open('rounds.csv') as f:
    for r in csv.reader(f):
        row = dict(zip(rcols, r))
        rounds[row['label']] = row

FIG = ['hits', 'wk/rec', 'sleeps/krec', 'notif/krec', 'p50 us', 'slept-in %rec', 'awake rec/round',
       'awake ns/round']
by = {}
for label, row in runs.items():
    case, side, _ = label.split('|')
    cons = float(row['consumed'])
    rd = rounds.get(label)
    v = [float(row['hits_mean_mps']), float(row['wakeups']) / cons,
         1e3 * float(row['cons_sleeps']) / cons, 1e3 * float(row['notifications']) / cons,
         float(row['lat_p50_ns']) / 1e3,
         100 * float(rd['long_records']) / float(rd['records']) if rd else float('nan'),
         float(rd['short_rec_per_round']) if rd else float('nan'),
         float(rd['short_round_ns']) if rd else float('nan')]
    by.setdefault(case, {}).setdefault(side, []).append(v)
order = ['kernel', 'cal', 'epoll', 'nocmp', 'nocmp600', 'nocmp800']
for case in sorted(by):
    print(f'## {case}\n')
    print('| side | runs | ' + ' | '.join(FIG) + ' |')
    print('|---|---|' + '---|' * len(FIG))
    med = {}
    for side in order:
        if side not in by[case]:
            continue
        v = by[case][side]
        med[side] = [statistics.median(x[i] for x in v) for i in range(len(FIG))]
        print(f'| {side} | {len(v)} | ' + ' | '.join(
            f'{m:.4f}' if FIG[i] == 'wk/rec' else f'{m:.2f}' for i, m in enumerate(med[side])) + ' |')
    print()
    print('against the kernel (medians): ' + '; '.join(
        f'{side} ' + ', '.join(f'{FIG[i]} x{med[side][i] / med["kernel"][i]:.2f}'
                               for i in (0, 1, 2, 4) if med['kernel'][i])
        for side in order[1:] if side in med))
    print()
    print('sleeps a thousand records, run by run: ' + '; '.join(
        f'{side} ' + ' '.join(f'{x[2]:.2f}' for x in by[case][side]) for side in order
        if side in by[case]))
    print()
