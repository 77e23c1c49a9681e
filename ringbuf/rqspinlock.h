/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the resilient queued spinlock's contract, as ringbuf.c takes its
 * lock: Linux 6.18 include/asm-generic/rqspinlock.h (the lock, the held-locks
 * table, the inline fast path, unlock); the slow path is in rqspinlock.c, as
 * kernel/bpf/rqspinlock.c.
 *
 * PORT: rqspinlock_t. The kernel's resilient queued spinlock returns an error
 * instead of deadlocking: on AA deadlock (the same CPU taking it again, e.g. a
 * BPF program on a tracepoint inside the lock) and after RES_DEF_TIMEOUT of
 * spinning. This port keeps that contract with a test-and-test-and-set lock,
 * a per-thread held-locks table (the kernel's is per CPU) and the same timeout.
 *
 * PORT: the kernel's lock hands itself to the waiter (qspinlock's pending
 * bit, then its MCS queue); this one lets a returning holder take it again
 * before a waiter sees it free, unless the lock is queued
 * (ringbuf_map__set_lock_handoff(), rqs_queued_lock(): the pending path, with
 * further waiters spinning for the pending bit instead of an MCS queue).
 *
 * PORT: a kernel lock holder runs with interrupts off and cannot be
 * preempted; a userspace holder can. A waiter that has spun
 * RQS_SPINS_BEFORE_YIELD times calls sched_yield() so that, on a CPU shared
 * with the preempted holder, the holder gets to run. A holder descheduled for
 * longer than the timeout makes reserve fail, as a stalled holder would in the
 * kernel; the simulator counts those failures as lock drops.
 *
 * PORT: the timeout is the lock's own (ringbuf_map__set_lock_timeout()), and
 * a test hook may run at the points of the held-locks bookkeeping where an
 * interrupt changes the outcome (enum ringbuf_lock_point). Callers pass the
 * hook as a constant NULL on their fast copy: these functions are always
 * inlined, so that copy carries no check of it.
 */
#ifndef RBSIM_RQSPINLOCK_H
#define RBSIM_RQSPINLOCK_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "ringbuf.h"
#include "kernel_compat.h"

/* a waiter yields the CPU after this many spins (see the PORT note above) */
#define RQS_SPINS_BEFORE_YIELD 128

/* RES_DEF_TIMEOUT (NSEC_PER_SEC / 4) and the held-locks table size */
#define RES_DEF_TIMEOUT (1000000000ULL / 4)
#define RES_NR_HELD 31

/*
 * The lock word: bit 0 (the low byte) locked; with the queued hand-off
 * (RINGBUF_LOCK_QUEUED) bit 8 (the next byte) pending, as qspinlock's
 * _Q_LOCKED_VAL and _Q_PENDING_VAL. Unlock clears the locked byte alone, as
 * queued_spin_unlock() does, so that a pending bit survives it.
 */
#define RQS_LOCKED 0x1u
#define RQS_PENDING 0x100u

struct rqspinlock {
	unsigned int locked;
	bool queued;      /* PORT: the queued hand-off (read-only while used) */
	__u64 timeout_ns; /* PORT: RES_DEF_TIMEOUT, per lock, adjustable (read-only while used) */
};

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "rqspinlock: the locked byte is the word's low byte on little-endian machines only"
#endif

/* queued_spin_unlock(): L1 release of the locked byte, pending left as it is */
static inline __attribute__((always_inline)) void rqs_unlock_word(struct rqspinlock *lock)
{
	/*
	 * L1: release, pairs with the acquires in res_spin_lock_fastpath(),
	 * rqs_trylock() and rqs_queued_lock()
	 */
	__atomic_store_n((unsigned char *)&lock->locked, 0, __ATOMIC_RELEASE);
}

