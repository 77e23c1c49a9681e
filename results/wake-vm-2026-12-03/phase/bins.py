#!/usr/bin/env python3
"""waited calls: the first record's wake latency (callback - stamp) by how long after the
call's start it was stamped, per workload and side, rounds pooled"""
import bisect, collections, glob, os, re, sys
out = sys.argv[1]; wl = sys.argv[2]
M32 = 1 << 32
def q(v, p):
    v = sorted(v); return v[min(len(v) - 1, int(p * (len(v) - 1) + 0.5))]
B = [x * 0.5 for x in range(0, 21)] + [15, 20, 40, 1e9]
res = collections.defaultdict(lambda: collections.defaultdict(list))
for f in sorted(glob.glob(out + '/traces/%s-*.txt' % wl)):
    m = re.match(r'.*-(kernel|port|pure)-(\d+)\.txt$', f)
    if not m: continue
    side = m.group(1)
    calls = [tuple(map(int, l.split())) for l in open(f)]
    lat = []
    for l in open(f + '.lat'):
        ts, now = map(int, l.split())
        if ts < M32 and now >= M32: ts = now - ((now - ts) % M32)
        lat.append((now, ts))
    lat.sort(); cbs = [x[0] for x in lat]
    for t0, dur, n in calls:
        if n <= 0: continue
        j = bisect.bisect_left(cbs, t0); k = bisect.bisect_right(cbs, t0 + dur)
        if j >= k: continue
        now, ts = lat[j]
        a = (ts - t0) / 1e3
        if a <= 0: continue
        b = bisect.bisect_right(B, a) - 1
        res[side][b].append((now - ts) / 1e3)
print('%s: waited calls, first record stamped A us after the call began: count, wake latency p25/p50/p75 (us)' % wl)
print('%-9s' % 'A (us)' + ''.join('%-28s' % s for s in ('kernel', 'port', 'pure')))
for b in range(len(B) - 1):
    line = '%-9s' % ('%g-%g' % (B[b], B[b + 1]) if B[b + 1] < 1e9 else '>%g' % B[b])
    for s in ('kernel', 'port', 'pure'):
        v = res[s][b]
        line += '%-28s' % ('%6d %5.1f/%5.1f/%5.1f' % (len(v), q(v, .25), q(v, .5), q(v, .75)) if v else '-')
    print(line)
