// SPDX-License-Identifier: GPL-2.0-only
/*
 * Wrap-around (kernel/bpf/ringbuf.c bpf_ringbuf_area_alloc(), 6.18): the
 * data pages are mapped twice back to back, so a record that crosses the end
 * of the data area is contiguous for the producer and for the consumer, and
 * its tail is the start of the data area.
 */
#include <string.h>
#include <criterion/criterion.h>

#include "tests/helpers/rbtest.h"
#include "tests/helpers/stamp.h"
#include "tests/helpers/timeout.h"

#define RING 16384

static struct bpf_ringbuf_map *map;
static struct ringbuf_mmap view;
static struct ring_consumer *rc;

struct got {
	int n;
	size_t size;
	uint32_t tag;
	size_t mismatch;
};
static struct got got;

/* checks each delivered record against the pattern of tag got.tag */
static int check_cb(void *ctx, void *data, size_t size)
{
	(void)ctx;
	got.n++;
	got.size = size;
	got.mismatch = pattern_mismatch(data, size, got.tag);
	return 0;
}

static void setup(void)
{
	map = rbtest_ring_new(RING, &view);
	rc = rbtest_consumer_new(map, check_cb, NULL);
}

static void teardown(void)
{
	rbtest_ring_free(map, &view, rc);
}

TestSuite(wrap, .init = setup, .fini = teardown, .timeout = RBSIM_TEST_TIMEOUT(10));

/* move both positions to pos (< RING) with one filler record, consumed */
static void advance_to(unsigned long pos)
{
	static char filler[RING];

	cr_assert_eq(bpf_ringbuf_output(map, filler, pos - 8, 0), 0, "filler output");
	got.tag = 0;
	cr_assert_eq(ring_consumer__consume(rc), 1, "filler consumed");
	cr_assert_eq(bpf_ringbuf_query(map, BPF_RB_CONS_POS), pos, "consumer_pos at %lu", pos);
}

RbTest(wrap, record_across_the_end, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	const unsigned long pos = RING - 24;	/* header at 16360, payload from 16368 */
	const size_t size = 5000, before_end = RING - (pos + 8);
	const char *data = view.data;
	const unsigned char *pdata;
	unsigned char *rec;
	size_t i;

	cr_assert_eq(before_end, 16, "payload bytes before the end");
	advance_to(pos);

	rec = bpf_ringbuf_reserve(map, size, 0);
	cr_assert_not_null(rec, "reserve(%zu) at %lu", size, pos);
	cr_expect_eq(view_pg_off(&view, pos), 3 + 3, "pg_off of a header in data page 3");
	pattern_fill(rec, size, 77);
	/* the producer reads it back contiguous through its own double mapping */
	cr_expect_eq(pattern_mismatch(rec, size, 77), size, "producer sample contiguous");
	/* and its first mapping holds the tail from data offset 0 */
	pdata = rec - (pos + 8);
	for (i = before_end; i < size; i++)
		if (pdata[i - before_end] != pattern_byte(77, i))
			break;
	cr_expect_eq(i, size, "producer's first mapping differs at payload byte %zu", i);
	bpf_ringbuf_submit(rec, 0);
	cr_expect_eq(view_len(&view, pos), size, "committed len");

	/* the consumer view: contiguous from the header, tail at data[0..] */
	cr_expect_eq(pattern_mismatch(data + pos + 8, size, 77), size, "view contiguous");
	for (i = before_end; i < size; i++)
		if ((unsigned char)data[i - before_end] != pattern_byte(77, i))
			break;
	cr_expect_eq(i, size, "view data[0..] differs at payload byte %zu", i);

	got.tag = 77;
	got.n = 0;
	cr_expect_eq(ring_consumer__consume(rc), 1, "consumed the wrapped record");
	cr_expect_eq(got.size, size, "size delivered");
	cr_expect_eq(got.mismatch, size, "callback data differs at byte %zu", got.mismatch);
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_CONS_POS), pos + rec_footprint(size),
		     "consumer_pos past the wrapped record");
}

RbTest(wrap, header_in_last_8_bytes, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	const unsigned long pos = RING - 8;
	const char *data = view.data;
	unsigned char *rec;

	advance_to(pos);
	rec = bpf_ringbuf_reserve(map, 100, 0);
	cr_assert_not_null(rec, "reserve at %lu", pos);
	cr_expect_eq(view_pg_off(&view, pos), 3 + 3, "pg_off of the header at the end");
	pattern_fill(rec, 100, 5);
	bpf_ringbuf_submit(rec, 0);
	cr_expect_eq(view_len(&view, pos), 100, "len after submit (found the ring via pg_off)");
	/* the whole payload is in the second copy, i.e. at the start of the data area */
	cr_expect_eq(pattern_mismatch(data, 100, 5), 100, "payload at data[0]");
	cr_expect_eq(pattern_mismatch(data + RING, 100, 5), 100, "payload at data[size]");
	got.tag = 5;
	got.n = 0;
	cr_expect_eq(ring_consumer__consume(rc), 1, "consumed");
	cr_expect_eq(got.mismatch, 100, "callback data");
}

RbTest(wrap, many_laps_one_page_ring, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	struct bpf_ringbuf_map *m = ringbuf_map__new(4096, 0);
	struct ring_consumer *c;
	int i, crossed = 0;

	cr_assert_not_null(m, "ringbuf_map__new(4096)");
	c = ring_consumer__new(m, check_cb, NULL);
	cr_assert_not_null(c, "ring_consumer__new");
	for (i = 0; i < 64; i++) {
		size_t size = 700 + (size_t)i * 13;
		unsigned long pos = bpf_ringbuf_query(m, BPF_RB_PROD_POS);
		void *rec = bpf_ringbuf_reserve(m, size, 0);

		cr_assert_not_null(rec, "record %d (size %zu) at %lu", i, size, pos);
		pattern_fill(rec, size, (uint32_t)i);
		bpf_ringbuf_submit(rec, 0);
		if ((pos & 4095) + 8 + size > 4096)
			crossed++;
		got.tag = (uint32_t)i;
		got.n = 0;
		cr_assert_eq(ring_consumer__consume(c), 1, "record %d consumed", i);
		cr_expect_eq(got.size, size, "record %d size", i);
		cr_expect_eq(got.mismatch, size, "record %d (pos %lu) differs at byte %zu", i, pos,
			     got.mismatch);
	}
	cr_expect_geq(crossed, 10, "records that crossed the end: %d", crossed);
	ring_consumer__free(c);
	ringbuf_map__free(m);
}
