#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# sittings/*/suite/model-real.csv -> rows.csv: one line a row, with the sitting, where the
# vCPUs sat (near: the c2c figures before and after the row's runs both under 90 ns), the
# model against the real mean (ratio) and, where the producers each had a ring of their
# own, the share of their time they lost and the model against the rate over the time
# they ran (ran_ratio). Run from this folder.
import csv
import glob
import os

cols = ['sitting', 'reserve', 'consumer', 'producers', 'oversubscribed', 'place', 'c2c_ns',
        'c2c_after_ns', 'model_mps', 'real_mps', 'real_sd_mps', 'ratio', 'within',
        'lost_frac', 'ran_mps', 'ran_ratio']
with open('rows.csv', 'w', newline='') as out:
    w = csv.writer(out)
    w.writerow(cols)
    for f in sorted(glob.glob('sittings/*/suite/model-real.csv')):
        sitting = f.split(os.sep)[1]
        for r in csv.DictReader(open(f)):
            near = float(r['c2c_ns']) < 90 and float(r['c2c_after_ns']) < 90
            r['sitting'] = sitting
            r['place'] = 'near' if near else 'far'
            w.writerow([r[c] for c in cols])
