#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# bytes-64K (bench/prediction.scenario) with the consumer's rounds counted:
# BIN is build/rbsim with rounds.diff applied (RBSIM_ROUNDS=1 prints, at the
# run's end, each power-of-two bucket of records a round: rounds, records,
# mean time of the consume call). (a) unpinned, the kernel, the pure port and
# the calibrated port alternating; (b) the pure port, producer on CPU 1 and
# consumer on CPU 0, with 0, 50 and 100 ns of work a record on the consumer.
# usage: rounds.sh BIN OUT PROFILE ROUNDS
bin=$1 out=$2 prof=$3 rounds=$4
mkdir -p "$out"
w="--size 256 --wakeup bytes:65536 -d 2 -w 0 --format csv"
for r in $(seq 1 "$rounds"); do
	for side in kernel pure cal; do
		case $side in
		kernel) t="--transport kernel-ringbuf";;
		pure) t="--transport ringbuf --profile none";;
		cal) t="--transport ringbuf --profile $prof";;
		esac
		# shellcheck disable=SC2086
		RBSIM_ROUNDS=1 "$bin" run $t $w >"$out/bytes-$side-$r.csv" 2>"$out/bytes-$side-$r.err"
	done
	for cw in 0 50 100; do
		# shellcheck disable=SC2086
		RBSIM_ROUNDS=1 "$bin" run --transport ringbuf --profile none $w --consumer-work $cw \
			--prod-affinity 1 --cons-affinity 0 >"$out/work$cw-pure-$r.csv" \
			2>"$out/work$cw-pure-$r.err"
	done
done
