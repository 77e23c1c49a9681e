#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# A version 15+ profile's notify over its blocks across the gaps (settings'
# spread; block j is samples [j * n / B, (j + 1) * n / B)): kernel - port of
# the mean of the block medians (what the profile charges) and of their
# median, how many of the kernel's blocks read under 5.6 us (the host's fast
# state on this guest), and the range of the kernel's block medians.
#   blocks.py PROFILE...
import json, statistics as st, sys
for f in sys.argv[1:]:
    p = json.load(open(f))
    nb = p['settings']['spread']
    meds = []
    for s in ('kernel', 'port'):
        v = p['costs']['notify'][s]['samples']
        n = len(v)
        meds.append([st.median(v[j * n // nb:(j + 1) * n // nb]) for j in range(nb)])
    print('%s (version %d): notify mean of blocks %.0f, median of blocks %.0f, kernel blocks '
          'under 5.6 us %d of %d, block medians %.0f-%.0f' %
          (f, p['version'], st.mean(meds[0]) - st.mean(meds[1]),
           st.median(meds[0]) - st.median(meds[1]), sum(x < 5600 for x in meds[0]), nb,
           min(meds[0]), max(meds[0])))
