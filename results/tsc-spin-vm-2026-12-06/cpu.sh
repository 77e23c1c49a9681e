#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Each round: the charges' loop timed on CPU 0 and on CPU 1 (loop-speed), then the
# kernel's and the pure port's back-to-back 8-byte runs (one thread, the consumer
# producing) on CPU 0 and on CPU 1: CPU ns a consumed record from each run's report.
# Run from the repository's top: results/tsc-spin-vm-2026-12-06/cpu.sh > cpu.txt
set -e
here=results/tsc-spin-vm-2026-12-06
gcc -O2 -o /tmp/loop-speed $here/loop-speed.c
for r in 1 2 3 4 5 6; do
	echo "round $r $(date -u +%T) $(/tmp/loop-speed 1 | sed 's/round 0 //' | tr '\n' ' ')"
	for cpu in 0 1; do
		for t in kernel-ringbuf ringbuf; do
			ns=$(build/rbsim run --transport $t --size 8 --b2b --cons-affinity $cpu -w 0 -d 1 |
			     sed -n 's/.*(\([0-9.]*\) ns per consumed record).*/\1/p')
			echo "  cpu $cpu $t: $ns ns a record"
		done
	done
done
