#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# follow-placement-vm-2026-12-08: what sets the follow probe's regime. usage: run.sh OUT N
# Builds rbsim at 67cc63d with pfn.patch (an experiment, never committed to sim/):
# with RBSIM_PFN_DUMP=FILE each follow-probe ring appends a line to FILE: the
# medians of its fills alone and followed (ns a record), "c2c", the CAS transfer
# between CPUs 0 and 1 just before the ring was made and just after its last fill
# (median of 200 bursts of 200 round trips, ns), and the physical frame number of
# each of its 128 data pages (/proc/self/pagemap, as root). Then N `rbsim model
# --probe` runs back to back, five rings each.
# out/pfn-1.txt: 80 runs with the patch without the looks (its lines lack "c2c").
# out/pfn-2.txt: 121 runs with the patch as here.
set -e
OUT=$1 N=${2:-120}
here=$(cd "$(dirname "$0")" && pwd)
top=$(git -C "$here" rev-parse --show-toplevel)
W=$(mktemp -d)
git -C "$top" worktree add -q --detach "$W" 67cc63d
git -C "$W" apply "$here/pfn.patch"
make -C "$W" -s -j2 build/rbsim
for i in $(seq 1 "$N"); do
  RBSIM_PFN_DUMP="$OUT" "$W/build/rbsim" model --probe > /dev/null 2>&1
done
git -C "$top" worktree remove --force "$W"
