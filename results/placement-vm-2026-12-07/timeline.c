// SPDX-License-Identifier: GPL-2.0-only
/*
 * A cache-line transfer timeline between CPUs 0 and 1 (issue 14): after IDLE_MS
 * with both vCPUs idle, two threads pinned to CPU 0 and CPU 1 hand a word back and
 * forth by compare-and-swap, as rbsim model --probe's c2c probe does, for RUN_MS; the
 * thread on CPU 0 prints, per millisecond window, the mean ns a one-way transfer. A
 * host that moves the vCPUs once both are busy shows it as a step in the timeline.
 * usage: timeline IDLE_MS RUN_MS  (output: ms since the start of the ping-pong, ns)
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static _Alignas(128) unsigned long word;
static _Alignas(128) int stop;

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

/* CPU 1: turns odd values even (word 2i+1 -> 2i+2) until stopped */
static void *responder(void *arg)
{
	unsigned long want = 1;

	(void)arg;
	pin(1);
	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
		unsigned long w = want;

		if (__atomic_compare_exchange_n(&word, &w, want + 1, 0, __ATOMIC_ACQ_REL,
						__ATOMIC_RELAXED))
			want += 2;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned long long idle_ms, run_ms, t0, w0, end, n = 0, wn;
	unsigned long want = 0;
	pthread_t th;

	if (argc != 3) {
		fprintf(stderr, "usage: timeline IDLE_MS RUN_MS\n");
		return 2;
	}
	idle_ms = strtoull(argv[1], NULL, 10);
	run_ms = strtoull(argv[2], NULL, 10);
	pin(0);
	usleep(idle_ms * 1000);
	if (pthread_create(&th, NULL, responder, NULL))
		return 1;
	t0 = now_ns();
	w0 = t0;
	wn = 0;
	end = t0 + run_ms * 1000000ULL;
	for (;;) {
		unsigned long w = want;

		/* CPU 0: turns even values odd (2i -> 2i+1) */
		if (__atomic_compare_exchange_n(&word, &w, want + 1, 0, __ATOMIC_ACQ_REL,
						__ATOMIC_RELAXED)) {
			want += 2;
			n++;
			if ((n & 63) == 0) {
				unsigned long long t = now_ns();

				if (t - w0 >= 1000000ULL) {
					/* two transfers a round */
					printf("%.0f %.1f\n", (w0 - t0) / 1e6,
					       (double)(t - w0) / (2.0 * (n - wn)));
					w0 = t;
					wn = n;
					if (t >= end)
						break;
				}
			}
		}
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
	return 0;
}
