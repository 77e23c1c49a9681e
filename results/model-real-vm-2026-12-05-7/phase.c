// SPDX-License-Identifier: GPL-2.0-only
/*
 * phase.c: two producers on one ring of the port (the kernel reservation, the queued
 * lock, 8-byte records, BPF_RB_NO_WAKEUP, no consumer, a 2 GiB ring), pinned to CPUs 0
 * and 1, timed two ways. usage: phase barrier|continuous
 *   barrier: 2000 samples; in each both start together (producer 0 opens it when both
 *     finished the one before) and make 1000 records each; a sample is the wall time from
 *     the first start to the last end over its 2000 records, kept where the two overlapped
 *     for 90% of the longer one's time (the first 20 not kept); prints the median
 *   continuous: both start together once and make 4,000,000 records each without pause;
 *     prints the wall time over the 8,000,000 records
 * ns a record. Build from the repository's top:
 *   gcc -O2 -I. -o phase phase.c $(make -s print-ldlibs)
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/bpf.h>

#include "ringbuf/ringbuf.h"

#define SAMPLES 2000
#define PER 1000
#define LONG_RUN 4000000L

static struct bpf_ringbuf_map *ring;
static int barrier;
static unsigned long gen, done;
static double t0s[2], t1s[2], kept[SAMPLES];
static int nkept;

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static void pin(int cpu)
{
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	sched_setaffinity(0, sizeof(s), &s);
}

static void records(long n)
{
	for (long i = 0; i < n; i++) {
		__u64 *r = bpf_ringbuf_reserve(ring, 8, 0);

		if (!r) {
			fprintf(stderr, "phase: a reservation failed\n");
			exit(1);
		}
		*r = (__u64)i;
		bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
	}
}

/* producer 0, after sample g: keep it if the two overlapped */
static void judge(unsigned long g)
{
	double s = t0s[0] < t0s[1] ? t0s[0] : t0s[1], e = t1s[0] > t1s[1] ? t1s[0] : t1s[1];
	double os = t0s[0] > t0s[1] ? t0s[0] : t0s[1], oe = t1s[0] < t1s[1] ? t1s[0] : t1s[1];
	double d0 = t1s[0] - t0s[0], d1 = t1s[1] - t0s[1];

	if (g > 20 && oe - os >= 0.9 * (d0 > d1 ? d0 : d1))
		kept[nkept++] = (e - s) / (2.0 * PER);
}

static void *producer(void *arg)
{
	int side = (int)(long)arg;
	unsigned long g;

	pin(side);
	if (!barrier) {
		/* pairs with the store-release of gen in main() */
		while (!__atomic_load_n(&gen, __ATOMIC_ACQUIRE))
			;
		records(LONG_RUN);
		return NULL;
	}
	for (g = 1; g <= SAMPLES; g++) {
		/* pairs with the store-release of gen below and in main() */
		while (__atomic_load_n(&gen, __ATOMIC_ACQUIRE) < g)
			;
		t0s[side] = now_ns();
		records(PER);
		t1s[side] = now_ns();
		/* pairs with producer 0's load-acquire of done */
		__atomic_fetch_add(&done, 1, __ATOMIC_ACQ_REL);
		if (side)
			continue;
		while (__atomic_load_n(&done, __ATOMIC_ACQUIRE) < 2 * g)
			;
		judge(g);
		__atomic_store_n(&gen, g + 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	pthread_t t[2];
	double start;

	if (argc != 2 || (strcmp(argv[1], "barrier") && strcmp(argv[1], "continuous"))) {
		fprintf(stderr, "usage: phase barrier|continuous\n");
		return 2;
	}
	barrier = !strcmp(argv[1], "barrier");
	ring = ringbuf_map__new(2048u << 20, 0);
	if (!ring || ringbuf_map__set_lock_handoff(ring, RINGBUF_LOCK_QUEUED)) {
		fprintf(stderr, "phase: cannot make the ring\n");
		return 1;
	}
	for (long c = 0; c < 2; c++)
		pthread_create(&t[c], NULL, producer, (void *)c);
	start = now_ns();
	/* pairs with the producers' load-acquire of gen */
	__atomic_store_n(&gen, 1, __ATOMIC_RELEASE);
	for (int c = 0; c < 2; c++)
		pthread_join(t[c], NULL);
	if (barrier) {
		qsort(kept, nkept, sizeof(*kept), cmp);
		printf("barrier %.1f ns a record (median of %d samples kept of %d)\n",
		       nkept ? kept[nkept / 2] : 0, nkept, SAMPLES - 20);
	} else {
		printf("continuous %.1f ns a record\n", (now_ns() - start) / (2.0 * LONG_RUN));
	}
	ringbuf_map__free(ring);
	return 0;
}
