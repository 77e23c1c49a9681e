# SPDX-License-Identifier: GPL-2.0-only
# loop-speed.py: per set of loop-speed.csv (loop-speed.c's samples, 1000 a
# set, sets 5 s apart), the quantiles of the loop's speed in loops/ns
import csv, os, statistics as st
here = os.path.dirname(os.path.abspath(__file__))
sets = {}
for r in csv.DictReader(open(os.path.join(here, 'loop-speed.csv'))):
    sets.setdefault(r['set'], []).append(float(r['loops_per_ns']))
for k, v in sets.items():
    q = st.quantiles(v, n=20)
    print(f'set {k}: {len(v)} samples, loops/ns p5 {q[0]:.2f} p50 {st.median(v):.2f} '
          f'p95 {q[-1]:.2f}')
