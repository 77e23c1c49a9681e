/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the one clock, as the selftests' bench.h keeps get_time_ns(): a
 * static inline in a header of its own, so that whoever reads the time
 * (producers stamping records, the consumer, the engine's ticks) needs no
 * other file and no file needs another for it.
 */
#ifndef RBSIM_CLOCK_H
#define RBSIM_CLOCK_H

#include <time.h>
#include <linux/types.h>

/* monotonic ns: CLOCK_MONOTONIC, the clock of bpf_ktime_get_ns() */
static inline __u64 rbsim_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + (__u64)ts.tv_nsec;
}

#endif /* RBSIM_CLOCK_H */
