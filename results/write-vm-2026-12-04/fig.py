import csv, sys, statistics
runs = {}
for r in csv.DictReader(open(sys.argv[1] if len(sys.argv) > 1 else 'runs.csv')):
    name, side, rnd = r['label'].split('|')
    cons = float(r['consumed']) or 1
    ex = dict(kv.split('=', 1) for kv in r['extra'].split(';') if '=' in kv)
    runs.setdefault((name, side), []).append((float(r['hits_mean_mps']), float(r['wakeups'])/cons,
        float(r['notifications'] or 0)/cons, float(r['cpu_ns_per_record']),
        (float(r['cpu_user_s']), float(r['cpu_sys_s']))))
for (name, side), v in runs.items():
    print(f'{name:14} {side:7}', ' '.join(f'{a[0]:6.2f}/{a[1]:.3f}/{a[2]:.4f}/{a[3]:4.0f}' for a in v))
