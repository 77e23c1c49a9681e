// SPDX-License-Identifier: GPL-2.0-only
/*
 * perf_ring__set_notify_hook(): the hook runs where the port would wake the
 * event's waiters, once per wakeup the event's attributes ask for (each
 * sample with wakeup_events = 1, each second one with 2, never below a
 * watermark), and either takes the wake-up over (no eventfd write, the poll
 * bits still set for perf_poll()) or lets the port write the eventfd as
 * usual. Single thread: every output's outcome is known.
 */
#include <poll.h>
#include <sys/epoll.h>
#include <criterion/criterion.h>

#include "ringbuf/perfbuf.h"
#include "tests/helpers/perfbuf_fixture.h"
#include "tests/helpers/timeout.h"

TestSuite(perfbuf_notify_hook, .init = setup, .fini = teardown, .timeout = RBSIM_TEST_TIMEOUT(10));

struct hook {
	int calls;
	bool take;
};

static bool on_notify(void *ctx)
{
	struct hook *h = ctx;

	h->calls++;
	return h->take;
}

/* the event's eventfd is readable: a wake-up was written and not read back */
static bool fd_readable(void)
{
	struct pollfd p = { .fd = perf_ring__fd(ring0()), .events = POLLIN };

	cr_assert_geq(poll(&p, 1, 0), 0, "poll");
	return p.revents & POLLIN;
}

Test(perfbuf_notify_hook, taken_over_means_no_eventfd_write)
{
	struct hook h = { .take = true };

	open_default(2, 2);
	perf_ring__set_notify_hook(ring0(), on_notify, &h);
	cr_assert_eq(out_tagged(16, 1), 0, "sample 1");
	cr_expect_eq(h.calls, 0, "wakeup_events = 2: no wakeup after one sample");
	cr_assert_eq(out_tagged(16, 2), 0, "sample 2");
	cr_expect_eq(h.calls, 1, "the second sample's wakeup ran the hook");
	cr_expect_eq(stats().notifications, 1, "counted as a notification");
	cr_expect(!fd_readable(), "no eventfd write: the hook took it");
	cr_expect_eq(perf_ring__poll(ring0()) & EPOLLIN, EPOLLIN,
		     "the poll bits are set for the consumer's re-poll");
	cr_assert_eq(out_tagged(16, 3), 0, "sample 3");
	cr_assert_eq(out_tagged(16, 4), 0, "sample 4");
	cr_expect_eq(h.calls, 2, "one call per wakeup");
	cr_expect(!fd_readable(), "still no eventfd write");
}

Test(perfbuf_notify_hook, declined_means_the_usual_wake_up)
{
	struct hook h = { .take = false };

	open_default(2, 1);
	perf_ring__set_notify_hook(ring0(), on_notify, &h);
	cr_assert_eq(out_tagged(16, 1), 0, "sample 1");
	cr_expect_eq(h.calls, 1, "the hook ran");
	cr_expect(fd_readable(), "declined: the port wrote the eventfd");
	cr_expect_eq(perfbuf_consumer__poll(pb, 0), 1, "the consumer's poll reports the buffer");

	perf_ring__set_notify_hook(ring0(), NULL, NULL);
	cr_assert_eq(out_tagged(16, 2), 0, "sample 2");
	cr_expect_eq(h.calls, 1, "removed: not called");
	cr_expect(fd_readable(), "removed: the eventfd is written");
}

Test(perfbuf_notify_hook, watermark_below_reach_never_calls)
{
	struct hook h = { .take = true };
	int i;

	open_raw(2, 4096);
	perf_ring__set_notify_hook(ring0(), on_notify, &h);
	for (i = 0; i < 100; i++)
		cr_assert_eq(out_tagged(8, (uint32_t)i), 0, "sample %d", i);
	cr_expect_eq(h.calls, 0, "100 x 24 bytes: below the 4096-byte watermark");
	for (i = 100; i < 200; i++)
		cr_assert_eq(out_tagged(8, (uint32_t)i), 0, "sample %d", i);
	cr_expect_eq(h.calls, 1, "past 4096 bytes: one wakeup");
	cr_expect_eq(stats().notifications, 1, "one notification");
}
