#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# This folder's sitting, in order: a profile, the traced cycles, the A/B, the
# in-program stamps, calibrate's notify against a run's.
# Run from the repository's top, DIAG the rbsim of stamps.patch:
#   DIAG=/path/to/diag/rbsim results/cycle-vm-2026-12-06/sitting.sh DIR
set -e
dir=$1 here=$(dirname "$0")
echo "profile $(date -u +%T)" >> "$dir/times.txt"
build/rbsim calibrate -q -o "$dir/profile.json" > "$dir/profile.txt"
/usr/bin/python3 "$here/nowake.py" "$dir/profile.json" "$dir/profile-nowake.json" > "$dir/nowake.txt"
echo "trace $(date -u +%T)" >> "$dir/times.txt"
"$here/trace.sh" "$dir" 3
echo "ab $(date -u +%T)" >> "$dir/times.txt"
"$here/ab.sh" "$dir" 8
echo "stamps $(date -u +%T)" >> "$dir/times.txt"
"$here/stamps.sh" "$dir" 6
echo "notify $(date -u +%T)" >> "$dir/times.txt"
"$here/notify.sh" "$dir" 6 10
echo "end $(date -u +%T)" >> "$dir/times.txt"
