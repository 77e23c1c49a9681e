// SPDX-License-Identifier: GPL-2.0-only
/*
 * The perf buffer port's wakeups (ringbuf/perfbuf.c perf_output_wakeup(),
 * libbpf's perf_buffer in ringbuf/perfbuf_consumer.c): one per wakeup_events
 * samples, one per watermark bytes (half the buffer by default), an epoll fd
 * that reports once per wakeup, and an event callback that stops the walk.
 */
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <criterion/criterion.h>

#include "ringbuf/perfbuf.h"
#include "tests/helpers/perfbuf_fixture.h"
#include "tests/helpers/rbtest.h"
#include "tests/helpers/timeout.h"

TestSuite(perfbuf_wakeup, .init = setup, .fini = teardown, .timeout = RBSIM_TEST_TIMEOUT(20));

Test(perfbuf_wakeup, wakeup_per_sample, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	const int r = 10;
	int i;

	open_default(2, 1);
	cr_assert_eq(perfbuf_consumer__poll(pb, 0), 0, "nothing before any sample");
	for (i = 0; i < r; i++)
		cr_assert_eq(out_tagged(16, (uint32_t)i), 0, "sample %d", i);
	cr_assert_eq(stats().wakeups, (__u64)r, "a wakeup per sample");
	cr_assert_eq(stats().notifications, (__u64)r, "each woke the waiters");
	cr_assert_eq(perfbuf_consumer__poll(pb, 0), 1, "one buffer ready");
	cr_assert_eq(nev, r, "all samples delivered at once");
	cr_assert_eq(perfbuf_consumer__poll(pb, 0), 0, "the poll bits were taken");
	cr_assert_eq(perfbuf_consumer__wakeups(pb), 1, "one consumer wake-up");
}

/*
 * The fd of perfbuf_consumer__epoll_fd() for a user who never calls poll: as
 * a perf event fd in epoll, it reports once per wakeup (perf_poll() takes
 * the poll bits), consumed or not; wakeups before an epoll_wait() make one
 * report
 */
Test(perfbuf_wakeup, epoll_fd_reports_once_per_wakeup, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	int efd, i;

	open_default(2, 2);
	efd = perfbuf_consumer__epoll_fd(pb);
	cr_assert_geq(efd, 0, "epoll fd");
	cr_expect_eq(rbtest_ep_ready(efd), 0, "nothing written");
	cr_assert_eq(out_tagged(16, 1), 0, "sample 1");
	cr_expect_eq(rbtest_ep_ready(efd), 0, "no wakeup before the second sample");
	cr_assert_eq(out_tagged(16, 2), 0, "sample 2");
	cr_expect_eq(rbtest_ep_ready(efd), 1, "the wakeup is reported");
	cr_expect_eq(rbtest_ep_ready(efd), 0, "once");
	cr_expect_eq(perfbuf_consumer__consume(pb), 0, "consume");
	cr_expect_eq(nev, 2, "two samples");
	cr_expect_eq(rbtest_ep_ready(efd), 0, "consumed, no new wakeup");

	for (i = 3; i <= 6; i++)
		cr_assert_eq(out_tagged(16, (uint32_t)i), 0, "sample %d", i);
	cr_expect_eq(stats().wakeups, 3, "two more wakeups");
	cr_expect_eq(rbtest_ep_ready(efd), 1, "reported");
	cr_expect_eq(rbtest_ep_ready(efd), 0, "once for both");

	/* a wakeup whose data was consumed before the epoll_wait is still reported */
	cr_expect_eq(perfbuf_consumer__consume(pb), 0, "consume");
	cr_assert_eq(out_tagged(16, 7), 0, "sample 7");
	cr_assert_eq(out_tagged(16, 8), 0, "sample 8");
	cr_expect_eq(perfbuf_consumer__consume(pb), 0, "consume before epoll_wait");
	cr_expect_eq(nev, 8, "every sample delivered");
	cr_expect_eq(rbtest_ep_ready(efd), 1, "the wakeup is pending");
	cr_expect_eq(rbtest_ep_ready(efd), 0, "once");

	/* perfbuf_consumer__poll() takes the report as an epoll_wait() does */
	cr_assert_eq(out_tagged(16, 9), 0, "sample 9");
	cr_assert_eq(out_tagged(16, 10), 0, "sample 10");
	cr_expect_eq(perfbuf_consumer__poll(pb, 0), 1, "poll reports the buffer");
	cr_expect_eq(rbtest_ep_ready(efd), 0, "taken by poll");
	cr_expect_eq(nev, 10, "every sample delivered once");
}

