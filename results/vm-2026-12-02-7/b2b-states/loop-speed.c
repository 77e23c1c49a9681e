// SPDX-License-Identifier: GPL-2.0-only
/*
 * The speed of the calibrated port's charge loop (sim/spin.h), in loops a
 * nanosecond of this thread's CPU time, N samples of 2^20 loops (about half
 * a millisecond) back to back, one a line. Built from the repository's root:
 *   cc -O2 -I. results/vm-2026-12-02-7/b2b-states/loop-speed.c -o /tmp/loop-speed
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <linux/types.h>
#include "sim/spin.h"

static __u64 thread_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (__u64)ts.tv_sec * 1000000000ull + (__u64)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000;

	for (int i = 0; i < n; i++) {
		__u64 loops = 1 << 20, t = thread_ns();

		__asm__ __volatile__("" : "+r"(loops)); /* a run-time count, as the charges' */
		rbsim_spin(loops);
		t = thread_ns() - t;
		printf("%.3f\n", (double)(1 << 20) / (double)t);
	}
	return 0;
}
