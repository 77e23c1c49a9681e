# SPDX-License-Identifier: GPL-2.0-only
#
# rbsim: make (all), make lib, make test, make bench, make bench-full, make plots,
# make check-layering (make test runs it).
# Switches: ASAN=1 TSAN=1 UBSAN=1 RELEASE=1 V=1 OUTPUT=dir; TEST_ASAN=1 (set by CI=true):
# make test also runs the unit tests built with ASan+UBSan (see scripts/run-tests.sh).
# KERNEL=1 builds bpf/ (the BPF programs and loaders: the kernel commands and
# transports); KERNEL=0 builds the library, the simulator and its tests without
# it, and needs no clang, bpftool, libbpf or kernel BTF. Without KERNEL, bpf/ is
# built when those are there once scripts/deps.sh installed what it could, and
# left out otherwise, said once (the answer is kept in $(OUTPUT)/kernel.mk).
# Each area (sim/, bpf/, tests/, bench/) adds its own rules in its build.mk.

OUTPUT ?= build
CC ?= cc
ifeq ($(origin CC),default)
CC := gcc
endif

ifeq ($(V),1)
Q :=
msg :=
else
Q := @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

CFLAGS_BASE := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -g -MMD -MP -I. -pthread
ifeq ($(RELEASE),1)
OPT := -O3 -DNDEBUG
else
OPT := -O2
endif
ifeq ($(ASAN)$(TSAN),11)
$(error ASAN=1 and TSAN=1 cannot be combined: the two runtimes exclude each other)
endif
SAN :=
# ASan and UBSan runtimes linked in: LeakSanitizer scans every module's data
# at each exit, and the shared libubsan.so brings a second copy of the
# sanitizers' common state (about 6 MB, two thirds of what LSan read at the
# exit of an empty program): ASan+UBSan tests spent a quarter less time once
# it was gone (2-vCPU EPYC VM, 2026-12-02)
SAN_LD :=
# The programs of an ASan build are linked without PIE: the instrumented
# globals' descriptors make some 180 000 relocations in the unit tests'
# binary, applied at each start, and Criterion starts it once a test (a
# third fewer page faults at its start: 2610 against 3780; 2-vCPU EPYC VM,
# 2026-12-05, where a page fault costs about 20 us). The objects stay
# position-independent, as librbsim.a must be for the PIE programs built
# against it once installed.
ifeq ($(ASAN),1)
SAN += -fsanitize=address -fno-omit-frame-pointer
SAN_LD += -static-libasan -no-pie
# The tests' own globals (their string literals, mostly) are left without
# redzones: instrumented they made 4.1 of the unit binary's 5 MB of .data,
# which LeakSanitizer reads at each test's exit. Overflows of the code under
# test, its globals included, are caught as before.
$(OUTPUT)/tests/%.o: CFLAGS += --param asan-globals=0
endif
ifeq ($(TSAN),1)
SAN += -fsanitize=thread
endif
ifeq ($(UBSAN),1)
SAN += -fsanitize=undefined -fno-sanitize-recover=undefined
SAN_LD += -static-libubsan
endif
CFLAGS ?=
CFLAGS += $(CFLAGS_BASE) $(OPT) $(SAN)
LDFLAGS += -pthread $(SAN) $(SAN_LD)

# make test builds in parallel, a job per CPU, unless -j was given: its three
# builds (this one, the TSan and the ASan+UBSan ones, which share the job
# server through $(MAKE) in scripts/run-tests.sh) took half of CI's time one
# job at a time
ifneq ($(filter test,$(MAKECMDGOALS)),)
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
endif
endif

.DELETE_ON_ERROR:
.DEFAULT_GOAL := all
.PHONY: all lib test bench bench-full plots clean print-ldlibs deps

# dependencies: each group of scripts/deps.sh (apt-get, idempotent; it prints what it
# installs) when its stamp is missing: base for everything, kernel for bpf/, bench for
# make test and make bench
$(OUTPUT)/.deps-%: scripts/deps.sh
	$(Q)mkdir -p $(@D)
	$(Q)scripts/deps.sh $*
	$(Q)touch $@
