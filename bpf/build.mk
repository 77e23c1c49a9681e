# SPDX-License-Identifier: GPL-2.0-only
# bpf/: BPF programs (*.bpf.c) and their userspace loaders (the other *.c).
# The libbpf way: vmlinux.h from the running kernel's BTF with bpftool (replaced
# only when it changes), clang -target bpf, skeletons with bpftool gen skeleton.
# Everything generated goes under $(OUTPUT)/bpf; nothing is committed.
# Only with KERNEL=1 (see the top Makefile): without it rbsim has no bpf/ at all.
ifeq ($(KERNEL),1)

BPF_OUT := $(OUTPUT)/bpf
VMLINUX_H := $(BPF_OUT)/vmlinux.h
BPF_ARCH := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(BPF_ARCH) -Wall -Werror -I$(BPF_OUT) -I. -MMD -MP

BPF_SRCS := $(wildcard bpf/*.bpf.c)
BPF_OBJS := $(patsubst bpf/%.bpf.c,$(BPF_OUT)/%.bpf.o,$(BPF_SRCS))
BPF_SKELS := $(patsubst bpf/%.bpf.c,$(BPF_OUT)/%.skel.h,$(BPF_SRCS))
BPF_USER_SRCS := $(filter-out %.bpf.c,$(wildcard bpf/*.c))
BPF_USER_OBJS := $(patsubst %.c,$(OUTPUT)/%.o,$(BPF_USER_SRCS))

.PHONY: vmlinux-force
$(VMLINUX_H): vmlinux-force | $(DEPS_STAMP)
	$(Q)mkdir -p $(@D)
	$(Q)$(BPFTOOL) btf dump file $(VMLINUX_BTF) format c > $@.tmp
	$(Q)if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; echo "  GEN      $@"; fi

# headers a program includes are tracked by clang's -MMD (the .d files the top Makefile reads)
$(BPF_OUT)/%.bpf.o: bpf/%.bpf.c $(VMLINUX_H) $(wildcard bpf/*.h)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BPF_OUT)/%.skel.h: $(BPF_OUT)/%.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< > $@

$(BPF_USER_OBJS): CFLAGS += -I$(BPF_OUT)
$(BPF_USER_OBJS): $(BPF_SKELS)

ALL_TARGETS += $(BPF_OBJS)
RBSIM_OBJS += $(BPF_USER_OBJS)
ifneq ($(strip $(BPF_USER_SRCS)),)
RBSIM_LDLIBS += -lbpf -lelf -lz
endif
endif
