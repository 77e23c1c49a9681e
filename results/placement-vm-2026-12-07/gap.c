// SPDX-License-Identifier: GPL-2.0-only
/*
 * Does the host move the vCPUs while they idle, or while they run? (issue 14)
 * TRIALS times: the cache-line transfer between CPUs 0 and 1 for 200 ms (two
 * threads pinned to them handing a word back and forth by compare-and-swap, as
 * rbsim model --probe's c2c probe does; the median of 1-ms windows), then a gap of
 * GAP_MS in which both threads either spin on their own lines ("busy") or sleep
 * ("idle"), then the transfer again; the two gaps alternate trial by trial.
 * Output: trial, gap, ns before, ns after.
 * usage: gap TRIALS GAP_MS
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static _Alignas(128) unsigned long word;
static _Alignas(128) int phase;        /* 0 ping-pong, 1 busy gap, 2 idle gap, 3 quit */
static _Alignas(128) unsigned long spin1;
static unsigned long gap_ms;

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

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* CPU 1: answers while phase is 0 (odd -> even), spins or sleeps in a gap */
static void *responder(void *arg)
{
	int p;

	(void)arg;
	pin(1);
	while ((p = __atomic_load_n(&phase, __ATOMIC_ACQUIRE)) != 3) {
		if (p == 0) {
			unsigned long w = __atomic_load_n(&word, __ATOMIC_RELAXED);

			if (w & 1)
				__atomic_compare_exchange_n(&word, &w, w + 1, 0, __ATOMIC_ACQ_REL,
							    __ATOMIC_RELAXED);
		} else if (p == 1) {
			spin1++;
			__asm__ __volatile__("" ::: "memory");
		} else {
			usleep(1000);
		}
	}
	return NULL;
}

/* CPU 0: 200 one-millisecond windows of transfers, their median ns */
static double measure(void)
{
	static double win[200];
	unsigned int k;

	for (k = 0; k < 200; k++) {
		unsigned long long t0 = now_ns(), n = 0;

		while (now_ns() - t0 < 1000000ULL) {
			unsigned long w = __atomic_load_n(&word, __ATOMIC_RELAXED);

			if (!(w & 1) && __atomic_compare_exchange_n(&word, &w, w + 1, 0,
								   __ATOMIC_ACQ_REL,
								   __ATOMIC_RELAXED))
				n++;
		}
		win[k] = n ? 1e6 / (2.0 * n) : 1e6;
	}
	qsort(win, 200, sizeof(win[0]), cmp);
	return win[100];
}

int main(int argc, char **argv)
{
	unsigned int trials, t;
	pthread_t th;

	if (argc != 3) {
		fprintf(stderr, "usage: gap TRIALS GAP_MS\n");
		return 2;
	}
	trials = (unsigned int)strtoul(argv[1], NULL, 10);
	gap_ms = strtoul(argv[2], NULL, 10);
	pin(0);
	if (pthread_create(&th, NULL, responder, NULL))
		return 1;
	for (t = 1; t <= trials; t++) {
		int busy = t & 1;
		double before, after;
		unsigned long long g;

		before = measure();
		__atomic_store_n(&phase, busy ? 1 : 2, __ATOMIC_RELEASE);
		g = now_ns();
		if (busy)
			while (now_ns() - g < gap_ms * 1000000ULL)
				__asm__ __volatile__("" ::: "memory");
		else
			usleep(gap_ms * 1000);
		/* the word's parity: CPU 0 turns even to odd, CPU 1 odd to even */
		__atomic_store_n(&phase, 0, __ATOMIC_RELEASE);
		after = measure();
		printf("%u %s %.1f %.1f\n", t, busy ? "busy" : "idle", before, after);
		fflush(stdout);
	}
	__atomic_store_n(&phase, 3, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
	return 0;
}
