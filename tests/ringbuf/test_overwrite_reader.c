// SPDX-License-Identifier: GPL-2.0-only
/*
 * The overwrite-mode reader (ringbuf/consumer_overwrite.c, ringbuf_process_ring_ow()):
 * reads from max(consumer_pos, overwrite_pos), copies each record and checks
 * overwrite_pos again; a record overwritten before or while it is read is
 * counted lost and never delivered. The snapshot of the newest records
 * (consumer_ring__snapshot()). One thread here; test_overwrite_mt.c races
 * producers against it.
 */
#include <errno.h>
#include <string.h>
#include <criterion/criterion.h>

#include "tests/helpers/rbtest.h"
#include "tests/helpers/timeout.h"

#define K619 RBSIM_KERNEL(6, 19)
#define RING 4096

static struct bpf_ringbuf_map *map;
static struct ringbuf_mmap view;
static struct ring_consumer *rc;
static struct consumer_ring *ring;
static __u64 got[1024];
static unsigned int ngot;

/* each record is its sequence number, 8 bytes (16 in the ring) */
static int collect(void *ctx, void *data, size_t size)
{
	(void)ctx;
	cr_assert_eq(size, 8, "record size");
	cr_assert_lt(ngot, 1024, "room");
	memcpy(&got[ngot++], data, 8);
	return 0;
}

static void produce(__u64 seq)
{
	__u64 *rec = bpf_ringbuf_reserve(map, 8, 0);

	cr_assert_not_null(rec, "reserve of record %llu", (unsigned long long)seq);
	*rec = seq;
	bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
}

static void setup(void)
{
	map = rbtest_ring_new_opts(RING, BPF_F_RB_OVERWRITE, K619, &view);
	rc = rbtest_consumer_new(map, collect, NULL);
	ring = ring_consumer__ring(rc, 0);
	ngot = 0;
}

static void teardown(void)
{
	rbtest_ring_free(map, &view, rc);
}

TestSuite(overwrite_reader, .init = setup, .fini = teardown, .timeout = RBSIM_TEST_TIMEOUT(10));

static struct consumer_ring_overwrite_stats ow_stats(void)
{
	struct consumer_ring_overwrite_stats st;

	cr_assert_eq(consumer_ring__overwrite_stats(ring, &st), 0, "overwrite stats");
	return st;
}

static void expect_seqs(__u64 from, unsigned int n)
{
	unsigned int i;

	cr_assert_eq(ngot, n, "%u records delivered, want %u", ngot, n);
	for (i = 0; i < n; i++)
		cr_assert_eq(got[i], from + i, "record %u: seq %llu, want %llu", i,
			     (unsigned long long)got[i], (unsigned long long)(from + i));
}

RbTest(overwrite_reader, nothing_overwritten)
{
	int i;

	for (i = 0; i < 100; i++)
		produce(i);
	cr_expect_eq(ring_consumer__consume(rc), 100, "all of them");
	expect_seqs(0, 100);
	cr_expect_eq(ow_stats().lost_bytes, 0, "nothing lost");
	cr_expect_eq(view_cons(&view), 1600, "consumer_pos after them");
	cr_expect_eq(consumer_ring__avail_data_size(ring), 0, "nothing left");
}

/* 300 records of 16 bytes in a 4096-byte ring: the first 45 are gone, the reader says so */
RbTest(overwrite_reader, lapped_reader_jumps)
{
	struct consumer_ring_overwrite_stats st;
	int i;

	for (i = 0; i < 300; i++)
		produce(i);
	cr_assert_eq(consumer_ring__overwrite_pos(ring), 720, "overwrite_pos");
	cr_expect_eq(consumer_ring__avail_data_size(ring), 4080, "AVAIL_DATA from overwrite_pos");
	cr_expect_eq(ring_consumer__consume(rc), 255, "what the ring holds");
	expect_seqs(45, 255);
	st = ow_stats();
	cr_expect_eq(st.lost_bytes, 720, "45 records of 16 bytes lost");
	cr_expect_eq(st.jumps, 1, "one jump");
	cr_expect_eq(st.dropped, 0, "none dropped mid-copy");
	cr_expect_eq(view_cons(&view), 4800, "consumer_pos at producer_pos");

	/* caught up: from here on nothing is lost */
	for (i = 300; i < 400; i++)
		produce(i);
	cr_expect_eq(ring_consumer__consume(rc), 100, "the next 100");
	cr_expect_eq(got[ngot - 1], 399, "the newest");
	cr_expect_eq(ow_stats().lost_bytes, 720, "no more lost");
}

