# SPDX-License-Identifier: GPL-2.0-only
# sim/: the rbsim command (every sim/*.c is linked into build/rbsim; nokernel.c only
# without bpf/, where it stands for the kernel commands and transports)
SIM_SRCS := $(filter-out $(if $(filter 1,$(KERNEL)),sim/nokernel.c),$(wildcard sim/*.c))
RBSIM_OBJS += $(patsubst %.c,$(OUTPUT)/%.o,$(SIM_SRCS))
# the consumer's verifier, the option parser, the workload's schedules, the
# virtual-time engine, the port transport and its calibration (profiles, their
# charges), a transport driven by hand and the model's probes, linked into the
# unit tests, and into the TSan binary (its tests of the probes' threads)
SIM_TEST_OBJS := $(OUTPUT)/sim/verify.o $(OUTPUT)/sim/hist.o $(OUTPUT)/sim/options.o \
		 $(OUTPUT)/sim/options_help.o $(OUTPUT)/sim/json.o $(OUTPUT)/sim/profile.o \
		 $(OUTPUT)/sim/preempt.o $(OUTPUT)/sim/irqstat.o \
		 $(OUTPUT)/sim/inject.o $(OUTPUT)/sim/transport.o $(OUTPUT)/sim/transport_ringbuf.o \
		 $(OUTPUT)/sim/transport_ringbuf_cons.o $(OUTPUT)/sim/transport_ringbuf_nmi.o \
		 $(OUTPUT)/sim/workload.o $(OUTPUT)/sim/arrivals.o $(OUTPUT)/sim/rings.o \
		 $(OUTPUT)/sim/engine_stats.o $(OUTPUT)/sim/regime.o $(patsubst %.c,$(OUTPUT)/%.o,$(wildcard sim/vtime*.c)) \
		 $(OUTPUT)/sim/machine.o $(OUTPUT)/sim/model.o $(OUTPUT)/sim/model_vtime.o \
		 $(OUTPUT)/sim/reserve.o $(OUTPUT)/sim/model_compare.o \
		 $(OUTPUT)/sim/engine.o $(OUTPUT)/sim/engine_threads.o $(OUTPUT)/sim/run_parse.o \
		 $(OUTPUT)/sim/run_opts.o $(OUTPUT)/sim/report.o $(OUTPUT)/sim/report_text.o \
		 $(OUTPUT)/sim/drive.o $(OUTPUT)/sim/model_probe.o
TEST_SIM_OBJS += $(SIM_TEST_OBJS)
MT_SIM_OBJS += $(SIM_TEST_OBJS)
# what a build without bpf/ says was missing (KERNEL_WHY, from the top Makefile)
$(OUTPUT)/sim/kernel_check.o: CFLAGS += -DRBSIM_KERNEL_WHY='"$(KERNEL_WHY)"'
