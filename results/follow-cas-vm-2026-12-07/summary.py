#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""summary.txt from runs.csv (ab.sh): per side the medians and ranges of follow_ns,
record_ns, the model's rate, the real rate and model/real, the rows within 30%, the
notifications a record (model, real), and the rows the host held still."""
import csv
import os
import statistics

HERE = os.path.dirname(os.path.abspath(__file__))
rows = list(csv.DictReader(open(os.path.join(HERE, 'runs.csv'))))
keys = ('follow_ns', 'record_ns', 'model_mps', 'real_mps', 'ratio', 'model_notify_per_rec',
        'notify_per_rec')
with open(os.path.join(HERE, 'summary.txt'), 'w') as out:
    for side in ('old', 'new'):
        sel = [r for r in rows if r['side'] == side]
        out.write(f'{side}: {len(sel)} rows, within 30% {sum(r["within"] == "1" for r in sel)}, '
                  f'held still {sum(r["held"] == "1" for r in sel)} '
                  f'(of those within {sum(r["held"] == "1" and r["within"] == "1" for r in sel)})\n')
        for k in keys:
            v = [float(r[k]) for r in sel]
            out.write(f'  {k:<22} median {statistics.median(v):9.4f}  '
                      f'range {min(v):9.4f} to {max(v):9.4f}\n')
print(open(os.path.join(HERE, 'summary.txt')).read(), end='')
