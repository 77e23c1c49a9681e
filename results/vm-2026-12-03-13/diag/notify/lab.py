"""lab.sh's runs: per workload and side, hits (M/s) and notifications a record, run by run,
and the medians; usage: lab.py DIR"""
import csv, sys, collections, statistics as st
d = collections.defaultdict(list)
order = []
for r in csv.DictReader(open(sys.argv[1] + '/runs.csv')):
    wl, rnd, side = r['label'].split('|')
    c = float(r['consumed'])
    d[(wl, side)].append((float(r['hits_mean_mps']), float(r['notifications']) / c,
                          r.get('regime', '')))
    if wl not in order:
        order.append(wl)
print('| workload | side | runs: M/s notifications a record | median M/s | median notif/rec |')
print('|---|---|---|---|---|')
for wl in order:
    for side in ('kernel', 'old', 'new'):
        v = d.get((wl, side))
        if not v:
            continue
        print('| %s | %s | %s | %.3f | %.4f |' % (wl, side, ', '.join('%.3f %.3f%s' % (h, n, ' ' + g[:1] if g else '') for h, n, g in v),
              st.median(h for h, _, _ in v), st.median(n for _, n, _ in v)))
