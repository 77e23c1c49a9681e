#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# gap.sh's runs: per workload and side, the median over its runs of each run's
# median gap between batches (and of its p10 and p90), the consumer's sleeps
# a thousand records, hits and wake-ups a record, each over the kernel's.
#   gaps.py DIR
import csv, re, statistics as st, sys
d = sys.argv[1]
h = open(d + '/runs-header.csv').read().strip().split(',')
runs = {}
for r in csv.reader(open(d + '/runs.csv')):
    x = dict(zip(h, r))
    c = float(x['consumed']) or 1
    runs[x['label']] = {'hits': float(x['hits_mean_mps']), 'sleeps': float(x['cons_sleeps']) / c * 1e3,
                        'wakeups': float(x['wakeups']) / c}
rows = {}
for l in open(d + '/gaps.txt'):
    label, rest = l.split(' ', 1)
    m = re.search(r'p10 (\d+) p25 (\d+) p50 (\d+) p75 (\d+) p90 (\d+)', rest)
    if not m or label not in runs:
        continue
    w, s, n = label.split('|')
    g = [int(v) for v in m.groups()]
    rows.setdefault(w, {}).setdefault(s, []).append(dict(runs[label], p10=g[0], p50=g[2], p90=g[4]))
for w, sides in rows.items():
    k = sides.get('kernel')
    print(w)
    for s, rs in sides.items():
        med = {f: st.median(r[f] for r in rs) for f in rs[0]}
        rel = ''
        if k and s != 'kernel':
            km = {f: st.median(r[f] for r in k) for f in k[0]}
            rel = '  | hits x%.2f, sleeps x%.2f, wake-ups x%.2f' % (
                med['hits'] / km['hits'], med['sleeps'] / km['sleeps'] if km['sleeps'] else 0,
                med['wakeups'] / km['wakeups'])
        print('  %-7s %d runs: gap p10/p50/p90 %4.0f/%4.0f/%4.0f ns, sleeps %.3f a thousand, '
              'hits %.2f M/s, wake-ups %.4f%s' % (s, len(rs), med['p10'], med['p50'], med['p90'],
                                                 med['sleeps'], med['hits'], med['wakeups'], rel))
