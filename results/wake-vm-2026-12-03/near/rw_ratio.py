#!/usr/bin/env python3
"""c2c_rw against the CAS transfer in every committed sitting's probes
(results/*/c2c.csv), near (CAS below 60 ns) and far. usage: rw_ratio.py [RESULTS]"""
import csv, glob, statistics, sys

top = sys.argv[1] if len(sys.argv) > 1 else 'results'
d = {'near': [], 'far': []}
for f in sorted(glob.glob(top + '/*/c2c.csv')):
    for r in csv.DictReader(open(f)):
        try:
            cas, rw = float(r['c2c_ns']), float(r['c2c_rw_ns'])
        except (KeyError, TypeError, ValueError):
            continue
        if cas > 0 and rw > 0:
            d['near' if cas < 60 else 'far'].append((cas, rw))
for k, v in d.items():
    r = sorted(b / a for a, b in v)
    q = lambda p: r[int(p * (len(r) - 1))]
    print('%s: %d probes, CAS median %.1f ns, c2c_rw median %.1f ns, rw / CAS p10 %.2f p50 %.2f p90 %.2f' % (
        k, len(v), statistics.median(a for a, b in v), statistics.median(b for a, b in v), q(.1), q(.5), q(.9)))
