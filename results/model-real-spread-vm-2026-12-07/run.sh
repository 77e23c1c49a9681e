#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Replays every stored model-real row that has all of today's figures (the sittings
# from vm-2026-12-06-2 on: 25 folders, 300 rows) through the model of REV, offline,
# and sorts the misses into the model's and the host's: replay.csv, replay.txt and
# spread.txt here.
# usage: run.sh REV   (a clone of this repository at REV is built in /tmp/spread-build)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
REV=${1:?usage: run.sh REV}
R="$HERE/.."
S=""
for f in "$R"/*/model-real.csv; do
	# the rows whose stored figures include the consumer's loop, follow_ns and the turn
	n=$(head -n 1 "$f" | tr , '\n' | grep -c -x -E 'consumer|follow_ns|announce_ns|preempt|c2c_ns|wake_draw_ns' || true)
	[ "$n" = 6 ] && S="$S $(dirname "$f")"
done
B=/tmp/spread-build
rm -rf "$B"
git clone -q "$HERE/../.." "$B"
git -C "$B" checkout -q "$REV"
make -s -C "$B" -j2 build/rbsim KERNEL=0 >/dev/null
# shellcheck disable=SC2086
"$R/follow-replay-vm-2026-12-07/replay.py" "$B/build/rbsim" "$HERE/replay.csv" $S >"$HERE/replay.txt"
"$HERE/spread.py" "$HERE/replay.csv" "$R" >"$HERE/spread.txt"
tail -n 1 "$HERE/replay.txt"
