// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim validate: the targeted cases, small hand-written scripts for the
 * edges a random script reaches rarely: an exact fill, one byte over, wraps,
 * discard chains, the CVE-2024-41009 overrun, BUSY records across steps,
 * flags, size edges, hostile consumers.
 */
#include <string.h>

#include "bpf/validate_internal.h"

/* ---- targeted cases: small hand-written scripts ---- */

struct tscript {
	struct session *s;
	struct batch b;
	bool open;
	bool ok;
};

static void t_begin(struct tscript *t)
{
	memset(&t->b, 0, sizeof(t->b));
	t->open = true;
}

static void t_end(struct tscript *t)
{
	t->open = false;
	if (t->ok)
		t->ok = run_batch(t->s, &t->b);
}

static struct val_op *t_op(struct tscript *t, __u32 kind)
{
	struct val_op *op = &t->b.ops[t->b.nops++];

	*op = (struct val_op){ .kind = kind, .pat_off = (t->b.nops * 131 + kind * 17) % 4096 };
	return op;
}

static void t_resv(struct tscript *t, __u32 slot, __u64 size, __u64 flags)
{
	struct val_op *op = t_op(t, VOP_RESERVE_DYN);

	op->slot = slot;
	op->size = size;
	op->flags = flags;
}

static void t_commit(struct tscript *t, __u32 slot, bool discard, __u64 flags)
{
	struct val_op *op = t_op(t, discard ? VOP_DISCARD_DYN : VOP_SUBMIT_DYN);

	op->slot = slot;
	op->flags = flags;
}

static void t_const(struct tscript *t, __u32 idx, __u64 flags, bool discard, __u64 rflags)
{
	struct val_op *op = t_op(t, VOP_RESERVE_PTR);

	op->slot = idx;
	op->flags = flags;
	op->size = discard;
	op->rflags = rflags;
}

static void t_output(struct tscript *t, __u64 size, __u64 flags)
{
	struct val_op *op = t_op(t, VOP_OUTPUT);

	op->size = size;
	op->flags = flags;
}

static void t_query_all(struct tscript *t)
{
	for (__u64 f = 0; f < 4; f++)
		t_op(t, VOP_QUERY)->flags = f;
}

static void t_pause(struct tscript *t)
{
	if (!t->s->pz)
		return;	/* without userfaultfd the steps run after the batch instead */
	t_op(t, VOP_PAUSE)->slot = t->b.npause++;
}

/* a consumer step: during the last pause if a batch is open, else on its own */
static void t_cons(struct tscript *t, int kind, __u64 arg)
{
	struct cons_step cs = { kind, arg };
	struct batch *b = &t->b;

	if (t->open && t->s->pz && b->npause && b->nops &&
	    b->ops[b->nops - 1].kind == VOP_PAUSE) {
		int p = b->npause - 1;

		if (b->npstep[p] < MAX_PAUSE_STEPS) {
			b->pstep[p][b->npstep[p]++] = cs;
			return;
		}
	}
	if (t->open)
		return;	/* no pause to hang it on: skipped */
	if (t->ok)
		t->ok = do_cons_step(t->s, &cs);
}

static void t_output1(struct tscript *t, __u64 size, __u64 flags)
{
	t_begin(t);
	t_output(t, size, flags);
	t_query_all(t);
	t_end(t);
}

