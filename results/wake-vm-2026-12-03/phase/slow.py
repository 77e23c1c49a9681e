#!/usr/bin/env python3
"""per run: of the consumer's calls whose first record was stamped after the call began
(it found the ring empty), the share whose first record waited 9 us or more for its
callback (a sleeping consumer's wake-up on this host), and the records per call"""
import bisect, collections, glob, re, sys, statistics as st
M32 = 1 << 32
out, wl = sys.argv[1], sys.argv[2]
res = collections.defaultdict(list)
for f in sorted(glob.glob(out + '/traces/%s-*.txt' % wl)):
    m = re.match(r'.*-(kernel|port|pure|entry|nw|futex)-(\d+)\.txt$', f)
    if not m: continue
    calls = [tuple(map(int, l.split())) for l in open(f)]
    lat = []
    for l in open(f + '.lat'):
        ts, now = map(int, l.split())
        if ts < M32 and now >= M32: ts = now - ((now - ts) % M32)
        lat.append((now, ts))
    lat.sort(); cbs = [x[0] for x in lat]
    w = s = 0; recs = []
    for t0, dur, n in calls:
        if n <= 0: continue
        recs.append(n)
        j = bisect.bisect_left(cbs, t0); k = bisect.bisect_right(cbs, t0 + dur)
        if j >= k: continue
        now, ts = lat[j]
        if ts > t0:
            w += 1; s += (now - ts) >= 9000
    res[m.group(1)].append((int(m.group(2)), w, 100.0 * s / max(w, 1), st.mean(recs)))
for side in ('kernel', 'port', 'entry', 'nw', 'futex', 'pure'):
    if side in res:
        print('%-7s' % side, '  '.join('r%d: %d calls found it empty, %.0f%% slow, %.2f rec/call' % x for x in sorted(res[side])))
