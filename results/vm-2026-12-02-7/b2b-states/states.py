# SPDX-License-Identifier: GPL-2.0-only
# states.py: per run of states.sh, records a second and the CPU time a record,
# user and system, in ns
import csv, os
here = os.path.dirname(os.path.abspath(__file__))
print('| round | side | hits M/s | user ns/record | system ns/record | total |')
print('|---|---|---|---|---|---|')
for r in csv.DictReader(open(os.path.join(here, 'runs.csv'))):
    _, side, rnd = r['label'].split('|')
    n = float(r['produced'])
    u, s = float(r['cpu_user_s']) / n * 1e9, float(r['cpu_sys_s']) / n * 1e9
    side = 'kernel' if side == 'kernel-ringbuf' else 'calibrated port'
    print(f"| {rnd} | {side} | {float(r['hits_mean_mps']):.2f} | {u:.1f} | {s:.1f} | "
          f"{u + s:.1f} |")
