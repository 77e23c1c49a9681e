#!/usr/bin/env python3
# pl.sh's runs: per round, the vCPUs' distance, each side's dropped share and
# wake-ups a consumed record, and the samples that found its two threads on
# one CPU (a sample with one thread yet: not counted)
# usage: pl.py DIR
import csv
import sys

d = sys.argv[1]
c2c = {}
for line in open(f'{d}/c2c.txt'):
    f = line.split()
    c2c[f[1]] = f[3] if len(f) > 3 else '-'
same = {}
for line in open(f'{d}/cpus.txt'):
    f = line.split()
    pairs = [p for p in f[2:] if len(p) == 2]
    same[(f[0], f[1])] = f'{sum(p[0] == p[1] for p in pairs)}/{len(pairs)}'
runs = {}
for r in csv.DictReader(open(f'{d}/runs.csv')):
    _, rnd, side = r['label'].split('|')
    att, cons = int(r['attempted']), int(r['consumed'])
    runs[(rnd, side)] = (100.0 * (att - cons) / att, int(r['wakeups']) / max(cons, 1))
print('| round | c2c ns | kernel dropped | wake-ups a record | one CPU | '
      'calibrated port dropped | wake-ups a record | one CPU |')
print('|---|---|---|---|---|---|---|---|')
for rnd in sorted(c2c, key=int):
    k, p = runs[(rnd, 'kernel')], runs[(rnd, 'port')]
    print(f'| {rnd} | {c2c[rnd]} | {k[0]:.1f}% | {k[1]:.3f} | {same[(rnd, "kernel")]} | '
          f'{p[0]:.1f}% | {p[1]:.3f} | {same[(rnd, "port")]} |')
