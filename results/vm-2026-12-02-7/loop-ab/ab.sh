#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# A/B of the charges' loop speed, back to back (b2b: 8-byte records, libbpf
# consumer, adaptive wake-ups, -w 1 -d 1): the kernel, the calibrated port
# of OLD (loops a ns measured at each run's start; it reads the profile as
# version 3, PROFILE3) and of NEW (the loop speed the profile recorded,
# PROFILE), the first of each round rotating; every run into OUT. Run with
# OLD a build of 8182c21, NEW the same with profile-speed.diff, PROFILE
# profile-v4.json, PROFILE3 profile-v3.json (its loop speed left out)
set -eu
OLD=${OLD:?the old rbsim}
NEW=${NEW:?the new rbsim}
PROFILE=${PROFILE:?a version 4 profile}
PROFILE3=${PROFILE3:?the same as version 3}
OUT=${OUT:-runs.csv}
ROUNDS=${ROUNDS:-20}
rm -f "$OUT"
for i in $(seq "$ROUNDS"); do
	for k in 0 1 2; do
		case $(( (i + k) % 3 )) in
		0) set -- "$NEW" --transport kernel-ringbuf --label "kernel|$i" ;;
		1) set -- "$OLD" --profile "$PROFILE3" --label "old|$i" ;;
		2) set -- "$NEW" --profile "$PROFILE" --label "new|$i" ;;
		esac
		bin=$1
		shift
		"$bin" run --b2b --size 8 -w 1 -d 1 "$@" -q --format csv -o "$OUT" >/dev/null
	done
done
