#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# Every sitting's runs pooled per workload: the kernel's run-to-run spread of
# sleeps a record and hits, how often two of its runs (a quick suite's sitting)
# read a median of sleeps as low as a given one, and each side's time a record
# against its notifications a record (least squares over its runs), the
# calibrated port's from the sides whose profile charged the trigger below the
# knee (CAL_SIDES).  Usage: pool.py DIR ...
import itertools, os, statistics as st, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import draws as dr  # noqa: E402  (this folder's draws.py: load(), fit())

dirs = sys.argv[1:]
CAL_SIDES = ('cal', 't360', 't420', 't480', 'trig', 'trigcons', 'v10', 'v10-nocap')
pool = {}
for d in dirs:
    data = dr.load(d)
    for (w, s), runs in data.items():
        side = 'kernel' if s == 'kernel' else ('calibrated' if s in CAL_SIDES else None)
        # s1's cal is below the knee (its trigger charged 421 ns); s2's and s3's (610) are not
        if side == 'calibrated' and s == 'cal' and d.rstrip('/').endswith(('s2', 's3')):
            side = None
        if side:
            pool.setdefault((w, side), []).extend(runs)
for w in sorted({w for w, _ in pool}):
    for side in ('kernel', 'calibrated'):
        runs = pool[(w, side)]
        sl = sorted(r['sl'] for r in runs)
        hits = [r['hits'] for r in runs]
        a, b = dr.fit(runs)
        print(f'{w} {side}: {len(runs)} runs; sleeps a 1000 records {sl[0]:.2f}-{sl[-1]:.2f} '
              f'(median {st.median(sl):.2f}); hits {min(hits):.2f}-{max(hits):.2f} '
              f'(median {st.median(hits):.2f}); ns a record = {a:.0f} + {b / 1e3:.1f} us x '
              f'notifications a record')
    k = pool[(w, 'kernel')]
    for lim in (0.45, 0.6):
        pairs = list(itertools.combinations(k, 2))
        low = sum(st.median((x['sl'], y['sl'])) <= lim for x, y in pairs)
        print(f'  kernel pairs with median sleeps <= {lim}: {100 * low / len(pairs):.1f}% of {len(pairs)}')
