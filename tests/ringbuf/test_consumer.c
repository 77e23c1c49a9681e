// SPDX-License-Identifier: GPL-2.0-only
/*
 * The consumer (libbpf src/ringbuf.c, 1.5+ semantics): counts returned by
 * poll/consume/consume_n, callback return values, several rings in one
 * consumer, the ring__ accessors, stopping at a BUSY record, level-triggered
 * readiness.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/epoll.h>
#include <criterion/criterion.h>

#include "tests/helpers/rbtest.h"
#include "tests/helpers/timeout.h"

#define RING 4096
#define MAX_SEEN 64

struct sink {
	int id;			/* which ring this context belongs to */
	int calls;
	int fail_at;		/* call number (1-based) that returns ret_fail, 0: never */
	int ret_fail;
	int ret_ok;		/* returned by every other call */
	unsigned char tag[MAX_SEEN];
	size_t size[MAX_SEEN];
	int wrong_ring;		/* records tagged for another ring */
	int via_other;		/* calls that came through other_cb */
};

static struct bpf_ringbuf_map *map;
static struct ringbuf_mmap view;
static struct ring_consumer *rc;
static struct sink s0;

/* records carry tag = 16 * ring id + n in their first byte */
static int sink_cb(void *ctx, void *data, size_t size)
{
	struct sink *s = ctx;
	unsigned char tag = size ? *(unsigned char *)data : 0;

	if (s->calls < MAX_SEEN) {
		s->tag[s->calls] = tag;
		s->size[s->calls] = size;
	}
	if (size && tag / 16 != s->id)
		s->wrong_ring++;
	s->calls++;
	if (s->calls == s->fail_at)
		return s->ret_fail;
	return s->ret_ok;
}

/* a second callback, so that per-ring callbacks are told apart */
static int other_cb(void *ctx, void *data, size_t size)
{
	struct sink *s = ctx;

	s->via_other++;
	return sink_cb(ctx, data, size);
}

static void setup(void)
{
	memset(&s0, 0, sizeof(s0));
	map = rbtest_ring_new(RING, &view);
	rc = rbtest_consumer_new(map, sink_cb, &s0);
}

static void teardown(void)
{
	rbtest_ring_free(map, &view, rc);
}

TestSuite(consumer, .init = setup, .fini = teardown, .timeout = RBSIM_TEST_TIMEOUT(10));

static void put(struct bpf_ringbuf_map *m, unsigned char tag, size_t size, __u64 flags)
{
	unsigned char buf[256];

	memset(buf, tag, sizeof(buf));
	cr_assert_eq(bpf_ringbuf_output(m, buf, size, flags), 0, "output tag %u", tag);
}

RbTest(consumer, counts, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	int i;

	cr_expect_eq(ring_consumer__poll(rc, 0), 0, "poll on an empty ring");
	cr_expect_eq(ring_consumer__consume(rc), 0, "consume on an empty ring");
	for (i = 0; i < 5; i++)
		put(map, (unsigned char)i, 1 + (size_t)i * 10, 0);
	cr_expect_eq(ring_consumer__poll(rc, 1000), 5, "poll returns the records consumed");
	cr_expect_eq(s0.calls, 5, "callbacks");
	for (i = 0; i < 5; i++) {
		cr_expect_eq(s0.tag[i], i, "order: delivery %d", i);
		cr_expect_eq(s0.size[i], 1 + (size_t)i * 10, "unrounded size of delivery %d", i);
	}
	for (i = 0; i < 3; i++)
		put(map, 9, 7, 0);
	cr_expect_eq(ring_consumer__consume(rc), 3, "consume returns the records consumed");
	cr_expect_eq(ring_consumer__consume(rc), 0, "nothing left");
	cr_expect_eq(ring_consumer__poll(rc, 0), 0, "poll: nothing left");
	cr_expect_eq(s0.calls, 8, "callbacks in all");
	/* sizes 1, 11, 21, 31, 41 take 16, 24, 32, 40, 56; then 3 x 16 */
	cr_expect_eq(view_cons(&view), 16 + 24 + 32 + 40 + 56 + 3 * 16, "consumer_pos");
}

