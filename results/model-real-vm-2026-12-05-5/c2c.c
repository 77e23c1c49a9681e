// SPDX-License-Identifier: GPL-2.0-only
/*
 * c2c.c: where the two vCPUs are, in 20 ms: a CAS ping-pong between CPUs 0
 * and 1, the median one-way ns of 200 bursts of 100 round trips (as
 * rbsim model --probe's c2c, shorter). Build: gcc -O2 c2c.c -pthread -o c2c
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define B 200
#define R 100

static unsigned long word __attribute__((aligned(128)));

static void pin(int c)
{
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(c, &s);
	sched_setaffinity(0, sizeof(s), &s);
}

static unsigned long long now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000ull + t.tv_nsec;
}

/* round trip k of one side: even values to odd ones (parity 0), or odd to even */
static void turn(unsigned long k, unsigned long parity)
{
	unsigned long want = 2 * k + parity;

	while (!__atomic_compare_exchange_n(&word, &want, want + 1, 0, __ATOMIC_ACQ_REL,
					    __ATOMIC_RELAXED))
		want = 2 * k + parity;
}

static void *other(void *a)
{
	pin(1);
	for (unsigned long k = 0; k < (unsigned long)B * R; k++)
		turn(k, 1);
	return NULL;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(void)
{
	static double v[B];
	pthread_t t;

	pin(0);
	pthread_create(&t, NULL, other, NULL);
	for (int b = 0; b < B; b++) {
		unsigned long long t0 = now();

		for (unsigned long i = 0; i < R; i++)
			turn((unsigned long)b * R + i, 0);
		v[b] = (double)(now() - t0) / R / 2;
	}
	pthread_join(t, NULL);
	qsort(v, B, sizeof(double), cmp);
	printf("%.1f\n", v[B / 2]);
	return 0;
}
