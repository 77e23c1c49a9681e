#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# Where a run's threads run: starts CMD, then every 1 ms for SECONDS reads each of its
# threads' last CPU (/proc/PID/task/TID/stat, field 39) and state, and prints per thread
# (comm/tid) the share of samples on each CPU, how often the two threads after the first (the run's
# producer and consumer) sat on one CPU, and the thread's migrations and wake-ups from /proc/.../sched at the end.
#   where.py SECONDS CMD...
import subprocess, sys, time, os, collections
secs = float(sys.argv[1])
p = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
time.sleep(0.5)
cnt = collections.defaultdict(collections.Counter)
same = tot = 0
end = time.time() + secs
names = {}
def sched(tid):
    out = {}
    try:
        for l in open(f'/proc/{p.pid}/task/{tid}/sched'):
            if ':' in l:
                k, v = l.split(':', 1)
                k = k.strip()
                if k in ('se.nr_migrations', 'nr_wakeups', 'nr_wakeups_affine', 'nr_wakeups_migrate',
                         'nr_wakeups_local', 'nr_wakeups_remote', 'nr_voluntary_switches',
                         'nr_involuntary_switches'):
                    out[k] = v.strip()
    except OSError:
        pass
    return out
last = {}
while time.time() < end and p.poll() is None:
    cpus = {}
    for tid in os.listdir(f'/proc/{p.pid}/task'):
        try:
            st = open(f'/proc/{p.pid}/task/{tid}/stat').read()
        except OSError:
            continue
        comm = st[st.index('(') + 1:st.rindex(')')]
        f = st[st.rindex(')') + 2:].split()
        key = f'{comm}/{tid}'
        names[tid] = key
        cpus[key] = (f[36], f[0])
        cnt[key][f[36]] += 1
    ks = sorted(cpus, key=lambda k: int(k.split('/')[1]))[1:]
    if len(ks) == 2:
        tot += 1
        same += cpus[ks[0]][0] == cpus[ks[1]][0]
    for tid in names:
        s = sched(tid)
        if s:
            last[names[tid]] = s
    time.sleep(0.001)
p.wait()
for comm, c in cnt.items():
    n = sum(c.values())
    print(f'{comm}: ' + ', '.join(f'CPU {k} {v / n:.2f}' for k, v in sorted(c.items())) +
          f' ({n} samples); ' + ', '.join(f'{k} {v}' for k, v in last.get(comm, {}).items()))
print(f'the two threads after the first last on one CPU in {same} of {tot} samples')