DEPS_BASE := $(OUTPUT)/.deps-base
DEPS_BENCH := $(OUTPUT)/.deps-bench

# ---- KERNEL: with or without bpf/ ----
CLANG ?= clang
BPFTOOL ?= bpftool
VMLINUX_BTF ?= /sys/kernel/btf/vmlinux
ifeq ($(origin KERNEL),undefined)
ifneq ($(MAKECMDGOALS),clean)
# made (and make restarted) before anything else; scripts/kernel-probe.sh says why once
KERNEL_CONF := $(OUTPUT)/kernel.mk
-include $(KERNEL_CONF)
$(KERNEL_CONF): scripts/kernel-probe.sh scripts/deps.sh | $(DEPS_BASE)
	$(Q)CC="$(CC)" CLANG="$(CLANG)" BPFTOOL="$(BPFTOOL)" VMLINUX_BTF="$(VMLINUX_BTF)" \
		scripts/kernel-probe.sh >$@.tmp && mv $@.tmp $@
endif
endif
ifneq ($(filter-out 0 1,$(KERNEL)),)
$(error KERNEL=$(KERNEL): 0 (without bpf/) or 1 (with it))
endif
KERNEL_WHY ?= make KERNEL=0
ifeq ($(KERNEL),0)
DEPS_STAMP := $(DEPS_BASE)
else
DEPS_STAMP := $(DEPS_BASE) $(OUTPUT)/.deps-kernel
endif
deps: $(DEPS_STAMP) $(DEPS_BENCH)
# one apt-get at a time under -j (dpkg's lock): base, then kernel, then bench
$(OUTPUT)/.deps-kernel: | $(DEPS_BASE)
$(DEPS_BENCH): | $(DEPS_STAMP)

# ---- the library: ringbuf/ ----
LIB := $(OUTPUT)/librbsim.a
LIB_SRCS := $(wildcard ringbuf/*.c)
LIB_OBJS := $(patsubst %.c,$(OUTPUT)/%.o,$(LIB_SRCS))

# the flags the objects were built with (written below when they change): a switch given
# to an existing build (ASAN=1, RELEASE=1, ...) rebuilds everything instead of mixing objects
FLAGS_STAMP := $(OUTPUT)/.flags
$(FLAGS_STAMP):

$(OUTPUT)/%.o: %.c $(FLAGS_STAMP) | $(DEPS_STAMP)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

lib: $(LIB)

print-ldlibs:
	@echo "-L$(abspath $(OUTPUT)) -lrbsim -pthread"

# Each area's build.mk appends to these:
#   RBSIM_OBJS    objects linked into build/rbsim (sim/, bpf/ loaders)
#   RBSIM_LDLIBS  libraries build/rbsim needs (libbpf, ...)
#   TEST_LDLIBS   libraries the test binaries need
#   TEST_SIM_OBJS objects of sim/ the unit tests link
#   MT_SIM_OBJS   objects of sim/ the TSan binary links (what tests/helpers/ and the
#                 *_mt.c tests of sim/ need)
#   ALL_TARGETS   everything `make` builds
ALL_TARGETS := $(LIB)
RBSIM_OBJS :=
RBSIM_LDLIBS :=
TEST_LDLIBS :=
TEST_SIM_OBJS :=
MT_SIM_OBJS :=
include $(sort $(wildcard */build.mk))

# (not before KERNEL is known: make restarts once $(OUTPUT)/kernel.mk is made)
FLAGS_NOW := $(CC) $(CFLAGS) $(LDFLAGS) KERNEL=$(KERNEL) $(KERNEL_WHY)
ifneq ($(KERNEL),)
ifneq ($(file <$(FLAGS_STAMP)),$(FLAGS_NOW))
$(shell mkdir -p $(OUTPUT))
$(file >$(FLAGS_STAMP),$(FLAGS_NOW))
endif
endif

RBSIM := $(OUTPUT)/rbsim
ifneq ($(strip $(RBSIM_OBJS)),)
ALL_TARGETS += $(RBSIM)
$(RBSIM): $(RBSIM_OBJS) $(LIB)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(RBSIM_OBJS) $(LIB) $(RBSIM_LDLIBS) -lm
endif

