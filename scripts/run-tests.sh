#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Run the test suite (make test calls this) and end with one line:
#   tests: N passed, M failed, K skipped
# preceded by one line per group of skipped tests (suite and reason), and by
# the failed tests, each with its first failed assertions (file:line: message).
#
#  1. $OUTPUT/tests/unit: every tests/*/test_*.c, in this build, but those
#     of ALONE below, which run after the others, one at a time;
#  2. the concurrency tests (tests/*/test_*_mt.c) again under ThreadSanitizer,
#     built in $OUTPUT/tsan with an rbsim of their own (when this build is
#     TSAN=1, step 1 ran everything under TSan already);
#  3. with TEST_ASAN=1 (make sets it when CI=true) the unit tests again under
#     AddressSanitizer+UndefinedBehaviorSanitizer, built in $OUTPUT/asan-ubsan
#     (unless this build is ASAN=1 UBSAN=1 already), all but the few listed in
#     ASAN_LEAVE below: they ran in step 1, and under the sanitizers they would
#     measure the sanitizers or walk again through code the others cover.
#
# With KERNEL=0 (an rbsim without bpf/) the kernel tests (tests/bpf/) are not
# built: each test they declare counts as skipped, with KERNEL_WHY as the
# reason, or as failed when RBSIM_REQUIRE_KERNEL is set (CI requires them).
#
# Results come from each binary's TAP report (--tap=FILE), not from its text.
# Not the JSON report: Criterion 2.4 writes its strings unescaped, so a
# message holding a quote or a newline makes it invalid.
#
# The tests' temporary files go to a directory of this run ($TMPDIR), removed
# when the run ends, however it ends. Sanitizer reports go to files there
# (log_path), from the test binaries and from every rbsim they run: each
# report is printed and counted as a failure, since a report from a process
# whose exit status nobody checks, or from a test process after Criterion
# has its result (LeakSanitizer runs at exit), would otherwise be lost.
set -u
OUTPUT=${OUTPUT:-build}
MAKE=${MAKE:-make}
TEST_SAN=${TEST_SAN:-}	# this build's sanitizers: "asan ubsan", "tsan", ...
TEST_ASAN=${TEST_ASAN:-}
KERNEL=${KERNEL:-1}	# 0: built without bpf/ (the Makefile passes it)
KERNEL_WHY=${KERNEL_WHY:-make KERNEL=0}
JOBS=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
# the sanitizer builds in parallel, unless a make -j above shares its jobs with them
case " ${MAKEFLAGS:-} " in
*" -j"* | *--jobserver*) par= ;;
*) par=-j$JOBS ;;
esac

# The sanitizer builds' optimisation: -O1 with line tables only (-g1: a
# report's frames keep their file and line). The ASan+UBSan build took 45 s
# with them against 69 s at this Makefile's -O2 -g, and its pass the same 226 s
# (2-vCPU EPYC VM, 2026-12-05); the sanitizers' own advice is -O1 or more.
SAN_OPT="-O1 -g1"

run_dir=$(mktemp -d "${TMPDIR:-/tmp}/rbsim-tests.XXXXXX") || exit 1
trap 'rm -rf "$run_dir"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir "$run_dir/tmp" "$run_dir/san" || exit 1
: >"$run_dir/skips"
export TMPDIR="$run_dir/tmp"

san="$run_dir/san"
supp="$(pwd)/tests/tsan.supp"
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 suppressions=$supp log_path=$san/tsan \
${TSAN_OPTIONS:-}"
export ASAN_OPTIONS="log_path=$san/asan ${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1 log_path=$san/ubsan ${UBSAN_OPTIONS:-}"

