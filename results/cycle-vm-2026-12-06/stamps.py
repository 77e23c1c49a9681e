#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# stamps.sh's output: per run, the records' classes (stamps.sh) against the run's
# notifications: each class's count a notification, mean and median (to the
# 250-ns bucket), the share of 16 us or more, and the slow records' time a record.
#   stamps.py stamps.txt
import sys
def med(h, c):
    return next(b for b in range(64) if sum(h[:b + 1]) >= c / 2) * 0.25 if c else 0
def flush(head, r):
    if not r:
        return
    n = sum(r[k][0] for k in ('fast', 'slow1', 'slow2'))
    s = f"{head:32} hits {r['hits']:5.2f} notif/rec {r['notif'] / n:.4f} fast {r['fast'][1]:4.0f} ns"
    for k in ('slow1', 'slow2'):
        c, m, h = r[k]
        s += (f" | {k} {c / r['notif']:.2f}/notif mean {m / 1e3:5.2f} med {med(h, c):5.2f}"
              f" >=16us {h[63] / max(c, 1) * 100:2.0f}%")
    slow = (r['slow1'][0] * r['slow1'][1] + r['slow2'][0] * r['slow2'][1]) / n
    print(s + f" | slow ns/rec {slow:4.0f}")
head, r = None, {}
for line in open(sys.argv[1]):
    f = line.split()
    if line.startswith('=='):
        flush(head, r)
        head, r = ' '.join(f[1:5]), {}
    elif line.startswith('DIAG'):
        r[f[1]] = (int(f[3]), float(f[5]), list(map(int, f[8:72])))
    elif 'issued' in line:
        r['notif'] = int(f[1])
    elif line.startswith('Summary'):
        r['hits'] = float(f[2])
flush(head, r)
