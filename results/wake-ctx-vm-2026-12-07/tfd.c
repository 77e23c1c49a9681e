// SPDX-License-Identifier: GPL-2.0-only
/*
 * Feasibility probe, not rbsim code: can a producer thread wake a sleeping
 * consumer from hard-irq context on its own CPU, as the kernel's irq_work does?
 * MODE futex: FUTEX_WAKE from the producer thread (task context, the port's way).
 * MODE timer: the producer arms a timerfd 1 ns ahead; its hrtimer fires on the
 * producer's CPU and wakes the consumer blocked in read() from the interrupt.
 * A paced producer (a record every PACE ns, spinning), the consumer woken every
 * EVERY records after it went to sleep; runs SECONDS.
 *   tfd futex|timer SECONDS
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static int timer_mode, tfd;
static _Atomic unsigned int word;   /* futex word: the consumer sleeps while 0 */
static _Atomic int asleep, stop;
static _Atomic unsigned long wakes;

static uint64_t now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000ull + t.tv_nsec;
}

static void *consumer(void *arg)
{
	uint64_t v;

	(void)arg;
	while (!atomic_load(&stop)) {
		atomic_store(&asleep, 1);
		if (timer_mode) {
			if (read(tfd, &v, sizeof(v)) < 0)
				break;
		} else {
			while (atomic_load(&word) == 0 && !atomic_load(&stop))
				syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
			atomic_store(&word, 0);
		}
		atomic_fetch_add(&wakes, 1);
		/* a drain's worth of work */
		for (volatile int i = 0; i < 2000; i++)
			;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	struct itimerspec its = { .it_value = { 0, 1 } };
	double secs = argc > 2 ? atof(argv[2]) : 2;
	uint64_t end, next;
	pthread_t th;

	timer_mode = argc > 1 && !strcmp(argv[1], "timer");
	tfd = timerfd_create(CLOCK_MONOTONIC, 0);
	pthread_create(&th, NULL, consumer, NULL);
	end = now() + (uint64_t)(secs * 1e9);
	next = now();
	while (now() < end) {
		next += 2500;                   /* a record every 2.5 us, as paced-drops */
		while (now() < next)
			;
		if (atomic_exchange(&asleep, 0)) {
			if (timer_mode) {
				timerfd_settime(tfd, 0, &its, NULL);
			} else {
				atomic_store(&word, 1);
				syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
			}
		}
	}
	atomic_store(&stop, 1);
	if (timer_mode)
		timerfd_settime(tfd, 0, &its, NULL);
	else {
		atomic_store(&word, 1);
		syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	}
	pthread_join(th, NULL);
	printf("%s: %lu wake-ups in %.1f s\n", timer_mode ? "timer" : "futex", atomic_load(&wakes), secs);
	return 0;
}
