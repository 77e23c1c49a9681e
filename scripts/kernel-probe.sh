#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Decide whether make builds bpf/ when KERNEL is not given (make writes the
# answer to $(OUTPUT)/kernel.mk once): install what scripts/deps.sh can of
# the kernel group, then look for clang, bpftool, the libbpf headers and
# kernel BTF. Prints "KERNEL := 1", or "KERNEL := 0" with KERNEL_WHY naming
# what is missing, which it also says once on stderr.
# Environment: CC, CLANG, BPFTOOL, VMLINUX_BTF (make passes them).
set -u
CC=${CC:-cc}
CLANG=${CLANG:-clang}
BPFTOOL=${BPFTOOL:-bpftool}
VMLINUX_BTF=${VMLINUX_BTF:-/sys/kernel/btf/vmlinux}

# a failure here (not root, offline) leaves the checks below to say what is missing
scripts/deps.sh kernel >&2 || true

why=""
command -v "$CLANG" >/dev/null 2>&1 || why="$CLANG not found"
[ -n "$why" ] || command -v "$BPFTOOL" >/dev/null 2>&1 || why="$BPFTOOL not found"
[ -n "$why" ] || printf '#include <bpf/libbpf.h>\n' | "$CC" -E -x c - >/dev/null 2>&1 ||
	why="no libbpf headers (bpf/libbpf.h)"
[ -n "$why" ] || [ -r "$VMLINUX_BTF" ] || why="no kernel BTF at $VMLINUX_BTF"

if [ -z "$why" ]; then
	echo "KERNEL := 1"
	exit 0
fi
echo "rbsim: building without the kernel parts (bpf/): $why; make KERNEL=1 once it is there" >&2
echo "KERNEL := 0"
echo "KERNEL_WHY := $why"
