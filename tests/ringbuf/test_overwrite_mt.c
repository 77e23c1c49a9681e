// SPDX-License-Identifier: GPL-2.0-only
/*
 * The overwrite-mode reader against two producers that lap it: every record
 * it delivers is whole (never torn), each at most once and in order per
 * producer, and every record it did not deliver is counted in its lost
 * bytes (all records take 40 bytes of ring). Snapshots taken along the way
 * hold whole records too. Producers store records with relaxed atomics, as
 * the reader loads them: ThreadSanitizer then checks every other access.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "tests/helpers/criterion_tsan.h"

#include "tests/helpers/rbtest.h"
#include "tests/helpers/timeout.h"

#ifdef __SANITIZE_THREAD__
#define RECORDS 20000ULL
#else
#define RECORDS 400000ULL
#endif
#define RING (16 * 1024)
#define NPROD 2
#define WORDS 4                 /* a 32-byte record: 40 bytes of ring */
#define FOOTPRINT 40
#define SNAPSHOT_EVERY 31

TestSuite(overwrite_mt, .timeout = RBSIM_TEST_TIMEOUT(120));

struct ow_test {
	struct bpf_ringbuf_map *map;
	int go;                         /* G: release-stored by the test thread */
	__u64 committed[NPROD];         /* C: each producer's, release-stored */
	int done;                       /* D: release-stored after both producers ended */
	/* the consumer's, read by the test thread after join */
	__u64 delivered[NPROD], last[NPROD], snaps, snap_recs, snap_again, fails[NPROD];
	char error[200];
};

/* word i of record seq of producer p; word 0 says who and which */
static __u64 rec_word(__u32 p, __u64 seq, int i)
{
	return i == 0 ? seq << 8 | p : (seq * 0x9e3779b97f4a7c15ULL) ^ ((__u64)i << 56) ^ p;
}

static int check(struct ow_test *t, const __u64 *w, size_t size, __u32 *p, __u64 *seq)
{
	int i;

	if (size != WORDS * 8) {
		snprintf(t->error, sizeof(t->error), "a record of %zu bytes", size);
		return -1;
	}
	*p = w[0] & 0xff;
	*seq = w[0] >> 8;
	if (*p >= NPROD) {
		snprintf(t->error, sizeof(t->error), "producer %u", *p);
		return -1;
	}
	for (i = 1; i < WORDS; i++) {
		if (w[i] != rec_word(*p, *seq, i)) {
			snprintf(t->error, sizeof(t->error), "producer %u seq %llu: word %d torn",
				 *p, (unsigned long long)*seq, i);
			return -1;
		}
	}
	return 0;
}

static int on_record(void *ctx, void *data, size_t size)
{
	struct ow_test *t = ctx;
	__u64 seq;
	__u32 p;
	int spin;

	if (check(t, data, size, &p, &seq))
		return -1;
	if (t->delivered[p] && seq <= t->last[p]) {
		snprintf(t->error, sizeof(t->error), "producer %u: seq %llu after %llu (%s)", p,
			 (unsigned long long)seq, (unsigned long long)t->last[p],
			 seq == t->last[p] ? "duplicated" : "reordered");
		return -1;
	}
	t->last[p] = seq;
	t->delivered[p]++;
	/* a slow consumer: the producers lap it */
	for (spin = 0; spin < 200; spin++)
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
	return 0;
}

/* a snapshot's records: whole, in order per producer */
static __u64 snap_last[NPROD];
static bool snap_seen[NPROD];

static int on_snap(void *ctx, void *data, size_t size)
{
	struct ow_test *t = ctx;
	__u64 seq;
	__u32 p;

	if (check(t, data, size, &p, &seq))
		return -1;
	if (snap_seen[p] && seq <= snap_last[p]) {
		snprintf(t->error, sizeof(t->error), "snapshot: producer %u seq %llu after %llu",
			 p, (unsigned long long)seq, (unsigned long long)snap_last[p]);
		return -1;
	}
	snap_seen[p] = true;
	snap_last[p] = seq;
	t->snap_recs++;
	return 0;
}

struct prod_arg {
	struct ow_test *t;
	__u32 id;
};

