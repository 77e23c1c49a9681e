#!/usr/bin/env python3
"""The consumer's sleeps against the producer's commits, on one clock. A trace.sh trace
(x86-tsc) with mark.c's markers before and after the run (clockmap.py),
and the diag build's record trace (PATH.calls.lat: each record's stamp, just before its
commit, and its callback time, CLOCK_MONOTONIC). Per sleep of the consumer (its switch-out
to sleep): the waking that ends it, the notification that made the waking (the kernel's
irq_work entry on the producer's CPU, the port's eventfd write's system call entry), the
commit before that notification, and the commit before the sleep.
usage: commits.py TRACE CALLS_PREFIX [TSC_MHZ]"""
import bisect, collections, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clockmap  # noqa: E402

mhz = float(sys.argv[3]) if len(sys.argv) > 3 else 2096.020
raw, to_mono, quality = clockmap.read(sys.argv[1], mhz)
ev = [(to_mono(t), p, c, e, r) for t, p, c, e, r in raw]
ev.sort()
calls = collections.Counter(p for t, p, c, e, r in ev if e == 'sys_enter' and r.startswith('NR 232 '))
cons = calls.most_common(1)[0][0]
M32 = 1 << 32
lat = []
for l in open(sys.argv[2] + '.lat'):
    ts, now = map(int, l.split())
    if ts < M32 <= now:  # a compact record's low 32 bits of ns
        ts = now - ((now - ts) % M32)
    lat.append((ts, now))
lat.sort()
commits = [x[0] for x in lat]
cb = dict((ts, now) for ts, now in lat)
lo, hi = ev[0][0] + 1.0e9, ev[-1][0] - 0.2e9
notes = [t for t, p, c, e, r in ev if (e == 'irq_work_entry' and c == 0) or
         (e == 'sys_enter' and p != cons and r.startswith('NR 1 '))]
sleeps, wakings, rets = [], [], []
for t, p, c, e, r in ev:
    if e == 'sched_switch' and ('prev_pid=%d ' % cons) in r and 'prev_state=R' not in r:
        sleeps.append(t)
    elif e == 'sched_waking' and ('pid=%d ' % cons) in r:
        wakings.append(t)
    elif e == 'sys_exit' and p == cons and r.startswith('NR 232 '):
        rets.append(t)
D = collections.defaultdict(list)
before = spurious = total = 0
for s in sleeps:
    if not lo < s < hi:
        continue
    i = bisect.bisect_right(wakings, s)
    if i >= len(wakings):
        continue
    w = wakings[i]
    j = bisect.bisect_right(notes, w) - 1
    k = bisect.bisect_right(commits, s) - 1
    if j < 0 or k < 0:
        continue
    nt = notes[j]
    q = bisect.bisect_right(commits, nt) - 1
    if q < 0:
        continue
    cw = commits[q]
    total += 1
    D['sleep -> waking'].append(w - s)
    D['commit -> its notification'].append(nt - cw)
    D['notification -> waking'].append(w - nt)
    D['last commit before the sleep -> sleep'].append(s - commits[k])
    if cw < s:
        before += 1
        D['(woken for a commit before the sleep) commit -> sleep'].append(s - cw)
    else:
        D['(woken for a commit after the sleep) sleep -> commit'].append(cw - s)
    if cb.get(cw, 1e30) < w:
        spurious += 1
q = lambda v, p: sorted(v)[int(p * (len(v) - 1))]
print('clock: the markers used read %.0f ns apart around their writes; consumer %d; %d sleeps in the window' % (quality, cons, total))
print('woken for a commit made before it slept: %.1f%%; that record already taken before the waking: %.1f%%'
      % (100.0 * before / total, 100.0 * spurious / total))
for k, v in D.items():
    print('  %-55s n %6d  p10 %7.0f  p25 %7.0f  p50 %7.0f  p75 %7.0f  p90 %7.0f' %
          (k, len(v), q(v, .1), q(v, .25), q(v, .5), q(v, .75), q(v, .9)))
