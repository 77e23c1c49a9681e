#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# One traced run of trace.sh: who holds CPU 0 (the consumer and producer 1) and
# for how long, the consumer's ways off it (asleep: switched out in state S;
# preempted: in state R) and what follows each, the wake-ups of the consumer
# (from its sched_waking to its switch-in, and the CPU the waker ran on).
#   stints.py TRACE
# Only the measured second counts: the last 1.0 s of the trace (the run's -w 1 -d 1).
# Microseconds; TSC ticks at the kernel log's rate (tsc_mhz below, this host's).
import re
import statistics as st
import sys

TSC_MHZ = 2445.432
line_re = re.compile(r'^\s*(.*)-(\d+)\s+\[(\d+)\]\s+\S+\s+(\d+): (\w+): (.*)$')
sw_re = re.compile(r'prev_comm=(.*) prev_pid=(\d+) prev_prio=\d+ prev_state=(\S+) ==> '
                   r'next_comm=(.*) next_pid=(\d+)')
ev = []
for line in open(sys.argv[1]):
    m = line_re.match(line)
    if not m:
        continue
    comm, tid, cpu, t, name, rest = m.groups()
    t = int(t) / TSC_MHZ
    if name == 'sched_switch':
        pc, pp, state, nc, np_ = sw_re.search(rest).groups()
        ev.append((t, 'switch', int(cpu), int(pp), state[0], int(np_), pc, nc))
    elif name == 'sched_waking':
        pid = int(re.search(r' pid=(\d+)', rest).group(1))
        ev.append((t, 'waking', int(cpu), pid, comm, 0, '', ''))
if not ev:
    sys.exit('no events')
end = ev[-1][0]
start = end - 1e6
# the rbsim threads on CPU 0: the consumer sleeps (state S), producer 1 does not
sleeps, on0 = {}, {}
for t, k, cpu, a, b, c, pc, nc in ev:
    if k == 'switch' and pc == 'rbsim' and b == 'S':
        sleeps[a] = sleeps.get(a, 0) + 1
    if k == 'switch' and cpu == 0 and nc == 'rbsim':
        on0[c] = on0.get(c, 0) + 1
cons = max(sleeps, key=sleeps.get)
prod1 = max((p for p in on0 if p != cons), key=on0.get)
stints = {'cons': [], 'prod1': [], 'other': []}
after = {'S': [], 'R': []}     # producer 1's stint after the consumer left asleep / preempted
outs = {'S': 0, 'R': 0}
wake_lat, wakers = [], {}
since, last_out, waking_t = None, None, None
for t, k, cpu, a, b, c, pc, nc in ev:
    if k == 'waking' and a == cons:
        waking_t = t
        if t >= start:
            wakers[cpu] = wakers.get(cpu, 0) + 1
        continue
    if k != 'switch' or cpu != 0:
        continue
    # a switch on CPU 0 ends the stint of a (since `since`) and starts c's
    counted = since is not None and since >= start
    if counted:
        stints['cons' if a == cons else 'prod1' if a == prod1 else 'other'].append(t - since)
    if a == prod1 and last_out and counted:
        after[last_out].append(t - since)
    last_out = None
    if a == cons and b in ('S', 'R') and c == prod1:
        # producer 1's stint that starts here is told by how the consumer left
        last_out = b
        if counted:
            outs[b] += 1
    if c == cons and waking_t is not None:
        if t >= start:
            wake_lat.append(t - waking_t)
        waking_t = None
    since = t

def q(v):
    if not v:
        return '-'
    v = sorted(v)
    p = lambda f: v[min(len(v) - 1, int(f * len(v)))]
    return f'n {len(v)}, p10 {p(0.1):.1f}, p50 {st.median(v):.1f}, p90 {p(0.9):.1f}, ' \
        f'sum {sum(v) / 1e3:.1f} ms'


print(f'consumer {cons}, producer 1 {prod1}; the last second of the trace')
print(f'  CPU 0 stints, us: consumer {q(stints["cons"])}')
print(f'                    producer 1 {q(stints["prod1"])}')
print(f'                    other {q(stints["other"])}')
print(f'  the consumer off CPU 0: asleep {outs["S"]}, preempted {outs["R"]}')
print(f'  producer 1 after the consumer slept: {q(after["S"])}')
print(f'  producer 1 after the consumer was preempted: {q(after["R"])}')
print(f'  the consumer woken: sched_waking to switch-in {q(wake_lat)}; wakers by CPU {wakers}')
