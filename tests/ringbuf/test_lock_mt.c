// SPDX-License-Identifier: GPL-2.0-only
/*
 * rqspinlock's timeout (RES_DEF_TIMEOUT in the kernel, adjustable in the
 * port): a reserve that cannot take the ring's lock within the timeout
 * returns NULL and counts a lock failure; a waiter whose holder lets go in
 * time gets the lock. The holder is a reserve parked in the test hook that
 * runs with the lock held; threads meet on release/acquire flags, no sleeps.
 */
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <time.h>
#include "tests/helpers/criterion_tsan.h"

#include "tests/helpers/rbtest.h"
#include "tests/helpers/timeout.h"

TestSuite(lock_mt, .timeout = RBSIM_TEST_TIMEOUT(30));

struct holder {
	struct bpf_ringbuf_map *map;
	int parks;	/* hook calls that park: only the first */
	int holding;	/* H1: set by the holder inside the lock */
	int release;	/* H2: set by the test to let the holder go */
	void *rec;
};

static void park(void *ctx)
{
	struct holder *h = ctx;

	if (__atomic_fetch_add(&h->parks, 1, __ATOMIC_RELAXED))
		return;
	/* H1: pairs with the test's load-acquire of holding */
	__atomic_store_n(&h->holding, 1, __ATOMIC_RELEASE);
	/* H2: pairs with the test's store-release of release */
	while (!__atomic_load_n(&h->release, __ATOMIC_ACQUIRE))
		sched_yield();
}

static void *holder_thread(void *arg)
{
	struct holder *h = arg;

	h->rec = bpf_ringbuf_reserve(h->map, 8, 0);
	if (h->rec)
		bpf_ringbuf_submit(h->rec, 0);
	return NULL;
}

static void wait_holding(struct holder *h)
{
	/* H1 */
	while (!__atomic_load_n(&h->holding, __ATOMIC_ACQUIRE))
		sched_yield();
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

Test(lock_mt, timeout_fails_the_reserve)
{
	struct holder h = { 0 };
	struct ringbuf_stats st;
	unsigned long long t0, waited;
	pthread_t th;
	void *rec;

	h.map = ringbuf_map__new(16384, 0);
	cr_assert(h.map != NULL, "map");
	ringbuf_map__set_lock_timeout(h.map, 20 * 1000000ULL);
	ringbuf_map__set_locked_hook(h.map, park, &h);
	cr_assert_eq(pthread_create(&th, NULL, holder_thread, &h), 0, "holder thread");
	wait_holding(&h);

	t0 = now_ns();
	rec = bpf_ringbuf_reserve(h.map, 8, 0);
	waited = now_ns() - t0;
	cr_assert(rec == NULL, "reserve fails while another thread holds the lock past the timeout");
	cr_assert(waited >= 20 * 1000000ULL, "it spun for the whole timeout (%llu ns)", waited);
	ringbuf_map__stats(h.map, &st);
	cr_assert_eq(st.fail_lock, 1, "fail_lock");
	cr_assert_eq(st.fail_no_space, 0, "fail_no_space");
	cr_assert_eq(bpf_ringbuf_query(h.map, BPF_RB_PROD_POS), 0, "nothing reserved yet");

	/* H2: pairs with the holder's load-acquire of release */
	__atomic_store_n(&h.release, 1, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
	cr_assert(h.rec != NULL, "the holder's reserve completes");
	ringbuf_map__set_locked_hook(h.map, NULL, NULL);

	rec = bpf_ringbuf_reserve(h.map, 8, 0);
	cr_assert(rec != NULL, "the lock is free again");
	bpf_ringbuf_submit(rec, 0);
	cr_assert_eq(bpf_ringbuf_query(h.map, BPF_RB_PROD_POS), 32, "two records reserved");
	ringbuf_map__free(h.map);
}

struct waiter {
	struct bpf_ringbuf_map *map;
	int started;	/* W1 */
	void *rec;
};

static void *waiter_thread(void *arg)
{
	struct waiter *w = arg;

	/* W1: pairs with the test's load-acquire of started */
	__atomic_store_n(&w->started, 1, __ATOMIC_RELEASE);
	w->rec = bpf_ringbuf_reserve(w->map, 8, 0);
	if (w->rec)
		bpf_ringbuf_submit(w->rec, 0);
	return NULL;
}

Test(lock_mt, waiter_gets_the_lock_when_released)
{
	struct holder h = { 0 };
	struct waiter w = { 0 };
	struct ringbuf_stats st;
	pthread_t th, tw;

	h.map = ringbuf_map__new(16384, 0);
	cr_assert(h.map != NULL, "map");
	w.map = h.map;
	ringbuf_map__set_locked_hook(h.map, park, &h);
	cr_assert_eq(pthread_create(&th, NULL, holder_thread, &h), 0, "holder thread");
	wait_holding(&h);
	cr_assert_eq(pthread_create(&tw, NULL, waiter_thread, &w), 0, "waiter thread");
	/* W1 */
	while (!__atomic_load_n(&w.started, __ATOMIC_ACQUIRE))
		sched_yield();
	/* H2 */
	__atomic_store_n(&h.release, 1, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
	pthread_join(tw, NULL);

	cr_assert(h.rec != NULL && w.rec != NULL, "both reserves succeed");
	ringbuf_map__stats(h.map, &st);
	cr_assert_eq(st.fail_lock, 0, "no lock failure within the default 250 ms timeout");
	cr_assert_eq(bpf_ringbuf_query(h.map, BPF_RB_PROD_POS), 32, "two records reserved");
	ringbuf_map__free(h.map);
}