# Tests step 3 leaves to step 1 (a Criterion --filter pattern, suite/test):
# the comparisons of timings (the prediction tests, virtual against real
# time, a calibrated spin's length), whose figures would be ASan's, and the
# walkthroughs of the README and of the whole benchmark suite, and the
# many-seed validation, the model over every published machine (its
# crossovers, its tables: the model code that model_cli's other tests run)
# and --against-real without a consumer (its path is against_real_arithmetic's,
# which stays), which run the code the other tests run under the sanitizers,
# many times over.
# The first six were about a third of the pass's time on a 2-CPU machine; the
# next three took 66 of the 357 test-seconds left (2-vCPU EPYC VM, 2026-12-02).
# The last two, the plots drawn from fixture CSVs and the prediction's misses
# from a hand-written runs.csv, run scripts and gnuplot and no program of ours;
# so does the prediction's c2c column, from the same runs.csv.
# Then the two slowest left, 9.8 and 6.0 of 243 test-seconds (2-vCPU EPYC VM,
# 2026-12-02): every option run without its argument (the parser, which the
# options and conventions tests run under the sanitizers besides) and the
# model's PNG plot (gnuplot's time).
# And a clocked spin's length in CPU time, a comparison of timings like the
# calibrated spin's: in the parallel ASan pass, both vCPUs busy, it read 2.51
# ms of CPU time for 2 ms charged (the median of 9; 2-vCPU EPYC VM whose host
# stops a busy vCPU and reports no steal time, 2026-12-04);
# the first pass runs it alone.
# And the prediction's tables drawn from hand-written folders (its bistable
# workloads, the kernel against itself, the calibrated port with its round's
# profile, the runs a host stop hit; and the section run without the kernel,
# 6 s of bench.sh, the pure port's one run and its probe): they run
# bench.sh plot, Python and gnuplot, and no program of ours; 24 of the
# pass's 294 test-seconds (2-vCPU EPYC VM, 2026-12-05). And every option's
# row read back (cli_options, 27 cases, each its transport's run twice, 30
# test-seconds): the options' parsing and their columns run under the
# sanitizers in the options, conventions and cli_run tests. And four that
# repeat what others run there (19 test-seconds): calibrate's three passes
# (end_to_end's measurement three times), the model's --check of a machine
# (published_tables' model code), and two of the suite's walkthroughs (its
# bad scenario files, Python's own checks; a folder never reused, three
# runs of the overhead scenario). And --against-real on rings of their own
# without a consumer (19 test-seconds of the first pass, 2-vCPU EPYC VM,
# 2026-12-06; make test stood at 9.6 to 10.3 min): what it runs beyond
# against_real_arithmetic is the lost-time columns, whose count the
# cli_run_life tests run there (prod_lost_frac). And --against-real's text
# with its last line (a producer alone, two runs): its probes and runs are
# against_real_arithmetic's, and a second pair probe beside that one in the
# parallel pass can starve both (arithmetic read 18 stretches together of 3093
# in the unit pass with this test beside it in the pass, the Zen 4 guest,
# 2026-12-07).
ASAN_LEAVE='readme/*|calibrate/prediction_*|run_virtual/agrees_with_real_time_within_20_percent'
ASAN_LEAVE="$ASAN_LEAVE|inject/spin_takes_its_calibrated_time|validate/many_seeds_every_ring_size"
ASAN_LEAVE="$ASAN_LEAVE|inject/clocked_spin_ends_on_the_clock"
ASAN_LEAVE="$ASAN_LEAVE|bench/test_suite_writes_every_column_and_env"
ASAN_LEAVE="$ASAN_LEAVE|model_cli/crossover_from_the_model_curves|model/published_tables"
ASAN_LEAVE="$ASAN_LEAVE|model_cli/against_real_without_a_consumer|bench/plots_from_fixture_csv"
ASAN_LEAVE="$ASAN_LEAVE|bench_prediction/misses_name_their_measured_causes"
ASAN_LEAVE="$ASAN_LEAVE|bench_prediction/every_run_carries_its_rounds_c2c"
ASAN_LEAVE="$ASAN_LEAVE|conventions/missing_argument_worded_alike|model_cli/plot_writes_png"
ASAN_LEAVE="$ASAN_LEAVE|bench_prediction/bistable_regimes_by_placement"
ASAN_LEAVE="$ASAN_LEAVE|bench_prediction/bistable_judged_per_regime_over_all_seconds"
ASAN_LEAVE="$ASAN_LEAVE|bench_prediction/kernel_against_itself_by_the_same_bands"
ASAN_LEAVE="$ASAN_LEAVE|bench_prediction/calibrated_now_by_the_same_bands"
ASAN_LEAVE="$ASAN_LEAVE|bench_prediction/no_kernel_no_round_profile"
ASAN_LEAVE="$ASAN_LEAVE|bench_prediction/host_stalled_runs_counted_and_kept"
ASAN_LEAVE="$ASAN_LEAVE|bench_prediction/a_miss_the_stalled_runs_make_says_so"
ASAN_LEAVE="$ASAN_LEAVE|bench_prediction/host_hits_counted_by_the_runs_own_figures"
ASAN_LEAVE="$ASAN_LEAVE|cli_options/row_reproduces_the_run"
ASAN_LEAVE="$ASAN_LEAVE|calibrate/passes_keep_the_middle_one|model_cli/check_lists_every_curve"
ASAN_LEAVE="$ASAN_LEAVE|bench/bad_scenario_file_one_line|bench/results_folder_never_reused"
ASAN_LEAVE="$ASAN_LEAVE|model_cli/against_real_rings_of_their_own"
ASAN_LEAVE="$ASAN_LEAVE|model_cli/against_real_text_counts_the_rows_held_still"

