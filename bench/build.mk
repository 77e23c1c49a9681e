# SPDX-License-Identifier: GPL-2.0-only
# bench/: the benchmark scenarios, as data, run by scripts/bench.sh.
#   make bench             the quick set (selftests' single-producer sections, producer
#                          and record-size sweeps) into results/<host>-<date>-<time>/
#   make bench-overhead    the harness overhead: b2b 8-byte records with and without
#                          verification and latency stamping
BENCH_SCENARIOS ?= bench/quick.scenarios
BENCH_TIMING ?= -w 1 -d 2
BENCH_RESULTS ?= results

.PHONY: bench-overhead
bench: $(OUTPUT)/rbsim
	$(Q)BENCH_CFLAGS="$(strip $(OPT) $(SAN))" scripts/bench.sh --rbsim $(OUTPUT)/rbsim \
		--scenarios $(BENCH_SCENARIOS) --timing "$(BENCH_TIMING)" --results $(BENCH_RESULTS)

bench-overhead: $(OUTPUT)/rbsim
	$(Q)scripts/bench-overhead.sh --rbsim $(OUTPUT)/rbsim
