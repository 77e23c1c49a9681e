#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# ab.sh's runs. Per workload and side, each run's hits, drop fraction,
# wake-ups and notifications a record and regime, and the medians, each
# side's over the kernel's (sum.txt); with --short, one line a workload: each
# side's medians over the kernel's (hits, drop fraction, wake-ups a record,
# p50 latency), "*" out of the band judged on the medians (drops:
# +-25% or +-0.5 points) (sum2.txt).
#   sum.py [--short] RUNS.csv HEADER.csv
import csv, statistics as st, sys
short = sys.argv[1] == '--short'
args = sys.argv[2:] if short else sys.argv[1:]
h = open(args[1]).read().strip().split(',')
num = lambda v: float(v) if v else 0.0
runs = {}
for r in csv.reader(open(args[0])):
    x = dict(zip(h, r))
    w, s, n = x['label'].split('|')
    rec = num(x['consumed']) or 1
    att = num(x['attempted'])
    runs.setdefault(w, {}).setdefault(s, []).append({
        'hits': num(x['hits_mean_mps']),
        'drops': (num(x['drops_no_space']) + num(x['drops_lock'])) / att * 100 if att else 0,
        'wakeups': num(x['wakeups']) / rec, 'notif': num(x['notifications']) / rec,
        'p50': num(x['lat_p50_ns']) / 1e3, 'regime': x['regime'][:1] or '-'})


def ok(f, a, b):
    if f == 'drops':
        return abs(a - b) <= 0.5 or (b > 0 and abs(a / b - 1) <= 0.25)
    if b <= 0:
        return a <= 0
    return (0.5 <= a / b <= 2) if f == 'p50' else (0.75 <= a / b <= 1.25)


if short:
    figs = ('hits', 'drops', 'wakeups', 'p50')
    sides = [s for s in next(iter(runs.values())) if s != 'kernel']
    print('%-17s %-8s' % ('workload', 'kernel') + ''.join('%-40s' % s for s in sides))
    for w, ss in runs.items():
        k = {f: st.median(r[f] for r in ss['kernel']) for f in figs}
        line = '%-17s %-8s' % (w, '%d runs' % len(ss['kernel']))
        for s in sides:
            cell = []
            for f in figs:
                m = st.median(r[f] for r in ss[s])
                rat = ('x%.2f' % (m / k[f])) if k[f] else ('%.2f' % m)
                cell.append(rat + ('*' if not ok(f, m, k[f]) else ''))
            line += '%-40s' % ' '.join(cell)
        print(line)
    print('columns per side: hits, drop fraction, wake-ups a record, p50 (medians over the '
          'kernel\'s)')
    sys.exit(0)
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
