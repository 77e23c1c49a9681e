// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the NMI marker (in_nmi()) and the slow path of the plain spinlock
 * of the eras before rqspinlock and of 6.17 (see spinlock.h).
 */
#include <sched.h>

#include "ringbuf.h"
#include "spinlock.h"

_Thread_local int ringbuf_nmi_depth;

void ringbuf_nmi_enter(void)
{
	__atomic_fetch_add(&ringbuf_nmi_depth, 1, __ATOMIC_RELAXED);
	/* the reserve the handler makes next sees it: a compiler barrier is all it takes */
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
}

void ringbuf_nmi_exit(void)
{
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	__atomic_fetch_sub(&ringbuf_nmi_depth, 1, __ATOMIC_RELAXED);
}

/* raw_spin_lock(): spin until the word is free, however long that takes */
void raw_spin_lock_slowpath(struct rqspinlock *lock)
{
	unsigned int spins = 0;

	if (lock->queued) {
		rqs_queued_lock(lock, false); /* not resilient: it cannot fail */
		return;
	}
	while (!rqs_trylock(lock))
		rqs_relax(++spins);
}
