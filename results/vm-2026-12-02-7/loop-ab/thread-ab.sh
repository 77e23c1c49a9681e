#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# A/B of where a calibrated run counts its charges' loops: OLD (once, on the
# run's main thread, wherever it runs) against NEW (each producer and
# consumer thread on its own CPU), with the kernel, the first of each round
# rotating; ARGS the workload (-w 1 -d 1 added), PROFILE the profile
# (thread-profile.json), NAME its label; every run into OUT. OLD was a build
# of 8182c21 (with proto.diff, its variable unset), NEW one of 213689c with
# thread-speed.diff. Run three times: NAME=b2b0 ARGS='--b2b --size 8
# --cons-affinity 0', b2b1 the same on CPU 1, one0 ARGS='--size 8
# --prod-affinity 0 --cons-affinity 0'; thread-table.py tabulates
set -eu
OLD=${OLD:?the old rbsim}
NEW=${NEW:?the new rbsim}
PROFILE=${PROFILE:?a profile}
ARGS=${ARGS:?the workload}
OUT=${OUT:-runs.csv}
ROUNDS=${ROUNDS:-10}
NAME=${NAME:-w}
for i in $(seq "$ROUNDS"); do
	for k in 0 1 2; do
		case $(( (i + k) % 3 )) in
		0) set -- "$NEW" --transport kernel-ringbuf --label "$NAME|kernel|$i" ;;
		1) set -- "$OLD" --profile "$PROFILE" --label "$NAME|old|$i" ;;
		2) set -- "$NEW" --profile "$PROFILE" --label "$NAME|new|$i" ;;
		esac
		bin=$1
		shift
		"$bin" run $ARGS -w 1 -d 1 "$@" -q --format csv -o "$OUT" >/dev/null 2>&1
	done
done
