#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# One line per workload and side of runs.csv (ab.sh): the medians of hits,
# wake-ups, notifications and sleeps a record and p50, the runs whose p50 is in
# the high mode, and each against the kernel's median.  Usage: sweep.py DIR
import os, statistics as st, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import draws as dr  # noqa: E402  (this folder's draws.py: load(), HIGH_P50_US)

data = dr.load(sys.argv[1])


def key(s):
    return (0, 0) if s == 'kernel' else (1, s)
print('| workload | side | runs | hits M/s | wake-ups a record | notifications a record | sleeps a 1000 records | p50 us | p50 above %g us |' % dr.HIGH_P50_US)
print('|---|---|---|---|---|---|---|---|---|')
for w in sorted({w for w, _ in data}):
    k = data[(w, 'kernel')]
    km = {f: st.median(r[f] for r in k) for f in ('hits', 'wk', 'nt', 'sl', 'p50')}
    for s in sorted((s for ww, s in data if ww == w), key=key):
        runs = data[(w, s)]
        m = {f: st.median(r[f] for r in runs) for f in km}
        rel = (lambda f: '') if s == 'kernel' else \
            (lambda f: f' (x{m[f] / km[f]:.2f})' if km[f] else '')
        hi = sum(r['p50'] > dr.HIGH_P50_US for r in runs)
        print(f'| {w} | {s} | {len(runs)} | {m["hits"]:.2f}{rel("hits")} | {m["wk"]:.4f}{rel("wk")} | '
              f'{m["nt"]:.4f}{rel("nt")} | {m["sl"]:.2f}{rel("sl")} | {m["p50"]:.2f}{rel("p50")} | {hi} of {len(runs)} |')
