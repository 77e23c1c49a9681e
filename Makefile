# SPDX-License-Identifier: GPL-2.0-only
#
# rbsim: make (all), make lib, make test, make bench, make bench-full, make plots.
# Switches: ASAN=1 TSAN=1 UBSAN=1 RELEASE=1 V=1 OUTPUT=dir; TEST_ASAN=1 (set by CI=true):
# make test also runs the unit tests built with ASan+UBSan (see scripts/run-tests.sh).
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
ifeq ($(ASAN),1)
SAN += -fsanitize=address -fno-omit-frame-pointer
endif
ifeq ($(TSAN),1)
SAN += -fsanitize=thread
endif
ifeq ($(UBSAN),1)
SAN += -fsanitize=undefined -fno-sanitize-recover=undefined
endif
CFLAGS ?=
CFLAGS += $(CFLAGS_BASE) $(OPT) $(SAN)
LDFLAGS += -pthread $(SAN)

.DELETE_ON_ERROR:
.DEFAULT_GOAL := all
.PHONY: all lib test bench bench-full plots clean print-ldlibs deps

# dependencies: installed by scripts/deps.sh (apt-get, idempotent) when the stamp is missing
DEPS_STAMP := $(OUTPUT)/.deps-ok
$(DEPS_STAMP): scripts/deps.sh
	$(Q)mkdir -p $(@D)
	$(Q)scripts/deps.sh >/dev/null
	$(Q)touch $@
deps: $(DEPS_STAMP)

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
#   TEST_SIM_OBJS objects of sim/ the unit tests link (not the TSan binary)
#   ALL_TARGETS   everything `make` builds
ALL_TARGETS := $(LIB)
RBSIM_OBJS :=
RBSIM_LDLIBS :=
TEST_LDLIBS :=
TEST_SIM_OBJS :=
include $(sort $(wildcard */build.mk))

FLAGS_NOW := $(CC) $(CFLAGS) $(LDFLAGS)
ifneq ($(file <$(FLAGS_STAMP)),$(FLAGS_NOW))
$(shell mkdir -p $(OUTPUT))
$(file >$(FLAGS_STAMP),$(FLAGS_NOW))
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
TEST_SRCS := $(wildcard tests/*/test_*.c)
TEST_OBJS := $(patsubst %.c,$(OUTPUT)/%.o,$(TEST_SRCS))
TEST_HELPER_OBJS := $(patsubst %.c,$(OUTPUT)/%.o,$(wildcard tests/helpers/*.c))
UNIT := $(OUTPUT)/tests/unit
MT_SRCS := $(wildcard tests/*/test_*_mt.c)
MT_OBJS := $(patsubst %.c,$(OUTPUT)/%.o,$(MT_SRCS))
MT := $(OUTPUT)/tests/mt

$(UNIT): $(TEST_OBJS) $(TEST_HELPER_OBJS) $(TEST_SIM_OBJS) $(LIB)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(TEST_OBJS) $(TEST_HELPER_OBJS) $(TEST_SIM_OBJS) $(LIB) \
		$(TEST_LDLIBS) $(CRITERION_LIB) -lm

$(MT): $(MT_OBJS) $(TEST_HELPER_OBJS) $(LIB)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(MT_OBJS) $(TEST_HELPER_OBJS) $(LIB) $(CRITERION_LIB) -lm

# what scripts/run-tests.sh builds in $(OUTPUT)/tsan and $(OUTPUT)/asan-ubsan
.PHONY: mt-bin unit-bin
mt-bin: all $(MT)
unit-bin: all $(UNIT)

# the sanitizers of this build, for the runner
TEST_SAN := $(strip $(if $(filter 1,$(ASAN)),asan) $(if $(filter 1,$(UBSAN)),ubsan) \
	    $(if $(filter 1,$(TSAN)),tsan))

test: all $(UNIT)
	$(Q)OUTPUT=$(OUTPUT) MAKE="$(MAKE)" TEST_ASAN=$(TEST_ASAN) TEST_SAN="$(TEST_SAN)" \
		scripts/run-tests.sh

all: $(ALL_TARGETS)

clean:
	$(Q)rm -rf $(OUTPUT)

-include $(shell find $(OUTPUT) -name '*.d' 2>/dev/null)
