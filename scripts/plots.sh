#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Render the plots of results folders again from their CSV files, by running
# the gnuplot scripts stored in each folder (DIR/plots/*.gp, which read only
# DIR). make plots runs it on every folder under results/.
#
# usage: scripts/plots.sh [DIR...]     (default: every results/*/ with plots/*.gp)
set -u
GNUPLOT=${GNUPLOT:-gnuplot}
if ! command -v "$GNUPLOT" >/dev/null 2>&1; then
	echo "plots: cannot start: missing $GNUPLOT" \
		"(scripts/deps.sh installs gnuplot-nox; run it as root)" >&2
	exit 2
fi
if [ $# -eq 0 ]; then
	for d in results/*/; do
		[ -d "${d}plots" ] && set -- "$@" "${d%/}"
	done
	if [ $# -eq 0 ]; then
		echo "plots: no results folder with plots/*.gp under results/" \
			"(make bench makes one)"
		exit 0
	fi
fi
status=0
for d in "$@"; do
	n=0
	bad=0
	for gp in "$d"/plots/*.gp; do
		[ -e "$gp" ] || continue
		name=$(basename "$gp")
		if (cd "$d" && "$GNUPLOT" "plots/$name") 2>"$d/plots/.err"; then
			n=$((n + 1))
		else
			bad=$((bad + 1))
			echo "plots: $d/plots/$name: $(tail -n 1 "$d/plots/.err")" >&2
		fi
	done
	rm -f "$d/plots/.err"
	if [ "$n" -eq 0 ] && [ "$bad" -eq 0 ]; then
		echo "plots: $d: no plots/*.gp" >&2
		status=1
		continue
	fi
	echo "plots: $d: $n rendered (PNG and SVG)${bad:+, $bad failed}"
	[ "$bad" -eq 0 ] || status=1
done
exit $status
