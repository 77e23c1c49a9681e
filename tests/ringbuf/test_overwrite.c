// SPDX-License-Identifier: GPL-2.0-only
/*
 * Overwrite mode (6.19, "bpf: Add overwrite mode for BPF ring buffer", Xu
 * Kuohai, as applied with Andrii Nakryiko's fix-ups): a full ring overwrites
 * its oldest committed records. Space is checked only against pending_pos;
 * overwrite_pos moves over whole records until the new one fits and is
 * published before producer_pos; AVAIL_DATA counts from the later of
 * consumer_pos and overwrite_pos; the consumer sees overwrite_pos at
 * producer_pos[2]. The commit message's worked example and the v2/v3
 * selftest (ringbuf_overwrite_mode) come out position for position.
 */
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>

#include "tests/helpers/rbtest.h"
#include "tests/helpers/timeout.h"

#define K619 RBSIM_KERNEL(6, 19)

TestSuite(overwrite, .timeout = RBSIM_TEST_TIMEOUT(10));

/* a record whose footprint (header included) is fp bytes */
static void *reserve_fp(struct bpf_ringbuf_map *map, unsigned long fp)
{
	return bpf_ringbuf_reserve(map, fp - BPF_RINGBUF_HDR_SZ, 0);
}

static void expect_pos(const struct ringbuf_mmap *v, unsigned long prod, unsigned long pend,
		       unsigned long over, const char *step)
{
	cr_expect_eq(view_prod(v), prod, "%s: producer_pos %lu, want %lu", step, view_prod(v),
		     prod);
	cr_expect_eq(view_pend(v), pend, "%s: pending_pos %lu, want %lu", step, view_pend(v),
		     pend);
	cr_expect_eq(view_over(v), over, "%s: overwrite_pos %lu, want %lu", step, view_over(v),
		     over);
	cr_expect_eq(view_cons(v), 0, "%s: consumer_pos", step);
}

/*
 * The commit message's 4096-byte ring: A 512, B 1024, C 2048 (footprints),
 * submit A and B, D 1536 overwrites A and part of B, E 1024 would overwrite
 * the BUSY C. pending_pos moves in reserve, so the message's steps 5 and 6
 * show in the producer page at step 7, and step 9's at the next reserve.
 */
RbTest(overwrite, commit_message_example)
{
	struct ringbuf_mmap v;
	struct bpf_ringbuf_map *map = rbtest_ring_new_opts(4096, BPF_F_RB_OVERWRITE, K619, &v);
	unsigned char *a, *b, *c, *d, *e;

	expect_pos(&v, 0, 0, 0, "1. at first");
	a = reserve_fp(map, 512);
	cr_assert_not_null(a, "2. A");
	expect_pos(&v, 512, 0, 0, "2. A at 0");
	cr_expect_eq(view_len(&v, 0), 504 | BPF_RINGBUF_BUSY_BIT, "A is BUSY");
	b = reserve_fp(map, 1024);
	cr_assert_not_null(b, "3. B");
	expect_pos(&v, 1536, 0, 0, "3. B at 512");
	c = reserve_fp(map, 2048);
	cr_assert_not_null(c, "4. C");
	expect_pos(&v, 3584, 0, 0, "4. C at 1536");
	memset(a, 'A', 504);
	bpf_ringbuf_submit(a, BPF_RB_NO_WAKEUP);
	memset(b, 'B', 1016);
	bpf_ringbuf_submit(b, BPF_RB_NO_WAKEUP);
	expect_pos(&v, 3584, 0, 0, "5, 6. A and B submitted (pending_pos moves in reserve)");
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA), 3584, "AVAIL_DATA before D");

	/* 7: 2048 bytes between producer_pos and pending_pos: D fits, over A and B's head */
	d = reserve_fp(map, 1536);
	cr_assert_not_null(d, "7. D");
	expect_pos(&v, 5120, 1536, 1536, "7. D at 3584, overwrite_pos at C");
	cr_expect_eq((unsigned char *)d - c, 2048, "D right after C");
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_OVERWRITE_POS), 1536, "OVERWRITE_POS");
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA), 5120 - 1536,
		     "AVAIL_DATA: producer_pos - max(consumer_pos, overwrite_pos)");
	cr_expect_eq(map_stats(map).overwritten, 2, "A and B overwritten");
	/* D's sample runs over the end of the ring onto A's header and into B */
	memset(d, 'D', 1528);
	cr_expect_eq(view_len(&v, 0), 0x44444444, "A's header is D's data now");
	cr_expect_eq(((const unsigned char *)v.data)[1023], 'D', "D ends at ring offset 1024");
	cr_expect_eq(((const unsigned char *)v.data)[1024], 'B', "the rest of B is left");

	/* 8: E would overwrite the head of C, which is still BUSY */
	e = reserve_fp(map, 1024);
	cr_expect_null(e, "8. E refused");
	expect_pos(&v, 5120, 1536, 1536, "8. nothing moved");
	cr_expect_eq(map_stats(map).fail_no_space, 1, "a no-space drop");

	/* 9: C and D submitted; pending_pos reaches D's end at the next reserve */
	bpf_ringbuf_submit(c, BPF_RB_NO_WAKEUP);
	bpf_ringbuf_submit(d, BPF_RB_NO_WAKEUP);
	e = reserve_fp(map, 1024);
	cr_assert_not_null(e, "E once C is committed");
	expect_pos(&v, 6144, 5120, 3584, "9. pending_pos at D's end, E over C");
	cr_expect_eq(map_stats(map).overwritten, 3, "C overwritten too");
	bpf_ringbuf_submit(e, BPF_RB_NO_WAKEUP);
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA), 6144 - 3584, "D and E remain");
}

