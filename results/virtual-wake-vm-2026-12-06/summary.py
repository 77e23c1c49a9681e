#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# virtual.sh's runs: per workload and side (the kernel, virtual time with the
# profile's wake, with wake=NS), the medians of hits, notifications a record,
# wake-ups a record and p50, the ratio of hits and wake-ups to the kernel's,
# and each run's regime (a: ahead, c: caught up, m: mixed).
#   summary.py RUNS.csv HEADER.csv
import csv, statistics as st, sys
h = open(sys.argv[2]).read().strip().split(',')
num = lambda v: float(v) if v else 0.0
res, order = {}, []
for r in csv.reader(open(sys.argv[1])):
    x = dict(zip(h, r))
    w, s, n = x['label'].split('|')
    if w not in order:
        order.append(w)
    rec = num(x['consumed']) or 1
    res.setdefault(w, {}).setdefault(s, []).append(
        (num(x['hits_mean_mps']), num(x['notifications']) / rec, num(x['wakeups']) / rec,
         num(x['lat_p50_ns']) / 1e3, x['regime'][:1] or '-'))
for w in order:
    k = res[w]['kernel']
    kh, kw = st.median(a[0] for a in k), st.median(a[2] for a in k)
    for s, v in res[w].items():
        m = [st.median(a[i] for a in v) for i in range(4)]
        print(f"{w:11} {s:7} hits {m[0]:7.3f} (x{m[0] / kh:.2f}) notif/rec {m[1]:.4f} "
              f"wake-ups/rec {m[2]:.4f} (x{m[2] / kw if kw else 0:.2f}) p50 {m[3]:6.1f} us "
              f"regimes {''.join(a[4] for a in v)}")
