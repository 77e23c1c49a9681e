/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim --transport kernel-perfbuf: what the producer threads and the BPF
 * program (perfbuf_kernel.bpf.c) share. Each producer owns one slot of the
 * mmap()able array map `slots`: it writes the batch's sizes and its next
 * seq, triggers the program (a getpgid() seen by a tracepoint or raw_tp, or
 * BPF_PROG_TEST_RUN of a raw_tp program on the current CPU), and reads back
 * what the batch did. The trigger is a system call, which orders the two
 * sides.
 *
 * Included from BPF code (after vmlinux.h) and from userspace (after
 * <linux/types.h>).
 */
#ifndef RBSIM_BPF_PERFBUF_KERNEL_H
#define RBSIM_BPF_PERFBUF_KERNEL_H

#define KPB_MAX_BATCH	4096		/* records per trigger */
#define KPB_MAX_SIZE	16384		/* largest sample, built in the slot's scratch */
#define KPB_PID_BASE	0x50000000u	/* getpgid(KPB_PID_BASE + id): above any pid_max */

/* discard mark in sizes[], as RBSIM_BATCH_DISCARD */
#define KPB_DISCARD	(1u << 31)

struct kpb_slot {
	/* in */
	__u32 n;		/* records in this batch */
	__u32 id;		/* producer id, the record's producer field */
	__u64 seq;		/* in: next seq; out: advanced per committed record */
	/* out, reset by the producer before each trigger */
	__u64 committed, discarded, drop_no_space, drop_too_big, bytes;
	__u64 runs;		/* batches the program ran for this slot (never reset) */
	__u32 last_cpu;		/* the CPU the last batch ran on */
	__u32 pad;
	__u32 sizes[KPB_MAX_BATCH];
	/*
	 * The record is built here, then copied by bpf_perf_event_output();
	 * room past KPB_MAX_SIZE for the header (up to 32 bytes) before the
	 * pattern words and the last word's spill.
	 */
	__u8 scratch[KPB_MAX_SIZE + 64];
};

#endif /* RBSIM_BPF_PERFBUF_KERNEL_H */