# Tests that run alone once the first pass is over (same pattern form): the
# predictions, which calibrate the port on this machine and then compare it
# with the kernel over a few seconds of runs. Beside the parallel pass's other
# tests the profile and the runs saw different loads: the back-to-back one
# read x0.59 once in a clean-clone make test (x1.0 to x1.1 alone) and the
# default workload on one CPU x0.07 (x1.2 to x1.4 alone) (2-vCPU EPYC VM,
# 2026-12-02).
# And a calibrated spin against its calibration, and a clocked spin against
# the clock: both time a loop that the other vCPU's load slows or not (its
# sibling on a shared core). Beside the pass's other tests, CI read a spin
# calibrated for 2 ms at 1.564 ms (the median of 9 rounds whose calibrations
# before and after agreed within 5%; 2026-12-04); alone it reads 0.999 to
# 1.007, and beside the unit tests pinned to the other vCPU 0.919 to 1.010
# in 25 runs (2-vCPU EPYC VM, 2026-12-04). Alone, while the host moved the
# loop's speed by a quarter within milliseconds, it read 0.76 to 0.83 (the
# same VM, later that day): it now also wants a round's spins within 5% of
# each other, and skips, saying so, when too few rounds hold one speed.
# And --against-real of two producers sharing a ring without a consumer: its
# probe of their hand-off needs the two running at once, and beside the pass's
# other tests one CPU was taken all along: 12 and 14 stretches of about 2800
# together where 20 are needed, in two clean-clone runs, the second after the
# probe had tried three times (2-vCPU EPYC VM of family 25 (Zen 3), 2026-12-06).
# And `rbsim model --probe`, whose hand-off is the same pair probe, each
# attempt wanting 20 stretches together (1.8 s alone; with a spinner on CPU
# 1 it kept 116 to 200 of its 200 in three runs, the same VM, 2026-12-06).
# And the short charges held to the TSC, timed against the thread's CPU time
# within 25%: beside the other tests of a --jobs 2 run they read outside it
# once (2-vCPU EPYC VM of family 25, 2026-12-06; alone and beside a spinner
# on the other vCPU 10 of 10 each).
ALONE_SIM='inject/spin_takes_its_calibrated_time|inject/clocked_spin_ends_on_the_clock'
ALONE_SIM="$ALONE_SIM|inject/short_charge_held_to_the_tsc"
ALONE_SIM="$ALONE_SIM|model_cli/against_real_without_a_consumer"
# Every --against-real makes that pair probe, with or without a consumer: one
# with a consumer beside the pass's other tests read 18 stretches together of
# 3093 in its last attempt in a clean-clone run, a second --against-real test
# in the same pass (the Zen 4 guest, 2026-12-07); so all of them run alone.
ALONE_SIM="$ALONE_SIM|model_cli/against_real_arithmetic"
ALONE_SIM="$ALONE_SIM|model_cli/against_real_rings_of_their_own"
ALONE_SIM="$ALONE_SIM|model_cli/against_real_text_counts_the_rows_held_still"
ALONE_SIM="$ALONE_SIM|model_cli/probe_figures_in_order"
ALONE="calibrate/prediction_*|$ALONE_SIM"

