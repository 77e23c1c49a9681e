#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The benchmark suite: scenarios in bench/*.scenario, results in a new folder
# results/<host>-<date>[-N]/ (raw CSV, env.txt, hyperfine JSON, gnuplot scripts,
# PNG and SVG plots). The runner is scripts/bench.py; this entry checks first
# that everything it needs is there, and refuses to start (exit 2) otherwise.
#
# usage: scripts/bench.sh [quick|full|test] [--out DIR] [--rbsim PATH] [--only A,B]
#                         [--scenarios DIR] [--repeats N] [--no-kernel] [--no-plots]
#                         [--dry-run]
#        scripts/bench.sh plot DIR...     (write DIR/plots/*.gp again and render them)
#        scripts/bench.sh ratios DIR      (the ratios beside the published tables)
# See scripts/bench.sh --help. Tools can be named by GNUPLOT, HYPERFINE, PYTHON.
set -u

GNUPLOT=${GNUPLOT:-gnuplot}
HYPERFINE=${HYPERFINE:-hyperfine}
PYTHON=${PYTHON:-python3}
RBSIM=${RBSIM_BIN:-build/rbsim}
case "$0" in
*/*) here=${0%/*} ;;
*) here=. ;;
esac

mode=run
prev=
for a in "$@"; do
	case "$a" in
	-h|--help) exec "$PYTHON" "$here/bench.py" --help ;;
	esac
	[ "$prev" = --rbsim ] && RBSIM=$a
	prev=$a
done
[ "${1:-}" = plot ] && mode=plot
[ "${1:-}" = ratios ] && mode=ratios

# everything missing, in one line: NAME, or NAME (PATH) when named by the environment
missing=
need() {
	command -v "$2" >/dev/null 2>&1 && return
	what=$1
	[ "$2" = "$1" ] || what="$1 ($2)"
	missing="${missing:+$missing, }$what"
}
[ "$mode" = ratios ] || need gnuplot "$GNUPLOT"
need python3 "$PYTHON"
[ "$mode" = run ] && need hyperfine "$HYPERFINE"
nobin=
if [ "$mode" = run ] && ! [ -x "$RBSIM" ]; then
	nobin="$RBSIM"
fi
deps="scripts/deps.sh installs gnuplot-nox, hyperfine and python3; run it as root"
if [ -n "$missing" ] || [ -n "$nobin" ]; then
	msg="bench: cannot start:"
	[ -n "$missing" ] && msg="$msg missing $missing ($deps)"
	[ -n "$missing" ] && [ -n "$nobin" ] && msg="$msg;"
	[ -n "$nobin" ] &&
		msg="$msg no rbsim binary at $nobin (build it with make, or pass --rbsim PATH)"
	echo "$msg" >&2
	exit 2
fi

export GNUPLOT HYPERFINE RBSIM_BIN="$RBSIM" PYTHONDONTWRITEBYTECODE=1
exec "$PYTHON" "$here/bench.py" "$@"
