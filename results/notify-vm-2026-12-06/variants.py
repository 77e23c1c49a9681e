#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# The profiles of this folder's sides, from results/vm-2026-12-06-11/profile.json:
#   cal.json                    as made
#   nN.json                     the kernel's notify median moved to the port's + N ns
#                               (N 7000, 8000 and 9000)
#   refuse/s1/cal.json, rfM.json    as made, and its reserve_fail the port's + M ns
#                               (M 100, 150, 200 and 300)
#   refuse/s2/n8000.json, n8000rfM.json    n8000.json, and the same with reserve_fail
#                               the port's + M ns (M 100, 150 and 200)
# A moved median's quartiles and extremes are widened to hold it (the reader
# checks their order).
# Run from the repository's top: results/notify-vm-2026-12-06/variants.py
import copy, json
R = 'results/notify-vm-2026-12-06'


def moved(p, cost, ns):
    """p with the kernel's median of cost at the port's + ns"""
    t = copy.deepcopy(p)
    k = t['costs'][cost]['kernel']
    m = t['costs'][cost]['port']['median'] + ns
    k['median'] = m
    k['p25'], k['min'] = min(k['p25'], m), min(k['min'], m)
    k['p75'], k['max'] = max(k['p75'], m), max(k['max'], m)
    return t


def put(path, p):
    with open(path, 'w') as f:
        json.dump(p, f)


p = json.load(open('results/vm-2026-12-06-11/profile.json'))
put(f'{R}/cal.json', p)
for n in (7000, 8000, 9000):
    put(f'{R}/n{n}.json', moved(p, 'notify', n))
put(f'{R}/refuse/s1/cal.json', p)
for m in (100, 150, 200, 300):
    put(f'{R}/refuse/s1/rf{m}.json', moved(p, 'reserve_fail', m))
n8000 = moved(p, 'notify', 8000)
put(f'{R}/refuse/s2/n8000.json', n8000)
for m in (100, 150, 200):
    put(f'{R}/refuse/s2/n8000rf{m}.json', moved(n8000, 'reserve_fail', m))
