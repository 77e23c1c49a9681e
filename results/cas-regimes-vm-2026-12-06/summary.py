#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# runs.csv -> per reservation the median (min-max) of each figure, and per pair cas / kernel
import csv, statistics as st, sys
rows = list(csv.DictReader(open(sys.argv[1] if len(sys.argv) > 1 else 'runs.csv')))
cols = ['hits_mps', 'notify_per_rec', 'wakeups_per_rec', 'busy_per_rec', 'drop_frac']
for r in ('kernel', 'cas'):
    sel = [x for x in rows if x['reserve'] == r]
    print('%-7s %d runs: ' % (r, len(sel)) + '; '.join(
        '%s %.4g (%.4g-%.4g)' % (c, st.median(float(x[c]) for x in sel),
                                 min(float(x[c]) for x in sel), max(float(x[c]) for x in sel))
        for c in cols))
pairs = {}
for x in rows:
    pairs.setdefault(x['pair'], {})[x['reserve']] = x
rat = [float(p['cas']['hits_mps']) / float(p['kernel']['hits_mps']) for p in pairs.values()]
nr = [float(p['cas']['notify_per_rec']) / float(p['kernel']['notify_per_rec']) for p in pairs.values()]
print('cas / kernel per pair: hits median %.2f (%.2f-%.2f), cas ahead in %d of %d; '
      'notifications a record median %.2f (%.2f-%.2f)' %
      (st.median(rat), min(rat), max(rat), sum(v > 1 for v in rat), len(rat),
       st.median(nr), min(nr), max(nr)))
cas = [x for x in rows if x['reserve'] == 'cas']
fast = [x for x in cas if float(x['hits_mps']) >= 20]
slow = [x for x in cas if float(x['hits_mps']) < 20]
for name, s in (('cas at 20 M/s or more', fast), ('cas below 20 M/s', slow)):
    if s:
        print('%s: %d runs, notifications a record median %.3f, busy stops a record %.4f' %
              (name, len(s), st.median(float(x['notify_per_rec']) for x in s),
               st.median(float(x['busy_per_rec']) for x in s)))
