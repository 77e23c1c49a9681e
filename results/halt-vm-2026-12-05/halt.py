#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""halt.csv's medians by place in the pattern, and the halts a long sleep counts.

usage: halt.py halt.csv [--halts]
Without --halts: per grid, long and short nap, the consumer's wake-up (us,
median of the repetitions but the first 2) at each place 0-8 (0: after the
long nap), then the producer's own lateness. With --halts: the --vcosts
haltpoll= list read off the shrink grid: after a long nap of L the window
(160 us after naps of 100 us: 10, 20, 40, 80, 160) takes as many slow
wake-ups to grow back as it was halved, up to 5 (halved to 0), so the slow
wake-ups in a row after L (a wake-up is slow above the geometric mean of
the places 7-8 and the 100 us spin grid's place 0 after 1 ms) are its halts;
each L whose count is more than the one before's is listed as L:N.
"""
import csv
import math
import statistics
import sys

rows = [r for r in csv.DictReader(open(sys.argv[1])) if int(r['rep']) >= 2]
by = {}
for r in rows:
    key = (r['grid'], int(r['long_us']), int(r['short_us']))
    by.setdefault(key, {}).setdefault(int(r['idx']), []).append(
        (int(r['late_ns']) / 1e3, int(r['wake_ns']) / 1e3))


def med(key, idx, col):
    return statistics.median(x[col] for x in by[key][idx])


if '--halts' not in sys.argv:
    print('grid   long_us short_us | wake-up p50 (us), places 0-8 | producer late p50 (us)')
    for key in sorted(by):
        w = ' '.join('%6.1f' % med(key, i, 1) for i in sorted(by[key]))
        late = ' '.join('%6.1f' % med(key, i, 0) for i in sorted(by[key]))
        print('%-6s %7d %8d | %s | %s' % (key + (w, late)))
    sys.exit(0)
shrink = sorted(k for k in by if k[0] == 'shrink')
fast = statistics.median(med(k, i, 1) for k in shrink for i in (7, 8))
slow = statistics.median(med(k, 1, 1) for k in shrink if k[1] >= 10000)
cut = math.sqrt(fast * slow)
out, last = [], 1
for k in shrink:
    n = 0
    while n < 8 and med(k, n + 1, 1) > cut:
        n += 1
    if k[1] > 200 and n > last:
        out.append('%dus:%d' % (k[1], min(n, 64)))
        last = n
print('/'.join(out))
