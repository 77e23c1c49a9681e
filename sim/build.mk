# SPDX-License-Identifier: GPL-2.0-only
# sim/: the rbsim command (every sim/*.c is linked into build/rbsim)
SIM_SRCS := $(wildcard sim/*.c)
RBSIM_OBJS += $(patsubst %.c,$(OUTPUT)/%.o,$(SIM_SRCS))
# the consumer's verifier and the option parser, also linked into the unit tests
TEST_SIM_OBJS += $(OUTPUT)/sim/verify.o $(OUTPUT)/sim/hist.o $(OUTPUT)/sim/options.o \
		 $(OUTPUT)/sim/options_help.o
