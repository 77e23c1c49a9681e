// SPDX-License-Identifier: GPL-2.0-only
/*
 * The queued hand-off (RINGBUF_LOCK_QUEUED, ringbuf/rqspinlock.c
 * rqs_queued_lock()): the first waiter sets pending, and the lock goes to it
 * at the release, never back to the holder past it; a waiter that fails
 * gives pending up; later waiters come after the pending one; mutual
 * exclusion holds for both eras' locks. Threads meet on release/acquire
 * flags and on the lock word's pending bit, which the test reads: no sleeps.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include "tests/helpers/criterion_tsan.h"

#include "ringbuf/rqspinlock.h"
#include "ringbuf/spinlock.h"
#include "tests/helpers/rbtest.h"
#include "tests/helpers/timeout.h"

TestSuite(lock_queued_mt, .timeout = RBSIM_TEST_TIMEOUT(30));

struct contender {
	struct rqspinlock *lock;
	int ret;
	int started;		/* C1: set before it asks for the lock */
	int *order;		/* the turn it got, from a shared counter */
	int turn;
	int release;		/* C2: the test lets it unlock (hold: wait for this) */
	bool hold;
};

static void *contend(void *arg)
{
	struct contender *c = arg;

	/* C1: pairs with the test's load-acquire of started */
	__atomic_store_n(&c->started, 1, __ATOMIC_RELEASE);
	c->ret = res_spin_lock(c->lock, NULL);
	if (c->ret)
		return NULL;
	c->turn = __atomic_fetch_add(c->order, 1, __ATOMIC_RELAXED);
	/* C2: pairs with the test's store-release of release */
	while (c->hold && !__atomic_load_n(&c->release, __ATOMIC_ACQUIRE))
		sched_yield();
	res_spin_unlock(c->lock, NULL);
	return NULL;
}

static void wait_pending(struct rqspinlock *l)
{
	/* relaxed: the bit is all the test needs; the lock orders the rest */
	while (!(__atomic_load_n(&l->locked, __ATOMIC_RELAXED) & RQS_PENDING))
		sched_yield();
}

Test(lock_queued_mt, holder_cannot_take_it_back_past_a_pending_waiter)
{
	struct rqspinlock l = { .queued = true, .timeout_ns = RES_DEF_TIMEOUT };
	int order = 0;
	struct contender b = { .lock = &l, .order = &order, .hold = true };
	pthread_t tb;

	cr_assert_eq(res_spin_lock(&l, NULL), 0, "the test takes the free lock");
	cr_assert_eq(pthread_create(&tb, NULL, contend, &b), 0, "waiter thread");
	wait_pending(&l);
	res_spin_unlock(&l, NULL);
	/* the word stays non-zero (pending, then the waiter's lock) until the waiter unlocks */
	cr_expect(!rqs_trylock(&l), "the releasing holder took the lock back past its waiter");
	cr_expect_neq(__atomic_load_n(&l.locked, __ATOMIC_RELAXED), 0,
		      "the word is free while a waiter is pending");
	/* C2 */
	__atomic_store_n(&b.release, 1, __ATOMIC_RELEASE);
	cr_assert_eq(res_spin_lock(&l, NULL), 0, "the test takes it after the waiter");
	cr_expect_eq(__atomic_load_n(&order, __ATOMIC_RELAXED), 1, "the waiter had its turn");
	res_spin_unlock(&l, NULL);
	pthread_join(tb, NULL);
	cr_expect_eq(b.ret, 0, "the waiter got the lock");
	cr_expect_eq(l.locked, 0, "the word is free at the end");
}

Test(lock_queued_mt, pending_waiter_times_out_and_gives_pending_up)
{
	struct rqspinlock l = { .queued = true, .timeout_ns = 2000000 };
	int order = 0;
	struct contender b = { .lock = &l, .order = &order };
	pthread_t tb;

	cr_assert_eq(res_spin_lock(&l, NULL), 0, "the test takes the free lock");
	cr_assert_eq(pthread_create(&tb, NULL, contend, &b), 0, "waiter thread");
	pthread_join(tb, NULL);
	cr_expect_eq(b.ret, -ETIMEDOUT, "the waiter's lock fails with the holder in place");
	cr_expect_eq(__atomic_load_n(&l.locked, __ATOMIC_RELAXED), RQS_LOCKED,
		     "pending is given up: the word is the holder's lock alone (%#x)", l.locked);
	cr_expect_eq(rqspinlock_held_locks.cnt, 1, "the test's own entry is the only one");
	res_spin_unlock(&l, NULL);
	cr_expect_eq(l.locked, 0, "free after the holder's unlock");
	cr_expect(rqs_trylock(&l), "and taken at once");
	res_spin_unlock(&l, NULL);
}

Test(lock_queued_mt, later_waiters_come_after_the_pending_one)
{
	struct rqspinlock l = { .queued = true, .timeout_ns = RES_DEF_TIMEOUT };
	int order = 0;
	struct contender b = { .lock = &l, .order = &order };
	struct contender c = { .lock = &l, .order = &order };
	pthread_t tb, tc;

	cr_assert_eq(res_spin_lock(&l, NULL), 0, "the test takes the free lock");
	cr_assert_eq(pthread_create(&tb, NULL, contend, &b), 0, "first waiter");
	wait_pending(&l);
	cr_assert_eq(pthread_create(&tc, NULL, contend, &c), 0, "second waiter");
	/* C1 */
	while (!__atomic_load_n(&c.started, __ATOMIC_ACQUIRE))
		sched_yield();
	res_spin_unlock(&l, NULL);
	pthread_join(tb, NULL);
	pthread_join(tc, NULL);
	cr_expect_eq(b.ret, 0, "the pending waiter got the lock");
	cr_expect_eq(c.ret, 0, "the later waiter got the lock");
	cr_expect_eq(b.turn, 0, "the pending waiter came first (turn %d)", b.turn);
	cr_expect_eq(c.turn, 1, "the later waiter came second (turn %d)", c.turn);
	cr_expect_eq(l.locked, 0, "the word is free at the end");
}

