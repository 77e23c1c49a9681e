# SPDX-License-Identifier: GPL-2.0-only
# The conventions of a C tool, included at the end of the Makefile (after the
# rules it refers to): `rbsim --version`'s git description, make install and
# make uninstall, and the tests of tests/cli/ that check them.

# ---- --version: the release and the tree's git description, as -D defines of
# sim/main.o; $(OUTPUT)/.version remembers them, so main.o is rebuilt when the
# description changes (a commit, a tree made dirty or clean again) ----
RBSIM_VERSION := 0.1
ifeq ($(origin RBSIM_GIT),undefined)
RBSIM_GIT := $(shell scripts/git-version.sh $(CURDIR))
endif
VERSION_STAMP := $(OUTPUT)/.version
ifneq ($(file <$(VERSION_STAMP)),$(RBSIM_VERSION) $(RBSIM_GIT))
$(shell mkdir -p $(OUTPUT))
$(file >$(VERSION_STAMP),$(RBSIM_VERSION) $(RBSIM_GIT))
endif
$(VERSION_STAMP):
$(OUTPUT)/sim/main.o: $(VERSION_STAMP)
$(OUTPUT)/sim/main.o: CFLAGS += -DRBSIM_VERSION='"$(RBSIM_VERSION)"' -DRBSIM_GIT='"$(RBSIM_GIT)"'

# ---- tests/cli/: linked into the unit tests (tests/test_*.c is all the
# Makefile takes today; the filter keeps them once when it takes more) ----
CLI_TEST_SRCS := $(filter-out $(TEST_SRCS),$(wildcard tests/cli/test_*.c))
CLI_TEST_OBJS := $(patsubst %.c,$(OUTPUT)/%.o,$(CLI_TEST_SRCS))
TEST_OBJS += $(CLI_TEST_OBJS)
$(UNIT): $(CLI_TEST_OBJS)
$(OUTPUT)/tests/cli/test_conventions.o: CFLAGS += -DRBSIM_VERSION='"$(RBSIM_VERSION)"'
