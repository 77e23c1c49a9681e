#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# A/B: b2b, kernel / calibrated (loops per ns at the run's start) / calibrated
# (loops per ns fixed at the profile's time, RBSIM_PROTO_LPN), rotating.
# R: a build of 8182c21 with proto.diff; P: proto-profile.json here
set -eu
R=${R:-/work/wt/lpn7/build/rbsim}
P=${P:-$(dirname "$0")/proto-profile.json}
LPN=${LPN:-3.45}
OUT=${OUT:-/work/wt/notes/lpn/runs.csv}
ROUNDS=${ROUNDS:-10}
ARGS=${ARGS:---b2b --size 8}
rm -f "$OUT"
for i in $(seq "$ROUNDS"); do
	for k in 0 1 2; do
		s=$(( (i + k) % 3 ))
		case $s in
		0) env -u RBSIM_PROTO_LPN $R run $ARGS -w 1 -d 1 --transport kernel-ringbuf --label "k|$i" -q --format csv -o "$OUT" >/dev/null ;;
		1) env -u RBSIM_PROTO_LPN $R run $ARGS -w 1 -d 1 --profile "$P" --label "start|$i" -q --format csv -o "$OUT" >/dev/null ;;
		2) RBSIM_PROTO_LPN=$LPN $R run $ARGS -w 1 -d 1 --profile "$P" --label "fixed|$i" -q --format csv -o "$OUT" >/dev/null ;;
		esac
	done
done
