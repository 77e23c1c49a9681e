// SPDX-License-Identifier: GPL-2.0-only
/*
 * How long a thread asleep in epoll_wait() on an eventfd takes to return
 * after another CPU writes the eventfd, by how long after its entry the write
 * comes. The sleeper (CPU 1) stamps the time, then calls epoll_wait(); the
 * waker (CPU 0) spins until that stamp + D, writes the eventfd, and takes the
 * wake-up as the sleeper's return less its write's start. Between samples
 * the waker spins GAP us (the sleeper spins too, waiting for its turn).
 * usage: sleepwake SAMPLES GAP_US D_US...   (cc -O2 -pthread)
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

static int efd, epfd;
static uint64_t entered, returned;	/* the sleeper's stamps, published by turn */
static int turn;			/* >0: sample k asked, <0: sample k done */

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static void pin(int cpu)
{
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	sched_setaffinity(0, sizeof(s), &s);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void *sleeper(void *arg)
{
	struct epoll_event ev;
	uint64_t v;
	int k = 0;

	(void)arg;
	pin(1);
	for (;;) {
		/* acquire: pairs with the waker's release of the next sample */
		while (__atomic_load_n(&turn, __ATOMIC_ACQUIRE) != k + 1)
			if (__atomic_load_n(&turn, __ATOMIC_ACQUIRE) == 0)
				return NULL;
		k++;
		__atomic_store_n(&entered, now_ns(), __ATOMIC_RELAXED);
		/* release: the stamp before the turn the waker acquires */
		__atomic_store_n(&turn, -k, __ATOMIC_RELEASE);
		epoll_wait(epfd, &ev, 1, 100);
		__atomic_store_n(&returned, now_ns(), __ATOMIC_RELAXED);
		if (read(efd, &v, sizeof(v)) < 0)
			perror("read");
		/* release: the return's stamp before the turn */
		__atomic_store_n(&turn, -k - 1000000, __ATOMIC_RELEASE);
	}
}

int main(int argc, char **argv)
{
	struct epoll_event e = { .events = EPOLLIN };
	int n, a, i, k = 0;
	double gap, *lat;
	pthread_t t;

	if (argc < 4) {
		fprintf(stderr, "usage: sleepwake SAMPLES GAP_US D_US...\n");
		return 2;
	}
	n = atoi(argv[1]);
	gap = atof(argv[2]);
	lat = calloc((size_t)n, sizeof(*lat));
	efd = eventfd(0, EFD_NONBLOCK);
	epfd = epoll_create1(0);
	epoll_ctl(epfd, EPOLL_CTL_ADD, efd, &e);
	pin(0);
	pthread_create(&t, NULL, sleeper, NULL);
	for (a = 3; a < argc; a++) {
		double d = atof(argv[a]);
		int slow = 0;

		for (i = 0; i < n; i++) {
			uint64_t v = 1, at, w, until;

			k++;
			/* release: pairs with the sleeper's acquire */
			__atomic_store_n(&turn, k, __ATOMIC_RELEASE);
			while (__atomic_load_n(&turn, __ATOMIC_ACQUIRE) != -k)
				;
			at = __atomic_load_n(&entered, __ATOMIC_RELAXED) + (uint64_t)(d * 1000);
			while (now_ns() < at)
				;
			w = now_ns();
			if (write(efd, &v, sizeof(v)) < 0)
				perror("write");
			while (__atomic_load_n(&turn, __ATOMIC_ACQUIRE) != -k - 1000000)
				;
			lat[i] = (double)(__atomic_load_n(&returned, __ATOMIC_RELAXED) - w) / 1e3;
			slow += lat[i] > 6;
			until = now_ns() + (uint64_t)(gap * 1000);
			while (now_ns() < until)
				;
		}
		qsort(lat, (size_t)n, sizeof(*lat), cmp);
		printf("D %6.1f us: wake p10 %6.2f p50 %6.2f p90 %6.2f us, over 6 us %3d%%\n", d,
		       lat[n / 10], lat[n / 2], lat[9 * n / 10], 100 * slow / n);
		fflush(stdout);
	}
	__atomic_store_n(&turn, 0, __ATOMIC_RELEASE);
	pthread_join(t, NULL);
	return 0;
}
