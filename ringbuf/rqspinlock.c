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

/*
 * One spin of a waiter: AA detection at the first clock reading, then the
 * timeout (check_timeout()); 0 to go on spinning, or the error
 */
static int rqs_spin(const struct rqspinlock *lock, unsigned int *spins, __u64 *deadline)
{
	int ret;

	++*spins;
	if (*spins % RQS_SPINS_PER_CLOCK == 0) {
		__u64 now = rqs_now_ns();

		if (!*deadline) {
			ret = check_deadlock_AA(lock);
			if (ret)
				return ret;
			*deadline = now + lock->timeout_ns;
		} else if (now >= *deadline) {
			return -ETIMEDOUT;
		}
	}
	rqs_relax(*spins);
	return 0;
}

/*
 * The queued hand-off: qspinlock's pending path (kernel/locking/qspinlock.c
 * queued_spin_lock_slowpath(); kernel/bpf/rqspinlock.c in 6.18 for the
 * resilient lock). The first waiter sets pending and spins on the locked
 * byte; the holder's next attempt finds the word non-zero and waits behind
 * it; at the release the pending waiter takes the lock
 * (clear_pending_set_locked()). PORT: further waiters spin for the pending
 * bit instead of queueing on MCS nodes, so the hand-off is first come, first
 * served between two contenders, not among more. A resilient waiter that
 * fails (AA, timeout) gives its pending bit up (clear_pending()), as 6.18's
 * does. Returns 0 with the lock, or the error of rqs_spin().
 */
int rqs_queued_lock(struct rqspinlock *lock, bool resilient)
{
	unsigned int spins = 0, v;
	__u64 deadline = 0;
	int ret;

	for (;;) {
		v = READ_ONCE(lock->locked);
		if (!v) {
			/* L1: acquire, pairs with the release in rqs_unlock_word() */
			if (__atomic_compare_exchange_n(&lock->locked, &v, RQS_LOCKED, false,
							__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
				return 0;
		} else if (!(v & RQS_PENDING)) {
			/* relaxed: the lock itself is taken by the acquire load below */
			if (__atomic_compare_exchange_n(&lock->locked, &v, v | RQS_PENDING, false,
							__ATOMIC_RELAXED, __ATOMIC_RELAXED))
				break;
		}
		if (!resilient)
			rqs_relax(++spins);
		else if ((ret = rqs_spin(lock, &spins, &deadline)))
			return ret;
	}
	/* L1: acquire, pairs with the release in rqs_unlock_word() */
	while (smp_load_acquire(&lock->locked) & RQS_LOCKED) {
		if (!resilient) {
			rqs_relax(++spins);
		} else if ((ret = rqs_spin(lock, &spins, &deadline))) {
			__atomic_fetch_and(&lock->locked, ~RQS_PENDING, __ATOMIC_RELAXED);
			return ret;
		}
	}
	/*
	 * clear_pending_set_locked(): while pending is this waiter's and the
	 * lock free, no one else writes the word (the fast path and the other
	 * waiters see it non-zero and pending)
	 */
	WRITE_ONCE(lock->locked, RQS_LOCKED);
	return 0;
}

int resilient_queued_spin_lock_slowpath(struct rqspinlock *lock,
					const struct rqspinlock_hook *hook)
{
	unsigned int spins = 0;
	__u64 deadline = 0;
	int ret = 0;

	grab_held_lock_entry(lock, hook);
	if (lock->queued) {
		ret = rqs_queued_lock(lock, true);
		if (!ret)
			return 0;
	} else {
		while (!rqs_trylock(lock)) {
			ret = rqs_spin(lock, &spins, &deadline);
			if (ret)
				break;
		}
		if (!ret)
			return 0;
	}
	release_held_lock_entry();
	return ret;
}
