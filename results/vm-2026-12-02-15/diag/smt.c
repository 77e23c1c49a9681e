// SPDX-License-Identifier: GPL-2.0-only
// does a busy vCPU 0 slow vCPU 1's own work? (SMT siblings share a core)
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <stdatomic.h>

static atomic_int mode; /* 0 idle, 1 spin alu, 2 spin mem, -1 quit */
static volatile unsigned long sink;

static void pin(int c)
{
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(c, &s);
	sched_setaffinity(0, sizeof(s), &s);
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

static void *other(void *a)
{
	static char buf[1 << 22];
	unsigned long x = 1, i = 0;
	pin(0);
	for (;;) {
		int m = atomic_load_explicit(&mode, memory_order_relaxed);
		if (m < 0) break;
		if (m == 0) { struct timespec ts = {0, 1000000}; nanosleep(&ts, 0); continue; }
		for (int k = 0; k < 10000; k++) {
			if (m == 1) {
				x = x * 6364136223846793005UL + 1442695040888963407UL;
				sink += x * 3 + (x >> 7) * 5;
			}
			else { buf[(i * 64) & (sizeof(buf) - 1)]++; i++; }
		}
		sink = x;
	}
	return 0;
}

static double work(void)
{
	unsigned long a = 7, b = 9, c = 11, d = 13, e = 15, f = 17;
	double t0 = now();
	for (long k = 0; k < 20000000; k++) {
		a = a * 6364136223846793005UL + 1; b = b * 6364136223846793005UL + 3;
		c = c * 6364136223846793005UL + 5; d = d * 6364136223846793005UL + 7;
		e += a >> 3; f ^= b << 2; e += c; f += d;
	}
	sink = a ^ b ^ c ^ d ^ e ^ f;
	return (now() - t0) * 1e9 / 20000000;
}

int main(int argc, char **argv)
{
	pthread_t t;
	int rounds = argc > 1 ? atoi(argv[1]) : 5;
	pin(1);
	pthread_create(&t, 0, other, 0);
	for (int r = 0; r < rounds; r++) {
		double v[3];
		for (int m = 0; m < 3; m++) {
			atomic_store(&mode, m);
			struct timespec ts = {0, 20000000}; nanosleep(&ts, 0);
			v[m] = work();
		}
		printf("ns/iter: other idle %.3f  other alu %.3f (x%.2f)  other mem %.3f (x%.2f)\n",
		       v[0], v[1], v[1] / v[0], v[2], v[2] / v[0]);
		fflush(stdout);
	}
	atomic_store(&mode, -1);
	pthread_join(t, 0);
	return 0;
}