RbTest(consumer, consume_n_limit, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	int i;

	for (i = 0; i < 5; i++)
		put(map, (unsigned char)i, 8, 0);
	cr_expect_eq(ring_consumer__consume_n(rc, 2), 2, "consume_n(2)");
	cr_expect_eq(s0.calls, 2, "callbacks");
	cr_expect_eq(view_cons(&view), 32, "consumer_pos after two records");
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA), 48, "three left");
	cr_expect_eq(ring_consumer__consume_n(rc, 1), 1, "consume_n(1)");
	cr_expect_eq(s0.tag[2], 2, "third record next");
	cr_expect_eq(ring_consumer__consume_n(rc, 10), 2, "consume_n(10) takes the rest");
	cr_expect_eq(s0.calls, 5, "callbacks");
	cr_expect_eq(ring_consumer__consume_n(rc, 10), 0, "empty");
}

/*
 * libbpf compares the count with n unsigned (int64_t against size_t): a
 * huge n means "everything", as consume() does; never a negative limit
 */
RbTest(consumer, consume_n_huge_n_takes_everything, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	static const size_t huge[] = { SIZE_MAX, (size_t)INT64_MAX + 1, (size_t)INT64_MAX,
				       (size_t)UINT32_MAX + 1 };
	struct consumer_ring *r0 = ring_consumer__ring(rc, 0);
	void *rec;
	size_t k;
	int i;

	cr_assert_not_null(r0, "ring 0");
	for (k = 0; k < sizeof(huge) / sizeof(huge[0]); k++) {
		memset(&s0, 0, sizeof(s0));
		for (i = 0; i < 5; i++)
			put(map, (unsigned char)i, 8, 0);
		cr_expect_eq(ring_consumer__consume_n(rc, huge[k]), 5,
			     "ring_consumer__consume_n(%zu) takes all five", huge[k]);
		cr_expect_eq(s0.calls, 5, "callbacks for n = %zu", huge[k]);

		/* a discarded first record is skipped, not counted, and does not stop it */
		rec = bpf_ringbuf_reserve(map, 8, 0);
		cr_assert_not_null(rec, "reserve");
		bpf_ringbuf_discard(rec, 0);
		for (i = 0; i < 3; i++)
			put(map, (unsigned char)i, 8, 0);
		cr_expect_eq(consumer_ring__consume_n(r0, huge[k]), 3,
			     "consumer_ring__consume_n(%zu) past a discarded record", huge[k]);
		cr_expect_eq(s0.calls, 8, "callbacks for n = %zu", huge[k]);
		cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA), 0, "drained, n = %zu",
			     huge[k]);
	}
}

RbTest(consumer, negative_callback_stops, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	int i, ret;

	for (i = 0; i < 4; i++)
		put(map, (unsigned char)i, 8, 0);
	s0.fail_at = 2;
	s0.ret_fail = -7;
	errno = 0;
	ret = ring_consumer__consume(rc);
	cr_expect_eq(ret, -7, "consume returns the callback's error: %d", ret);
	cr_expect_eq(errno, 7, "errno set from the error: %d", errno);
	cr_expect_eq(s0.calls, 2, "stopped at the failing record");
	cr_expect_eq(view_cons(&view), 32, "consumer_pos past the failing record");
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA), 32, "two records left");

	ret = ring_consumer__consume(rc);
	cr_expect_eq(ret, 2, "the rest on the next call: %d", ret);
	cr_expect_eq(s0.tag[2], 2, "resumes after the failing record");
	cr_expect_eq(s0.tag[3], 3, "and in order");
}

RbTest(consumer, negative_callback_stops_poll_and_consume_n, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	int i, ret;

	for (i = 0; i < 6; i++)
		put(map, (unsigned char)i, 8, 0);
	s0.fail_at = 1;
	s0.ret_fail = -EIO;
	ret = ring_consumer__poll(rc, 1000);
	cr_expect_eq(ret, -EIO, "poll returns the callback's error: %d", ret);
	cr_expect_eq(errno, EIO, "errno");
	cr_expect_eq(view_cons(&view), 16, "consumer_pos past the first record");

	s0.fail_at = 3;
	s0.ret_fail = -ENOSPC;
	ret = ring_consumer__consume_n(rc, 3);
	cr_expect_eq(ret, -ENOSPC, "consume_n returns the callback's error: %d", ret);
	cr_expect_eq(view_cons(&view), 48, "consumer_pos past the third record");

	/* level-triggered: the ring still has data, so poll reports it at once */
	ret = ring_consumer__poll(rc, 0);
	cr_expect_eq(ret, 3, "poll(0) delivers what is left: %d", ret);
	cr_expect_eq(s0.calls, 6, "every record delivered once");
}

