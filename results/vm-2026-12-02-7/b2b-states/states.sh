#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The b2b workload (8-byte records back to back, libbpf consumer, adaptive
# wake-ups), the kernel and the calibrated port (../profile.json)
# alternating, ROUNDS rounds of -w 1 -d 1: each run's rbsim CSV appended to
# runs.csv; states.py prints the CPU time a record of each.
set -eu
R=${R:-build/rbsim}
ROUNDS=${ROUNDS:-8}
here=$(dirname "$0")
rm -f "$here/runs.csv"
for i in $(seq "$ROUNDS"); do
	for t in kernel-ringbuf ringbuf; do
		set -- --transport "$t"
		[ "$t" = ringbuf ] && set -- "$@" --profile "$here/../profile.json"
		"$R" run --b2b --size 8 -w 1 -d 1 "$@" --label "b2b|$t|$i" -q --format csv \
			-o "$here/runs.csv" >/dev/null
	done
done
