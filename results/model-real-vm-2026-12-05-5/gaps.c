// SPDX-License-Identifier: GPL-2.0-only
/*
 * gaps.c: where the host stops the vCPUs. A thread on each of CPUs 0 and 1
 * reads the clock in a loop for SECONDS (default 10); every gap of 5 ms or
 * more between two reads is printed as "cpu start_ms length_ms" (start
 * from the threads' common start), and a summary per CPU: the gaps of 20
 * ms and more (what rbsim calibrate counts as a stop), those of 90 ms and
 * more (RBSIM_HOST_STOP_NS), and the time they took. gcc -O2 -pthread.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define MAXG 4096

static double t0, secs = 10;
static volatile int go;
struct gap { double at, len; };
static struct gap g[2][MAXG];
static int ng[2];

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void *spin(void *arg)
{
	int cpu = (int)(long)arg;
	cpu_set_t s;
	double last, t;

	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	sched_setaffinity(0, sizeof(s), &s);
	while (!go)
		;
	last = now_ms();
	while ((t = now_ms()) - t0 < secs * 1e3) {
		if (t - last >= 5 && ng[cpu] < MAXG)
			g[cpu][ng[cpu]++] = (struct gap){ last - t0, t - last };
		last = t;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t th[2];
	int c, i;

	if (argc > 1)
		secs = atof(argv[1]);
	for (c = 0; c < 2; c++)
		pthread_create(&th[c], NULL, spin, (void *)(long)c);
	t0 = now_ms();
	go = 1;
	for (c = 0; c < 2; c++)
		pthread_join(th[c], NULL);
	for (c = 0; c < 2; c++)
		for (i = 0; i < ng[c]; i++)
			printf("%d %.1f %.1f\n", c, g[c][i].at, g[c][i].len);
	for (c = 0; c < 2; c++) {
		int n20 = 0, n90 = 0;
		double l20 = 0;

		for (i = 0; i < ng[c]; i++) {
			n20 += g[c][i].len >= 20;
			n90 += g[c][i].len >= 90;
			l20 += g[c][i].len >= 20 ? g[c][i].len : 0;
		}
		printf("# cpu %d: %d gaps of 5 ms or more, %d of 20 ms or more (%.1f ms, %.2f%% of "
		       "%.0f s), %d of 90 ms or more\n", c, ng[c], n20, l20, l20 / secs / 10, secs,
		       n90);
	}
	return 0;
}
