#!/usr/bin/env python3
# per workload and side: medians over rounds of hits, drop fraction, wake-ups/rec, sleeps/rec, p50,
# and each against the kernel's median; the DIAG futex counts from the .err files
import csv, glob, os, re, statistics as st, sys
d = sys.argv[1]
rows = {}
for f in glob.glob(os.path.join(d, '*.csv')):
    with open(f) as fh:
        for r in csv.DictReader(fh):
            w, s, rnd = r['label'].split('|')
            cons = float(r['consumed']) or 1
            att = float(r['attempted']) or 1
            e = f[:-4] + '.err'
            diag = ''
            if os.path.exists(e):
                m = re.search(r'DIAG futex calls (\d+) slept (\d+) eagain seq (\d+) pos (\d+) both (\d+)', open(e).read())
                if m:
                    c, sl, sq, po, bo = map(int, m.groups())
                    diag = (sl / c, (sq + bo) / c, po / c)
            rows.setdefault((w, s), []).append(dict(
                hits=float(r['hits_mean_mps']), drop=1 - float(r['produced']) / att,
                wk=float(r['wakeups']) / cons, sl=float(r['cons_sleeps'] or 0) / cons,
                p50=float(r['lat_p50_ns'] or 0) / 1000, diag=diag))
ws = sorted({k[0] for k in rows})
sides = ['kernel', 'kernel2', 'v0', 'v1', 'w0', 'w1', 'v2']
med = lambda xs: st.median(xs) if xs else float('nan')
for w in ws:
    print(f'== {w}')
    print(f'{"side":8} {"n":>2} {"hits":>7} {"drop%":>6} {"wk/rec":>7} {"sl/rec":>7} {"p50us":>6}   x:hits wk sl p50   futex: slept/call seqfail/call posfail/call')
    k = rows.get((w, 'kernel'), [])
    km = {m: med([x[m] for x in k]) for m in ('hits', 'drop', 'wk', 'sl', 'p50')}
    for s in sides:
        xs = rows.get((w, s))
        if not xs:
            continue
        m = {q: med([x[q] for x in xs]) for q in ('hits', 'drop', 'wk', 'sl', 'p50')}
        rat = ' '.join(f'{m[q] / km[q]:.2f}' if km[q] else '-' for q in ('hits', 'wk', 'sl', 'p50'))
        dg = [x['diag'] for x in xs if x['diag']]
        dgs = ' '.join(f'{med([t[i] for t in dg]):.2f}' for i in range(3)) if dg else ''
        print(f'{s:8} {len(xs):2} {m["hits"]:7.3f} {100*m["drop"]:6.1f} {m["wk"]:7.3f} {m["sl"]:7.3f} {m["p50"]:6.1f}   {rat:22} {dgs}')