RbTest(consumer, positive_callback_continues, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	int i;

	for (i = 0; i < 4; i++)
		put(map, (unsigned char)i, 8, 0);
	s0.ret_ok = 1;
	s0.fail_at = 2;
	s0.ret_fail = INT_MAX;
	cr_expect_eq(ring_consumer__consume(rc), 4, "positive returns do not stop consume");
	for (i = 0; i < 4; i++)
		put(map, (unsigned char)i, 8, 0);
	cr_expect_eq(ring_consumer__poll(rc, 1000), 4, "nor poll");
	cr_expect_eq(s0.calls, 8, "callbacks");
}

RbTest(consumer, several_rings, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	struct bpf_ringbuf_map *m1 = ringbuf_map__new(8192, 0), *m2 = ringbuf_map__new(16384, 0);
	struct sink s1 = { .id = 1 }, s2 = { .id = 2 };
	int i;

	cr_assert(m1 && m2, "ringbuf_map__new");
	cr_assert_eq(ring_consumer__add(rc, m1, other_cb, &s1), 0, "add ring 1");
	cr_assert_eq(ring_consumer__add(rc, m2, sink_cb, &s2), 0, "add ring 2");

	for (i = 0; i < 2; i++)
		put(map, (unsigned char)(0 * 16 + i), 8, 0);
	for (i = 0; i < 3; i++)
		put(m1, (unsigned char)(1 * 16 + i), 16, 0);
	for (i = 0; i < 4; i++)
		put(m2, (unsigned char)(2 * 16 + i), 24, 0);
	cr_expect_eq(ring_consumer__consume(rc), 9, "consume over three rings");
	cr_expect_eq(s0.calls, 2, "ring 0 callbacks");
	cr_expect_eq(s1.calls, 3, "ring 1 callbacks");
	cr_expect_eq(s2.calls, 4, "ring 2 callbacks");
	cr_expect_eq(s0.wrong_ring + s1.wrong_ring + s2.wrong_ring, 0,
		     "records went to their ring");
	cr_expect_eq(s1.size[0], 16, "ring 1 record size");
	cr_expect_eq(s1.via_other, 3, "ring 1 has its own callback");
	cr_expect_eq(s0.via_other + s2.via_other, 0, "rings 0 and 2 keep theirs");
	cr_expect_eq(s2.tag[3], 2 * 16 + 3, "ring 2 order");

	/* poll wakes for one ring and consumes only what is there */
	for (i = 0; i < 5; i++)
		put(m2, (unsigned char)(2 * 16 + 4 + i), 8, 0);
	cr_expect_eq(ring_consumer__poll(rc, 1000), 5, "poll with data in ring 2 only");
	cr_expect_eq(s2.calls, 9, "ring 2 callbacks");
	cr_expect_eq(s0.calls + s1.calls, 5, "no calls for the other rings");

	/* consume_n counts across rings, in ring order */
	for (i = 0; i < 2; i++)
		put(map, (unsigned char)i, 8, 0);
	for (i = 0; i < 3; i++)
		put(m1, (unsigned char)(16 + i), 8, 0);
	for (i = 0; i < 4; i++)
		put(m2, (unsigned char)(32 + i), 8, 0);
	cr_expect_eq(ring_consumer__consume_n(rc, 4), 4, "consume_n(4) across rings");
	cr_expect_eq(s0.calls, 4, "ring 0 drained first");
	cr_expect_eq(s1.calls, 5, "then two of ring 1");
	cr_expect_eq(s2.calls, 9, "ring 2 untouched");
	cr_expect_eq(bpf_ringbuf_query(m1, BPF_RB_AVAIL_DATA), 16, "one record left in ring 1");
	cr_expect_eq(ring_consumer__consume(rc), 5, "the rest");
	cr_expect_eq(s0.wrong_ring + s1.wrong_ring + s2.wrong_ring, 0,
		     "records went to their ring");

	ring_consumer__free(rc);
	rc = NULL;
	ringbuf_map__free(m1);
	ringbuf_map__free(m2);
}

