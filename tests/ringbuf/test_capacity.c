// SPDX-License-Identifier: GPL-2.0-only
/*
 * Capacity (kernel/bpf/ringbuf.c __bpf_ringbuf_reserve(), 6.18): the
 * producer never gets more than mask = size - 1 bytes ahead of consumer_pos,
 * so with 8-byte granularity at most size - 8 bytes are in the ring; a record
 * whose footprint is larger than the ring is refused before the lock, one
 * whose footprint equals it after the lock (it can never fit: both count in
 * fail_too_big), one that does not fit now after the lock (fail_no_space).
 */
#include <errno.h>
#include <criterion/criterion.h>

#include "tests/helpers/rbtest.h"
#include "tests/helpers/timeout.h"

#define RING 16384

static struct bpf_ringbuf_map *map;
static struct ringbuf_mmap view;
static struct ring_consumer *rc;
static int delivered;

static int count_cb(void *ctx, void *data, size_t size)
{
	(void)ctx, (void)data, (void)size;
	delivered++;
	return 0;
}

static void setup(void)
{
	map = rbtest_ring_new(RING, &view);
	rc = rbtest_consumer_new(map, count_cb, NULL);
}

static void teardown(void)
{
	rbtest_ring_free(map, &view, rc);
}

TestSuite(capacity, .init = setup, .fini = teardown, .timeout = RBSIM_TEST_TIMEOUT(10));

/* fill with 8-byte records (16-byte footprint) until one is refused; returns the count */
static int fill_8(void)
{
	return rbtest_fill(map, 8, RING);
}

RbTest(capacity, holds_1023_records_of_8_bytes, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	struct ringbuf_stats st;
	char buf[8] = {0};
	void *rec;
	int i;

	for (i = 0; i < 1023; i++) {
		rec = bpf_ringbuf_reserve(map, 8, 0);
		cr_assert_not_null(rec, "record %d of 1023 refused", i);
		bpf_ringbuf_submit(rec, 0);
	}
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_PROD_POS), 16368, "producer_pos after 1023");
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA), 16368, "avail after 1023");

	/* 16368 + 16 = 16384 > mask 16383 */
	cr_expect_null(bpf_ringbuf_reserve(map, 8, 0), "record 1024 must be refused");
	cr_expect_eq(bpf_ringbuf_output(map, buf, 8, 0), -EAGAIN, "output when full");
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_PROD_POS), 16368, "refusals leave prod_pos");
	st = map_stats(map);
	cr_expect_eq(st.fail_no_space, 2, "fail_no_space %llu, want 2",
		     (unsigned long long)st.fail_no_space);
	cr_expect_eq(st.fail_too_big, 0, "fail_too_big");

	/* a header-only record (footprint 8) still fits: 16376 = size - 8 */
	rec = bpf_ringbuf_reserve(map, 0, 0);
	cr_assert_not_null(rec, "a 0-byte record fits in the last 8 bytes below mask");
	bpf_ringbuf_submit(rec, 0);
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA), RING - 8, "size - 8 in the ring");
	cr_expect_null(bpf_ringbuf_reserve(map, 0, 0), "nothing fits once size - 8 is used");
	st = map_stats(map);
	cr_expect_eq(st.fail_no_space, 3, "fail_no_space");
}

RbTest(capacity, space_reusable_after_consume, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	int lap;

	for (lap = 0; lap < 4; lap++) {
		unsigned long start = bpf_ringbuf_query(map, BPF_RB_PROD_POS);

		cr_expect_eq(fill_8(), 1023, "lap %d: 8-byte records that fit", lap);
		cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_PROD_POS) - start, 16368,
			     "lap %d: bytes reserved", lap);
		delivered = 0;
		cr_expect_eq(ring_consumer__consume(rc), 1023, "lap %d: consumed", lap);
		cr_expect_eq(delivered, 1023, "lap %d: callbacks", lap);
		cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA), 0, "lap %d: empty", lap);
		/* move the start off 0 so later laps wrap mid-ring */
		cr_assert_eq(bpf_ringbuf_output(map, "x", 1, 0), 0, "lap %d: output", lap);
		cr_assert_eq(ring_consumer__consume(rc), 1, "lap %d: consume the odd record", lap);
	}
	cr_expect_eq(map_stats(map).fail_no_space, 4, "one refusal per lap");
}

