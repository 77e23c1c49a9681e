#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# A round's profile (one pass, no blocks) with the polling consumer's costs of
# the sitting's profile: batch_gap, wait_look and the three triggers, their
# kernel and port samples as the sitting's (the charge of a cost without
# blocks is the difference of the medians, so of a spread cost the medians of
# its blocks' samples). Written to stdout.
#   mix.py ROUND.json SITTING.json
import json, sys
rnd = json.load(open(sys.argv[1]))
sit = json.load(open(sys.argv[2]))
for c in ('batch_gap', 'wait_look', 'trigger_syscall', 'trigger_raw_syscall', 'trigger_test_run'):
    rnd['costs'][c] = sit['costs'][c]
# the samples of the costs taken from the sitting may be more than the round's
rnd['settings']['samples'] = max(rnd['settings']['samples'], sit['settings']['samples'])
json.dump(rnd, sys.stdout, indent=1)
print()
