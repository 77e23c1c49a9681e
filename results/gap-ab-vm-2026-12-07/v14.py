#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# A version 15 profile as version 14: batch_gap dropped, so that a run of it
# charges a batch's trigger alone, every other cost as it was.
#   v14.py IN.json OUT.json
import json, sys
p = json.load(open(sys.argv[1]))
assert p['version'] == 15, p['version']
p['version'] = 14
del p['costs']['batch_gap']
json.dump(p, open(sys.argv[2], 'w'), indent=2)
