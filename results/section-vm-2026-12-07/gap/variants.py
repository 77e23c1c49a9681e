#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# gap.sh's t300.json and t600.json: PROFILE with the kernel's trigger_syscall
# samples (and their median, quartiles and extremes) moved up by 300 and 600
# ns, so that the calibrated port's trigger is charged that much more.
#   variants.py PROFILE DIR
import copy, json, sys
p = json.load(open(sys.argv[1]))
for d in (300, 600):
    t = copy.deepcopy(p)
    k = t['costs']['trigger_syscall']['kernel']
    k['samples'] = [x + d for x in k['samples']]
    for f in ('median', 'p25', 'p75', 'min', 'max'):
        k[f] += d
    json.dump(t, open('%s/t%d.json' % (sys.argv[2], d), 'w'))
