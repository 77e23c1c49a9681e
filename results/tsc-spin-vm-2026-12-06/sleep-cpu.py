#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# sleep-runs.csv: per workload and side, the medians of hits (M/s), the process's user and
# system CPU seconds in the 1-s run, and the consumer's sleeps, the notifications and the
# consumer's wake-ups a consumed record; usage: sleep-cpu.py RUNS.csv HEADER.csv
import csv, sys, collections, statistics as st
h = open(sys.argv[2]).read().strip().split(',')
g = collections.defaultdict(list)
for r in csv.reader(open(sys.argv[1])):
    d = dict(zip(h, r))
    w, s, rd = d['label'].split('|')
    c = float(d['consumed'])
    g[(w, s)].append((float(d['hits_mean_mps']), float(d['cpu_user_s']), float(d['cpu_sys_s']),
                      float(d['cons_sleeps']) / c, float(d['notifications']) / c,
                      float(d['wakeups']) / c))
for (w, s), v in sorted(g.items()):
    m = [st.median(x[i] for x in v) for i in range(6)]
    print(f'{w:9s} {s:6s} hits {m[0]:.2f} user {m[1]:.2f} s sys {m[2]:.2f} s '
          f'sleeps/rec {m[3]:.4f} notifications/rec {m[4]:.4f} wake-ups/rec {m[5]:.4f}')
