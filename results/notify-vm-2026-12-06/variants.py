#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# The profiles of this folder's sides, from results/vm-2026-12-06-11/profile.json
# (cal.json, as made) and the same with the kernel's notify median moved to the
# port's + N ns (nN.json, N 7000, 8000 and 9000), its quartiles and extremes
# widened to hold it (the reader checks their order).
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
