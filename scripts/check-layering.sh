#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The dependencies run one way, ringbuf/ <- sim/ <- bpf/ (make test runs this):
#   ringbuf/ includes nothing of sim/ or bpf/;
#   sim/ includes nothing of bpf/, and neither does any libbpf header, so that
#   make KERNEL=0 builds them without libbpf;
#   the tests follow the part they test: tests/ringbuf/ as ringbuf/,
#   tests/sim/, tests/cli/ and tests/helpers/ as sim/ (tests/bpf/ may use all);
#   the private headers of ringbuf/ (ringbuf_internal.h, consumer_internal.h,
#   perfbuf_internal.h) are included by ringbuf/ alone: the rest, the tests
#   included, use the public headers.
# Prints each include that breaks the rule and exits 1, or prints nothing.
set -u
cd "$(dirname "$0")/.." || exit 2
bad=0

# check DIRS -- PATTERN WHY: every #include in DIRS matching PATTERN is a violation
check() {
	dirs=$1 pattern=$2 why=$3
	# shellcheck disable=SC2086
	hits=$(grep -nE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($pattern)" \
		$(for d in $dirs; do ls "$d"/*.c "$d"/*.h 2>/dev/null; done) /dev/null)
	[ -n "$hits" ] || return 0
	echo "$hits" | while IFS= read -r h; do
		echo "check-layering: $h: $why"
	done
	bad=1
}

check "ringbuf tests/ringbuf" 'sim/|bpf/' "ringbuf/ depends on neither sim/ nor bpf/"
check "sim tests/sim tests/cli tests/helpers" 'bpf/' "sim/ does not depend on bpf/ (nor libbpf)"
check "sim bpf tests/ringbuf tests/sim tests/cli tests/helpers tests/bpf" \
	'([./]*ringbuf/)?(ringbuf|consumer|perfbuf)_internal\.h' "private to ringbuf/"
exit "$bad"
