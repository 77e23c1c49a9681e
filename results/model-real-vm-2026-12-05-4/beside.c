// SPDX-License-Identifier: GPL-2.0-only
/*
 * beside.c: what a producer and a libbpf consumer of the port cost each
 * other on two CPUs, each thread's data on lines of its own (an earlier
 * version shared a line between the threads' counters and read 25-190 ns a
 * record where there is 1-2). Producer's side on CPU 1, consumer's on CPU
 * 0, a 512 KiB ring of 8-byte records. Medians of 41 samples, ns a record
 * (or an attempt):
 *   cons_alone    the consumer takes half a full ring, nothing else running
 *   cons_refused  the same beside a thread on CPU 1 reserving 7/8 of the
 *                 ring without pause (refused: the lock, the load of
 *                 consumer_pos)
 *   prod_alone    a refused 8-byte reservation at the full ring, alone
 *   prod_stored   the same beside a thread on CPU 0 storing consumer_pos
 *                 (its own value) without pause
 *   fill_alone    the producer fills the empty ring, no one reading
 *   fill_follow   the same with a thread on CPU 0 consuming in a loop right
 *                 behind it (ring_consumer__consume()), as a run's consumer
 *                 that keeps up
 * Build from the repository's top: gcc -O2 -I. beside.c -Lbuild -lrbsim -pthread
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ringbuf/ringbuf.h"
#include "ringbuf/consumer.h"

#define RING (512 * 1024)
#define LINE 128
#define S 41
#define ATTEMPTS 100000

enum op { REFUSE, STORE, FOLLOW, LOAD_PP, LOAD_HDR, REFILL };

struct helper {
	int go __attribute__((aligned(LINE)));      /* main -> helper */
	int started __attribute__((aligned(LINE))); /* helper -> main */
	enum op op __attribute__((aligned(LINE)));  /* the helper's own from here */
	int cpu;
	unsigned long n;
};

static struct { unsigned long sum; } cpriv __attribute__((aligned(LINE)));
static struct bpf_ringbuf_map *map __attribute__((aligned(LINE)));
static struct ringbuf_mmap view;
static struct ring_consumer *rc;

static unsigned long long now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000ull + t.tv_nsec;
}

static void pin(int c)
{
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(c, &s);
	sched_setaffinity(0, sizeof(s), &s);
}

static int cb(void *ctx, void *d, size_t n)
{
	cpriv.sum += *(unsigned long *)d;
	return 0;
}

static void *helper(void *arg)
{
	struct helper *h = arg;
	unsigned long *cp = (unsigned long *)view.consumer_pos, v = 0, n = 0;
	void *p;

	pin(h->cpu);
	__atomic_store_n(&h->started, 1, __ATOMIC_RELEASE);
	while (__atomic_load_n(&h->go, __ATOMIC_ACQUIRE)) {
		if (h->op == REFILL) {
			unsigned long *q = bpf_ringbuf_reserve(map, 8, 0);

			if (q) {
				*q = n;
				bpf_ringbuf_submit(q, BPF_RB_NO_WAKEUP);
			}
		} else if (h->op == REFUSE) {
			p = bpf_ringbuf_reserve(map, RING / 8 * 7, 0);
			if (p)
				bpf_ringbuf_discard(p, BPF_RB_NO_WAKEUP);
		} else if (h->op == STORE) {
			v = __atomic_load_n(cp, __ATOMIC_RELAXED);
			__atomic_store_n(cp, v, __ATOMIC_RELEASE);
		} else if (h->op == FOLLOW) {
			ring_consumer__consume(rc);
		} else if (h->op == LOAD_PP) {
			v += __atomic_load_n(view.producer_pos, __ATOMIC_ACQUIRE);
		} else {
			/* the header of the last record reserved */
			unsigned long pp = __atomic_load_n(view.producer_pos, __ATOMIC_ACQUIRE);

			if (pp >= 16)
				v += __atomic_load_n((const unsigned int *)((const char *)view.data +
						     ((pp - 16) & (RING - 1))), __ATOMIC_ACQUIRE);
		}
		n++;
	}
	h->n = n + (v & 1);
	return NULL;
}

static struct helper *h;
static pthread_t th;

