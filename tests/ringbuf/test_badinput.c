// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bad input never crashes and gets the kernel's answer: NULL maps, zero and
 * huge sizes, invalid flags on every helper (kernel/bpf/ringbuf.c, 6.18:
 * reserve refuses any flag, output refuses bits above FORCE_WAKEUP, submit
 * and discard ignore unknown bits; reserve_dynptr's -EINVAL/-E2BIG).
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <criterion/criterion.h>

#include "tests/helpers/rbtest.h"
#include "tests/helpers/timeout.h"

#define RING 4096

static struct bpf_ringbuf_map *map;
static struct ringbuf_mmap view;
static struct ring_consumer *rc;
static int calls;
static size_t last_size;

static int count_cb(void *ctx, void *data, size_t size)
{
	(void)ctx, (void)data;
	calls++;
	last_size = size;
	return 0;
}

static void setup(void)
{
	map = rbtest_ring_new(RING, &view);
	rc = rbtest_consumer_new(map, count_cb, NULL);
	calls = 0;
}

static void teardown(void)
{
	rbtest_ring_free(map, &view, rc);
}

TestSuite(badinput, .init = setup, .fini = teardown, .timeout = RBSIM_TEST_TIMEOUT(10));

RbTest(badinput, null_map, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	struct ringbuf_mmap v;
	void *sample = &v;
	char buf[8] = {0};

	cr_expect_null(bpf_ringbuf_reserve(NULL, 8, 0), "reserve(NULL)");
	cr_expect_eq(bpf_ringbuf_output(NULL, buf, 8, 0), -EINVAL, "output(NULL)");
	cr_expect_eq(bpf_ringbuf_query(NULL, BPF_RB_AVAIL_DATA), 0, "query(NULL, AVAIL_DATA)");
	cr_expect_eq(bpf_ringbuf_query(NULL, BPF_RB_RING_SIZE), 0, "query(NULL, RING_SIZE)");
	cr_expect_eq(ringbuf_map__mmap(NULL, &v), -EINVAL, "mmap(NULL)");
	cr_expect_eq(ringbuf_map__fd(NULL), -EINVAL, "fd(NULL)");
	cr_expect_eq(bpf_ringbuf_reserve_dynptr(NULL, 8, 0, &sample), -EINVAL, "dynptr(NULL)");
	cr_expect_null(sample, "dynptr(NULL) sets the sample to NULL");
	ringbuf_map__free(NULL);
	ringbuf_map__munmap(NULL);
	bpf_ringbuf_submit(NULL, 0);
	bpf_ringbuf_discard(NULL, 0);

	errno = 0;
	cr_expect_null(ring_consumer__new(NULL, count_cb, NULL), "consumer on a NULL map");
	cr_expect_eq(errno, EINVAL, "errno of ring_consumer__new(NULL)");
	cr_expect_eq(ring_consumer__add(rc, NULL, count_cb, NULL), -EINVAL, "add(NULL map)");
	cr_expect_eq(ring_consumer__add(NULL, map, count_cb, NULL), -EINVAL, "add to NULL");
	cr_expect_eq(ring_consumer__consume(NULL), -EINVAL, "consume(NULL)");
	cr_expect_eq(ring_consumer__poll(NULL, 0), -EINVAL, "poll(NULL)");
	ring_consumer__free(NULL);
	cr_expect_eq(ringbuf_map__mmap(map, NULL), -EINVAL, "mmap into a NULL view");
}

/*
 * The port's additions that take a map must not crash on NULL either (the
 * check is that the process survives the call; values are unspecified).
 */
RbTest(badinput, null_map_stats, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	struct ringbuf_stats st;

	ringbuf_map__stats(NULL, &st);
	cr_expect_eq(map_stats(map).notifications, 0, "the real map is untouched");
}

RbTest(badinput, null_map_lock_timeout, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	ringbuf_map__set_lock_timeout(NULL, 1000);
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_PROD_POS), 0, "the real map is untouched");
}

