// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fixture most ring buffer suites share (see rbtest.h).
 */
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include "tests/helpers/criterion_tsan.h"
#include "tests/helpers/rbtest.h"

int rbtest_ep_ready(int epfd)
{
	struct epoll_event ev[4];
	int n = epoll_wait(epfd, ev, 4, 0);

	cr_assert_geq(n, 0, "epoll_wait: %s", strerror(errno));
	return n;
}

struct bpf_ringbuf_map *rbtest_ring_new(__u32 size, struct ringbuf_mmap *view)
{
	struct bpf_ringbuf_map *map = ringbuf_map__new(size, 0);

	cr_assert_not_null(map, "ringbuf_map__new");
	if (view)
		cr_assert_eq(ringbuf_map__mmap(map, view), 0, "mmap");
	return map;
}

struct ring_consumer *rbtest_consumer_new(struct bpf_ringbuf_map *map, ring_consumer_sample_fn cb,
					  void *ctx)
{
	struct ring_consumer *rc = ring_consumer__new(map, cb, ctx);

	cr_assert_not_null(rc, "ring_consumer__new");
	return rc;
}

void rbtest_ring_free(struct bpf_ringbuf_map *map, struct ringbuf_mmap *view,
		      struct ring_consumer *rc)
{
	ring_consumer__free(rc);
	ringbuf_map__munmap(view);
	ringbuf_map__free(map);
}
