/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel primitives that ringbuf.c and libbpf's ringbuf.c use, spelled
 * for userspace with the GCC/Clang __atomic builtins (C11 memory model), so
 * that the ported bodies read like the originals.
 *
 * Every shared word (consumer_pos, producer_pos, pending_pos, hdr->len) is
 * touched only through these. Each caller names, in a comment, the access
 * its acquire or release pairs with.
 *
 *   smp_load_acquire(p)      load-acquire
 *   smp_store_release(p, v)  store-release
 *   READ_ONCE(x)/WRITE_ONCE  relaxed atomic load/store (no tearing, no ordering)
 *   xchg(p, v)               fully ordered exchange, as the kernel's xchg()
 *   smp_mb()                 full fence
 */
#ifndef RBSIM_KERNEL_COMPAT_H
#define RBSIM_KERNEL_COMPAT_H

#include <limits.h>

#define smp_load_acquire(p)	 __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define smp_store_release(p, v)	 __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define READ_ONCE(x)		 __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v)	 __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#define xchg(p, v)		 __atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
#if defined(__SANITIZE_THREAD__)
/*
 * ThreadSanitizer does not model stand-alone fences (gcc refuses them under
 * -fsanitize=thread); a fully ordered RMW on a private word is a full barrier
 * on the hardware all the same.
 */
static unsigned long smp_mb_word __attribute__((unused));
#define smp_mb()		 ((void)__atomic_fetch_add(&smp_mb_word, 0, __ATOMIC_SEQ_CST))
#else
#define smp_mb()		 __atomic_thread_fence(__ATOMIC_SEQ_CST)
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

#endif /* RBSIM_KERNEL_COMPAT_H */
