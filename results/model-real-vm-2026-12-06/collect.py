#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# sittings/*/suite/model-real.csv -> rows.csv: one line a row of `rbsim model --against-real`
# (the suite's model-real section), with its sitting (the UTC time watchnear.sh started it)
# and where the vCPUs sat (near: the CAS transfer probed before and after the row's runs
# both under 90 ns). Run from this folder.
import csv
import glob
import os

cols = ['sitting', 'reserve', 'consumer', 'producers', 'oversubscribed', 'place', 'c2c_ns',
        'c2c_after_ns', 'handoff_ns', 'record_ns', 'model_mps', 'real_mps', 'real_sd_mps',
        'ratio', 'within', 'woke_per_rec', 'model_woke_per_rec']
with open('rows.csv', 'w', newline='') as out:
    w = csv.writer(out)
    w.writerow(cols)
    for f in sorted(glob.glob('sittings/*/suite/model-real.csv')):
        for r in csv.DictReader(open(f, newline='')):
            near = float(r['c2c_ns']) < 90 and float(r['c2c_after_ns']) < 90
            r['sitting'] = f.split(os.sep)[1]
            r['place'] = 'near' if near else 'far'
            w.writerow([r[c] for c in cols])
