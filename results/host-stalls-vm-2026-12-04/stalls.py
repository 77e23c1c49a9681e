#!/usr/bin/env python3
# runs whose latency reached 90 ms or more (a consumer kept off its CPU for a whole
# stretch; rbsim's consumer waits at most 50 ms at a time, so no timeout explains them),
# per workload and side, in rbsim run CSV files: a label "workload|side|round" (an A/B) or
# the suite's "scenario|series|x|repeat" (runs.csv)
import csv, collections, glob, sys
tot, hit = collections.Counter(), collections.Counter()
for pat in sys.argv[1:]:
    for f in sorted(glob.glob(pat)):
        for r in csv.DictReader(open(f)):
            if not r.get('lat_max_ns'):
                continue
            parts = r['label'].split('|')
            if len(parts) == 4:            # runs.csv: scenario|series|x|repeat
                if parts[0] != 'prediction':
                    continue
                key = (parts[2], parts[1])
            else:                          # an A/B's workload|side|round
                key = (parts[0], parts[1])
            tot[key] += 1
            hit[key] += float(r['lat_max_ns']) >= 90e6
sides = sorted({k[1] for k in tot})
print(f'{"workload":<22}' + ''.join(f'{s:>16}' for s in sides))
for w in sorted({k[0] for k in tot}):
    print(f'{w:<22}' + ''.join(f'{hit[(w, s)]:>10} of {tot[(w, s)]:<3}' if tot[(w, s)] else
                              f'{"":>16}' for s in sides))
print(f'{"all":<22}' + ''.join(f'{sum(hit[k] for k in tot if k[1] == s):>10} of '
                               f'{sum(tot[k] for k in tot if k[1] == s):<3}' for s in sides))
