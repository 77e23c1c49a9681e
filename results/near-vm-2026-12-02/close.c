// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a consumer reading close behind costs its producer, with no library
 * and no harness (issue 14, the near placement): the reservation, commit
 * and consumer pass of bench/probe/b2b_inline.c (Linux 6.18
 * kernel/bpf/ringbuf.c and libbpf's ringbuf_process_ring(), inline), the
 * producer on CPU 1 and the consumer on CPU 0, 16-byte records in a 64 MiB
 * ring (the producer never laps the consumer here).
 *
 * usage: close MODE [SECONDS [PAUSE_NS]]
 *   alone   the consumer spins on a line of its own; the producer keeps
 *           consumer_pos itself (no line of the ring is shared)
 *   passes  every PAUSE_NS the consumer loads producer_pos, reads each
 *           committed record up to it (header and sample) and stores
 *           consumer_pos once at the end, as the batch consumer does
 *   pos     every PAUSE_NS the consumer loads producer_pos and stores it as
 *           consumer_pos, reading no record
 * prints ns a record, records a pass and the adaptive check's hits a record
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RING_SZ (1UL << 26)
#define RING_MASK (RING_SZ - 1)
#define BUSY_BIT (1U << 31)
#define REC 16 /* 8 bytes and the header */

struct ring {
	unsigned long consumer_pos __attribute__((aligned(128)));
	unsigned long producer_pos __attribute__((aligned(128)));
	unsigned long pending_pos;
	unsigned int lock __attribute__((aligned(128)));
	unsigned long hits;
	unsigned char data[RING_SZ] __attribute__((aligned(4096)));
};

enum { ALONE, PASSES, POS };
static struct ring R;
static int mode, stop;
static double pause_ns;
static unsigned long passes;

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void pin(int cpu)
{
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	pthread_setaffinity_np(pthread_self(), sizeof(s), &s);
}

static void *consumer(void *arg)
{
	unsigned long c = 0, p, n = 0;
	volatile unsigned long spin = 0;
	uint64_t sum = 0;

	(void)arg;
	pin(0);
	/* stop: relaxed, the producer's store after its timed loop; nothing is read after it */
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		if (mode == ALONE) {
			spin++;
			continue;
		}
		/* pairs with the producer's store-release of producer_pos */
		p = __atomic_load_n(&R.producer_pos, __ATOMIC_ACQUIRE);
		n++;
		if (mode == POS) {
			c = p;
		} else {
			while (c < p) {
				const uint32_t *h = (const uint32_t *)&R.data[c & RING_MASK];
				/* pairs with the producer's xchg of the header (commit) */
				uint32_t len = __atomic_load_n(h, __ATOMIC_ACQUIRE);

				if (len & BUSY_BIT)
					break;
				sum += *(const uint64_t *)(h + 2);
				c += REC;
			}
		}
		/* pairs with the producer's load-acquire of consumer_pos */
		__atomic_store_n(&R.consumer_pos, c, __ATOMIC_RELEASE);
		for (double end = now() + pause_ns * 1e-9; now() < end;)
			;
	}
	passes = n;
	return (void *)(uintptr_t)sum;
}

int main(int argc, char **argv)
{
	unsigned long seq = 0, full = 0;
	double secs, t0, t1;
	pthread_t t;

	if (argc < 2 || (strcmp(argv[1], "alone") && strcmp(argv[1], "passes") &&
			 strcmp(argv[1], "pos"))) {
		fprintf(stderr, "usage: close alone|passes|pos [SECONDS [PAUSE_NS]]\n");
		return 2;
	}
	mode = !strcmp(argv[1], "alone") ? ALONE : !strcmp(argv[1], "passes") ? PASSES : POS;
	secs = argc > 2 ? atof(argv[2]) : 0.3;
	pause_ns = argc > 3 ? atof(argv[3]) : 0;
	pin(1);
	pthread_create(&t, NULL, consumer, NULL);
	t0 = now();
	do {
		for (int i = 0; i < 1000; i++) {
			/* pairs with the consumer's store-release of consumer_pos */
			unsigned long cons = __atomic_load_n(&R.consumer_pos, __ATOMIC_ACQUIRE);
			unsigned long pend, prod, np;
			uint32_t *h;

			while (__atomic_exchange_n(&R.lock, 1, __ATOMIC_ACQUIRE))
				;
			pend = R.pending_pos;
			prod = R.producer_pos;
			np = prod + REC;
			while (pend < prod) {
				uint32_t *ph = (uint32_t *)&R.data[pend & RING_MASK];
				uint32_t len = __atomic_load_n(ph, __ATOMIC_RELAXED);
				if (len & BUSY_BIT)
					break;
				pend += REC;
			}
			R.pending_pos = pend;
			if (mode != ALONE && np - cons > RING_MASK) {
				__atomic_store_n(&R.lock, 0, __ATOMIC_RELEASE);
				full++;
				continue;
			}
			if (mode == ALONE)
				__atomic_store_n(&R.consumer_pos, prod, __ATOMIC_RELAXED);
			h = (uint32_t *)&R.data[prod & RING_MASK];
			__atomic_store_n(h, 8 | BUSY_BIT, __ATOMIC_RELAXED);
			h[1] = 3;
			/* pairs with the consumer's load-acquire of producer_pos */
			__atomic_store_n(&R.producer_pos, np, __ATOMIC_RELEASE);
			__atomic_store_n(&R.lock, 0, __ATOMIC_RELEASE);
			*(uint64_t *)(h + 2) = seq++;
			/* the commit; pairs with the consumer's load-acquire of the header */
			__atomic_exchange_n(h, 8, __ATOMIC_SEQ_CST);
			/* the adaptive check: consumer caught up (pairs as above) */
			if ((__atomic_load_n(&R.consumer_pos, __ATOMIC_ACQUIRE) & RING_MASK) ==
			    (prod & RING_MASK))
				R.hits++;
		}
		t1 = now();
	} while (t1 - t0 < secs);
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	pthread_join(t, NULL);
	printf("%s pause_ns %.0f ns_per_rec %.2f rec_per_pass %.1f caught_up_per_rec %.3f "
	       "full_spins %lu\n", argv[1], pause_ns, (t1 - t0) * 1e9 / (double)seq,
	       passes ? (double)seq / (double)passes : 0, (double)R.hits / (double)seq, full);
	return 0;
}
