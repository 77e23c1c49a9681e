# SPDX-License-Identifier: GPL-2.0-only
# The sleeping workloads' regimes by placement: each run's regime (runs.csv) against its
# round's c2c (c2c.csv, near below 100 ns), per side; usage: python3 near.py FOLDER...
import csv, sys
for d in sys.argv[1:]:
    c2c = {(r['x'], r['round']): float(r['c2c_ns']) for r in csv.DictReader(open(d + '/c2c.csv'))}
    tally = {}
    for r in csv.DictReader(open(d + '/runs.csv')):
        l = r['label'].split('|')
        if l[2] not in ('default', 'batch', 'size-256', 'drops-256') or l[1] == 'pure port':
            continue
        near = c2c.get((l[2], l[3]), 999) < 100
        key = (near, l[1])
        tally.setdefault(key, [0, 0])
        tally[key][0 if r['regime'] == 'caught-up' else 1] += 1
    print(d, {('near' if k[0] else 'far', k[1]): 'caught %d ahead %d' % tuple(v) for k, v in sorted(tally.items())})
