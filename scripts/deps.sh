#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Install every Debian 12 package rbsim needs. Idempotent; run as root.
# make calls this when a tool or header it needs is missing.
set -eu

PKGS="build-essential make pkg-config git \
	libcriterion-dev \
	libbpf-dev libelf-dev zlib1g-dev bpftool clang llvm \
	liburcu-dev \
	gnuplot-nox hyperfine valgrind \
	python3 jq \
	groff-base"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "deps: all packages present"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages:$missing; run scripts/deps.sh as root" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