RbTest(consumer, ring_accessors, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	struct bpf_ringbuf_map *m1 = ringbuf_map__new(65536, 0);
	struct sink s1 = { .id = 1 };
	struct consumer_ring *r0, *r1;
	int i;

	cr_assert_not_null(m1, "ringbuf_map__new");
	cr_assert_eq(ring_consumer__add(rc, m1, sink_cb, &s1), 0, "add");
	r0 = ring_consumer__ring(rc, 0);
	r1 = ring_consumer__ring(rc, 1);
	cr_assert(r0 && r1, "rings 0 and 1");
	errno = 0;
	cr_expect_null(ring_consumer__ring(rc, 2), "ring 2 does not exist");
	cr_expect_eq(errno, ERANGE, "errno for a bad index");
	errno = 0;
	cr_expect_null(ring_consumer__ring(rc, UINT_MAX), "ring UINT_MAX");
	cr_expect_eq(errno, ERANGE, "errno for UINT_MAX");

	cr_expect_eq(consumer_ring__size(r0), RING, "size of ring 0");
	cr_expect_eq(consumer_ring__size(r1), 65536, "size of ring 1");
	cr_expect_eq(consumer_ring__map_fd(r0), ringbuf_map__fd(map), "map fd of ring 0");
	cr_expect_eq(consumer_ring__map_fd(r1), ringbuf_map__fd(m1), "map fd of ring 1");

	for (i = 0; i < 3; i++)
		put(map, (unsigned char)i, 20, 0);	/* 32 each */
	for (i = 0; i < 2; i++)
		put(m1, (unsigned char)(16 + i), 1, 0);	/* 16 each */
	cr_expect_eq(consumer_ring__producer_pos(r0), 96, "producer_pos of ring 0");
	cr_expect_eq(consumer_ring__consumer_pos(r0), 0, "consumer_pos of ring 0");
	cr_expect_eq(consumer_ring__avail_data_size(r0), 96, "avail of ring 0");
	cr_expect_eq(consumer_ring__avail_data_size(r1), 32, "avail of ring 1");

	cr_expect_eq(consumer_ring__consume_n(r0, 1), 1, "consume_n(1) on ring 0");
	cr_expect_eq(consumer_ring__consumer_pos(r0), 32, "consumer_pos of ring 0");
	cr_expect_eq(consumer_ring__consumer_pos(r0), bpf_ringbuf_query(map, BPF_RB_CONS_POS),
		     "accessor and query agree");
	cr_expect_eq(consumer_ring__avail_data_size(r0), 64, "avail of ring 0");
	cr_expect_eq(consumer_ring__consume(r1), 2, "consume ring 1 only");
	cr_expect_eq(s1.calls, 2, "ring 1 callbacks");
	cr_expect_eq(s0.calls, 1, "ring 0 untouched by ring 1's consume");
	cr_expect_eq(consumer_ring__avail_data_size(r1), 0, "ring 1 empty");
	cr_expect_eq(consumer_ring__consume(r0), 2, "rest of ring 0");
	cr_expect_eq(consumer_ring__consumer_pos(r0), 96, "consumer_pos of ring 0");

	ring_consumer__free(rc);
	rc = NULL;
	ringbuf_map__free(m1);
}

