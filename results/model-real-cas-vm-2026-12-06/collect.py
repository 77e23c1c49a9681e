# SPDX-License-Identifier: GPL-2.0-only
# Every row of the sittings (sittings/*/new-*.csv) and the suite sittings
# (suite-*/model-real.csv) into rows.csv, near where the transfer before and after the row's
# runs both read under 90 ns. Run from this folder: python3 collect.py > rows.csv
import csv, glob, os, sys

out = csv.writer(sys.stdout)
out.writerow(['sitting', 'file', 'reserve', 'consumer', 'producers', 'oversubscribed', 'c2c_ns',
              'c2c_after_ns', 'near', 'handoff_ns', 'handoff_cas_ns', 'handoff_after_ns',
              'model_mps', 'real_mps', 'ratio', 'within', 'woke_per_rec', 'tries'])
files = sorted(glob.glob('sittings/*/new-*.csv')) + sorted(glob.glob('suite-*/model-real.csv'))
for f in files:
    for r in csv.DictReader(open(f)):
        near = float(r['c2c_ns']) < 90 and float(r['c2c_after_ns']) < 90
        out.writerow([f.split('/')[-2], os.path.basename(f), r['reserve'], r['consumer'],
                      r['producers'], r['oversubscribed'], r['c2c_ns'], r['c2c_after_ns'],
                      int(near), r['handoff_ns'], r['handoff_cas_ns'],
                      r.get('handoff_after_ns', ''), r['model_mps'], r['real_mps'], r['ratio'],
                      r['within'], r['woke_per_rec'], r['tries']])
