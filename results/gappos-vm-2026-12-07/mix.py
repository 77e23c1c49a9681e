#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# BASE.json with FROM.json's batch_gap: two profiles that differ in it alone.
#   mix.py BASE.json FROM.json OUT.json
import json, sys
base, src = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
base['costs']['batch_gap'] = src['costs']['batch_gap']
json.dump(base, open(sys.argv[3], 'w'), indent=2)