RbTest(consumer, stops_at_busy_record, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	void *r1;

	r1 = bpf_ringbuf_reserve(map, 16, 0);
	cr_assert_not_null(r1, "reserve");
	memset(r1, 100, 16);
	put(map, 101, 8, 0);
	put(map, 102, 8, 0);
	cr_expect_eq(ring_consumer__busy_stops(rc), 0, "no walk yet");
	cr_expect_eq(ring_consumer__consume(rc), 0, "nothing past a BUSY record");
	cr_expect_eq(ring_consumer__busy_stops(rc), 1, "the walk stopped at it");
	cr_expect_eq(ring_consumer__poll(rc, 0), 0, "poll: nothing past a BUSY record");
	/* never notified (the records after it were not at consumer_pos): not ready, no walk */
	cr_expect_eq(ring_consumer__busy_stops(rc), 1, "the poll did not walk");
	cr_expect_eq(s0.calls, 0, "no callbacks");
	cr_expect_eq(view_cons(&view), 0, "consumer_pos held");
	bpf_ringbuf_submit(r1, 0);
	cr_expect_eq(ring_consumer__consume(rc), 3, "all three once it is submitted");
	cr_expect_eq(ring_consumer__busy_stops(rc), 1, "a walk to the end is no stop");
	cr_assert_eq(s0.calls, 3, "callbacks");
	cr_expect_eq(s0.tag[0], 100, "the held record first");
	cr_expect_eq(s0.tag[1], 101, "then the ones committed before it");
	cr_expect_eq(s0.tag[2], 102, "in order");
	cr_expect_eq(view_cons(&view), 24 + 16 + 16, "consumer_pos");
}

RbTest(consumer, level_triggered_readiness, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	struct epoll_event ev;

	/* a ring that never signalled is not ready: no wake-up for NO_WAKEUP */
	put(map, 1, 8, BPF_RB_NO_WAKEUP);
	cr_expect_eq(ring_consumer__poll(rc, 0), 0, "no wake-up, not ready");
	cr_expect_eq(ring_consumer__consume(rc), 1, "the record is there");

	/* a ring reported by the last epoll_wait is polled again by the next one */
	put(map, 2, 8, 0);
	cr_expect_eq(ring_consumer__poll(rc, 0), 1, "adaptive wake-up");
	put(map, 3, 8, BPF_RB_NO_WAKEUP);
	cr_expect_eq(ring_consumer__poll(rc, 0), 1, "re-polled: data found");
	/* that epoll_wait found it empty: it leaves the ready list */
	cr_expect_eq(ring_consumer__poll(rc, 0), 0, "empty");
	put(map, 4, 8, BPF_RB_NO_WAKEUP);
	cr_expect_eq(ring_consumer__poll(rc, 0), 0, "no longer ready");
	cr_expect_eq(ring_consumer__consume(rc), 1, "the record is there");

	/* the epoll fd reports a forced wake-up */
	cr_assert_geq(ring_consumer__epoll_fd(rc), 0, "epoll fd");
	cr_expect_eq(epoll_wait(ring_consumer__epoll_fd(rc), &ev, 1, 0), 0, "nothing pending");
	put(map, 5, 8, BPF_RB_FORCE_WAKEUP);
	cr_expect_eq(epoll_wait(ring_consumer__epoll_fd(rc), &ev, 1, 0), 1, "forced wake-up");
	cr_expect_eq(ring_consumer__poll(rc, 0), 1, "and poll takes it");
	cr_expect_eq(s0.calls, 5, "each record delivered once");
}

/* ring_consumer__wait(): the waiting half of poll, consuming nothing */
RbTest(consumer, wait_consumes_nothing, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	cr_expect_eq(ring_consumer__wait(rc, 0), 0, "empty ring: nothing ready");
	put(map, 1, 8, 0); /* adaptive: the consumer is caught up, so this notifies */
	cr_expect_eq(ring_consumer__wait(rc, 1000), 1, "one ring ready after the notification");
	cr_expect_eq(s0.calls, 0, "no callback");
	cr_expect_eq(view_cons(&view), 0, "consumer_pos untouched");
	cr_expect_eq(ring_consumer__wait(rc, 0), 1, "still ready: level-triggered on data");
	cr_expect_eq(ring_consumer__poll(rc, 0), 1, "poll then consumes the record");
	cr_expect_eq(ring_consumer__wait(rc, 0), 0, "drained: not ready");
	put(map, 2, 8, BPF_RB_NO_WAKEUP);
	cr_expect_eq(ring_consumer__wait(rc, 0), 0, "no notification, ring left the ready list");
	errno = 0;
	cr_expect_eq(ring_consumer__wait(NULL, 0), -EINVAL, "NULL consumer");
	cr_expect_eq(errno, EINVAL, "errno");
}

