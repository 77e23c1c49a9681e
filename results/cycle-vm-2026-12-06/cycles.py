#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# One traced run of trace.sh: its consumer's sleep cycles, phase by phase, and
# its threads' CPU time a record.
#   cycles.py TRACE RUN.csv [TSC_MHZ]
# A cycle runs from one sleep of the consumer (switched out in state S) to the
# next: asleep (to the first sched_waking of it: the producer's next commit
# that finds it caught up, and that notification's way to try_to_wake_up()),
# sched (to its switch-in), exit (to its wait's system call returning), drain
# (to its last wait's entry before it sleeps again: its records, and waits that
# found records), entry (from that entry to its switch-out). Microseconds:
# p10/p50/p90 and the mean. TSC ticks at the kernel log's 2445.432 MHz (env.txt),
# or at TSC_MHZ where given (another host's: its dmesg's "tsc: Detected").
import csv, re, statistics as st, sys
line_re = re.compile(r'^\s*(.*)-(\d+)\s+\[(\d+)\]\s+\S+\s+(\d+): (\w+): (.*)$')
sw_re = re.compile(r'prev_comm=(.*) prev_pid=(\d+) prev_prio=\d+ prev_state=(\S+) ==> '
                   r'next_comm=(.*) next_pid=(\d+)')
tsc = float(sys.argv[3]) / 1e3 if len(sys.argv) > 3 else 2.445432
rows = list(csv.reader(open(sys.argv[2])))
row = dict(zip(rows[0], rows[1]))
ev, rb, run, since, sleeps = [], set(), {}, {}, {}
for l in open(sys.argv[1]):
    m = line_re.match(l)
    if not m:
        continue
    comm, tid, cpu, t, name, rest = m.groups()
    tid, cpu, t = int(tid), int(cpu), int(t) / tsc / 1e3
    if comm == 'rbsim':
        rb.add(tid)
    if name == 'sched_switch':
        pc, pp, state, nc, np_ = sw_re.search(rest).groups()
        pp, np_ = int(pp), int(np_)
        if pp in since:
            run[pp] = run.get(pp, 0) + t - since.pop(pp)
        since[np_] = t
        if state.startswith('S'):
            sleeps[pp] = sleeps.get(pp, 0) + 1
        ev.append((t, 'out', pp, state[0], cpu))
        ev.append((t, 'in', np_, '', cpu))
    elif name == 'sched_waking':
        ev.append((t, 'waking', int(re.search(r' pid=(\d+)', rest).group(1)), tid, cpu))
    elif name == 'sys_enter':
        ev.append((t, 'enter', tid, 0, cpu))
    elif name == 'sys_exit':
        ev.append((t, 'exit', tid, 0, cpu))
thr = [t for t in rb if t in run]
prod = max(thr, key=lambda t: run[t])
cons = max((t for t in thr if t != prod), key=lambda t: sleeps.get(t, 0))
recs = int(row['consumed'])
ph = {k: [] for k in ('asleep', 'sched', 'exit', 'drain', 'entry', 'cycle')}
prev = t_wk = t_in = t_x = last_enter = None
cpus = {}
for t, k, tid, a, cpu in ev:
    if tid != cons:
        continue
    if k == 'enter':
        last_enter = t
    elif k == 'out' and a == 'S':
        if prev is not None and None not in (t_wk, t_in, t_x) and last_enter and last_enter > t_x:
            ph['asleep'].append(t_wk - prev)
            ph['sched'].append(t_in - t_wk)
            ph['exit'].append(t_x - t_in)
            ph['drain'].append(last_enter - t_x)
            ph['entry'].append(t - last_enter)
            ph['cycle'].append(t - prev)
        prev, t_wk, t_in, t_x = t, None, None, None
    elif k == 'waking' and prev is not None and t_wk is None:
        t_wk = t
    elif k == 'in' and t_wk is not None and t_in is None:
        t_in = t
        cpus[cpu] = cpus.get(cpu, 0) + 1
    elif k == 'exit' and t_in is not None and t_x is None:
        t_x = t
def q(v, f):
    v = sorted(v)
    return v[min(len(v) - 1, int(f * len(v)))]
label = row['label'].split('|')
s = (f"{label[1]:6} round {label[2]} hits {float(row['hits_mean_mps']):.2f} M/s "
     f"notifications/rec {int(row['notifications']) / recs:.4f} sleeps/rec {sleeps.get(cons, 0) / recs:.4f} "
     f"rec/sleep {recs / max(1, sleeps.get(cons, 0)):.0f} producer {run[prod] * 1e3 / recs:.0f} ns/rec "
     f"consumer {run[cons] * 1e3 / recs:.0f} ns/rec, woken on CPU {cpus}, {len(ph['cycle'])} cycles")
print(s)
print('   us p10/p50/p90 mean:' + ''.join(
    f" {k} {q(v, .1):.1f}/{q(v, .5):.1f}/{q(v, .9):.1f} {st.mean(v):.1f};" for k, v in ph.items()))
