#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""remodel.py BUILD... CSV...: the many-CPU model of every row with a
libbpf consumer of the model-real.csv files given, with the figures that row
measured written into a copy of sim/machines/this-vm.machine (a figure the
row lacks, this file's), by each rbsim build given (a path, or
NAME=PATH[:N[s]], N the DG_F value for the diagnostic build of dg.patch,
s to set DG_S as well);
model over the row's real rate, and per host (the CPU family of the
env.txt beside or above the file), producers and placement (far: the
row's transfer 100 ns or more) how many are within 30%. Run from the
checkout."""
import csv
import os
import re
import statistics
import subprocess
import sys
import tempfile

KEYS = {'c2c_l3_ns': 'c2c_ns', 'record_ns': 'record_ns', 'consumer_ns': 'consumer_ns',
        'batch_ns': 'batch_ns', 'handoff_ns': 'handoff_ns', 'notify_ns': 'notify_ns',
        'notify_sleep_ns': 'notify_sleep_ns', 'wake_ns': 'wake_ns', 'poll_ns': 'poll_ns',
        'wake_draw_ns': 'wake_draw_ns', 'slice_ns': 'slice_ns', 'follow_ns': 'follow_ns',
        'handoff_cas_ns': 'handoff_cas_ns', 'announce_ns': 'announce_ns', 'wait_ns': 'wait_ns',
        'notify_wake_ns': 'notify_wake_ns'}
BASE = 'sim/machines/this-vm.machine'


def machine(r):
    out = []
    for line in open(BASE):
        k = line.split(' ')[0]
        if k not in KEYS or not r.get(KEYS[k]):
            out.append(line)
            continue
        v = r[KEYS[k]]
        if k == 'slice_ns':
            v = '%d' % float(v)
        elif k != 'wake_draw_ns':
            v = '%.4f' % float(v)
        out.append('%s %s | the row\n' % (k, v))
    path = os.path.join(tempfile.gettempdir(), 'remodel-follow.machine')
    with open(path, 'w') as f:
        f.writelines(out)
    return path


def build(arg):
    """(name, path, env) from PATH or NAME=PATH[:DG_F]"""
    name, _, rest = arg.rpartition('=') if '=' in arg else (None, None, arg)
    path, _, dg = rest.partition(':')
    env = {"DG_F": dg.rstrip("s")} if dg else {}
    if dg.endswith("s"):
        env["DG_S"] = "1"
    return (name or path, path, env)


def family(f):
    d = os.path.dirname(os.path.abspath(f))
    for _ in range(3):
        e = os.path.join(d, 'env.txt')
        if os.path.exists(e):
            m = re.search(r'family (\d+)', open(e).read())
            if m:
                return m.group(1)
        d = os.path.dirname(d)
    return '?'


def model(b, path, r):
    env = dict(os.environ)
    env.pop('DG_F', None)
    env.pop('DG_S', None)
    env.update(b[2])
    o = subprocess.run([b[1], 'model', '--machine', path, '--reserve', r['reserve'],
                        '--producers', r['producers'], '--format', 'csv', '--preempt', 'user',
                        '--oversubscribe'], capture_output=True, text=True, env=env)
    row = list(csv.DictReader(o.stdout.splitlines()))
    if not row:
        sys.exit(o.stderr.strip())
    return float(row[0]['mps']), float(row[0]['pc_stalls'])


nb = next(i for i, a in enumerate(sys.argv[1:]) if a.endswith('.csv'))
builds = [build(a) for a in sys.argv[1:1 + nb]]
print('family file reserve producers place real_mps | model/real and stalls a record: ' +
      ', '.join(b[0] for b in builds))
res = []
for f in sys.argv[1 + nb:]:
    fam = family(f)
    for r in csv.DictReader(open(f)):
        if r.get('consumer') != 'libbpf' or not r.get('follow_ns'):
            continue
        path = machine(r)
        real = float(r['real_mps'])
        out = [model(b, path, r) for b in builds]
        far = float(r['c2c_ns']) >= 100
        res.append((fam, r['producers'], far, [o[0] / real for o in out]))
        print('%s %s %s %s %s %.2f | %s' % (fam, os.path.relpath(f), r['reserve'], r['producers'],
                                            'far' if far else 'near', real,
                                            '  '.join('%.3f %.3f' % (o[0] / real, o[1])
                                                      for o in out)), flush=True)
for fam in sorted(set(x[0] for x in res)):
    for p in ('1', '2'):
        for far in (False, True):
            sel = [x for x in res if x[0] == fam and x[1] == p and x[2] == far]
            if not sel:
                continue
            s = 'family %s, %s producer%s, %s, %d rows:' % (fam, p, 's' if p == '2' else '',
                                                         'far' if far else 'near', len(sel))
            for j, b in enumerate(builds):
                v = [x[3][j] for x in sel]
                s += '  %s %d within (median %.2f)' % (b[0], sum(0.7 <= y <= 1.3 for y in v),
                                                      statistics.median(v))
            print(s)
for j, b in enumerate(builds):
    print('%s: %d of %d rows within 30%%' % (b[0], sum(0.7 <= x[3][j] <= 1.3 for x in res),
                                          len(res)))