/*
 * The fd of ring_consumer__epoll_fd() for a user who never calls poll/wait:
 * as the kernel's ringbuf map fd in level-triggered epoll, readable while data
 * is available once a wake-up put it on the ready list, not after a drain,
 * readable again at the next wake-up (ringbuf_map_poll_kern()).
 */
RbTest(consumer, epoll_fd_readable_while_data_after_wakeup, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	int efd = ring_consumer__epoll_fd(rc);
	struct consumer_ring *r0 = ring_consumer__ring(rc, 0);
	void *rec;

	cr_assert_geq(efd, 0, "epoll fd");
	cr_assert_not_null(r0, "ring 0");
	cr_expect_eq(rbtest_ep_ready(efd), 0, "empty ring: not readable");

	/* adaptive: the consumer is caught up, the commit wakes it */
	put(map, 1, 8, 0);
	cr_expect_eq(rbtest_ep_ready(efd), 1, "adaptive wake-up: readable");
	cr_expect_eq(rbtest_ep_ready(efd), 1, "level-triggered: readable while the data is there");
	cr_expect_eq(ring_consumer__consume(rc), 1, "consume");
	cr_expect_eq(rbtest_ep_ready(efd), 0, "drained: no longer readable");
	cr_expect_eq(ring_consumer__consume(rc), 0, "nothing to consume");
	cr_expect_eq(rbtest_ep_ready(efd), 0, "still not readable");

	/* NO_WAKEUP: data, but no wake-up put the map on the ready list */
	put(map, 2, 8, BPF_RB_NO_WAKEUP);
	cr_expect_eq(rbtest_ep_ready(efd), 0, "no wake-up: not readable");
	cr_expect_eq(ring_consumer__consume(rc), 1, "the record is there all the same");
	cr_expect_eq(rbtest_ep_ready(efd), 0, "not readable after the drain");

	/* FORCE behind a NO_WAKEUP record: readable until both are consumed */
	put(map, 3, 8, BPF_RB_NO_WAKEUP);
	put(map, 4, 8, BPF_RB_FORCE_WAKEUP);
	cr_expect_eq(rbtest_ep_ready(efd), 1, "forced wake-up: readable");
	cr_expect_eq(ring_consumer__consume_n(rc, 1), 1, "one of two");
	cr_expect_eq(rbtest_ep_ready(efd), 1, "data left: still readable");
	cr_expect_eq(consumer_ring__consume(r0), 1, "the other, through the ring accessor");
	cr_expect_eq(rbtest_ep_ready(efd), 0, "drained through consumer_ring__consume");

	/* adaptive with the consumer behind: one wake-up, readable until drained */
	put(map, 5, 8, 0);
	put(map, 6, 8, 0);
	cr_expect_eq(rbtest_ep_ready(efd), 1, "readable after the first wake-up");
	cr_expect_eq(consumer_ring__consume_n(r0, 1), 1, "one of two");
	cr_expect_eq(rbtest_ep_ready(efd), 1, "data left: still readable");
	cr_expect_eq(consumer_ring__consume_n(r0, 5), 1, "the other");
	cr_expect_eq(rbtest_ep_ready(efd), 0, "drained through consumer_ring__consume_n");

	/* a reserved (BUSY) record is available data for ringbuf_avail_data_sz() */
	put(map, 7, 8, 0);
	rec = bpf_ringbuf_reserve(map, 8, 0);
	cr_assert_not_null(rec, "reserve");
	memset(rec, 8, 8);
	cr_expect_eq(ring_consumer__consume(rc), 1, "up to the BUSY record");
	cr_expect_eq(rbtest_ep_ready(efd), 1, "a reserved record keeps the fd readable");
	bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
	cr_expect_eq(ring_consumer__consume(rc), 1, "the record once submitted");
	cr_expect_eq(rbtest_ep_ready(efd), 0, "drained");

	/* a discarded record is data until the consumer skips it */
	rec = bpf_ringbuf_reserve(map, 8, 0);
	cr_assert_not_null(rec, "reserve");
	bpf_ringbuf_discard(rec, BPF_RB_FORCE_WAKEUP);
	cr_expect_eq(rbtest_ep_ready(efd), 1, "forced wake-up of a discarded record");
	cr_expect_eq(ring_consumer__consume(rc), 0, "no record delivered");
	cr_expect_eq(rbtest_ep_ready(efd), 0, "skipped: not readable");

	/* ring_consumer__poll() drains too: the fd follows */
	put(map, 9, 8, 0);
	cr_expect_eq(rbtest_ep_ready(efd), 1, "readable");
	cr_expect_eq(ring_consumer__poll(rc, 0), 1, "poll consumes");
	cr_expect_eq(rbtest_ep_ready(efd), 0, "not readable after poll drained the ring");

	cr_expect_eq(s0.calls, 9, "each record delivered once");
	cr_expect_eq(s0.tag[8], 9, "in order");
}

