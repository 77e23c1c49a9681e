#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# Sittings of the prediction section drawn from the runs of one long sitting
# (ab.sh: the kernel and the calibrated port, R rounds of every workload): each
# drawn sitting takes N runs of the calibrated port and 2N distinct runs of the
# kernel, N as its "kernel" and N as its "kernel again", and is judged by
# scripts/bench_prediction.py's own summarise() and bands. Gives, for N runs a
# side, how many of the workloads that fit the CPUs each side meets every band
# on (the calibrated port, and the kernel against itself), over DRAWS sittings,
# and per workload how often.  Usage: sittings.py DIR [N ...]
import csv, os, random, statistics as st, sys
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, 'scripts'))
import bench_prediction as bp  # noqa: E402
DRAWS = 2000
d = sys.argv[1]
ns = [int(x) for x in sys.argv[2:]] or [2, 3, 4, 5]
hdr = open(os.path.join(d, 'runs-header.csv')).read().strip().split(',')
runs = {}
for row in csv.reader(open(os.path.join(d, 'runs.csv'))):
    row = dict(zip(hdr, row))
    if row.get('integrity') != 'ok':
        continue
    w, s, _ = row['label'].split('|')
    runs.setdefault(w, {}).setdefault(s, []).append(bp.run_figures(row))
rng = random.Random(1)
for n in ns:
    cal_scores, own_scores, per = [], [], {}
    for _ in range(DRAWS):
        sitting = {}
        for w, sides in runs.items():
            k, c = sides['kernel'], sides['cal']
            ki = rng.sample(range(len(k)), 2 * n)
            ci = rng.sample(range(len(c)), n)
            cal = [c[i] for i in ci]
            sitting[w] = {'kernel': [k[i] for i in ki[:n]], bp.REPEAT: [k[i] for i in ki[n:]],
                          'calibrated port': cal, 'pure port': cal}
        rows = [r for r in bp.summarise(sitting) if not r['oversubscribed']]
        cal_scores.append(bp.score(rows, 'calibrated port'))
        own_scores.append(bp.score(rows, bp.REPEAT))
        for r in rows:
            for side in ('calibrated port', bp.REPEAT):
                oks = [v for (key, s), v in r['ok'].items() if s == side and v is not None]
                per.setdefault((r['workload'], side), []).append(all(oks))
    q = lambda v: f'median {st.median(v):g}, {min(v)}-{max(v)}'
    print(f'## {n} runs a side, {DRAWS} sittings drawn from {d}\n')
    print(f'Within every band, of {len(rows)} workloads: calibrated port {q(cal_scores)}; '
          f'the kernel against itself {q(own_scores)}\n')
    print('| workload | calibrated port within every band | the kernel against itself |')
    print('|---|---|---|')
    for w in runs:
        if (w, 'calibrated port') in per:
            a, b = per[(w, 'calibrated port')], per[(w, bp.REPEAT)]
            print(f'| {w} | {100 * sum(a) / len(a):.0f}% | {100 * sum(b) / len(b):.0f}% |')
    print()
