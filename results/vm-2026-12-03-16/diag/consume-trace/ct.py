#!/usr/bin/env python3
# ct.sh's traces: per run, the consume() calls that returned records, by
# records a call: how many, and their duration's 10th percentile and median
# (ns; a call waits, maybe sleeps, and drains), the share of records in each
# bucket, the calls a record, and the median ns a record in calls of 65 or
# more (a drain of a backlog); a CSV of it all (summary.csv) and a table
# of each workload's medians over rounds (stdout)
# usage: ct.py TRACES_DIR OUT_CSV
import collections
import csv
import glob
import os
import statistics as st
import sys

BUCKETS = ((1, 1), (2, 4), (5, 16), (17, 64), (65, 256), (257, 1 << 30))


def q(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(p * len(v)))] if v else float('nan')


rows = []
for path in sorted(glob.glob(os.path.join(sys.argv[1], '*.txt'))):
    name, side, rnd = os.path.basename(path)[:-4].rsplit('-', 2)
    calls = [tuple(map(int, line.split())) for line in open(path)]
    full = [(t, d, n) for t, d, n in calls if n > 0]
    recs = sum(n for _, _, n in full)
    if not recs:
        continue
    row = dict(workload=name, side=side, round=rnd, calls=len(calls), returns=len(full),
               records=recs, returns_per_rec=len(full) / recs,
               empty_calls=len(calls) - len(full),
               big_ns_per_rec=q([d / n for _, d, n in full if n >= 65], 0.5))
    for lo, hi in BUCKETS:
        b = [(d, n) for _, d, n in full if lo <= n <= hi]
        key = f'{lo}-{hi}' if hi < 1 << 30 else f'{lo}+'
        row[f'n{key}_calls'] = len(b)
        row[f'n{key}_rec_share'] = sum(n for _, n in b) / recs
        row[f'n{key}_p10_ns'] = q([d for d, _ in b], 0.1)
        row[f'n{key}_med_ns'] = q([d for d, _ in b], 0.5)
    rows.append(row)
with open(sys.argv[2], 'w', newline='') as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
by = collections.defaultdict(list)
for r in rows:
    by[(r['workload'], r['side'])].append(r)
keys = [f'{lo}-{hi}' if hi < 1 << 30 else f'{lo}+' for lo, hi in BUCKETS]
print('| workload | side | rounds | returns a record | ' +
      ' | '.join(f'records {k}: share, p10 / median us' for k in keys) + ' |')
print('|---|---|---|---|' + '---|' * len(keys))
for (name, side), rs in sorted(by.items()):
    cells = []
    for k in keys:
        share = st.median(r[f'n{k}_rec_share'] for r in rs)
        p10 = st.median(r[f'n{k}_p10_ns'] for r in rs) / 1e3
        med = st.median(r[f'n{k}_med_ns'] for r in rs) / 1e3
        cells.append(f'{share:.0%}, {p10:.1f} / {med:.1f}' if share else '-')
    print(f'| {name} | {side} | {len(rs)} | '
          f'{st.median(r["returns_per_rec"] for r in rs):.4f} | ' + ' | '.join(cells) + ' |')
