// SPDX-License-Identifier: GPL-2.0-only
/*
 * Time the host takes from each vCPU: a thread pinned to each of CPUs 0 and
 * 1 reads CLOCK_MONOTONIC in a loop for 3 s and counts the gaps between two
 * reads longer than 100 us, 500 us and 1 ms, their sum and the longest. A
 * guest that reports no steal time still loses its vCPU this way.
 * Build: gcc -O2 -pthread gap.c -o /tmp/gap && /tmp/gap
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <time.h>

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static void *watch(void *arg)
{
	long cpu = (long)arg, n100 = 0, n500 = 0, n1000 = 0;
	double t0, prev, end, longest = 0, lost = 0;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	t0 = prev = now_ns();
	end = t0 + 3e9;
	for (;;) {
		double t = now_ns(), gap = t - prev;

		prev = t;
		if (gap > 1e5) {
			n100++;
			lost += gap;
		}
		n500 += gap > 5e5;
		n1000 += gap > 1e6;
		if (gap > longest)
			longest = gap;
		if (t > end)
			break;
	}
	printf("cpu%ld gaps>100us %ld >500us %ld >1ms %ld max %.0f us, lost %.2f ms/3s\n", cpu,
	       n100, n500, n1000, longest / 1e3, lost / 1e6);
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	pthread_create(&a, NULL, watch, (void *)0L);
	pthread_create(&b, NULL, watch, (void *)1L);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	return 0;
}
