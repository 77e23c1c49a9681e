#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Replay the suite's model-real rows through an rbsim build, offline.

usage: replay.py RBSIM OUT.csv DIR...

Each row of each DIR/model-real.csv (rbsim model --against-real) holds the
figures measured just before its real runs and the real runs' rate. For every
row this writes sim/machines/this-vm.machine with the row's figures in place of
the file's (each line's source naming the folder), runs `RBSIM model` on it for
the row's variant, producer count, consumer and --preempt, and sets the
model's rate against the row's real one: the model of that build, the
sitting's measurements, no real run. One row a line into OUT.csv, and the
rows within 30% per folder and over all on stdout.
"""
import csv
import math
import os
import subprocess
import sys
import tempfile

REPO = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
# the machine file's keys and the model-real.csv column of each where they differ
KEYS = ('c2c_l3_ns', 'record_ns', 'consumer_ns', 'batch_ns', 'handoff_ns', 'handoff_cas_ns',
        'notify_ns', 'notify_sleep_ns', 'wake_ns', 'poll_ns', 'slice_ns', 'wake_draw_ns',
        'follow_ns', 'announce_ns', 'wait_ns', 'notify_wake_ns')
COLUMN = {'c2c_l3_ns': 'c2c_ns'}


def machine_text(base, row, source):
    """this-vm.machine with the row's figures: a key's line replaced where the row has it"""
    out = []
    for line in base.splitlines():
        key = line.split()[0] if line.strip() and not line.startswith('#') else None
        val = row.get(COLUMN.get(key, key)) if key in KEYS else None
        out.append(f'{key} {val} | {source}' if val else line)
    return '\n'.join(out) + '\n'


def main():
    if len(sys.argv) < 4:
        sys.exit('usage: replay.py RBSIM OUT.csv DIR...')
    rbsim, out_path, dirs = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(os.path.join(REPO, 'sim', 'machines', 'this-vm.machine')) as f:
        base = f.read()
    rows_out, total, within, logs = [], 0, 0, 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for d in dirs:
            name = os.path.basename(os.path.normpath(d))
            line = []
            with open(os.path.join(d, 'model-real.csv'), newline='') as f:
                for row in csv.DictReader(f):
                    path = os.path.join(tmp, 'm.machine')
                    with open(path, 'w') as m:
                        m.write(machine_text(base, row, f'{name}/model-real.csv'))
                    cmd = [rbsim, 'model', '--machine', path, '--reserve', row['reserve'],
                           '--producers', row['producers'], '--oversubscribe', '--format',
                           'csv', '--preempt', row.get('preempt') or 'user']
                    if row['consumer'] == 'none':
                        cmd.append('--no-consumer')
                    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
                    got = list(csv.DictReader(res.stdout.splitlines()))
                    if res.returncode or not got:
                        sys.exit(f'{name}: {" ".join(cmd)}: {res.stderr.strip()}')
                    model, real = float(got[0]['mps']), float(row['real_mps'])
                    ratio = model / real
                    ok = abs(ratio - 1) <= 0.30
                    total += 1
                    within += ok
                    logs += abs(math.log(ratio))
                    tag = row['reserve'] + ' ' + row['producers'] + \
                        (' alone' if row['consumer'] == 'none' else '')
                    line.append(f'{tag} x{ratio:.2f}{"" if ok else "*"}')
                    rows_out.append({'folder': name, 'reserve': row['reserve'],
                                     'producers': row['producers'],
                                     'consumer': row['consumer'],
                                     'recorded_model_mps': row['model_mps'],
                                     'model_mps': f'{model:.4f}', 'real_mps': row['real_mps'],
                                     'ratio': f'{ratio:.4f}', 'within': int(ok)})
            print(f'{name}: ' + ', '.join(line))
    with open(out_path, 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=list(rows_out[0]))
        w.writeheader()
        w.writerows(rows_out)
    print(f'within 30%: {within} of {total} rows; mean |ln(model/real)| {logs / total:.3f}')


if __name__ == '__main__':
    main()
