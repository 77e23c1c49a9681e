#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Four cycles: a profile made just before each (rbsim calibrate, its defaults), then four
# rounds of the default workload on the kernel and on the calibrated port with that
# profile, in turn, 1-s runs. Run from the repository's top:
#   results/tsc-spin-vm-2026-12-06/cycles.sh DIR
d=$1; : > "$d/runs.csv"
for c in 1 2 3 4; do
	build/rbsim calibrate -q -o "$d/p$c.json"
	for r in 1 2 3 4; do
		for s in kernel cal; do
			case $s in
			kernel) cmd="build/rbsim run --transport kernel-ringbuf" ;;
			cal) cmd="build/rbsim run --transport ringbuf --profile $d/p$c.json" ;;
			esac
			rm -f "$d/.run.csv"
			$cmd --size 8 -w 0 -d 1 -q --format csv -o "$d/.run.csv" \
				--label "default|$s|$c.$r" > /dev/null 2>&1
			[ -s "$d/runs.csv.h" ] || head -1 "$d/.run.csv" > "$d/runs.csv.h"
			tail -n +2 "$d/.run.csv" >> "$d/runs.csv"
		done
	done
done
rm -f "$d/.run.csv"
