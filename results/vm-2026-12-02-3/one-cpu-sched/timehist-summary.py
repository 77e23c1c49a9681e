# SPDX-License-Identifier: GPL-2.0-only
import sys, subprocess, statistics as st
# per thread of rbsim: switches out by state, run time per switch, wait time before it
data, = sys.argv[1:]
out = subprocess.run(['perf', 'sched', 'timehist', '-i', data, '--state'],
                     capture_output=True, text=True).stdout
th = {}
for l in out.splitlines()[3:]:
    f = l.split()
    if len(f) < 7 or not f[2].startswith('rbsim['):
        continue
    tid = f[2].split('[')[1].split('/')[0].rstrip(']')
    wait, delay, run, state = float(f[3]), float(f[4]), float(f[5]), f[6]
    t = th.setdefault(tid, {'R': [], 'S': [], 'other': [], 'wait': [], 'run': []})
    t['R' if state == 'R' else 'S' if state == 'S' else 'other'].append(run)
    t['wait'].append(wait + delay)
    t['run'].append(run)
for tid, t in th.items():
    w = sorted(t['wait']); r = sorted(t['run'])
    q = lambda a, p: a[min(len(a) - 1, int(p * len(a)))] if a else 0
    print(f"tid {tid}: {len(r)} runs ({len(t['R'])} preempted, {len(t['S'])} slept), "
          f"run ms p50 {q(r, .5):.3f} p99 {q(r, .99):.3f} max {r[-1]:.3f} sum {sum(r):.0f}; "
          f"waited before ms p50 {q(w, .5):.3f} p99 {q(w, .99):.3f} max {w[-1]:.3f}; "
          f"runs after a wait > 1 ms: {sum(1 for x in w if x > 1)}")
