# SPDX-License-Identifier: GPL-2.0-only
# For each wake-up of the consumer (tid CONS) while the producer (tid PROD) runs
# on the CPU: how long the producer had run since it was last switched in, and
# how long the consumer then waited to run. Prints the delay's distribution by
# the producer's run-so-far at the wake-up.
import sys, subprocess, re
# usage: wake-vs-run.py PERF.DATA [ROWS.CSV]
# (ROWS.CSV: one line per wake-up, the producer's run so far and the delay, in us)
# The producer: the rbsim thread switched out runnable most often; the
# consumer: the one switched out asleep most often.
from collections import Counter
data = sys.argv[1]
rows_csv = sys.argv[2] if len(sys.argv) > 2 else None
out = subprocess.run(['perf', 'script', '-i', data], capture_output=True, text=True).stdout
runnable, asleep = Counter(), Counter()
for m in re.finditer(r'prev_comm=rbsim prev_pid=(\d+) prev_prio=\d+ prev_state=(\S+)', out):
    (runnable if m.group(2).startswith('R') else asleep)[m.group(1)] += 1
prod = runnable.most_common(1)[0][0]
cons = asleep.most_common(1)[0][0]
print(f'producer tid {prod}, consumer tid {cons}')
cur_in = {}      # cpu -> (pid, time switched in)
pending = None   # (t_wake, producer's run so far)
rows = []
for l in out.splitlines():
    m = re.match(r'\s*\S+\s+(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+sched:(\w+):\s+(.*)', l)
    if not m:
        continue
    pid, cpu, t, ev, rest = m.group(1), int(m.group(2)), float(m.group(3)), m.group(4), m.group(5)
    if ev == 'sched_switch':
        nxt = re.search(r'next_pid=(\d+)', rest).group(1)
        cur_in[cpu] = (nxt, t)
        if nxt == cons and pending:
            rows.append((pending[1], t - pending[0]))
            pending = None
    elif ev == 'sched_waking':
        woken = re.search(r'pid=(\d+)', rest).group(1)
        if woken != cons:
            continue
        c = cur_in.get(cpu)
        if c and c[0] == prod:
            pending = (t, t - c[1])
        else:
            pending = None
edges = [0, 20e-6, 50e-6, 100e-6, 200e-6, 500e-6, 1e-3, 2e-3, 1e9]
print(f'{len(rows)} wake-ups of the consumer while the producer ran')
print('producer ran (us)   wakes   consumer ran within 0.2 ms   waited > 1 ms   delay p50 (us)')
for lo, hi in zip(edges, edges[1:]):
    d = sorted(x[1] for x in rows if lo <= x[0] < hi)
    if not d:
        continue
    fast = sum(1 for x in d if x < 200e-6)
    slow = sum(1 for x in d if x > 1e-3)
    print(f'{lo*1e6:6.0f}-{hi*1e6 if hi < 1 else float("inf"):<8.0f}  {len(d):7d}   {fast:7d} ({100*fast/len(d):5.1f}%)'
          f'          {slow:6d} ({100*slow/len(d):5.1f}%)   {d[len(d)//2]*1e6:8.1f}')
slow = [x[1] for x in rows if x[1] > 1e-3]
if rows_csv:
    with open(rows_csv, 'w') as f:
        f.write('producer_ran_us,consumer_waited_us\n')
        for a, b in rows:
            f.write(f'{a*1e6:.1f},{b*1e6:.1f}\n')
print(f'waits over 1 ms: {len(slow)}, {sum(slow)*1e3:.0f} ms in all'
      + (f', p50 {sorted(slow)[len(slow)//2]*1e3:.2f} ms, max {max(slow)*1e3:.2f} ms' if slow else '')
      + f'; all waits: {sum(x[1] for x in rows)*1e3:.0f} ms')
