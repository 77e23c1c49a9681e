# SPDX-License-Identifier: GPL-2.0-only
# The table of diag/bytes-64K/README.md from this folder's runs.csv and c2c.csv:
# per case and side, the runs' hits (M records/s), wake-ups a record and the CPU time
# of both threads a record (ns), and their medians. Run from this folder.
import csv
import statistics

c2c = {(r['x'], r['round']): r['c2c_ns'] for r in csv.DictReader(open('c2c.csv'))}
runs = {}
for r in csv.DictReader(open('runs.csv')):
    _, side, case, rnd = r['label'].split('|')
    cons = float(r['consumed'])
    runs.setdefault((case, side), []).append(
        (float(r['hits_mean_mps']), float(r['wakeups']) / cons,
         float(r['cpu_ns_per_record']), c2c.get((case, rnd), '')))
print('| case | side | hits | wake-ups a record | CPU ns a record | runs: hits/wake-ups/c2c ns |')
print('|---|---|---|---|---|---|')
for (case, side), v in sorted(runs.items()):
    med = [statistics.median(a[i] for a in v) for i in range(3)]
    print(f'| {case} | {side} | {med[0]:.2f} | {med[1]:.3f} | {med[2]:.0f} | ' +
          ' '.join(f'{a[0]:.2f}/{a[1]:.3f}/{float(a[3]):.0f}' if a[3] else
                   f'{a[0]:.2f}/{a[1]:.3f}/-' for a in v) + ' |')
