/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers for the ring buffer tests: the kernel's record arithmetic computed
 * from first principles, reads of the consumer's mmap() view (record
 * headers, positions), as a program looking at the real map would do them,
 * and the map, view and consumer most suites set up (rbtest.c).
 */
#ifndef RBSIM_TESTS_RBTEST_H
#define RBSIM_TESTS_RBTEST_H

#include <stdint.h>
#include <linux/bpf.h>

#include "ringbuf/ringbuf.h"
#include "ringbuf/consumer.h"

#define TEST_PAGE_SIZE 4096UL
/* meta page + consumer page + producer page precede the data pages */
#define TEST_META_PAGES 3u

/* kernel 6.19's BPF_F_RB_OVERWRITE, unknown to 6.18 */
#define TEST_F_RB_OVERWRITE (1U << 19)

/* space a record of size bytes takes in the ring: 8-byte header, rounded up to 8 */
static inline uint64_t rec_footprint(uint64_t size)
{
	return (size + BPF_RINGBUF_HDR_SZ + 7) / 8 * 8;
}

/* the record header at logical position pos, seen through the consumer's view */
static inline const uint32_t *view_hdr(const struct ringbuf_mmap *v, unsigned long pos)
{
	return (const uint32_t *)((const char *)v->data + (pos & (v->size - 1)));
}

/* hdr->len; A2, pairs with the committer's xchg() of len (R2, ringbuf.c's table) */
static inline uint32_t view_len(const struct ringbuf_mmap *v, unsigned long pos)
{
	return __atomic_load_n(view_hdr(v, pos), __ATOMIC_ACQUIRE);
}

/* hdr->pg_off, at offset 4 of the header */
static inline uint32_t view_pg_off(const struct ringbuf_mmap *v, unsigned long pos)
{
	return __atomic_load_n(view_hdr(v, pos) + 1, __ATOMIC_RELAXED);
}

/* pg_off the kernel writes for a header at pos: page distance from the ring's start */
static inline uint32_t expected_pg_off(const struct ringbuf_mmap *v, unsigned long pos)
{
	return TEST_META_PAGES + (uint32_t)((pos & (v->size - 1)) / TEST_PAGE_SIZE);
}

/* A1 and A3: pair with the releases of producer_pos (R1) and consumer_pos (R3) */
static inline unsigned long view_prod(const struct ringbuf_mmap *v)
{
	return __atomic_load_n(&v->producer_pos[0], __ATOMIC_ACQUIRE);
}

static inline unsigned long view_pend(const struct ringbuf_mmap *v)
{
	return __atomic_load_n(&v->producer_pos[1], __ATOMIC_ACQUIRE);
}

/* 6.19: overwrite_pos, beside pending_pos on the producer page; O1 */
static inline unsigned long view_over(const struct ringbuf_mmap *v)
{
	return __atomic_load_n(&v->producer_pos[2], __ATOMIC_ACQUIRE);
}

static inline unsigned long view_cons(const struct ringbuf_mmap *v)
{
	return __atomic_load_n(v->consumer_pos, __ATOMIC_ACQUIRE);
}

/* what a consumer (or a hostile one) does: release-store consumer_pos (R3) */
static inline void view_set_cons(struct ringbuf_mmap *v, unsigned long pos)
{
	__atomic_store_n(v->consumer_pos, pos, __ATOMIC_RELEASE);
}

static inline struct ringbuf_stats map_stats(const struct bpf_ringbuf_map *map)
{
	struct ringbuf_stats st;

	ringbuf_map__stats(map, &st);
	return st;
}

/* what a user's epoll_wait(epfd, timeout 0) reports: the number of ready fds; asserted */
int rbtest_ep_ready(int epfd);

/* call returns want and sets errno to EINVAL (the answer of the accessors to NULL) */
#define RBTEST_EXPECT_EINVAL(call, want)						\
	do {										\
		errno = 0;								\
		cr_expect_eq((call), (want), #call);					\
		cr_expect_eq(errno, EINVAL, "errno of " #call);				\
	} while (0)

/*
 * A ring of size bytes and, with view, the consumer's mmap() of it;
 * asserted. The ring is checked with ringbuf_map__valid() when the test
 * body ends (RbTest) or when rbtest_ring_free() runs in the body.
 */
struct bpf_ringbuf_map *rbtest_ring_new(__u32 size, struct ringbuf_mmap *view);
/* the same with map flags and a kernel era (RBSIM_KERNEL(a, b), 0: 6.18) */
struct bpf_ringbuf_map *rbtest_ring_new_opts(__u32 size, __u32 flags, __u32 kernel,
					     struct ringbuf_mmap *view);

/*
 * What a test leaves in map on purpose, for the check: in_flight records
 * reserved and never committed, RINGBUF_VALID_ANY_CONSUMER after a hostile
 * consumer_pos.
 */
void rbtest_ring_leaves(struct bpf_ringbuf_map *map, unsigned int in_flight, unsigned int flags);

/* ringbuf_map__valid() on every ring rbtest_ring_new() made and not yet freed; expected */
void rbtest_rings_check(void);

/*
 * Test() whose body is followed by rbtest_rings_check(). Criterion reports
 * an assertion that fails in a .fini but still counts the test as passed
 * (Criterion issues #211, #242), so the check of rings a fixture frees runs
 * at the end of the body instead.
 */
#define RbTest(suite, name, ...)						\
	static void suite##__##name##__body(void);				\
	Test(suite, name, ##__VA_ARGS__)					\
	{									\
		suite##__##name##__body();					\
		rbtest_rings_check();						\
	}									\
	static void suite##__##name##__body(void)

/*
 * reserve and submit records of size bytes until one is refused: how many
 * went in (stops past max, a ring that never fills)
 */
int rbtest_fill(struct bpf_ringbuf_map *map, __u64 size, int max);

/* a consumer of map calling cb(ctx, ...); asserted */
struct ring_consumer *rbtest_consumer_new(struct bpf_ringbuf_map *map, ring_consumer_sample_fn cb,
					  void *ctx);

/* undo both, in reverse, after the check (unless done at the end of the body); each may be NULL */
void rbtest_ring_free(struct bpf_ringbuf_map *map, struct ringbuf_mmap *view,
		      struct ring_consumer *rc);

#endif /* RBSIM_TESTS_RBTEST_H */
