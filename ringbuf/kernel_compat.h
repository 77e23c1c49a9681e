/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel primitives that ringbuf.c and libbpf's ringbuf.c use, spelled
 * for userspace with the GCC/Clang __atomic builtins (C11 memory model), so
 * that the ported bodies read like the originals.
 *
 * Every shared word (consumer_pos, producer_pos, pending_pos, hdr->len) is
 * touched only through these. Each caller names, in a comment, the access
 * its acquire or release pairs with, by its label in the table at the top of
 * ringbuf/ringbuf.c (R1/A1 producer_pos, R2/A2 hdr->len, R3/A3 consumer_pos,
 * E1, W1, N1, L1); perfbuf.c keeps the kernel's (A)-(D) of
 * kernel/events/ring_buffer.c.
 *
 *   smp_load_acquire(p)      load-acquire
 *   smp_store_release(p, v)  store-release
 *   READ_ONCE(x)/WRITE_ONCE  relaxed atomic load/store (no tearing, no ordering)
 *   xchg(p, v)               fully ordered exchange, as the kernel's xchg() (see below)
 *   smp_mb()                 full fence (under ThreadSanitizer, see below)
 */
#ifndef RBSIM_KERNEL_COMPAT_H
#define RBSIM_KERNEL_COMPAT_H

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/futex.h>
#include <linux/types.h>
#include <sys/syscall.h>

#define smp_load_acquire(p)	 __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define smp_store_release(p, v)	 __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define READ_ONCE(x)		 __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v)	 __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

/*
 * xchg(): fully ordered, as the kernel's: as if smp_mb() came right before
 * and right after it. The shape that needs it (E1 in ringbuf/ringbuf.c's table) is
 * store buffering between a committer and the consumer:
 *
 *   commit:  W producer_pos (reserve)   consumer:  W consumer_pos
 *            xchg(hdr->len)                        smp_mb()
 *            R consumer_pos                        R producer_pos
 *
 * Both reads returning the old value is a lost wake-up. In C11 (C++20
 * [atomics.order], after P0668) a seq_cst RMW on hdr->len does not order a
 * store to producer_pos before a load of consumer_pos; a seq_cst fence
 * between them, against the consumer's, forbids that outcome. Hence,
 * portably: fence, RMW, fence (the fences carry the ordering, the RMW can
 * be relaxed), the arm64 kernel's ldxr/stlxr + dmb ish.
 *
 * x86: the kernel's xchg() is a LOCK XCHG with a compiler barrier (a
 * "memory" clobber), nothing more: a locked instruction is a full barrier
 * (Intel SDM vol. 3A, "Memory Ordering in P6 and More Recent Processor
 * Families": reads and writes are not reordered with locked instructions).
 * The same here: signal fences are compiler barriers around a seq_cst
 * exchange, which gcc and clang emit as XCHG, while the thread fences
 * would add two LOCK ORs that the kernel does not pay. This
 * is an argument about the compiler and the ISA, not the C11 model, as in
 * the kernel; it compiles to the same code as a bare seq_cst exchange, so no
 * test run on x86 can tell the two definitions apart.
 *
 * ThreadSanitizer (gcc refuses stand-alone thread fences under
 * -fsanitize=thread): xchg() is the seq_cst exchange (plus the compiler
 * barriers on x86) and smp_mb() a seq_cst RMW on a word private to the
 * thread, still full barriers on x86. TSan models an RMW as an acquire and a
 * release on its own location and a fence not at all, and it checks the
 * executions that ran, not the reorderings a weaker machine could make. So
 * that build checks every data race under the happens-before built from the
 * acquire/release pairs named at each access (payload and header bytes
 * read only after the acquire that pairs with the commit, and so on); it
 * does not check the store-buffering arguments these full barriers exist
 * for (E1: no lost wake-up). Those are checked by the tests that would hang
 * on a lost wake-up, on this hardware; the private word adds no
 * happens-before edge between threads.
 */
#if defined(__x86_64__) || defined(__i386__)
#define xchg(p, v) ({								\
	__typeof__(*(p)) __xchg_old;						\
	__atomic_signal_fence(__ATOMIC_SEQ_CST);				\
	__xchg_old = __atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST);		\
	__atomic_signal_fence(__ATOMIC_SEQ_CST);				\
	__xchg_old;								\
})
#elif defined(__SANITIZE_THREAD__)
#define xchg(p, v)		 __atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
#else
#define xchg(p, v) ({								\
	__typeof__(*(p)) __xchg_old;						\
	__atomic_thread_fence(__ATOMIC_SEQ_CST);				\
	__xchg_old = __atomic_exchange_n((p), (v), __ATOMIC_RELAXED);		\
	__atomic_thread_fence(__ATOMIC_SEQ_CST);				\
	__xchg_old;								\
})
#endif

