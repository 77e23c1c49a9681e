import re, sys, collections
PAT = re.compile(r'^\s*(.+?)-(\d+)\s+\[(\d+)\]\s+(\S+)\s+(\d+): (\w+): (.*)$')
mhz = 2096.020
ev = []
for line in open(sys.argv[1]):
    m = PAT.match(line)
    if m: ev.append((int(m.group(5)) / mhz * 1000.0, int(m.group(2)), m.group(6), m.group(7)))
ev.sort()
c = collections.Counter(p for t, p, e, r in ev if e == 'sys_enter' and r.startswith('NR 232 '))
cons = c.most_common(1)[0][0]
lo, hi = ev[0][0] + 1.0e9, ev[-1][0] - 0.2e9
hist = collections.Counter(); incall = False; n = 0; ret = collections.Counter()
for t, p, e, r in ev:
    if e == 'sys_enter' and p == cons and r.startswith('NR 232 '):
        incall = True; n = 0
    elif e == 'sched_switch' and ('prev_pid=%d ' % cons) in r and incall:
        n += 1
    elif e == 'sys_exit' and p == cons and r.startswith('NR 232 '):
        if incall and lo < t < hi:
            hist[n] += 1; ret[(n > 0, r.split('= ')[1])] += 1
        incall = False
tot = sum(hist.values())
print('epoll_wait calls %d; switch-outs within a call: %s' % (tot, ', '.join('%d: %.1f%%' % (k, 100 * v / tot) for k, v in sorted(hist.items()))))
print('returned (slept?, value):', dict(ret))
