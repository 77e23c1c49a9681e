#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# ab.sh's runs: per workload and side, each run's hits, then the medians of hits
# (and over the kernel's), notifications, wake-ups and consumer sleeps a record,
# p50 latency, and each run's regime (a: ahead, c: caught up, m: mixed).
#   summary.py RUNS.csv HEADER.csv
import csv, statistics as st, sys
h = open(sys.argv[2]).read().strip().split(',')
res = {}
for r in csv.reader(open(sys.argv[1])):
    x = dict(zip(h, r))
    w, s, n = x['label'].split('|')
    rec = int(x['consumed'])
    res.setdefault((w, s), []).append((float(x['hits_mean_mps']), int(x['notifications']) / rec,
                                       int(x['wakeups']) / rec, int(x['cons_sleeps']) / rec,
                                       float(x['lat_p50_ns']) / 1e3, x['regime'][:1]))
kern = {w: st.median(a[0] for a in v) for (w, s), v in res.items() if s == 'kernel'}
for (w, s), v in sorted(res.items()):
    m = [st.median(a[i] for a in v) for i in range(5)]
    print(f"{w:9} {s:7} hits {' '.join('%.2f' % a[0] for a in v)}")
    print(f"{'':17} median {m[0]:.2f} M/s (x{m[0] / kern[w]:.2f}) notifications/rec {m[1]:.4f} "
          f"wake-ups/rec {m[2]:.4f} sleeps/rec {m[3]:.4f} p50 {m[4]:.1f} us "
          f"regimes {''.join(a[5] for a in v)}")
