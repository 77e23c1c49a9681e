"""The consumer's cycle in a traced run (trace.sh): per epoll_wait() of the
consumer that slept, the parts from its sleep to its return, and what the
producer's notification cost around the wake-up (kernel: irq_work; port:
eventfd write). The idle task's switch back to the consumer is not traced on
this kernel, so the return from epoll_wait() marks the consumer running.
usage: cycle.py TRACE [TSC_MHZ]"""
import re, sys, collections

PAT = re.compile(r'^\s*(.+?)-(\d+)\s+\[(\d+)\]\s+(\S+)\s+(\d+): (\w+): (.*)$')


def read_trace(path, mhz):
    """the events of a trace.sh trace, in time order: (ns, pid, cpu, event, fields)"""
    ev = []
    for line in open(path):
        m = PAT.match(line)
        if m:
            ev.append((int(m.group(5)) / mhz * 1000.0, int(m.group(2)), int(m.group(3)),
                       m.group(6), m.group(7)))
    ev.sort(key=lambda e: e[0])
    return ev


def main():
    mhz = float(sys.argv[2]) if len(sys.argv) > 2 else 2096.033
    ev = read_trace(sys.argv[1], mhz)
    calls = collections.Counter((e[1], e[4].split()[1]) for e in ev if e[3] == 'sys_enter')
    cons = max((p for p, nr in calls if nr == '232'), key=lambda p: calls[(p, '232')])
    lo, hi = ev[0][0] + 1.0e9, ev[-1][0] - 0.2e9
    P = collections.defaultdict(list)
    call = None
    notify = None        # the producer's notification under way: [start, waking seen]
    last_slept_exit = None
    polls_between = 0
    n_calls = n_slept = 0
    for ts, pid, cpu, name, rest in ev:
        inwin = lo < ts < hi
        if name in ('irq_work_entry',) or (name == 'sys_enter' and pid != cons and
                                            rest.split()[1] == '1'):
            notify = [ts, False]
            continue
        if name == 'irq_work_exit' or (name == 'sys_exit' and pid != cons and
                                       rest.split()[1] == '1'):
            if notify and inwin:
                P['notify, woke' if notify[1] else 'notify, no wake'].append(ts - notify[0])
                if notify[1]:
                    P['waking->notify end'].append(ts - notify[1])
            notify = None
            continue
        if pid == cons and name == 'sys_enter' and rest.split()[1] == '232':
            call = {'enter': ts}
            continue
        if name == 'sched_switch' and call is not None and ('prev_pid=%d ' % cons) in rest:
            if 'prev_state=S' in rest:
                call['out'] = ts
            continue
        if name == 'sched_waking' and call is not None and (' pid=%d ' % cons) in rest:
            if 'out' in call and 'waking' not in call:
                call['waking'] = ts
                call['same_cpu'] = cpu
                if notify:
                    call['notify'] = notify[0]
                    notify[1] = ts
            continue
        if pid == cons and name == 'sys_exit' and rest.split()[1] == '232' and call:
            if inwin:
                n_calls += 1
            if 'waking' in call and inwin:
                n_slept += 1
                P['enter->sleep'].append(call['out'] - call['enter'])
                P['sleep->waking'].append(call['waking'] - call['out'])
                P['waking->return'].append(ts - call['waking'])
                if 'notify' in call:
                    P['notify start->waking'].append(call['waking'] - call['notify'])
                if last_slept_exit:
                    P['cycle (return->return)'].append(ts - last_slept_exit)
                    P['awake (return->enter)'].append(call['enter'] - last_slept_exit)
                    P['polls between sleeps'].append(polls_between)
                last_slept_exit = ts
                polls_between = 0
            elif 'waking' not in call:
                polls_between += 1
            call = None
    print('consumer %d: %d epoll_wait() calls measured, %d slept' % (cons, n_calls, n_slept))
    for k in ('notify start->waking', 'waking->notify end', 'notify, woke', 'notify, no wake',
              'waking->return', 'sleep->waking', 'enter->sleep', 'awake (return->enter)',
              'cycle (return->return)', 'polls between sleeps'):
        v = sorted(P[k])
        if not v:
            continue
        q = lambda p: v[min(len(v) - 1, int(p * len(v)))]
        print('  %-24s n %7d  p10 %7.0f  p25 %7.0f  p50 %7.0f  p75 %7.0f  p90 %7.0f' %
              (k, len(v), q(.1), q(.25), q(.5), q(.75), q(.9)))


if __name__ == '__main__':
    main()