/*
 * The locks this CPU holds or is taking, for AA detection. PORT: per thread
 * (a simulated CPU, whose signal handlers play the NMIs that nest on it),
 * touched with relaxed atomic loads and stores, which are async-signal-safe,
 * and signal fences where the kernel's per-CPU operations imply a compiler
 * barrier. No other thread reads it: no ABBA detection.
 */
struct rqspinlock_held {
	int cnt;
	const struct rqspinlock *locks[RES_NR_HELD];
};
/*
 * local-exec: the fast path reaches the table at a constant offset from the
 * thread pointer, as when it was static in ringbuf.c (initial-exec, the
 * default for an extern in a PIE, costs a load of the offset per access);
 * valid because the library is linked into executables only
 */
extern _Thread_local struct rqspinlock_held rqspinlock_held_locks
	__attribute__((tls_model("local-exec")));

/* PORT: tests: run at each point of the held-locks bookkeeping (NULL fn: none) */
struct rqspinlock_hook {
	void (*fn)(void *ctx, enum ringbuf_lock_point point);
	void *ctx;
};

/*
 * The slow paths (rqspinlock.c): the queued hand-off's, resilient or the
 * plain spinlock's, and the resilient lock's. Cold: the uncontended reserve
 * keeps its fast path straight, the call out of its way.
 */
int rqs_queued_lock(struct rqspinlock *lock, bool resilient) __attribute__((cold));
int resilient_queued_spin_lock_slowpath(struct rqspinlock *lock,
					const struct rqspinlock_hook *hook) __attribute__((cold));

/* a waiter, between two looks at the lock word: a pause, and a yield every so often */
static inline void rqs_relax(unsigned int spins)
{
	if (spins % RQS_SPINS_BEFORE_YIELD == 0)
		sched_yield();
	else
		cpu_relax();
}

static inline __attribute__((always_inline)) void
rqs_point(const struct rqspinlock_hook *hook, enum ringbuf_lock_point point)
{
	if (hook && hook->fn)
		hook->fn(hook->ctx, point);
}

/*
 * this_cpu_add_return() on the count: in the kernel one instruction, not
 * LOCK-prefixed (only this CPU writes its count; an NMI on it is the one
 * concurrent writer, and an instruction is not split by one). PORT: a relaxed
 * load and store, no read-modify-write: only this thread writes the count,
 * and a signal handler that lands between the load and the store finds the
 * old count and gives it back as it found it (every lock a handler takes it
 * releases, and its entry with it, before it returns), so the store loses
 * nothing; the outcome is that of the handler landing before the load.
 */
static inline __attribute__((always_inline)) int rqs_held_cnt_add(struct rqspinlock_held *rqh,
								  int d)
{
	int cnt = __atomic_load_n(&rqh->cnt, __ATOMIC_RELAXED) + d;

	__atomic_store_n(&rqh->cnt, cnt, __ATOMIC_RELAXED);
	return cnt;
}

/* the count first, then the slot: an interrupt in between takes the next slot */
static inline __attribute__((always_inline)) void
grab_held_lock_entry(const struct rqspinlock *lock, const struct rqspinlock_hook *hook)
{
	struct rqspinlock_held *rqh = &rqspinlock_held_locks;
	int cnt = rqs_held_cnt_add(rqh, 1);

	/* the compiler barrier of the kernel's per-CPU operations */
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	rqs_point(hook, RINGBUF_LOCK_ENTRY);
	/* still keep the inc so that the release decrements it */
	if (unlikely(cnt > RES_NR_HELD))
		return;
	__atomic_store_n(&rqh->locks[cnt - 1], lock, __ATOMIC_RELAXED);
}

/* after a failed attempt: the slot cleared, then the count lowered */
static inline void release_held_lock_entry(void)
{
	struct rqspinlock_held *rqh = &rqspinlock_held_locks;
	int cnt = __atomic_load_n(&rqh->cnt, __ATOMIC_RELAXED);

	if (likely(cnt <= RES_NR_HELD))
		__atomic_store_n(&rqh->locks[cnt - 1], NULL, __ATOMIC_RELAXED);
	/* the kernel's smp_wmb() orders this for remote ABBA checks; here only for our handlers */
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	rqs_held_cnt_add(rqh, -1);
}

