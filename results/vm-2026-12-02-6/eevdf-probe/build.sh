#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Builds the probe in $B (default /tmp/eevdf-probe): nothing generated stays here.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
B=${B:-/tmp/eevdf-probe}
mkdir -p "$B"
bpftool btf dump file /sys/kernel/btf/vmlinux format c >"$B/vmlinux.h"
clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$B" -I"$here" -c "$here/probe.bpf.c" \
	-o "$B/probe.bpf.o"
bpftool gen skeleton "$B/probe.bpf.o" name probe_bpf >"$B/probe.skel.h"
cc -O2 -Wall -I"$B" -I"$here" "$here/probe.c" -o "$B/probe" -lbpf -lelf -lz
