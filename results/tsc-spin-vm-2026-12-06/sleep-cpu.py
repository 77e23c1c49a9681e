#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# sleep-runs.csv: per workload and side, the medians of hits (M/s), the process's user and
# system CPU seconds in the 1-s run, and the consumer's sleeps, the notifications and the
# consumer's wake-ups a consumed record; with lat, the medians of the p50, p90 and p99
# latency (us) and of the records a consumer's wake-up; usage: sleep-cpu.py RUNS.csv HEADER.csv [lat]
import csv, sys, collections, statistics as st
h = open(sys.argv[2]).read().strip().split(',')
g = collections.defaultdict(list)
for r in csv.reader(open(sys.argv[1])):
    d = dict(zip(h, r))
    w, s, rd = d['label'].split('|')
    c = float(d['consumed'])
    g[(w, s)].append((float(d['hits_mean_mps']), float(d['cpu_user_s']), float(d['cpu_sys_s']),
                      float(d['cons_sleeps']) / c, float(d['notifications']) / c,
                      float(d['wakeups']) / c, float(d['lat_p50_ns']) / 1e3,
                      float(d['lat_p90_ns']) / 1e3, float(d['lat_p99_ns']) / 1e3,
                      c / max(1, float(d['wakeups']))))
lat = 'lat' in sys.argv[3:]
for (w, s), v in sorted(g.items()):
    m = [st.median(x[i] for x in v) for i in range(len(v[0]))]
    if lat:
        print(f'{w:9s} {s:6s} p50 {m[6]:.1f} us p90 {m[7]:.1f} us p99 {m[8]:.1f} us '
              f'records a wake-up {m[9]:.1f}')
        continue
    print(f'{w:9s} {s:6s} hits {m[0]:.2f} user {m[1]:.2f} s sys {m[2]:.2f} s '
          f'sleeps/rec {m[3]:.4f} notifications/rec {m[4]:.4f} wake-ups/rec {m[5]:.4f}')
