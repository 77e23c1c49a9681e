"""nab.sh / nab2.sh: per workload, the rounds in which each calibrated side settled in
the kernel's regime, and in those rounds the medians of its hits and wake-ups a record
against the kernel's and how many were within 25%; usage: nab.py DIR"""
import csv, sys, collections, statistics as st
runs = collections.defaultdict(dict)
for r in csv.DictReader(open(sys.argv[1] + '/runs.csv')):
    wl, rnd, side = r['label'].split('|')
    c = float(r['consumed'])
    runs[(wl, int(rnd))][side] = (r['regime'], float(r['hits_mean_mps']), float(r['wakeups']) / c)
wls = []
for wl, _ in runs:
    if wl not in wls:
        wls.append(wl)
print('| workload | side | rounds in the kernel\'s regime | hits x (median) | within 25% | '
      'wake-ups a record x (median) | within 25% |')
print('|---|---|---|---|---|---|---|')
tot = collections.Counter()
for wl in wls:
    for s in ('old', 'new'):
        same, h, w = 0, [], []
        n = 0
        for (x, rnd), d in runs.items():
            if x != wl or len(d) < 3:
                continue
            n += 1
            if d[s][0] != d['kernel'][0]:
                continue
            same += 1
            h.append(d[s][1] / d['kernel'][1])
            if d['kernel'][2] > 0:
                w.append(d[s][2] / d['kernel'][2])
        hw = sum(abs(x - 1) <= .25 for x in h)
        ww = sum(abs(x - 1) <= .25 for x in w)
        tot[(s, 'same')] += same; tot[(s, 'n')] += n
        tot[(s, 'h')] += hw; tot[(s, 'w')] += ww; tot[(s, 'hn')] += len(h); tot[(s, 'wn')] += len(w)
        print('| %s | %s | %d of %d | %s | %d of %d | %s | %d of %d |' % (
            wl, s, same, n, 'x%.2f' % st.median(h) if h else '-', hw, len(h),
            'x%.2f' % st.median(w) if w else '-', ww, len(w)))
for s in ('old', 'new'):
    print('%s: the kernel\'s regime in %d of %d rounds; hits within 25%% in %d of %d, wake-ups a '
          'record in %d of %d' % (s, tot[(s, 'same')], tot[(s, 'n')], tot[(s, 'h')], tot[(s, 'hn')],
                                  tot[(s, 'w')], tot[(s, 'wn')]))
