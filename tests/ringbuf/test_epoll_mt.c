// SPDX-License-Identifier: GPL-2.0-only
/*
 * The consumers' epoll fds used the way a program with its own event loop
 * uses them: epoll_wait(epoll_fd, -1) then consume, never poll/wait. A
 * producer thread writes every record; the consumer thread blocks in
 * epoll_wait until woken, so a lost wake-up hangs the test (its timeout
 * fails it) and the loop ends on the record count, not on a clock. Once the
 * producer is done and the ring drained, the fd must not be readable. Also
 * built under ThreadSanitizer (the test_*_mt.c files).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <sys/epoll.h>
#include "tests/helpers/criterion_tsan.h"

#include "ringbuf/perfbuf.h"
#include "tests/helpers/rbtest.h"
#include "tests/helpers/timeout.h"

#ifdef __SANITIZE_THREAD__
#define RECORDS 5000
#else
#define RECORDS 100000
#endif
#define RING 4096
/* records committed with BPF_RB_NO_WAKEUP before each forced wake-up (fits the ring) */
#define BATCH 8

TestSuite(epoll_mt, .timeout = RBSIM_TEST_TIMEOUT(60));

enum mode { ADAPTIVE, BATCHED_FORCE, EVERY_FORCE };

struct rb_fix {
	struct bpf_ringbuf_map *map;
	enum mode mode;
	int go;			/* G1: release-stored by the consumer once it is set up */
	__u64 next;		/* consumer: the next sequence number expected */
	__u64 bad;		/* consumer: records out of order */
};

static int rb_cb(void *ctx, void *data, size_t size)
{
	struct rb_fix *f = ctx;
	__u64 seq;

	memcpy(&seq, data, sizeof(seq));
	if (size != sizeof(seq) || seq != f->next)
		f->bad++;
	f->next++;
	return 0;
}

static __u64 rb_flags(enum mode mode, __u64 seq)
{
	switch (mode) {
	case BATCHED_FORCE:
		/* the last record of every batch, and the very last, force a wake-up */
		if (seq % BATCH == BATCH - 1 || seq == RECORDS - 1)
			return BPF_RB_FORCE_WAKEUP;
		return BPF_RB_NO_WAKEUP;
	case EVERY_FORCE:
		return BPF_RB_FORCE_WAKEUP;
	default:
		return 0;
	}
}

static void *rb_producer(void *arg)
{
	struct rb_fix *f = arg;
	__u64 seq;

	/* G1: pairs with the consumer's store-release of go */
	while (!__atomic_load_n(&f->go, __ATOMIC_ACQUIRE))
		sched_yield();
	for (seq = 0; seq < RECORDS; seq++) {
		/* a full ring waits for the consumer, which a wake-up already woke */
		while (bpf_ringbuf_output(f->map, &seq, sizeof(seq), rb_flags(f->mode, seq)) ==
		       -EAGAIN)
			sched_yield();
	}
	return NULL;
}

static void rb_run(enum mode mode)
{
	struct rb_fix f = { .mode = mode };
	struct epoll_event ev;
	struct ring_consumer *rc;
	__u64 loops = 0, empty = 0;
	pthread_t th;
	int efd, n, i;

	f.map = rbtest_ring_new(RING, NULL);
	rc = rbtest_consumer_new(f.map, rb_cb, &f);
	efd = ring_consumer__epoll_fd(rc);
	cr_assert_geq(efd, 0, "epoll fd");
	cr_assert_eq(pthread_create(&th, NULL, rb_producer, &f), 0, "producer thread");
	/* G1 */
	__atomic_store_n(&f.go, 1, __ATOMIC_RELEASE);

	for (i = 0; f.next < RECORDS; i++) {
		n = epoll_wait(efd, &ev, 1, -1);
		cr_assert(n == 1 || (n < 0 && errno == EINTR), "epoll_wait: %d (%s)", n,
			  strerror(errno));
		loops++;
		/* woken with nothing there: a wake-up that raced with the consume of its record */
		if (!bpf_ringbuf_query(f.map, BPF_RB_AVAIL_DATA))
			empty++;
		/* every consume path takes its turn */
		switch (i % 3) {
		case 0:
			n = ring_consumer__consume(rc);
			break;
		case 1:
			n = ring_consumer__consume_n(rc, 3);
			break;
		default:
			n = consumer_ring__consume(ring_consumer__ring(rc, 0));
		}
		cr_assert_geq(n, 0, "consume: %d", n);
	}
	pthread_join(th, NULL);

	cr_assert_eq(f.bad, 0, "%llu records out of order", (unsigned long long)f.bad);
	cr_assert_eq(ring_consumer__consume(rc), 0, "nothing left");
	cr_assert_eq(epoll_wait(efd, &ev, 1, 0), 0, "drained, producer gone: fd not readable");
	/*
	 * each empty wake-up takes back at least one write of the eventfd, and
	 * not a consumer's re-arm (made only with data there, taken by the
	 * consume that drains it): at most one per notification
	 */
	cr_assert_leq(empty, map_stats(f.map).notifications,
		      "%llu wake-ups found nothing", (unsigned long long)empty);
	cr_log_info("mode %d: %llu epoll_wait returns, %llu empty, %llu notifications", mode,
		    (unsigned long long)loops, (unsigned long long)empty,
		    (unsigned long long)map_stats(f.map).notifications);
	rbtest_ring_free(f.map, NULL, rc);
}

