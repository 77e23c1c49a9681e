// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim validate: the random script. A seeded generator picks batches of
 * producer ops (sizes at the edges, odd flags, pauses with consumer steps in
 * them, the interpreters' own verdicts) and consumer steps, hostile ones
 * included, for --steps compared steps.
 */
#include <string.h>

#include "bpf/validate_internal.h"

/* ---- the random script ---- */

struct gen {
	__u64 x;
	size_t size;
	bool pauses;
	bool hostile_pending;	/* a hostile consumer_pos is in place */
};

static __u64 rnd(struct gen *g)
{
	/* splitmix64 */
	__u64 z = (g->x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static __u64 below(struct gen *g, __u64 n)
{
	return n ? rnd(g) % n : 0;
}

static __u64 pick_size(struct gen *g, bool dynptr)
{
	static const __u64 huge[] = { DYNPTR_MAX_SIZE, DYNPTR_MAX_SIZE + 1, RINGBUF_MAX_RECORD_SZ,
				      RINGBUF_MAX_RECORD_SZ + 1ULL, 0xffffffffULL,
				      0x100000000ULL + 16 /* u32 truncation */ };
	size_t rs = g->size;

	switch (below(g, 20)) {
	case 0:
		return 0;
	case 1: case 2: case 3: case 4:
		return 1 + below(g, 16);
	case 5: case 6:
		return 17 + below(g, 240);
	case 7:
		return PAGE_SIZE - 24 + below(g, 48);
	case 8: case 9:
		return below(g, rs / 4);
	case 10:
		return below(g, rs / 2);
	case 11:
		return rs - 32 + below(g, 32);	/* rs - 16 is the largest that fits */
	case 12:
		return rs - 8 + below(g, 64);
	case 13:
		return rs + below(g, rs);
	case 14:
		if (dynptr)
			return huge[below(g, sizeof(huge) / sizeof(huge[0]))];
		return VAL_FILL_MAX - below(g, 16);
	default:
		return 8 + below(g, 120);
	}
}

static __u64 pick_commit_flags(struct gen *g)
{
	static const __u64 f[] = { 0, 0, 0, 0, BPF_RB_NO_WAKEUP, BPF_RB_FORCE_WAKEUP,
				   BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP, 4, 1ULL << 63, ~0ULL };

	return below(g, 12) ? f[below(g, sizeof(f) / sizeof(f[0]))] : rnd(g);
}

static __u64 pick_reserve_flags(struct gen *g)
{
	static const __u64 f[] = { 1, 2, 3, 1ULL << 32, ~0ULL };

	return below(g, 16) ? 0 : f[below(g, sizeof(f) / sizeof(f[0]))];
}

static __u64 pick_query_flags(struct gen *g)
{
	static const __u64 f[] = { BPF_RB_AVAIL_DATA, BPF_RB_RING_SIZE, BPF_RB_CONS_POS,
				   BPF_RB_PROD_POS, 4, 5, (1ULL << 32) | 1, ~0ULL };

	return f[below(g, sizeof(f) / sizeof(f[0]))];
}

static void gen_cons_step(struct gen *g, struct cons_step *cs)
{
	static const __u64 odd_abs[] = { 0, 0x3000, 1ULL << 63, ~0ULL, ~0ULL - 7, 4 };
	unsigned int r = below(g, 100);

	if (g->hostile_pending && r < 60) {
		/* put the consumer back where a sane one would be */
		*cs = (struct cons_step){ CS_SET_PROD_REL, 0 };
		g->hostile_pending = false;
		return;
	}
	if (r < 82) {
		static const __u64 k[] = { 1, 1, 2, 3, 5, ~0ULL, ~0ULL };

		*cs = (struct cons_step){ CS_CONSUME, k[below(g, sizeof(k) / sizeof(k[0]))] };
		return;
	}
	g->hostile_pending = true;
	switch (below(g, 6)) {
	case 0:	/* skip everything, BUSY records included */
		*cs = (struct cons_step){ CS_SET_PROD_REL, 0 };
		g->hostile_pending = false;
		break;
	case 1:	/* ahead of the producer, as in CVE-2024-41009 */
		*cs = (struct cons_step){ CS_SET_PROD_REL, 8 * below(g, g->size / 8 + 1) };
		break;
	case 2:	/* rewind */
		*cs = (struct cons_step){ CS_SET_CONS_REL, -(__u64)(8 * below(g, g->size / 8)) };
		break;
	case 3:	/* misaligned */
		*cs = (struct cons_step){ CS_SET_CONS_REL, 1 + below(g, 15) };
		break;
	case 4:
		*cs = (struct cons_step){ CS_SET_PEND_REL, 0 };
		break;
	default:
		*cs = (struct cons_step){ CS_SET_ABS, odd_abs[below(g, sizeof(odd_abs) / 8)] };
	}
}

/* submit or discard one of the held slots, picked at random */
static void gen_resolve(struct gen *g, struct val_op *op, bool *held, int *nheld)
{
	int s;

	do {
		s = below(g, VAL_SLOTS);
	} while (!held[s]);
	op->kind = below(g, 3) ? VOP_SUBMIT_DYN : VOP_DISCARD_DYN;
	op->slot = s;
	op->flags = pick_commit_flags(g);
	held[s] = false;
	(*nheld)--;
}

static void gen_batch(struct gen *g, struct batch *b)
{
	bool held[VAL_SLOTS] = { false };
	int nheld = 0, want = below(g, 4) ? 1 + below(g, 10) : 1 + below(g, 40);

	memset(b, 0, sizeof(*b));
	while (b->nops < want && b->nops < VAL_MAX_OPS - VAL_SLOTS) {
		struct val_op *op = &b->ops[b->nops++];
		unsigned int r = below(g, 100);
		int s;

		op->pat_off = below(g, VAL_PAT_PERIOD);
		if (r < 28 && nheld < VAL_SLOTS) {
			do {
				s = below(g, VAL_SLOTS);
			} while (held[s]);
			op->kind = VOP_RESERVE_DYN;
			op->slot = s;
			op->size = pick_size(g, true);
			op->flags = pick_reserve_flags(g);
			held[s] = true;
			nheld++;
		} else if (r < 52 && nheld) {
			gen_resolve(g, op, held, &nheld);
		} else if (r < 70) {
			op->kind = VOP_OUTPUT;
			op->size = pick_size(g, false);
			if (op->size > VAL_FILL_MAX)
				op->size = VAL_FILL_MAX;
			op->flags = below(g, 4) ? pick_commit_flags(g) & 3 : pick_commit_flags(g);
		} else if (r < 82) {
			static const unsigned int w[] = { 0, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6 };

			op->kind = VOP_RESERVE_PTR;
			op->slot = w[below(g, sizeof(w) / sizeof(w[0]))];
			op->flags = pick_reserve_flags(g);
			op->size = below(g, 3) == 0;	/* discard one time in three */
			op->rflags = pick_commit_flags(g);
		} else if (r < 92) {
			op->kind = VOP_QUERY;
			op->flags = pick_query_flags(g);
		} else if (r < 97 && g->pauses && b->npause < VAL_MAX_PAUSES) {
			int n = 1 + below(g, MAX_PAUSE_STEPS);

			op->kind = VOP_PAUSE;
			op->slot = b->npause;
			for (int i = 0; i < n; i++)
				gen_cons_step(g, &b->pstep[b->npause][i]);
			b->npstep[b->npause++] = n;
		} else if (r < 98) {
			/* the interpreters' own verdicts must agree too */
			static const struct val_op odd[] = {
				{ .kind = VOP_RESERVE_DYN, .slot = VAL_SLOTS, .size = 8 },
				{ .kind = VOP_SUBMIT_DYN, .slot = 7 },
				{ .kind = VOP_RESERVE_PTR, .slot = VAL_NR_CONST },
				{ .kind = VOP__COUNT + 3 },
				{ .kind = VOP_NOP },
			};

			*op = odd[below(g, sizeof(odd) / sizeof(odd[0]))];
			if (op->kind == VOP_NOP && nheld) {
				/* reserve into a held slot, or resolve a free one */
				for (s = 0; !held[s]; s++)
					;
				*op = (struct val_op){ .kind = VOP_RESERVE_DYN, .slot = s,
						       .size = 8 };
			} else if (op->kind == VOP_NOP && nheld < VAL_SLOTS) {
				for (s = 0; held[s]; s++)
					;
				*op = (struct val_op){ .kind = VOP_DISCARD_DYN, .slot = s };
			}
		} else {
			op->kind = VOP_NOP;
		}
	}
	/* resolve what is still held, in a random order */
	while (nheld)
		gen_resolve(g, &b->ops[b->nops++], held, &nheld);
}

bool run_random(struct session *s, unsigned long steps)
{
	struct gen g = { .x = s->seed, .size = s->size, .pauses = s->pz != NULL };
	struct batch b;

	s->limit = steps;
	while (!session_full(s)) {
		if (below(&g, 100) < 55) {
			gen_batch(&g, &b);
			if (!run_batch(s, &b))
				return false;
		} else {
			struct cons_step cs;

			gen_cons_step(&g, &cs);
			if (!do_cons_step(s, &cs))
				return false;
		}
	}
	return true;
}