# ---- tests: one Criterion binary with every tests/*/test_*.c (tests/ringbuf/,
# tests/sim/, tests/bpf/: unit tests of that part; tests/cli/: tests that run
# the rbsim command; tests/helpers/: what they share); the *_mt.c
# (concurrency) tests are built once more under ThreadSanitizer, with an rbsim
# of that build for the tests that run it. Under TSan the runner is
# tests/helpers/criterion_tsan.c instead of libcriterion, which cannot start
# there; the tests are the same ----
ifeq ($(TSAN),1)
CRITERION_LIB :=
else
CRITERION_LIB := -lcriterion
endif
TEST_ASAN ?= $(if $(filter true 1,$(CI)),1,)
# without bpf/ the kernel tests (tests/bpf/) are not built; scripts/run-tests.sh counts them
# as skipped (failed with RBSIM_REQUIRE_KERNEL=1); tests/cli/test_nokernel.c is the other way
TEST_NOT_BUILT := $(if $(filter 0,$(KERNEL)),tests/bpf/%,tests/cli/test_nokernel.c)
TEST_SRCS := $(filter-out $(TEST_NOT_BUILT),$(wildcard tests/*/test_*.c))
TEST_OBJS := $(patsubst %.c,$(OUTPUT)/%.o,$(TEST_SRCS))
TEST_HELPER_OBJS := $(patsubst %.c,$(OUTPUT)/%.o,$(wildcard tests/helpers/*.c))
UNIT := $(OUTPUT)/tests/unit
MT_SRCS := $(filter-out $(TEST_NOT_BUILT),$(wildcard tests/*/test_*_mt.c))
MT_OBJS := $(patsubst %.c,$(OUTPUT)/%.o,$(MT_SRCS))
MT := $(OUTPUT)/tests/mt

$(UNIT): $(TEST_OBJS) $(TEST_HELPER_OBJS) $(TEST_SIM_OBJS) $(LIB)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(TEST_OBJS) $(TEST_HELPER_OBJS) $(TEST_SIM_OBJS) $(LIB) \
		$(TEST_LDLIBS) $(CRITERION_LIB) -lm

$(MT): $(MT_OBJS) $(TEST_HELPER_OBJS) $(MT_SIM_OBJS) $(LIB)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(MT_OBJS) $(TEST_HELPER_OBJS) $(MT_SIM_OBJS) $(LIB) \
		$(CRITERION_LIB) -lm

# what scripts/run-tests.sh builds in $(OUTPUT)/tsan and $(OUTPUT)/asan-ubsan
.PHONY: mt-bin unit-bin
mt-bin: all $(MT)
unit-bin: all $(UNIT)

# the sanitizers of this build, for the runner
TEST_SAN := $(strip $(if $(filter 1,$(ASAN)),asan) $(if $(filter 1,$(UBSAN)),ubsan) \
	    $(if $(filter 1,$(TSAN)),tsan))

# the dependencies run one way, ringbuf/ <- sim/ <- bpf/: no include says otherwise
.PHONY: check-layering
check-layering:
	$(call msg,CHECK,layering)
	$(Q)scripts/check-layering.sh

test: check-layering all $(UNIT) | $(DEPS_BENCH)
	$(Q)OUTPUT=$(OUTPUT) MAKE="$(MAKE)" TEST_ASAN=$(TEST_ASAN) TEST_SAN="$(TEST_SAN)" \
		KERNEL=$(KERNEL) KERNEL_WHY="$(KERNEL_WHY)" scripts/run-tests.sh

all: $(ALL_TARGETS)

# ---- make install, make uninstall, rbsim --version ----
include scripts/install.mk

clean:
	$(Q)rm -rf $(OUTPUT)

# the dependencies of this build's objects (not of objects of files since removed)
-include $(patsubst %.o,%.d,$(sort $(LIB_OBJS) $(RBSIM_OBJS) $(TEST_OBJS) $(TEST_HELPER_OBJS) \
	 $(MT_OBJS) $(BPF_OBJS)))
