#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Prove that rbsim builds and passes its tests on a machine without the BPF
# toolchain. In a private mount namespace (unshare -m) it hides clang
# (/usr/lib/llvm-*), bpftool, the libbpf headers and libraries and kernel
# BTF, sets CLANG and BPFTOOL to /nonexistent, clones the tree afresh and runs
#   1. make KERNEL=0 OUTPUT=DIR/k0 test
#   2. make test, KERNEL not given: the build must find the toolchain gone,
#      leave bpf/ out and say so once
# Each must end "tests: N passed, 0 failed, ..." with the kernel tests
# (tests/bpf) counted as skipped, not built.
#
#   scripts/check-nokernel.sh [COMMIT]   (default: HEAD)
#
# Root only (mounts); not part of make test. The logs stay in the directory
# it prints. Exit 0 when both runs pass.
set -eu

commit=${1:-HEAD}

if [ "${RBSIM_NOKERNEL_INSIDE:-}" != 1 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "check-nokernel: needs root (unshare -m, mount)" >&2
		exit 2
	fi
	src=$(git rev-parse --show-toplevel)
	rev=$(git -C "$src" rev-parse --verify "$commit^{commit}") || exit 2
	work=$(mktemp -d "${TMPDIR:-/tmp}/rbsim-nokernel.XXXXXX")
	echo "check-nokernel: $rev in $work"
	RBSIM_NOKERNEL_INSIDE=1 exec unshare -m --propagation private \
		sh "$src/scripts/check-nokernel.sh" "$src" "$rev" "$work"
fi

src=$1
rev=$2
work=$3

# ---- hide the toolchain, in this namespace only ----
empty="$work/empty"
: >"$empty"
chmod 000 "$empty"
for d in /usr/lib/llvm-*; do
	[ -d "$d" ] && mount -t tmpfs none "$d"
done
[ -d /usr/include/bpf ] && mount -t tmpfs none /usr/include/bpf
[ -d /sys/kernel/btf ] && mount -t tmpfs none /sys/kernel/btf
for f in /usr/sbin/bpftool /usr/lib/*/libbpf.a /usr/lib/*/libbpf.so.*.*; do
	[ -f "$f" ] && mount --bind "$empty" "$f"
done
export CLANG=/nonexistent BPFTOOL=/nonexistent
unset RBSIM_REQUIRE_KERNEL KERNEL CI

fail=0
gone() {
	if "$@" >/dev/null 2>&1; then
		echo "check-nokernel: still there: $*" >&2
		fail=1
	fi
}
gone command -v clang
gone command -v bpftool
gone sh -c 'printf "#include <bpf/libbpf.h>\n" | cc -E -x c -'
gone sh -c 'echo "unsigned int libbpf_major_version(void);
int main(void) { return (int)libbpf_major_version(); }" | cc -x c - -o /dev/null -lbpf'
gone test -e /sys/kernel/btf/vmlinux
[ "$fail" = 0 ] || exit 1

# ---- a fresh clone ----
git clone -q --no-checkout "$src" "$work/src"
git -C "$work/src" checkout -q "$rev"
cd "$work/src"

# the run's closing line, "tests: N passed, 0 failed", and the kernel tests not built
check_run() {
	log=$1
	tail -n 1 "$log"
	if ! tail -n 1 "$log" | grep -Eq '^tests: [0-9]+ passed, 0 failed'; then
		echo "check-nokernel: $2 failed (see $log)" >&2
		fail=1
	fi
	if ! grep -q '^skipped [0-9]* in tests/bpf: not built: ' "$log"; then
		echo "check-nokernel: $2: the kernel tests are not counted as not built" >&2
		fail=1
	fi
}

echo "== make KERNEL=0 OUTPUT=$work/k0 test"
start=$(date +%s)
make KERNEL=0 OUTPUT="$work/k0" test >"$work/k0.log" 2>&1 || true
echo "($(($(date +%s) - start)) s)"
check_run "$work/k0.log" "make KERNEL=0 test"

echo "== make test (KERNEL found out by the build)"
start=$(date +%s)
make test >"$work/auto.log" 2>&1 || true
echo "($(($(date +%s) - start)) s)"
check_run "$work/auto.log" "make test"
said=$(grep -c '^rbsim: building without the kernel parts (bpf/): ' "$work/auto.log" || true)
grep '^rbsim: building without the kernel parts' "$work/auto.log" || true
if [ "$said" != 1 ]; then
	echo "check-nokernel: make test said $said times that it leaves bpf/ out, not once" >&2
	fail=1
fi
if ! grep -q '^KERNEL := 0$' build/kernel.mk; then
	echo "check-nokernel: build/kernel.mk does not say KERNEL := 0" >&2
	fail=1
fi

[ "$fail" = 0 ] && echo "check-nokernel: ok (logs in $work)"
exit "$fail"
