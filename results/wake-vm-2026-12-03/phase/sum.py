import csv, sys, statistics as st, collections
rows = list(csv.DictReader(open(sys.argv[1])))
d = collections.defaultdict(lambda: collections.defaultdict(list))
for r in rows:
    w, rnd, side = r['label'].split('|')
    cons = float(r['consumed']) or 1
    d[w][side].append((float(r['hits_mean_mps']), float(r['wakeups']) / cons, float(r['lat_p50_ns']) / 1e3,
                       float(r['drops_mean_mps']) / (float(r['hits_mean_mps']) + float(r['drops_mean_mps']) or 1)))
sides = sys.argv[2].split(',') if len(sys.argv) > 2 else ['kernel', 'port', 'entry']
for w in d:
    print(w)
    for s in sides:
        v = d[w][s]
        if not v: continue
        k = d[w]['kernel']
        med = lambda i, vv: st.median(x[i] for x in vv)
        print('  %-7s hits %s  wk/rec %s  p50 %s  drop %s' % (s,
              ' '.join('%.3g' % x[0] for x in v), ' '.join('%.3f' % x[1] for x in v),
              ' '.join('%.2f' % x[2] for x in v), ' '.join('%.1f%%' % (100 * x[3]) for x in v)),
              '' if s == 'kernel' else '| ratio med: hits x%.2f wk x%.2f p50 x%.2f' % (med(0, v) / med(0, k), med(1, v) / med(1, k), med(2, v) / med(2, k)))