/* the producer takes the record's space after the reader copied it: the copy is dropped */
static void overwrite_at(void *ctx, enum consumer_ring_ow_point point, unsigned long pos)
{
	__u64 *next = ctx;

	if (point == CONSUMER_RING_OW_COPIED && pos == 0)
		produce((*next)++);
}

RbTest(overwrite_reader, overwritten_while_copied)
{
	__u64 next = 255;
	int i;

	for (i = 0; i < 255; i++)
		produce(i);
	consumer_ring__set_overwrite_hook(ring, overwrite_at, &next);
	cr_expect_eq(ring_consumer__consume(rc), 255, "records 1 to 255");
	expect_seqs(1, 255);
	cr_expect_eq(ow_stats().dropped, 1, "record 0 dropped after its copy");
	cr_expect_eq(ow_stats().lost_bytes, 16, "its 16 bytes lost");
	cr_expect_eq(ow_stats().jumps, 1, "one jump, to overwrite_pos");
}

/*
 * The reader read overwrite_pos; before it reads the header at its
 * position, a 2048-byte record overwrites it with bytes that look like a
 * header (len 8): its copy is dropped, never delivered
 */
static void big_record_at(void *ctx, enum consumer_ring_ow_point point, unsigned long pos)
{
	__u32 *rec;
	int i;

	(void)ctx;
	if (point != CONSUMER_RING_OW_POS_READ || pos != 0 || view_prod(&view) != 4080)
		return;
	rec = bpf_ringbuf_reserve(map, 2040, 0);
	cr_assert_not_null(rec, "the big record");
	for (i = 0; i < 2040 / 4; i++)
		rec[i] = 8;
	bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
}

static int count_big(void *ctx, void *data, size_t size)
{
	unsigned int *nbig = ctx;

	if (size == 2040) {
		(*nbig)++;
		return 0;
	}
	return collect(NULL, data, size);
}

RbTest(overwrite_reader, header_overwritten_before_read)
{
	struct ring_consumer *rc2;
	struct consumer_ring *r2;
	struct consumer_ring_overwrite_stats st;
	unsigned int nbig = 0;
	int i;

	for (i = 0; i < 255; i++)
		produce(i);
	rc2 = rbtest_consumer_new(map, count_big, &nbig);
	r2 = ring_consumer__ring(rc2, 0);
	consumer_ring__set_overwrite_hook(r2, big_record_at, NULL);
	/* 4080 + 2048 - 4095: overwrite_pos moves to 2048, over 128 records */
	cr_expect_eq(ring_consumer__consume(rc2), 128, "records 128 to 254 and the big one");
	cr_expect_eq(nbig, 1, "the big record");
	expect_seqs(128, 127);
	cr_expect_eq(consumer_ring__overwrite_stats(r2, &st), 0, "stats");
	cr_expect_eq(st.dropped, 1, "the copy at 0 (len 8 read from the big record) dropped");
	cr_expect_eq(st.lost_bytes, 2048, "128 records lost");
	ring_consumer__free(rc2);
}

RbTest(overwrite_reader, snapshot_newest)
{
	int i, n;

	for (i = 0; i < 300; i++)
		produce(i);
	n = consumer_ring__snapshot(ring, 10, collect, NULL);
	cr_expect_eq(n, 10, "the newest 10");
	expect_seqs(290, 10);
	cr_expect_eq(view_cons(&view), 0, "consumer_pos untouched");
	ngot = 0;
	n = consumer_ring__snapshot(ring, 0, collect, NULL);
	cr_expect_eq(n, 255, "all the ring holds");
	expect_seqs(45, 255);
	cr_expect_eq(ow_stats().lost_bytes, 0, "a snapshot is not a read");
	view_set_cons(&view, view_prod(&view));
}

