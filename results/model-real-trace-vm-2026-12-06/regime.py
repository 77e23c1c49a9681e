#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The far rows of one producer with its libbpf consumer in every model-real.csv
of the family 26 host's folders of 2026-12-05 and -06 (suite sittings of
`make bench`, the vCPUs 100 ns or more apart), ordered by the real runs' wake-up
calls a record, with the figures `--against-real` probed before each row: do the
rows that miss differ in them? Run from results/: prints regime.txt."""
import csv
import glob
import statistics

FOLDERS = ('model-real*-vm-2026-12-0[56]*/suite-*/model-real.csv',
           'model-real-vm-2026-12-0[56]*/model-real.csv',
           'vm-2026-12-0[56]/model-real.csv')
KEYS = ('poll_ns', 'notify_ns', 'wake_ns', 'notify_sleep_ns', 'follow_ns', 'record_ns')


def num(r, k):
    try:
        return float(r[k])
    except (KeyError, ValueError):
        return float('nan')


rows = []
for pat in FOLDERS:
    for f in sorted(glob.glob(pat)):
        for r in csv.DictReader(open(f)):
            if r['consumer'] != 'libbpf' or r['producers'] != '1' or num(r, 'c2c_ns') < 100:
                continue
            rows.append((num(r, 'woke_per_rec'), num(r, 'ratio'), f,
                         [num(r, k) for k in KEYS]))
rows.sort(key=lambda x: x[0])
print('%d rows; wake-up calls a record, model/real, then %s' % (len(rows), ', '.join(KEYS)))
for lo, hi in ((0, 0.01), (0.01, 0.02), (0.02, 1)):
    sel = [r for r in rows if lo <= r[0] < hi]
    if not sel:
        continue
    print('wake-up calls %.2f to %.2f: %d rows, model/real median %.2f (%.2f-%.2f)' %
          (lo, hi, len(sel), statistics.median(r[1] for r in sel), min(r[1] for r in sel),
           max(r[1] for r in sel)))
    for i, k in enumerate(KEYS):
        v = [r[3][i] for r in sel if r[3][i] == r[3][i]]
        if v:
            print('  %-16s median %8.1f  range %8.1f - %8.1f  (%d rows)' %
                  (k, statistics.median(v), min(v), max(v), len(v)))
