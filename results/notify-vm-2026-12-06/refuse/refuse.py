#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# Per workload and side of runs.csv (results/gap-vm-2026-12-06/ab.sh): the
# medians of hits, attempts and refusals a second, the drop fraction, wake-ups
# a record and the consumer's sleeps a second, each against the kernel's.
# Usage: refuse.py DIR
import csv, statistics as st, sys
d = sys.argv[1]
hdr = open(d + '/runs-header.csv').read().strip().split(',')
by = {}
for row in csv.reader(open(d + '/runs.csv')):
    r = dict(zip(hdr, row))
    w, s, _ = r['label'].split('|')
    el = float(r['elapsed_s'])
    att = float(r['attempted'])
    by.setdefault((w, s), []).append({
        'hits': float(r['hits_mean_mps']), 'att': att / el / 1e6,
        'drops': float(r['drops_no_space']) / el / 1e6,
        'frac': float(r['drops_no_space']) / att if att else 0.0,
        'wk': float(r['wakeups']) / max(float(r['consumed']), 1.0),
        'sl': float(r['cons_sleeps']) / el / 1e3})
def order(s):
    """the kernel first, then the sides by their names' length and name"""
    return (s != 'kernel', len(s), s)


print('| workload | side | runs | hits M/s | attempts M/s | refusals M/s | drop fraction | wake-ups a record | sleeps k/s |')
print('|---|---|---|---|---|---|---|---|---|')
for w in sorted({w for w, _ in by}):
    k = {f: st.median(x[f] for x in by[(w, 'kernel')]) for f in ('hits', 'att', 'drops', 'frac', 'wk', 'sl')}
    for s in sorted((s for ww, s in by if ww == w), key=order):
        m = {f: st.median(x[f] for x in by[(w, s)]) for f in k}
        rel = (lambda f: '') if s == 'kernel' else (lambda f: f' (x{m[f] / k[f]:.2f})' if k[f] else '')
        print(f'| {w} | {s} | {len(by[(w, s)])} | {m["hits"]:.3f}{rel("hits")} | {m["att"]:.3f}{rel("att")} | '
              f'{m["drops"]:.3f}{rel("drops")} | {m["frac"]:.3f}{rel("frac")} | {m["wk"]:.4f}{rel("wk")} | '
              f'{m["sl"]:.1f}{rel("sl")} |')