/* mutual exclusion: a plain counter under the lock, each era's lock, 3 threads */
struct counting {
	struct rqspinlock *lock;
	bool resilient;
	unsigned long *count;
	unsigned long n;
	int fails;
};

#define COUNT_N 50000

static void *count_under_lock(void *arg)
{
	struct counting *k = arg;
	unsigned long i;

	for (i = 0; i < k->n; i++) {
		if (k->resilient) {
			if (res_spin_lock(k->lock, NULL)) {
				k->fails++;
				continue;
			}
		} else {
			raw_spin_lock_irqsave(k->lock);
		}
		/* plain: the lock orders it (ThreadSanitizer checks that it does) */
		(*k->count)++;
		if (k->resilient)
			res_spin_unlock(k->lock, NULL);
		else
			raw_spin_unlock_irqrestore(k->lock);
	}
	return NULL;
}

static void count_test(bool resilient)
{
	struct rqspinlock l = { .queued = true, .timeout_ns = RES_DEF_TIMEOUT };
	unsigned long count = 0;
	struct counting k[3];
	pthread_t t[3];
	int i;

	for (i = 0; i < 3; i++) {
		k[i] = (struct counting){ .lock = &l, .resilient = resilient, .count = &count,
					  .n = COUNT_N };
		cr_assert_eq(pthread_create(&t[i], NULL, count_under_lock, &k[i]), 0, "thread");
	}
	for (i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < 3; i++)
		cr_expect_eq(k[i].fails, 0, "thread %d: no lock failure within 250 ms", i);
	cr_expect_eq(count, 3UL * COUNT_N, "every increment counted: %lu", count);
	cr_expect_eq(l.locked, 0, "the word is free at the end");
}

Test(lock_queued_mt, excludes_with_the_resilient_lock)
{
	count_test(true);
}

Test(lock_queued_mt, excludes_with_the_plain_spinlock)
{
	count_test(false);
}

struct producing {
	struct bpf_ringbuf_map *map;
	__u64 id, n, failed;
};

static void *produce(void *arg)
{
	struct producing *p = arg;
	__u64 i, *rec;

	for (i = 0; i < p->n; i++) {
		rec = bpf_ringbuf_reserve(p->map, sizeof(*rec), 0);
		if (!rec) {
			p->failed++;
			continue;
		}
		*rec = p->id << 32 | i;
		bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
	}
	return NULL;
}

struct checking {
	__u64 next[2];
	long good;
};

/* each producer's records whole and in its own order */
static int check_rec(void *ctx, void *data, size_t size)
{
	struct checking *k = ctx;
	__u64 v = *(__u64 *)data, id = v >> 32;

	if (size == sizeof(v) && id < 2 && (v & 0xffffffffu) == k->next[id]) {
		k->next[id]++;
		k->good++;
	}
	return 0;
}

/* two producers of n records each through map, then consumed: the records found intact */
static long two_producers(struct bpf_ringbuf_map *map, __u64 n)
{
	struct producing p[2] = { { .map = map, .id = 0, .n = n }, { .map = map, .id = 1, .n = n } };
	struct checking k = { 0 };
	struct ring_consumer *rc;
	pthread_t t[2];
	int i;

	for (i = 0; i < 2; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, produce, &p[i]), 0, "producer");
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	cr_expect_eq(p[0].failed + p[1].failed, 0, "no reserve failed");
	rc = ring_consumer__new(map, check_rec, &k);
	cr_assert(rc != NULL, "consumer");
	cr_expect_eq(ring_consumer__consume(rc), (int)(2 * n), "every record consumed");
	ring_consumer__free(rc);
	return k.good;
}

/* the map option: its values, and records intact from two producers through it */
Test(lock_queued_mt, map_option_and_records_through_it)
{
	struct bpf_ringbuf_map *map = ringbuf_map__new(1 << 20, 0);
	struct ringbuf_map_opts opts = { .sz = sizeof(opts), .kernel = RBSIM_KERNEL(6, 1) };
	struct bpf_ringbuf_map *old = ringbuf_map__new_opts(1 << 20, 0, &opts);

	cr_assert(map && old, "maps");
	cr_expect_eq(ringbuf_map__lock_handoff(map), RINGBUF_LOCK_TTAS, "the default");
	cr_expect_eq(ringbuf_map__set_lock_handoff(NULL, RINGBUF_LOCK_QUEUED), -EINVAL,
		     "NULL map");
	cr_expect_eq(ringbuf_map__set_lock_handoff(map, (enum ringbuf_lock_handoff)2), -EINVAL,
		     "unknown value");
	cr_expect_eq(ringbuf_map__lock_handoff(map), RINGBUF_LOCK_TTAS, "unchanged by a failure");
	cr_expect_eq(ringbuf_map__set_lock_handoff(map, RINGBUF_LOCK_QUEUED), 0, "queued");
	cr_expect_eq(ringbuf_map__lock_handoff(map), RINGBUF_LOCK_QUEUED, "read back");
	cr_expect_eq(ringbuf_map__set_lock_handoff(old, RINGBUF_LOCK_QUEUED), 0,
		     "queued on the plain spinlock's era");
	cr_expect_eq(two_producers(map, 20000), 40000, "6.18: every record intact");
	cr_expect_eq(two_producers(old, 20000), 40000, "6.1: every record intact");
	ringbuf_map__free(map);
	ringbuf_map__free(old);
}