/*
 * The v2/v3 selftest ringbuf_overwrite_mode: ring 0x1000, rec1 0x800 and
 * rec2 0x400 BUSY, rec3 (the rest) refused, rec4 8 bytes shorter fits,
 * submit 1, 2, 4, rec5 overwrites rec1
 */
RbTest(overwrite, selftest_vector)
{
	unsigned long size = 0x1000, len1 = 0x800, len2 = 0x400;
	unsigned long len3 = size - len1 - len2 - 3 * BPF_RINGBUF_HDR_SZ, len4 = len3 - 8;
	unsigned long len5 = len3;
	struct ringbuf_mmap v;
	struct bpf_ringbuf_map *map = rbtest_ring_new_opts(size, BPF_F_RB_OVERWRITE, K619, &v);
	void *r1, *r2, *r3, *r4, *r5;

	cr_assert_eq(len3, 0x3e8, "len3");
	r1 = bpf_ringbuf_reserve(map, len1, 0);
	r2 = bpf_ringbuf_reserve(map, len2, 0);
	cr_assert(r1 && r2, "reserve 1 and 2");
	r3 = bpf_ringbuf_reserve(map, len3, 0);
	cr_expect_null(r3, "reserve 3 fails: it would reach rec1, BUSY");
	r4 = bpf_ringbuf_reserve(map, len4, 0);
	cr_assert_not_null(r4, "reserve 4");
	bpf_ringbuf_submit(r1, 0);
	bpf_ringbuf_submit(r2, 0);
	bpf_ringbuf_submit(r4, 0);
	r5 = bpf_ringbuf_reserve(map, len5, 0);
	cr_assert_not_null(r5, "reserve 5 overwrites rec1");
	memset(r5, 0xdd, len3);
	bpf_ringbuf_submit(r5, 0);

	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_RING_SIZE), size, "ring_size");
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA), 0xbe0,
		     "avail_data = len2 + len4 + len5 + 3 * 8");
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_CONS_POS), 0, "cons_pos");
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_PROD_POS), 0x13e8,
		     "prod_pos = len1 + len2 + len4 + len5 + 4 * 8");
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_OVERWRITE_POS), 0x808,
		     "over_pos = len1 + 8");
	cr_expect_eq(view_over(&v), 0x808, "producer_pos[2]");
	cr_expect_eq(view_pend(&v), 0xff8, "producer_pos[1]: pending_pos at rec5");
}

