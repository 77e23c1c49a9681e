#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Profiles of 3 passes 20 s apart (the benchmark suite's) and of 5 passes 5 s
# apart, in turn, each followed by three 1-s runs of the kernel's force-256
# (every commit notifies); the profiles' tables in DIR/pN_I.txt (their JSON,
# not kept, in DIR/pN_I.json), the runs in DIR/runs.csv, each calibrate's
# seconds in DIR/times.txt.
# Run from the repository's top:  results/notify-vm-2026-12-06/passes/run.sh DIR ROUNDS
set -e
dir=$1 n=${2:-3}
for i in $(seq 1 "$n"); do
	for p in 3 5; do
		gap=20; [ $p = 5 ] && gap=5
		s=$(date +%s)
		build/rbsim calibrate --passes $p --pass-gap $gap -q -o "$dir/p${p}_$i.json" > "$dir/p${p}_$i.txt"
		echo "p$p $i $(( $(date +%s) - s )) s" >> "$dir/times.txt"
		for k in 1 2 3; do
			rm -f "$dir/.run.csv"
			build/rbsim run --transport kernel-ringbuf --size 256 --wakeup force -w 0 -d 1 -q \
				--format csv -o "$dir/.run.csv" --label "force-256|kernel-after-p${p}_$i|$k" > /dev/null
			[ -s "$dir/runs-header.csv" ] || head -1 "$dir/.run.csv" > "$dir/runs-header.csv"
			tail -n +2 "$dir/.run.csv" >> "$dir/runs.csv"
		done
	done
done
rm -f "$dir/.run.csv"
