// SPDX-License-Identifier: GPL-2.0-only
/*
 * Wake-ups (kernel/bpf/ringbuf.c bpf_ringbuf_commit(), 6.18), each proven
 * with a consumer asleep in ring_consumer__poll() on another thread: the
 * test waits until that thread is blocked in epoll_wait (read from /proc, no
 * sleeping), then commits. Adaptive: notify only if consumer_pos is at this
 * record; BPF_RB_NO_WAKEUP: never; BPF_RB_FORCE_WAKEUP: always.
 */
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include "tests/helpers/criterion_tsan.h"

#include "tests/helpers/rbtest.h"
#include "tests/helpers/threads.h"
#include "tests/helpers/timeout.h"

/* a negative check (not woken) is retried if the poll timed out before the commit */
#define NOT_WOKEN_MS 300
#define NOT_WOKEN_ATTEMPTS 5
#define WOKEN_MS 10000

TestSuite(wakeup, .timeout = RBSIM_TEST_TIMEOUT(30));

struct fix {
	struct bpf_ringbuf_map *map;
	struct ring_consumer *rc;
	int delivered;		/* written by whichever thread consumes, read after join */
};

static int count_cb(void *ctx, void *data, size_t size)
{
	(void)data, (void)size;
	((struct fix *)ctx)->delivered++;
	return 0;
}

static void fix_open(struct fix *f, __u32 size)
{
	memset(f, 0, sizeof(*f));
	f->map = ringbuf_map__new(size, 0);
	cr_assert_not_null(f->map, "ringbuf_map__new");
	f->rc = ring_consumer__new(f->map, count_cb, f);
	cr_assert_not_null(f->rc, "ring_consumer__new");
}

static void fix_close(struct fix *f)
{
	ring_consumer__free(f->rc);
	ringbuf_map__free(f->map);
}

static __u64 notifications(const struct fix *f)
{
	return map_stats(f->map).notifications;
}

struct sleeper {
	pthread_t thr;
	struct ring_consumer *rc;
	int timeout_ms;
	int tid;	/* release-stored by the thread once it runs */
	int done;	/* release-stored once its poll returned */
	int ret;	/* the poll's return, read after join */
};

