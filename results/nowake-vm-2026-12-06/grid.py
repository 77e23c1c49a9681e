#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# spread.sh's runs of the whole prediction grid with SIDES="kernel cal nowake":
# per workload, each port's median over the kernel's for hits, drop fraction,
# wake-ups a record and p50, "ok" within the band (hits and wake-ups
# +-25%, drop fraction +-25% or +-0.5 points, p50 within 2x), then the count of
# workloads within every band, those that fit the CPUs apart from the
# oversubscribed ones (more threads than CPUs: the 1cpu and 2p cases).
#   grid.py RUNS.csv HEADER.csv
import csv, statistics as st, sys
h = open(sys.argv[2]).read().strip().split(',')
num = lambda v: float(v) if v else 0.0
runs = {}
order = []
for r in csv.reader(open(sys.argv[1])):
    x = dict(zip(h, r))
    w, s, n = x['label'].split('|')
    if w not in order:
        order.append(w)
    rec = num(x['consumed']) or 1
    att = num(x['attempted'])
    runs.setdefault(w, {}).setdefault(s, []).append({
        'hits': num(x['hits_mean_mps']),
        'drops': (num(x['drops_no_space']) + num(x['drops_lock'])) / att * 100 if att else 0,
        'wakeups': num(x['wakeups']) / rec, 'p50': num(x['lat_p50_ns']) / 1e3,
        'over': x['oversubscribed'] == '1'})
def ok(fig, a, b):
    if fig == 'drops':
        return abs(a - b) <= 0.5 or (b > 0 and abs(a / b - 1) <= 0.25)
    if b <= 0:
        return a <= 0
    r = a / b
    return 0.5 <= r <= 2 if fig == 'p50' else 0.75 <= r <= 1.25
figs = ('hits', 'drops', 'wakeups', 'p50')
every = {'cal': [0, 0], 'nowake': [0, 0]}
print('| workload | ' + ' | '.join(f'{f}: cal / woken wait free' for f in figs) + ' |')
print('|---' * (len(figs) + 1) + '|')
for w in order:
    k = runs[w]['kernel']
    over = any(x['over'] for x in k)
    cells = []
    allok = {'cal': True, 'nowake': True}
    for f in figs:
        mk = st.median(x[f] for x in k)
        parts = []
        for s in ('cal', 'nowake'):
            mc = st.median(x[f] for x in runs[w][s])
            good = ok(f, mc, mk)
            allok[s] &= good
            if f == 'drops':
                parts.append(f"{mc:.2f}%{'' if good else ' **miss**'}")
            else:
                parts.append(f"x{mc / mk:.2f}{'' if good else ' **miss**'}" if mk else '-')
        cells.append(' / '.join(parts) + (f" (kernel {mk:.2f}%)" if f == 'drops' else ''))
    for s in allok:
        every[s][1 if over else 0] += allok[s]
    print(f"| {w}{' (oversubscribed)' if over else ''} | " + ' | '.join(cells) + ' |')
n_fit = sum(1 for w in order if not any(x['over'] for x in runs[w]['kernel']))
print(f"\nwithin every band, of {n_fit} workloads that fit the CPUs: calibrated {every['cal'][0]}, "
      f"woken wait free {every['nowake'][0]}; of {len(order) - n_fit} oversubscribed: "
      f"{every['cal'][1]} and {every['nowake'][1]}")
