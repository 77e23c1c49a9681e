#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# The tables of README.md from rounds.sh's runs: per run, what rbsim run
# reported (records a second, drop fraction, wake-ups a record), records and
# wake-ups a batch (the kernel's program runs; the port's batches from its
# per-second counts), and from the per-switch timehist: the producer's sleeps
# (timehist "wait time"), its run-queue waits over 0.5 ms, and the share of
# its CPU time spent on the CPU its consumer last ran on. The consumer is the
# first thread rbsim makes, the producer the second.
# usage: table.py OUT TH
import csv, glob, gzip, os, re, sys

out, th = sys.argv[1], sys.argv[2]
pat = re.compile(r'^\s*([\d.]+)\s+\[(\d+)\]\s+rbsim\[(\d+)/\d+\]\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)')
order = {'kernel': 0, 'pure': 1, 'cal': 2}


def run(f):
    base = os.path.basename(f[:-4])
    case, side, rnd = base.rsplit('-', 2)
    r = next(csv.DictReader(open(f)))
    ex = dict(kv.split('=') for kv in r['extra'].split(';') if '=' in kv)
    el = float(r['elapsed_s'])
    att, prod = int(r['attempted']), int(r['produced'])
    wk = int(r['wakeups'])
    if side == 'kernel':
        batches = int(ex['program_runs'])
    else:
        s = [float(x) for x in r['sec_batches'].split(';') if x]
        batches = sum(s) / len(s) * el
    ev = [m.groups() for m in map(pat.match, gzip.open(f'{th}/{base}.th.gz', 'rt')) if m]
    tids = sorted({int(e[2]) for e in ev})
    cons, pr = tids[0], tids[1]
    last, same, tot, sleeps, stalls = {}, 0.0, 0.0, [], []
    for t, cpu, tid, wait, delay, ran in ev:
        tid = int(tid)
        if tid == pr:
            tot += float(ran)
            same += float(ran) if last.get(cons) == cpu else 0
            if float(wait) > 0:
                sleeps.append(float(wait) * 1000)
            if float(delay) > 0.5:
                stalls.append(float(delay))
        last[tid] = cpu
    sleeps.sort()
    return dict(case=case, side=side, rnd=int(rnd), hits=prod / el / 1e6,
                drop=100 * (1 - prod / att), wkrec=wk / prod, recb=att / batches,
                wkb=wk / batches, nsleep=len(sleeps),
                sleep50=sleeps[len(sleeps) // 2] if sleeps else 0,
                stalls=len(stalls), stall_ms=sum(stalls),
                shared=100 * same / tot if tot else 0)


rows = sorted((run(f) for f in glob.glob(f'{out}/*.csv')),
              key=lambda x: (x['case'], order[x['side']], x['rnd']))
for case in ('paced', 'paced-drops'):
    print(f'\n{case}\n')
    print('| run | M records/s | dropped | wake-ups a record | records a batch | wake-ups a '
          'batch | producer sleeps, p50 us | run-queue waits > 0.5 ms | producer on the '
          'consumer\'s CPU |')
    print('|---|---|---|---|---|---|---|---|---|')
    for x in rows:
        if x['case'] != case:
            continue
        print(f"| {x['side']}-{x['rnd']} | {x['hits']:.3f} | {x['drop']:.1f}% | {x['wkrec']:.4f} | "
              f"{x['recb']:.2f} | {x['wkb']:.3f} | {x['nsleep']}, {x['sleep50']:.0f} | "
              f"{x['stalls']} ({x['stall_ms']:.1f} ms) | {x['shared']:.0f}% |")
