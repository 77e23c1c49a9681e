/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim validate: the producer op script shared by the BPF interpreter
 * (validate.bpf.c, run with BPF_PROG_TEST_RUN) and the port's interpreter
 * (validate.c). Both sides read the same struct val_op array and write one
 * result per op; after every step validate.c compares the results, the
 * positions and the whole data area.
 *
 * Included from BPF code (after vmlinux.h) and from userspace (after
 * <linux/types.h>): only __u32/__u64/__s64 here.
 */
#ifndef RBSIM_BPF_VALIDATE_H
#define RBSIM_BPF_VALIDATE_H

#define VAL_SLOTS	3		/* dynptr reservations outstanding at once */
#define VAL_MAX_OPS	64		/* producer ops per program run */
#define VAL_MAX_PAUSES	8		/* pause points per program run */
#define VAL_PAT_PERIOD	4096		/* payloads start at pat[pat_off < this] */
#define VAL_FILL_MAX	(256 * 1024)	/* largest payload filled = largest ring allowed */
#define VAL_PAT_SIZE	(VAL_PAT_PERIOD + VAL_FILL_MAX)

enum val_op_kind {
	VOP_NOP,
	VOP_RESERVE_DYN,	/* bpf_ringbuf_reserve_dynptr(size, flags) into dynptr slot */
	VOP_SUBMIT_DYN,		/* bpf_ringbuf_submit_dynptr(slot, flags) */
	VOP_DISCARD_DYN,	/* bpf_ringbuf_discard_dynptr(slot, flags) */
	VOP_RESERVE_PTR,	/* bpf_ringbuf_reserve(const size #slot, flags), then submit
				 * (size 0) or discard (size 1) it with rflags */
	VOP_OUTPUT,		/* bpf_ringbuf_output(pat + pat_off, size, flags) */
	VOP_QUERY,		/* bpf_ringbuf_query(flags) */
	VOP_PAUSE,		/* block in a userfaultfd page fault: user space takes steps */
	VOP__COUNT
};

/*
 * Verdicts of the interpreters themselves (not helper results): a reserve
 * into a slot still held, a resolve of an empty slot, an unknown op.
 */
#define VRES_SLOT_BUSY	(-1000)
#define VRES_SLOT_EMPTY	(-1001)
#define VRES_BAD_OP	(-1002)
#define VRES_FILL_FAIL	(-1003)

struct val_op {
	__u32 kind;	/* enum val_op_kind */
	__u32 slot;	/* dynptr slot, constant-size index (RESERVE_PTR), pause page */
	__u64 size;	/* run-time size (RESERVE_DYN truncates it to u32, as the helper) */
	__u64 flags;
	__u64 rflags;	/* RESERVE_PTR: flags of the submit or discard that follows */
	__u32 pat_off;	/* payload bytes are pat[pat_off ...] */
	__u32 pad;
};

/*
 * Sizes of the plain bpf_ringbuf_reserve() call sites (the helper takes a
 * verifier constant): empty, tiny, one record per page, the CVE-2024-41009
 * size, RINGBUF_MAX_RECORD_SZ and one byte above it.
 */
#define VAL_NR_CONST 7
#define VAL_CONST_SIZES { 0, 1, 8, 4088, 0x3000, 0x3fffffff, 0x40000000 }
#define VAL_CONST_FILL_MAX 0x3000	/* call sites up to this size fill their payload */

/* the byte at pattern index i; the same function fills both sides */
static inline __u8 val_pat_byte(__u32 i)
{
	__u32 x = i * 0x9e3779b1u;

	return (__u8)((x >> 24) ^ (i >> 12) ^ 0x5a);
}

#endif /* RBSIM_BPF_VALIDATE_H */
