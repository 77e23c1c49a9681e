import csv, sys, statistics
runs = {}
for r in csv.DictReader(open(sys.argv[1])):
    name, side, rnd, c2c = r['label'].split('|')
    cons = float(r['consumed']) or 1
    pl = 'far' if c2c and float(c2c) > 100 else 'near'
    runs.setdefault((name, pl, side), []).append((float(r['hits_mean_mps']), float(r['wakeups'])/cons, float(r['cpu_ns_per_record'])))
for k in sorted(runs):
    v = runs[k]
    med = [statistics.median(a[i] for a in v) for i in range(3)]
    print(f'{k[0]:14} {k[1]:4} {k[2]:7} n={len(v)} med {med[0]:6.2f}/{med[1]:.3f}/{med[2]:4.0f}  ', ' '.join(f'{a[0]:.2f}/{a[1]:.3f}' for a in v))
