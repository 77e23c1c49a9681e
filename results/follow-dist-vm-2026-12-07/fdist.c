// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a consumer costs its producer by how far behind it reads (issue 14): the
 * port's producer (librbsim: bpf_ringbuf_reserve(), bpf_ringbuf_submit() with
 * BPF_RB_NO_WAKEUP, 8-byte records, a 512 KiB ring) on CPU 1 times fills of
 * RECORDS records while its consumer (the port's libbpf consumer) on CPU 0 keeps
 * LAG records behind it (it consumes only what lies more than LAG records back), or
 * reads nothing ("alone"). rbsim model --probe's follow_ns is the consumer right
 * behind (a lag of 0) less alone; the model charges it while its consumer is no more
 * than a batch (50 records) behind. The lags rotate from sample to sample.
 * Build: cc -O2 -I. fdist.c $(make -s print-ldlibs) (in the repository's top).
 * usage: fdist SAMPLES  (output: lag or alone, ns a record)
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ringbuf/consumer.h"
#include "ringbuf/ringbuf.h"

#define RING (512 * 1024)
#define RECORDS 16000
#define ALONE -1L
#define QUIT -2L

static const long lags[] = { ALONE, 0, 1, 2, 4, 8, 16, 32, 64, 256, 1024 };
#define NLAGS (sizeof(lags) / sizeof(lags[0]))

/* the consumer's order: a lag in records, ALONE or QUIT; its answer: the lag it holds */
static _Alignas(128) long order = ALONE;
static _Alignas(128) long held = ALONE;
static struct ring_consumer *rc;

static unsigned long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000ULL + t.tv_nsec;
}

static void pin(int cpu)
{
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	if (sched_setaffinity(0, sizeof(s), &s)) {
		perror("sched_setaffinity");
		exit(1);
	}
}

static int cb(void *ctx, void *data, size_t size)
{
	(void)ctx;
	(void)data;
	(void)size;
	return 0;
}

static void *consumer(void *arg)
{
	struct consumer_ring *r = ring_consumer__ring(rc, 0);
	long lag;

	(void)arg;
	pin(0);
	/* order: pairs with the producer's store-release; held: with its load-acquire */
	while ((lag = __atomic_load_n(&order, __ATOMIC_ACQUIRE)) != QUIT) {
		if (lag == ALONE) {
			__atomic_store_n(&held, ALONE, __ATOMIC_RELEASE);
			continue;
		}
		size_t avail = consumer_ring__avail_data_size(r) / 16;

		if (avail > (size_t)lag)
			consumer_ring__consume_n(r, avail - (size_t)lag);
		__atomic_store_n(&held, lag, __ATOMIC_RELEASE);
	}
	return NULL;
}

/* have the consumer hold lag (after draining the ring with a lag of 0) */
static void hold(struct bpf_ringbuf_map *map, long lag)
{
	__atomic_store_n(&order, 0L, __ATOMIC_RELEASE);
	while (__atomic_load_n(&held, __ATOMIC_ACQUIRE) != 0 ||
	       bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA) != 0)
		;
	__atomic_store_n(&order, lag, __ATOMIC_RELEASE);
	while (__atomic_load_n(&held, __ATOMIC_ACQUIRE) != lag)
		;
}

int main(int argc, char **argv)
{
	struct bpf_ringbuf_map *map;
	unsigned int samples, s, k;
	pthread_t th;

	if (argc != 2) {
		fprintf(stderr, "usage: fdist SAMPLES\n");
		return 2;
	}
	samples = (unsigned int)strtoul(argv[1], NULL, 10);
	map = ringbuf_map__new(RING, 0);
	rc = map ? ring_consumer__new(map, cb, NULL) : NULL;
	if (!rc) {
		perror("ring");
		return 1;
	}
	pin(1);
	if (pthread_create(&th, NULL, consumer, NULL))
		return 1;
	for (s = 0; s < samples; s++) {
		for (k = 0; k < NLAGS; k++) {
			long lag = lags[(k + s) % NLAGS];
			unsigned long long t0;
			unsigned int n;

			hold(map, lag);
			t0 = now_ns();
			for (n = 0; n < RECORDS; n++) {
				unsigned long long *rec = bpf_ringbuf_reserve(map, 8, 0);

				if (!rec)
					break;
				*rec = n;
				bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
			}
			if (n < RECORDS) {
				fprintf(stderr, "lag %ld: the ring filled after %u records\n", lag, n);
				return 1;
			}
			if (lag == ALONE)
				printf("alone %.2f\n", (double)(now_ns() - t0) / RECORDS);
			else
				printf("%ld %.2f\n", lag, (double)(now_ns() - t0) / RECORDS);
		}
	}
	__atomic_store_n(&order, QUIT, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
	ring_consumer__free(rc);
	ringbuf_map__free(map);
	return 0;
}
