#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""run.sh's CSV: per side the median (min-max) hits of the measured second, and over
each whole run (warm-up included) notifications, consumer wake-ups, eventfd or futex
wake calls (notify_writes) and busy stops per consumed record; then per round cas with
the delay inside its BUSY time against the same delay before its reservation.
usage: summary.py runs.csv"""
import csv
import statistics as st
import sys

rows = list(csv.DictReader(open(sys.argv[1])))


def extra(r, k):
    for kv in r['extra'].split(';'):
        if kv.startswith(k + '='):
            return float(kv.split('=', 1)[1])
    return 0.0


def figs(r):
    c = float(r['consumed']) or 1
    return {'hits': float(r['hits_mean_mps']), 'notif': float(r['notifications']) / c,
            'wake': float(r['wakeups']) / c, 'writes': extra(r, 'notify_writes') / c,
            'busy': extra(r, 'busy_stops') / c}


sides = ['kernel', 'elsewhere', 'ttas', 'era69', 'cas', 'pre', 'busy', 'kbusy', 'cbusy']
names = {'kernel': 'kernel (queued lock)', 'cas': 'cas', 'pre': 'cas, delay before reserve',
         'busy': 'cas, delay in BUSY time', 'elsewhere': 'kernel, pending_pos apart',
         'ttas': 'kernel, test-and-set lock', 'era69': '6.9 (no pending_pos)',
         'kbusy': 'kernel, busy poll, no wake-ups', 'cbusy': 'cas, busy poll, no wake-ups'}
by = {s: [figs(r) for r in rows if r['side'] == s] for s in sides}
print(f'{"side":28} {"runs":>4} {"hits M/s":>20} {"notif/rec":>10} {"wake/rec":>9} '
      f'{"writes/rec":>10} {"busy/rec":>9}')
for s in sides:
    v = by[s]
    if not v:
        continue
    h = [x['hits'] for x in v]
    print(f'{names[s]:28} {len(v):4d} {st.median(h):6.2f} ({min(h):5.2f}-{max(h):5.2f}) '
          f'{st.median(x["notif"] for x in v):10.4f} {st.median(x["wake"] for x in v):9.4f} '
          f'{st.median(x["writes"] for x in v):10.4f} {st.median(x["busy"] for x in v):9.4f}')
rounds = sorted({r['round'] for r in rows}, key=int)


def per_round(a, b):
    """per round where both ran: (notifications a record, hits) of side a over side b"""
    out = []
    for rd in rounds:
        x = [figs(r) for r in rows if r['round'] == rd and r['side'] == a]
        y = [figs(r) for r in rows if r['round'] == rd and r['side'] == b]
        if x and y:
            out.append((x[0]['notif'] / y[0]['notif'], x[0]['hits'] / y[0]['hits']))
    return out


el = per_round('elsewhere', 'kernel')
ratio = per_round('busy', 'pre')
if el:
    print(f'\nper round, pending_pos apart over the kernel reservation: notifications a '
          f'record median x{st.median(r[0] for r in el):.3f} '
          f'({min(r[0] for r in el):.3f}-{max(r[0] for r in el):.3f}); hits median '
          f'x{st.median(r[1] for r in el):.3f} ({min(r[1] for r in el):.3f}-'
          f'{max(r[1] for r in el):.3f}), more in {sum(r[1] > 1 for r in el)} of {len(el)}')
if ratio:
    print(f'\nper round, delay in BUSY time over delay before reserve: notifications a '
          f'record median x{st.median(r[0] for r in ratio):.3f} '
          f'({min(r[0] for r in ratio):.3f}-{max(r[0] for r in ratio):.3f}), more in '
          f'{sum(r[0] > 1 for r in ratio)} of {len(ratio)} rounds; hits median '
          f'x{st.median(r[1] for r in ratio):.3f}')
