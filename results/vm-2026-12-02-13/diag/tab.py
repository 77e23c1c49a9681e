#!/usr/bin/env python3
# d4096.sh's runs, a line each: records and attempts a second, wake-ups
# (epoll returns with records) and notifications a record (the kernel's: IRQ
# work interrupts), the consumer's sleeps (voluntary switches) a record, its
# CPU time, and its rounds by records: empty, 1, 2-7, 8 and more.
import csv, glob, os, re, sys
d = sys.argv[1]
rows = []
for f in sorted(glob.glob(f'{d}/*.csv')):
    name, side, rnd = os.path.basename(f[:-4]).rsplit('-', 2)
    r = next(csv.DictReader(open(f)))
    el = float(r['elapsed_s']) if r['elapsed_s'] else 2
    cons = int(r['consumed']); att = int(r['attempted'])
    wk = int(r['wakeups']) if r['wakeups'] else 0
    notif = r['notifications']
    err = open(f[:-4] + '.err').read()
    iwi = int(re.search(r'iwi (-?\d+)', err).group(1))
    m = re.search(r'nvcsw (\d+) nivcsw (\d+) utime ([\d.]+) stime ([\d.]+)', err)
    nv, cpu = int(m.group(1)), float(m.group(3)) + float(m.group(4))
    b = {}
    for k, n, rec, us in re.findall(r'n<(\d+): (\d+) rounds, (\d+) records, ([\d.]+) us', err):
        b[int(k)] = (int(n), int(rec), float(us))
    empty = b.get(1, (0, 0, 0))[0]; one = b.get(2, (0, 0, 0))[0]
    mid = sum(b.get(k, (0,))[0] for k in (4, 8)); big = sum(v[0] for k, v in b.items() if k >= 16)
    n_ = int(notif) if notif else iwi
    rows.append((name, rnd, side, cons / el / 1e6, att / el / 1e6, wk / cons, n_ / cons, nv / cons,
                 cpu / el, empty / el / 1e3, one / el / 1e3, mid / el / 1e3, big / el / 1e3))
print('| run | side | records M/s | attempts M/s | wake-ups/rec | notif/rec | sleeps/rec | '
      'cons CPU | empty k/s | 1 k/s | 2-7 k/s | 8+ k/s |')
print('|---|---|---|---|---|---|---|---|---|---|---|---|')
for x in sorted(rows, key=lambda x: (x[0], x[1], x[2])):
    print('| %s-%s | %s | %.3f | %.2f | %.3f | %.3f | %.3f | %.2f | %.1f | %.1f | %.1f | %.1f |' % x)
