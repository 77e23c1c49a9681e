#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The model of each row with the consumer of the model-real.csv files given,
with the figures that row measured written into this-vm.machine (as
../model-real-cas-vm-2026-12-06/remodel.py does), twice:
  remodel.py CSV...         build/dbga/rbsim (`build.sh announce`, from the
                            commit before the announced sleep went into main,
                            whose this-vm.machine lacks its keys): as main
                            modelled it then, and with DG_ANN set;
  remodel.py main CSV...   build/rbsim of a checkout that has it: without the
                            three keys (the model before) and with this-vm's.
REMODEL_BASE names another machine file to start from (its figures where the
row measured none). Run from the checkout."""
import csv
import os
import statistics
import subprocess
import sys
import tempfile

RBSIM = 'build/dbga/rbsim'
SLEEP_KEYS = ('announce_ns', 'wait_ns', 'notify_wake_ns')
MAIN = len(sys.argv) > 1 and sys.argv[1] == 'main'
KEYS = {'c2c_l3_ns': 'c2c_ns', 'record_ns': 'record_ns', 'consumer_ns': 'consumer_ns',
        'batch_ns': 'batch_ns', 'handoff_ns': 'handoff_ns', 'notify_ns': 'notify_ns',
        'notify_sleep_ns': 'notify_sleep_ns', 'wake_ns': 'wake_ns', 'poll_ns': 'poll_ns',
        'wake_draw_ns': 'wake_draw_ns', 'slice_ns': 'slice_ns', 'follow_ns': 'follow_ns',
        'handoff_cas_ns': 'handoff_cas_ns'}


def machine(r):
    out = []
    for line in open(os.environ.get('REMODEL_BASE', 'sim/machines/this-vm.machine')):
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


def sitting(f):
    """the folder of a CSV, or of its suite/ folder"""
    d = os.path.dirname(f)
    return os.path.basename(os.path.dirname(d) if os.path.basename(d) == 'suite' else d)


def model(path, r, announce):
    env = dict(os.environ)
    env.pop('DG_ANN', None)
    rbsim = RBSIM
    if MAIN:
        rbsim = 'build/rbsim'
        if not announce:
            with open(path) as f:
                keep = [line for line in f if line.split(' ')[0] not in SLEEP_KEYS]
            path += '.before'
            with open(path, 'w') as f:
                f.writelines(keep)
    elif announce:
        env['DG_ANN'] = '130'
    o = subprocess.run([rbsim, 'model', '--machine', path, '--reserve', r['reserve'],
                        '--producers', r['producers'], '--format', 'csv', '--preempt', 'user',
                        '--oversubscribe'], capture_output=True, text=True, env=env)
    row = list(csv.DictReader(o.stdout.splitlines()))
    if not row:
        sys.exit(o.stderr.strip())
    return row[0]


print('sitting reserve producers c2c_ns real_mps | model/real: before, announce | '
      'notifications a record: real, before, announce | wake-up calls a record: real, announce')
rows = []
for f in sys.argv[2 if MAIN else 1:]:
    for r in csv.DictReader(open(f)):
        if r['consumer'] != 'libbpf':
            continue
        path = machine(r)
        a, b = model(path, r, False), model(path, r, True)
        real = float(r['real_mps'])
        rows.append((float(r['c2c_ns']) < 100, r['producers'], float(a['mps']) / real,
                     float(b['mps']) / real, float(r['woke_per_rec']), float(b['woke_per_rec'])))
        print('%s %s %s %.0f %.2f | %.3f %.3f | %.3f %.3f %.3f | %.4f %.4f' %
              (sitting(f), r['reserve'], r['producers'],
               float(r['c2c_ns']), real, float(a['mps']) / real, float(b['mps']) / real,
               float(r['notify_per_rec']), float(a['notify_per_rec']),
               float(b['notify_per_rec']), float(r['woke_per_rec']), float(b['woke_per_rec'])))

for near, name in ((False, 'far (100 ns or more apart)'), (True, 'near')):
    sel = [x for x in rows if x[0] == near]
    if not sel:
        continue
    print('%s: %d rows' % (name, len(sel)))
    for i, what in ((2, 'before'), (3, 'announce')):
        out = sorted('%.3f' % x[i] for x in sel if not 0.7 <= x[i] <= 1.3)
        print('  %-8s within 30%%: %d of %d%s' % (what, len(sel) - len(out), len(sel),
                                                (' (out: %s)' % ', '.join(out)) if out else ''))
        for p in ('1', '2'):
            v = [x[i] for x in sel if x[1] == p]
            if v:
                print('    %s producer%s: model/real median %.3f (%.3f-%.3f)' %
                      (p, 's' if p == '2' else '', statistics.median(v), min(v), max(v)))
    for p in ('1', '2'):
        v = [x for x in sel if x[1] == p]
        if v:
            print('  wake-up calls a record, %s producer%s: real median %.4f, announce %.4f' %
                  (p, 's' if p == '2' else '', statistics.median(x[4] for x in v),
                   statistics.median(x[5] for x in v)))
