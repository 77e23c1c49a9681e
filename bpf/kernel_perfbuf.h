/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim --transport kernel-perfbuf: what the producer threads and the BPF
 * program (kernel_perfbuf.bpf.c) share on top of the producer slot
 * (kslot.h). Its --trigger test-run is BPF_PROG_TEST_RUN of a raw_tp program
 * on the current CPU, args[0] the producer id.
 *
 * Included from BPF code (after vmlinux.h) and from userspace (after
 * <linux/types.h>).
 */
#ifndef RBSIM_BPF_KERNEL_PERFBUF_H
#define RBSIM_BPF_KERNEL_PERFBUF_H

#include "bpf/kslot.h"

#define KPB_PID_BASE	0x50000000u	/* getpgid(KPB_PID_BASE + id): above any pid_max */

#endif /* RBSIM_BPF_KERNEL_PERFBUF_H */
