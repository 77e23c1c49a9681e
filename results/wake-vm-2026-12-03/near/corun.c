// SPDX-License-Identifier: GPL-2.0-only
/*
 * Do the two vCPUs share a core (SMT siblings)? An ALU loop of four
 * independent add/xor chains (about 1 ns an iteration alone) timed on CPU 0
 * alone, then on CPUs 0 and 1 at once: siblings would slow each other.
 * usage: corun 0|1   (1: both CPUs)   cc -O2 -pthread
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define N 200000000ull

static int go;
static double ns_per_it[2];

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static void *work(void *arg)
{
	int cpu = (int)(long)arg;
	uint64_t x = 1, y = 2, z = 3, w = 4, a1 = 5, a2 = 6, a3 = 7, a4 = 8, i, t;
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	sched_setaffinity(0, sizeof(s), &s);
	/* acquire: pairs with main's release; both threads start together */
	while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
		;
	t = now_ns();
	for (i = 0; i < N; i++) {
		x += i;
		y += x ^ i;
		z += i * 3;
		w ^= i + 1;
		a1 += i << 2;
		a2 ^= i * 7;
		a3 += a1 ^ i;
		a4 -= i;
		__asm__ volatile("" : : "r"(a1), "r"(a2), "r"(a3), "r"(a4));
	}
	ns_per_it[cpu] = (double)(now_ns() - t) / (double)N;
	return (void *)(long)(x + y + z + w);
}

int main(int argc, char **argv)
{
	int both = argc > 1 && atoi(argv[1]), c;
	pthread_t t[2];

	for (c = 0; c < (both ? 2 : 1); c++)
		pthread_create(&t[c], NULL, work, (void *)(long)c);
	__atomic_store_n(&go, 1, __ATOMIC_RELEASE);
	for (c = 0; c < (both ? 2 : 1); c++)
		pthread_join(t[c], NULL);
	if (both)
		printf("both: cpu0 %.3f ns/it cpu1 %.3f ns/it\n", ns_per_it[0], ns_per_it[1]);
	else
		printf("alone: cpu0 %.3f ns/it\n", ns_per_it[0]);
	return 0;
}
