#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# A copy of a profile whose woken wait charges nothing: the port's wakeup_busy
# samples moved so that its median is the kernel's less the part of notify the
# port pays before its wake-up (rbsim_inject_notify_before_ns()), so that
# rbsim_inject_wakeup_ns() reads 0. Everything else as it was.
#   nowake.py PROFILE OUT
import json, sys
d = json.load(open(sys.argv[1]))
c = d['costs']
nw = c['notify_wake']['kernel']['median'] - c['notify_wake']['port']['median']
no = max(c['notify']['kernel']['median'] - c['notify']['port']['median'], 0)
before = min(max(nw, 0), no)
p = c['wakeup_busy']['port']
shift = c['wakeup_busy']['kernel']['median'] - before - p['median']
for f in ('median', 'p25', 'p75', 'min', 'max'):
    p[f] += shift
p['samples'] = [s + shift for s in p['samples']]
json.dump(d, open(sys.argv[2], 'w'))
print(f'woken-wait charge {shift / 1e3:.2f} us -> 0')
