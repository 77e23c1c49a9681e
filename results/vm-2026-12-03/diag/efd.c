// SPDX-License-Identifier: GPL-2.0-only
/*
 * What an eventfd write costs the writer on this guest: with a thread asleep
 * in epoll_wait() on the other CPU (woken by the write), after it has slept
 * PAUSE ns, and with nobody waiting (a second eventfd nobody polls). The
 * port's notification writes its eventfd where a consumer may sleep; the
 * kernel's producer makes no such call (results/vm-2026-12-03/README.md).
 *
 * build: cc -O2 -pthread -o efd efd.c
 * usage: ./efd [SAMPLES [PAUSE_NS]]   (default 500 samples, 2 ms)
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

static int efd, ep;
static uint64_t pause_ns;
static atomic_int woken;

static uint64_t now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000ull + t.tv_nsec;
}

static void pin(int cpu)
{
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	pthread_setaffinity_np(pthread_self(), sizeof(s), &s);
}

/* the sleeper, on CPU 1: woken by each write, counts it (seq_cst, read by main) */
static void *sleeper(void *arg)
{
	struct epoll_event e;
	uint64_t v;

	(void)arg;
	pin(1);
	for (;;) {
		if (epoll_wait(ep, &e, 1, -1) == 1 && read(efd, &v, sizeof(v)) == sizeof(v))
			atomic_fetch_add(&woken, 1);
	}
	return NULL;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 500, idle;
	struct epoll_event e = { .events = EPOLLIN };
	double *wake, *alone;
	uint64_t one = 1, v, t0;
	pthread_t th;

	pause_ns = argc > 2 ? strtoull(argv[2], NULL, 10) : 2000000;
	pin(0);
	efd = eventfd(0, EFD_NONBLOCK);
	idle = eventfd(0, EFD_NONBLOCK);
	ep = epoll_create1(0);
	epoll_ctl(ep, EPOLL_CTL_ADD, efd, &e);
	wake = malloc(n * sizeof(*wake));
	alone = malloc(n * sizeof(*alone));
	pthread_create(&th, NULL, sleeper, NULL);
	for (int i = 0; i < n; i++) {
		int w0 = atomic_load(&woken);
		uint64_t end = now() + pause_ns;

		/* the sleeper went back to sleep before this; it stays asleep PAUSE ns */
		while (now() < end)
			;
		t0 = now();
		if (write(efd, &one, sizeof(one)) != sizeof(one))
			return 1;
		wake[i] = (double)(now() - t0);
		while (atomic_load(&woken) == w0)
			;
		t0 = now();
		if (write(idle, &one, sizeof(one)) != sizeof(one))
			return 1;
		alone[i] = (double)(now() - t0);
		if (read(idle, &v, sizeof(v)) != sizeof(v))
			return 1;
	}
	qsort(wake, n, sizeof(*wake), cmp);
	qsort(alone, n, sizeof(*alone), cmp);
	printf("pause %llu ns: a write waking a sleeper on CPU 1: p25 %.0f median %.0f p75 %.0f ns; "
	       "nobody waiting: p25 %.0f median %.0f p75 %.0f ns\n", (unsigned long long)pause_ns,
	       wake[n / 4], wake[n / 2], wake[3 * n / 4], alone[n / 4], alone[n / 2],
	       alone[3 * n / 4]);
	return 0;
}
