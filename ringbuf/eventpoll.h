/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the kernel side of epoll_wait() for the ports' consumers, one copy
 * for both (ring_consumer in consumer.c, perfbuf_consumer in
 * perfbuf_consumer.c), after fs/eventpoll.c's ep_poll() in Linux 6.18.
 *
 * PORT: libbpf's ring_buffer__poll() and perf_buffer__poll() are one
 * epoll_wait() on real map or perf fds, where fs/eventpoll.c's ep_poll()
 * re-polls each file (ringbuf_map_poll_kern(), perf_poll()) and sleeps again
 * after a wake-up that finds nothing ready, within the timeout. The ports'
 * fds are eventfds that only report writes, so the re-polls are made here,
 * around an epoll_wait() on them, through two callbacks of the consumer.
 */
#ifndef RBSIM_EVENTPOLL_H
#define RBSIM_EVENTPOLL_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <sys/epoll.h>

struct ep_poll_ops {
	/*
	 * Optional: the files left on the ready list by an earlier wait,
	 * re-polled (level-triggered epoll reports a file again while it
	 * polls ready). Returns how many still are, or -errno. report() must
	 * leave a file collected here as it is (ep_poll() skips epoll_wait()
	 * when every file was collected).
	 */
	int (*collect)(void *ctx);
	/*
	 * Re-poll the file of one event epoll_wait() returned; nready files
	 * are ready so far. Returns the new count, or -errno.
	 */
	int (*report)(void *ctx, const struct epoll_event *ev, int nready);
	/*
	 * Optional: the caller may sleep in epoll_wait() (on), or no longer
	 * (off). On, the files' wake-ups write their fds from then on
	 * (ringbuf_map__set_waiting()); ep_poll() then collects again before
	 * it sleeps, for a wake-up made before, which wrote nothing: the
	 * waiter added to ep->wq, then ep_events_available(), as ep_poll() does.
	 */
	void (*waiting)(void *ctx, bool on);
	/*
	 * Optional: sleep until a wake-up of the files, or timeout_ms (-1:
	 * forever), in place of epoll_wait(), once waiting() announced it and
	 * the collect after it found nothing. Its re-polls inside the system
	 * call put back on the ready list the files they find ready; ep_poll()
	 * collects after it. Returns 0 (woken, timed out, or not asleep after
	 * all) or -errno (-EINTR: a signal, as epoll_wait()).
	 */
	int (*sleep)(void *ctx, int timeout_ms);
	/* Optional, without sleep(): epoll_wait() is called now to sleep */
	void (*slept)(void *ctx);
};

/*
 * ep_poll(): wait on epfd (maxevents in events) until a file is ready:
 * without waiting when collect() found one, else up to timeout_ms (-1:
 * forever, 0: not at all), sleeping again after a wake-up whose re-polls
 * find nothing. Returns the number of ready files, 0 on timeout, or -errno.
 * One copy of the source, always inlined: each consumer passes its own ops
 * as a constant and gets the loop with its re-polls called directly (a
 * --consumer batch run waits once per round).
 */
static inline int64_t ep_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline __attribute__((always_inline)) int
ep_poll(int epfd, struct epoll_event *events, int maxevents, int timeout_ms,
	const struct ep_poll_ops *ops, void *ctx)
{
	int i, cnt, nready, err;
	int64_t deadline = 0;
	int wait_ms = timeout_ms;
	bool sleeps;

	if (timeout_ms > 0)
		deadline = ep_now_ms() + timeout_ms;

	for (;;) {
		nready = ops->collect ? ops->collect(ctx) : 0;
		if (nready < 0)
			return nready;
		/*
		 * every file is ready already: epoll_wait() could only return
		 * files already collected, which report() leaves as they are.
		 * PORT: no system call then (the kernel's epoll_wait() is one;
		 * the calibration's wait cost charges the difference)
		 */
		if (nready >= maxevents)
			return nready;
		sleeps = !nready && wait_ms && ops->waiting;
		if (sleeps) {
			ops->waiting(ctx, true);
			/* W2: after the announcement, the wake-ups that came before it */
			nready = ops->collect ? ops->collect(ctx) : 0;
			if (nready) {
				ops->waiting(ctx, false);
				sleeps = false;
				if (nready < 0 || nready >= maxevents)
					return nready;
			}
		}
		if (sleeps && ops->sleep) {
			err = ops->sleep(ctx, wait_ms);
			ops->waiting(ctx, false);
			if (err < 0)
				return err;
			/* woken or not, the ready list is collected again at the top */
			if (timeout_ms > 0) {
				wait_ms = (int)(deadline - ep_now_ms());
				if (wait_ms < 0)
					wait_ms = 0; /* past the timeout: one more look, no sleep */
			}
			continue;
		}
		if (sleeps && ops->slept)
			ops->slept(ctx);
		cnt = epoll_wait(epfd, events, maxevents, nready ? 0 : wait_ms);
		err = errno;
		if (sleeps)
			ops->waiting(ctx, false);
		if (cnt < 0)
			return -err;

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
			wait_ms = (int)(deadline - ep_now_ms());
			if (wait_ms <= 0)
				return 0;
		}
	}
}

#endif /* RBSIM_EVENTPOLL_H */
