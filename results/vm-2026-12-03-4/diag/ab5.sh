#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# A/B of the calibrated consumer's charges: the kernel, the calibrated port as
# at 0771e2b (base) and variants a scratch build of 0771e2b with
# variants.patch selects by environment (not kept): rest = a wait the consumer
# announced a sleep in and was woken from pays no rest of wait (X_REST, with
# the sleep told by the consumer's sleep hook: X_SLEPT); read = rest, and each
# eventfd read-back's cost taken from the consumer's next charges (X_READ: what
# 0a1a2ba does); all = read, and the producer's notify charge paid less its
# eventfd write before the write (X_WFIRST); wfirst = that alone. One run each
# in turn, ROUNDS rounds, the c2c probe before each round.
# Each run writes its CSV to a file (-o): a reader process started beside the
# run (a pipe into python, pipe-ab.sh) put the kernel into a mode the sittings
# never show (reader.sh).
# usage: ab5.sh RBSIM PROFILE ROUNDS OUT -- rbsim run options
B=$1 P=$2 R=$3 O=$4
shift 5
rm -f "$O".csv "$O".c2c
for i in $(seq 1 "$R"); do
	echo "$i $($B model --probe 2>/dev/null | awk '/^c2c /{for(i=1;i<=NF;i++) if($i=="median") print $(i+1)}')" >> "$O".c2c
	for side in kernel base rest read all wfirst; do
		e=""
		case $side in
		kernel) a="--transport kernel-ringbuf" ;;
		base) a="--transport ringbuf --profile $P" ;;
		rest) e="X_REST=1 X_SLEPT=1"; a="--transport ringbuf --profile $P" ;;
		read) e="X_REST=1 X_SLEPT=1 X_READ=1"; a="--transport ringbuf --profile $P" ;;
		all) e="X_REST=1 X_SLEPT=1 X_READ=1 X_WFIRST=1"; a="--transport ringbuf --profile $P" ;;
		wfirst) e="X_WFIRST=1"; a="--transport ringbuf --profile $P" ;;
		esac
		# shellcheck disable=SC2086
		env $e $B run $a "$@" -w 1 -d 1 -q --format csv -o "$O".csv --label "$side|$i" >/dev/null 2>&1
	done
done
