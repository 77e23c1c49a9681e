# SPDX-License-Identifier: GPL-2.0-only
# wakes.py EVENTS.CSV [WAKES.CSV]: from probe's events of one run, each
# wake-up of the consumer made by the producer, with the consumer's state:
# delayed (DELAY_DEQUEUE: asleep but still queued, as it went to sleep with
# negative lag), its lag once placed (avg_vruntime - vruntime, ns; negative:
# not eligible), whether the wake-up asked to preempt (TIF_NEED_RESCHED, bit
# 4 of current's thread_info flags on this kernel, newly set), how long it
# had slept, and how long it then waited to run. Prints the table; writes
# one line per wake-up to WAKES.CSV.
# The producer: the task current at most of the consumer's wake-ups; the
# consumer: the task woken most.
import sys, csv, statistics as st
from collections import Counter

NEED_RESCHED = 1 << 4
rows = list(csv.DictReader(open(sys.argv[1])))
for r in rows:
    for k in r:
        r[k] = int(r[k], 0)
wk = [r for r in rows if r['kind'] == 1]
cons = Counter(r['pid'] for r in wk).most_common(1)[0][0]
prod = Counter(r['cur_pid'] for r in wk if r['pid'] == cons).most_common(1)[0][0]
out, pend, waking, slept_at, last_in = [], None, None, None, None
for r in rows:
    k, pid = r['kind'], r['pid']
    if k == 2 and pid != cons and last_in is not None and slept_at is None:
        slept_at = r['t']  # another rbsim thread in after the consumer: it left
    if k == 0 and pid == cons:
        waking = r
    elif k == 1 and pid == cons and r['cur_pid'] == prod and waking and r['curr_is_cur']:
        w = r['c_w'] >> 10  # scale_load_down()
        avg = r['zero_v'] + (r['sum_w_v'] + (r['c_v'] - r['zero_v']) * w) / (r['sum_weight'] + w)
        pend = dict(t=r['t'], delayed=waking['p_delayed'], lag=avg - r['p_v'],
                    resched=int(bool(r['ti_flags'] & NEED_RESCHED and
                                     not waking['ti_flags'] & NEED_RESCHED)),
                    slept=(r['t'] - slept_at) if slept_at else -1)
    elif k == 2 and pid == cons:
        if pend:
            pend['waited'] = r['t'] - pend['t']
            out.append(pend)
        pend, slept_at, last_in = None, None, r['t']
    elif k == 2 and pid == prod and last_in is not None and slept_at is None:
        slept_at = r['t']
print(f'consumer {cons}, producer {prod}: {len(out)} wake-ups of the consumer by the producer')

def show(name, sel):
    d = [o for o in out if sel(o)]
    slow = sum(1 for o in d if o['waited'] > 1e6)
    pct = lambda n: f'{100 * n / len(d):5.1f}%' if d else '    -'
    print(f'  {name:48s} {len(d):6d} ({100 * len(d) / max(1, len(out)):5.1f}%)  '
          f'waited > 1 ms: {slow:5d} ({pct(slow)})')

show('all', lambda o: True)
show('delayed at waking', lambda o: o['delayed'])
show('delayed, woken within 20 us of its sleep', lambda o: o['delayed'] and 0 <= o['slept'] < 20e3)
show('delayed, woken 20 us or more after', lambda o: o['delayed'] and o['slept'] >= 20e3)
show('not delayed', lambda o: not o['delayed'])
show('placed not eligible (lag < 0)', lambda o: o['lag'] < 0)
show('wake-up asked to preempt (NEED_RESCHED)', lambda o: o['resched'])
slept = [o['slept'] for o in out if o['slept'] >= 0]
if slept:
    print(f'  slept before the wake-up, p50 {st.median(slept) / 1e3:.1f} us')
slow = sorted(o['waited'] for o in out if o['waited'] > 1e6)
if slow:
    print(f'  waits over 1 ms: {len(slow)}, {sum(slow) / 1e6:.0f} ms in all, '
          f'p50 {slow[len(slow) // 2] / 1e6:.2f} ms, max {slow[-1] / 1e6:.2f} ms')
if len(sys.argv) > 2:
    with open(sys.argv[2], 'w') as f:
        f.write('delayed,lag_us,resched,slept_us,waited_us\n')
        for o in out:
            f.write(f"{o['delayed']},{o['lag'] / 1e3:.1f},{o['resched']},"
                    f"{o['slept'] / 1e3 if o['slept'] >= 0 else -1:.0f},{o['waited'] / 1e3:.0f}\n")
