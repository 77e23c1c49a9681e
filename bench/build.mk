# SPDX-License-Identifier: GPL-2.0-only
# bench/: the benchmark scenarios (bench/*.scenario, one per question), run by
# scripts/bench.sh into a new folder results/<host>-<date>[-N]/ with plots.
#   make bench            the quick suite with plots (a few minutes on 2 CPUs)
#   make bench-full       the full suite (under 30 minutes on 2 CPUs)
#   make plots            render every results folder again from its CSV
#   make bench-overhead   what the harness (verification, latency stamps) costs
#   make bench-prediction the prediction section alone (issue 15): kernel, pure port and
#                         calibrated port alternating on the full suite's timing
#   make bench-size       rbsim size's advice against the kernel's ring buffer, in a new
#                         folder results/size-<host>-<date>[-N]
# BENCH_OUT=dir puts the results folder elsewhere; BENCH_ARGS adds options
# (e.g. BENCH_ARGS="--only producers,latency --no-kernel").
BENCH_OUT ?= results
BENCH_ARGS ?=
BENCH_ENV = BENCH_CC="$(CC)" BENCH_CFLAGS="$(strip $(CFLAGS))"
# the probe of the CPU time the machine takes from busy threads, beside rbsim: scripts/bench.py
# runs it before a suite's runs and writes its figures into env.txt (bench/probe/cpu_gaps.c)
GAPS := $(OUTPUT)/bench/cpu_gaps
ALL_TARGETS += $(GAPS)

$(GAPS): bench/probe/cpu_gaps.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $<

.PHONY: bench-overhead bench-prediction bench-size
# the speed scenario runs the inline probe built beside rbsim
bench: $(OUTPUT)/rbsim $(GAPS) $(OUTPUT)/bench/b2b_inline | $(DEPS_BENCH)
	$(Q)$(BENCH_ENV) scripts/bench.sh quick --rbsim $(OUTPUT)/rbsim --out $(BENCH_OUT) \
		$(BENCH_ARGS)

bench-full: $(OUTPUT)/rbsim $(GAPS) $(OUTPUT)/bench/b2b_inline | $(DEPS_BENCH)
	$(Q)$(BENCH_ENV) scripts/bench.sh full --rbsim $(OUTPUT)/rbsim --out $(BENCH_OUT) \
		$(BENCH_ARGS)

plots: | $(DEPS_BENCH)
	$(Q)scripts/plots.sh

bench-overhead: $(OUTPUT)/rbsim | $(DEPS_BENCH)
	$(Q)scripts/bench-overhead.sh --rbsim $(OUTPUT)/rbsim

bench-prediction: $(OUTPUT)/rbsim $(GAPS) | $(DEPS_BENCH)
	$(Q)$(BENCH_ENV) scripts/bench.sh full --only prediction --rbsim $(OUTPUT)/rbsim \
		--out $(BENCH_OUT) $(BENCH_ARGS)

bench-size: $(OUTPUT)/rbsim $(GAPS) | $(DEPS_BENCH)
	$(Q)$(BENCH_ENV) scripts/bench-size.py --rbsim $(OUTPUT)/rbsim

# ---- the speed of the port against its inline reference probe (scripts/bench-speed.sh)
#   make bench-speed            rounds alternating probe, port and port with its harness
#   make bench-speed-callgrind  instructions per record of each (callgrind, repeatable)
# BENCH_SPEED_ARGS adds options (e.g. BENCH_SPEED_ARGS="--rounds 11 --out /tmp/speed").
PROBE := $(OUTPUT)/bench/b2b_inline
ALL_TARGETS += $(PROBE)
BENCH_SPEED_ARGS ?=

$(PROBE): bench/probe/b2b_inline.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $<

.PHONY: bench-speed bench-speed-callgrind
bench-speed: $(OUTPUT)/rbsim $(PROBE)
	$(Q)$(BENCH_ENV) scripts/bench-speed.sh --rbsim $(OUTPUT)/rbsim --probe $(PROBE) \
		$(BENCH_SPEED_ARGS)

bench-speed-callgrind: $(OUTPUT)/rbsim $(PROBE)
	$(Q)$(BENCH_ENV) scripts/bench-speed.sh --callgrind --rbsim $(OUTPUT)/rbsim \
		--probe $(PROBE) $(BENCH_SPEED_ARGS)