/* ep_insert() polls the map once: data already there makes the new epoll fd readable */
RbTest(consumer, epoll_fd_at_add_reflects_available_data, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	struct sink s1 = { 0 };
	struct ring_consumer *rc1;

	/* data committed without a wake-up before the consumer exists */
	put(map, 1, 8, BPF_RB_NO_WAKEUP);
	rc1 = rbtest_consumer_new(map, sink_cb, &s1);
	cr_expect_eq(rbtest_ep_ready(ring_consumer__epoll_fd(rc1)), 1, "data at add: readable");
	cr_expect_eq(ring_consumer__consume(rc1), 1, "consume");
	cr_expect_eq(rbtest_ep_ready(ring_consumer__epoll_fd(rc1)), 0, "drained: not readable");
	ring_consumer__free(rc1);

	/* a wake-up whose data is gone (consumed through the mmap view) is not readable */
	put(map, 2, 8, 0);
	view_set_cons(&view, view_prod(&view));
	rc1 = rbtest_consumer_new(map, sink_cb, &s1);
	cr_expect_eq(rbtest_ep_ready(ring_consumer__epoll_fd(rc1)), 0,
		     "no data at add: not readable");
	cr_expect_eq(s1.calls, 1, "one record seen");
	ring_consumer__free(rc1);
}

/*
 * The wait (ring_consumer__set_wait()): the futex by default, for up to 64
 * rings (futex_waitv() takes 128 words, two a ring), epoll beyond, or when
 * asked; an unknown way is refused and changes nothing. With 65 rings a
 * record on the last is still found.
 */
RbTest(consumer, waits_on_the_futex_up_to_64_rings, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	struct bpf_ringbuf_map *more[64];
	struct sink s1 = { .id = 1 };
	int i;

	cr_expect_eq(ring_consumer__wait_how(rc), RING_CONSUMER_WAIT_FUTEX, "the default");
	cr_expect_eq(ring_consumer__set_wait(rc, RING_CONSUMER_WAIT_EPOLL), 0, "epoll");
	cr_expect_eq(ring_consumer__wait_how(rc), RING_CONSUMER_WAIT_EPOLL, "as asked");
	errno = 0;
	cr_expect_eq(ring_consumer__set_wait(rc, (enum ring_consumer_wait)7), -EINVAL, "unknown");
	cr_expect_eq(errno, EINVAL, "errno for an unknown way");
	cr_expect_eq(ring_consumer__wait_how(rc), RING_CONSUMER_WAIT_EPOLL, "unchanged");
	cr_expect_eq(ring_consumer__set_wait(rc, RING_CONSUMER_WAIT_FUTEX), 0, "futex");
	for (i = 0; i < 64; i++) {
		more[i] = ringbuf_map__new(4096, 0);
		cr_assert_not_null(more[i], "ringbuf_map__new %d", i);
		cr_assert_eq(ring_consumer__add(rc, more[i], sink_cb, &s1), 0, "add %d", i);
		cr_expect_eq(ring_consumer__wait_how(rc), i < 63 ? RING_CONSUMER_WAIT_FUTEX :
			     RING_CONSUMER_WAIT_EPOLL, "%d rings", i + 2);
	}
	put(more[63], 9, 20, 0);
	cr_expect_eq(ring_consumer__poll(rc, 1000), 1, "the record on ring 64, through epoll");
	cr_expect_eq(s1.calls, 1, "delivered");
	ring_consumer__free(rc);
	rc = NULL;
	for (i = 0; i < 64; i++)
		ringbuf_map__free(more[i]);
}
