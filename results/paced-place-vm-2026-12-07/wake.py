#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# How a run's consumer is woken: starts CMD, finds the consumer's thread (the one
# found most often inside epoll_wait/epoll_pwait/futex_waitv), then traces
# sched:sched_waking and sched:sched_wakeup of that thread for SECONDS (tracefs at
# /sys/kernel/tracing, mounted) and prints: how many wake-ups, in which context
# the waking ran (hard irq, soft irq, a task: the trace's flags), on which CPU, the
# CPU it last ran on against the CPU the scheduler chose (target_cpu), and the
# share that landed on the waker's CPU.
#   wake.py SECONDS CMD...
import collections, os, re, subprocess, sys, time
T = '/sys/kernel/tracing'
secs = float(sys.argv[1])
def w(f, v):
    with open(os.path.join(T, f), 'w') as o:
        o.write(v)
p = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
time.sleep(0.6)
seen = collections.Counter()
WAITS = {'232', '281', '449'}
for _ in range(300):
    for tid in os.listdir(f'/proc/{p.pid}/task'):
        try:
            nr = open(f'/proc/{p.pid}/task/{tid}/syscall').read().split()[0]
        except (OSError, IndexError):
            continue
        if nr in WAITS:
            seen[tid] += 1
    time.sleep(0.001)
cons = seen.most_common(1)[0][0]
w('tracing_on', '0')
w('trace', '')
w('events/sched/sched_waking/filter', f'pid == {cons}')
w('events/sched/sched_wakeup/filter', f'pid == {cons}')
w('events/sched/sched_waking/enable', '1')
w('events/sched/sched_wakeup/enable', '1')
w('tracing_on', '1')
time.sleep(secs)
w('tracing_on', '0')
w('events/sched/sched_waking/enable', '0')
w('events/sched/sched_wakeup/enable', '0')
w('events/sched/sched_waking/filter', '0')
w('events/sched/sched_wakeup/filter', '0')
text = open(os.path.join(T, 'trace')).read()
p.wait()
ctx, oncpu = collections.Counter(), collections.Counter()
moves = collections.Counter()
last_waking = None
n = 0
# e.g. "  <idle>-0  [001] d.h2.  123.456: sched_waking: comm=rbsim pid=1 prio=120 target_cpu=000"
rx = re.compile(r'^\s*(.+?)-(\d+)\s+\[(\d+)\]\s+(\S+)\s+[\d.]+: (sched_waking|sched_wakeup): .*target_cpu=(\d+)')
for line in text.splitlines():
    m = rx.match(line)
    if not m:
        continue
    who, wpid, cpu, flags, ev, target = m.groups()
    if ev == 'sched_waking':
        c = 'hardirq' if 'h' in flags[2:3] or flags[2:3] in ('H',) else 'softirq' if flags[2:3] == 's' else 'task'
        last_waking = (c, int(cpu), int(target), who)
    elif last_waking:
        c, wcpu, prev, who = last_waking
        n += 1
        ctx[(c, who)] += 1
        moves[(prev, int(target), wcpu)] += 1
        oncpu['on the waker\'s CPU' if int(target) == wcpu else 'elsewhere'] += 1
        last_waking = None
print(f'consumer thread {cons}; {n} wake-ups traced in {secs} s')
print('  waking context (flags) and waker: ' + ', '.join(f'{c} {who} {v}' for (c, who), v in ctx.most_common(6)))
print('  (CPU it was on, CPU chosen, waker\'s CPU): ' + ', '.join(f'{k} {v}' for k, v in moves.most_common(6)))
print('  woken onto: ' + ', '.join(f'{k} {v}' for k, v in oncpu.most_common()))
