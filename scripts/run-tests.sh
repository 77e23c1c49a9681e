#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Run the test suite: the Criterion unit binary, then the concurrency (*_mt)
# tests again under ThreadSanitizer. Ends with one "N passed, N failed" line.
set -u
OUTPUT=${OUTPUT:-build}
MAKE=${MAKE:-make}
# the tests exec the rbsim and BPF objects of this build
export RBSIM_BIN="${RBSIM_BIN:-$OUTPUT/rbsim}"
export RBSIM_BPF_DIR="${RBSIM_BPF_DIR:-$OUTPUT/bpf}"
# (a TSAN=1 build's unit binary runs under TSan too)
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 suppressions=$(pwd)/tests/tsan.supp \
${TSAN_OPTIONS:-}"
passed=0
failed=0
status=0

# Criterion prints "[====] Synthesis: Tested: N | Passing: N | Failing: N | Crashing: N"
run_criterion() {
	log=$(mktemp)
	"$@" --jobs 2 2>&1 | tee "$log"
	rc=$?
	line=$(grep 'Synthesis:' "$log" | tail -n 1)
	rm -f "$log"
	if [ -z "$line" ]; then
		echo "run-tests: $1 printed no synthesis" >&2
		failed=$((failed + 1))
		status=1
		return
	fi
	p=$(echo "$line" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
	f=$(echo "$line" | sed -n 's/.*Failing: \([0-9]*\).*/\1/p')
	# Criterion's Failing count includes the crashed tests
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$f" = 0 ] || status=1
}

echo "== unit and integration tests ($OUTPUT/tests/unit)"
run_criterion "$OUTPUT/tests/unit"

echo "== concurrency tests under ThreadSanitizer ($OUTPUT/tsan/tests/mt)"
# ASan and TSan exclude each other: an ASAN=1 build's TSan pass is built without it
if $MAKE -s TSAN=1 ASAN= OUTPUT="$OUTPUT/tsan" mt-bin; then
	run_criterion "$OUTPUT/tsan/tests/mt"
else
	echo "run-tests: ThreadSanitizer build failed" >&2
	failed=$((failed + 1))
	status=1
fi

echo "tests: $passed passed, $failed failed"
exit $status
