// SPDX-License-Identifier: GPL-2.0-only
/*
 * Both vCPUs busy apart (issue 14, settle-vm-2026-12-07): a thread pinned to
 * CPU 0 and one to CPU 1 each add to a word on a line of its own until MS
 * milliseconds have passed; nothing is shared between them.
 * usage: spin MS
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <time.h>

static unsigned long long ms;
static _Alignas(128) volatile unsigned long word[2][16];

static unsigned long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000ULL + t.tv_nsec;
}

static void *spin(void *arg)
{
	long cpu = (long)arg;
	unsigned long long end = now_ns() + ms * 1000000ULL;
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET((int)cpu, &s);
	sched_setaffinity(0, sizeof(s), &s);
	while (now_ns() < end)
		for (int i = 0; i < 1000; i++)
			word[cpu][0]++;
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[2];

	if (argc != 2)
		return 2;
	ms = strtoull(argv[1], NULL, 10);
	for (long i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, spin, (void *)i);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	return 0;
}
