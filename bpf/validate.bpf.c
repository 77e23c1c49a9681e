// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim validate, kernel side: an interpreter of producer ops (validate.h)
 * run with BPF_PROG_TEST_RUN. Each run executes ops[0..nops) on the real
 * BPF_MAP_TYPE_RINGBUF and writes one result per op into res[].
 *
 * The verifier must know at every point which reservations are held, so the
 * held state lives in variables (h0..h2) that only ever take literal values;
 * the loop is an open-coded bpf_iter_num so the verifier converges on the
 * held-state combinations instead of walking every iteration. The verifier
 * tells reference orders apart, so states grow with the orderings of held
 * slots: 3 slots verify in about 55k instructions, 4 exceed the 1M limit. All
 * reservations still held when the ops run out are discarded before exit:
 * the verifier allows no reference to outlive the program, so records can
 * stay BUSY across user-space steps only inside one run, while it is parked
 * in a VOP_PAUSE page fault.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include "bpf/validate.h"

char LICENSE[] SEC("license") = "GPL";

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __ksym;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);	/* set by the loader */
} rb SEC(".maps");

struct val_op ops[VAL_MAX_OPS];
__s64 res[VAL_MAX_OPS];
__u32 nops;
__u32 done;		/* ops finished, read by user space while the run is paused */
__u64 pause_base;	/* user address of the userfaultfd pages, one per pause */
__u8 pat[VAL_PAT_SIZE];

#define WRITE_ONCE_U32(x, v) (*(volatile __u32 *)&(x) = (v))

/* fill a fresh dynptr reservation; 0 or VRES_FILL_FAIL */
static __always_inline __s64 fill_dyn(struct bpf_dynptr *d, __u64 size, __u32 off)
{
	off &= VAL_PAT_PERIOD - 1;
	if (size > VAL_FILL_MAX)
		return VRES_FILL_FAIL;
	if (!size)
		return 0;
	return bpf_dynptr_write(d, 0, &pat[off], size, 0) ? VRES_FILL_FAIL : 0;
}

#define RESERVE_DYN(d, h)						\
	do {								\
		if (h) {						\
			r = VRES_SLOT_BUSY;				\
			break;						\
		}							\
		r = bpf_ringbuf_reserve_dynptr(&rb, size, flags, &(d));	\
		h = 1;	/* held even on failure: the verifier wants a release */ \
		if (!r)							\
			r = fill_dyn(&(d), size, op->pat_off);		\
	} while (0)

#define RESOLVE_DYN(d, h, discard)					\
	do {								\
		if (!(h)) {						\
			r = VRES_SLOT_EMPTY;				\
			break;						\
		}							\
		if (discard)						\
			bpf_ringbuf_discard_dynptr(&(d), flags);	\
		else							\
			bpf_ringbuf_submit_dynptr(&(d), flags);		\
		h = 0;							\
		r = 0;							\
	} while (0)

/*
 * one plain-reserve call site per constant size; the payload is copied in
 * whole and the record resolved at once (op->size: 0 submit, else discard)
 */
#define RESERVE_CONST(sz)						\
	do {								\
		void *p = bpf_ringbuf_reserve(&rb, (sz), flags);	\
		if (!p) {						\
			r = 0;						\
			break;						\
		}							\
		r = 1;							\
		if ((sz) && (sz) <= VAL_CONST_FILL_MAX &&		\
		    bpf_probe_read_kernel(p, (sz) <= VAL_CONST_FILL_MAX ? (sz) : 1, \
					  &pat[op->pat_off & (VAL_PAT_PERIOD - 1)])) \
			r = VRES_FILL_FAIL;				\
		if (size)						\
			bpf_ringbuf_discard(p, op->rflags);		\
		else							\
			bpf_ringbuf_submit(p, op->rflags);			\
	} while (0)

SEC("syscall")
int run_ops(void *ctx)
{
	struct bpf_dynptr d0, d1, d2;
	int h0 = 0, h1 = 0, h2 = 0;
	struct bpf_iter_num it;
	int *v;

	bpf_iter_num_new(&it, 0, VAL_MAX_OPS);
	while ((v = bpf_iter_num_next(&it))) {
		__u32 i = *v;
		struct val_op *op;
		__u64 size, flags;
		__s64 r = VRES_BAD_OP;
		char tmp;

		if (i >= VAL_MAX_OPS || i >= nops)
			break;
		op = &ops[i];
		size = op->size;
		flags = op->flags;

		switch (op->kind) {
		case VOP_NOP:
			r = 0;
			break;
		case VOP_RESERVE_DYN:
			switch (op->slot) {
			case 0: RESERVE_DYN(d0, h0); break;
			case 1: RESERVE_DYN(d1, h1); break;
			case 2: RESERVE_DYN(d2, h2); break;
			}
			break;
		case VOP_SUBMIT_DYN:
		case VOP_DISCARD_DYN:
			switch (op->slot) {
			case 0: RESOLVE_DYN(d0, h0, op->kind == VOP_DISCARD_DYN); break;
			case 1: RESOLVE_DYN(d1, h1, op->kind == VOP_DISCARD_DYN); break;
			case 2: RESOLVE_DYN(d2, h2, op->kind == VOP_DISCARD_DYN); break;
			}
			break;
		case VOP_RESERVE_PTR:
			switch (op->slot) {
			case 0: RESERVE_CONST(0); break;
			case 1: RESERVE_CONST(1); break;
			case 2: RESERVE_CONST(8); break;
			case 3: RESERVE_CONST(4088); break;
			case 4: RESERVE_CONST(0x3000); break;
			case 5: RESERVE_CONST(0x3fffffff); break;
			case 6: RESERVE_CONST(0x40000000); break;
			}
			break;
		case VOP_OUTPUT:
			if (size > VAL_FILL_MAX) {
				r = VRES_FILL_FAIL;
				break;
			}
			r = bpf_ringbuf_output(&rb, &pat[op->pat_off & (VAL_PAT_PERIOD - 1)], size,
					       flags);
			break;
		case VOP_QUERY:
			r = bpf_ringbuf_query(&rb, flags);
			break;
		case VOP_PAUSE:
			/* publish progress, then fault on a page user space holds back */
			WRITE_ONCE_U32(done, i);
			r = bpf_copy_from_user(&tmp, 1,
					       (void *)(pause_base +
							(op->slot % VAL_MAX_PAUSES) * 4096));
			break;
		}
		res[i] = r;
		WRITE_ONCE_U32(done, i + 1);
	}
	bpf_iter_num_destroy(&it);

	/* the script resolves everything; these keep the verifier's books */
	if (h0)
		bpf_ringbuf_discard_dynptr(&d0, 0);
	if (h1)
		bpf_ringbuf_discard_dynptr(&d1, 0);
	if (h2)
		bpf_ringbuf_discard_dynptr(&d2, 0);
	return 0;
}
