/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim validate --concurrent: several threads drive the kernel's ring buffer
 * at once (validate_concurrent.bpf.c through BPF_PROG_TEST_RUN) while
 * libbpf's ring_buffer consumer checks every record: nothing lost, nothing
 * reordered within a producer, nothing corrupted, no discarded record
 * delivered.
 *
 * First the stamped records the BPF program writes and the rules both the
 * program and the user-space checker derive them from: included from BPF code
 * (after vmlinux.h) and from userspace (after <linux/types.h>).
 */
#ifndef RBSIM_BPF_VALIDATE_CONCURRENT_H
#define RBSIM_BPF_VALIDATE_CONCURRENT_H

#define STAMP_MAX_PAYLOAD 56

/* one record: a header, then len payload bytes */
struct stamp_rec {
	__u32 producer;
	__u32 len;	/* payload bytes */
	__u64 seq;	/* per producer, +1 per reservation that succeeded */
	__u64 sum;	/* stamp_sum() of the fields above and the payload */
};

/* BPF_PROG_TEST_RUN context, read and written back by the program */
struct stamp_ctx {
	__u32 producer;
	__u32 count;		/* records to attempt in this run */
	__u64 seq;		/* next sequence number (in/out) */
	__u64 submitted;	/* out, accumulated */
	__u64 discarded;
	__u64 drops;		/* reservations refused */
};

static inline __u32 stamp_len(__u64 seq)
{
	return (__u32)((seq * 13) % (STAMP_MAX_PAYLOAD + 1));
}

/* one reservation in eight is discarded: the consumer must never see it */
static inline int stamp_discarded(__u64 seq)
{
	return seq % 8 == 5;
}

static inline __u8 stamp_byte(__u32 producer, __u64 seq, __u32 j)
{
	return (__u8)(seq * 31 + j * 7 + producer * 131);
}

static inline __u64 stamp_mix(__u64 h, __u64 v)
{
	return (h ^ v) * 0x100000001b3ULL;
}

#ifndef __VMLINUX_H__
/* ---- the command's part (validate_concurrent.c) ---- */

#include <stdbool.h>

/*
 * producers 0: online CPUs, at least 2 (at most RBSIM_VALIDATE_MAX_PRODUCERS, the
 * command's bound: sim/kernel_cmds.h). inject N > 0: the checker ignores
 * the N-th record it is handed, as if the ring had lost it (the proof that
 * a loss is caught). Returns an rbsim exit status.
 */
int validate_concurrent(const char *cmd, unsigned long producers, unsigned long records,
			unsigned long inject, bool verbose);
#endif /* !__VMLINUX_H__ */

#endif /* RBSIM_BPF_VALIDATE_CONCURRENT_H */
