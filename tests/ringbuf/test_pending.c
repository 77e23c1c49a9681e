// SPDX-License-Identifier: GPL-2.0-only
/*
 * pending_pos (kernel/bpf/ringbuf.c, commit cfa1a2329a69 "bpf: Fix
 * overrunning reservations in ringbuf", CVE-2024-41009, in 6.18): a
 * reservation may not reach more than mask bytes past the oldest record still
 * BUSY, whatever consumer_pos says. pending_pos advances lazily, in reserve,
 * over committed (or discarded) records.
 */
#include <criterion/criterion.h>

#include "tests/helpers/rbtest.h"
#include "tests/helpers/timeout.h"

#define RING 0x4000

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

TestSuite(pending, .init = setup, .fini = teardown, .timeout = RBSIM_TEST_TIMEOUT(10));

/* the exact scenario of the fix's commit message */
RbTest(pending, cve_2024_41009_overrun, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	void *a, *b;

	/* a hostile consumer moves consumer_pos ahead through its writable page */
	view_set_cons(&view, 0x3000);
	rbtest_ring_leaves(map, 0, RINGBUF_VALID_ANY_CONSUMER);

	a = bpf_ringbuf_reserve(map, 0x3000, 0);
	cr_assert_not_null(a, "chunk A: 0x3008 - 0x3000 <= mask");
	cr_expect_eq(view_prod(&view), 0x3008, "A at [0, 0x3008)");
	cr_expect_eq(view_len(&view, 0), 0x3000 | BPF_RINGBUF_BUSY_BIT, "A's header is BUSY");
	cr_expect_eq(view_pg_off(&view, 0), 3, "A's pg_off");
	cr_expect_eq(view_pend(&view), 0, "pending_pos after A");

	/* only the consumer check would pass: 0x6010 - 0x3000 = 0x3010 <= 0x3fff */
	cr_assert_leq(0x6010 - 0x3000, RING - 1, "the consumer check alone lets B through");
	b = bpf_ringbuf_reserve(map, 0x3000, 0);
	cr_expect_null(b, "chunk B would overlap A's header through the double mapping");
	cr_expect_eq(view_prod(&view), 0x3008, "B refused: producer_pos unchanged");
	cr_expect_eq(view_pend(&view), 0, "pending_pos stays at A");
	cr_expect_eq(map_stats(map).fail_no_space, 1, "fail_no_space");
	cr_expect_eq(view_len(&view, 0), 0x3000 | BPF_RINGBUF_BUSY_BIT, "A's header intact");
	cr_expect_eq(view_pg_off(&view, 0), 3, "A's pg_off intact");

	bpf_ringbuf_submit(a, 0);
	cr_expect_eq(view_len(&view, 0), 0x3000, "A committed (ring found through pg_off)");
	cr_expect_eq(view_pend(&view), 0, "pending_pos only moves in reserve");

	/* with A committed, B fits: 0x6010 - 0x3008 <= mask */
	b = bpf_ringbuf_reserve(map, 0x3000, 0);
	cr_assert_not_null(b, "B once A is committed");
	cr_expect_eq(view_pend(&view), 0x3008, "pending_pos stepped over A");
	cr_expect_eq(view_prod(&view), 0x6010, "B at [0x3008, 0x6010)");
	cr_expect_eq(view_pg_off(&view, 0x3008), 3 + 3, "B's pg_off");
	bpf_ringbuf_submit(b, 0);
	cr_expect_eq(view_len(&view, 0x3008), 0x3000, "B committed");
}

