#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# run.sh BEFORE AFTER: this folder's replays. BEFORE and AFTER are revisions
# (90a946d, the turn's end at the slice alone, and the commit that draws it
# within a batch's time); each is built in a scratch clone of this
# repository. states.py sweeps the oversubscribed rows of vm-2026-12-07-6
# and -4 through each (states-NAME.txt), and
# ../follow-replay-vm-2026-12-07/replay.py replays every model-real row of
# the fifteen sittings since vm-2026-12-06-3 (twelve on the Zen 3 guest,
# three on the Zen 4 one) through each (replay-NAME.csv and .txt).
set -eu
BEFORE=${1:?usage: run.sh BEFORE AFTER}
AFTER=${2:?usage: run.sh BEFORE AFTER}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
SITTINGS="vm-2026-12-06-3 vm-2026-12-06-4 vm-2026-12-06-5 vm-2026-12-06-6 vm-2026-12-06-7
vm-2026-12-06-9 vm-2026-12-06-10 vm-2026-12-06-11 vm-2026-12-07 vm-2026-12-07-2
vm-2026-12-07-3 vm-2026-12-07-4 vm-2026-12-07-5 model-real-vm-2026-12-07-6 vm-2026-12-07-6"

build() { # build DIR REV
	git clone -q "$REPO" "$1"
	git -C "$1" checkout -q "$2"
	make -C "$1" -s -j2 build/rbsim >/dev/null
}

for name in before after; do
	if [ $name = before ]; then rev=$BEFORE; else rev=$AFTER; fi
	build "$TMP/$name" "$rev"
	python3 "$HERE/states.py" "$TMP/$name/build/rbsim" handoff,record_ns,consumer_ns \
		"$REPO/results/vm-2026-12-07-6" "$REPO/results/vm-2026-12-07-4" \
		>"$HERE/states-$name.txt"
	dirs=
	for s in $SITTINGS; do dirs="$dirs $REPO/results/$s"; done
	# shellcheck disable=SC2086
	python3 "$REPO/results/follow-replay-vm-2026-12-07/replay.py" "$TMP/$name/build/rbsim" \
		"$HERE/replay-$name.csv" $dirs >"$HERE/replay-$name.txt"
	tail -1 "$HERE/replay-$name.txt" | sed "s/^/$name: /"
done