static void start(enum op op, int cpu)
{
	memset(h, 0, sizeof(*h));
	h->op = op;
	h->cpu = cpu;
	h->go = 1;
	pthread_create(&th, NULL, helper, h);
	while (!__atomic_load_n(&h->started, __ATOMIC_ACQUIRE))
		;
}

static void stop(void)
{
	__atomic_store_n(&h->go, 0, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
}

static unsigned long fill(unsigned long max)
{
	unsigned long n = 0, *p;

	while (n < max && (p = bpf_ringbuf_reserve(map, 8, 0))) {
		*p = ++n;
		bpf_ringbuf_submit(p, BPF_RB_NO_WAKEUP);
	}
	return n;
}

/* 56-byte records: each with its header one line of 64 bytes */
static unsigned long fill64(void)
{
	unsigned long n = 0, *p;

	while (n < RING / 64 - 1 && (p = bpf_ringbuf_reserve(map, 56, 0))) {
		*p = ++n;
		bpf_ringbuf_submit(p, BPF_RB_NO_WAKEUP);
	}
	return n;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(void)
{
	static double v[11][S];
	static const char *name[11] = { "cons_alone", "cons_refused", "prod_alone",
				       "prod_stored", "fill_alone", "fill_follow", "fill_stored",
				       "fill_load_pp", "fill_load_hdr", "fill_follow_64",
				       "cons_refilled" };
	static const enum op fop[4] = { STORE, LOAD_PP, LOAD_HDR, FOLLOW };
	unsigned long n, i, got, t0;
	int s, k;

	h = aligned_alloc(LINE, (sizeof(*h) + LINE - 1) / LINE * LINE);
	map = ringbuf_map__new(RING, 0);
	ringbuf_map__mmap(map, &view);
	rc = ring_consumer__new(map, cb, NULL);
	for (s = 0; s < S; s++) {
		for (k = 0; k < 2; k++) {
			/* the consumer's half of a full ring, on CPU 0 */
			pin(1);
			n = fill(~0UL);
			pin(0);
			if (k)
				start(REFUSE, 1);
			t0 = now();
			got = ring_consumer__consume_n(rc, n / 2);
			v[k][s] = (double)(now() - t0) / got;
			if (k)
				stop();
			ring_consumer__consume(rc);
		}
		for (k = 0; k < 2; k++) {
			/* refused reservations at the full ring, on CPU 1 */
			pin(1);
			fill(~0UL);
			if (k)
				start(STORE, 0);
			t0 = now();
			for (i = 0; i < ATTEMPTS; i++)
				if (bpf_ringbuf_reserve(map, 8, 0))
					return 2;
			v[2 + k][s] = (double)(now() - t0) / ATTEMPTS;
			if (k)
				stop();
			pin(0);
			ring_consumer__consume(rc);
		}
		for (k = 0; k < 2; k++) {
			/* filling, alone or followed */
			pin(1);
			if (k)
				start(FOLLOW, 0);
			t0 = now();
			got = fill(RING / 16 - 1);
			v[4 + k][s] = (double)(now() - t0) / got;
			if (k)
				stop();
			pin(0);
			ring_consumer__consume(rc);
		}
		for (k = 0; k < 4; k++) {
			/* filling beside one access of the consumer's at a time; 64-byte records */
			pin(1);
			start(fop[k], 0);
			t0 = now();
			got = k < 3 ? fill(RING / 16 - 1) : fill64();
			v[6 + k][s] = (double)(now() - t0) / got;
			stop();
			pin(0);
			ring_consumer__consume(rc);
		}
		/* the consumer at a full ring that a producer on CPU 1 refills as it frees */
		pin(1);
		n = fill(~0UL);
		pin(0);
		start(REFILL, 1);
		t0 = now();
		got = ring_consumer__consume_n(rc, n / 2);
		v[10][s] = (double)(now() - t0) / got;
		stop();
		ring_consumer__consume(rc);
	}
	for (k = 0; k < 11; k++) {
		qsort(v[k], S, sizeof(double), cmp);
		printf("%s %.2f (p10 %.2f, p90 %.2f)\n", name[k], v[k][S / 2], v[k][S / 10],
		       v[k][S * 9 / 10]);
	}
	return 0;
}
