#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# The profiles of this folder's sides, from results/vm-2026-12-06-11/profile.json
# (cal.json, as made) and the same with the kernel's notify median moved to the
# port's + N ns (nN.json, N 7000, 8000 and 9000), its quartiles and extremes
# widened to hold it (the reader checks their order); for refuse/, the same with
# the kernel's reserve_fail median the port's + M ns: refuse/s1/rfM.json (M 100,
# 150, 200, 300; and refuse/s1/cal.json as made) and refuse/s2/n8000rfM.json from
# n8000 (M 100, 150, 200; and refuse/s2/n8000.json).
# Run from the repository's top: results/notify-vm-2026-12-06/variants.py
import copy, json
R = 'results/notify-vm-2026-12-06'
p = json.load(open('results/vm-2026-12-06-11/profile.json'))
with open(f'{R}/cal.json', 'w') as f:
    json.dump(p, f)
for n in (7000, 8000, 9000):
    t = copy.deepcopy(p)
    k = t['costs']['notify']['kernel']
    m = t['costs']['notify']['port']['median'] + n
    k['median'] = m
    k['p25'], k['min'] = min(k['p25'], m), min(k['min'], m)
    k['p75'], k['max'] = max(k['p75'], m), max(k['max'], m)
    with open(f'{R}/n{n}.json', 'w') as f:
        json.dump(t, f)


def refusal(p, m_ns):
    t = copy.deepcopy(p)
    k = t['costs']['reserve_fail']['kernel']
    m = t['costs']['reserve_fail']['port']['median'] + m_ns
    k['median'] = m
    k['p25'], k['min'] = min(k['p25'], m), min(k['min'], m)
    k['p75'], k['max'] = max(k['p75'], m), max(k['max'], m)
    return t


def put(path, p):
    with open(path, 'w') as f:
        json.dump(p, f)


put(f'{R}/refuse/s1/cal.json', p)
for m_ns in (100, 150, 200, 300):
    put(f'{R}/refuse/s1/rf{m_ns}.json', refusal(p, m_ns))
n8000 = json.load(open(f'{R}/n8000.json'))
put(f'{R}/refuse/s2/n8000.json', n8000)
for m_ns in (100, 150, 200):
    put(f'{R}/refuse/s2/n8000rf{m_ns}.json', refusal(n8000, m_ns))
