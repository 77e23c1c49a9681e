#!/usr/bin/env python3
"""The calibrated consumer's window between its last look at the ring and its sleep: the
diag build's announcement times (PATH.looks, CLOCK_MONOTONIC, taken right after the look
that found nothing), with the trace's events put on that clock (clockmap.py), against the consumer's
epoll_wait() entry and switch-out that follow, and the commits that fell in between
(for the kernel's consumer, from its epoll_wait() entry).
usage: looks.py TRACE CALLS_PREFIX [TSC_MHZ]"""
import bisect, collections, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clockmap  # noqa: E402

mhz = float(sys.argv[3]) if len(sys.argv) > 3 else 2096.020
raw, to_mono, quality = clockmap.read(sys.argv[1], mhz)
ev = sorted((to_mono(t), p, e, r) for t, p, c, e, r in raw)
calls = collections.Counter(p for t, p, e, r in ev if e == 'sys_enter' and r.startswith('NR 232 '))
cons = calls.most_common(1)[0][0]
enters = [t for t, p, e, r in ev if p == cons and e == 'sys_enter' and r.startswith('NR 232 ')]
sleeps = [t for t, p, e, r in ev if e == 'sched_switch' and ('prev_pid=%d ' % cons) in r
          and 'prev_state=R' not in r]
# without announcements (the kernel's consumer: its look is inside epoll_wait()), the
# epoll_wait() entry stands for the look: the share of sleeps with a commit in between is
# then an upper bound
try:
    looks = sorted(int(l) for l in open(sys.argv[2] + '.looks'))
except OSError:
    looks = []
if not looks:
    looks = enters
M32 = 1 << 32
commits = []
for l in open(sys.argv[2] + '.lat'):
    ts, now = map(int, l.split())
    commits.append(now - ((now - ts) % M32) if ts < M32 <= now else ts)
commits.sort()
lo, hi = ev[0][0] + 1.0e9, ev[-1][0] - 0.2e9
w, le, caught = [], [], 0
for s in sleeps:
    if not lo < s < hi:
        continue
    i = bisect.bisect_right(looks, s) - 1
    j = bisect.bisect_right(enters, s) - 1
    if i < 0 or j < 0 or s - looks[i] > 50000:
        continue
    w.append(s - looks[i])
    le.append(enters[j] - looks[i])
    k = bisect.bisect_right(commits, looks[i])
    caught += k < len(commits) and commits[k] < s
q = lambda v, p: sorted(v)[int(p * (len(v) - 1))]
print('%d sleeps; last look -> epoll_wait() entry p10 %.0f p50 %.0f p90 %.0f ns; last look -> '
      'switch-out p10 %.0f p50 %.0f p90 %.0f ns; a commit between the two in %.1f%%'
      % (len(w), q(le, .1), q(le, .5), q(le, .9), q(w, .1), q(w, .5), q(w, .9), 100.0 * caught / len(w)))
