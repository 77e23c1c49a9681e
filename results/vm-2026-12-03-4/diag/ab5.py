# SPDX-License-Identifier: GPL-2.0-only
# ab5.sh's runs: one line a run, the medians of each side, ratios to the kernel's
# usage: python3 ab5.py OUT...
import csv, sys, statistics as st
for f in sys.argv[1:]:
    c2c = dict(l.split() for l in open(f + '.c2c') if len(l.split()) == 2)
    rows = list(csv.DictReader(open(f + '.csv')))
    by = {}
    print('==', f)
    for r in rows:
        side, i = r['label'].split('|')
        att = float(r['attempted']) or 1; prod = float(r['produced']) or 1
        v = (float(r['hits_mean_mps']), float(r['wakeups']) / prod, float(r['notifications']) / prod,
             100 * float(r['drops_no_space']) / att, float(r['lat_p50_ns'] or 0), r['regime'])
        by.setdefault(side, []).append((i, v))
        print('%-7s %s c2c %-6s hits %6.3f wk/rec %.4f ntf/rec %.4f drop %5.1f p50 %6.0f %s' % ((side, i, c2c.get(i, '?')) + v))
    k = by.get('kernel')
    for side, l in by.items():
        med = [st.median(x[1][j] for x in l) for j in range(5)]
        km = [st.median(x[1][j] for x in k) for j in range(5)]
        print('median %-7s hits %6.3f (x%.2f) wk/rec %.4f (x%.2f) drop %5.1f p50 %6.0f (x%.2f)  caught-up %d/%d' % (
            side, med[0], med[0] / km[0], med[1], med[1] / km[1] if km[1] else 0, med[3], med[4], med[4] / km[4] if km[4] else 0,
            sum(1 for x in l if x[1][5] == 'caught-up'), len(l)))
