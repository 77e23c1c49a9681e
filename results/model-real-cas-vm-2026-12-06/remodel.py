# SPDX-License-Identifier: GPL-2.0-only
# The model of one row of a model-real CSV (rbsim model --against-real) with the figures that
# row measured, written into this-vm.machine as the CLI test does (tests/cli/test_model.c
# machine_now()), once as measured and once without handoff_cas_ns: the CAS chain fixed at 2
# transfers, the model before 5e8509a. Run from the source tree:
#   python3 results/model-real-cas-vm-2026-12-06/remodel.py CSV RESERVE PRODUCERS [RBSIM]
import csv, os, subprocess, sys, tempfile
f, reserve, producers = sys.argv[1], sys.argv[2], sys.argv[3]
rbsim = sys.argv[4] if len(sys.argv) > 4 else 'build/rbsim'
for r in csv.DictReader(open(f)):
    if r['reserve'] != reserve or r['producers'] != producers:
        continue
    keys = {'c2c_l3_ns': 'c2c_ns', 'record_ns': 'record_ns', 'consumer_ns': 'consumer_ns',
            'batch_ns': 'batch_ns', 'handoff_ns': 'handoff_ns', 'notify_ns': 'notify_ns',
            'notify_sleep_ns': 'notify_sleep_ns', 'wake_ns': 'wake_ns', 'poll_ns': 'poll_ns'}
    out = []
    for line in open('sim/machines/this-vm.machine'):
        k = line.split(' ')[0]
        if k in keys:
            out.append(f'{k} {float(r[keys[k]]):.4f} | row\n')
        elif k in ('wake_draw_ns', 'slice_ns', 'follow_ns', 'handoff_cas_ns'):
            col = {'wake_draw_ns': 'wake_draw_ns', 'slice_ns': 'slice_ns', 'follow_ns': 'follow_ns', 'handoff_cas_ns': 'handoff_cas_ns'}[k]
            v = r.get(col, '')
            out.append(f'{k} {v if v else "n/a"} | row\n')
        else:
            out.append(line)
    for with_cas in (True, False):
        path = os.path.join(tempfile.gettempdir(), 'remodel-row.machine')
        with open(path, 'w') as w:
            for line in out:
                if not with_cas and line.startswith('handoff_cas_ns'):
                    continue
                w.write(line)
        args = [rbsim, 'model', '--machine', path, '--reserve', reserve, '--producers', producers,
                '--format', 'csv', '--preempt', 'user', '--oversubscribe']
        if r['consumer'] == 'none':
            args.append('--no-consumer')
        o = subprocess.run(args, capture_output=True, text=True)
        row = list(csv.DictReader(o.stdout.splitlines()))
        if not row:
            print(o.stderr); continue
        m = float(row[0]['mps'])
        print(f"{reserve} {r['consumer']} {producers}: {'measured chain' if with_cas else 'fixed chain 2'}: model {m:.3f} real {float(r['real_mps']):.3f} ratio {m/float(r['real_mps']):.3f} (csv model {float(r['model_mps']):.3f})")
