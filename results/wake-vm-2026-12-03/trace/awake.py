import re, sys, statistics as st
PAT = re.compile(r'^\s*(.+?)-(\d+)\s+\[(\d+)\]\s+(\S+)\s+(\d+): (sys_enter|sys_exit): NR (\d+)')
mhz = 2096.020
ev = []
for line in open(sys.argv[1]):
    m = PAT.match(line)
    if m: ev.append((int(m.group(5)) / mhz * 1000.0, int(m.group(2)), m.group(6), int(m.group(7))))
ev.sort()
from collections import Counter
c = Counter(p for t, p, e, nr in ev if nr == 232 and e == 'sys_enter')
cons = c.most_common(1)[0][0]
ev = [e for e in ev if e[1] == cons]
lo, hi = ev[0][0] + 1.0e9, ev[-1][0] - 0.2e9
aw = []; reads = []; rcount = []; enter = None; cur = None; rs = 0; rn = 0; rin = None
for t, p, e, nr in ev:
    if nr == 232 and e == 'sys_exit':
        cur = t; rs = 0; rn = 0
    elif nr == 232 and e == 'sys_enter':
        if cur is not None and lo < t < hi:
            aw.append(t - cur); reads.append(rs); rcount.append(rn)
        cur = None
    elif nr == 0 and e == 'sys_enter':
        rin = t
    elif nr == 0 and e == 'sys_exit' and rin is not None:
        rs += t - rin; rn += 1; rin = None
q = lambda v, p: sorted(v)[int(p * (len(v) - 1))]
print('awake periods', len(aw), 'p50 awake %.0f ns, reads in it p50 %.0f ns (count mean %.2f), awake less reads p50 %.0f' % (
    q(aw, .5), q(reads, .5), st.mean(rcount), q([a - r for a, r in zip(aw, reads)], .5)))
