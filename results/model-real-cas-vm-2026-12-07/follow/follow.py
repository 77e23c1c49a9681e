#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# The follow probe's samples under follow.patch (a line a sample: the
# reservation, ns a record alone, ns a record with the consumer following,
# notifications a record of the followed fill): per reservation the medians.
#   follow.py FILE
import statistics as st, sys
d = {}
for l in open(sys.argv[1]):
    _, v, a, f, n = l.split()
    d.setdefault(v, []).append((float(a), float(f), float(n)))
for v, x in d.items():
    print('%s: %d samples; alone %.2f, followed %.2f, notifications a record %.4f (medians)' %
          (v, len(x), st.median(a for a, f, n in x), st.median(f for a, f, n in x),
           st.median(n for a, f, n in x)))
