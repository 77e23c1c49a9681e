"""The A/B's second profile: the sitting's (../round-profile/sitting.json.gz,
gunzipped) with the kernel's notify 600 ns less in its median, quartiles,
extremes and every sample, so that the calibrated port's notification charge
is 600 ns less and nothing else changes. usage: minus.py SITTING.json OUT.json"""
import json, sys
p = json.load(open(sys.argv[1]))
k = p['costs']['notify']['kernel']
for f in ('median', 'p25', 'p75', 'min', 'max'):
    k[f] -= 600
k['samples'] = [x - 600 for x in k['samples']]
json.dump(p, open(sys.argv[2], 'w'))
