// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fixture most ring buffer suites share, and the check of every ring it
 * made (see rbtest.h).
 */
#include <errno.h>
#include <stdbool.h>
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

/* the rings of this test (each test runs in its own process) */
#define RBTEST_MAX_RINGS 8

static struct rbtest_ring {
	struct bpf_ringbuf_map *map;
	unsigned int in_flight, flags;
	bool checked;
} rings[RBTEST_MAX_RINGS];

static struct rbtest_ring *ring_of(const struct bpf_ringbuf_map *map)
{
	for (int i = 0; i < RBTEST_MAX_RINGS; i++) {
		if (rings[i].map == map)
			return &rings[i];
	}
	return NULL;
}

struct bpf_ringbuf_map *rbtest_ring_new(__u32 size, struct ringbuf_mmap *view)
{
	return rbtest_ring_new_opts(size, 0, 0, view);
}

struct bpf_ringbuf_map *rbtest_ring_new_opts(__u32 size, __u32 flags, __u32 kernel,
					     struct ringbuf_mmap *view)
{
	struct ringbuf_map_opts opts = { .sz = sizeof(opts), .kernel = kernel };
	struct bpf_ringbuf_map *map = ringbuf_map__new_opts(size, flags, &opts);
	struct rbtest_ring *r;

	cr_assert_not_null(map, "ringbuf_map__new_opts(%#x, flags %#x, kernel %u.%u)", size, flags,
			   kernel >> 8, kernel & 0xff);
	if (view)
		cr_assert_eq(ringbuf_map__mmap(map, view), 0, "mmap");
	r = ring_of(NULL);
	cr_assert_not_null(r, "at most %d rings at once", RBTEST_MAX_RINGS);
	*r = (struct rbtest_ring){ .map = map };
	return map;
}

void rbtest_ring_leaves(struct bpf_ringbuf_map *map, unsigned int in_flight, unsigned int flags)
{
	struct rbtest_ring *r = ring_of(map);

	cr_assert_not_null(r, "a ring of rbtest_ring_new()");
	r->in_flight = in_flight;
	r->flags = flags;
}

static void ring_check(struct rbtest_ring *r)
{
	char why[200] = "";

	cr_expect_eq(ringbuf_map__valid(r->map, r->in_flight, r->flags, why, sizeof(why)), 0,
		     "the test leaves its ring valid (ringbuf_map__valid): %s", why);
	r->checked = true;
}

void rbtest_rings_check(void)
{
	for (int i = 0; i < RBTEST_MAX_RINGS; i++) {
		if (rings[i].map)
			ring_check(&rings[i]);
	}
}

int rbtest_fill(struct bpf_ringbuf_map *map, __u64 size, int max)
{
	void *rec;
	int n = 0;

	while (n <= max && (rec = bpf_ringbuf_reserve(map, size, 0))) {
		bpf_ringbuf_submit(rec, 0);
		n++;
	}
	return n;
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
	struct rbtest_ring *r = map ? ring_of(map) : NULL;

	if (r) {
		if (!r->checked)
			ring_check(r);
		*r = (struct rbtest_ring){ 0 };
	}
	ring_consumer__free(rc);
	ringbuf_map__munmap(view);
	ringbuf_map__free(map);
}
