#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# Per profile: its blocks across the gaps (settings.spread) of notify, wait and
# trigger_syscall: how many blocks found the kernel's notification in the host's
# fast state (a block median under FAST ns), and kernel - port of the blocks'
# mean of medians (what 2nd-version builds charge) and of the samples' median
# (what 600c3c2 charged); then each pass's kernel - port from the table.
# Run from the repository's top:  results/spread-vm-2026-12-07/blocks.py FILE.json...
import json, statistics as st, sys
FAST = 7000
for path in sys.argv[1:]:
    p = json.load(open(path))
    nb = p['settings']['spread']
    out = []
    for c in ('notify', 'wait', 'trigger_syscall'):
        fig = {}
        for side in ('kernel', 'port'):
            v = p['costs'][c][side]['samples']
            b = [st.median(v[j * len(v) // nb:(j + 1) * len(v) // nb]) for j in range(nb)]
            fig[side] = (st.mean(b), st.median(v), b)
        if c == 'notify':
            fast = sum(x < FAST for x in fig['kernel'][2])
        out.append(f'{c} {fig["kernel"][0] - fig["port"][0]:.0f} '
                   f'({fig["kernel"][1] - fig["port"][1]:.0f})')
    passes = []
    for line in open(path[:-5] + '.txt'):
        f = line.split()
        if f and f[0] in ('notify', 'wait', 'trigger_syscall') and f[-1] == 'gaps':
            passes.append(f[0] + ' ' + '/'.join(x.rstrip('*') for x in f[1:-4]))
    print(f'{path}: fast blocks {fast} of {nb}; mean of block medians (median): '
          + ', '.join(out) + '; passes: ' + ', '.join(passes))