static void *producer_main(void *arg)
{
	struct prod_arg *a = arg;
	struct ow_test *t = a->t;
	__u64 seq;
	int i;

	/* G: pairs with the test thread's release store */
	while (!__atomic_load_n(&t->go, __ATOMIC_ACQUIRE))
		sched_yield();
	for (seq = 0; seq < RECORDS; seq++) {
		__u64 *w;

		/* only a BUSY record of the other producer stops a reservation */
		while (!(w = bpf_ringbuf_reserve(t->map, WORDS * 8, 0))) {
			t->fails[a->id]++;
			sched_yield();
		}
		/* relaxed stores: the reader may be copying the bytes they overwrite (O2) */
		for (i = 0; i < WORDS; i++)
			__atomic_store_n(&w[i], rec_word(a->id, seq, i), __ATOMIC_RELAXED);
		bpf_ringbuf_submit(w, BPF_RB_NO_WAKEUP);
		/* C: pairs with the consumer's acquire load */
		__atomic_store_n(&t->committed[a->id], seq + 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

static void *consumer_main(void *arg)
{
	struct ow_test *t = arg;
	struct ring_consumer *rc = ring_consumer__new(t->map, on_record, t);
	struct consumer_ring *r = ring_consumer__ring(rc, 0);
	__u64 rounds = 0;
	bool done = false;
	int n, p;

	if (!rc) {
		snprintf(t->error, sizeof(t->error), "ring_consumer__new");
		return NULL;
	}
	/* C: start once both producers filled the ring twice: the first records are lost */
	for (p = 0; p < NPROD; p++)
		while (__atomic_load_n(&t->committed[p], __ATOMIC_ACQUIRE) < 2 * RING / FOOTPRINT)
			sched_yield();
	for (;;) {
		/* D: pairs with the test thread's release store, before the round */
		if (!done)
			done = __atomic_load_n(&t->done, __ATOMIC_ACQUIRE);
		n = ring_consumer__consume(rc);
		if (n < 0)
			break;
		/*
		 * the first round too: under a sanitizer the producers can end
		 * before the reader's 31st round (one make test of 2026-12-02 took
		 * no snapshot)
		 */
		if (++rounds % SNAPSHOT_EVERY == 1) {
			memset(snap_seen, 0, sizeof(snap_seen));
			n = consumer_ring__snapshot(r, 0, on_snap, t);
			if (n == -EAGAIN)
				t->snap_again++;
			else if (n < 0)
				break;
			else
				t->snaps++;
			n = 1;
		}
		if (done && n == 0)
			break;
	}
	if (n >= 0) {
		struct consumer_ring_overwrite_stats st;

		consumer_ring__overwrite_stats(r, &st);
		/* the lost bytes go back to the test thread through the join */
		t->last[0] = st.lost_bytes;
		t->last[1] = st.dropped;
	}
	ring_consumer__free(rc);
	return NULL;
}

Test(overwrite_mt, two_producers_lap_a_slow_reader)
{
	struct ringbuf_map_opts opts = { .sz = sizeof(opts), .kernel = RBSIM_KERNEL(6, 19) };
	struct ow_test t = { 0 };
	struct prod_arg args[NPROD];
	pthread_t prod[NPROD], cons;
	__u64 lost = 0, delivered = 0;
	int p;

	t.map = ringbuf_map__new_opts(RING, BPF_F_RB_OVERWRITE, &opts);
	cr_assert_not_null(t.map, "map");
	cr_assert_eq(pthread_create(&cons, NULL, consumer_main, &t), 0, "consumer");
	for (p = 0; p < NPROD; p++) {
		args[p] = (struct prod_arg){ .t = &t, .id = (__u32)p };
		cr_assert_eq(pthread_create(&prod[p], NULL, producer_main, &args[p]), 0, "producer");
	}
	__atomic_store_n(&t.go, 1, __ATOMIC_RELEASE); /* G */
	for (p = 0; p < NPROD; p++)
		pthread_join(prod[p], NULL);
	__atomic_store_n(&t.done, 1, __ATOMIC_RELEASE); /* D */
	pthread_join(cons, NULL);

	cr_assert_str_eq(t.error, "", "the reader: %s", t.error);
	for (p = 0; p < NPROD; p++) {
		delivered += t.delivered[p];
		lost += RECORDS - t.delivered[p];
	}
	/* t.last[] holds the reader's lost bytes and drops now */
	cr_expect_gt(lost, 0, "the reader was lapped");
	cr_expect_eq(lost * FOOTPRINT, t.last[0], "every lost record counted: %llu lost, %llu "
		     "bytes", (unsigned long long)lost, (unsigned long long)t.last[0]);
	cr_expect_leq(t.last[1], lost, "dropped copies are among the lost");
	/* the newest (RING - 8) / 40 = 409 records stay, every other one was overwritten */
	cr_expect_eq(map_stats(t.map).overwritten, NPROD * RECORDS - (RING - 8) / FOOTPRINT,
		     "the ring holds the rest");
	cr_expect_gt(t.snaps + t.snap_again, 0, "snapshots taken");
	cr_log_info("overwrite_mt: %llu delivered, %llu lost (%llu dropped mid-copy), %llu "
		    "snapshots (%llu records, %llu -EAGAIN), reserve retries %llu/%llu",
		    (unsigned long long)delivered, (unsigned long long)lost,
		    (unsigned long long)t.last[1], (unsigned long long)t.snaps,
		    (unsigned long long)t.snap_recs, (unsigned long long)t.snap_again,
		    (unsigned long long)t.fails[0], (unsigned long long)t.fails[1]);
	ringbuf_map__free(t.map);
}
