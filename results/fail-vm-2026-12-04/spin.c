// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a spin of the calibrated port costs besides its loops: a locked add
 * (the refused reservation's lock, in short) followed by rbsim_spin(k), 20M
 * times, for k = 0 (no spin: rbsim_spin(0) returns at once) to 64 loops.
 * Build from the repository's root:
 *   gcc -O2 -I. results/fail-vm-2026-12-04/spin.c -o /tmp/spin && /tmp/spin
 */
#include <stdio.h>
#include <time.h>
#include <linux/types.h>

#include "sim/spin.h"

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static long word;

int main(void)
{
	const long n = 20000000;

	for (int rep = 0; rep < 2; rep++) {
		for (__u64 k = 0; k <= 64; k = k ? k * 2 : 1) {
			double t0 = now_ns();

			for (long i = 0; i < n; i++) {
				__atomic_fetch_add(&word, 1, __ATOMIC_ACQ_REL);
				rbsim_spin(k);
			}
			printf("loops %3llu: %.2f ns an iteration\n", (unsigned long long)k,
			       (now_ns() - t0) / n);
		}
	}
	return 0;
}
