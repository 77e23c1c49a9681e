#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# bytes-64K (bench/prediction.scenario) on the kernel, the pure port and the
# calibrated port, each run between two cache-line transfer probes of CPUs
# 0 and 1 (rbsim model --probe): does the host's placement of the two vCPUs
# set the workload's rate? Per run OUT/<side>-<round>.csv and .err,
# OUT/<side>-<round>.c2c (the probes' c2c lines, before and after).
# usage (repository root): c2c-rounds.sh OUT PROFILE ROUNDS
out=$1 prof=$2 rounds=$3
mkdir -p "$out"
for r in $(seq 1 "$rounds"); do
	for side in kernel pure cal; do
		case $side in
		kernel) t="--transport kernel-ringbuf";;
		pure) t="--transport ringbuf --profile none";;
		cal) t="--transport ringbuf --profile $prof";;
		esac
		o=$out/$side-$r
		build/rbsim model --probe 2>&1 | grep '^c2c CPU' >"$o.c2c"
		# shellcheck disable=SC2086
		build/rbsim run $t --size 256 --wakeup bytes:65536 -d 2 -w 0 --format csv \
			>"$o.csv" 2>"$o.err"
		build/rbsim model --probe 2>&1 | grep '^c2c CPU' >>"$o.c2c"
	done
done
