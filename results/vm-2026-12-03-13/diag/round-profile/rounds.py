"""Per round of an A/B (ab.sh): the vCPUs' distance before it (c2c.txt) and
each side's regime, hits (M/s) and wake-ups a record, per workload; then the
rounds' regimes counted by placement (near: below 100 ns).
usage: rounds.py DIR"""
import csv, sys, collections
d = sys.argv[1]
c2c = {}
for line in open(d + '/c2c.txt'):
    w = line.split()
    if w[0] == 'round':
        c2c[int(w[1])] = float(w[3])
runs = collections.defaultdict(dict)
for r in csv.DictReader(open(d + '/runs.csv')):
    wl, rnd, side = r['label'].split('|')
    hits = float(r['hits_mean_mps'])
    wk = float(r['wakeups']) / float(r['consumed'])
    runs[wl][(int(rnd), side)] = (r['regime'] or '?', hits, wk)
count = collections.Counter()
agree = collections.Counter()
for wl in runs:
    print('##', wl)
    print('| round | c2c ns | kernel | sitting | round |')
    print('|---|---|---|---|---|')
    for rnd in sorted({k[0] for k in runs[wl]}):
        cells = []
        for side in ('kernel', 'sitting', 'round'):
            v = runs[wl].get((rnd, side))
            cells.append('%s %.2f %.3f' % (v[0][:6], v[1], v[2]) if v else '-')
            if v and wl in ('default', 'batch', 'size-256', 'drops-256'):
                place = 'near' if c2c[rnd] < 100 else 'far'
                count[(place, side, v[0])] += 1
        print('| %d | %.0f | %s |' % (rnd, c2c[rnd], ' | '.join(cells)))
        k = runs[wl].get((rnd, 'kernel'))
        for side in ('sitting', 'round'):
            v = runs[wl].get((rnd, side))
            if k and v and wl in ('default', 'batch', 'size-256', 'drops-256'):
                place = 'near' if c2c[rnd] < 100 else 'far'
                agree[(place, side)] += v[0] == k[0]
                agree[(place, side, 'n')] += 1
print('\nThe four sleeping workloads (default, batch, size-256, drops-256), runs '
      'caught-up / ahead:')
print('| placement | kernel | sitting | round |')
print('|---|---|---|---|')
for place in ('near', 'far'):
    print('| %s | %s |' % (place, ' | '.join('%d / %d' % (count[(place, s, 'caught-up')],
                                                       count[(place, s, 'ahead')])
                                              for s in ('kernel', 'sitting', 'round'))))
print('\nRounds in which a calibrated port settled in the kernel\'s regime of the same round '
      '(the four sleeping workloads):')
print('| placement | sitting | round |')
print('|---|---|---|')
for place in ('near', 'far'):
    print('| %s | %s |' % (place, ' | '.join('%d of %d' % (agree[(place, s)],
                                                         agree[(place, s, 'n')])
                                            for s in ('sitting', 'round'))))
