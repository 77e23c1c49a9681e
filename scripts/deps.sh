#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Install the Debian 12 packages rbsim needs, by group. Idempotent; run as
# root. Prints what it installs (nothing when everything is there).
#   scripts/deps.sh [GROUP...]   (no group: all of them)
#   base    the library, the simulator and the unit tests: make KERNEL=0
#   kernel  the BPF programs and their loaders (bpf/): clang, bpftool, libbpf
#   bench   the benchmark suite, its plots and the tests of both: make bench,
#           make test
# make calls it for the groups a target needs when their packages are missing.
set -eu

BASE_PKGS="build-essential make pkg-config git libcriterion-dev liburcu-dev jq groff-base"
KERNEL_PKGS="libbpf-dev libelf-dev zlib1g-dev bpftool clang llvm"
BENCH_PKGS="gnuplot-nox hyperfine valgrind python3"

[ $# -gt 0 ] || set -- base kernel bench
PKGS=""
for g in "$@"; do
	case "$g" in
	base) PKGS="$PKGS $BASE_PKGS" ;;
	kernel) PKGS="$PKGS $KERNEL_PKGS" ;;
	bench) PKGS="$PKGS $BENCH_PKGS" ;;
	*) echo "deps: unknown group '$g' (base, kernel, bench)" >&2; exit 2 ;;
	esac
done

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -n "$missing" ] || exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages:$missing; run scripts/deps.sh as root" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null
