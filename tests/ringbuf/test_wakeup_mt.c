// SPDX-License-Identifier: GPL-2.0-only
/*
 * Wake-ups (kernel/bpf/ringbuf.c bpf_ringbuf_commit(), 6.18), each proven
 * with a consumer asleep in ring_consumer__poll() on another thread: the
 * test waits until that thread is blocked in its sleep (read from /proc, no
 * sleeping), then commits. Adaptive: notify only if consumer_pos is at this
 * record; BPF_RB_NO_WAKEUP: never; BPF_RB_FORCE_WAKEUP: always.
 */
#include <pthread.h>
#include <sched.h>
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

/* a map and a libbpf consumer that sleeps as how says (ring_consumer__set_wait()) */
static void fix_open_how(struct fix *f, __u32 size, enum ring_consumer_wait how)
{
	memset(f, 0, sizeof(*f));
	f->map = ringbuf_map__new(size, 0);
	cr_assert_not_null(f->map, "ringbuf_map__new");
	f->rc = ring_consumer__new(f->map, count_cb, f);
	cr_assert_not_null(f->rc, "ring_consumer__new");
	cr_assert_eq(ring_consumer__set_wait(f->rc, how), 0, "set_wait");
	cr_assert_eq(ring_consumer__wait_how(f->rc), (int)how, "the wait in use");
}