static void case_exact_fill(struct tscript *t, size_t rs)
{
	t_output1(t, rs - 16, 0);	/* len = rs - 8: the largest record */
	t_output1(t, 0, 0);		/* no room left for even a header */
	t_begin(t);
	t_resv(t, 0, 0, 0);
	t_const(t, 0, 0, false, 0);
	t_commit(t, 0, false, 0);
	t_end(t);
	t_cons(t, CS_CONSUME, ~0ULL);
	/* fill with three records summing to exactly rs - 8 bytes */
	t_begin(t);
	t_output(t, rs / 4 - 8, 0);
	t_resv(t, 1, rs / 4 - 8, 0);
	t_resv(t, 2, rs / 2 - 16, 0);
	t_query_all(t);
	t_pause(t);
	t_cons(t, CS_CONSUME, ~0ULL);
	t_commit(t, 2, false, BPF_RB_FORCE_WAKEUP);
	t_output(t, 0, 0);
	t_commit(t, 1, false, BPF_RB_NO_WAKEUP);
	t_output(t, 0, 0);
	t_end(t);
	t_cons(t, CS_CONSUME, 1);
	t_output1(t, 0, 0);
	t_output1(t, rs / 4 - 16, 0);
	t_output1(t, 0, 0);
	t_cons(t, CS_CONSUME, ~0ULL);
}

static void case_one_over(struct tscript *t, size_t rs)
{
	static const __s64 d[] = { -17, -16, -15, -9, -8, -1, 0, 1 };

	for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
		t_output1(t, rs + d[i], 0);
		t_begin(t);
		t_resv(t, 0, rs + d[i], 0);
		t_query_all(t);
		t_commit(t, 0, i & 1, 0);
		t_end(t);
		t_cons(t, CS_CONSUME, ~0ULL);
	}
	/* a full ring refuses one more byte: partial fill, then the exact rest and one over */
	t_output1(t, rs / 2 - 8, 0);
	t_output1(t, rs / 2 - 15, 0);
	t_output1(t, rs / 2 - 16, 0);
	t_cons(t, CS_CONSUME, ~0ULL);
}

static void case_wrap(struct tscript *t, size_t rs)
{
	/* a record whose payload crosses the end of the data area */
	t_output1(t, rs - rs / 4, 0);
	t_cons(t, CS_CONSUME, ~0ULL);
	t_output1(t, rs / 2, 0);
	t_cons(t, CS_CONSUME, ~0ULL);
	/* a header in the last 8 bytes, its payload at the start */
	t_output1(t, rs - 24 - (rs - rs / 4 + rs / 2 + 16) % rs, 0);
	t_output1(t, 0, 0);
	t_cons(t, CS_CONSUME, ~0ULL);
	t_begin(t);
	t_resv(t, 0, 100, 0);
	t_resv(t, 1, rs / 2, 0);
	t_pause(t);
	t_cons(t, CS_CONSUME, ~0ULL);
	t_commit(t, 1, false, 0);
	t_pause(t);
	t_cons(t, CS_CONSUME, ~0ULL);
	t_commit(t, 0, false, 0);
	t_end(t);
	t_cons(t, CS_CONSUME, 1);
	t_cons(t, CS_CONSUME, ~0ULL);
	/* wrapping discarded and constant-size records */
	for (int i = 0; i < 12; i++) {
		t_begin(t);
		t_const(t, 4, 0, i & 1, 0);
		t_resv(t, 2, 3000 + i, 0);
		t_commit(t, 2, !(i & 1), 0);
		t_end(t);
		t_cons(t, CS_CONSUME, ~0ULL);
	}
}

static void case_discard_chain(struct tscript *t, size_t rs)
{
	(void)rs;
	t_begin(t);
	t_resv(t, 0, 40, 0);
	t_resv(t, 1, 24, 0);
	t_resv(t, 2, 8, 0);
	t_commit(t, 1, true, 0);
	t_pause(t);
	t_cons(t, CS_CONSUME, ~0ULL);	/* stops at slot 0, BUSY */
	t_commit(t, 0, true, 0);
	t_pause(t);
	t_cons(t, CS_CONSUME, ~0ULL);	/* skips two discarded, stops at slot 2 */
	t_const(t, 2, 0, true, 0);
	t_commit(t, 2, false, 0);
	t_query_all(t);
	t_end(t);
	t_cons(t, CS_CONSUME, ~0ULL);
	/* all discarded, in every order */
	static const int ord[6][3] = { { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 },
				       { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 } };
	for (int i = 0; i < 6; i++) {
		t_begin(t);
		for (int s = 0; s < 3; s++)
			t_resv(t, s, 16 * (s + 1) + i, 0);
		for (int j = 0; j < 3; j++) {
			t_commit(t, ord[i][j], j != i % 3, j);
			t_query_all(t);
		}
		t_output(t, 5, 0);
		t_end(t);
		t_cons(t, CS_CONSUME, 1);
	}
	t_cons(t, CS_CONSUME, ~0ULL);
}

