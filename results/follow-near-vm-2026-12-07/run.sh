#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# run.sh BEFORE AFTER: the replays of this folder. BEFORE and AFTER are
# revisions (d8b2e59 and the commit that adds this folder); each is built in
# a scratch clone of this repository, AFTER also with variants.patch (its
# RB_* switches), and results/follow-replay-vm-2026-12-07/replay.py replays
# the model-real rows of the twelve sittings through each build into
# replay-NAME.csv and .txt here. summary.py prints the table.
set -eu
BEFORE=${1:?usage: run.sh BEFORE AFTER}
AFTER=${2:?usage: run.sh BEFORE AFTER}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
SITTINGS="vm-2026-12-06-3 vm-2026-12-06-4 vm-2026-12-06-5 vm-2026-12-06-6 vm-2026-12-06-7
vm-2026-12-06-9 vm-2026-12-06-10 vm-2026-12-06-11 vm-2026-12-07 vm-2026-12-07-2
vm-2026-12-07-3 vm-2026-12-07-4"

build() { # build DIR REV [PATCH]
	git clone -q "$REPO" "$1"
	git -C "$1" checkout -q "$2"
	if [ $# -gt 2 ]; then git -C "$1" apply "$3"; fi
	make -C "$1" -s -j2 build/rbsim >/dev/null
}

replay() { # replay NAME RBSIM [VAR=VALUE...]
	name=$1 rb=$2
	shift 2
	dirs=
	for s in $SITTINGS; do dirs="$dirs $REPO/results/$s"; done
	# shellcheck disable=SC2086
	env "$@" python3 "$REPO/results/follow-replay-vm-2026-12-07/replay.py" "$rb" \
		"$HERE/replay-$name.csv" $dirs >"$HERE/replay-$name.txt"
	tail -1 "$HERE/replay-$name.txt" | sed "s/^/$name: /"
}

build "$TMP/before" "$BEFORE"
build "$TMP/after" "$AFTER"
build "$TMP/variants" "$AFTER" "$HERE/variants.patch"
V=$TMP/variants/build/rbsim
replay before "$TMP/before/build/rbsim"
replay after "$TMP/after/build/rbsim"
replay as-before "$V" RB_NEAR=-1 RB_HDR=1 RB_PASSFREE=1
replay passfree "$V" RB_PASSFREE=1
replay hdr "$V" RB_HDR=1
replay far "$V" RB_FAR=1
replay near-none "$V" RB_NEAR=-1
for n in 4 8 16 32 64 128 256 1024 4096; do replay "near-$n" "$V" RB_NEAR="$n"; done