/* BUSY and discarded records are left out; the walk goes on past them */
RbTest(overwrite_reader, snapshot_skips_busy_and_discarded)
{
	void *busy, *disc;
	int n;

	produce(0);
	busy = bpf_ringbuf_reserve(map, 8, 0);
	disc = bpf_ringbuf_reserve(map, 8, 0);
	cr_assert(busy && disc, "reserves");
	bpf_ringbuf_discard(disc, BPF_RB_NO_WAKEUP);
	produce(3);
	n = consumer_ring__snapshot(ring, 0, collect, NULL);
	cr_expect_eq(n, 2, "records 0 and 3");
	cr_expect(ngot == 2 && got[0] == 0 && got[1] == 3, "their seqs");
	cr_expect_eq(ring_consumer__consume(rc), 1, "the reader stops at the BUSY one");
	bpf_ringbuf_submit(busy, BPF_RB_NO_WAKEUP);
	cr_expect_eq(ring_consumer__consume(rc), 2, "then goes on");
}

/* a ring without overwrite mode: the snapshot starts at consumer_pos */
TestSuite(snapshot, .timeout = RBSIM_TEST_TIMEOUT(10));

Test(snapshot, of_a_plain_ring)
{
	struct ringbuf_mmap v;
	struct consumer_ring_overwrite_stats st;

	map = rbtest_ring_new_opts(RING, 0, K619, &v);
	rc = rbtest_consumer_new(map, collect, NULL);
	ring = ring_consumer__ring(rc, 0);
	ngot = 0;
	for (int i = 0; i < 20; i++)
		produce(i);
	cr_expect_eq(ring_consumer__consume_n(rc, 5), 5, "five consumed");
	ngot = 0;
	cr_expect_eq(consumer_ring__snapshot(ring, 0, collect, NULL), 15, "the other 15");
	expect_seqs(5, 15);
	errno = 0;
	cr_expect_eq(consumer_ring__overwrite_stats(ring, &st), -EINVAL, "not overwrite mode");
	cr_expect_eq(errno, EINVAL, "errno");
	cr_expect_eq(consumer_ring__overwrite_pos(ring), 0, "no overwrite_pos");
	cr_expect_eq(ring_consumer__consume(rc), 15, "consumed");
	rbtest_ring_free(map, &v, rc);
}

/*
 * A plain ring's snapshot (in place since a ring's worth of copies for a
 * 2 GiB ring made a run without a consumer last 25 s): the newest n with a
 * limit, BUSY and discarded records left out, across the wrap, consumer_pos
 * where it was
 */
Test(snapshot, of_a_plain_ring_in_place)
{
	struct ringbuf_mmap v;
	void *busy, *disc;
	int i;

	map = rbtest_ring_new_opts(RING, 0, K619, &v);
	rc = rbtest_consumer_new(map, collect, NULL);
	ring = ring_consumer__ring(rc, 0);
	/* 250 records of 16 bytes consumed: the next ones wrap at 4096 */
	for (i = 0; i < 250; i++)
		produce(i);
	ngot = 0;
	cr_assert_eq(ring_consumer__consume(rc), 250, "the first 250 consumed");
	for (i = 250; i < 260; i++)
		produce(i);
	busy = bpf_ringbuf_reserve(map, 8, 0);
	disc = bpf_ringbuf_reserve(map, 8, 0);
	cr_assert(busy && disc, "reserves");
	bpf_ringbuf_discard(disc, BPF_RB_NO_WAKEUP);
	produce(262);
	ngot = 0;
	cr_expect_eq(consumer_ring__snapshot(ring, 0, collect, NULL), 11,
		     "ten, and the one past the BUSY and discarded records");
	cr_assert_eq(ngot, 11, "delivered");
	for (i = 0; i < 10; i++)
		cr_expect_eq(got[i], 250 + i, "record %d", i);
	cr_expect_eq(got[10], 262, "then 262");
	ngot = 0;
	cr_expect_eq(consumer_ring__snapshot(ring, 3, collect, NULL), 3, "the newest three");
	cr_expect(ngot == 3 && got[0] == 258 && got[1] == 259 && got[2] == 262,
		  "258, 259 and 262, oldest first");
	ngot = 0;
	cr_expect_eq(consumer_ring__snapshot(ring, 50, collect, NULL), 11, "no more than it holds");
	cr_expect_eq(*v.consumer_pos, 250 * 16, "consumer_pos where it was");
	bpf_ringbuf_submit(busy, BPF_RB_NO_WAKEUP);
	ngot = 0;
	cr_expect_eq(consumer_ring__snapshot(ring, 0, collect, NULL), 12, "the BUSY one committed");
	cr_expect_eq(ring_consumer__consume(rc), 12, "consumed");
	rbtest_ring_free(map, &v, rc);
}