RbTest(badinput, null_map_mem_usage, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	__u64 usage = ringbuf_map__mem_usage(NULL);

	cr_expect_lt(usage, ringbuf_map__mem_usage(map), "a NULL map uses less than a real one");
}

RbTest(badinput, size_zero, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	void *rec = bpf_ringbuf_reserve(map, 0, 0);

	cr_assert_not_null(rec, "a 0-byte reserve is legal");
	cr_expect_eq(view_prod(&view), 8, "header-only footprint 8");
	cr_expect_eq(view_len(&view, 0), BPF_RINGBUF_BUSY_BIT, "len 0 | BUSY");
	bpf_ringbuf_submit(rec, 0);
	cr_expect_eq(view_len(&view, 0), 0, "len 0 after submit");
	cr_expect_eq(bpf_ringbuf_output(map, "", 0, 0), 0, "0-byte output");
	cr_expect_eq(view_prod(&view), 16, "footprint 8 again");
	last_size = 99;
	cr_expect_eq(ring_consumer__consume(rc), 2, "both delivered");
	cr_expect_eq(last_size, 0, "with size 0");
}

RbTest(badinput, huge_sizes, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	static const __u64 huge[] = {
		UINT_MAX / 4 + 1ULL,	/* above RINGBUF_MAX_RECORD_SZ */
		UINT_MAX / 4,		/* allowed by the max, bigger than the ring */
		UINT_MAX, 1ULL << 32, (1ULL << 32) + 8, (1ULL << 32) + 16,
		1ULL << 40, UINT64_MAX, UINT64_MAX - 7, INT64_MAX,
	};
	char buf[16] = {0};
	size_t i;

	for (i = 0; i < sizeof(huge) / sizeof(huge[0]); i++) {
		cr_expect_null(bpf_ringbuf_reserve(map, huge[i], 0), "reserve(%#llx)",
			       (unsigned long long)huge[i]);
		cr_expect_eq(bpf_ringbuf_output(map, buf, huge[i], 0), -EAGAIN, "output(%#llx)",
			     (unsigned long long)huge[i]);
	}
	cr_expect_eq(map_stats(map).fail_too_big, 2 * i, "fail_too_big");
	cr_expect_eq(view_prod(&view), 0, "nothing reserved");
	cr_expect_eq(bpf_ringbuf_output(map, buf, 16, 0), 0, "the map still works");
}

RbTest(badinput, reserve_flags, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	static const __u64 bad[] = { 1, 2, 3, 4, 1ULL << 31, 1ULL << 63, ~0ULL };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_null(bpf_ringbuf_reserve(map, 8, bad[i]), "reserve flags %#llx",
			       (unsigned long long)bad[i]);
	cr_expect_eq(view_prod(&view), 0, "nothing reserved");
}

RbTest(badinput, output_flags, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	static const __u64 bad[] = { 4, 5, 7, 8, 1ULL << 31, 1ULL << 32, 1ULL << 63, ~0ULL };
	char buf[8] = {0};
	__u64 ok;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_eq(bpf_ringbuf_output(map, buf, 8, bad[i]), -EINVAL, "output flags %#llx",
			     (unsigned long long)bad[i]);
	cr_expect_eq(view_prod(&view), 0, "nothing reserved for bad flags");
	for (ok = 0; ok <= 3; ok++)
		cr_expect_eq(bpf_ringbuf_output(map, buf, 8, ok), 0, "output flags %llu",
			     (unsigned long long)ok);
	cr_expect_eq(view_prod(&view), 4 * 16, "four records");
}

