#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# What a profile's span of blocks would have charged for notify over
# spell-vm-2026-12-07's ten minutes: each iteration's short calibrate read
# the kernel - port notification once (about 3.4 s apart); for windows of W
# seconds starting at each iteration, the mean of the readings inside, and
# how those means spread (10th, 50th, 90th percentile, the largest) and how
# often they reach 5.8 and 6.0 us.
#   window.py ../spell-vm-2026-12-07/runs.txt
import statistics as st, sys


def secs(t):
    h, m, s = map(int, t.split(':'))
    return h * 3600 + m * 60 + s


reads, last = [], None
for line in open(sys.argv[1]).read().split('\n')[1:]:
    if not line.strip():
        continue
    f = line.split('|')
    if f[2] != last:   # the two runs of an iteration repeat its reading
        reads.append((secs(f[0]), float(f[2])))
        last = f[2]
print(f'{len(reads)} readings over {reads[-1][0] - reads[0][0]} s')
print('window_s|windows|p10|p50|p90|max|ge5800_pct|ge6000_pct')
for w in (40, 80, 120, 180, 240):
    means = sorted(st.mean(d for u, d in reads if t <= u < t + w)
                   for t, _ in reads if reads[-1][0] - t >= w)
    q = lambda p: means[int(p * (len(means) - 1))]
    pct = lambda x: 100 * sum(m >= x for m in means) / len(means)
    print(f'{w}|{len(means)}|{q(.1):.0f}|{q(.5):.0f}|{q(.9):.0f}|{means[-1]:.0f}|'
          f'{pct(5800):.0f}|{pct(6000):.0f}')
