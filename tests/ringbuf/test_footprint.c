// SPDX-License-Identifier: GPL-2.0-only
/*
 * Record footprint (kernel/bpf/ringbuf.c __bpf_ringbuf_reserve(), 6.18):
 * producer_pos advances by round_up(size + BPF_RINGBUF_HDR_SZ, 8); the
 * header holds the unrounded size with BUSY set until commit, DISCARD after
 * a discard, and pg_off at offset 4.
 */
#include <string.h>
#include <criterion/criterion.h>

#include "tests/helpers/rbtest.h"
#include "tests/helpers/stamp.h"
#include "tests/helpers/timeout.h"

#define RING (256 * 1024)

static struct bpf_ringbuf_map *map;
static struct ringbuf_mmap view;

static void setup(void)
{
	map = rbtest_ring_new(RING, &view);
}

static void teardown(void)
{
	rbtest_ring_free(map, &view, NULL);
}

TestSuite(footprint, .init = setup, .fini = teardown, .timeout = RBSIM_TEST_TIMEOUT(10));

RbTest(footprint, every_size_0_to_512, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	unsigned long before, after, want;
	unsigned int size;
	void *rec;

	/* 513 records take about 137 KiB: they all fit in the 256 KiB ring */
	for (size = 0; size <= 512; size++) {
		want = ((size + 8) + 7) & ~7UL;
		before = bpf_ringbuf_query(map, BPF_RB_PROD_POS);
		rec = bpf_ringbuf_reserve(map, size, 0);
		cr_assert_not_null(rec, "reserve(%u)", size);
		after = bpf_ringbuf_query(map, BPF_RB_PROD_POS);
		cr_expect_eq(after - before, want, "size %u: producer_pos advanced %lu, want %lu",
			     size, after - before, want);
		cr_expect_eq(view_prod(&view), after, "size %u: view producer_pos", size);
		cr_expect_eq(view_len(&view, before), size | BPF_RINGBUF_BUSY_BIT,
			     "size %u: header len %#x before submit", size,
			     view_len(&view, before));
		cr_expect_eq(view_pg_off(&view, before), expected_pg_off(&view, before),
			     "size %u: pg_off", size);
		pattern_fill(rec, size, size);
		bpf_ringbuf_submit(rec, 0);
		cr_expect_eq(view_len(&view, before), size, "size %u: header len %#x after submit",
			     size, view_len(&view, before));
		cr_expect_eq(pattern_mismatch((const char *)view.data + before + 8, size, size),
			     size, "size %u: payload seen by the consumer after the header", size);
	}
}

RbTest(footprint, known_values, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	static const struct { unsigned int size, footprint; } t[] = {
		{ 112, 120 }, { 39, 48 }, { 38, 48 }, { 8, 16 }, { 0, 8 }, { 1, 16 },
		{ 7, 16 }, { 9, 24 }, { 40, 48 }, { 41, 56 }, { 4088, 4096 }, { 4089, 4104 },
	};
	unsigned long before, after;
	size_t i;
	void *rec;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		before = bpf_ringbuf_query(map, BPF_RB_PROD_POS);
		rec = bpf_ringbuf_reserve(map, t[i].size, 0);
		cr_assert_not_null(rec, "reserve(%u)", t[i].size);
		bpf_ringbuf_submit(rec, 0);
		after = bpf_ringbuf_query(map, BPF_RB_PROD_POS);
		cr_expect_eq(after - before, t[i].footprint, "%u bytes take %lu, want %u",
			     t[i].size, after - before, t[i].footprint);
	}
}

RbTest(footprint, output_same_as_reserve, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	char buf[512] = {0};
	unsigned long before;
	unsigned int size;

	for (size = 0; size <= 64; size++) {
		before = bpf_ringbuf_query(map, BPF_RB_PROD_POS);
		cr_assert_eq(bpf_ringbuf_output(map, buf, size, 0), 0, "output(%u)", size);
		cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_PROD_POS) - before, rec_footprint(size),
			     "output of %u bytes: footprint", size);
		cr_expect_eq(view_len(&view, before), size, "output of %u bytes: header len", size);
	}
}

RbTest(footprint, header_bits, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	unsigned long p1, p2;
	void *r1, *r2;

	p1 = view_prod(&view);
	r1 = bpf_ringbuf_reserve(map, 100, 0);
	cr_assert_not_null(r1, "reserve(100)");
	p2 = view_prod(&view);
	r2 = bpf_ringbuf_reserve(map, 39, 0);
	cr_assert_not_null(r2, "reserve(39)");
	cr_expect_eq((char *)r2 - (char *)r1, 112, "second sample 112 bytes after the first");
	cr_expect_eq(view_len(&view, p1), 100 | BPF_RINGBUF_BUSY_BIT, "len BUSY after reserve");
	cr_expect_eq(view_len(&view, p2), 39 | BPF_RINGBUF_BUSY_BIT, "len BUSY after reserve");

	bpf_ringbuf_discard(r2, 0);
	cr_expect_eq(view_len(&view, p2), 39 | BPF_RINGBUF_DISCARD_BIT,
		     "discard: BUSY cleared, DISCARD set: %#x", view_len(&view, p2));
	cr_expect_eq(view_len(&view, p1), 100 | BPF_RINGBUF_BUSY_BIT, "first record still BUSY");
	bpf_ringbuf_submit(r1, 0);
	cr_expect_eq(view_len(&view, p1), 100, "submit: BUSY cleared: %#x", view_len(&view, p1));
	/* a discarded record keeps its footprint */
	cr_expect_eq(view_prod(&view) - p2, 48, "discarded 39-byte record takes 48");
}
