#!/usr/bin/env python3
"""per run: the consumer's calls matched with the stamped records they took"""
import bisect, glob, os, re, sys, statistics as st
out = sys.argv[1]
M32 = 1 << 32
def q(v, p):
    if not v: return float('nan')
    v = sorted(v); return v[min(len(v) - 1, int(p * (len(v) - 1) + 0.5))]
rows = []
for f in sorted(glob.glob(out + '/traces/*.txt')):
    m = re.match(r'(.*)-(kernel|port|pure)-(\d+)\.txt$', os.path.basename(f))
    if not m or not os.path.exists(f + '.lat'): continue
    calls = [tuple(map(int, l.split())) for l in open(f)]
    lat = []
    for l in open(f + '.lat'):
        ts, now = map(int, l.split())
        if ts < M32 and now >= M32:
            ts = now - ((now - ts) % M32)
        lat.append((now, ts))
    lat.sort()
    cbs = [x[0] for x in lat]
    waited, backlog, wl, ov, npc, lats = 0, 0, [], [], [], []
    for t0, dur, n in calls:
        if n <= 0: continue
        j = bisect.bisect_left(cbs, t0)
        k = bisect.bisect_right(cbs, t0 + dur)
        if j >= k: continue
        now, ts = lat[j]
        npc.append(n)
        for x in lat[j:k]: lats.append(x[0] - x[1])
        if ts > t0:
            waited += 1; wl.append(now - ts)
        else:
            backlog += 1; ov.append(now - t0)
    tot = waited + backlog
    if not tot: continue
    rows.append((m.group(1), m.group(3), m.group(2), tot, 100.0 * waited / tot, q(wl, .1), q(wl, .5), q(wl, .9),
                 q(ov, .5), st.mean(npc), q(lats, .5)))
print('workload round side calls waited% wake_p10 wake_p50 wake_p90 backlog_first_p50 rec/call lat_p50 (ns)')
for r in sorted(rows, key=lambda r: (r[0], int(r[1]), r[2])):
    print('%-12s %s %-6s %6d %5.1f%% %7.0f %7.0f %7.0f %7.0f %6.2f %7.0f' % r)