RbTest(badinput, submit_discard_ignore_unknown_flags, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	struct ringbuf_stats st;
	void *r1, *r2, *r3;

	/* unknown bits alone: adaptive, and the consumer is at this record: one notification */
	r1 = bpf_ringbuf_reserve(map, 8, 0);
	cr_assert_not_null(r1, "r1");
	bpf_ringbuf_submit(r1, 1ULL << 40 | 1ULL << 5);
	cr_expect_eq(view_len(&view, 0), 8, "r1 committed");
	st = map_stats(map);
	cr_expect_eq(st.notifications, 1, "adaptive wake-up despite unknown bits");

	/* consumer behind: unknown bits do not force a wake-up */
	r2 = bpf_ringbuf_reserve(map, 8, 0);
	cr_assert_not_null(r2, "r2");
	bpf_ringbuf_discard(r2, 1ULL << 33 | 1ULL << 8);
	cr_expect_eq(view_len(&view, 16), 8 | BPF_RINGBUF_DISCARD_BIT, "r2 discarded");
	cr_expect_eq(map_stats(map).notifications, 1, "no wake-up");

	/* all bits: FORCE_WAKEUP is among them */
	r3 = bpf_ringbuf_reserve(map, 8, 0);
	cr_assert_not_null(r3, "r3");
	bpf_ringbuf_submit(r3, ~0ULL);
	cr_expect_eq(view_len(&view, 32), 8, "r3 committed");
	cr_expect_eq(map_stats(map).notifications, 2, "FORCE_WAKEUP in ~0");

	cr_expect_eq(ring_consumer__consume(rc), 2, "r1 and r3 delivered");
}

RbTest(badinput, reserve_dynptr, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	void *sample;
	long err;

	sample = &sample;
	err = bpf_ringbuf_reserve_dynptr(map, 8, 1, &sample);
	cr_expect_eq(err, -EINVAL, "flags: %ld", err);
	cr_expect_null(sample, "flags: NULL sample");

	sample = &sample;
	err = bpf_ringbuf_reserve_dynptr(map, (1u << 24), 0, &sample);
	cr_expect_eq(err, -E2BIG, "size 1 << 24: %ld", err);
	cr_expect_null(sample, "E2BIG: NULL sample");

	sample = &sample;
	err = bpf_ringbuf_reserve_dynptr(map, UINT_MAX, 0, &sample);
	cr_expect_eq(err, -E2BIG, "size UINT_MAX: %ld", err);

	sample = &sample;
	err = bpf_ringbuf_reserve_dynptr(map, UINT_MAX, 1ULL << 40, &sample);
	cr_expect_eq(err, -EINVAL, "flags are checked before the size: %ld", err);

	/* within the dynptr limit but bigger than the ring: the reserve fails */
	sample = &sample;
	err = bpf_ringbuf_reserve_dynptr(map, (1u << 24) - 1, 0, &sample);
	cr_expect_eq(err, -EINVAL, "no space for (1 << 24) - 1: %ld", err);
	cr_expect_null(sample, "no space: NULL sample");

	sample = NULL;
	err = bpf_ringbuf_reserve_dynptr(map, 100, 0, &sample);
	cr_assert_eq(err, 0, "dynptr of 100 bytes: %ld", err);
	cr_assert_not_null(sample, "sample");
	cr_expect_eq(view_len(&view, 0), 100 | BPF_RINGBUF_BUSY_BIT, "BUSY like reserve");
	memset(sample, 1, 100);
	bpf_ringbuf_submit(sample, 0);
	cr_expect_eq(ring_consumer__consume(rc), 1, "delivered");
	cr_expect_eq(last_size, 100, "size");

	/* fill the ring, then a dynptr reserve fails with -EINVAL (not -EAGAIN) */
	while (bpf_ringbuf_output(map, "", 0, 0) == 0)
		;
	sample = &sample;
	err = bpf_ringbuf_reserve_dynptr(map, 8, 0, &sample);
	cr_expect_eq(err, -EINVAL, "full ring: %ld", err);
	cr_expect_null(sample, "full ring: NULL sample");
}

/* 0 bytes from NULL read nothing: legal, and no memcpy(rec, NULL, 0) (undefined behaviour) */
RbTest(badinput, output_null_data_of_size_zero, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	cr_expect_eq(bpf_ringbuf_output(map, NULL, 0, 0), 0, "0 bytes from NULL");
	cr_expect_eq(bpf_ringbuf_output(map, NULL, 1, 0), -EINVAL, "1 byte from NULL");
	cr_expect_eq(view_prod(&view), 8, "one header-only record");
	last_size = 99;
	cr_expect_eq(ring_consumer__consume(rc), 1, "delivered");
	cr_expect_eq(last_size, 0, "with size 0");
}

