// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: userspace port of the BPF ring buffer, producer side.
 *
 * Follows Linux 6.18 kernel/bpf/ringbuf.c function for function and in the
 * same order: rqspinlock-protected reserve, lock-free commit, BUSY and
 * DISCARD bits, pending_pos (CVE-2024-41009 fix), data pages mapped twice.
 * No BPF_MAP_TYPE_USER_RINGBUF.
 *
 * Kernel eras (ringbuf_map__new_opts()): a map can instead follow the reserve
 * of another release, 5.8 to 6.19; rb_eras[] (ringbuf_era.c) lists each era
 * with the commit that began it, and bpf_ringbuf_reserve_body() holds every
 * era's code, each difference under the constant that selects it and a comment
 * naming its commit. 6.19 adds overwrite mode (BPF_F_RB_OVERWRITE).
 *
 * Deliberate differences from the kernel carry a PORT: comment.
 *
 * Memory ordering. The edges between reservers, committers and the consumer
 * (consumer.c, custom.h, or any reader of the mapped pages, such as a program
 * on the real map) are named once here and cited at each access, as DPDK's
 * rte_ring_c11_pvt.h names its own:
 *
 *  R1 reserve: smp_store_release(producer_pos), after the header (len with
 *     BUSY, pg_off) is written.
 *  A1 consumer: smp_load_acquire(producer_pos); pairs with R1: every header
 *     below the position it reads is written (a record is BUSY until R2).
 *  R2 commit: xchg(hdr->len), fully ordered, after the sample is written.
 *  A2 consumer: smp_load_acquire(hdr->len); pairs with R2: a len without
 *     BUSY means the sample bytes are there. (The reservers' pending_pos scan
 *     reads len with READ_ONCE: it reads no sample byte behind it.)
 *  R3 consumer: smp_store_release(consumer_pos), after it read the records
 *     below it.
 *  A3 reserve, commit, query: smp_load_acquire(consumer_pos); pairs with R3:
 *     a reserve that sees the space freed writes there only after the
 *     consumer's last read of it.
 *  E1 store buffering, commit against consumer: commit stores len (R2) and
 *     then loads consumer_pos (A3) to decide on a wake-up; the consumer
 *     stores consumer_pos (R3), smp_mb(), then loads producer_pos (A1,
 *     consumer.c ring_has_data()) to decide to sleep. R2's full barrier and
 *     the consumer's smp_mb() forbid both loads returning the old value, a
 *     lost wake-up (kernel_compat.h says why xchg() is built as it is).
 *  W1 notify_writes: the fully ordered increment before each eventfd write,
 *     against the load-acquire in ringbuf_map__take_wakeups().
 *  W2 store buffering, wake-up against a consumer going to sleep: the
 *     wake-up increments notify_seq (fully ordered: the map goes on epoll's
 *     ready list), then loads notify_waiters and writes the eventfd only if
 *     a consumer may sleep on it; a consumer about to sleep increments
 *     notify_waiters (fully ordered), then loads notify_seq
 *     (ringbuf_map__wakeup_pending()) and does not sleep if a wake-up came.
 *     Both seq_cst: at least one of the loads sees the other's increment, so
 *     a wake-up is never lost. fs/eventpoll.c orders the same pair (the
 *     epitem added to rdllist, then waitqueue_active(&ep->wq) in
 *     ep_poll_callback(); the waiter added to ep->wq, then
 *     ep_events_available() in ep_poll()) with ep->lock.
 *  W3 the same pair for a consumer that sleeps on a futex (the default of
 *     ring_consumer's waits, ring_futex_sleep() in consumer.c): the wake-up
 *     increments notify_seq as in W2, then loads notify_futex and, if a
 *     consumer announced itself there, makes a FUTEX_WAKE_OP that adds one
 *     to wake_word and wakes its sleepers; the consumer increments
 *     notify_futex (fully ordered), then loads wake_word, the value its
 *     FUTEX_WAITV compares the word with, then notify_seq (the collect
 *     after it: ringbuf_map__wakeup_pending()). Both seq_cst: a wake-up
 *     whose load misses the announcement has its increment seen by the
 *     consumer's load of notify_seq, which then re-polls the ring. One that
 *     sees it makes the call, whose add is fully ordered after the
 *     increment (the kernel's atomic op on the user word): either the
 *     consumer's load of wake_word read the add, and then its later load of
 *     notify_seq sees the increment, or the add comes after that load, and
 *     then it finds the consumer queued or the compare fails (both are made
 *     under the futex bucket's lock: the futex's own guarantee).
 *  N1 work_pending: irq_work's PENDING flag, claimed and cleared by fully
 *     ordered xchg()s (a claim that finds it set is a deduplicated wake-up).
 *  L1 the ring's lock word: acquire in res_spin_lock_fastpath(),
 *     rqs_trylock() and rqs_queued_lock() (rqspinlock.c), release of its
 *     locked byte in rqs_unlock_word() (rqspinlock.h), from
 *     res_spin_unlock() or raw_spin_unlock_irqrestore() (spinlock.h, the
 *     other eras); orders the reservers' accesses to producer_pos,
 *     pending_pos, overwrite_pos and the headers they write under the lock.
 *  O1 overwrite mode (6.19): reserve WRITE_ONCE(overwrite_pos) before R1;
 *     a reader's load of overwrite_pos after its A1 sees at least the value
 *     published with the producer_pos it read (the kernel's comment on the
 *     store says as much), maybe a later one.
 *  O2 overwrite mode: reserve smp_wmb() after O1's store, before the stores
 *     that overwrite old records (the new header, the program's sample);
 *     the reader (consumer_overwrite.c) copies a record, smp_rmb(), loads
 *     overwrite_pos again: if its copy read any byte an overwriting
 *     reservation wrote, the second load sees overwrite_pos past the
 *     record, and the copy is dropped. PORT: the kernel has no smp_wmb()
 *     there (see the reserve); x86 needs none.
 *  O3 overwrite mode: the reserve reads the len of each record it
 *     overwrites with smp_load_acquire(), pairing with R2: the committer's
 *     writes to the record happen before the reserver's writes over them.
 *     PORT: the kernel's READ_ONCE() gets that from the control dependency
 *     of its loop (LKMM orders a load before stores that depend on it by
 *     control); C11 has no such rule, and an acquire load is a plain load
 *     on x86.
 */
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/mman.h>

#include "ringbuf_internal.h"
#include "spinlock.h"

/*
 * The definitions the files of the port share (RINGBUF_PGOFF, struct
 * bpf_ringbuf, the map, the record header) are in ringbuf_internal.h; the
 * eras and the map's creation (ringbuf_map_alloc()) in ringbuf_era.c; the
 * userspace side of the map object in ringbuf_map.c; ringbuf_map__valid()
 * in ringbuf_valid.c. What stays here is the kernel's file, in its order.
 */

static struct bpf_ringbuf *bpf_ringbuf_area_alloc(size_t data_sz)
{
	size_t nr_meta_pages = RINGBUF_NR_META_PAGES;
	size_t nr_data_pages = data_sz >> PAGE_SHIFT;
	size_t nr_pages = nr_meta_pages + nr_data_pages;
	size_t meta_sz = nr_meta_pages << PAGE_SHIFT;
	/* the last page stays PROT_NONE: a guard page, as vmap() leaves after its area */
	size_t map_len = meta_sz + 2 * data_sz + PAGE_SIZE;
	struct bpf_ringbuf *rb;
	void *base;
	int memfd;

	/*
	 * Each data page is mapped twice to allow "virtual" continuous read
	 * of samples wrapping around the end of the ring buffer area:
	 * ------------------------------------------------------
	 * | meta pages |  real data pages  |  same data pages  |
	 * ------------------------------------------------------
	 * |            | 1 2 3 4 5 6 7 8 9 | 1 2 3 4 5 6 7 8 9 |
	 * ------------------------------------------------------
	 * |            | TA             DA | TA             DA |
	 * ------------------------------------------------------
	 *                               ^^^^^^^
	 *                                  |
	 * A record that starts near the end of the ring and wraps is still
	 * contiguous in memory, for the producer and the consumer alike.
	 *
	 * PORT: the kernel vmap()s an array of pages listing each data page
	 * twice. Here a memfd of nr_pages pages (meta, consumer, producer,
	 * data) is mapped once in full and its data part once more right
	 * after, inside one reserved range so the two copies are adjacent.
	 * vmap() leaves a guard page after its area (no VM_NO_GUARD), and so
	 * does the range here: a write past the second copy (5.8's oversized
	 * record, CVE-2021-3489) faults instead of landing in other memory.
	 */
	memfd = memfd_create("rbsim-ringbuf", MFD_CLOEXEC);
	if (memfd < 0)
		return NULL;
	if (ftruncate(memfd, (off_t)(nr_pages << PAGE_SHIFT)))
		goto err_close;

	base = mmap(NULL, map_len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED)
		goto err_close;
	if (!map_fixed(base, nr_pages << PAGE_SHIFT, PROT_READ | PROT_WRITE, memfd, 0) ||
	    !map_fixed((char *)base + (nr_pages << PAGE_SHIFT), data_sz, PROT_READ | PROT_WRITE,
		       memfd, (off_t)meta_sz))
		goto err_unmap;
	/*
	 * the kernel allocates every page, zeroed, and maps them when it
	 * creates the map (bpf_ringbuf_area_alloc(): alloc_pages_node() with
	 * __GFP_ZERO, then vmap(); -ENOMEM if it cannot); so does the port,
	 * both copies of the data, so that no producer pays for a page (its
	 * allocation, zeroing and fault) the first time it writes there
	 */
	if (madvise(base, map_len - PAGE_SIZE, MADV_POPULATE_WRITE)) {
		errno = ENOMEM;
		goto err_unmap;
	}

	rb = base;
	rb->memfd = memfd;
	rb->nr_pages = nr_pages;
	rb->map_len = map_len;
	return rb;

err_unmap:
	munmap(base, map_len);
err_close:
	close(memfd);
	return NULL;
}

/*
 * PORT: the eventfd write that wakes a consumer asleep on the map's fd,
 * counted before it is made so that a consumer can tell without a system
 * call whether the eventfd may be readable (ringbuf_map__take_wakeups())
 */
void bpf_ringbuf_notify_write(struct bpf_ringbuf *rb)
{
	__u64 one = 1;

	if (unlikely(rb->wake_hook))
		rb->wake_hook(rb->wake_hook_ctx);
	/* W1: fully ordered, before the write; pairs with the acquire in take_wakeups() */
	__atomic_fetch_add(&rb->notify_writes, 1, __ATOMIC_SEQ_CST);
	/* EAGAIN only if the counter is about to overflow: the fd is readable then anyway */
	if (write(rb->notify_fd, &one, sizeof(one)) < 0)
		return;
}

/*
 * PORT: the call that wakes ring_consumers asleep on the map's futex, all of
 * them, as wake_up_all(); wrote: the eventfd was written for this wake-up
 * too, and its wake hook ran then. A FUTEX_WAKE_OP adds one to wake_word and
 * wakes the word's sleepers under the futex bucket's lock, inside the system
 * call (W3), as ep_poll_callback() puts the map on epoll's ready list and
 * then wakes the waiter: a consumer on its way to sleep sees the wake-up
 * then, not a system call's way in before (changed before a FUTEX_WAKE, the
 * word reached it 1.6 us before the wake-up on the 2-vCPU EPYC guest of
 * results/futex-op-vm-2026-12-04; ep_poll_callback() makes the two one
 * after the other)
 */
static void bpf_ringbuf_notify_futex(struct bpf_ringbuf *rb, bool wrote)
{
	if (unlikely(rb->wake_hook) && !wrote)
		rb->wake_hook(rb->wake_hook_ctx);
	/* a count for reports, as the stats: relaxed */
	__atomic_fetch_add(&rb->notify_wakes, 1, __ATOMIC_RELAXED);
	/* W3 */
	ringbuf_futex_wake_op(&rb->wake_word);
}

/*
 * PORT: the irq_work callback, wake_up_all(&rb->waitq). In the kernel the
 * map's waitqueue holds the epoll entry of each consumer's epoll set, and
 * its callback, ep_poll_callback(), puts the map on the ready list, then
 * wakes a task only if one sleeps in epoll_wait() (waitqueue_active()).
 * Here notify_seq is the ready list, and the wake-up of a sleeper a system
 * call made only if one may sleep: an eventfd write for a consumer that may
 * sleep on the fd (a ring_consumer waiting on epoll, or anyone holding the
 * fd: ringbuf_map__fd()), a FUTEX_WAKE_OP for a ring_consumer that may
 * sleep on the futex.
 */
void bpf_ringbuf_notify(struct bpf_ringbuf *rb)
{
	bool wrote = false;

	/* W2, W3: fully ordered, pairs with the increments in ringbuf_map__set_*waiting() */
	__atomic_fetch_add(&rb->notify_seq, 1, __ATOMIC_SEQ_CST);
	/* W2: seq_cst, against the consumer's load of notify_seq after its increment */
	if (__atomic_load_n(&rb->notify_waiters, __ATOMIC_SEQ_CST)) {
		bpf_ringbuf_notify_write(rb);
		wrote = true;
	}
	/* W3: seq_cst, likewise */
	if (__atomic_load_n(&rb->notify_futex, __ATOMIC_SEQ_CST))
		bpf_ringbuf_notify_futex(rb, wrote);
}

/*
 * PORT: irq_work_queue(). The kernel claims the work by setting its PENDING
 * flag; a claim that finds it set is a no-op. The work later clears PENDING
 * and only then runs bpf_ringbuf_notify(), so a commit that races with a
 * running notification queues another one. Userspace has no self-IPI: the
 * claiming producer runs the work at once, with the same order of clear and
 * wake-up, so notifications are deduplicated only while one is in flight.
 */
static void irq_work_queue(struct bpf_ringbuf *rb)
{
	/* N1: fully ordered, pairs with the xchg() below in another producer */
	if (xchg(&rb->work_pending, 1)) {
		stat_inc(rb->stats.notify_dedup);
		return;
	}
	stat_inc(rb->stats.notifications);
	/* N1: clear PENDING before the wake-up, as irq_work_single() does */
	xchg(&rb->work_pending, 0);
	if (unlikely(rb->notify_hook) && rb->notify_hook(rb->notify_hook_ctx))
		return;
	bpf_ringbuf_notify(rb);
}

/*
 * Maximum size of ring buffer area is limited by 32-bit page offset within
 * record header, counted in pages. Reserve 8 bits for extensibility, and
 * take into account few extra pages for consumer/producer pages and
 * non-mmap()'able parts: (((1ULL << 24) - RINGBUF_POS_PAGES - RINGBUF_PGOFF)
 * * PAGE_SIZE), 64 GiB. max_entries is a u32 (< 4 GiB), so, as in the
 * kernel since 6.2, this is only a note and there is no E2BIG check.
 */
struct bpf_ringbuf *bpf_ringbuf_alloc(size_t data_sz, bool overwrite_mode)
{
	struct bpf_ringbuf *rb;

	rb = bpf_ringbuf_area_alloc(data_sz);
	if (!rb)
		return NULL;

	rb->notify_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (rb->notify_fd < 0) {
		int memfd = rb->memfd;

		munmap(rb, rb->map_len);
		close(memfd);
		return NULL;
	}
	WRITE_ONCE(rb->spinlock.locked, 0);
	WRITE_ONCE(rb->work_pending, 0);
	WRITE_ONCE(rb->notify_seq, 0);
	WRITE_ONCE(rb->notify_taken, 0);
	WRITE_ONCE(rb->notify_writes, 0);
	WRITE_ONCE(rb->notify_read, 0);
	WRITE_ONCE(rb->notify_reads, 0);
	WRITE_ONCE(rb->notify_waiters, 0);
	WRITE_ONCE(rb->notify_futex, 0);
	WRITE_ONCE(rb->wake_word, 0);
	WRITE_ONCE(rb->notify_wakes, 0);
	WRITE_ONCE(rb->fd_out, false);
	rb->spinlock.timeout_ns = RES_DEF_TIMEOUT;

	rb->mask = data_sz - 1;
	/* the memfd pages start zeroed, as the kernel's __GFP_ZERO pages */
	WRITE_ONCE(rb->consumer_pos, 0);
	WRITE_ONCE(rb->producer_pos, 0);
	WRITE_ONCE(rb->pending_pos, 0);
	WRITE_ONCE(rb->overwrite_pos, 0);
	rb->overwrite_mode = overwrite_mode;

	return rb;
}

/*
 * PORT: no irq_work_sync() is needed (6.18 added it against a use-after-free
 * by a notification still queued at free time): here the notification runs
 * inside the commit that queues it, so none is left once producers return.
 */
static void bpf_ringbuf_free(struct bpf_ringbuf *rb)
{
	int memfd = rb->memfd, notify_fd = rb->notify_fd;

	munmap(rb, rb->map_len);
	close(notify_fd);
	close(memfd);
}

void ringbuf_map__free(struct bpf_ringbuf_map *map)
{
	if (!map)
		return;
	bpf_ringbuf_free(map->rb);
	free(map);
}

/*
 * An estimate (read without the lock, as in the kernel: it can exceed the
 * ring's size). In overwrite mode (6.19) the data a consumer can still read
 * starts at the later of consumer_pos and overwrite_pos: the merged code
 * takes min(prod - cons, prod - over), which is the overwrite patch v3's
 * prod - max(cons, over) for any consumer_pos up to producer_pos, and stays
 * within the ring when a consumer stored one past it.
 */
static unsigned long ringbuf_avail_data_sz(struct bpf_ringbuf *rb)
{
	unsigned long cons_pos, prod_pos, over_pos;

	/* A3: pairs with the consumer's smp_store_release(consumer_pos) (R3) */
	cons_pos = smp_load_acquire(&rb->consumer_pos);
	if (unlikely(rb->overwrite_mode)) {
		/* O1: pairs with the reserve's store of overwrite_pos, published by R1 */
		over_pos = smp_load_acquire(&rb->overwrite_pos);
		/* A1: pairs with smp_store_release(producer_pos) in __bpf_ringbuf_reserve() (R1) */
		prod_pos = smp_load_acquire(&rb->producer_pos);
		return prod_pos - cons_pos < prod_pos - over_pos ? prod_pos - cons_pos :
								   prod_pos - over_pos;
	}
	/* A1: pairs with smp_store_release(producer_pos) in __bpf_ringbuf_reserve() (R1) */
	prod_pos = smp_load_acquire(&rb->producer_pos);
	return prod_pos - cons_pos;
}

static __u32 ringbuf_total_data_sz(const struct bpf_ringbuf *rb)
{
	return rb->mask + 1;
}

/*
 * ringbuf_map_mem_usage(): what the kernel charges for the map.
 * PORT: sizeof(struct bpf_ringbuf_map) is the port's (the kernel's embeds a
 * struct bpf_map); the page terms are the kernel's, with 8-byte page pointers.
 */
__u64 ringbuf_map__mem_usage(const struct bpf_ringbuf_map *map)
{
	size_t nr_meta_pages = RINGBUF_NR_META_PAGES;
	size_t nr_data_pages;
	__u64 usage = sizeof(struct bpf_ringbuf_map);

	if (!map)
		return 0;
	nr_data_pages = map->max_entries >> PAGE_SHIFT;
	usage += (__u64)map->rb->nr_pages << PAGE_SHIFT;
	usage += (nr_meta_pages + 2 * nr_data_pages) * sizeof(void *);
	return usage;
}

/* restore the ring from a record header through the page offset at offset 4 */
static struct bpf_ringbuf *bpf_ringbuf_restore_from_rec(struct bpf_ringbuf_hdr *hdr)
{
	unsigned long addr = (unsigned long)(void *)hdr;
	unsigned long off = (unsigned long)hdr->pg_off << PAGE_SHIFT;

	return (void *)((addr & PAGE_MASK) - off);
}

/* 6.19: a record's footprint from its header (bpf_ringbuf_round_up_hdr_len()) */
static inline __u32 bpf_ringbuf_round_up_hdr_len(__u32 hdr_len)
{
	hdr_len &= ~BPF_RINGBUF_DISCARD_BIT;
	return round_up(hdr_len + BPF_RINGBUF_HDR_SZ, 8);
}

/*
 * The capacity check of each era. 5.8 to 6.9: only against consumer_pos.
 * 6.10 on (pending): also against pending_pos, the oldest record still
 * BUSY (cfa1a2329a69). 6.19 in overwrite mode (bpf_ringbuf_has_space()):
 * only against pending_pos, the consumer does not hold producers back.
 */
static inline __attribute__((always_inline)) bool
bpf_ringbuf_has_space(__u64 mask, unsigned long new_prod_pos, unsigned long cons_pos,
		      unsigned long pend_pos, const bool pending, const bool ow)
{
	if (ow)
		return new_prod_pos - pend_pos <= mask;
	/*
	 * check for out of ringbuf space:
	 * - by ensuring producer position doesn't advance more than
	 *   (ringbuf_size - 1) ahead
	 * - by ensuring oldest not yet committed record until newest
	 *   record does not span more than (ringbuf_size - 1)
	 */
	return !(new_prod_pos - cons_pos > mask ||
		 (pending && new_prod_pos - pend_pos > mask));
}

/* PORT: the reason of this thread's last failed reserve (ringbuf_reserve_error()) */
static _Thread_local int rb_reserve_err;

int ringbuf_reserve_error(void)
{
	return __atomic_load_n(&rb_reserve_err, __ATOMIC_RELAXED);
}

/* a failed reserve: counted, its reason kept for this thread; off the hot path */
static __attribute__((noinline, cold)) void *rb_fail(__u64 *counter, int err)
{
	stat_inc(*counter);
	__atomic_store_n(&rb_reserve_err, err, __ATOMIC_RELAXED);
	return NULL;
}

/*
 * The lock of each era: rqspinlock (6.15, 6.16, 6.18, 6.19), which fails
 * instead of deadlocking (rqspinlock.h); otherwise the spinlock that NMI
 * context only tries (spinlock.h). The rqspinlock eras ignore in_nmi(): NMI
 * waiters spin as others do, bounded by AA detection and the timeout (since
 * 0d80e7f951be "rqspinlock: Choose trylock fallback for NMI waiters" an NMI
 * waiter that is not at the head of the queue retries the lock word instead
 * of queueing, which is what every waiter here does; PORT: 6.15 and 6.16
 * predate that fix, and their NMI waiters could stall in the queue, which
 * the port, having no queue, does not show).
 */
static inline __attribute__((always_inline)) bool
rb_lock(struct bpf_ringbuf *rb, const struct rqspinlock_hook *hook, const bool rqs)
{
	if (rqs)
		return !raw_res_spin_lock_irqsave(&rb->spinlock, hook);
	if (in_nmi())
		return raw_spin_trylock_irqsave(&rb->spinlock);
	raw_spin_lock_irqsave(&rb->spinlock);
	return true;
}

static inline __attribute__((always_inline)) void
rb_unlock(struct bpf_ringbuf *rb, const struct rqspinlock_hook *hook, const bool rqs)
{
	if (rqs)
		raw_res_spin_unlock_irqrestore(&rb->spinlock, hook);
	else
		raw_spin_unlock_irqrestore(&rb->spinlock);
}

/*
 * __bpf_ringbuf_reserve() of every era. The era's differences are constant
 * arguments, so each copy compiled from it (rb_reserve_fns[] below, and the
 * 6.18 one __bpf_ringbuf_reserve() inlines) holds only its own era's code:
 *   rqs       rqspinlock (a650d38915c1, 6.15), else spinlock + NMI trylock
 *   size_chk  a record longer than the ring refused (4b81ccebaeee, 5.13)
 *   pending   pending_pos (cfa1a2329a69, 6.10)
 *   ow        overwrite mode (6.19, a BPF_F_RB_OVERWRITE map)
 *   hooked    the test hooks (the locked hook; the lock points: rqspinlock only)
 *   fast      the inlined 6.18 copy: a lock found held goes to reserve_6_18()
 */
static void *reserve_6_18(struct bpf_ringbuf *rb, __u64 size);

static inline __attribute__((always_inline)) void *
bpf_ringbuf_reserve_body(struct bpf_ringbuf *rb, __u64 size, const bool hooked, const bool rqs,
			 const bool size_chk, const bool pending, const bool ow, const bool fast)
{
	/* the hooked copy passes the hook, the other a constant NULL (rqspinlock.h) */
	const struct rqspinlock_hook *hook = hooked ? &rb->point_hook : NULL;
	unsigned long cons_pos, prod_pos, new_prod_pos, pend_pos = 0, over_pos;
	struct bpf_ringbuf_hdr *hdr;
	__u32 len, pg_off, tmp_size, hdr_len, nr_over = 0;
	/*
	 * PORT: max_entries - 1, fixed at creation; read once, in a register
	 * for every use below (the kernel reads rb->mask at each, and so did
	 * the port: the compiler cannot keep it across the READ_ONCE()s)
	 */
	const __u64 mask = rb->mask;

	/*
	 * PORT: the fast copy's caller made both size checks below at once
	 * (size < rb->fast_lim, __bpf_ringbuf_reserve()); a size that fails
	 * either goes to reserve_6_18(), which makes them
	 */
	if (!fast && unlikely(size > RINGBUF_MAX_RECORD_SZ))
		return rb_fail(&rb->stats.fail_too_big, -E2BIG);

	len = round_up(size + BPF_RINGBUF_HDR_SZ, 8);
	/*
	 * 4b81ccebaeee (5.13, CVE-2021-3489): before it, a consumer_pos stored
	 * far enough ahead let a record longer than the whole ring pass the
	 * capacity check, and its program write past the ring's pages
	 */
	if (!fast && size_chk && len > mask + 1)
		return rb_fail(&rb->stats.fail_too_big, -E2BIG);

	/* A3: pairs with the consumer's smp_store_release(consumer_pos) (R3) */
	cons_pos = smp_load_acquire(&rb->consumer_pos);

	/*
	 * PORT: the inlined copy only tries the lock word; a lock found held
	 * sends the whole reserve to the out-of-line 6.18 copy, which loads
	 * consumer_pos again (still before the lock, as the kernel's one load)
	 * and takes the lock with the slow path. Nothing before this point is
	 * seen by anyone, and the fast copy keeps no value across a call: it
	 * needs no callee-saved registers (no pushes and pops per record).
	 */
	if (fast) {
		if (unlikely(!res_spin_lock_fastpath(&rb->spinlock, NULL)))
			return reserve_6_18(rb, size);
	} else if (!rb_lock(rb, hook, rqs)) {
		return rb_fail(&rb->stats.fail_lock, -EBUSY);
	}

	/* L1: only reservers write these, under the lock; READ_ONCE for the lock-free readers */
	if (pending)
		pend_pos = READ_ONCE(rb->pending_pos);
	prod_pos = READ_ONCE(rb->producer_pos);

	/* cfa1a2329a69 (6.10, CVE-2024-41009): step pending_pos over committed records */
	if (pending) {
		while (pend_pos < prod_pos) {
			hdr = (void *)(rb->data + (pend_pos & mask));
			/* R2's reader: pairs with xchg(&hdr->len) in bpf_ringbuf_commit() */
			hdr_len = READ_ONCE(hdr->len);
			if (hdr_len & BPF_RINGBUF_BUSY_BIT)
				break;
			tmp_size = hdr_len & ~BPF_RINGBUF_DISCARD_BIT;
			tmp_size = round_up(tmp_size + BPF_RINGBUF_HDR_SZ, 8);
			pend_pos += tmp_size;
		}
		WRITE_ONCE(rb->pending_pos, pend_pos);
	}
	/*
	 * the kernel computes this before the walk, which does not change
	 * it; here after: one register fewer is live across the walk, and the
	 * fast copy needs no callee-saved one (a push and a pop per record)
	 */
	new_prod_pos = prod_pos + len;

	if (!bpf_ringbuf_has_space(mask, new_prod_pos, cons_pos, pend_pos, pending, ow)) {
		rb_unlock(rb, hook, rqs);
		/* PORT: statistics: a record as long as the ring (len > mask) can never fit */
		if (unlikely(new_prod_pos - prod_pos > mask))
			return rb_fail(&rb->stats.fail_too_big, -E2BIG);
		return rb_fail(&rb->stats.fail_no_space, -ENOSPC);
	}

	/*
	 * 6.19, overwrite mode: move overwrite_pos over whole records, oldest
	 * first, until the new one fits; the space check above keeps it short
	 * of any BUSY record. O1: WRITE_ONCE here, published to readers of the
	 * producer page by R1 below.
	 */
	if (ow) {
		over_pos = READ_ONCE(rb->overwrite_pos);
		while (new_prod_pos - over_pos > mask) {
			hdr = (void *)(rb->data + (over_pos & mask));
			/* O3: pairs with xchg(&hdr->len) in bpf_ringbuf_commit() (R2) */
			hdr_len = smp_load_acquire(&hdr->len);
			over_pos += bpf_ringbuf_round_up_hdr_len(hdr_len);
			nr_over++;
		}
		WRITE_ONCE(rb->overwrite_pos, over_pos);
		/*
		 * PORT: O2, smp_wmb(): orders the store of overwrite_pos before
		 * the stores that overwrite the old records (the header below,
		 * the program's sample after reserve returns), for a reader that
		 * checks its copy of a record by reading overwrite_pos again
		 * (consumer_overwrite.c). The kernel has none: R1 and the unlock are
		 * releases, which order earlier stores only. No instruction on
		 * x86 (stores are not reordered there); a weakly ordered CPU
		 * needs it for such a reader.
		 */
		smp_wmb();
		if (nr_over)
			WRITE_ONCE(rb->stats.overwritten, READ_ONCE(rb->stats.overwritten) + nr_over);
	}

	if (hooked && rb->locked_hook)
		rb->locked_hook(rb->locked_hook_ctx);

	hdr = (void *)(rb->data + (prod_pos & mask));
	pg_off = bpf_ringbuf_rec_pg_off(rb, hdr);
	/*
	 * the consumer reads len only below producer_pos, published by R1
	 * below; both words may be read at once by an overwrite-mode reader
	 * copying the record they overwrite (O2): WRITE_ONCE
	 */
	WRITE_ONCE(hdr->len, (__u32)size | BPF_RINGBUF_BUSY_BIT);
	WRITE_ONCE(hdr->pg_off, pg_off);

	/* R1: pairs with consumer's smp_load_acquire() */
	smp_store_release(&rb->producer_pos, new_prod_pos);

	rb_unlock(rb, hook, rqs);

	return (char *)hdr + BPF_RINGBUF_HDR_SZ;
}

/* one copy of reserve per variant and hook setting */
#define RB_RESERVE_COPY(name, rqs, size_chk, pending, ow)				\
static void *reserve_##name(struct bpf_ringbuf *rb, __u64 size)			\
{											\
	return bpf_ringbuf_reserve_body(rb, size, false, rqs, size_chk, pending, ow,	\
					false);						\
}											\
static void *reserve_##name##_hooked(struct bpf_ringbuf *rb, __u64 size)		\
{											\
	return bpf_ringbuf_reserve_body(rb, size, true, rqs, size_chk, pending, ow,	\
					false);						\
}
RB_RESERVE_COPY(5_8, false, false, false, false)
RB_RESERVE_COPY(5_13, false, true, false, false)
RB_RESERVE_COPY(6_10, false, true, true, false)
RB_RESERVE_COPY(6_18, true, true, true, false)
RB_RESERVE_COPY(6_19_ow, true, true, true, true)

static void *(*const rb_reserve_fns[RB_V_NR][2])(struct bpf_ringbuf *rb, __u64 size) = {
	[RB_V_5_8] = { reserve_5_8, reserve_5_8_hooked },
	[RB_V_5_13] = { reserve_5_13, reserve_5_13_hooked },
	[RB_V_6_10] = { reserve_6_10, reserve_6_10_hooked },
	[RB_V_6_18] = { reserve_6_18, reserve_6_18_hooked },
	[RB_V_6_19_OW] = { reserve_6_19_ow, reserve_6_19_ow_hooked },
};

/* PORT: issue 14's lock-free variant, not in any kernel (reserve_cas.c) */
static void *rb_reserve_cas(struct bpf_ringbuf *rb, __u64 size)
{
	int err;
	void *rec = ringbuf_cas_reserve(&rb->cas, size, &err);

	if (likely(rec))
		return rec;
	return rb_fail(err == -E2BIG ? &rb->stats.fail_too_big : &rb->stats.fail_no_space, err);
}

/*
 * The copy for the map's era and hooks; NULL: 6.18 without hooks, inlined
 * below, for sizes under fast_lim: those up to RINGBUF_MAX_RECORD_SZ whose
 * record fits the ring, round_up(size + 8, 8) <= mask + 1, that is (the
 * ring's size a multiple of 8) size <= mask + 1 - 8.
 */
void rb_pick_reserve(struct bpf_ringbuf *rb)
{
	bool hooked = rb->locked_hook || rb->point_hook.fn;
	__u64 max = rb->mask + 1 - BPF_RINGBUF_HDR_SZ;

	if (rb->reserve_how == RINGBUF_RESERVE_CAS)
		rb->reserve = rb_reserve_cas;
	else
		rb->reserve = rb->variant == RB_V_6_18 && !hooked ? NULL :
			      rb_reserve_fns[rb->variant][hooked];
	if (max > RINGBUF_MAX_RECORD_SZ)
		max = RINGBUF_MAX_RECORD_SZ;
	rb->fast_lim = rb->reserve ? 0 : max + 1;
}

/* the map's own copy, or 6.18's for a size its fast copy refuses (to fail it) */
static __attribute__((noinline)) void *rb_reserve_out_of_line(struct bpf_ringbuf *rb, __u64 size)
{
	if (rb->reserve)
		return rb->reserve(rb, size);
	return reserve_6_18(rb, size);
}

/*
 * PORT: the kernel has one reserve; the port has a copy per era and hook
 * setting, chosen when the map is made (or a hook set), so that no record
 * pays a test of its era: the 6.18 copy without hooks is inlined here behind
 * one predicted-not-taken branch, which is also both of its size checks
 * (rb->fast_lim is 0 for a map of another copy); the others are called
 * through rb->reserve
 */
static inline __attribute__((always_inline)) void *
__bpf_ringbuf_reserve(struct bpf_ringbuf *rb, __u64 size)
{
	if (unlikely(size >= rb->fast_lim))
		return rb_reserve_out_of_line(rb, size);
	return bpf_ringbuf_reserve_body(rb, size, false, true, true, true, false, true);
}

void *bpf_ringbuf_reserve(struct bpf_ringbuf_map *map, __u64 size, __u64 flags)
{
	/* PORT: the verifier guarantees a map; a library checks */
	if (unlikely(flags) || unlikely(!map)) {
		__atomic_store_n(&rb_reserve_err, -EINVAL, __ATOMIC_RELAXED);
		return NULL;
	}

	return __bpf_ringbuf_reserve(map->rb, size);
}

/*
 * PORT: inlined into submit, discard and output, so that each is its own
 * copy with discard a constant (the kernel's commit is a small static
 * function the compiler is free to inline likewise)
 */
static inline __attribute__((always_inline)) void
bpf_ringbuf_commit(void *sample, __u64 flags, bool discard)
{
	unsigned long rec_pos, cons_pos;
	struct bpf_ringbuf_hdr *hdr;
	struct bpf_ringbuf *rb;
	__u32 new_len;

	hdr = (void *)((char *)sample - BPF_RINGBUF_HDR_SZ);
	rb = bpf_ringbuf_restore_from_rec(hdr);
	/* our own record: only this thread writes len until the xchg below */
	new_len = READ_ONCE(hdr->len);
	/*
	 * PORT: the verifier makes every reserved record committed exactly
	 * once; a library caller can commit one twice (submit twice, discard
	 * after submit, or after its slot was reused by a committed record).
	 * Its header has no BUSY bit, and the xchg below would set BUSY again
	 * and stop the consumer and the pending_pos scan there for good. Such a
	 * commit is counted, asserted in builds without NDEBUG, and left out.
	 */
	if (unlikely(!(new_len & BPF_RINGBUF_BUSY_BIT))) {
		stat_inc(rb->stats.misuse);
		assert(!"bpf_ringbuf_submit/discard of a record that is not reserved");
		return;
	}
	new_len ^= BPF_RINGBUF_BUSY_BIT;
	if (discard)
		new_len |= BPF_RINGBUF_DISCARD_BIT;

	/*
	 * update record header with correct final size prefix. R2, fully
	 * ordered: publishes the sample to the consumer's smp_load_acquire(len)
	 * (A2) and to the reservers' READ_ONCE(hdr->len), and orders this store
	 * before the consumer_pos load below (E1)
	 */
	xchg(&hdr->len, new_len);

	/* if consumer caught up and is waiting for our record, notify about new data */
	rec_pos = (char *)hdr - rb->data;
	/* A3 (and E1): pairs with the consumer's smp_store_release(consumer_pos) (R3) */
	cons_pos = smp_load_acquire(&rb->consumer_pos) & rb->mask;

	if (flags & BPF_RB_FORCE_WAKEUP)
		irq_work_queue(rb);
	else if (cons_pos == rec_pos && !(flags & BPF_RB_NO_WAKEUP))
		irq_work_queue(rb);
}

void bpf_ringbuf_submit(void *sample, __u64 flags)
{
	/* PORT: the verifier rejects a NULL sample; a library ignores it */
	if (unlikely(!sample))
		return;
	bpf_ringbuf_commit(sample, flags, false /* discard */);
}

void bpf_ringbuf_discard(void *sample, __u64 flags)
{
	if (unlikely(!sample))
		return;
	bpf_ringbuf_commit(sample, flags, true /* discard */);
}

long bpf_ringbuf_output(struct bpf_ringbuf_map *map, const void *data, __u64 size, __u64 flags)
{
	void *rec;

	if (unlikely(flags & ~(BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP)))
		return -EINVAL;
	/* PORT: the verifier guarantees both pointers */
	if (unlikely(!map) || unlikely(!data && size))
		return -EINVAL;

	rec = __bpf_ringbuf_reserve(map->rb, size);
	if (!rec)
		return -EAGAIN;

	/* PORT: memcpy() from NULL is undefined even for 0 bytes; the kernel never passes NULL */
	if (likely(size))
		memcpy(rec, data, size);
	bpf_ringbuf_commit(rec, flags, false /* discard */);
	return 0;
}

__u64 bpf_ringbuf_query(struct bpf_ringbuf_map *map, __u64 flags)
{
	struct bpf_ringbuf *rb;

	if (unlikely(!map))
		return 0;
	rb = map->rb;

	switch (flags) {
	case BPF_RB_AVAIL_DATA:
		return ringbuf_avail_data_sz(rb);
	case BPF_RB_RING_SIZE:
		return ringbuf_total_data_sz(rb);
	case BPF_RB_CONS_POS:
		/* A3: pairs with the consumer's smp_store_release(consumer_pos) (R3) */
		return smp_load_acquire(&rb->consumer_pos);
	case BPF_RB_PROD_POS:
		/* A1: pairs with smp_store_release(producer_pos) in __bpf_ringbuf_reserve() (R1) */
		return smp_load_acquire(&rb->producer_pos);
	case BPF_RB_OVERWRITE_POS:
		/* 6.19 (any map: 0 unless overwrite mode moved it); before, an unknown flag */
		if (map->kernel < RBSIM_KERNEL(6, 19))
			return 0;
		/* O1: pairs with the reserve's store of overwrite_pos, published by R1 */
		return smp_load_acquire(&rb->overwrite_pos);
	default:
		return 0;
	}
}

long bpf_ringbuf_reserve_dynptr(struct bpf_ringbuf_map *map, __u32 size, __u64 flags,
				void **sample)
{
	void *rec;

	/* PORT: the verifier guarantees the dynptr */
	if (unlikely(!sample))
		return -EINVAL;
	*sample = NULL; /* bpf_dynptr_set_null() */
	if (unlikely(flags))
		return -EINVAL;

	/* bpf_dynptr_check_size() */
	if (size > DYNPTR_MAX_SIZE)
		return -E2BIG;

	if (unlikely(!map))
		return -EINVAL;
	rec = __bpf_ringbuf_reserve(map->rb, size);
	if (!rec)
		return -EINVAL;

	*sample = rec;
	return 0;
}
