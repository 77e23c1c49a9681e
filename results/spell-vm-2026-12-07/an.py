#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# run.sh's iterations (a short calibrate's notify, then the kernel's and the
# calibrated port's default run, in turn) by the notification's state the
# calibrate read (kernel - port, ns): per band of it, the kernel's and the
# calibrated port's median hits, their ratio run for run and how many within
# 25%, notifications a record, runs caught up; then the slow spells (notify
# 6500 ns or more) as runs of consecutive iterations.
#   an.py runs.txt
import statistics as st, sys
rows = [l.strip().split('|') for l in open(sys.argv[1]).read().split('\n')[1:] if l.strip()]
its = []
for t, nk, nd, s, h, n, w, r in rows:
    if not its or its[-1]['nd'] != float(nd) or s in its[-1]:
        its.append({'t': t, 'nd': float(nd)})
    its[-1][s] = (float(h), float(n), r)
its = [i for i in its if 'kernel' in i and 'cal' in i]
print(f'{len(its)} iterations, {its[0]["t"]} to {its[-1]["t"]} UTC; notify (kernel - port) '
      f'{min(i["nd"] for i in its):.0f} to {max(i["nd"] for i in its):.0f} ns, median '
      f'{st.median(i["nd"] for i in its):.0f}')
for lo, hi in ((0, 5600), (5600, 6500), (6500, 1e9)):
    p = [i for i in its if lo <= i['nd'] < hi]
    if not p:
        continue
    k = [i['kernel'][0] for i in p]
    c = [i['cal'][0] for i in p]
    r = [b / a for a, b in zip(k, c)]
    print(f'notify {lo}-{hi if hi < 1e9 else "":}: {len(p)} iterations; hits, kernel {st.median(k):.2f}, '
          f'calibrated {st.median(c):.2f} M/s, ratio run for run median x{st.median(r):.2f}, '
          f'{sum(0.75 <= x <= 1.25 for x in r)} of {len(r)} within 25%; notifications a record '
          f'{st.median(i["kernel"][1] for i in p):.4f} and {st.median(i["cal"][1] for i in p):.4f}; '
          f'runs caught up {sum(i["kernel"][2] == "c" for i in p)} and '
          f'{sum(i["cal"][2] == "c" for i in p)}')
spells, cur = [], []
for i in its:
    if i['nd'] >= 6500:
        cur.append(i)
    elif cur:
        spells.append(cur)
        cur = []
if cur:
    spells.append(cur)
print('slow spells (iterations in a row, from): ' +
      ', '.join(f'{len(s)} at {s[0]["t"]}' for s in spells))