/*
 * Every accessor of ringbuf.h and consumer.h on NULL: int results -EINVAL
 * (the consumer's with errno EINVAL, as libbpf's), unsigned results 0 with
 * errno EINVAL, pointers NULL with errno EINVAL, void calls nothing
 */
RbTest(badinput, null_everywhere, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	struct ringbuf_stats st;

	RBTEST_EXPECT_EINVAL(ring_consumer__wakeups(NULL), 0);
	RBTEST_EXPECT_EINVAL(ring_consumer__consume_n(NULL, 1), -EINVAL);
	RBTEST_EXPECT_EINVAL(ring_consumer__wait(NULL, 0), -EINVAL);
	RBTEST_EXPECT_EINVAL(ring_consumer__set_wait(NULL, RING_CONSUMER_WAIT_EPOLL), -EINVAL);
	RBTEST_EXPECT_EINVAL(ring_consumer__wait_how(NULL), -EINVAL);
	RBTEST_EXPECT_EINVAL(ring_consumer__sleeps(NULL), 0);
	RBTEST_EXPECT_EINVAL(ring_consumer__busy_stops(NULL), 0);
	RBTEST_EXPECT_EINVAL(ring_consumer__epoll_fd(NULL), -EINVAL);
	RBTEST_EXPECT_EINVAL(ring_consumer__ring(NULL, 0), NULL);
	RBTEST_EXPECT_EINVAL(consumer_ring__consumer_pos(NULL), 0);
	RBTEST_EXPECT_EINVAL(consumer_ring__producer_pos(NULL), 0);
	RBTEST_EXPECT_EINVAL(consumer_ring__avail_data_size(NULL), 0);
	RBTEST_EXPECT_EINVAL(consumer_ring__size(NULL), 0);
	RBTEST_EXPECT_EINVAL(consumer_ring__map_fd(NULL), -EINVAL);
	RBTEST_EXPECT_EINVAL(consumer_ring__consume(NULL), -EINVAL);
	RBTEST_EXPECT_EINVAL(consumer_ring__consume_n(NULL, 1), -EINVAL);

	cr_expect_eq(bpf_ringbuf_reserve_dynptr(map, 8, 0, NULL), -EINVAL, "dynptr into NULL");
	cr_expect_eq(ringbuf_map__take_wakeups(NULL), -EINVAL, "take_wakeups(NULL)");
	ringbuf_map__rearm(NULL);
	cr_expect_eq(ringbuf_map__wait_fd(NULL), -EINVAL, "wait_fd(NULL)");
	cr_expect(!ringbuf_map__wakeup_pending(NULL), "wakeup_pending(NULL)");
	cr_expect_eq(ringbuf_map__notify_reads(NULL), 0, "notify_reads(NULL)");
	ringbuf_map__set_waiting(NULL, true);
	cr_expect_eq(ringbuf_map__set_futex_waiting(NULL, true), 0, "set_futex_waiting(NULL)");
	cr_expect_null(ringbuf_map__wake_word(NULL), "wake_word(NULL)");
	ring_consumer__set_sleep_hook(NULL, NULL, NULL);
	ringbuf_map__set_locked_hook(NULL, NULL, NULL);
	ringbuf_map__set_lock_point_hook(NULL, NULL, NULL);
	ringbuf_map__set_take_hook(NULL, NULL, NULL);
	ringbuf_map__stats(map, NULL);
	memset(&st, 0xff, sizeof(st));
	ringbuf_map__stats(NULL, &st);
	cr_expect_eq(st.notifications + st.notify_dedup + st.fail_too_big + st.fail_lock +
		     st.fail_no_space + st.misuse + st.overwritten + st.notify_writes +
		     st.notify_reads + st.notify_wakes, 0,
		     "stats of a NULL map are zero");
	cr_expect_eq(view_prod(&view), 0, "the real map is untouched");
}
