#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# From runs.csv (ab.sh): per workload and side (kernel, cal) the runs and their
# medians, the calibrated port's medians against the kernel's with issue 15's
# bands, the latency's two modes, the producer's time a record against its
# notifications a record, and what a sitting of two runs a side (the quick
# suite's) reads: over every choice of two runs of each side, how often the
# medians' ratio leaves its band, for the calibrated port against the kernel and
# for the kernel against itself (two disjoint pairs of its own runs).
# Usage: draws.py DIR [DIR ...]
import csv, itertools, statistics as st, sys

BANDS = {'hits': ('ratio', 0.25), 'wk': ('ratio', 0.25), 'p50': ('factor', 2.0)}
HIGH_P50_US = 3.0   # between the two modes (about 1 us and 5-20 us)

def load(d):
    h = open(d + '/runs-header.csv').read().strip().split(',')
    out = {}
    for r in csv.reader(open(d + '/runs.csv')):
        r = dict(zip(h, r))
        w, s, k = r['label'].split('|')
        rec = float(r['consumed']) or 1.0
        out.setdefault((w, s), []).append(dict(
            hits=float(r['hits_mean_mps']), wk=float(r['wakeups']) / rec,
            nt=float(r['notifications']) / rec, sl=float(r['cons_sleeps']) / rec * 1e3,
            p50=float(r['lat_p50_ns']) / 1e3))
    return out

def out_of_band(f, a, b):
    kind, band = BANDS[f]
    if b == 0:
        return False
    q = a / b
    return abs(q - 1) > band if kind == 'ratio' else (q > band or q < 1 / band)

def med2(runs, f, pair):
    return st.median(runs[i][f] for i in pair)

def draws(k, c, f):
    """share of 2-against-2 draws out of band: calibrated vs kernel, kernel vs kernel"""
    kp = list(itertools.combinations(range(len(k)), 2))
    cp = list(itertools.combinations(range(len(c)), 2))
    cal = sum(out_of_band(f, med2(c, f, q), med2(k, f, p)) for p in kp for q in cp)
    own = [(p, q) for p in kp for q in kp if not set(p) & set(q)]
    kk = sum(out_of_band(f, med2(k, f, q), med2(k, f, p)) for p, q in own)
    return cal / (len(kp) * len(cp)), kk / len(own)

def fit(runs):
    """least squares of ns a record (1e3 / hits) on notifications a record"""
    xs = [r['nt'] for r in runs]
    ys = [1e3 / r['hits'] for r in runs]
    mx, my = st.mean(xs), st.mean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    return my - b * mx, b


def workload(w, side, k, c):
    """one workload's table of side against the kernel, and each one's modes"""
    print(f'\n## {w}, {side} against the kernel: {len(k)} and {len(c)} runs')
    print(f'| figure | kernel median (range) | {side} median (range) | ratio | '
          f'2+2 draws out of band: {side} / kernel against itself |')
    print('|---|---|---|---|---|')
    for f, name in (('hits', 'hits (M/s)'), ('wk', 'wake-ups a record'),
                    ('p50', 'p50 (us)'), ('nt', 'notifications a record'),
                    ('sl', 'sleeps a 1000 records')):
        km, cm = st.median(x[f] for x in k), st.median(x[f] for x in c)
        rng = lambda v: f'{min(x[f] for x in v):.4g}-{max(x[f] for x in v):.4g}'
        q = cm / km if km else float('nan')
        if f in BANDS:
            a, b = draws(k, c, f)
            verdict = ' **miss**' if out_of_band(f, cm, km) else ' ok'
            dr = f'{100 * a:.0f}% / {100 * b:.0f}%'
        else:
            verdict, dr = '', '(shown)'
        print(f'| {name} | {km:.4g} ({rng(k)}) | {cm:.4g} ({rng(c)}) | x{q:.2f}{verdict} | {dr} |')
    for who, runs in (('kernel', k), (side, c)):
        hi = [r for r in runs if r['p50'] > HIGH_P50_US]
        lo = [r for r in runs if r['p50'] <= HIGH_P50_US]
        s = lambda v: ', '.join(f'{r["sl"]:.2f}' for r in sorted(v, key=lambda r: r['sl']))
        a, b = fit(runs)
        print(f'- {who}: p50 above {HIGH_P50_US:g} us in {len(hi)} of {len(runs)} runs '
              f'(sleeps a 1000 records: high [{s(hi)}], low [{s(lo)}]); '
              f'ns a record = {a:.0f} + {b / 1e3:.1f} us x notifications a record')


def main():
    for d in sys.argv[1:]:
        data = load(d)
        print(f'# {d}')
        for w in sorted({w for w, _ in data}):
            for side in sorted(s for ww, s in data if ww == w and s != 'kernel'):
                workload(w, side, data[(w, 'kernel')], data[(w, side)])
        print()


if __name__ == '__main__':
    main()