/* the default wait: the futex (this kernel has futex_waitv(), 5.16) */
static void fix_open(struct fix *f, __u32 size)
{
	fix_open_how(f, size, RING_CONSUMER_WAIT_FUTEX);
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

/* start a consumer in ring_consumer__poll() and return once it sleeps in its system call */
static void sleeper_start(struct sleeper *s, struct fix *f, int timeout_ms)
{
	int tid, err;

	memset(s, 0, sizeof(*s));
	s->rc = f->rc;
	s->timeout_ms = timeout_ms;
	err = pthread_create(&s->thr, NULL, sleeper_main, s);
	cr_assert_eq(err, 0, "pthread_create: %d", err);
	tid = wait_nonzero(&s->tid);
	err = wait_blocked_asleep(tid, &s->done, WOKEN_MS);
	cr_assert_eq(err, 0, "consumer thread %d never blocked asleep (%s)", tid,
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

/*
 * A wake-up writes the map's eventfd only while a consumer may sleep on it
 * (W2 in ringbuf.c). Each round, the consumer's wait finds the ring empty
 * and is about to sleep; there, before it announces itself to the map (its
 * sleep hook), another thread commits a record (adaptive: the consumer is
 * caught up, so it notifies, and with no sleeper announced writes nothing).
 * The wait must still return the record, as ep_poll() checks for events
 * after adding itself to the waitqueue; a wake-up lost there leaves it
 * asleep until WOKEN_MS, and the test fails on it. With two rings in the
 * consumer (--reserve percpu, shard:K), the records alternate between them:
 * the ring that gets one is the one the last round did not drain, and left
 * epoll's ready list when its re-poll found it empty.
 */
#ifdef __SANITIZE_THREAD__
#define HANDOFF_ROUNDS 200
#else
#define HANDOFF_ROUNDS 2000
#endif

struct handoff {
	struct fix f;
	struct bpf_ringbuf_map *map2; /* the second ring, or NULL */
	pthread_t thr;
	int armed;	/* consumer's: the hook commits once per round */
	int asked;	/* rounds the hook asked for: release-stored, acquire-loaded by the producer */
	int made;	/* records committed: release-stored by the producer, acquire-loaded by the hook */
};

/* the producer thread: one record each time the consumer's hook asks */
static void *handoff_producer(void *arg)
{
	struct handoff *h = arg;
	__u64 i;

	for (i = 0; i < HANDOFF_ROUNDS; i++) {
		/* pairs with the release store in handoff_hook() */
		while (__atomic_load_n(&h->asked, __ATOMIC_ACQUIRE) <= (int)i)
			sched_yield();
		if (bpf_ringbuf_output(h->map2 && i % 2 ? h->map2 : h->f.map, &i, sizeof(i), 0))
			break;
		/* pairs with the acquire load in handoff_hook(): the record is committed */
		__atomic_store_n(&h->made, (int)i + 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

/* on the consumer's thread, at the edge of its sleep: have the record committed now */
static void handoff_hook(void *ctx)
{
	struct handoff *h = ctx;
	int round = __atomic_load_n(&h->made, __ATOMIC_ACQUIRE) + 1;

	if (!h->armed)
		return;
	h->armed = 0;
	__atomic_store_n(&h->asked, round, __ATOMIC_RELEASE);
	while (__atomic_load_n(&h->made, __ATOMIC_ACQUIRE) < round)
		sched_yield();
}

static void handoff_run(bool use_wait, bool two_rings, enum ring_consumer_wait how)
{
	struct handoff h;
	int i, n, err;

	fix_open_how(&h.f, 4096, how);
	h.map2 = NULL;
	if (two_rings) {
		h.map2 = ringbuf_map__new(4096, 0);
		cr_assert_not_null(h.map2, "ringbuf_map__new");
		cr_assert_eq(ring_consumer__add(h.f.rc, h.map2, count_cb, &h.f), 0, "add ring 2");
	}
	h.armed = h.asked = h.made = 0;
	ring_consumer__set_sleep_hook(h.f.rc, handoff_hook, &h);
	err = pthread_create(&h.thr, NULL, handoff_producer, &h);
	cr_assert_eq(err, 0, "pthread_create: %d", err);
	for (i = 0; i < HANDOFF_ROUNDS; i++) {
		h.armed = 1;
		if (use_wait) {
			/* as --consumer batch: wait, then take the records (a ring ready each) */
			n = ring_consumer__wait(h.f.rc, WOKEN_MS);
			if (n == 1)
				n = ring_consumer__consume(h.f.rc);
		} else {
			n = ring_consumer__poll(h.f.rc, WOKEN_MS);
		}
		if (n != 1 || h.armed)
			break;
	}
	if (i < HANDOFF_ROUNDS)
		/* let the producer finish: nothing more will be asked of it */
		__atomic_store_n(&h.asked, HANDOFF_ROUNDS + 1, __ATOMIC_RELEASE);
	pthread_join(h.thr, NULL);
	cr_expect_eq(i, HANDOFF_ROUNDS, "round %d: %s (wait returned %d)", i,
		     h.armed ? "the wait never went to sleep" : "wake-up lost", n);
	cr_expect_eq(h.f.delivered, i, "each record delivered once");
	cr_expect_eq(notifications(&h.f) + (h.map2 ? map_stats(h.map2).notifications : 0),
		     (__u64)i, "one notification per record");
	cr_expect_eq(ring_consumer__wait(h.f.rc, 0), 0, "drained: nothing ready at the end");
	fix_close(&h.f);
	ringbuf_map__free(h.map2);
}

Test(wakeup, commit_before_the_sleep_is_announced_wakes_poll, .timeout = RBSIM_TEST_TIMEOUT(60))
{
	handoff_run(false, false, RING_CONSUMER_WAIT_FUTEX);
}

Test(wakeup, commit_before_the_sleep_is_announced_wakes_poll_of_two_rings,
     .timeout = RBSIM_TEST_TIMEOUT(60))
{
	handoff_run(false, true, RING_CONSUMER_WAIT_FUTEX);
}

Test(wakeup, commit_before_the_sleep_is_announced_wakes_wait, .timeout = RBSIM_TEST_TIMEOUT(60))
{
	handoff_run(true, false, RING_CONSUMER_WAIT_FUTEX);
}

Test(wakeup, commit_before_the_sleep_is_announced_wakes_wait_of_two_rings,
     .timeout = RBSIM_TEST_TIMEOUT(60))
{
	handoff_run(true, true, RING_CONSUMER_WAIT_FUTEX);
}

Test(wakeup, commit_before_the_sleep_is_announced_wakes_poll_on_epoll,
     .timeout = RBSIM_TEST_TIMEOUT(60))
{
	handoff_run(false, false, RING_CONSUMER_WAIT_EPOLL);
}

Test(wakeup, commit_before_the_sleep_is_announced_wakes_wait_of_two_rings_on_epoll,
     .timeout = RBSIM_TEST_TIMEOUT(60))
{
	handoff_run(true, true, RING_CONSUMER_WAIT_EPOLL);
}

/*
 * The futex sleep's re-poll inside the system call (ring_futex_sleep(),
 * ringbuf/consumer.h). A consumer takes a record (its ring stays on the
 * ready list), then waits: the wait re-polls the ring empty, and at the
 * edge of the sleep (the sleep hook, before the announcement) a record is
 * committed with BPF_RB_NO_WAKEUP on ring which (0: that ring; 1: a second
 * ring, off the ready list). No notification comes either way.
 *  - futex, ring 0: the compare of the ring's producer_pos with its
 *    consumer_pos, inside the system call, finds the record: the wait
 *    returns the ring at once, as the kernel's re-poll inside epoll_wait()
 *    finds a record reserved before it;
 *  - futex, ring 1: only the rings the wait re-polled are compared: it
 *    sleeps to its timeout, as the kernel leaves a ring off its ready list
 *    until a notification;
 *  - epoll, ring 0: the last look was the user-space re-poll: it sleeps to
 *    its timeout.
 * Returns what the wait returned; the record stays there for consume().
 */
#define REPOLL_TIMEOUT_MS 50

struct repoll {
	struct bpf_ringbuf_map *target;
	int armed;
};

static void repoll_hook(void *ctx)
{
	struct repoll *p = ctx;

	if (!p->armed)
		return;
	p->armed = 0;
	cr_assert_eq(bpf_ringbuf_output(p->target, "y", 1, BPF_RB_NO_WAKEUP), 0, "output");
}

static int repoll_run(enum ring_consumer_wait how, int which, int *delivered, int *slept)
{
	struct bpf_ringbuf_map *map2 = ringbuf_map__new(4096, 0);
	struct repoll p = { 0 };
	struct fix f;
	uint64_t sleeps;
	int n;

	fix_open_how(&f, 4096, how);
	cr_assert_not_null(map2, "ringbuf_map__new");
	cr_assert_eq(ring_consumer__add(f.rc, map2, count_cb, &f), 0, "add ring 1");
	cr_assert_eq(bpf_ringbuf_output(f.map, "x", 1, 0), 0, "output");
	cr_assert_eq(ring_consumer__poll(f.rc, 0), 1, "the first record, ring 0 on the list");
	p.target = which ? map2 : f.map;
	p.armed = 1;
	ring_consumer__set_sleep_hook(f.rc, repoll_hook, &p);
	sleeps = ring_consumer__sleeps(f.rc);
	n = ring_consumer__wait(f.rc, REPOLL_TIMEOUT_MS);
	*slept = (int)(ring_consumer__sleeps(f.rc) - sleeps);
	cr_expect_eq(p.armed, 0, "the wait went to the edge of its sleep");
	cr_expect_eq(ring_consumer__consume(f.rc), 1, "the record is there either way");
	*delivered = f.delivered;
	cr_expect_eq(notifications(&f) + map_stats(map2).notifications, 1,
		     "the first record's notification alone");
	fix_close(&f);
	ringbuf_map__free(map2);
	return n;
}

Test(wakeup, futex_sleep_repolls_the_emptied_ring_inside_the_call,
     .timeout = RBSIM_TEST_TIMEOUT(30))
{
	int delivered, slept, n = repoll_run(RING_CONSUMER_WAIT_FUTEX, 0, &delivered, &slept);

	cr_expect_eq(n, 1, "the ring reported by the compare inside the call: %d", n);
	cr_expect_eq(slept, 0, "the compare failed: no sleep");
	cr_expect_eq(delivered, 2, "both records delivered");
}

Test(wakeup, futex_sleep_compares_only_the_rings_it_repolled,
     .timeout = RBSIM_TEST_TIMEOUT(30))
{
	int delivered, slept, n = repoll_run(RING_CONSUMER_WAIT_FUTEX, 1, &delivered, &slept);

	cr_expect_eq(n, 0, "ring 1 was off the list: asleep to the timeout, got %d", n);
	cr_expect_eq(slept, 1, "one sleep, to the timeout");
	cr_expect_eq(delivered, 2, "both records delivered");
}

Test(wakeup, epoll_sleep_looks_before_the_call, .timeout = RBSIM_TEST_TIMEOUT(30))
{
	int delivered, slept, n = repoll_run(RING_CONSUMER_WAIT_EPOLL, 0, &delivered, &slept);

	cr_expect_eq(n, 0, "no notification: asleep to the timeout, got %d", n);
	cr_expect_eq(slept, 1, "one sleep, to the timeout");
	cr_expect_eq(delivered, 2, "both records delivered");
}

/*
 * RING_CONSUMER_WAIT_FUTEX_REPOLL: the futex sleep without the compare, its
 * last look the re-poll in user space: a NO_WAKEUP record reserved after it
 * leaves the wait asleep to its timeout, as a record reserved after the
 * kernel's re-poll inside epoll_wait() does; a notifying one committed
 * there ends it at once, as on the other ways (W2)
 */
Test(wakeup, futex_repoll_sleep_looks_at_its_repoll, .timeout = RBSIM_TEST_TIMEOUT(30))
{
	int delivered, slept, n = repoll_run(RING_CONSUMER_WAIT_FUTEX_REPOLL, 0, &delivered,
					     &slept);

	cr_expect_eq(n, 0, "no compare: asleep to the timeout, got %d", n);
	cr_expect_eq(slept, 1, "one sleep, to the timeout");
	cr_expect_eq(delivered, 2, "both records delivered");
}

Test(wakeup, commit_before_the_sleep_is_announced_wakes_poll_on_futex_repoll,
     .timeout = RBSIM_TEST_TIMEOUT(60))
{
	handoff_run(false, false, RING_CONSUMER_WAIT_FUTEX_REPOLL);
}
