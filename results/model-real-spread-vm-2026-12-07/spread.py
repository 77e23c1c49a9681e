#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""What of model-real's miss is the model's, and what is the host's.

usage: spread.py REPLAY.csv RESULTS_DIR

REPLAY.csv: follow-replay-vm-2026-12-07/replay.py's output (every stored row of
model-real.csv modelled again by one rbsim build from the figures measured
just before its real runs). RESULTS_DIR: results/, for each row's stored
figures (its folder's model-real.csv) and host (its env.txt). Prints:

- per host and row kind (variant, producers, with the consumer or alone):
  the median of model/real, the rows within 30%, and the rows within 30%
  "recentred" (each row's model/real over its kind's median on its host:
  what a model right on average for the kind would reach with its scatter
  unchanged, an upper bound for any per-kind correction);
- the rows the host held still against the others: still means the probe's
  figures after the runs within 25% of those before (the row's `moved`
  column 0) and its two runs within 1.3 times of each other (from its mean
  and sd); the rows within 30% of each, by kind;
- the rows the model misses, by kind, low or high, and what the row shows.
"""
import collections
import csv
import math
import os
import re
import statistics
import sys

KINDS = ('kernel', 'cas', 'shard:2', 'percpu')
RUNS_APART = 1.3   # two runs further apart than this: the host moved during the row


def host_of(path):
    try:
        env = open(os.path.join(path, 'env.txt')).read()
    except OSError:
        return '?'
    # bench's env.txt: "cpu id: ... family F, model M"; a probe folder's:
    # "cpu: ..., family F, model M"
    m = re.search(r'^cpu[^\n]*family (\d+), model (\d+)', env, re.M)
    return f'family {m.group(1)} model {m.group(2)}' if m else '?'


def kind(r):
    return f"{r['reserve']} {r['producers']}" + (' alone' if r['consumer'] == 'none' else '')


def kind_order(k):
    return (KINDS.index(k.split()[0]), k)


def within(x):
    return abs(x - 1) <= 0.30


def runs_apart(o):
    """the larger of the row's runs over the smaller (two runs: mean -+ sd / sqrt 2)"""
    runs, sd, m = int(o['real_runs']), float(o['real_sd_mps'] or 0), float(o['real_mps'])
    d = sd / math.sqrt(2) if runs == 2 else sd
    return (m + d) / (m - d) if m > d else math.inf


def rows_of(replay, results):
    """each replayed row with its stored row (the n-th of its kind in its folder) and host"""
    stored, seen, out = {}, collections.Counter(), []
    for r in csv.DictReader(open(replay)):
        f = r['folder']
        if f not in stored:
            path = os.path.join(results, f)
            host = host_of(path)
            stored[f] = (host, list(csv.DictReader(open(os.path.join(path, 'model-real.csv')))))
        host, orig = stored[f]
        o = [x for x in orig if kind(x) == kind(r)][seen[(f, kind(r))]]
        seen[(f, kind(r))] += 1
        apart = runs_apart(o)
        out.append({'folder': f, 'host': host, 'kind': kind(r), 'ratio': float(r['ratio']),
                    'real': float(r['real_mps']), 'apart': apart,
                    'still': o.get('moved') != '1' and apart <= RUNS_APART,
                    'moved': o.get('moved') == '1'})
    return out


def per_host(rows):
    tot = collections.Counter()
    for host in sorted({r['host'] for r in rows}):
        hr = [r for r in rows if r['host'] == host]
        print(f"## {host}: {len({r['folder'] for r in hr})} sittings, {len(hr)} rows")
        print(f"{'kind':<17}{'rows':>5}{'median':>8}{'within':>8}{'recentred':>10}"
              f"{'real M/s':>16}")
        for k in sorted({r['kind'] for r in hr}, key=kind_order):
            kr = [r for r in hr if r['kind'] == k]
            med = statistics.median(r['ratio'] for r in kr)
            n_in = sum(within(r['ratio']) for r in kr)
            n_rec = sum(within(r['ratio'] / med) for r in kr)
            lo, hi = min(r['real'] for r in kr), max(r['real'] for r in kr)
            print(f'{k:<17}{len(kr):>5}{med:>8.2f}{n_in:>8}{n_rec:>10}{lo:>9.1f}-{hi:<6.1f}')
            tot['n'] += len(kr)
            tot['in'] += n_in
            tot['rec'] += n_rec
        print()
    print(f"all hosts: {tot['n']} rows, {tot['in']} within 30% as modelled, "
          f"{tot['rec']} recentred per host and kind\n")


def still_or_not(rows):
    print(f'## the rows the host held still (figures within 25% before and after, '
          f'runs within {RUNS_APART}x) and the others')
    print(f"{'kind':<17}{'still: within':>16}{'moving: within':>17}")
    tot = collections.Counter()
    for k in sorted({r['kind'] for r in rows}, key=kind_order):
        cells = []
        for still in (True, False):
            sel = [r for r in rows if r['kind'] == k and r['still'] == still]
            n_in = sum(within(r['ratio']) for r in sel)
            one = k.endswith(' 1')
            tot[(still, one, 'n')] += len(sel)
            tot[(still, one, 'in')] += n_in
            cells.append(f'{n_in} of {len(sel)}')
        print(f'{k:<17}{cells[0]:>16}{cells[1]:>17}')
    for one, what in ((True, 'one producer with its consumer'), (False, 'the other rows')):
        print(f"{what}: still {tot[(True, one, 'in')]} of {tot[(True, one, 'n')]}, "
              f"moving {tot[(False, one, 'in')]} of {tot[(False, one, 'n')]}")
    print()


def misses(rows):
    print('## the misses: kind, low or high, what the row shows (moved: its figures; '
          f'runs: its runs more than {RUNS_APART}x apart; none: neither)')
    tally = collections.Counter()
    for r in rows:
        if within(r['ratio']):
            continue
        tags = [t for t, on in (('moved', r['moved']), ('runs', r['apart'] > RUNS_APART)) if on]
        tally[(r['kind'], 'low' if r['ratio'] < 1 else 'high', '+'.join(tags) or 'none')] += 1
    for (k, side, tag), n in sorted(tally.items(), key=lambda x: (kind_order(x[0][0]), x[0][1:])):
        print(f'{k:<17}{side:<6}{tag:<12}{n:>3}')
    none = sum(n for (k, s, t), n in tally.items() if t == 'none')
    print(f'{sum(tally.values())} misses, {none} on rows the host held still')


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: spread.py REPLAY.csv RESULTS_DIR')
    rows = rows_of(sys.argv[1], sys.argv[2])
    per_host(rows)
    still_or_not(rows)
    misses(rows)


if __name__ == '__main__':
    main()