/* wakeup_events = k: a wakeup every k samples; data in between waits for it */
Test(perfbuf_wakeup, wakeup_every_k_samples, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	const __u32 k = 4;
	__u64 i;

	open_default(2, k);
	for (i = 1; i < k; i++)
		cr_assert_eq(out_tagged(16, (uint32_t)i), 0, "sample %llu", (unsigned long long)i);
	cr_assert_eq(stats().wakeups, 0, "no wakeup before %u samples", k);
	cr_assert_eq(perfbuf_consumer__poll(pb, 0), 0, "not ready before the wakeup");
	cr_assert_eq(nev, 0, "nothing delivered before the wakeup");
	cr_assert_eq(out_tagged(16, (uint32_t)k), 0, "sample k");
	cr_assert_eq(stats().wakeups, 1, "wakeup at sample k");
	cr_assert_eq(perfbuf_consumer__poll(pb, 0), 1, "ready at the wakeup");
	cr_assert_eq(nev, (int)k, "the k samples delivered");
	for (i = k + 1; i <= 50; i++) {
		cr_assert_eq(out_tagged(16, (uint32_t)i), 0, "sample %llu", (unsigned long long)i);
		cr_assert_eq(stats().wakeups, i / k, "wakeups after %llu samples",
			     (unsigned long long)i);
	}
}

/* attr.watermark: a wakeup each time data_head gets more than W bytes past the stamp */
Test(perfbuf_wakeup, watermark_wakeups, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	const __u64 w = 1000, per = fp(12);
	__u64 i;

	open_raw(4, (__u32)w);
	for (i = 1; i * per < 4 * PG; i++) {
		cr_assert_eq(out_tagged(12, (uint32_t)i), 0, "sample %llu", (unsigned long long)i);
		/* the stamp advances by W each time head - stamp > W */
		cr_assert_eq(stats().wakeups, (i * per - 1) / w, "wakeups after %llu bytes",
			     (unsigned long long)(i * per));
	}
}

/* wakeup_events mode keeps the default watermark of half the buffer */
Test(perfbuf_wakeup, default_watermark_is_half_the_buffer, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	const __u32 k = 1000;
	const __u64 d = PG, per = fp(12);
	__u64 i;

	open_default(1, k);
	for (i = 1; i * per <= d - 1; i++) {
		cr_assert_eq(out_tagged(12, (uint32_t)i), 0, "sample %llu", (unsigned long long)i);
		cr_assert_eq(stats().wakeups, (i * per - 1) / (d / 2) + i / k,
			     "wakeups after %llu samples", (unsigned long long)i);
	}
	cr_assert_eq(out_tagged(12, 0), -ENOSPC, "the ring is full at %llu bytes",
		     (unsigned long long)((i - 1) * per));
}

static enum perfbuf_event_ret stop_cb(void *ctx, int cpu, struct perf_event_header *h)
{
	(void)ctx;
	(void)cpu;
	new_ev(EV_RAW, 0)->size = h->size;
	return nev == 2 ? PERFBUF_EVENT_DONE : PERFBUF_EVENT_CONT;
}

Test(perfbuf_wakeup, event_callback_done_stops, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	struct perf_event_attr attr;
	int i;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_BPF_OUTPUT;
	attr.sample_type = PERF_SAMPLE_RAW;
	attr.wakeup_events = 1;
	pb = perfbuf_consumer__new_raw(map, 1, &attr, stop_cb, NULL, NULL);
	cr_assert_not_null(pb, "new_raw");
	for (i = 0; i < 4; i++)
		cr_assert_eq(out_tagged(8, (uint32_t)i), 0, "sample %d", i);
	cr_assert_eq(perfbuf_consumer__consume(pb), 0, "DONE is not an error");
	cr_assert_eq(nev, 2, "stopped after the second record");
	cr_assert_eq(tail(), 2 * fp(8), "data_tail after the two records read");
	cr_assert_eq(perfbuf_consumer__consume(pb), 0, "again");
	cr_assert_eq(nev, 4, "the rest on the next call");
}