static void *sleeper_main(void *arg)
{
	struct sleeper *s = arg;

	/* pairs with wait_nonzero(&s->tid) in sleeper_start() */
	__atomic_store_n(&s->tid, (int)gettid(), __ATOMIC_RELEASE);
	s->ret = ring_consumer__poll(s->rc, s->timeout_ms);
	/* pairs with the acquire loads of done in the test thread */
	__atomic_store_n(&s->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* start a consumer in ring_consumer__poll() and return once it sleeps in epoll_wait */
static void sleeper_start(struct sleeper *s, struct fix *f, int timeout_ms)
{
	int tid, err;

	memset(s, 0, sizeof(*s));
	s->rc = f->rc;
	s->timeout_ms = timeout_ms;
	err = pthread_create(&s->thr, NULL, sleeper_main, s);
	cr_assert_eq(err, 0, "pthread_create: %d", err);
	tid = wait_nonzero(&s->tid);
	err = wait_blocked_in_epoll(tid, &s->done, WOKEN_MS);
	cr_assert_eq(err, 0, "consumer thread %d never blocked in epoll_wait (%s)", tid,
		     err == -1 ? "its poll returned" : "time limit");
}

static bool sleeper_still_in_poll(struct sleeper *s)
{
	return !__atomic_load_n(&s->done, __ATOMIC_ACQUIRE);
}

static int sleeper_join(struct sleeper *s)
{
	pthread_join(s->thr, NULL);
	return s->ret;
}

Test(wakeup, adaptive_wakes_consumer_of_empty_ring, .timeout = RBSIM_TEST_TIMEOUT(30))
{
	struct sleeper s;
	struct fix f;
	int ret;

	fix_open(&f, 4096);
	sleeper_start(&s, &f, WOKEN_MS);
	cr_assert_eq(bpf_ringbuf_output(f.map, "x", 1, 0), 0, "output");
	ret = sleeper_join(&s);
	cr_expect_eq(ret, 1, "woken: poll returns the record (%d)", ret);
	cr_expect_eq(f.delivered, 1, "delivered");
	cr_expect_eq(notifications(&f), 1, "one notification");
	cr_expect_eq(ring_consumer__wakeups(f.rc), 1, "one wake-up");
	fix_close(&f);
}

Test(wakeup, adaptive_wakes_consumer_caught_up_mid_ring, .timeout = RBSIM_TEST_TIMEOUT(30))
{
	char buf[40] = {0};
	struct sleeper s;
	struct fix f;
	int i, ret;

	fix_open(&f, 4096);
	/* several laps, consumed without wake-ups: consumer_pos 14400, offset 2112 */
	for (i = 0; i < 300; i++) {
		cr_assert_eq(bpf_ringbuf_output(f.map, buf, 40, BPF_RB_NO_WAKEUP), 0, "filler");
		cr_assert_eq(ring_consumer__consume(f.rc), 1, "filler consumed");
	}
	cr_assert_eq(bpf_ringbuf_query(f.map, BPF_RB_CONS_POS), 14400, "consumer_pos");
	cr_assert_eq(notifications(&f), 0, "NO_WAKEUP fillers did not notify");
	sleeper_start(&s, &f, WOKEN_MS);
	cr_assert_eq(bpf_ringbuf_output(f.map, buf, 40, 0), 0, "output");
	ret = sleeper_join(&s);
	cr_expect_eq(ret, 1, "woken: poll returns the record (%d)", ret);
	cr_expect_eq(notifications(&f), 1, "one notification");
	fix_close(&f);
}

Test(wakeup, no_wakeup_leaves_consumer_asleep, .timeout = RBSIM_TEST_TIMEOUT(30))
{
	bool during = false;
	struct sleeper s;
	struct fix f;
	int attempt, ret;

	for (attempt = 0; attempt < NOT_WOKEN_ATTEMPTS && !during; attempt++) {
		fix_open(&f, 4096);
		sleeper_start(&s, &f, NOT_WOKEN_MS);
		cr_assert_eq(bpf_ringbuf_output(f.map, "x", 1, BPF_RB_NO_WAKEUP), 0, "output");
		during = sleeper_still_in_poll(&s);
		cr_expect_eq(notifications(&f), 0, "NO_WAKEUP: no notification");
		ret = sleeper_join(&s);
		cr_expect_eq(ret, 0, "not woken: poll times out with nothing (%d)", ret);
		cr_expect_eq(f.delivered, 0, "nothing delivered by poll");
		cr_expect_eq(ring_consumer__consume(f.rc), 1, "the record is still there");
		cr_expect_eq(notifications(&f), 0, "notifications unchanged");
		fix_close(&f);
	}
	cr_assert(during, "the commit never happened while the consumer slept");
}

Test(wakeup, force_wakeup_when_consumer_behind, .timeout = RBSIM_TEST_TIMEOUT(30))
{
	struct sleeper s;
	struct fix f;
	int ret;

	fix_open(&f, 4096);
	cr_assert_eq(bpf_ringbuf_output(f.map, "a", 1, BPF_RB_NO_WAKEUP), 0, "first, unseen");
	sleeper_start(&s, &f, WOKEN_MS);
	/* the next record sits at 16, consumer_pos is 0: adaptive would not notify */
	cr_assert_neq(bpf_ringbuf_query(f.map, BPF_RB_CONS_POS),
		      bpf_ringbuf_query(f.map, BPF_RB_PROD_POS), "consumer_pos != rec_pos");
	cr_assert_eq(bpf_ringbuf_output(f.map, "b", 1, BPF_RB_FORCE_WAKEUP), 0, "forced");
	ret = sleeper_join(&s);
	cr_expect_eq(ret, 2, "woken: poll returns both records (%d)", ret);
	cr_expect_eq(notifications(&f), 1, "one notification");

	/* FORCE wins over NO_WAKEUP */
	cr_assert_eq(bpf_ringbuf_output(f.map, "c", 1, BPF_RB_NO_WAKEUP), 0, "unseen");
	cr_assert_eq(bpf_ringbuf_output(f.map, "d", 1, BPF_RB_FORCE_WAKEUP | BPF_RB_NO_WAKEUP), 0,
		     "both flags");
	cr_expect_eq(notifications(&f), 2, "FORCE | NO_WAKEUP notifies");
	fix_close(&f);
}

Test(wakeup, adaptive_silent_when_consumer_behind, .timeout = RBSIM_TEST_TIMEOUT(30))
{
	bool during = false;
	struct sleeper s;
	struct fix f;
	int attempt, ret;

	for (attempt = 0; attempt < NOT_WOKEN_ATTEMPTS && !during; attempt++) {
		fix_open(&f, 4096);
		cr_assert_eq(bpf_ringbuf_output(f.map, "a", 1, BPF_RB_NO_WAKEUP), 0, "unseen");
		sleeper_start(&s, &f, NOT_WOKEN_MS);
		cr_assert_eq(bpf_ringbuf_output(f.map, "b", 1, 0), 0, "adaptive, rec_pos 16");
		during = sleeper_still_in_poll(&s);
		cr_expect_eq(notifications(&f), 0, "consumer_pos 0 != rec_pos 16: no notification");
		ret = sleeper_join(&s);
		cr_expect_eq(ret, 0, "not woken (%d)", ret);
		cr_expect_eq(ring_consumer__consume(f.rc), 2, "both records still there");
		fix_close(&f);
	}
	cr_assert(during, "the commit never happened while the consumer slept");
}

Test(wakeup, discard_no_wakeup_then_submit_is_silent, .timeout = RBSIM_TEST_TIMEOUT(30))
{
	bool during = false;
	struct sleeper s;
	struct fix f;
	int attempt, ret;
	void *r1;

	for (attempt = 0; attempt < NOT_WOKEN_ATTEMPTS && !during; attempt++) {
		fix_open(&f, 4096);
		sleeper_start(&s, &f, NOT_WOKEN_MS);
		r1 = bpf_ringbuf_reserve(f.map, 8, 0);
		cr_assert_not_null(r1, "reserve");
		bpf_ringbuf_discard(r1, BPF_RB_NO_WAKEUP);
		/* the documented pitfall: rec_pos 16 != consumer_pos 0 */
		cr_assert_eq(bpf_ringbuf_output(f.map, "b", 1, 0), 0, "adaptive submit");
		during = sleeper_still_in_poll(&s);
		cr_expect_eq(notifications(&f), 0, "no notification");
		ret = sleeper_join(&s);
		cr_expect_eq(ret, 0, "not woken (%d)", ret);
		cr_expect_eq(ring_consumer__consume(f.rc), 1, "only the submitted record counts");
		cr_expect_eq(bpf_ringbuf_query(f.map, BPF_RB_CONS_POS), 32, "both stepped over");
		fix_close(&f);
	}
	cr_assert(during, "the commits never happened while the consumer slept");
}

Test(wakeup, adaptive_discard_wakes, .timeout = RBSIM_TEST_TIMEOUT(30))
{
	struct sleeper s;
	struct fix f;
	int ret;
	void *r1;

	fix_open(&f, 4096);
	sleeper_start(&s, &f, WOKEN_MS);
	r1 = bpf_ringbuf_reserve(f.map, 8, 0);
	cr_assert_not_null(r1, "reserve");
	bpf_ringbuf_discard(r1, 0);
	ret = sleeper_join(&s);
	cr_expect_eq(ret, 0, "a discarded record is not counted (%d)", ret);
	cr_expect_eq(notifications(&f), 1, "the discard at consumer_pos notified");
	/* woken: the poll processed the ring before its timeout */
	cr_expect_eq(bpf_ringbuf_query(f.map, BPF_RB_CONS_POS), 16,
		     "the woken consumer stepped over");
	cr_expect_eq(ring_consumer__wakeups(f.rc), 1, "one wake-up");
	fix_close(&f);
}
