// SPDX-License-Identifier: GPL-2.0-only
/*
 * Discard (kernel/bpf/ringbuf.c bpf_ringbuf_discard(), libbpf
 * ringbuf_process_ring()): a discarded record is never delivered and not
 * counted, but keeps its place in the ring until the consumer steps over it.
 */
#include <stdbool.h>
#include <string.h>
#include <criterion/criterion.h>

#include "tests/helpers/rbtest.h"
#include "tests/helpers/stamp.h"
#include "tests/helpers/timeout.h"

#define RING 4096
#define MAX_SEEN 256

static struct bpf_ringbuf_map *map;
static struct ringbuf_mmap view;
static struct ring_consumer *rc;
static int nseen;
static uint32_t seen_tag[MAX_SEEN];
static size_t seen_size[MAX_SEEN];

/* records carry their tag in the first byte after a pattern check */
static int record_cb(void *ctx, void *data, size_t size)
{
	(void)ctx;
	if (nseen < MAX_SEEN) {
		seen_size[nseen] = size;
		seen_tag[nseen] = size ? *(unsigned char *)data : 0;
	}
	nseen++;
	return 0;
}

static void setup(void)
{
	map = rbtest_ring_new(RING, &view);
	rc = rbtest_consumer_new(map, record_cb, NULL);
	nseen = 0;
}

static void teardown(void)
{
	rbtest_ring_free(map, &view, rc);
}

TestSuite(discard, .init = setup, .fini = teardown, .timeout = RBSIM_TEST_TIMEOUT(10));

static void put(unsigned char tag, size_t size, bool discard)
{
	unsigned char *rec = bpf_ringbuf_reserve(map, size, 0);

	cr_assert_not_null(rec, "reserve(%zu) for tag %u", size, tag);
	memset(rec, tag, size);
	if (discard)
		bpf_ringbuf_discard(rec, 0);
	else
		bpf_ringbuf_submit(rec, 0);
}

RbTest(discard, skipped_by_consumer, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	put('A', 16, false);
	put('B', 24, true);
	put('C', 5, false);
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA), 24 + 32 + 16,
		     "the discarded record is in avail");
	cr_expect_eq(ring_consumer__consume(rc), 2, "count excludes the discarded record");
	cr_assert_eq(nseen, 2, "callback calls");
	cr_expect_eq(seen_tag[0], 'A', "first delivered");
	cr_expect_eq(seen_size[0], 16, "first size");
	cr_expect_eq(seen_tag[1], 'C', "second delivered (B skipped)");
	cr_expect_eq(seen_size[1], 5, "second size");
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_CONS_POS), 72, "consumer_pos past all three");
}

RbTest(discard, occupies_space_until_consumed, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	struct ringbuf_stats st;
	void *rec;

	put('D', 2000, true);	/* footprint 2008 */
	cr_expect_eq(view_prod(&view) - view_cons(&view), 2008, "discarded record in the ring");
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA), 2008, "avail");

	/* 2008 + 2112 = 4120 > mask 4095 */
	cr_expect_null(bpf_ringbuf_reserve(map, 2100, 0), "no room next to a discarded record");
	st = map_stats(map);
	cr_expect_eq(st.fail_no_space, 1, "fail_no_space");

	cr_expect_eq(ring_consumer__consume(rc), 0, "a discarded record is not counted");
	cr_expect_eq(nseen, 0, "and not delivered");
	cr_expect_eq(view_cons(&view), 2008, "consumer_pos stepped over it");

	rec = bpf_ringbuf_reserve(map, 2100, 0);
	cr_expect_not_null(rec, "room once the discarded record is consumed");
	if (rec)
		bpf_ringbuf_submit(rec, 0);
}

RbTest(discard, every_third, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	int i, want = 0;

	for (i = 0; i < 90; i++) {
		put((unsigned char)i, 1 + (size_t)i % 17, i % 3 == 0);
		want += i % 3 != 0;
		if (i % 30 == 29) {
			int base = nseen;

			cr_expect_eq(ring_consumer__consume(rc), 20, "batch ending at %d", i);
			cr_expect_eq(nseen - base, 20, "callbacks in the batch");
		}
	}
	cr_assert_eq(nseen, want, "records delivered");
	for (i = 0; i < nseen; i++) {
		int j = i / 2 * 3 + 1 + i % 2;	/* the i-th index with j % 3 != 0 */

		cr_expect_eq(seen_tag[i], (uint32_t)j, "delivery %d is record %d", i, j);
		cr_expect_eq(seen_size[i], 1 + (size_t)j % 17, "delivery %d size", i);
	}
}

RbTest(discard, consume_n_does_not_count_discarded, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	put('a', 8, true);
	put('b', 8, true);
	put('c', 8, false);
	put('d', 8, true);
	put('e', 8, false);
	cr_expect_eq(ring_consumer__consume_n(rc, 1), 1, "consume_n(1)");
	cr_assert_eq(nseen, 1, "one delivered");
	cr_expect_eq(seen_tag[0], 'c', "the first committed one");
	cr_expect_eq(view_cons(&view), 3 * 16, "stopped right after it");
	cr_expect_eq(ring_consumer__consume_n(rc, 5), 1, "the rest");
	cr_expect_eq(seen_tag[1], 'e', "the second committed one");
	cr_expect_eq(view_cons(&view), 5 * 16, "all consumed");
}

RbTest(discard, header_only_discard, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	put('z', 0, true);
	cr_expect_eq(view_len(&view, 0), BPF_RINGBUF_DISCARD_BIT,
		     "len of a discarded 0-byte record");
	cr_expect_eq(view_prod(&view), 8, "footprint 8");
	put('y', 1, false);
	cr_expect_eq(ring_consumer__consume(rc), 1, "one delivered");
	cr_expect_eq(seen_tag[0], 'y', "the submitted one");
	cr_expect_eq(view_cons(&view), 24, "consumer_pos");
}
