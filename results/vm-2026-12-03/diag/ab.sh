#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The kernel, the calibrated port before the eventfd write was taken from its
# charges (OLD, built at 9faba78) and after (NEW, c6c9044), one run each in
# turn, ROUNDS rounds, with the profile of this folder: one line a run.
# usage: ab.sh OLD NEW PROFILE ROUNDS -- rbsim run options (the workload)
OLD=$1 NEW=$2 P=$3 R=$4
shift 5
for i in $(seq 1 "$R"); do
	for side in kernel old new; do
		case $side in
		kernel) b=$NEW; a="--transport kernel-ringbuf" ;;
		old) b=$OLD; a="--transport ringbuf --profile $P" ;;
		new) b=$NEW; a="--transport ringbuf --profile $P" ;;
		esac
		# shellcheck disable=SC2086
		$b run $a "$@" -w 1 -d 1 -q --format csv 2>/dev/null | python3 -c "
import csv, sys
r = list(csv.DictReader(sys.stdin))[-1]
att = float(r['attempted']) or 1
prod = float(r['produced']) or 1
print('$side', $i, 'hits', r['hits_mean_mps'],
      'wake-ups/rec %.4f' % (float(r['wakeups']) / prod),
      'notifications/rec %.4f' % (float(r['notifications']) / prod),
      'drop%% %.1f' % (100 * float(r['drops_no_space']) / att),
      'p50_ns', r['lat_p50_ns'], 'regime', r['regime'])
"
	done
done
