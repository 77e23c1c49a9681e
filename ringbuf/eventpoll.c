// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the kernel side of epoll_wait() for the ports' consumers (see
 * eventpoll.h), after fs/eventpoll.c's ep_poll() in Linux 6.18.
 */
#include <errno.h>
#include <stdint.h>
#include <time.h>

#include "eventpoll.h"

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int ep_poll(int epfd, struct epoll_event *events, int maxevents, int timeout_ms,
	    const struct ep_poll_ops *ops, void *ctx)
{
	int i, cnt, nready;
	int64_t deadline = 0;
	int wait_ms = timeout_ms;

	if (timeout_ms > 0)
		deadline = now_ms() + timeout_ms;

	for (;;) {
		nready = ops->collect ? ops->collect(ctx) : 0;
		if (nready < 0)
			return nready;
		cnt = epoll_wait(epfd, events, maxevents, nready ? 0 : wait_ms);
		if (cnt < 0)
			return -errno;

		for (i = 0; i < cnt; i++) {
			nready = ops->report(ctx, &events[i], nready);
			if (nready < 0)
				return nready;
		}
		if (nready)
			return nready;
		/* woken, but nothing to report: ep_poll() sleeps again until the timeout */
		if (timeout_ms == 0)
			return 0;
		if (timeout_ms > 0) {
			wait_ms = (int)(deadline - now_ms());
			if (wait_ms <= 0)
				return 0;
		}
	}
}
