#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""results/stops-vm-2026-12-05: what sleep.csv, first.csv and stall.csv say.

A stop takes one vCPU for one 100 ms period. Over a run of S seconds with
both vCPUs busy, n stops are n periods lost of the 2 x S/0.1 the two had:
the host allowed 2 - n / (S / 0.1) CPUs, the quota in the bucket model of
sim/vtime_host.c. In first.csv the bucket starts full after the idle spell:
the first stop comes after BURST / (2 - QUOTA) periods, so BURST = (2 -
QUOTA) x periods before it, with QUOTA from the stops from the first on.
"""
import csv
import os
import statistics as st

P = 0.1
os.chdir(os.path.dirname(os.path.abspath(__file__)))

print("sleep.csv: a spinner beside a sleeper, 15 s each")
print(f"{'sleep_us':>8} {'turn_us':>8} {'stops':>6} {'lost %':>7} {'quota':>6}")
for r in csv.DictReader(open("sleep.csv")):
    n = int(r["spin_stops"]) + int(r["sleep_stops"])
    s = float(r["seconds"])
    lost = (float(r["spin_lost_ms"]) + float(r["sleep_lost_ms"])) / 1e3 / (2 * s)
    turn = r["loop_us"] if float(r["loop_us"]) else "spin"
    print(f"{r['sleep_us']:>8} {turn:>8} {n:>6} {100 * lost:>7.2f} {2 - n / (s / P):>6.3f}")

print("\nfirst.csv: two spinners after 1 s idle, 3 s each")
rounds = {}
for r in csv.DictReader(open("first.csv")):
    if r["cpu"] == "end":
        continue
    rounds.setdefault(int(r["round"]), []).append((float(r["at_s"]), float(r["ms"])))
qs, bs, firsts = [], [], []
for k in sorted(rounds):
    stops = sorted(rounds[k])
    t1 = stops[0][0]
    whole = sum(1 for _, ms in stops if ms >= 90)
    periods = (3.0 - t1) / P
    q = 2 - whole / periods
    b = (2 - q) * t1 / P
    qs.append(q)
    bs.append(b)
    firsts.append(t1)
    print(f"round {k}: first stop at {t1:.3f} s, {len(stops)} stops ({whole} of 90 ms or "
          f"more), quota {q:.3f} CPUs, burst {b:.2f} periods")
print(f"medians: first stop {st.median(firsts):.3f} s, quota {st.median(qs):.3f} CPUs, "
      f"burst {st.median(bs):.2f} periods (range {min(bs):.2f}-{max(bs):.2f})")

try:
    rows = list(csv.reader(open("stall.csv")))
except FileNotFoundError:
    rows = []
if rows:
    print("\nstall.csv: a spinner beside a 50 us sleeper, with and without 100 ms asleep a "
          "second, 20 s each")
    for r in rows:
        if r[2] == "sleep_us":
            continue
        n = int(r[4]) + int(r[6])
        print(f"sitting {r[0]} {r[1]:>9}: turn {r[3]} us, {n} stops, quota {2 - n / (20 / P):.3f}")

try:
    rows = list(csv.reader(open("both.csv")))
except FileNotFoundError:
    rows = []
if rows:
    print("\nboth.csv: both CPUs sleeping 20 us turns against a spinner beside one, 15 s each")
    for r in rows:
        if r[2] == "sleep_us":
            continue
        n = int(r[4]) + int(r[6])
        print(f"round {r[0]} {r[1]:>5}: turn {r[3]} us, {n} stops, quota {2 - n / (15 / P):.3f}")

