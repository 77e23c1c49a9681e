// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the slow path of the resilient queued spinlock (see rqspinlock.h),
 * after Linux 6.18 kernel/bpf/rqspinlock.c: AA detection at the first clock
 * reading, then the timeout (check_timeout()).
 */
#include <errno.h>
#include <sched.h>
#include <time.h>

#include "rqspinlock.h"

#define RQS_SPINS_PER_CLOCK 64

_Thread_local struct rqspinlock_held rqspinlock_held_locks;

static __u64 rqs_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + (__u64)ts.tv_nsec;
}

/* check_deadlock_AA(): a lock we hold is the one we are taking (our own entry is the last) */
static int check_deadlock_AA(const struct rqspinlock *lock)
{
	struct rqspinlock_held *rqh = &rqspinlock_held_locks;
	int i, cnt = __atomic_load_n(&rqh->cnt, __ATOMIC_RELAXED);

	if (cnt > RES_NR_HELD)
		cnt = RES_NR_HELD;
	for (i = 0; i < cnt - 1; i++) {
		if (__atomic_load_n(&rqh->locks[i], __ATOMIC_RELAXED) == lock)
			return -EDEADLK;
	}
	return 0;
}

int resilient_queued_spin_lock_slowpath(struct rqspinlock *lock,
					const struct rqspinlock_hook *hook)
{
	unsigned int spins = 0;
	__u64 deadline = 0;
	int ret;

	grab_held_lock_entry(lock, hook);
	for (;;) {
		if (rqs_trylock(lock))
			return 0;
		spins++;
		if (spins % RQS_SPINS_PER_CLOCK == 0) {
			__u64 now = rqs_now_ns();

			if (!deadline) {
				ret = check_deadlock_AA(lock);
				if (ret)
					break;
				deadline = now + lock->timeout_ns;
			} else if (now >= deadline) {
				ret = -ETIMEDOUT;
				break;
			}
		}
		if (spins % RQS_SPINS_BEFORE_YIELD == 0)
			sched_yield();
		else
			cpu_relax();
	}
	release_held_lock_entry();
	return ret;
}