passed=0
failed=0
skipped=0

fail() {
	echo "run-tests: $*" >&2
	echo "run-tests: $*" >>"$run_dir/failures"
	failed=$((failed + 1))
}

# every sanitizer report written since the last call: printed, one failure each
sanitizer_reports() {
	for f in "$san"/*; do
		[ -e "$f" ] || continue
		echo "run-tests: $1: sanitizer report (${f##*/}):" >&2
		cat "$f" >&2
		rm -f "$f"
		fail "$1: a sanitizer report, counted as a failure"
	done
}

# run_suite LABEL BINARY RBSIM BPF_DIR [LEAVE [ONLY]]: run a test binary against
# that rbsim, add the results of its TAP report to the totals; LEAVE: a pattern
# of tests not to run (Criterion reports each as "# SKIP test was skipped",
# counted here as left, not as skipped: they are not the suite's skips);
# ONLY: a pattern of the only tests to run, one at a time (LEAVE empty)
run_suite() {
	tap="$run_dir/$1.tap"
	leave=${5:-}
	only=${6:-}
	to=${7:-the first pass}
	if [ -n "$leave" ]; then
		RBSIM_BIN=$3 RBSIM_BPF_DIR=$4 "$2" --jobs "$JOBS" --tap="$tap" --filter="!($5)"
	elif [ -n "$only" ]; then
		RBSIM_BIN=$3 RBSIM_BPF_DIR=$4 "$2" --jobs 1 --tap="$tap" --filter="@($only)"
	else
		RBSIM_BIN=$3 RBSIM_BPF_DIR=$4 "$2" --jobs "$JOBS" --tap="$tap"
	fi
	rc=$?
	# "1..N", then "ok - suite::name  (0.01s)", "ok - suite::name  # SKIP why", "not ok - ..."
	# a failure's block: "  - file.c:12: |+", "      Assertion failed: message"
	set -- "$1" $(awk -v skips="$run_dir/skips" -v leave="${leave:+1}${only:+1}" \
		-v fails="$run_dir/failures" -v label="$1" '
		/^(not )?ok - / || /^  \.\.\.$/ { block = 0 }
		/^1\.\.[0-9]+$/ { plan = substr($0, 4) + 0 }
		leave && /^ok - .*  # SKIP test was skipped$/ { l++; next }
		/^ok - / && index($0, "  # SKIP ") {
			suite = $3
			sub(/::.*/, "", suite)
			print suite "\t" substr($0, index($0, "  # SKIP ") + 9) >>skips
			s++
			next
		}
		/^ok - / { p++ }
		/^not ok - / {
			f++
			print label ": " substr($0, 10) >>fails
			block = 1
			n = 0
		}
		block && /^  - .*: \|\+$/ { at = substr($0, 5, length($0) - 8) }
		block && /^      Assertion failed: / && n++ < 2 {
			print "    " at ": " substr($0, 25) >>fails
		}
		END { printf "%d %d %d %d %d\n", plan, p, f, s, l }' "$tap" 2>/dev/null || echo 0 0 0 0 0)
	plan=$2
	passed=$((passed + $3))
	failed=$((failed + $4))
	skipped=$((skipped + $5))
	if [ -n "$leave" ]; then
		# a pattern that leaves nothing out has gone stale
		[ "$6" -gt 0 ] || fail "$1: --filter='!($leave)' left no test out"
		echo "$1: $6 tests left to $to: $leave"
	fi
	if [ -n "$only" ]; then
		# run, passed or not; none is right only without the kernel tests
		ran=$(($3 + $4 + $5))
		[ "$ran" -gt 0 ] || [ "$KERNEL" = 0 ] || fail "$1: --filter='$only' ran no test"
		echo "$1: $ran tests run alone: $only"
	fi
	if [ "$plan" -eq 0 ] || [ $(($3 + $4 + $5 + $6)) -ne "$plan" ]; then
		fail "$1: $(($3 + $4 + $5 + $6)) results for $plan tests in $tap (exit status $rc)"
	elif [ "$rc" -ne 0 ] && [ "$4" -eq 0 ]; then
		fail "$1: exit status $rc, but no test failed"
	fi
	sanitizer_reports "$1"
}

case " $TEST_SAN " in
*" tsan "*) label="unit and integration tests under ThreadSanitizer" ;;
*) label="unit and integration tests" ;;
esac
echo "== $label ($OUTPUT/tests/unit)"
# (without the kernel tests, ALONE's prediction tests are not built)
[ "$KERNEL" = 0 ] && ALONE=$ALONE_SIM
run_suite unit "$OUTPUT/tests/unit" "${RBSIM_BIN:-$OUTPUT/rbsim}" "${RBSIM_BPF_DIR:-$OUTPUT/bpf}" \
	"$ALONE" "" "run alone after it"
