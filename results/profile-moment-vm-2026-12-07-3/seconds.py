#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# seconds.sh's runs: per workload and side, the median over the runs of each
# second's hits (M/s) and wake-ups (a second).
#   seconds.py seconds.csv seconds-header.csv
import csv, statistics as st, sys
h = open(sys.argv[2]).read().strip().split(',')
rows = [dict(zip(h, r)) for r in csv.reader(open(sys.argv[1]))]
for w in dict.fromkeys(r['label'].split('|')[0] for r in rows):
    for s in ('kernel', 'port'):
        rs = [r for r in rows if r['label'].startswith(f'{w}|{s}|')]
        hits = [[float(v) for v in r['sec_hits_mps'].split(';')] for r in rs]
        wk = [[float(v) for v in r['sec_wakeups'].split(';')] for r in rs]
        n = min(len(x) for x in hits)
        print(f'{w} {s} ({len(rs)} runs): hits ' +
              ' '.join(f's{i + 1} {st.median(x[i] for x in hits):.2f}' for i in range(n)) +
              '; wake-ups a second ' + ' '.join(f'{st.median(x[i] for x in wk):.0f}'
                                               for i in range(n)))