/*
 * atomic_try_cmpxchg_acquire(&lock->val, 0, 1), tested first so a waiter only
 * reads; a pending waiter makes the word non-zero, so the fast path of a
 * queued lock cannot take it past that waiter (queued_spin_lock())
 */
static inline bool rqs_trylock(struct rqspinlock *lock)
{
	unsigned int unlocked = 0;

	/* L1: acquire, pairs with the release in res_spin_unlock() */
	return !READ_ONCE(lock->locked) &&
	       __atomic_compare_exchange_n(&lock->locked, &unlocked, 1, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

/*
 * res_spin_lock() in 6.18: the fast path takes the lock word, then records
 * it in the held-locks table; the slow path records it first, then spins
 * (rqspinlock.c). 0, -EDEADLK when this thread already holds it (a signal
 * handler re-entering reserve), or -ETIMEDOUT. An interrupt that lands after
 * the fast path's cmpxchg and before the entry, or in unlock after the entry
 * is cleared and before the lock word is released, misses AA and times out,
 * in 6.18 as here.
 */
static inline __attribute__((always_inline)) bool
res_spin_lock_fastpath(struct rqspinlock *lock, const struct rqspinlock_hook *hook)
{
	unsigned int unlocked = 0;

	/*
	 * the kernel's one atomic_try_cmpxchg_acquire(), with no read of the
	 * lock word first (that is for waiters: rqs_trylock() in the slow path);
	 * a queued lock's pending waiter keeps the word non-zero, so this never
	 * takes the lock past it. L1: acquire, pairs with the release in
	 * rqs_unlock_word()
	 */
	if (unlikely(!__atomic_compare_exchange_n(&lock->locked, &unlocked, 1, false,
						  __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)))
		return false;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	rqs_point(hook, RINGBUF_LOCK_TAKEN);
	grab_held_lock_entry(lock, hook);
	return true;
}

static inline __attribute__((always_inline)) int
res_spin_lock(struct rqspinlock *lock, const struct rqspinlock_hook *hook)
{
	if (likely(res_spin_lock_fastpath(lock, hook)))
		return 0;
	return resilient_queued_spin_lock_slowpath(lock, hook);
}

/* res_spin_unlock() in 6.18: the slot cleared, the lock word released, the count lowered */
static inline __attribute__((always_inline)) void
res_spin_unlock(struct rqspinlock *lock, const struct rqspinlock_hook *hook)
{
	struct rqspinlock_held *rqh = &rqspinlock_held_locks;
	int cnt = __atomic_load_n(&rqh->cnt, __ATOMIC_RELAXED);

	if (likely(cnt <= RES_NR_HELD))
		__atomic_store_n(&rqh->locks[cnt - 1], NULL, __ATOMIC_RELAXED);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	rqs_point(hook, RINGBUF_UNLOCK_CLEARED);
	rqs_unlock_word(lock);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	rqs_point(hook, RINGBUF_UNLOCK_RELEASED);
	/*
	 * this_cpu_dec(), from the count read above: a handler that landed
	 * since gave the count back as it found it (see rqs_held_cnt_add()),
	 * so a second load would read the same
	 */
	__atomic_store_n(&rqh->cnt, cnt - 1, __ATOMIC_RELAXED);
}

/* PORT: no interrupts to disable: raw_res_spin_lock_irqsave() is res_spin_lock() */
#define raw_res_spin_lock_irqsave(lock, hook) res_spin_lock(lock, hook)
#define raw_res_spin_unlock_irqrestore(lock, hook) res_spin_unlock(lock, hook)

#endif /* RBSIM_RQSPINLOCK_H */
