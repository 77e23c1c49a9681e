// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stress: several producer threads and one consumer move millions of stamped
 * records of mixed sizes, some discarded. Checked: nothing lost, duplicated,
 * reordered within a producer or torn; reserved = submitted + discarded;
 * consumed = submitted; every byte reserved is accounted for in the
 * positions; every refused reserve is counted once in the map's stats.
 * The same runs for the lock-free reservation (RINGBUF_RESERVE_CAS, issue
 * 14), which must keep every one of these properties.
 */
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "tests/helpers/criterion_tsan.h"

#include "tests/helpers/rbtest.h"
#include "tests/helpers/stamp.h"
#include "tests/helpers/timeout.h"

#ifdef __SANITIZE_THREAD__
#define BUSY_RECORDS 200000ULL
#define POLL_RECORDS 50000ULL
#else
#define BUSY_RECORDS 10000000ULL
#define POLL_RECORDS 1000000ULL
#endif
#define RING (256 * 1024)
#define MAX_PRODUCERS 4
#define MIN_SIZE STAMP_MIN_SIZE
#define MAX_SIZE 256
#define DISCARD_ONE_IN 20
#define POISON_SEQ UINT64_MAX

TestSuite(stress, .timeout = RBSIM_TEST_TIMEOUT(120));

struct producer {
	struct stress *st;
	pthread_t thr;
	uint32_t id;
	uint64_t target;	/* records to submit */
	uint64_t reserved, submitted, discarded, failures, bytes;
} __attribute__((aligned(128)));

struct stress {
	struct bpf_ringbuf_map *map;
	struct ring_consumer *rc;
	int nprod;
	bool poll_mode;
	__u64 commit_flags;
	enum ringbuf_reserve reserve;
	int go;			/* release-stored by the test thread */
	int abort;		/* release-stored by the consumer on the first bad record */
	struct producer prod[MAX_PRODUCERS];
	/* consumer side, read by the test thread after join */
	pthread_t cons_thr;
	uint64_t total;
	uint64_t consumed;
	uint64_t next_seq[MAX_PRODUCERS];
	uint64_t idle;
	char error[256];
};

static int fail(struct stress *st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st->error, sizeof(st->error), fmt, ap);
	va_end(ap);
	/* pairs with the producers' acquire loads of abort in their retry loop */
	__atomic_store_n(&st->abort, 1, __ATOMIC_RELEASE);
	return -1;
}

static int stress_cb(void *ctx, void *data, size_t size)
{
	struct stress *st = ctx;
	uint32_t id;
	uint64_t seq;
	int err;

	err = stamp_check(data, size, &id, &seq);
	if (err)
		return fail(st, "record %llu (size %zu): torn or bad stamp (%d)",
			    (unsigned long long)st->consumed, size, err);
	if (id >= (uint32_t)st->nprod)
		return fail(st, "record %llu: producer id %u", (unsigned long long)st->consumed,
			    id);
	if (seq == POISON_SEQ)
		return fail(st, "producer %u: a discarded record was delivered", id);
	if (seq != st->next_seq[id])
		return fail(st, "producer %u: seq %llu, want %llu (%s)", id,
			    (unsigned long long)seq, (unsigned long long)st->next_seq[id],
			    seq < st->next_seq[id] ? "duplicate or reordered" : "lost");
	if (size < MIN_SIZE || size > MAX_SIZE)
		return fail(st, "producer %u seq %llu: size %zu", id, (unsigned long long)seq,
			    size);
	st->next_seq[id]++;
	st->consumed++;
	return 0;
}

