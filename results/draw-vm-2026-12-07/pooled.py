#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# drops-4096-batch's wake-ups a record (wake-ups over records consumed), every run of
# the kernel (both series) and of the calibrated port in the quick-suite sittings named
# and in this folder's ten rounds: each run, each side's median, and how many pairs of
# the kernel's runs, and of kernel and calibrated runs, are out of the +-25% band.
#   pooled.py SUITE_DIR... (run from this folder: ../vm-2026-12-07 ...)
import csv, itertools, statistics as st, sys

W = 'drops-4096-batch'
runs = {'kernel': [], 'calibrated port': []}
def take(path, label_of):
    with open(path, newline='') as f:
        for r in csv.DictReader(f):
            side = label_of(r['label'])
            if side in runs:
                runs[side].append((float(r['wakeups']) / (float(r['consumed']) or 1), path))
for d in sys.argv[1:]:
    def suite(label):
        p = label.split('|')
        if len(p) >= 3 and p[0] == 'prediction' and p[2] == W:
            return 'kernel' if p[1] in ('kernel', 'kernel again') else p[1]
        return None
    take(f'{d}/runs.csv', suite)
hdr = open('runs-header.csv').read().strip().split(',')
with open('runs.csv', newline='') as f:
    for row in csv.reader(f):
        x = dict(zip(hdr, row))
        w, s, n = x['label'].split('|')
        if w == W:
            side = 'kernel' if s == 'kernel' else 'calibrated port'
            runs[side].append((float(x['wakeups']) / (float(x['consumed']) or 1), 'draw'))
out = lambda a, b: not 0.75 <= a / b <= 1.25
for side, v in runs.items():
    print(f'{side}: {len(v)} runs, ' + ' '.join(f'{x:.3f}' for x, _ in v) +
          f' | median {st.median(x for x, _ in v):.4f}')
k = [x for x, _ in runs['kernel']]
c = [x for x, _ in runs['calibrated port']]
kk = list(itertools.combinations(k, 2))
print(f'kernel run against kernel run out of the band: {sum(out(a, b) for a, b in kk)} of {len(kk)} pairs')
kc = [(a, b) for a in c for b in k]
print(f'calibrated run against kernel run out of the band: {sum(out(a, b) for a, b in kc)} of {len(kc)} pairs')
print(f'medians: calibrated over kernel x{st.median(c) / st.median(k):.2f}')