echo "== the tests that run alone ($OUTPUT/tests/unit)"
run_suite alone "$OUTPUT/tests/unit" "${RBSIM_BIN:-$OUTPUT/rbsim}" \
	"${RBSIM_BPF_DIR:-$OUTPUT/bpf}" "" "$ALONE"

case " $TEST_SAN " in
*" tsan "*) ;;
*)
	out="$OUTPUT/tsan"
	echo "== concurrency tests under ThreadSanitizer ($out/tests/mt)"
	if $MAKE -s $par TSAN=1 ASAN= TEST_ASAN= OPT="$SAN_OPT" KERNEL="$KERNEL" \
		KERNEL_WHY="$KERNEL_WHY" OUTPUT="$out" mt-bin; then
		run_suite tsan "$out/tests/mt" "$out/rbsim" "$out/bpf"
	else
		fail "the ThreadSanitizer build failed"
	fi
	;;
esac

if [ "$TEST_ASAN" = 1 ]; then
	case " $TEST_SAN " in
	*" asan ubsan "*) ;;
	*)
		out="$OUTPUT/asan-ubsan"
		echo "== unit and integration tests under ASan+UBSan ($out/tests/unit)"
		if $MAKE -s $par ASAN=1 UBSAN=1 TSAN= TEST_ASAN= OPT="$SAN_OPT" KERNEL="$KERNEL" \
			KERNEL_WHY="$KERNEL_WHY" OUTPUT="$out" unit-bin; then
			run_suite asan-ubsan "$out/tests/unit" "$out/rbsim" "$out/bpf" "$ASAN_LEAVE"
		else
			fail "the ASan+UBSan build failed"
		fi
		;;
	esac
fi

# the kernel tests of an rbsim built without bpf/: the tests their files declare
if [ "$KERNEL" = 0 ]; then
	n=$(cat tests/bpf/test_*.c | grep -cE '^(Test|ParameterizedTest)\(')
	why="not built: this rbsim was built without its kernel parts ($KERNEL_WHY)"
	case "${RBSIM_REQUIRE_KERNEL:-}" in
	"" | 0)
		skipped=$((skipped + n))
		yes "tests/bpf	$why" | head -n "$n" >>"$run_dir/skips"
		;;
	*)
		fail "$n kernel tests (tests/bpf/) $why, and RBSIM_REQUIRE_KERNEL is set"
		failed=$((failed + n - 1))
		;;
	esac
fi

# one line per suite and reason, e.g. "skipped 6 in validate: kernel unavailable: ..."
sort "$run_dir/skips" | uniq -c | while read -r n rest; do
	printf 'skipped %s in %s: %s\n' "$n" "${rest%%	*}" "${rest#*	}"
done
# the failed tests and their first messages, last, where a log's tail shows them
if [ -s "$run_dir/failures" ]; then
	echo "failed tests (and their first two failed assertions):"
	cat "$run_dir/failures"
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
