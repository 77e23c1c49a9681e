/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: busy work calibrated against the clock. --consumer-work spends it per
 * record, and a calibrated port (--profile, sim/inject.h) spends it where the
 * kernel pays a cost the port does not: an empty loop the compiler must keep,
 * never a sleep, so the time stays on the thread that pays it.
 */
#ifndef RBSIM_SPIN_H
#define RBSIM_SPIN_H

#include <linux/types.h>

static inline __attribute__((always_inline)) void rbsim_spin(__u64 loops)
{
	__u64 i;

	for (i = 0; i < loops; i++)
		__asm__ __volatile__("" ::: "memory");
}

/*
 * Loops of rbsim_spin() that take ns nanoseconds of this thread's CPU time
 * (0 for 0): the median of a few timed runs of a few ms, so that the
 * answer does not depend on how busy the machine is
 */
__u64 rbsim_calibrate_work(__u64 ns);

#endif /* RBSIM_SPIN_H */
