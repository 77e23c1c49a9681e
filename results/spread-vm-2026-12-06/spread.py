#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# spread.sh's runs: per workload, figure and side, every run's figure, the
# median, and the calibrated port's median over the kernel's; then how often
# one kernel run against another misses the band for that figure
# (every pair of its runs), as a sitting of single runs judging the kernel
# against itself would.
#   spread.py RUNS.csv HEADER.csv
import csv, itertools, statistics as st, sys
h = open(sys.argv[2]).read().strip().split(',')
num = lambda v: float(v) if v else 0.0
runs = {}
for r in csv.reader(open(sys.argv[1])):
    x = dict(zip(h, r))
    w, s, n = x['label'].split('|')
    rec = num(x['consumed']) or 1
    att = num(x['attempted'])
    drop = (num(x['drops_no_space']) + num(x['drops_lock'])) / att * 100 if att else 0
    runs.setdefault(w, {}).setdefault(s, []).append({
        'hits': num(x['hits_mean_mps']), 'drops': drop, 'wakeups': num(x['wakeups']) / rec,
        'p50': num(x['lat_p50_ns']) / 1e3, 'regime': x['regime'][:1] or '-'})
def ok(fig, a, b):
    if fig == 'drops':
        return abs(a - b) <= 0.5 or (b > 0 and abs(a / b - 1) <= 0.25)
    if b <= 0:
        return a <= 0
    r = a / b
    return 0.5 <= r <= 2 if fig == 'p50' else 0.75 <= r <= 1.25
fmt = {'hits': '%.3f', 'drops': '%.2f', 'wakeups': '%.4f', 'p50': '%.1f'}
unit = {'hits': 'M/s', 'drops': '%', 'wakeups': 'a record', 'p50': 'us'}
names = {'cal': 'calibrated', 'nowake': 'woken wait free'}
for w, sides in runs.items():
    k = sides['kernel']
    ports = [s for s in ('cal', 'nowake') if s in sides]
    print(f"{w}: regimes kernel {''.join(x['regime'] for x in k)}, " +
          ', '.join(f"{names[s]} {''.join(x['regime'] for x in sides[s])}" for s in ports))
    for fig in ('hits', 'drops', 'wakeups', 'p50'):
        mk = st.median(x[fig] for x in k)
        pairs = list(itertools.combinations([x[fig] for x in k], 2))
        miss = sum(1 for a, b in pairs if not ok(fig, a, b))
        print(f"  {fig:8} ({unit[fig]}) kernel {' '.join(fmt[fig] % x[fig] for x in k)} | median "
              f"{fmt[fig] % mk}; kernel run against kernel run out of its band: {miss} of {len(pairs)} pairs")
        for s in ports:
            c = sides[s]
            mc = st.median(x[fig] for x in c)
            ratio = f"x{mc / mk:.2f}" if mk else '-'
            print(f"  {'':8} {names[s]} {' '.join(fmt[fig] % x[fig] for x in c)} | median "
                  f"{fmt[fig] % mc} ({ratio}, {'within' if ok(fig, mc, mk) else 'out of'} its band)")
