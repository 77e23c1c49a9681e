#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# The profiles of sittings 3 to 6, each written from a profile kept here:
#   s3/cal.json                s2's profile as made (cal, and cal-nocap on nocap.patch's build)
#   s4/base.json               s2's profile as made
#   s4/trig.json               s2's with s1's trigger_syscall (421 ns charged where s2's 610)
#   s4/trigcons.json           trig.json with s1's wait, wait_enter and wait_look too
#   s5/v10.json                results/vm-2026-12-06-10's profile (v10, v10-nocap)
#   s6/tX.json                 s2's with the kernel's trigger_syscall median moved to
#                              the port's + X ns (X 360 to 680), its quartiles and
#                              extremes widened to hold it (the reader checks their order)
#   s8/base.json, s8/cal.json  s7's profile as made (base; nocap on nocap.patch's build)
#   s8/trig461.json            s7's with the trigger charged 461 ns (its third pass) where 595.5
#   s8/port120.json            s7's with the port's wait_look median 120 ns where 215
#                              (port120-nocap: on nocap.patch's build)
# Run from the repository's top: results/gap-vm-2026-12-06/variants.py
import copy, json, os
R = 'results/gap-vm-2026-12-06'
s1 = json.load(open(f'{R}/s1/profile.json'))
s2 = json.load(open(f'{R}/s2/profile.json'))


def put(path, p):
    with open(path, 'w') as f:
        json.dump(p, f)


def moved(p, side, cost, m):
    """p with side's median of cost at m ns, its quartiles and extremes widened to
    hold it"""
    t = copy.deepcopy(p)
    k = t['costs'][cost][side]
    k['median'] = m
    k['p25'], k['min'] = min(k['p25'], m), min(k['min'], m)
    k['p75'], k['max'] = max(k['p75'], m), max(k['max'], m)
    return t


put(f'{R}/s3/cal.json', s2)
put(f'{R}/s4/base.json', s2)
trig = copy.deepcopy(s2)
trig['costs']['trigger_syscall'] = s1['costs']['trigger_syscall']
put(f'{R}/s4/trig.json', trig)
tc = copy.deepcopy(trig)
for k in ('wait', 'wait_enter', 'wait_look'):
    tc['costs'][k] = s1['costs'][k]
put(f'{R}/s4/trigcons.json', tc)
put(f'{R}/s5/v10.json', json.load(open('results/vm-2026-12-06-10/profile.json')))
port = s2['costs']['trigger_syscall']['port']['median']
for x in (360, 420, 480, 540, 610, 680):
    put(f'{R}/s6/t{x}.json', moved(s2, 'kernel', 'trigger_syscall', port + x))
s7 = json.load(open(f'{R}/s7/profile.json'))
put(f'{R}/s8/base.json', s7)
put(f'{R}/s8/cal.json', s7)
port = s7['costs']['trigger_syscall']['port']['median']
put(f'{R}/s8/trig461.json', moved(s7, 'kernel', 'trigger_syscall', port + 461))
put(f'{R}/s8/port120.json', moved(s7, 'port', 'wait_look', 120.0))
