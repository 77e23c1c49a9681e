// SPDX-License-Identifier: GPL-2.0-only
/*
 * Perf buffer port under concurrency: several producer threads, each a
 * simulated CPU writing only its own ring (as a BPF program may only write
 * the current CPU's buffer), and one consumer thread on libbpf's perf_buffer.
 * Every record is stamped (producer, sequence, checksum); the checks:
 *   - per producer, the records arrive in order, none twice, none torn;
 *   - conservation: a producer retries a record after -ENOSPC, so every
 *     record arrives once, and the LOST counts the consumer is told add up,
 *     per CPU, to the -ENOSPC returns of that CPU's producer;
 *   - nothing is left behind: the consumer ends only when it has every record,
 *     woken by the wakeups alone until the producers end.
 * Also built under ThreadSanitizer (the test_*_mt.c files).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "tests/helpers/criterion_tsan.h"

#include "ringbuf/perfbuf.h"
#include "tests/helpers/stamp.h"
#include "tests/helpers/timeout.h"

#ifdef __SANITIZE_THREAD__
#define PER_PRODUCER 5000
#else
#define PER_PRODUCER 200000
#endif
#define MAX_PROD 8
/* sizes 8k + 4 have no padding: the size the consumer sees is the one stamped */
#define MIN_K 2
#define MAX_K 30

struct prod {
	pthread_t tid;
	int id;
	uint64_t enospc; /* written by the producer, read after join */
	long err;        /* likewise: a failure other than -ENOSPC */
};

struct check {
	uint64_t next_seq[MAX_PROD];
	uint64_t lost[MAX_PROD];
	uint64_t delivered;
	uint64_t bad; /* first problem found, as a code */
	char why[160];
};

static struct perf_event_array *map;
static struct perfbuf_consumer *pb;
static struct prod prods[MAX_PROD];
static struct check chk;
static int nprod;
static int go;   /* release-stored start flag */
static int done; /* producers that finished */

static int producer_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 2)
		n = 2;
	return n > MAX_PROD ? MAX_PROD : (int)n;
}

static void fail_once(const char *why, int cpu, uint64_t a, uint64_t b)
{
	if (chk.bad)
		return;
	chk.bad = 1;
	snprintf(chk.why, sizeof(chk.why), "%s (cpu %d: %llu vs %llu)", why, cpu,
		 (unsigned long long)a, (unsigned long long)b);
}

/* the consumer is the test's main thread: only it touches chk */
static void sample_cb(void *ctx, int cpu, void *data, __u32 size)
{
	uint32_t producer;
	uint64_t seq;

	(void)ctx;
	if (stamp_check(data, size, &producer, &seq) != STAMP_OK) {
		fail_once("torn or truncated record", cpu, size, 0);
		return;
	}
	if ((int)producer != cpu) {
		fail_once("record on another cpu's ring", cpu, producer, seq);
		return;
	}
	if (seq != chk.next_seq[cpu]) {
		fail_once("out of order, lost or duplicated", cpu, seq, chk.next_seq[cpu]);
		return;
	}
	chk.next_seq[cpu]++;
	chk.delivered++;
}

static void lost_cb(void *ctx, int cpu, __u64 cnt)
{
	(void)ctx;
	chk.lost[cpu] += cnt;
}

static void *producer(void *arg)
{
	struct prod *p = arg;
	uint64_t rng = 0x5eed0000ULL + (uint64_t)p->id, seq;
	unsigned char rec[8 * MAX_K + 4];
	size_t size;
	long ret;

	perf_cpu__set_current(p->id);
	/* pairs with the release store of go in run() */
	while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
		sched_yield();

	for (seq = 0; seq < PER_PRODUCER; seq++) {
		size = 8 * (MIN_K + prng_next(&rng) % (MAX_K - MIN_K + 1)) + 4;
		stamp_fill(rec, size, (uint32_t)p->id, seq);
		while ((ret = bpf_perf_event_output(map, BPF_F_CURRENT_CPU, rec, size)) ==
		       -ENOSPC) {
			p->enospc++;
			sched_yield();
		}
		if (ret) {
			p->err = ret;
			break;
		}
	}
	/* pairs with the consumer's acquire load of done */
	__atomic_fetch_add(&done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void run(size_t pages, __u32 sample_period)
{
	struct perfbuf_consumer_opts opts = { .sz = sizeof(opts), .sample_period = sample_period };
	uint64_t want, total_enospc = 0;
	int i, n;

	memset(&chk, 0, sizeof(chk));
	go = 0;
	done = 0;
	nprod = producer_count();
	map = perf_event_array__new((__u32)nprod);
	cr_assert_not_null(map, "map of %d cpus", nprod);
	pb = perfbuf_consumer__new(map, pages, sample_cb, lost_cb, NULL, &opts);
	cr_assert_not_null(pb, "perfbuf_consumer__new");

	for (i = 0; i < nprod; i++) {
		prods[i].id = i;
		prods[i].enospc = 0;
		prods[i].err = 0;
		cr_assert_eq(pthread_create(&prods[i].tid, NULL, producer, &prods[i]), 0,
			     "producer %d", i);
	}
	__atomic_store_n(&go, 1, __ATOMIC_RELEASE);

	/* woken only by the wakeups while producers run: a lost wakeup hangs (timeout) */
	want = (uint64_t)nprod * PER_PRODUCER;
	while (__atomic_load_n(&done, __ATOMIC_ACQUIRE) < nprod && !chk.bad) {
		n = perfbuf_consumer__poll(pb, 100);
		cr_assert_geq(n, 0, "poll: %d", n);
	}
	for (i = 0; i < nprod; i++)
		pthread_join(prods[i].tid, NULL);
	/* samples after the last wakeup (sample_period > 1) wait for a consume */
	cr_assert_eq(perfbuf_consumer__consume(pb), 0, "final consume");

	cr_assert_eq(chk.bad, 0, "%s", chk.why);
	cr_assert_eq(chk.delivered, want, "every record delivered once");
	for (i = 0; i < nprod; i++) {
		struct perf_ring_stats st;

		perf_ring__stats(perfbuf_consumer__ring(pb, (size_t)i), &st);
		cr_assert_eq(prods[i].err, 0, "cpu %d: bpf_perf_event_output", i);
		cr_assert_eq(chk.next_seq[i], PER_PRODUCER, "cpu %d: all records in order", i);
		cr_assert_eq(chk.lost[i], prods[i].enospc,
			     "cpu %d: LOST counts = -ENOSPC returns", i);
		cr_assert_eq(st.lost_samples, prods[i].enospc, "cpu %d: lost_samples", i);
		total_enospc += prods[i].enospc;
	}
	cr_log_info("%d producers, %llu records, %llu retries after -ENOSPC, %llu wake-ups",
		    nprod, (unsigned long long)want, (unsigned long long)total_enospc,
		    (unsigned long long)perfbuf_consumer__wakeups(pb));

	perfbuf_consumer__free(pb);
	perf_event_array__free(map);
}

TestSuite(perfbuf_mt, .timeout = RBSIM_TEST_TIMEOUT(120));

/* libbpf's default: a wakeup per sample, 8 pages per cpu */
Test(perfbuf_mt, wakeup_per_sample, .timeout = RBSIM_TEST_TIMEOUT(120))
{
	run(8, 1);
}

/* sampled wakeups and a small ring: many -ENOSPC, LOST records, the watermark wakes */
Test(perfbuf_mt, sampled_small_ring, .timeout = RBSIM_TEST_TIMEOUT(120))
{
	run(1, 64);
}
