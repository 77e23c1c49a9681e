/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the ring's lock in the eras before rqspinlock (5.8 to 6.14) and in
 * 6.17 (27861fc720be "bpf: Drop rqspinlock usage in ringbuf"): a spinlock
 * that reserve takes with
 *
 *	if (in_nmi()) {
 *		if (!raw_spin_trylock_irqsave(&rb->spinlock, flags))
 *			return NULL;
 *	} else {
 *		raw_spin_lock_irqsave(&rb->spinlock, flags);
 *	}
 *
 * (spin_* on a spinlock_t before 6.12). NMI context only tries once: an NMI
 * that spun on a lock its own CPU holds would never return.
 *
 * PORT: spinlock_t (5.8 to 6.11) and raw_spinlock_t (6.12 on, 8b62645b09f8
 * "bpf: Use raw_spinlock_t in ringbuf") are the same lock here. They differ
 * only under PREEMPT_RT, where spinlock_t becomes a sleeping rt_mutex: a
 * reserve from a tracepoint, which runs with preemption disabled, then slept
 * in atomic context (the "sleeping function called from invalid context"
 * splat that commit fixes), and an NMI's spin_trylock() on an rt_mutex is
 * not allowed at all. Without PREEMPT_RT both are the same queued spinlock
 * taken with interrupts off. A userspace port has neither PREEMPT_RT nor
 * atomic context, and its lock holder can always be preempted, so nothing
 * observable changes: 6.10 and 6.12 take the same code.
 *
 * PORT: the kernel's spinlock is a fair queued spinlock (qspinlock); this one
 * is test-and-test-and-set on the ring's lock word (the same word and trylock
 * as rqspinlock.h), unfair, yielding the CPU every RQS_SPINS_BEFORE_YIELD
 * spins so that a preempted holder on a shared CPU gets to run. It never
 * gives up: a thread that waits for a lock its own thread holds (a signal
 * handler without ringbuf_nmi_enter()) spins forever, as the kernel would.
 *
 * in_nmi(): the kernel asks the CPU's preempt count; here a counter per
 * thread that a signal handler raises with ringbuf_nmi_enter() (the signal
 * handler plays the NMI that interrupts the CPU). Relaxed atomics on a
 * thread-local word: async-signal-safe, and a handler sees its own thread's.
 */
#ifndef RBSIM_SPINLOCK_H
#define RBSIM_SPINLOCK_H

#include <stdbool.h>

#include "kernel_compat.h"
#include "rqspinlock.h"

/* local-exec, as rqspinlock_held_locks: the library is linked into executables only */
extern _Thread_local int ringbuf_nmi_depth __attribute__((tls_model("local-exec")));

static inline bool in_nmi(void)
{
	return __atomic_load_n(&ringbuf_nmi_depth, __ATOMIC_RELAXED) > 0;
}

/* cold: spun only when the lock is held */
void raw_spin_lock_slowpath(struct rqspinlock *lock) __attribute__((cold));

/* L1: acquire, pairs with the release in raw_spin_unlock_irqrestore() */
static inline __attribute__((always_inline)) bool raw_spin_trylock_irqsave(struct rqspinlock *lock)
{
	return rqs_trylock(lock);
}

static inline __attribute__((always_inline)) void raw_spin_lock_irqsave(struct rqspinlock *lock)
{
	if (likely(rqs_trylock(lock)))
		return;
	raw_spin_lock_slowpath(lock);
}

/* L1: release, pairs with the acquires of the lock word (rqs_unlock_word() names them) */
static inline __attribute__((always_inline)) void
raw_spin_unlock_irqrestore(struct rqspinlock *lock)
{
	rqs_unlock_word(lock);
}

#endif /* RBSIM_SPINLOCK_H */
