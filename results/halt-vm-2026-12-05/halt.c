// SPDX-License-Identifier: GPL-2.0-only
/*
 * Does a sleeper's wake-up cost depend on how long its CPU slept before,
 * beyond the sleep itself? A producer thread on CPU 0 naps, then wakes a
 * consumer thread asleep in FUTEX_WAIT on CPU 1; the consumer stamps the
 * time it runs. The naps come in a pattern: one long nap, then K short
 * ones, repeated. Each line: the short nap's length, the repetition, the
 * index in the pattern (0: the long nap), how late the producer's own timer
 * woke it, and the consumer's wake-up (futex_wake to running).
 * usage: halt LONG_US SHORT_US K REPS [spin]
 * spin: the producer waits out its naps spinning on the clock (its CPU
 * never idle) instead of sleeping in clock_nanosleep()
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static _Atomic unsigned int word;
static _Atomic unsigned long long ran_at;
static _Atomic int asleep_seq;

static unsigned long long now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void pin(int cpu)
{
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	pthread_setaffinity_np(pthread_self(), sizeof(s), &s);
	prctl(PR_SET_TIMERSLACK, 1UL);
}

static void *consumer(void *arg)
{
	unsigned int seen = 0;

	(void)arg;
	pin(1);
	for (;;) {
		unsigned int w;

		/* the producer reads asleep_seq before it naps: acquire pairs */
		atomic_store_explicit(&asleep_seq, (int)seen, memory_order_release);
		while ((w = atomic_load_explicit(&word, memory_order_acquire)) == seen)
			syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, seen, NULL, NULL, 0);
		/* pairs with the producer's acquire load after it woke us */
		atomic_store_explicit(&ran_at, now(), memory_order_release);
		seen = w;
		if (w == ~0U)
			return NULL;
	}
}

int main(int argc, char **argv)
{
	unsigned long long long_ns, short_ns, t0, t1, late, wake;
	unsigned int seq = 0;
	int k, reps, r, i, spin;
	pthread_t th;

	if (argc != 5 && argc != 6)
		return 2;
	spin = argc == 6;
	long_ns = strtoull(argv[1], NULL, 10) * 1000;
	short_ns = strtoull(argv[2], NULL, 10) * 1000;
	k = atoi(argv[3]);
	reps = atoi(argv[4]);
	pin(0);
	pthread_create(&th, NULL, consumer, NULL);
	for (r = 0; r < reps; r++) {
		for (i = 0; i <= k; i++) {
			unsigned long long nap = i == 0 ? long_ns : short_ns;
			struct timespec ts;

			/* pairs with the consumer's release before its wait */
			while (atomic_load_explicit(&asleep_seq, memory_order_acquire) != (int)seq)
				;
			ts.tv_sec = nap / 1000000000ULL;
			ts.tv_nsec = nap % 1000000000ULL;
			t0 = now();
			if (spin)
				while (now() - t0 < nap)
					;
			else
				clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
			t1 = now();
			late = t1 - t0 - nap;
			atomic_store_explicit(&ran_at, 0, memory_order_relaxed);
			/* pairs with the consumer's acquire load of word */
			atomic_store_explicit(&word, ++seq, memory_order_release);
			syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
			while (!(wake = atomic_load_explicit(&ran_at, memory_order_acquire)))
				;
			printf("%llu,%d,%d,%llu,%llu\n", short_ns / 1000, r, i, late, wake - t1);
		}
	}
	atomic_store_explicit(&word, ~0U, memory_order_release);
	syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	pthread_join(th, NULL);
	return 0;
}
