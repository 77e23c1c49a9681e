#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""One run's consumer rounds, from the diag build's RBSIM_DIAG_ROUNDS file (a
line a round that returned records: its records and its ns, from the call
into the transport's consume() to its return): prints one CSV line, the
run's label first. A round of more than LONG_NS is counted as one the
consumer slept in (1.0 to 1.9 such rounds for each of its voluntary context
switches in these runs, the rest preemptions: README).
Usage: rounds.py LABEL ROUNDS_FILE"""
import statistics
import sys

LONG_NS = 8000
label, path = sys.argv[1], sys.argv[2]
by_n = {}
rounds = recs = t_all = 0
long_r = long_recs = long_t = 0
with open(path) as f:
    for line in f:
        n, t = map(int, line.split())
        rounds += 1
        recs += n
        t_all += t
        if t > LONG_NS:
            long_r += 1
            long_recs += n
            long_t += t
        else:
            by_n.setdefault(n, []).append(t)
short_r = rounds - long_r
med = lambda n: statistics.median(by_n[n]) if len(by_n.get(n, [])) >= 100 else float('nan')
print(f'{label},{rounds},{recs},{t_all},{long_r},{long_recs},{long_t},'
      f'{(recs - long_recs) / max(short_r, 1):.2f},{(t_all - long_t) / max(short_r, 1):.0f},'
      f'{med(1):.0f},{med(5):.0f},{med(10):.0f}')