/* the same ring without the flag: the consumer holds producers back, as in 6.18 */
RbTest(overwrite, only_with_the_flag)
{
	struct ringbuf_mmap v, w;
	struct bpf_ringbuf_map *plain = rbtest_ring_new_opts(4096, 0, K619, &v);
	struct bpf_ringbuf_map *ow = rbtest_ring_new_opts(4096, BPF_F_RB_OVERWRITE, K619, &w);
	int i;

	for (i = 0; i < 255; i++) {
		bpf_ringbuf_submit(bpf_ringbuf_reserve(plain, 8, 0), BPF_RB_NO_WAKEUP);
		bpf_ringbuf_submit(bpf_ringbuf_reserve(ow, 8, 0), BPF_RB_NO_WAKEUP);
	}
	/* 255 * 16 = 4080: one more would make 4096 > mask */
	cr_expect_null(bpf_ringbuf_reserve(plain, 8, 0), "without the flag: full");
	cr_expect_eq(map_stats(plain).fail_no_space, 1, "a no-space drop");
	cr_expect_eq(bpf_ringbuf_query(plain, BPF_RB_OVERWRITE_POS), 0, "no overwrite_pos");
	cr_expect_eq(view_over(&v), 0, "producer_pos[2] stays 0");
	bpf_ringbuf_submit(bpf_ringbuf_reserve(ow, 8, 0), BPF_RB_NO_WAKEUP);
	cr_expect_eq(view_prod(&w), 4096, "with it: the 256th record");
	cr_expect_eq(view_over(&w), 16, "over the first one");
	cr_expect_eq(map_stats(ow).fail_no_space, 0, "no drop");
	cr_expect_eq(map_stats(ow).overwritten, 1, "one overwritten");
	view_set_cons(&v, view_prod(&v));
}

/* AVAIL_DATA: min(prod - cons, prod - over), the merged form, for any consumer_pos */
RbTest(overwrite, avail_data)
{
	struct ringbuf_mmap v;
	struct bpf_ringbuf_map *map = rbtest_ring_new_opts(4096, BPF_F_RB_OVERWRITE, K619, &v);
	int i;

	for (i = 0; i < 300; i++)
		bpf_ringbuf_submit(bpf_ringbuf_reserve(map, 8, 0), BPF_RB_NO_WAKEUP);
	/* 300 * 16 = 4800: over = 4800 - 4080 = 720 */
	cr_assert_eq(view_over(&v), 720, "overwrite_pos");
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA), 4080, "a lagging consumer: "
		     "from overwrite_pos");
	view_set_cons(&v, 4000);
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA), 800, "past overwrite_pos: "
		     "from consumer_pos");
	view_set_cons(&v, 4800);
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA), 0, "caught up");
	/* a consumer_pos past producer_pos: v3's prod - max() would wrap, the merged min() not */
	view_set_cons(&v, 9000);
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA), 4080, "cons past prod");
	view_set_cons(&v, 4800);
}

/* records of every size, some discarded: after each reserve the positions keep their rules */
RbTest(overwrite, positions_over_laps)
{
	struct ringbuf_mmap v;
	struct bpf_ringbuf_map *map = rbtest_ring_new_opts(8192, BPF_F_RB_OVERWRITE, K619, &v);
	unsigned long *starts = calloc(200000, sizeof(*starts)), n = 0, lo = 0;
	unsigned int seed = 7;
	__u64 over_cnt = 0;

	cr_assert_not_null(starts, "calloc");
	while (view_prod(&v) < 40 * 8192) {
		__u32 size = rand_r(&seed) % 3000;
		unsigned long prod = view_prod(&v), over;
		void *rec = bpf_ringbuf_reserve(map, size, 0);

		cr_assert_not_null(rec, "committed records never block a reservation");
		starts[n++] = prod;
		over = view_over(&v);
		cr_assert_leq(view_prod(&v) - over, 8191, "prod - over <= mask");
		cr_assert_leq(over, view_pend(&v), "overwrite_pos never passes pending_pos");
		while (starts[lo] < over)
			lo++, over_cnt++;
		cr_assert_eq(starts[lo], over, "overwrite_pos %lu on a record boundary", over);
		cr_assert_eq(map_stats(map).overwritten, over_cnt, "each overwritten record counted");
		if (rand_r(&seed) % 4 == 0)
			bpf_ringbuf_discard(rec, BPF_RB_NO_WAKEUP);
		else
			bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
	}
	cr_expect_gt(over_cnt, 100, "laps made");
	view_set_cons(&v, view_prod(&v));
	free(starts);
}
