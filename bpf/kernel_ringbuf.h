/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim --transport kernel-ringbuf: what the producer threads and the BPF
 * program (kernel_ringbuf.bpf.c) share. Each producer owns one slot of the
 * mmap()able array map `slots`: it writes the batch's sizes and its next
 * seq, triggers the program (a getpgid() seen by a tracepoint or raw_tp, or
 * BPF_PROG_TEST_RUN), and reads back what the batch did. The trigger is a
 * system call, which orders the two sides.
 *
 * Included from BPF code (after vmlinux.h) and from userspace (after
 * <linux/types.h>).
 */
#ifndef RBSIM_BPF_KERNEL_RINGBUF_H
#define RBSIM_BPF_KERNEL_RINGBUF_H

#define KRB_MAX_BATCH	4096		/* records per trigger */
#define KRB_MAX_SIZE	16384		/* largest sample, built in the slot's scratch */
#define KRB_PID_BASE	0x40000000u	/* getpgid(KRB_PID_BASE + id): above any pid_max */

/* discard mark in sizes[], as RBSIM_BATCH_DISCARD */
#define KRB_DISCARD	(1u << 31)

enum krb_wakeup { KRB_WAKEUP_ADAPTIVE, KRB_WAKEUP_NONE, KRB_WAKEUP_FORCE, KRB_WAKEUP_AVAIL };

struct krb_slot {
	/* in */
	__u32 n;		/* records in this batch */
	__u32 id;		/* producer id, the record's producer field */
	__u64 seq;		/* in: next seq; out: advanced per committed record */
	/* out, reset by the producer before each trigger */
	__u64 committed, discarded, drop_no_space, drop_too_big, bytes;
	__u64 runs;		/* batches the program ran for this slot (never reset) */
	__u32 sizes[KRB_MAX_BATCH];
	/* the record is built here, then copied into the reservation */
	__u8 scratch[KRB_MAX_SIZE + 8];
};

/* BPF_PROG_TEST_RUN context of --trigger test-run */
struct krb_ctx {
	__u32 id;
	__u32 pad;
};

#endif /* RBSIM_BPF_KERNEL_RINGBUF_H */
