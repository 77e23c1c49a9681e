/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the kernel side of epoll_wait() for the ports' consumers, one copy
 * for both (ring_consumer in consumer.c, perfbuf_consumer in
 * perfbuf_consumer.c).
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

#include <sys/epoll.h>

struct ep_poll_ops {
	/*
	 * Optional: the files left on the ready list by an earlier wait,
	 * re-polled (level-triggered epoll reports a file again while it
	 * polls ready). Returns how many still are, or -errno.
	 */
	int (*collect)(void *ctx);
	/*
	 * Re-poll the file of one event epoll_wait() returned; nready files
	 * are ready so far. Returns the new count, or -errno.
	 */
	int (*report)(void *ctx, const struct epoll_event *ev, int nready);
};

/*
 * ep_poll(): wait on epfd (maxevents in events) until a file is ready:
 * without waiting when collect() found one, else up to timeout_ms (-1:
 * forever, 0: not at all), sleeping again after a wake-up whose re-polls
 * find nothing. Returns the number of ready files, 0 on timeout, or -errno.
 */
int ep_poll(int epfd, struct epoll_event *events, int maxevents, int timeout_ms,
	    const struct ep_poll_ops *ops, void *ctx);

#endif /* RBSIM_EVENTPOLL_H */
