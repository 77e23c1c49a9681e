#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Every sitting's model-real.csv (DIR/sittings/*/suite/model-real.csv)
-> rows.csv (one row per sitting and row) and a summary per sitting on stdout: rows within
30%, the ratios' range, where the vCPUs were (c2c before the row's runs and after),
the runs a host stop hit. A row is near when both its c2c figures are under 90 ns, far
when both are over 150, moved otherwise. Run: collect.py DIR (this folder)"""
import csv
import glob
import os
import sys

top = sys.argv[1]
files = sorted(glob.glob(os.path.join(top, 'sittings/*/suite/model-real.csv')))
out = []
for f in files:
    sitting = os.path.relpath(f, top).split('/')[1]
    for r in csv.DictReader(open(f)):
        c1, c2 = float(r['c2c_ns']), float(r['c2c_after_ns'])
        place = 'near' if max(c1, c2) < 90 else 'far' if min(c1, c2) > 150 else 'moved'
        out.append({'sitting': sitting, 'reserve': r['reserve'], 'consumer': r['consumer'],
                    'producers': r['producers'], 'oversubscribed': r['oversubscribed'],
                    'place': place, 'c2c_ns': r['c2c_ns'], 'c2c_after_ns': r['c2c_after_ns'],
                    'follow_ns': r['follow_ns'], 'model_mps': r['model_mps'],
                    'real_mps': r['real_mps'], 'real_sd_mps': r['real_sd_mps'],
                    'ratio': r['ratio'], 'within': r['within'], 'stopped': r['stopped'],
                    'clear_ratio': r['clear_ratio']})
with open(os.path.join(top, 'rows.csv'), 'w', newline='') as fh:
    w = csv.DictWriter(fh, fieldnames=list(out[0]))
    w.writeheader()
    w.writerows(out)
print('%-10s %-7s %6s %-13s %s' % ('sitting', 'place', 'within', 'ratios', 'misses'))
for s in sorted({r['sitting'] for r in out}):
    rows = [r for r in out if r['sitting'] == s]
    places = sorted({r['place'] for r in rows})
    ratios = [float(r['ratio']) for r in rows]
    miss = ['%s/%s/%sp %.2f%s' % (r['reserve'], r['consumer'], r['producers'], float(r['ratio']),
                                  ' (%s)' % r['place'] if len(places) > 1 else '')
            for r in rows if r['within'] != '1']
    print('%-10s %-7s %2d of %2d %.2f-%.2f %s' % (s, '+'.join(places),
          sum(r['within'] == '1' for r in rows), len(rows), min(ratios), max(ratios),
          ', '.join(miss)))
for place in ('far', 'near', 'moved'):
    rows = [r for r in out if r['place'] == place]
    if rows:
        ratios = [float(r['ratio']) for r in rows]
        print('%s: %d of %d rows within (%.2f-%.2f); with a consumer %d of %d; without %d of %d'
              % (place, sum(r['within'] == '1' for r in rows), len(rows), min(ratios),
                 max(ratios),
                 sum(r['within'] == '1' for r in rows if r['consumer'] != 'none'),
                 sum(r['consumer'] != 'none' for r in rows),
                 sum(r['within'] == '1' for r in rows if r['consumer'] == 'none'),
                 sum(r['consumer'] == 'none' for r in rows)))
