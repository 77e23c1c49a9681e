// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpf_ringbuf_query() (kernel/bpf/ringbuf.c, 6.18): AVAIL_DATA is
 * producer_pos - consumer_pos (reserved but uncommitted bytes included),
 * RING_SIZE the data size, CONS_POS and PROD_POS the logical positions (not
 * masked), and 0 for any other flag (BPF_RB_OVERWRITE_POS = 4 is 6.19).
 */
#include <criterion/criterion.h>

#include "tests/helpers/rbtest.h"
#include "tests/helpers/timeout.h"

#define RING 8192

static struct bpf_ringbuf_map *map;
static struct ring_consumer *rc;

static int ok_cb(void *ctx, void *data, size_t size)
{
	(void)ctx, (void)data, (void)size;
	return 0;
}

static void setup(void)
{
	map = rbtest_ring_new(RING, NULL);
	rc = rbtest_consumer_new(map, ok_cb, NULL);
}

static void teardown(void)
{
	rbtest_ring_free(map, NULL, rc);
}

TestSuite(query, .init = setup, .fini = teardown, .timeout = RBSIM_TEST_TIMEOUT(10));

static void expect_q(__u64 avail, __u64 cons, __u64 prod, const char *when)
{
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA), avail, "AVAIL_DATA %s: %llu",
		     when, (unsigned long long)bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA));
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_RING_SIZE), RING, "RING_SIZE %s", when);
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_CONS_POS), cons, "CONS_POS %s: %llu", when,
		     (unsigned long long)bpf_ringbuf_query(map, BPF_RB_CONS_POS));
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_PROD_POS), prod, "PROD_POS %s: %llu", when,
		     (unsigned long long)bpf_ringbuf_query(map, BPF_RB_PROD_POS));
}

RbTest(query, all_four_values, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	char buf[128] = {0};
	void *r, *b;

	expect_q(0, 0, 0, "new");
	cr_assert_eq(bpf_ringbuf_output(map, buf, 10, 0), 0, "output 10");	/* 24 */
	cr_assert_eq(bpf_ringbuf_output(map, buf, 100, 0), 0, "output 100");	/* 112 */
	cr_assert_eq(bpf_ringbuf_output(map, buf, 0, 0), 0, "output 0");	/* 8 */
	expect_q(144, 0, 144, "after three submits");

	r = bpf_ringbuf_reserve(map, 50, 0);	/* 64, BUSY */
	cr_assert_not_null(r, "reserve 50");
	expect_q(208, 0, 208, "with a BUSY record");
	bpf_ringbuf_discard(r, 0);
	expect_q(208, 0, 208, "after the discard");

	cr_expect_eq(ring_consumer__consume(rc), 3, "consumed");
	expect_q(0, 208, 208, "after consumption");

	b = bpf_ringbuf_reserve(map, 8, 0);	/* 16, BUSY */
	cr_assert_not_null(b, "reserve 8");
	cr_assert_eq(bpf_ringbuf_output(map, buf, 8, 0), 0, "output 8");	/* 16 */
	cr_expect_eq(ring_consumer__consume(rc), 0, "stops at the BUSY record");
	expect_q(32, 208, 240, "consumer held at a BUSY record");
	bpf_ringbuf_submit(b, 0);
	cr_expect_eq(ring_consumer__consume(rc), 2, "both after submit");
	expect_q(0, 240, 240, "all consumed");
}

RbTest(query, positions_are_not_masked, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	static char buf[1000];
	__u64 total = 0;
	int i;

	for (i = 0; i < 40; i++) {
		cr_assert_eq(bpf_ringbuf_output(map, buf, sizeof(buf), 0), 0, "output %d", i);
		total += 1008;
		cr_assert_eq(ring_consumer__consume(rc), 1, "consume %d", i);
	}
	cr_assert_gt(total, 4 * RING, "several laps");
	expect_q(0, total, total, "after 40 records of 1008 bytes");
	cr_assert_eq(bpf_ringbuf_output(map, buf, 1, 0), 0, "output 1");
	expect_q(16, total, total + 16, "one more record");
}

RbTest(query, unknown_flags_give_zero, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	static const __u64 bad[] = { 4, 5, 100, ~0ULL, 1ULL << 32, 1ULL << 63, 4 | 1 };
	char buf[8] = {0};
	size_t i;

	/* nonzero positions, so a 0 answer means "unknown" */
	cr_assert_eq(bpf_ringbuf_output(map, buf, 8, 0), 0, "output");
	cr_assert_eq(ring_consumer__consume(rc), 1, "consume");
	cr_assert_eq(bpf_ringbuf_output(map, buf, 8, 0), 0, "output");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_eq(bpf_ringbuf_query(map, bad[i]), 0, "query(%#llx)",
			     (unsigned long long)bad[i]);
	expect_q(16, 16, 32, "unknown queries change nothing");
}
