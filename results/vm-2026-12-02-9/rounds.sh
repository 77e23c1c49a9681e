#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Workloads of bench/prediction.scenario on the kernel, the pure port and the
# port calibrated by PROFILE, alternating, ROUNDS rounds of rbsim run -w 0 -d 2;
# per run OUT/<case>-<side>-<round>.csv (rbsim run's row) and .err.
# usage (from the repository's root): rounds.sh OUT PROFILE ROUNDS
out=$1 prof=$2 rounds=$3
mkdir -p "$out"
for r in $(seq 1 "$rounds"); do
	for c in sampled sampled-batch bytes-64K; do
		case $c in
		sampled) args="--size 8 --wakeup sampled:500";;
		sampled-batch) args="--size 8 --wakeup sampled:500 --consumer batch";;
		bytes-64K) args="--size 256 --wakeup bytes:65536";;
		esac
		for side in kernel pure cal; do
			case $side in
			kernel) t="--transport kernel-ringbuf";;
			pure) t="--transport ringbuf --profile none";;
			cal) t="--transport ringbuf --profile $prof";;
			esac
			# shellcheck disable=SC2086
			build/rbsim run $t $args -d 2 -w 0 --format csv \
				>"$out/$c-$side-$r.csv" 2>"$out/$c-$side-$r.err"
		done
	done
done