Test(epoll_mt, ringbuf_adaptive_every_record_arrives)
{
	rb_run(ADAPTIVE);
}

Test(epoll_mt, ringbuf_batched_force_every_record_arrives)
{
	rb_run(BATCHED_FORCE);
}

Test(epoll_mt, ringbuf_force_every_record_arrives)
{
	rb_run(EVERY_FORCE);
}

/* ---- the perf buffer: one simulated CPU, a wakeup per sample ---- */

struct pb_fix {
	struct perf_event_array *map;
	int go;			/* G2: release-stored by the consumer once it is set up */
	__u64 next;
	__u64 bad;
};

static void pb_sample(void *ctx, int cpu, void *data, __u32 size)
{
	struct pb_fix *f = ctx;
	__u64 seq;

	(void)cpu;
	/* 8 bytes of data come back as 12: the u32 size field pads the record */
	memcpy(&seq, data, sizeof(seq));
	if (size < sizeof(seq) || seq != f->next)
		f->bad++;
	f->next++;
}

static void *pb_producer(void *arg)
{
	struct pb_fix *f = arg;
	__u64 seq;

	perf_cpu__set_current(0);
	/* G2: pairs with the consumer's store-release of go */
	while (!__atomic_load_n(&f->go, __ATOMIC_ACQUIRE))
		sched_yield();
	for (seq = 0; seq < RECORDS; seq++) {
		/* no room: the sample is lost, counted, and written again */
		while (bpf_perf_event_output(f->map, BPF_F_CURRENT_CPU, &seq, sizeof(seq)) ==
		       -ENOSPC)
			sched_yield();
	}
	return NULL;
}

Test(epoll_mt, perfbuf_every_sample_arrives)
{
	struct perfbuf_consumer_opts opts = { .sz = sizeof(opts), .sample_period = 1 };
	struct pb_fix f = { 0 };
	struct perfbuf_consumer *pb;
	struct epoll_event ev;
	pthread_t th;
	int efd, n;

	f.map = perf_event_array__new(1);
	cr_assert_not_null(f.map, "perf_event_array__new");
	pb = perfbuf_consumer__new(f.map, 1, pb_sample, NULL, &f, &opts);
	cr_assert_not_null(pb, "perfbuf_consumer__new");
	efd = perfbuf_consumer__epoll_fd(pb);
	cr_assert_geq(efd, 0, "epoll fd");
	cr_assert_eq(pthread_create(&th, NULL, pb_producer, &f), 0, "producer thread");
	/* G2 */
	__atomic_store_n(&f.go, 1, __ATOMIC_RELEASE);

	while (f.next < RECORDS) {
		n = epoll_wait(efd, &ev, 1, -1);
		cr_assert(n == 1 || (n < 0 && errno == EINTR), "epoll_wait: %d (%s)", n,
			  strerror(errno));
		cr_assert_eq(perfbuf_consumer__consume(pb), 0, "consume");
	}
	pthread_join(th, NULL);

	cr_assert_eq(f.bad, 0, "%llu samples out of order", (unsigned long long)f.bad);
	cr_assert_eq(perfbuf_consumer__consume(pb), 0, "consume");
	cr_assert_eq(f.next, RECORDS, "nothing more");
	/* the last wakeup may still be pending (its data went with an earlier one): once */
	cr_assert_leq(epoll_wait(efd, &ev, 1, 0), 1, "epoll_wait");
	cr_assert_eq(epoll_wait(efd, &ev, 1, 0), 0, "a wakeup is reported once");
	perfbuf_consumer__free(pb);
	perf_event_array__free(f.map);
}