RbTest(capacity, other_ring_sizes, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	__u32 size;

	for (size = 4096; size <= 262144; size <<= 1) {
		struct bpf_ringbuf_map *m = ringbuf_map__new(size, 0);
		void *rec;
		__u32 n = 0;

		cr_assert_not_null(m, "ringbuf_map__new(%u)", size);
		while ((rec = bpf_ringbuf_reserve(m, 8, 0))) {
			bpf_ringbuf_submit(rec, 0);
			if (++n > size)
				break;
		}
		cr_expect_eq(n, size / 16 - 1, "%u-byte ring holds %u records of 8 bytes, want %u",
			     size, n, size / 16 - 1);
		ringbuf_map__free(m);
	}
}

RbTest(capacity, footprint_equal_to_ring_refused, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	struct ringbuf_stats st;
	static char big[RING + 64];

	/*
	 * footprint 16384 == ring size: passes the kernel's len > size check,
	 * fails its space check (new_prod_pos - cons_pos > mask) even in an
	 * empty ring: it can never fit, so it counts as too big
	 */
	cr_expect_null(bpf_ringbuf_reserve(map, RING - 8, 0), "footprint == ring size");
	st = map_stats(map);
	cr_expect_eq(st.fail_too_big, 1, "footprint == size counts as too big");
	cr_expect_eq(st.fail_no_space, 0, "footprint == size is not a lack of space");

	/* size - 15 .. size - 9 round up to the ring size too */
	cr_expect_null(bpf_ringbuf_reserve(map, RING - 15, 0), "footprint rounds to ring size");
	cr_expect_eq(map_stats(map).fail_too_big, 2, "fail_too_big");

	/* one byte more: footprint 16392 > 16384, refused before the lock */
	cr_expect_null(bpf_ringbuf_reserve(map, RING - 7, 0), "footprint > ring size");
	cr_expect_null(bpf_ringbuf_reserve(map, RING, 0), "size == ring size");
	cr_expect_null(bpf_ringbuf_reserve(map, 2 * RING, 0), "size == 2 x ring size");
	cr_expect_eq(bpf_ringbuf_output(map, big, RING - 8, 0), -EAGAIN, "output of size - 8");
	cr_expect_eq(bpf_ringbuf_output(map, big, RING + 8, 0), -EAGAIN, "output of size + 8");
	st = map_stats(map);
	cr_expect_eq(st.fail_too_big, 7, "fail_too_big %llu, want 7",
		     (unsigned long long)st.fail_too_big);
	cr_expect_eq(st.fail_no_space, 0, "fail_no_space %llu, want 0",
		     (unsigned long long)st.fail_no_space);
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_PROD_POS), 0, "nothing reserved");
}

/* counted as too big, refused where the kernel refuses it: after the lock and the pending scan */
RbTest(capacity, footprint_equal_to_ring_scans_pending, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	void *rec = bpf_ringbuf_reserve(map, 8, 0);

	cr_assert_not_null(rec, "reserve");
	bpf_ringbuf_submit(rec, 0);
	cr_expect_eq(view_pend(&view), 0, "pending_pos before");
	cr_expect_null(bpf_ringbuf_reserve(map, RING - 8, 0), "footprint == ring size");
	cr_expect_eq(view_pend(&view), 16, "the scan moved pending_pos past the committed record");
	cr_expect_eq(map_stats(map).fail_too_big, 1, "fail_too_big");
	cr_expect_null(bpf_ringbuf_reserve(map, RING - 7, 0), "footprint > ring size");
	cr_expect_eq(map_stats(map).fail_too_big, 2, "fail_too_big");
}

RbTest(capacity, biggest_record_in_empty_ring, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	void *rec;
	int i;

	for (i = 0; i < 3; i++) {
		unsigned long start = bpf_ringbuf_query(map, BPF_RB_PROD_POS);

		/* size - 16 bytes: footprint size - 8, the most an empty ring takes */
		rec = bpf_ringbuf_reserve(map, RING - 16, 0);
		cr_assert_not_null(rec, "round %d: footprint size - 8 refused at pos %lu", i,
				   start);
		cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_PROD_POS) - start, RING - 8,
			     "round %d: footprint", i);
		cr_expect_null(bpf_ringbuf_reserve(map, 0, 0), "round %d: ring is full", i);
		bpf_ringbuf_submit(rec, 0);
		delivered = 0;
		cr_expect_eq(ring_consumer__consume(rc), 1, "round %d: consumed", i);
		/* RING - 15 + 8 rounds up to RING */
		cr_expect_null(bpf_ringbuf_reserve(map, RING - 15, 0),
			       "round %d: footprint == ring size, even when empty", i);
	}
	/* laps started at 0, size - 8, 2 * (size - 8): the big record wrapped */
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_CONS_POS), 3 * (RING - 8), "consumer_pos");
}
