#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The model's oversubscribed rows (2 producers and the consumer on 2 CPUs),
each input moved by -20% to +20% in steps of 4%, offline.

usage: states.py RBSIM KEYS DIR...

For each DIR/model-real.csv row with 2 producers and a consumer, writes
sim/machines/this-vm.machine with the row's figures (as
../follow-replay-vm-2026-12-07/replay.py does), then for each machine-file
key in KEYS (comma-separated; handoff means the row variant's own hand-off:
handoff_cas_ns for cas, handoff_ns otherwise) runs `RBSIM model` with that
figure times 0.80, 0.84, ... 1.20, the others the row's, and prints the
model's rate, notifications a record and spins a record at each step, and
the real runs' rate.
"""
import csv
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'follow-replay-vm-2026-12-07'))
import replay  # noqa: E402

STEPS = [0.80 + 0.04 * i for i in range(11)]


def model(rbsim, base, row, tmp):
    path = os.path.join(tmp, 'm.machine')
    with open(path, 'w') as m:
        m.write(replay.machine_text(base, row, 'states.py'))
    cmd = [rbsim, 'model', '--machine', path, '--reserve', row['reserve'], '--producers',
           row['producers'], '--oversubscribe', '--format', 'csv', '--preempt',
           row.get('preempt') or 'user']
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    got = list(csv.DictReader(res.stdout.splitlines()))
    if res.returncode or not got:
        sys.exit(f'{" ".join(cmd)}: {res.stderr.strip()}')
    return got[0]


def main():
    if len(sys.argv) < 4:
        sys.exit('usage: states.py RBSIM KEYS DIR...')
    rbsim, keys, dirs = sys.argv[1], sys.argv[2].split(','), sys.argv[3:]
    with open(os.path.join(HERE, '..', '..', 'sim', 'machines', 'this-vm.machine')) as f:
        base = f.read()
    with tempfile.TemporaryDirectory() as tmp:
        for d in dirs:
            name = os.path.basename(os.path.normpath(d))
            with open(os.path.join(d, 'model-real.csv'), newline='') as f:
                rows = [r for r in csv.DictReader(f)
                        if r['producers'] == '2' and r['consumer'] != 'none']
            for row in rows:
                print(f"{name} {row['reserve']} 2 producers: real {float(row['real_mps']):.2f}"
                      f" M/s, notifications a record {float(row['notify_per_rec']):.3f}; "
                      f"model as recorded {float(row['model_mps']):.2f}")
                for key in keys:
                    k = key if key != 'handoff' else \
                        'handoff_cas_ns' if row['reserve'] == 'cas' else 'handoff_ns'
                    col = replay.COLUMN.get(k, k)
                    cells = []
                    for s in STEPS:
                        r2 = dict(row)
                        r2[col] = f'{float(row[col]) * s:.4f}'
                        g = model(rbsim, base, r2, tmp)
                        cells.append(f"{float(g['mps']):5.2f}/{float(g['notify_per_rec']):.3f}/"
                                     f"{float(g['spins_per_rec']):.2f}")
                    print(f"  {k} {float(row[col]):.2f} x0.80..x1.20 (M/s/notifications/spins):")
                    print('    ' + ' '.join(cells[:6]))
                    print('    ' + ' '.join(cells[6:]))


if __name__ == '__main__':
    main()
