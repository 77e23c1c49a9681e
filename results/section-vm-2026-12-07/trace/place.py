#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# One kept trace of keep.sh: where each wake-up of the consumer (the rbsim
# thread that went to sleep most often) ran it: the waker's CPU (sched_waking
# is traced on it), the CPU the consumer slept on (sched_waking's target_cpu)
# and the one it was woken onto (the next sched_wakeup's target_cpu).
#   place.py TRACE
import collections, re, sys
line_re = re.compile(r'^\s*(.*)-(\d+)\s+\[(\d+)\]\s+\S+\s+(\d+): (\w+): (.*)$')
sleeps, ev = collections.Counter(), []
for l in open(sys.argv[1]):
    m = line_re.match(l)
    if not m:
        continue
    comm, tid, cpu, t, name, rest = m.groups()
    if name == 'sched_switch':
        if re.search(r'prev_state=(\S+)', rest).group(1).startswith('S'):
            sleeps[int(re.search(r'prev_pid=(\d+)', rest).group(1))] += 1
    elif name in ('sched_waking', 'sched_wakeup'):
        ev.append((int(t), name, int(re.search(r' pid=(\d+)', rest).group(1)),
                   int(re.search(r'target_cpu=(\d+)', rest).group(1)), int(cpu)))
cons = sleeps.most_common(1)[0][0]
c, waking = collections.Counter(), None
for t, name, pid, tc, cpu in sorted(ev):
    if pid != cons:
        continue
    if name == 'sched_waking':
        waking = (cpu, tc)
    elif waking:
        c[waking + (tc,)] += 1
        waking = None
n = sum(c.values())
print('%s: %d wake-ups of the consumer' % (sys.argv[1].rsplit('/', 1)[-1], n))
for (w, prev, to), k in c.most_common():
    print('  waker on CPU %d, consumer slept on %d, woken onto %d: %d (%.2f%%)%s' %
          (w, prev, to, k, 100.0 * k / n, '  <- onto the waker\'s CPU' if to == w else ''))
