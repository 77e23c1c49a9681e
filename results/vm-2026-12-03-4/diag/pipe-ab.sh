#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The first A/B of this folder, its CSV piped into python: the kernel ran in a
# mode the sittings never show in every round (reader.sh says why).
# A/B: kernel, base calibrated port, and variants by env knobs, one run each in turn
# usage: ab4.sh RBSIM PROFILE ROUNDS -- rbsim run options
B=$1 P=$2 R=$3
shift 4
for i in $(seq 1 "$R"); do
	c2c=$($B model --probe 2>/dev/null | awk '/^c2c /{for(i=1;i<=NF;i++) if($i=="median") print $(i+1)}')
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
		env $e $B run $a "$@" -w 1 -d 1 -q --format csv 2>/dev/null | python3 -c "
import csv, sys
r = list(csv.DictReader(sys.stdin))[-1]
att = float(r['attempted']) or 1
prod = float(r['produced']) or 1
print('$side', $i, '$c2c', r['hits_mean_mps'],
      '%.4f' % (float(r['wakeups']) / prod),
      '%.1f' % (100 * float(r['drops_no_space']) / att),
      r['lat_p50_ns'], r['regime'])
"
	done
done
