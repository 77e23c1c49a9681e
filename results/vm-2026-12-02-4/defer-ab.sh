#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# A/B of the deferred wake-up: kernel, the calibrated port as merged before it
# (OLD build: an unpreempted section from the wake-up, a yield at the batch's
# end) and with it (NEW build, --profile-preempt auto: a producer pinned to its
# consumer's CPU makes its batch's wake-ups at the batch's end), alternating,
# ROUNDS rounds of -w 1 -d 2. (prototype/defer-ab.sh is the same with an
# RBSIM_DEFER switch in the NEW build; here nothing sets it.)
# usage: defer-ab.sh OLD_RBSIM NEW_RBSIM PROFILE OUTDIR ROUNDS LABEL [run options]
set -eu
old=$1 new=$2 prof=$3 out=$4 rounds=$5 label=$6
shift 6
mkdir -p "$out"
i=1
while [ "$i" -le "$rounds" ]; do
	for side in kernel old new; do
		case $side in
		kernel) rb=$old a="--transport kernel-ringbuf" e= ;;
		old) rb=$old a="--transport ringbuf --profile $prof" e= ;;
		new) rb=$new a="--transport ringbuf --profile $prof" e= ;;
		esac
		if [ -n "$e" ]; then export RBSIM_DEFER=1; else unset RBSIM_DEFER; fi
		# shellcheck disable=SC2086
		$rb run -w 1 -d 2 $a "$@" --label "$label|$i|$side" --format csv \
			-o "$out/runs.csv" -q >/dev/null 2>>"$out/stderr.txt"
	done
	i=$((i + 1))
done
