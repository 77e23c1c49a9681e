"""rbsim calibrate traced (NRS="321 1" trace.sh: bpf() and write() system calls,
irq_work, sched_waking; trace clock x86-tsc): per BPF_PROG_TEST_RUN call that
raised an irq_work, from the call's entry to the irq_work handler's entry,
the handler's length, from its exit to the call's exit, the whole call, and,
where the handler woke a thread, from its entry to that sched_waking (ns,
medians). usage: cal-irq.py TRACE [TSC_MHZ]"""
import sys, statistics as st

from cycle import read_trace

mhz = float(sys.argv[2]) if len(sys.argv) > 2 else 2096.033
ev = read_trace(sys.argv[1], mhz)
calls = {}
res = {'no wake-up': [], 'a wake-up': []}
for ts, pid, cpu, name, rest in ev:
    if name == 'sys_enter' and rest.startswith('NR 321 '):
        calls[pid] = {'enter': ts, 'cpu': cpu}
    elif name == 'irq_work_entry':
        for c in calls.values():
            if c['cpu'] == cpu and 'iw' not in c:
                c['iw'] = ts
    elif name == 'sched_waking':
        for c in calls.values():
            if c['cpu'] == cpu and 'iw' in c and 'iwx' not in c and 'wk' not in c:
                c['wk'] = ts
    elif name == 'irq_work_exit':
        for c in calls.values():
            if c['cpu'] == cpu and 'iw' in c and 'iwx' not in c:
                c['iwx'] = ts
    elif name == 'sys_exit' and rest.startswith('NR 321 ') and pid in calls:
        c = calls.pop(pid)
        if 'iw' in c and 'iwx' in c:
            res['a wake-up' if 'wk' in c else 'no wake-up'].append(
                (c['iw'] - c['enter'], c['iwx'] - c['iw'], ts - c['iwx'], ts - c['enter'],
                 c['wk'] - c['iw'] if 'wk' in c else float('nan')))
print('%-11s %6s %16s %12s %18s %8s %18s' % ('irq_work', 'calls', 'entry->irq_work',
      'irq_work', 'irq_work exit->exit', 'call', 'irq_work->waking'))
for k, v in res.items():
    if v:
        print('%-11s %6d %16.0f %12.0f %18.0f %8.0f %18.0f' %
              ((k, len(v)) + tuple(st.median(x[i] for x in v) for i in range(5))))
