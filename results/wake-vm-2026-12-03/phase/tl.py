import sys, bisect
f = sys.argv[1]; start = int(sys.argv[2]) if len(sys.argv) > 2 else 1000; cnt = int(sys.argv[3]) if len(sys.argv) > 3 else 25
M32 = 1 << 32
calls = [tuple(map(int, l.split())) for l in open(f)]
lat = []
for l in open(f + '.lat'):
    ts, now = map(int, l.split())
    if ts < M32 and now >= M32: ts = now - ((now - ts) % M32)
    lat.append((now, ts))
lat.sort(); cbs = [x[0] for x in lat]
T = calls[start][0]; prev_end = None
for t0, dur, n in calls[start:start + cnt]:
    j = bisect.bisect_left(cbs, t0); k = bisect.bisect_right(cbs, t0 + dur)
    recs = ' '.join('[ts%+.1f cb%+.1f]' % ((ts - t0) / 1e3, (now - t0) / 1e3) for now, ts in lat[j:k])
    gap = '' if prev_end is None else 'gap %.1f' % ((t0 - prev_end) / 1e3)
    print('t0 %8.1f us %s dur %6.1f n %d  %s' % ((t0 - T) / 1e3, gap, dur / 1e3, n, recs))
    prev_end = t0 + dur