RbTest(pending, values_after_reserves_and_commits, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	void *r1, *r2, *r3, *r4, *r5;
	char buf[16] = {0};

	r1 = bpf_ringbuf_reserve(map, 8, 0);		/* [0, 16) */
	cr_assert_not_null(r1, "r1");
	cr_expect_eq(view_pend(&view), 0, "after r1");
	r2 = bpf_ringbuf_reserve(map, 24, 0);		/* [16, 48) */
	cr_assert_not_null(r2, "r2");
	cr_expect_eq(view_pend(&view), 0, "after r2: r1 BUSY");
	bpf_ringbuf_submit(r2, 0);
	cr_expect_eq(view_pend(&view), 0, "commit out of order");
	r3 = bpf_ringbuf_reserve(map, 0, 0);		/* [48, 56) */
	cr_assert_not_null(r3, "r3");
	cr_expect_eq(view_pend(&view), 0, "after r3: r1 still BUSY");
	bpf_ringbuf_submit(r1, 0);
	cr_expect_eq(view_pend(&view), 0, "commit of r1 does not move pending_pos");
	r4 = bpf_ringbuf_reserve(map, 8, 0);		/* [56, 72) */
	cr_assert_not_null(r4, "r4");
	cr_expect_eq(view_pend(&view), 48, "after r4: over r1, r2, stops at BUSY r3");
	bpf_ringbuf_discard(r3, 0);
	bpf_ringbuf_submit(r4, 0);
	r5 = bpf_ringbuf_reserve(map, 8, 0);		/* [72, 88) */
	cr_assert_not_null(r5, "r5");
	cr_expect_eq(view_pend(&view), 72, "after r5: over discarded r3 (footprint 8) and r4");
	bpf_ringbuf_submit(r5, 0);
	cr_assert_eq(bpf_ringbuf_output(map, buf, sizeof(buf), 0), 0, "output");
	cr_expect_eq(view_pend(&view), 88, "output's reserve steps over r5");
	cr_expect_eq(view_prod(&view), 112, "producer_pos");
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_PROD_POS), 112, "PROD_POS");
}

RbTest(pending, busy_record_blocks_even_with_consumer_ahead, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	static char buf[0x1000];
	void *a, *d, *e;

	a = bpf_ringbuf_reserve(map, 0x1000, 0);	/* [0, 0x1008), stays BUSY */
	cr_assert_not_null(a, "A");
	cr_assert_eq(bpf_ringbuf_output(map, buf, 0x1000, 0), 0, "B");	/* [0x1008, 0x2010) */
	cr_assert_eq(bpf_ringbuf_output(map, buf, 0x1000, 0), 0, "C");	/* [0x2010, 0x3018) */
	cr_assert_eq(view_prod(&view), 0x3018, "producer_pos");

	/* the consumer skips ahead over the BUSY record */
	view_set_cons(&view, 0x3018);

	/* 0x4020 - 0x3018 <= mask, but 0x4020 - 0 > mask */
	d = bpf_ringbuf_reserve(map, 0x1000, 0);
	cr_expect_null(d, "a reservation reaching more than mask past BUSY A");
	cr_expect_eq(view_pend(&view), 0, "pending_pos held at A");

	/* up to mask past A is fine: new producer_pos 0x3ff8 */
	e = bpf_ringbuf_reserve(map, 0xfd8, 0);
	cr_assert_not_null(e, "a reservation ending 0x3ff8 past BUSY A");
	cr_expect_eq(view_prod(&view), 0x3ff8, "producer_pos");
	bpf_ringbuf_submit(e, 0);
	cr_expect_null(bpf_ringbuf_reserve(map, 0, 0), "even 8 bytes more reach 0x4000 past A");
	cr_expect_eq(map_stats(map).fail_no_space, 2, "fail_no_space");

	bpf_ringbuf_submit(a, 0);
	d = bpf_ringbuf_reserve(map, 0x1000, 0);
	cr_expect_not_null(d, "A committed lets the reservation through");
	cr_expect_eq(view_pend(&view), 0x3ff8, "pending_pos over A, B, C, E");
	cr_expect_eq(view_prod(&view), 0x3ff8 + 0x1008, "producer_pos");
	if (d)
		bpf_ringbuf_submit(d, 0);
}

RbTest(pending, busy_record_blocks_consumer_too, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	void *a;
	char buf[8] = {0};

	a = bpf_ringbuf_reserve(map, 8, 0);
	cr_assert_not_null(a, "A");
	cr_assert_eq(bpf_ringbuf_output(map, buf, 8, 0), 0, "B");
	/* an honest consumer cannot pass A, so space behind it fills */
	while (bpf_ringbuf_output(map, buf, 8, 0) == 0)
		;
	cr_expect_eq(view_prod(&view), RING - 16, "ring full behind a BUSY record");
	cr_expect_eq(view_pend(&view), 0, "pending_pos at A");
	bpf_ringbuf_submit(a, 0);
	cr_expect_null(bpf_ringbuf_reserve(map, 8, 0), "still full: the consumer has not moved");
	cr_expect_eq(view_pend(&view), RING - 16, "pending_pos caught up with producer_pos");
}
