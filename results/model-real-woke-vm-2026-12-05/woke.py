#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""woke.py: issue 14's check, the rows of one producer with its consumer, set
against how often the real runs' producer made the system call that wakes a
sleeping consumer (woke_per_rec: notify_writes, the notifications made while
the consumer had announced its sleep, a record consumed). Reads the
model-real.csv of every sitting in the three folders named below (one host,
one boot: the PVM guest booted at 15:16 UTC on 2026-12-05) and prints the rows
grouped by that rate, far and near apart (the CAS transfer probed before the
row, c2c_ns: below 100 ns near, as scripts/bench_prediction.py's NEAR_NS).
Run from results/: python3 model-real-woke-vm-2026-12-05/woke.py"""
import csv
import glob
import statistics as st

FOLDERS = ('model-real-vm-2026-12-05-5', 'model-real-vm-2026-12-05-6',
           'model-real-vm-2026-12-05-7')
BINS = ((0, 0.01), (0.01, 0.02), (0.02, 0.03), (0.03, 1))
NEAR_NS = 100


def rows():
    out = []
    for d in FOLDERS:
        for f in sorted(glob.glob(d + '/**/model-real.csv', recursive=True)):
            for r in csv.DictReader(open(f, newline='')):
                if r['producers'] != '1' or r['consumer'] == 'none':
                    continue
                out.append({k: (r[k] if k in ('reserve', 'within') else float(r[k]))
                            for k in ('reserve', 'within', 'ratio', 'real_mps', 'model_mps',
                                      'woke_per_rec', 'model_woke_per_rec', 'notify_per_rec',
                                      'model_notify_per_rec', 'c2c_ns')} | {'file': f})
    return out


def med(xs):
    return st.median(xs) if xs else float('nan')


def table(rs):
    print('| woke a record | rows | within 30% | model/real, median (range) | real M/s, median '
          '| model M/s, median | notified a record, real / model (medians) |')
    print('|---|---|---|---|---|---|---|')
    for lo, hi in BINS:
        g = [r for r in rs if lo <= r['woke_per_rec'] < hi]
        if not g:
            continue
        name = f'{lo:.2f} or more' if hi == 1 else f'{lo:.2f} to {hi:.2f}'
        within = sum(r['within'] == '1' for r in g)
        ratios = [r['ratio'] for r in g]
        print(f"| {name} | {len(g)} | {within} | {med(ratios):.2f} ({min(ratios):.2f}-"
              f"{max(ratios):.2f}) | {med([r['real_mps'] for r in g]):.2f} | "
              f"{med([r['model_mps'] for r in g]):.2f} | "
              f"{med([r['notify_per_rec'] for r in g]):.3f} / "
              f"{med([r['model_notify_per_rec'] for r in g]):.3f} |")


def main():
    rs = rows()
    far = [r for r in rs if r['c2c_ns'] >= NEAR_NS]
    near = [r for r in rs if r['c2c_ns'] < NEAR_NS]
    print(f'{len(rs)} rows of one producer with its consumer in {len(FOLDERS)} folders: '
          f'{len(far)} far, {len(near)} near')
    print('the model\'s consumer woken from a sleep, a record, in any row: ' +
          ', '.join(f'{v:g}' for v in sorted({r["model_woke_per_rec"] for r in rs})))
    print('\nFar:\n')
    table(far)
    print('\nNear:\n')
    table(near)
    print('\nThe rows out of 30%:\n')
    for r in sorted((r for r in rs if r['within'] != '1'), key=lambda r: r['woke_per_rec']):
        print(f"{r['file']}: {r['reserve']}, c2c {r['c2c_ns']:.0f} ns, model/real "
              f"{r['ratio']:.3f} (model {r['model_mps']:.2f}, real {r['real_mps']:.2f} M/s), "
              f"woke {r['woke_per_rec']:.4f} a record")


if __name__ == '__main__':
    main()