/* CVE-2024-41009: a consumer_pos moved ahead must not let a reservation overlap a BUSY one */
static void case_overrun_2024(struct tscript *t, size_t rs)
{
	(void)rs;
	t_cons(t, CS_SET_ABS, 0x3000);
	t_begin(t);
	t_resv(t, 0, 0x3000, 0);	/* [0, 0x3008): allowed */
	t_resv(t, 1, 0x3000, 0);	/* would reach A's header through the second mapping */
	t_const(t, 4, 0, false, 0);	/* the same with plain bpf_ringbuf_reserve() */
	t_query_all(t);
	t_pause(t);
	t_cons(t, CS_CONSUME, ~0ULL);
	t_commit(t, 1, false, 0);
	t_commit(t, 0, false, 0);
	t_query_all(t);
	t_end(t);
	/* pending_pos catches up on the next reserve: now it fits */
	t_begin(t);
	t_const(t, 4, 0, false, 0);
	t_query_all(t);
	t_end(t);
	t_cons(t, CS_SET_PROD_REL, 0);
	t_output1(t, 8, 0);
	t_cons(t, CS_CONSUME, ~0ULL);
}

static void case_busy_across_steps(struct tscript *t, size_t rs)
{
	t_begin(t);
	t_resv(t, 0, 8, 0);
	t_output(t, 64, 0);
	t_pause(t);
	t_cons(t, CS_CONSUME, ~0ULL);		/* nothing: the first record is BUSY */
	t_cons(t, CS_SET_PROD_REL, 0);		/* a consumer jumping over it */
	t_query_all(t);
	/* only pending_pos holds the producers back now */
	for (int i = 0; i < 4; i++) {
		t_output(t, rs / 4 - 8, 0);
		t_pause(t);
		t_cons(t, CS_SET_PROD_REL, 0);
	}
	t_query_all(t);
	t_commit(t, 0, false, 0);
	t_output(t, rs / 4 - 8, 0);
	t_query_all(t);
	t_end(t);
	t_cons(t, CS_CONSUME, ~0ULL);
}

static void case_flags(struct tscript *t, size_t rs)
{
	static const __u64 f[] = { 0, BPF_RB_NO_WAKEUP, BPF_RB_FORCE_WAKEUP,
				   BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP, 4, 8, 1ULL << 32,
				   1ULL << 63, ~0ULL };
	static const __u64 q[] = { 0, 1, 2, 3, 4, 5, 0x100000001ULL, ~0ULL };
	size_t nf = sizeof(f) / sizeof(f[0]);

	(void)rs;
	for (size_t i = 0; i < nf; i++) {
		t_begin(t);
		t_resv(t, 0, 24, f[i]);
		t_const(t, 2, f[i], false, 0);
		t_output(t, 24, f[i]);
		t_resv(t, 1, 24, 0);
		t_resv(t, 2, 24, 0);
		t_commit(t, 1, false, f[i]);
		t_commit(t, 2, true, f[i]);
		t_commit(t, 0, false, f[i]);
		t_const(t, 1, 0, false, f[i]);
		t_const(t, 1, 0, true, f[i]);
		for (size_t j = 0; j < sizeof(q) / sizeof(q[0]); j++)
			t_op(t, VOP_QUERY)->flags = q[j];
		t_end(t);
		t_cons(t, CS_CONSUME, ~0ULL);
	}
}

