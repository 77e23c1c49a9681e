#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# ab.sh OLD NEW ROUNDS: issue 14's one-producer cas row with its consumer
# (rbsim model --against-real --reserve cas --producers 1, two real runs of
# 1 s), with the rbsim OLD (follow_ns measured with the kernel reservation)
# and NEW (with cas's own), in turn, the first alternating; each row's CSV
# into runs.csv with its round and side.
set -eu
OLD=${1:?usage: ab.sh OLD NEW ROUNDS}
NEW=${2:?usage: ab.sh OLD NEW ROUNDS}
ROUNDS=${3:-8}
HERE=$(cd "$(dirname "$0")" && pwd)
M=$HERE/../../sim/machines/this-vm.machine
out=$HERE/runs.csv
: >"$out"
one() { # round side rbsim
	"$3" model --machine "$M" --against-real --reserve cas --producers 1 --real-runs 2 \
		--real-duration 1 --format csv >"$HERE/part.csv"
	if [ -s "$out" ]; then
		tail -n +2 "$HERE/part.csv" | sed "s/^/$1,$2,/" >>"$out"
	else
		head -n 1 "$HERE/part.csv" | sed 's/^/round,side,/' >"$out"
		tail -n +2 "$HERE/part.csv" | sed "s/^/$1,$2,/" >>"$out"
	fi
}
r=1
while [ "$r" -le "$ROUNDS" ]; do
	if [ $((r % 2)) = 1 ]; then
		one "$r" old "$OLD"; one "$r" new "$NEW"
	else
		one "$r" new "$NEW"; one "$r" old "$OLD"
	fi
	r=$((r + 1))
done
rm -f "$HERE/part.csv"
