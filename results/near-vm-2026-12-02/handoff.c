// SPDX-License-Identifier: GPL-2.0-only
/*
 * How often the reservation lock changes hands between two producers, on
 * the port (issue 14, the two-producer rows): producers on CPUs 0 and 1
 * reserve and submit 8-byte records stamped with their CPU into one ring
 * with the kernel's queued hand-off (ringbuf_map__set_lock_handoff()), no
 * consumer, as `rbsim model --against-real --no-consumer` runs them. The
 * ring's order is the order the lock was taken in, so a record whose
 * producer differs from the one before it is a hand-off. Build against the
 * library: cc -O2 -I. handoff.c $(make -s print-ldlibs)
 *
 * usage: handoff [RECORDS_EACH]   (default 2000000, at most 3000000)
 * prints the ns a record (both producers' records over the time both ran),
 * and, over the contended records (between the first producer's first run
 * and the last producer's last), the hand-offs a record, and the runs of
 * one producer's records there: median, 90th and 99th percentile, longest
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ringbuf/consumer.h"
#include "ringbuf/ringbuf.h"

static struct bpf_ringbuf_map *map;
static long each = 2000000;
static pthread_barrier_t start;

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ULL + (uint64_t)t.tv_nsec;
}

static void *producer(void *arg)
{
	uint64_t cpu = (uint64_t)(uintptr_t)arg;
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET((int)cpu, &s);
	pthread_setaffinity_np(pthread_self(), sizeof(s), &s);
	/* the barrier orders the map's creation before the first reserve */
	pthread_barrier_wait(&start);
	for (long i = 0; i < each; i++) {
		uint64_t *rec = bpf_ringbuf_reserve(map, sizeof(*rec), 0);

		if (!rec)
			abort(); /* the ring holds every record of the run */
		*rec = cpu;
		bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
	}
	return NULL;
}

/*
 * the ring's records by producer: runs of one producer's records, the
 * first and the last of which are the stretches where only one producer
 * ran (the other not yet started, or done); the rest were contended
 */
static long last = -1, runs, run, seen, first_run, mid_longest, *lens, nlens;

static int skip(void *ctx, void *data, size_t size)
{
	(void)ctx;
	(void)data;
	(void)size;
	return 0;
}

/* called in ring order after both producers are joined */
static int count(void *ctx, void *data, size_t size)
{
	long who = (long)*(const uint64_t *)data;

	(void)ctx;
	(void)size;
	seen++;
	if (who != last) {
		if (runs == 1)
			first_run = run;
		if (runs > 1 && run > mid_longest)
			mid_longest = run;
		/* each producer makes at most each records: as many runs at most */
		if (runs > 1)
			lens[nlens++] = run;
		runs++;
		run = 0;
		last = who;
	}
	run++;
	return 0;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	struct ring_consumer *rc;
	uint64_t *rec;
	pthread_t t[2];
	uint64_t t0, t1;

	if (argc > 1)
		each = atol(argv[1]);
	if (each <= 0 || each > 3000000) {
		fprintf(stderr, "handoff: RECORDS_EACH from 1 to 3000000\n");
		return 2;
	}
	/* 16 bytes a record: 128 MiB holds both producers' 3 M each */
	map = ringbuf_map__new(1U << 27, 0);
	if (!map || ringbuf_map__set_lock_handoff(map, RINGBUF_LOCK_QUEUED)) {
		perror("handoff: the ring");
		return 1;
	}
	/* every page of the ring written once before the run: no page fault in it */
	rc = ring_consumer__new(map, skip, NULL);
	while ((rec = bpf_ringbuf_reserve(map, sizeof(*rec), 0)))
		bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
	if (!rc || ring_consumer__consume(rc) < 0) {
		perror("handoff: the warm-up");
		return 1;
	}
	ring_consumer__free(rc);
	pthread_barrier_init(&start, NULL, 3);
	for (uintptr_t c = 0; c < 2; c++)
		pthread_create(&t[c], NULL, producer, (void *)c);
	pthread_barrier_wait(&start);
	t0 = now_ns();
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	t1 = now_ns();
	lens = calloc((size_t)(2 * each + 1), sizeof(*lens));
	if (!lens) {
		perror("handoff");
		return 1;
	}
	rc = ring_consumer__new(map, count, NULL);
	if (!rc || ring_consumer__consume(rc) < 0) {
		perror("handoff: consuming");
		return 1;
	}
	if (runs < 3) {
		printf("records %ld contended 0: one producer ran alone throughout\n", seen);
	} else {
		/* between the first run and the last: runs - 2 runs, runs - 2 hand-offs in */
		long mid = seen - first_run - run;

		qsort(lens, (size_t)nlens, sizeof(*lens), cmp_long);
		printf("records %ld ns_per_rec %.1f contended %ld handoffs_per_rec %.3f "
		       "run_median %ld run_p90 %ld run_p99 %ld longest_contended_run %ld\n", seen,
		       (double)(t1 - t0) / (double)seen, mid, (double)(runs - 2) / (double)mid,
		       lens[nlens / 2], lens[nlens * 9 / 10], lens[nlens * 99 / 100], mid_longest);
	}
	ring_consumer__free(rc);
	ringbuf_map__free(map);
	return 0;
}
