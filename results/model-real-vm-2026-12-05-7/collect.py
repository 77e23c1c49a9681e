#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# sittings/*/suite/model-real.csv and quick/*.csv -> rows.csv: one line a row of `rbsim model
# --against-real`, with its sitting (ROUND-BUILD: a suite sitting; quick-N-BUILD-K-RESERVE:
# the quick A/B of the shared rings without a consumer), the build (new: handoff_ns from the
# port's two producers on one ring; old: decb973's imitation of the hand-off's lines), where
# the vCPUs sat (near: the c2c figures before and after the row's runs both under 90 ns) and
# the model against the real mean. Run from this folder.
import csv
import glob
import os

cols = ['sitting', 'build', 'reserve', 'consumer', 'producers', 'oversubscribed', 'place',
        'c2c_ns', 'c2c_after_ns', 'handoff_ns', 'model_mps', 'real_mps', 'real_sd_mps',
        'ratio', 'within']
files = sorted(glob.glob('sittings/*/suite/model-real.csv')) + sorted(glob.glob('quick/*.csv'))
with open('rows.csv', 'w', newline='') as out:
    w = csv.writer(out)
    w.writerow(cols)
    for f in files:
        name = f.split(os.sep)[1] if f.startswith('sittings') else os.path.basename(f)[:-4]
        build = 'new' if '-new' in name else 'old'
        for r in csv.DictReader(open(f)):
            near = float(r['c2c_ns']) < 90 and float(r['c2c_after_ns']) < 90
            r['sitting'] = name
            r['build'] = build
            r['place'] = 'near' if near else 'far'
            w.writerow([r[c] for c in cols])
