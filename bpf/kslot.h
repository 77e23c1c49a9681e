/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim --transport kernel-ringbuf and kernel-perfbuf: the producer slot that
 * the producer threads share with the BPF producer (kernel_ringbuf.bpf.c,
 * kernel_perfbuf.bpf.c). Each producer owns one slot of the mmap()able array
 * map `slots`: it writes the batch's sizes and its next seq, triggers the
 * program (a getpgid() seen by a tracepoint or raw_tp, or
 * BPF_PROG_TEST_RUN), and reads back what the batch did. The trigger is a
 * system call, which orders the two sides.
 *
 * Included from BPF code (after vmlinux.h) and from userspace (after
 * <linux/types.h>).
 */
#ifndef RBSIM_BPF_KSLOT_H
#define RBSIM_BPF_KSLOT_H

#define KSLOT_MAX_BATCH	4096		/* records per trigger */
#define KSLOT_MAX_SIZE	16384		/* largest sample, built in the slot's scratch */
#define KSLOT_FILL_BYTES 512		/* a step of the pattern's words (kslot.bpf.h) */

/* discard mark in sizes[], as RBSIM_BATCH_DISCARD */
#define KSLOT_DISCARD	(1u << 31)

struct kslot {
	/* in */
	__u32 n;		/* records in this batch */
	__u32 id;		/* producer id, the record's producer field */
	__u64 seq;		/* in: next seq; out: advanced per committed record */
	/* out, reset by the producer before each trigger */
	__u64 committed, discarded, drop_no_space, drop_too_big, bytes;
	__u64 runs;		/* batches the program ran for this slot (never reset) */
	__u32 last_cpu;		/* the CPU the last batch ran on */
	__u32 pad;
	/* cfg_stamp: bpf_ktime_get_ns() before the first record and after the last */
	__u64 t_first, t_last;
	__u32 sizes[KSLOT_MAX_BATCH];
	/*
	 * the record is built here, then copied into the buffer; +8: the last
	 * word's spill, and a step's worth of words (kslot.bpf.h's
	 * kslot_fill_step()) that the verifier may count on
	 */
	__u8 scratch[KSLOT_MAX_SIZE + 8 + KSLOT_FILL_BYTES];
};

#endif /* RBSIM_BPF_KSLOT_H */