static void case_size_edges(struct tscript *t, size_t rs)
{
	const __u64 dyn[] = { 0, 1, 7, 8, 9, PAGE_SIZE - 8, PAGE_SIZE - 1, PAGE_SIZE,
			      PAGE_SIZE + 1, rs - 17, rs - 16, rs - 15, rs - 8, rs, rs + 1,
			      DYNPTR_MAX_SIZE, DYNPTR_MAX_SIZE + 1, RINGBUF_MAX_RECORD_SZ,
			      RINGBUF_MAX_RECORD_SZ + 1ULL, 0xffffffffULL, 0x100000008ULL };

	for (size_t i = 0; i < sizeof(dyn) / sizeof(dyn[0]); i++) {
		t_begin(t);
		t_resv(t, i % 3, dyn[i], 0);
		t_query_all(t);
		t_commit(t, i % 3, i & 1, 0);
		if (dyn[i] <= VAL_FILL_MAX)
			t_output(t, dyn[i], 0);
		t_end(t);
		t_cons(t, CS_CONSUME, ~0ULL);
	}
	for (int c = 0; c < VAL_NR_CONST; c++) {
		t_begin(t);
		t_const(t, c, 0, c & 1, 0);
		t_query_all(t);
		t_end(t);
		t_cons(t, CS_CONSUME, ~0ULL);
	}
	t_output1(t, VAL_FILL_MAX, 0);
}

static void case_hostile(struct tscript *t, size_t rs)
{
	static const __u64 abs_pos[] = { ~0ULL, 1ULL << 63, ~0ULL - 0x2fff, 4, 0 };

	t_output1(t, 100, 0);
	t_output1(t, 200, 0);
	for (size_t i = 0; i < sizeof(abs_pos) / sizeof(abs_pos[0]); i++) {
		t_cons(t, CS_SET_ABS, abs_pos[i]);
		t_output1(t, 64, 0);
		t_begin(t);
		t_resv(t, 0, rs / 2, 0);
		t_commit(t, 0, false, 0);
		t_end(t);
		t_cons(t, CS_CONSUME, ~0ULL);
	}
	/* rewound: an old record is read again */
	t_cons(t, CS_SET_PROD_REL, -(__u64)(rs / 2));
	t_cons(t, CS_CONSUME, ~0ULL);
	t_cons(t, CS_SET_PROD_REL, -4);			/* misaligned: garbage headers */
	t_cons(t, CS_CONSUME, ~0ULL);
	t_cons(t, CS_SET_PROD_REL, rs);			/* a full ring ahead */
	t_output1(t, rs - 16, 0);
	t_cons(t, CS_SET_PROD_REL, 0);
	t_output1(t, 8, 0);
	t_cons(t, CS_CONSUME, ~0ULL);
}

const struct tcase tcases[] = {
	{ "exact-fill", 0x4000, case_exact_fill, 0 },
	{ "one-byte-over", 0x4000, case_one_over, 0 },
	{ "wrap", 0x4000, case_wrap, 0 },
	{ "wrap-one-page", 0x1000, case_wrap, 0 },
	{ "discard-chains", 0x4000, case_discard_chain, 0 },
	{ "overrun-2024", 0x4000, case_overrun_2024, 0 },
	{ "busy-across-steps", 0x4000, case_busy_across_steps, 0 },
	{ "flags", 0x1000, case_flags, 0 },
	{ "size-edges", 0x4000, case_size_edges, 0 },
	{ "size-edges-one-page", 0x1000, case_size_edges, 0 },
	{ "hostile-consumer", 0x4000, case_hostile, 0 },
	{ "random-one-page", 0x1000, NULL, 1000 },
	{ "random-256k", VAL_FILL_MAX, NULL, 500 },
};

const size_t nr_tcases = sizeof(tcases) / sizeof(tcases[0]);

bool run_case(struct session *s, const struct tcase *tc)
{
	struct tscript t = { .s = s, .ok = true };

	if (tc->fn)
		tc->fn(&t, tc->ring);
	else
		t.ok = run_random(s, tc->random_steps);
	return t.ok;
}
