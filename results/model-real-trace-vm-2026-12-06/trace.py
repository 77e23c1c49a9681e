#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Reads the traces runs.sh wrote (build.sh lists the events) and prints,
per run: the plain and traced rates, and from the trace the producer's
time per record split at its trace points, for the records whose commit
notified (found the consumer caught up) and the others; the consumer's
passes; its announced sleeps and the futex wake calls they cost. Usage:
trace.py [DIR] (default runs/)."""
import glob
import lzma
import os
import re
import sys


def pct(xs, q):
    if not xs:
        return float('nan')
    s = sorted(xs)
    return s[min(len(s) - 1, int(q / 100.0 * len(s)))]


def mean(xs):
    return sum(xs) / len(xs) if xs else float('nan')


def load(path):
    with lzma.open(path, 'rt') as f:
        tpn = float(f.readline().split()[1])
        c, p = [], []
        for line in f:
            k, t, v = line.split()
            (c if k == 'c' else p).append((int(t) / tpn, int(v)))
    return c, p


def rate(path):
    with open(path) as f:
        m = re.search(r'Summary: hits\s+([0-9.]+)', f.read())
    return float(m.group(1)) if m else float('nan')


def counts(path):
    """a run's notifications, wake calls (notify_writes) and sleeps a record"""
    with open(path) as f:
        s = f.read()
    recs = int(re.search(r'consumed (\d+)', s).group(1))
    notes = int(re.search(r'notifications\s+(\d+)', s).group(1))
    writes = int(re.search(r'notify_writes\s+(\d+)', s).group(1))
    slept = int(re.search(r'slept (\d+) times', s).group(1))
    return notes / recs, writes / recs, slept / recs


def producer(p):
    """per record between two reservations: write (reserve to commit),
    commit (xchg and the load of consumer_pos), notify, next (to the next
    reservation); and the futex wake calls"""
    res = [i for i, (_, v) in enumerate(p) if v >= 0]
    rec = {True: [], False: []}
    wakes = []
    for a, b in zip(res, res[1:]):
        ev = {v: t for t, v in p[a + 1:b]}
        if -6 not in ev or -7 not in ev:
            continue
        notified = -1 in ev
        if notified and -5 not in ev:
            continue
        end = ev[-5] if notified else ev[-7]
        rec[notified].append((ev[-6] - p[a][0], ev[-7] - ev[-6],
                              end - ev[-7], p[b][0] - end, p[b][0] - p[a][0]))
        if -2 in ev and -3 in ev:
            wakes.append(ev[-3] - ev[-2])
    return rec, wakes, len(res)


def consumer(c):
    after = {}
    rounds, announce, slept, again = [], 0, [], 0
    for (t, v), (t2, v2) in zip(c, c[1:]):
        if v >= 0 and v2 >= 0 and v > 0:
            after.setdefault(min(v // 16, 4), []).append(t2 - t)
        if v == -1 and v2 >= 0:
            rounds.append(t2 - t)
        if v == -2:
            announce += 1
            if v2 == -3:
                slept.append(t2 - t)
            elif v2 == -4:
                again += 1
    loads = [v for _, v in c if v >= 0]
    return after, rounds, announce, slept, again, loads


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else 'runs'
    for tr in sorted(glob.glob(os.path.join(d, 'trace-*.txt.xz'))):
        i = tr.rsplit('-', 1)[1].split('.')[0]
        with open(os.path.join(d, 'c2c-%s.txt' % i)) as f:
            c2c = re.search(r'median ([0-9.]+) ns', f.read()).group(1)
        c, p = load(tr)
        rec, wakes, nres = producer(p)
        n = len(rec[True]) + len(rec[False])
        print('run %s: c2c %s ns; plain %.2f M/s, traced %.2f M/s; %d records traced, '
              '%.3f of them notified' % (i, c2c, rate(os.path.join(d, 'plain-%s.txt' % i)),
                                         rate(os.path.join(d, 'traced-%s.txt' % i)), n,
                                         len(rec[True]) / n))
        for name in ('plain', 'traced'):
            print('  %-6s run, a record: %.4f notifications, %.4f wake calls, %.4f sleeps' %
                  ((name,) + counts(os.path.join(d, '%s-%s.txt' % (name, i)))))
        for k, name in ((True, 'notified'), (False, 'not notified')):
            cols = list(zip(*rec[k]))
            print('  %-12s ns, mean (median): write %s, commit %s, notify %s, to the next '
                  'reservation %s; a record %s' % (name, *['%.0f (%.0f)' % (mean(x), pct(x, 50))
                                                           for x in cols]))
        print('  futex wake calls: %.4f a record, %.0f ns median (5th %.0f, 95th %.0f)' %
              (len(wakes) / n, pct(wakes, 50), pct(wakes, 5), pct(wakes, 95)))
        after, rounds, announce, slept, again, loads = consumer(c)
        print('  consumer: loads of producer_pos finding 0/1/2/3/4+ records: %s' %
              ' '.join('%.2f' % (sum(1 for v in loads if min(v // 16, 4) == k) / len(loads))
                       for k in range(5)))
        print('  consumer: from a load finding k records to its next load, median ns: %s' %
              ', '.join('%d: %.0f' % (k, pct(after[k], 50)) for k in sorted(after)))
        print('  consumer: a round (process_ring() returned to its next load) median %.0f ns '
              '(10th %.0f, 90th %.0f); %d sleeps announced: %d slept (median %.0f ns in the '
              'wait), %d EAGAIN' % (pct(rounds, 50), pct(rounds, 10), pct(rounds, 90),
                                   announce, len(slept), pct(slept, 50), again))


main()
