#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# ab.sh's runs: per workload and side, each run's hits, drop fraction,
# wake-ups and notifications a record and regime, and the medians, each
# side's over the kernel's.   sum.py RUNS.csv HEADER.csv
import csv, statistics as st, sys
h = open(sys.argv[2]).read().strip().split(',')
num = lambda v: float(v) if v else 0.0
runs = {}
for r in csv.reader(open(sys.argv[1])):
    x = dict(zip(h, r))
    w, s, n = x['label'].split('|')
    rec = num(x['consumed']) or 1
    att = num(x['attempted'])
    runs.setdefault(w, {}).setdefault(s, []).append({
        'hits': num(x['hits_mean_mps']),
        'drops': (num(x['drops_no_space']) + num(x['drops_lock'])) / att * 100 if att else 0,
        'wakeups': num(x['wakeups']) / rec, 'notif': num(x['notifications']) / rec,
        'regime': x['regime'][:1] or '-'})
for w, sides in runs.items():
    print(w)
    k = sides.get('kernel')
    for s, rs in sides.items():
        print('  %-7s regimes %s' % (s, ''.join(r['regime'] for r in rs)))
        for f, fm in (('hits', '%.3f'), ('drops', '%.1f'), ('wakeups', '%.4f'), ('notif', '%.4f')):
            v = [r[f] for r in rs]
            m = st.median(v)
            rel = ''
            if k and s != 'kernel':
                km = st.median(r[f] for r in k)
                rel = ' (x%.2f)' % (m / km) if km else ''
            print('    %-8s %s | median %s%s' % (f, ' '.join(fm % a for a in v), fm % m, rel))
