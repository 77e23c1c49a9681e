# SPDX-License-Identifier: GPL-2.0-only
# lag.py [PREFIX]: of the wake-ups that found the consumer delayed, the lag they placed
# it at (us), per side, over every run's rows
import csv, gzip, glob, os, statistics as st, sys
here = os.path.dirname(os.path.abspath(__file__))
pre = sys.argv[1] if len(sys.argv) > 1 else ''  # batch-: the batch consumer's runs
for side in ('kernel', 'port'):
    d = []
    for p in sorted(glob.glob(os.path.join(here, f'{pre}{side}-*.wakes.csv.gz'))):
        d += [float(r['lag_us']) for r in csv.DictReader(gzip.open(p, 'rt'))
              if r['delayed'] == '1']
    q = st.quantiles(d, n=10)
    print(f'{side}: {len(d)} wake-ups of a delayed consumer, placed at lag (us) '
          f'p10 {q[0]:.1f} p50 {st.median(d):.1f} p90 {q[-1]:.1f}, '
          f'not eligible {sum(x < 0 for x in d)}')
