#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The uncontended lock word's four ways (lockword.c) in rounds whose order
# rotates: ns an iteration (take, release, a locked exchange on another line).
# usage: lockword.sh [ROUNDS]   (default 21); writes runs.csv and summary.txt here
set -eu
cd "$(dirname "$0")"
ROUNDS=${1:-21}
cc -O2 -Wall -Wextra -o "${TMPDIR:-/tmp}/lockword.$$" lockword.c
BIN=${TMPDIR:-/tmp}/lockword.$$
trap 'rm -f "$BIN"' EXIT
echo "round,way,ns" >runs.csv
r=1
while [ "$r" -le "$ROUNDS" ]; do
	case $((r % 4)) in
	1) order="tas cas32 qspinlock cas8" ;;
	2) order="cas32 qspinlock cas8 tas" ;;
	3) order="qspinlock cas8 tas cas32" ;;
	0) order="cas8 tas cas32 qspinlock" ;;
	esac
	for w in $order; do
		"$BIN" "$w" | sed -n "s/^way=\([a-z0-9]*\) ns=\([0-9.]*\)$/$r,\1,\2/p" >>runs.csv
	done
	r=$((r + 1))
done
awk -F, 'NR > 1 { v[$2] = v[$2] " " $3; n[$2]++; q[$1, $2] = $3 }
	function med(s,   a, k, i, j, t) {
		k = split(s, a, " ")
		for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j] < a[j - 1]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
		lo = a[1]; hi = a[k]
		return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
	END {
		printf "%-10s %8s %8s %8s  (ns an iteration, %d rounds)\n", "way", "median", "min",
			"max", n["tas"]
		split("tas cas32 qspinlock cas8", w, " ")
		for (i = 1; i <= 4; i++) { m = med(v[w[i]]); printf "%-10s %8.3f %8.3f %8.3f\n",
			w[i], m, lo, hi }
		s = ""
		for (r = 1; r <= n["tas"]; r++) s = s " " (q[r, "qspinlock"] - q[r, "tas"])
		m = med(s)
		printf "qspinlock - tas, per round: median %.3f ns (%.3f to %.3f)\n", m, lo, hi
	}' runs.csv | tee summary.txt
