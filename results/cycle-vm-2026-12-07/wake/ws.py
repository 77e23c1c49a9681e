#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# ws.patch's DIAG lines (stderr of rbsim calibrate with DIAG_WS=1): per side,
# the quiet call, the forced call and their difference (the notification that
# wakes a consumer asleep in its wait), medians and quartiles; with the
# calibrate table, less its notify (no consumer waiting): what waking the
# sleeper adds.
#   ws.py STDERR.txt [TABLE.txt]
import re, statistics as st, sys
d = {}
for l in open(sys.argv[1]):
    m = re.match(r'DIAG (\S+) quiet (\d+) force (\d+)', l)
    if m:
        d.setdefault(m.group(1), []).append((int(m.group(2)), int(m.group(3))))
notify = {}
if len(sys.argv) > 2:
    for l in open(sys.argv[2]):
        m = re.match(r'\s*notify\s+([\d.]+) \[[^]]*\]\s+([\d.]+) ', l)
        if m:
            notify = {'kernel': float(m.group(1)), 'port': float(m.group(2))}
            break
def q(v):
    v = sorted(v)
    return f"{st.median(v):.0f} [{v[len(v) // 4]:.0f}-{v[3 * len(v) // 4]:.0f}]"
extra = {}
for s, v in d.items():
    diff = [f - qq for qq, f in v]
    line = f"{s:7} n {len(v)}: quiet {q([x[0] for x in v])} force {q([x[1] for x in v])} " \
           f"force - quiet {q(diff)} ns"
    if s in notify:
        extra[s] = st.median(diff) - notify[s]
        line += f"; notify (no consumer waiting) {notify[s]:.0f}, the sleeper's wake-up adds {extra[s]:.0f}"
    print(line)
if len(extra) == 2:
    print(f"kernel - port, the sleeper's wake-up: {extra['kernel'] - extra['port']:.0f} ns")