#if defined(__SANITIZE_THREAD__)
static _Thread_local unsigned long smp_mb_word __attribute__((unused));
#define smp_mb()		 ((void)__atomic_fetch_add(&smp_mb_word, 0, __ATOMIC_SEQ_CST))
#else
#define smp_mb()		 __atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif
/* a spinning waiter's pause */
static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#endif
}

/*
 * smp_wmb()/smp_rmb(): store-store and load-load barriers, as C11 release and
 * acquire fences (stronger; no instruction on x86). Under ThreadSanitizer,
 * which gcc will not compile stand-alone fences for and which does not model
 * them, compiler barriers: as for E1, the store-ordering argument they carry
 * (O2 in ringbuf.c's table) is not what that build checks.
 */
#if defined(__SANITIZE_THREAD__)
#define smp_wmb()		 __atomic_signal_fence(__ATOMIC_SEQ_CST)
#define smp_rmb()		 __atomic_signal_fence(__ATOMIC_SEQ_CST)
#else
#define smp_wmb()		 __atomic_thread_fence(__ATOMIC_RELEASE)
#define smp_rmb()		 __atomic_thread_fence(__ATOMIC_ACQUIRE)
#endif

/* statistics counters: relaxed, never used for synchronisation */
#define stat_inc(x)		 __atomic_fetch_add(&(x), 1, __ATOMIC_RELAXED)

#define likely(x)		 __builtin_expect(!!(x), 1)
#define unlikely(x)		 __builtin_expect(!!(x), 0)
#define round_up(x, y)		 ((((x) - 1) | ((__typeof__(x))((y) - 1))) + 1)
#define is_power_of_2(n)	 ((n) != 0 && (((n) & ((n) - 1)) == 0))

#ifndef PAGE_SHIFT
#define PAGE_SHIFT 12
#endif
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))
#define PAGE_ALIGNED(x) (((unsigned long)(x) & (PAGE_SIZE - 1)) == 0)

#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - __builtin_offsetof(type, member)))

/*
 * PORT: the 32 bits of an unsigned long that a futex compares, for a value
 * that changes by less than 2^32 between a look and the compare (a ring
 * position within the ring's size): its low half,
 * wherever the byte order puts it
 */
static inline __u32 *ringbuf_low_word(const unsigned long *p)
{
	__u32 *w = (__u32 *)p;

#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w += sizeof(unsigned long) / sizeof(__u32) - 1;
#endif
	return w;
}

/*
 * PORT: the wake-up of ring_consumers asleep on a map's futex word (W3 in
 * ringbuf.c): one FUTEX_WAKE_OP that adds one to the word and wakes all its
 * sleepers under the futex bucket's lock (nr_wake2 0, the compare's result
 * unused). Also what the calibration times as the port's wake-up call
 * (sim/inject.c), so that it times this very call. Returns the system
 * call's result.
 */
static inline long ringbuf_futex_wake_op(__u32 *word)
{
	return syscall(SYS_futex, word, FUTEX_WAKE_OP_PRIVATE, INT_MAX, 0, word,
		       FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 0));
}

/*
 * PORT: kzalloc() for an object of the map or of its consumer: zeroed, on
 * 128-byte blocks of its own (two lines: the adjacent-line prefetcher fetches
 * them in pairs). The kernel's map lives in kernel memory no user object
 * shares, and a consumer's state in user memory no producer writes; in one
 * process, calloc() may put either on a line with whatever another thread
 * writes, and each reservation or poll would then pay a cache-line transfer
 * the kernel's do not (the map's line shared with a word its consumer thread
 * wrote at every poll: a notification to an awake consumer took 281-301 ns
 * instead of 131-141, rbsim model --probe on a 2-vCPU EPYC guest,
 * 2026-12-05). Freed with free(); NULL with errno ENOMEM.
 */
static inline void *port_zalloc_lines(size_t size)
{
	void *p = aligned_alloc(128, (size + 127) / 128 * 128);

	if (!p) {
		errno = ENOMEM;
		return NULL;
	}
	return memset(p, 0, size);
}

#endif /* RBSIM_KERNEL_COMPAT_H */
