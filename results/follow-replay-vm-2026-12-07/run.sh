#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Replays the model-real rows of the family 25 EPYC host's suite sittings through
# main's model and through each variant (a scratch clone of REV with a patch applied
# and its constant set): replay-<variant>.csv and .txt here.
# usage: run.sh REV   (the commit the variants patch; a clone goes to /tmp/replay-build)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
REV=${1:?usage: run.sh REV}
S=""
for d in vm-2026-12-06-3 vm-2026-12-06-4 vm-2026-12-06-5 vm-2026-12-06-6 vm-2026-12-06-7 \
	vm-2026-12-06-9 vm-2026-12-06-10 vm-2026-12-06-11 vm-2026-12-07 vm-2026-12-07-2 \
	vm-2026-12-07-3; do
	S="$S $HERE/../$d"
done
B=/tmp/replay-build
rm -rf "$B"
git clone -q "$HERE/../.." "$B"
git -C "$B" checkout -q "$REV"
variant() { # name patch macro value
	git -C "$B" checkout -q -- sim
	if [ -n "$2" ]; then
		git -C "$B" apply "$HERE/$2"
		sed -i "s/\b$3\b/($4)/" "$B/sim/vtime_cons.c" "$B/sim/vtime_cpus.c"
	fi
	make -s -C "$B" -j2 build/rbsim KERNEL=0 >/dev/null
	# shellcheck disable=SC2086
	"$HERE/replay.py" "$B/build/rbsim" "$HERE/replay-$1.csv" $S >"$HERE/replay-$1.txt"
	echo "$1: $(tail -n 1 "$HERE/replay-$1.txt")"
}
variant main "" "" ""
for f in 0.3 0.5 0.7 1.0; do variant "poll-off-$f" poll-window.patch POLL_OFF "$f"; done
for f in 1.0 1.7 3.3; do variant "per-pass-$f" per-pass.patch PER_PASS "$f"; done
for f in 4 16 64; do variant "near-$f" near.patch NEAR "$f"; done
