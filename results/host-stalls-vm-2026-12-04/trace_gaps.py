#!/usr/bin/env python3
# In `perf script -F comm,tid,cpu,time,event,trace` output: every stretch of 20 ms or more
# in which a CPU recorded no event at all (not a tick, not an interrupt, not a switch), with
# the events either side of it; and every rbsim thread that slept 20 ms or more, with who
# woke it and when (the sched_waking before its switch in)
import re
import sys

EVENT = re.compile(r'^\s*(\S+)\s+(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+(\S+):\s*(.*)$')
SWITCH = re.compile(r'prev_pid=(\d+).*prev_state=(\S+) ==> next_comm=(\S+) next_pid=(\d+)')
last_cpu, asleep, waking = {}, {}, {}
for line in open(sys.argv[1]):
    m = EVENT.match(line)
    if not m:
        continue
    comm, tid, cpu, t, ev, rest = m.groups()
    t, cpu = float(t), int(cpu)
    if cpu in last_cpu and t - last_cpu[cpu][0] > 0.02:
        print(f'CPU gap cpu{cpu} {(t - last_cpu[cpu][0]) * 1e3:.1f} ms after: '
              f'{last_cpu[cpu][1].strip()}\n   next: {line.strip()}')
    last_cpu[cpu] = (t, line)
    if ev == 'sched:sched_switch':
        prev, state, ncomm, npid = SWITCH.search(rest).groups()
        if state not in ('R', 'R+'):
            asleep[prev] = (t, state)
        if npid in asleep:
            since, how = asleep.pop(npid)
            if t - since > 0.02 and ncomm.startswith('rbsim'):
                print(f'tid {npid} slept {(t - since) * 1e3:.1f} ms from {since:.6f} ({how}); '
                      f'woken {waking.get(npid)}')
    elif ev == 'sched:sched_waking':
        waking[re.search(r'pid=(\d+)', rest).group(1)] = (t, cpu, comm)
