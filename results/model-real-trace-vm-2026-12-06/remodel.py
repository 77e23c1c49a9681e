#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The model of each row with the consumer of the model-real.csv files given,
with the figures that row measured written into this-vm.machine (as
../model-real-cas-vm-2026-12-06/remodel.py does), once as main models it and
once with the announced sleep of `build.sh announce` (DG_ANN set). Run from
the checkout after `build.sh announce`:
  python3 results/model-real-trace-vm-2026-12-06/remodel.py CSV..."""
import csv
import os
import subprocess
import sys
import tempfile

RBSIM = 'build/dbga/rbsim'
KEYS = {'c2c_l3_ns': 'c2c_ns', 'record_ns': 'record_ns', 'consumer_ns': 'consumer_ns',
        'batch_ns': 'batch_ns', 'handoff_ns': 'handoff_ns', 'notify_ns': 'notify_ns',
        'notify_sleep_ns': 'notify_sleep_ns', 'wake_ns': 'wake_ns', 'poll_ns': 'poll_ns',
        'wake_draw_ns': 'wake_draw_ns', 'slice_ns': 'slice_ns', 'follow_ns': 'follow_ns',
        'handoff_cas_ns': 'handoff_cas_ns'}


def machine(r):
    out = []
    for line in open('sim/machines/this-vm.machine'):
        k = line.split(' ')[0]
        if k not in KEYS:
            out.append(line)
            continue
        v = r.get(KEYS[k], '')
        if v and k == 'slice_ns':
            v = '%d' % float(v)
        elif v and k != 'wake_draw_ns':
            v = '%.4f' % float(v)
        out.append('%s %s | the row\n' % (k, v if v else 'n/a'))
    path = os.path.join(tempfile.gettempdir(), 'remodel-trace.machine')
    with open(path, 'w') as f:
        f.writelines(out)
    return path


def model(path, r, announce):
    env = dict(os.environ)
    env.pop('DG_ANN', None)
    if announce:
        env['DG_ANN'] = '130'
    o = subprocess.run([RBSIM, 'model', '--machine', path, '--reserve', r['reserve'],
                        '--producers', r['producers'], '--format', 'csv', '--preempt', 'user',
                        '--oversubscribe'], capture_output=True, text=True, env=env)
    row = list(csv.DictReader(o.stdout.splitlines()))
    if not row:
        sys.exit(o.stderr.strip())
    return row[0]


print('sitting reserve producers c2c_ns real_mps | model/real: main, announce | '
      'notifications a record: real, main, announce | wake-up calls a record: real, announce')
for f in sys.argv[1:]:
    for r in csv.DictReader(open(f)):
        if r['consumer'] != 'libbpf':
            continue
        path = machine(r)
        a, b = model(path, r, False), model(path, r, True)
        real = float(r['real_mps'])
        print('%s %s %s %.0f %.2f | %.3f %.3f | %.3f %.3f %.3f | %.4f %.4f' %
              (os.path.basename(os.path.dirname(f)), r['reserve'], r['producers'],
               float(r['c2c_ns']), real, float(a['mps']) / real, float(b['mps']) / real,
               float(r['notify_per_rec']), float(a['notify_per_rec']),
               float(b['notify_per_rec']), float(r['woke_per_rec']), float(b['woke_per_rec'])))
