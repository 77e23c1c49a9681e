#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# look-dev.txt: each of PROFILE's kernel wait_look samples less the median of
# its block (the profile's 40 blocks across calibrate's gaps), so the spread
# of the look from one call to the next without the host's drift between
# blocks; ab.sh's d7l side adds a draw of these to each wait's charged look.
#   look-dev.py PROFILE > look-dev.txt
import json, statistics as st, sys
v = json.load(open(sys.argv[1]))['costs']['wait_look']['kernel']['samples']
nb, n = 40, len(v)
for j in range(nb):
    b = v[j * n // nb:(j + 1) * n // nb]
    m = st.median(b)
    for x in b:
        print('%.1f' % (x - m))
