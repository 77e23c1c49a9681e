/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim --transport kernel-ringbuf: what the producer threads and the BPF
 * program (kernel_ringbuf.bpf.c) share on top of the producer slot
 * (kslot.h).
 *
 * Included from BPF code (after vmlinux.h) and from userspace (after
 * <linux/types.h>).
 */
#ifndef RBSIM_BPF_KERNEL_RINGBUF_H
#define RBSIM_BPF_KERNEL_RINGBUF_H

#include "bpf/kslot.h"

#define KRB_PID_BASE	0x40000000u	/* getpgid(KRB_PID_BASE + id): above any pid_max */

enum krb_wakeup { KRB_WAKEUP_ADAPTIVE, KRB_WAKEUP_NONE, KRB_WAKEUP_FORCE, KRB_WAKEUP_AVAIL };

/* BPF_PROG_TEST_RUN context of --trigger test-run */
struct krb_ctx {
	__u32 id;
	__u32 pad;
};

#endif /* RBSIM_BPF_KERNEL_RINGBUF_H */
