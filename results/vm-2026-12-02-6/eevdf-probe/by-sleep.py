# SPDX-License-Identifier: GPL-2.0-only
# by-sleep.py SIDE-*.wakes.csv.gz...: of the wake-ups that found the consumer
# delayed, how many placed it not eligible (and so waited for a tick), by how
# long it had slept; all the files given, summed
import sys, csv, gzip
edges = [0, 10, 20, 30, 40, 60, 1e12]
n = [0] * (len(edges) - 1)
inel = [0] * (len(edges) - 1)
for path in sys.argv[1:]:
    for r in csv.DictReader(gzip.open(path, 'rt')):
        if r['delayed'] == '0' or int(r['slept_us']) < 0:
            continue
        s = int(r['slept_us'])
        for i in range(len(n)):
            if edges[i] <= s < edges[i + 1]:
                n[i] += 1
                inel[i] += float(r['lag_us']) < 0
print('slept (us)   delayed wake-ups   placed not eligible')
for i in range(len(n)):
    hi = f'{edges[i + 1]:.0f}' if edges[i + 1] < 1e12 else '...'
    pct = f'{100 * inel[i] / n[i]:5.1f}%' if n[i] else '    -'
    print(f'{edges[i]:4.0f}-{hi:<6s} {n[i]:10d}        {inel[i]:8d} ({pct})')