static void *producer_main(void *arg)
{
	struct producer *p = arg;
	struct stress *st = p->st;
	uint64_t rnd = 0x5eed0000ULL + p->id * 0x9e3779b97f4a7c15ULL;

	/* pairs with the release store of go in run_stress() */
	while (!__atomic_load_n(&st->go, __ATOMIC_ACQUIRE))
		sched_yield();

	while (p->submitted < p->target) {
		uint64_t r = prng_next(&rnd);
		size_t size = MIN_SIZE + r % (MAX_SIZE - MIN_SIZE + 1);
		bool discard = (r >> 32) % DISCARD_ONE_IN == 0;
		void *rec;

		while (!(rec = bpf_ringbuf_reserve(st->map, size, 0))) {
			p->failures++;
			/* pairs with the release store in fail() */
			if (__atomic_load_n(&st->abort, __ATOMIC_ACQUIRE))
				return NULL;
			sched_yield();
		}
		p->reserved++;
		p->bytes += rec_footprint(size);
		if (discard) {
			stamp_fill(rec, size, p->id, POISON_SEQ);
			bpf_ringbuf_discard(rec, st->commit_flags);
			p->discarded++;
		} else {
			stamp_fill(rec, size, p->id, p->submitted);
			bpf_ringbuf_submit(rec, st->commit_flags);
			p->submitted++;
		}
	}
	return NULL;
}

static void *consumer_main(void *arg)
{
	struct stress *st = arg;
	int n;

	/* pairs with the release store of go in run_stress() */
	while (!__atomic_load_n(&st->go, __ATOMIC_ACQUIRE))
		sched_yield();

	while (st->consumed < st->total) {
		if (st->poll_mode)
			n = ring_consumer__poll(st->rc, -1);
		else
			n = ring_consumer__consume(st->rc);
		if (n < 0)
			break;	/* fail() has said why */
		if (n == 0) {
			st->idle++;
			if (!st->poll_mode)
				sched_yield();
		}
	}
	return NULL;
}

