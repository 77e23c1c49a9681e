# SPDX-License-Identifier: GPL-2.0-only
# sim/: the rbsim command (every sim/*.c is linked into build/rbsim)
SIM_SRCS := $(wildcard sim/*.c)
RBSIM_OBJS += $(patsubst %.c,$(OUTPUT)/%.o,$(SIM_SRCS))
# the consumer's verifier, also linked into the unit tests (tests/sim/test_verify.c)
TEST_SIM_OBJS += $(OUTPUT)/sim/verify.o $(OUTPUT)/sim/hist.o
