#!/usr/bin/env python3
# per workload and side of a prediction sitting (runs.csv): the median drop fraction of
# the runs whose latency reached 90 ms (a consumer kept off its CPU for a whole stretch)
# and of the others
import csv, collections, statistics, sys
d = collections.defaultdict(lambda: ([], []))
for r in csv.DictReader(open(sys.argv[1])):
    parts = r['label'].split('|')
    if len(parts) != 4 or parts[0] != 'prediction' or not r.get('lat_max_ns'):
        continue
    # as scripts/bench_prediction.py: every failed reservation over every attempt
    att = float(r['attempted'] or 0)
    dr = sum(float(r[k] or 0) for k in ('drops_no_space', 'drops_lock', 'drops_too_big'))
    frac = dr / att * 100 if att else 0
    d[(parts[2], parts[1])][float(r['lat_max_ns']) >= 90e6].append(frac)
print(f'{"workload":<18}{"side":<18}{"stalled runs":>14}{"drop % stalled":>16}'
      f'{"others":>8}{"drop % others":>15}')
for (w, s), (ok, st) in sorted(d.items()):
    if not st:
        continue
    print(f'{w:<18}{s:<18}{len(st):>14}{statistics.median(st):>15.2f}%{len(ok):>8}'
          f'{statistics.median(ok) if ok else float("nan"):>14.2f}%')
