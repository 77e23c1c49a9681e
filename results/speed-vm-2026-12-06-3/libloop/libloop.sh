#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The probe's loop on the port's library (libloop.c) with the port's lock
# release (a byte, the kernel's) and with word-release.patch (the whole word),
# beside the probe's two lock words, in rounds whose order rotates.
# usage: libloop.sh REPO [ROUNDS]   REPO: the rbsim checkout to build (its HEAD;
# default 21 rounds); writes runs.csv and summary.txt here
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "${1:?usage: libloop.sh REPO [ROUNDS]}" && pwd)
ROUNDS=${2:-21}
TMP=$(mktemp -d)
trap 'git -C "$REPO" worktree remove --force "$TMP/byte" 2>/dev/null;
	git -C "$REPO" worktree remove --force "$TMP/word" 2>/dev/null; rm -rf "$TMP"' EXIT
for v in byte word; do
	git -C "$REPO" worktree add -q --detach "$TMP/$v" HEAD
	[ "$v" = word ] && (cd "$TMP/$v" && patch -s -p1 <"$HERE/word-release.patch")
	make -s -C "$TMP/$v" build/librbsim.a build/bench/b2b_inline >/dev/null # the probe: byte's
	# shellcheck disable=SC2046 # the library's link flags, split on purpose
	cc -O2 -D_GNU_SOURCE -I"$TMP/$v" -o "$TMP/libloop-$v" "$HERE/libloop.c" \
		"$TMP/$v/build/librbsim.a" $(make -s -C "$TMP/$v" print-ldlibs)
done
PROBE=$TMP/byte/build/bench/b2b_inline
one() {
	case "$1" in
	probe-tas) "$PROBE" 20000000 8 tas ;;
	probe-qspinlock) "$PROBE" 20000000 8 qspinlock ;;
	libloop-byte) "$TMP/libloop-byte" ;;
	libloop-word) "$TMP/libloop-word" ;;
	esac | sed -n 's/.*mrps=\([0-9.]*\).*/\1/p'
}
echo "round,what,mrps" >"$HERE/runs.csv"
r=1
while [ "$r" -le "$ROUNDS" ]; do
	case $((r % 4)) in
	1) order="probe-tas probe-qspinlock libloop-byte libloop-word" ;;
	2) order="probe-qspinlock libloop-byte libloop-word probe-tas" ;;
	3) order="libloop-byte libloop-word probe-tas probe-qspinlock" ;;
	0) order="libloop-word probe-tas probe-qspinlock libloop-byte" ;;
	esac
	for w in $order; do
		echo "$r,$w,$(one "$w")" >>"$HERE/runs.csv"
	done
	r=$((r + 1))
done
awk -F, 'NR > 1 { v[$2] = v[$2] " " $3; q[$1, $2] = $3; n = $1 > n ? $1 : n }
	function med(s,   a, k, i, j, t) {
		k = split(s, a, " ")
		for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j] < a[j - 1]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
		lo = a[1]; hi = a[k]
		return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
	function ratio(x, y,   s, r) {
		s = ""
		for (r = 1; r <= n; r++) s = s " " q[r, x] / q[r, y]
		m = med(s)
		printf "%-32s %8.3f %8.3f %8.3f\n", x " / " y, m, lo, hi }
	END {
		printf "%-32s %8s %8s %8s  (M records/s, %d rounds)\n", "", "median", "min", "max", n
		split("probe-tas probe-qspinlock libloop-byte libloop-word", w, " ")
		for (i = 1; i <= 4; i++) { m = med(v[w[i]]); printf "%-32s %8.2f %8.2f %8.2f\n",
			w[i], m, lo, hi }
		print "per round:"
		ratio("libloop-byte", "probe-tas")
		ratio("libloop-word", "probe-tas")
		ratio("libloop-byte", "probe-qspinlock")
		ratio("probe-qspinlock", "probe-tas")
	}' "$HERE/runs.csv" | tee "$HERE/summary.txt"