static int nr_producers(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 2 ? 2 : n > MAX_PRODUCERS ? MAX_PRODUCERS : (int)n;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void run_stress(struct stress *st, uint64_t total, bool poll_mode, __u64 flags,
		       enum ringbuf_reserve reserve)
{
	char why[256];
	uint64_t submitted = 0, reserved = 0, discarded = 0, failures = 0, bytes = 0;
	struct ringbuf_stats rs;
	double t0, t1;
	int i, err;

	memset(st, 0, sizeof(*st));
	st->nprod = nr_producers();
	st->poll_mode = poll_mode;
	st->commit_flags = flags;
	st->total = total;
	st->map = ringbuf_map__new(RING, 0);
	cr_assert_not_null(st->map, "ringbuf_map__new");
	cr_assert_eq(ringbuf_map__set_reserve(st->map, reserve), 0, "ringbuf_map__set_reserve");
	st->reserve = reserve;
	st->rc = ring_consumer__new(st->map, stress_cb, st);
	cr_assert_not_null(st->rc, "ring_consumer__new");

	for (i = 0; i < st->nprod; i++) {
		struct producer *p = &st->prod[i];

		p->st = st;
		p->id = (uint32_t)i;
		p->target = total / st->nprod + (i == 0 ? total % st->nprod : 0);
		err = pthread_create(&p->thr, NULL, producer_main, p);
		cr_assert_eq(err, 0, "pthread_create producer %d: %d", i, err);
	}
	err = pthread_create(&st->cons_thr, NULL, consumer_main, st);
	cr_assert_eq(err, 0, "pthread_create consumer: %d", err);

	t0 = now_s();
	/* pairs with the acquire loads of go in every thread */
	__atomic_store_n(&st->go, 1, __ATOMIC_RELEASE);
	for (i = 0; i < st->nprod; i++)
		pthread_join(st->prod[i].thr, NULL);
	pthread_join(st->cons_thr, NULL);
	t1 = now_s();

	cr_assert(!st->abort, "consumer: %s", st->error);
	for (i = 0; i < st->nprod; i++) {
		struct producer *p = &st->prod[i];

		cr_expect_eq(p->submitted, p->target, "producer %d submitted %llu of %llu", i,
			     (unsigned long long)p->submitted, (unsigned long long)p->target);
		cr_expect_eq(st->next_seq[i], p->submitted, "producer %d: %llu delivered of %llu",
			     i, (unsigned long long)st->next_seq[i],
			     (unsigned long long)p->submitted);
		cr_expect_eq(p->reserved, p->submitted + p->discarded,
			     "producer %d: reserved = submitted + discarded", i);
		submitted += p->submitted;
		reserved += p->reserved;
		discarded += p->discarded;
		failures += p->failures;
		bytes += p->bytes;
	}
	cr_expect_eq(st->consumed, submitted, "consumed %llu, submitted %llu",
		     (unsigned long long)st->consumed, (unsigned long long)submitted);
	cr_expect_eq(submitted, total, "records moved");
	cr_expect(discarded * 100 > reserved * 4 && discarded * 100 < reserved * 6,
		  "about 5%% discarded: %llu of %llu", (unsigned long long)discarded,
		  (unsigned long long)reserved);

	/* every reserved byte went through the ring and was consumed */
	cr_expect_eq(bpf_ringbuf_query(st->map, BPF_RB_PROD_POS), bytes, "producer_pos");
	cr_expect_eq(bpf_ringbuf_query(st->map, BPF_RB_CONS_POS), bytes, "consumer_pos");
	cr_expect_eq(bpf_ringbuf_query(st->map, BPF_RB_AVAIL_DATA), 0, "ring empty");

	cr_expect_eq(ringbuf_map__valid(st->map, 0, 0, why, sizeof(why)), 0, "valid: %s", why);
	ringbuf_map__stats(st->map, &rs);
	if (reserve == RINGBUF_RESERVE_CAS)
		cr_expect_eq(rs.fail_lock, 0, "the CAS reserve takes no lock");
	cr_expect_eq(rs.fail_too_big, 0, "fail_too_big");
	cr_expect_eq(rs.misuse, 0, "every commit was of a reserved record");
	cr_expect_eq(rs.fail_no_space + rs.fail_lock, failures,
		     "refusals: no_space %llu + lock %llu, producers saw %llu",
		     (unsigned long long)rs.fail_no_space, (unsigned long long)rs.fail_lock,
		     (unsigned long long)failures);

	cr_log_info("stress %s %s: %d producers, %llu records (%llu discarded), %.2f s, "
		    "%llu refusals (%llu lock), %llu notifications, %llu idle consumer rounds",
		    poll_mode ? "poll" : "busy", reserve == RINGBUF_RESERVE_CAS ? "cas" : "kernel",
		    st->nprod, (unsigned long long)reserved,
		    (unsigned long long)discarded, t1 - t0, (unsigned long long)failures,
		    (unsigned long long)rs.fail_lock, (unsigned long long)rs.notifications,
		    (unsigned long long)st->idle);

	ring_consumer__free(st->rc);
	ringbuf_map__free(st->map);
}

static struct stress stress_state;

/* consumer busy-polls; producers commit without wake-ups */
Test(stress, busy_consumer_mixed_sizes, .timeout = RBSIM_TEST_TIMEOUT(120))
{
	run_stress(&stress_state, BUSY_RECORDS, false, BPF_RB_NO_WAKEUP, RINGBUF_RESERVE_KERNEL);
}

/*
 * consumer sleeps in poll(-1); adaptive wake-ups must keep it going to the
 * last record (a lost wake-up hangs it and the test times out)
 */
Test(stress, sleeping_consumer_adaptive_wakeups, .timeout = RBSIM_TEST_TIMEOUT(120))
{
	run_stress(&stress_state, POLL_RECORDS, true, 0, RINGBUF_RESERVE_KERNEL);
}

/* the lock-free reservation: the same records and checks, reservers racing on a CAS */
Test(stress, cas_busy_consumer_mixed_sizes, .timeout = RBSIM_TEST_TIMEOUT(120))
{
	run_stress(&stress_state, BUSY_RECORDS, false, BPF_RB_NO_WAKEUP, RINGBUF_RESERVE_CAS);
}

Test(stress, cas_sleeping_consumer_adaptive_wakeups, .timeout = RBSIM_TEST_TIMEOUT(120))
{
	run_stress(&stress_state, POLL_RECORDS, true, 0, RINGBUF_RESERVE_CAS);
}
