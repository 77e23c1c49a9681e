/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: userspace port of the BPF ring buffer, producer side.
 *
 * Follows Linux 6.18 kernel/bpf/ringbuf.c (rqspinlock, pending_pos, no overwrite mode),
 * and on request the reserve of another release, 5.8 to 6.19 (ringbuf_map__new_opts()).
 * Constants come from the system's <linux/bpf.h>.
 *
 * Synchronization table (which calls may run concurrently):
 *   ringbuf_map__new/__free      : alone (no other call on the same map in flight)
 *   bpf_ringbuf_reserve/_output  : any number of threads at once (serialised by the ring's lock;
 *                                  by a CAS with RINGBUF_RESERVE_CAS)
 *   bpf_ringbuf_submit/_discard  : any number of threads at once, lock-free
 *   bpf_ringbuf_query            : any time
 *   consumer (ring_consumer__*)  : one thread per ring, concurrently with all producer calls
 *
 * PORT: a NULL map or pointer, which the verifier rules out in the kernel,
 * is an error here, never a crash (each call below says what it returns).
 */
#ifndef RBSIM_RINGBUF_H
#define RBSIM_RINGBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* kernel version whose kernel/bpf/ringbuf.c this port follows (ringbuf_map__new()) */
#define RBSIM_KERNEL_VERSION "6.18"

struct bpf_ringbuf_map;

/* what a consumer sees after mmap() of the map */
struct ringbuf_mmap {
	unsigned long *consumer_pos;       /* consumer page, read-write */
	/*
	 * producer page: [0] producer_pos, [1] pending_pos (6.10 on; 0 before),
	 * [2] overwrite_pos (6.19, BPF_F_RB_OVERWRITE maps; 0 otherwise)
	 */
	const unsigned long *producer_pos;
	const void *data;                  /* 2 * size bytes, the data pages mapped twice */
	size_t size;                       /* ring size in bytes (max_entries) */
};

struct bpf_ringbuf_map *ringbuf_map__new(__u32 max_entries, __u32 map_flags); /* NULL + errno */

/*
 * Kernel eras: the map of another release's kernel/bpf/ringbuf.c where its
 * reserve differs from 6.18's (the lock, the checks, pending_pos, overwrite
 * mode; see struct ringbuf_era). ringbuf_map__new() is the 6.18 map.
 * Unknown or unsupported releases, and flags the release does not know:
 * NULL and EINVAL. opts may be NULL (6.18); opts->sz as libbpf's: fields
 * past it are 0, bytes past the fields known here must be 0.
 */
#define RBSIM_KERNEL(a, b) (((a) << 8) | (b))
struct ringbuf_map_opts {
	size_t sz;     /* sizeof(struct ringbuf_map_opts) */
	__u32 kernel;  /* RBSIM_KERNEL(6, 19) etc.; 0 = RBSIM_KERNEL(6, 18) */
};
struct bpf_ringbuf_map *ringbuf_map__new_opts(__u32 max_entries, __u32 map_flags,
					      const struct ringbuf_map_opts *opts); /* NULL + errno */
/* UAPI of 6.19, which the system's <linux/bpf.h> may not have yet */
#ifndef BPF_F_RB_OVERWRITE
#define BPF_F_RB_OVERWRITE (1U << 19)  /* accepted only for kernel >= 6.19, else EINVAL */
#endif
#ifndef BPF_RB_OVERWRITE_POS
#define BPF_RB_OVERWRITE_POS 4         /* bpf_ringbuf_query(); 0 before 6.19, as the kernel */
#endif

/* what a release's reserve does; ringbuf_era() fills it */
struct ringbuf_era {
	__u32 kernel;       /* the era's first release: RBSIM_KERNEL(5, 13) for 5.15 */
	__u32 last;         /* its last release */
	const char *name;   /* "5.13" */
	const char *lock;   /* "spinlock_t", "raw_spinlock_t" or "rqspinlock_t" */
	bool nmi_trylock;   /* in NMI (ringbuf_nmi_enter()) the lock is tried once, not spun on */
	bool size_check;    /* a record longer than the ring is refused before the lock */
	bool pending_pos;   /* no reservation reaches a ring's length past the oldest BUSY record */
	bool overwrite;     /* BPF_F_RB_OVERWRITE is accepted */
	const char *commit; /* the kernel commit the era starts with */
	const char *change; /* what that commit changed, in a few words */
};
/* the era of a release (any 5.8 .. 6.19, 0 = 6.18): 0, or -EINVAL for one it does not know */
int ringbuf_era(__u32 kernel, struct ringbuf_era *era);
/* idx-th era, oldest first: 0, or -ERANGE past the last */
int ringbuf_era_at(unsigned int idx, struct ringbuf_era *era);
__u32 ringbuf_map__kernel(const struct bpf_ringbuf_map *map);    /* the release asked (0: NULL) */
__u32 ringbuf_map__map_flags(const struct bpf_ringbuf_map *map); /* as created (0: NULL) */

/*
 * The kernel's in_nmi(), for this thread. A signal handler that plays a BPF
 * program run from NMI context (a perf event) brackets its calls with
 * these: in the eras with nmi_trylock a reserve then tries the lock once and
 * fails if it is held, by this thread (the handler interrupted a reserve) or
 * another; without the marker it would spin on a lock its own thread holds,
 * forever, as the kernel's spin_lock() from a nested NMI would. The
 * rqspinlock eras spin either way, until the lock is free, a deadlock is
 * found (their own thread holds it) or the timeout. Thread-local, nests,
 * async-signal-safe.
 */
void ringbuf_nmi_enter(void);
void ringbuf_nmi_exit(void);

/*
 * PORT: why this thread's last failed reserve (or output, or dynptr
 * reserve) failed, as errno says why a call failed: -E2BIG the record can
 * never fit, -EBUSY the lock (an NMI's trylock, rqspinlock's AA detection or
 * timeout), -ENOSPC no room now, -EINVAL flags or a NULL map. A reserve that
 * succeeds leaves it as it was. Thread-local: a signal handler reads its own.
 */
int ringbuf_reserve_error(void);
void ringbuf_map__free(struct bpf_ringbuf_map *map);                           /* NULL-safe */
int ringbuf_map__mmap(struct bpf_ringbuf_map *map, struct ringbuf_mmap *view); /* 0 or -errno */
int ringbuf_map__fd(const struct bpf_ringbuf_map *map);                        /* epoll-able */

void *bpf_ringbuf_reserve(struct bpf_ringbuf_map *map, __u64 size, __u64 flags);
void bpf_ringbuf_submit(void *sample, __u64 flags);
void bpf_ringbuf_discard(void *sample, __u64 flags);
long bpf_ringbuf_output(struct bpf_ringbuf_map *map, const void *data, __u64 size, __u64 flags);
__u64 bpf_ringbuf_query(struct bpf_ringbuf_map *map, __u64 flags);

/* ---- beyond the kernel's interface: what a simulator or a test needs to see ---- */

/* Drop the mappings made by ringbuf_map__mmap(); NULL-safe. */
void ringbuf_map__munmap(struct ringbuf_mmap *view);

/*
 * Counters kept by the map. Updated with relaxed atomic adds, only on paths
 * that are already slow (failures, notifications), never on a successful
 * reserve or a commit that does not notify.
 */
struct ringbuf_stats {
	__u64 notifications; /* irq_work_queue() calls that queued the work (eventfd writes) */
	__u64 notify_dedup;  /* irq_work_queue() calls that found the work already pending */
	/*
	 * reserve refused, the record can never fit: size > RINGBUF_MAX_RECORD_SZ,
	 * or len = round_up(size + 8, 8) >= ring size (the kernel refuses len >
	 * ring size before its lock, len == ring size at its space check)
	 */
	__u64 fail_too_big;
	__u64 fail_lock;     /* reserve refused: the rqspinlock failed (AA deadlock or timeout) */
	__u64 fail_no_space; /* reserve refused: no room now against consumer_pos or pending_pos */
	/*
	 * commits refused: submit or discard of a record that is not reserved
	 * (committed already, or its slot reused by a committed record), which
	 * the verifier forbids; the ring is left as it was. Builds without
	 * NDEBUG also assert.
	 */
	__u64 misuse;
	/*
	 * records whose space an overwrite-mode reservation took (6.19,
	 * BPF_F_RB_OVERWRITE): consumed or not, the ring no longer holds them.
	 * Counted under the ring's lock, once per reservation that overwrote.
	 */
	__u64 overwritten;
	/*
	 * PORT: eventfd writes: the notifications made while a consumer may
	 * have slept on the map's fd (the kernel's wake_up_all() that found a
	 * task in epoll_wait()); the others only put the map on the ready list
	 */
	__u64 notify_writes;
	/*
	 * PORT: eventfd reads: the consumers' read() calls that took those
	 * writes back (a re-poll that found the map's fd readable: one read
	 * takes every write before it). The kernel's ep_poll() takes a map off
	 * its ready list inside the epoll_wait() that re-polls it, with no
	 * call of its own.
	 */
	__u64 notify_reads;
	/*
	 * PORT: FUTEX_WAKE_OPs: the notifications made while a ring_consumer may
	 * have slept on the map's futex (its default wait, see
	 * ringbuf_map__set_futex_waiting()), the kernel's wake_up_all() that
	 * found it in epoll_wait()
	 */
	__u64 notify_wakes;
};
void ringbuf_map__stats(const struct bpf_ringbuf_map *map, struct ringbuf_stats *st);

/*
 * Tests: fn(ctx) runs inside __bpf_ringbuf_reserve() while it holds the
 * ring's lock, after the space checks passed (a signal raised there plays a
 * BPF program re-entering reserve; a hook that waits holds the lock for
 * other threads). NULL removes it. Set it while no reserve is in flight.
 */
void ringbuf_map__set_locked_hook(struct bpf_ringbuf_map *map, void (*fn)(void *ctx), void *ctx);

/*
 * PORT: the map fd is an eventfd; a wake-up puts the map on epoll's ready
 * list (a count of wake-ups in the map) and writes the eventfd only when a
 * consumer may sleep on it, as the kernel's wake-up wakes a task only if one
 * sleeps in epoll_wait(). Once ringbuf_map__fd() has handed the fd out, every
 * wake-up writes it (whoever holds it may sleep on it unseen), and the count
 * of the eventfd stands for the map being on the ready list. The consumer's
 * emulation of epoll (ringbuf/consumer.c) takes wake-ups back and, for a ring
 * that must stay on the list, makes one again:
 *   ringbuf_map__take_wakeups(): take the wake-ups back and reset the eventfd;
 *     returns the wake-ups taken, 0 if none (without a system call when no
 *     write was made since the last reset), or -errno
 *   ringbuf_map__rearm(): one more wake-up, not counted in the statistics
 *   ringbuf_map__wakeup_pending(): a wake-up not taken back yet (no system call)
 *   ringbuf_map__set_waiting(): on, before a wait that may sleep on the fd,
 *     then ringbuf_map__wakeup_pending() to see the wake-ups made before (they
 *     wrote nothing); off after it. Every wake-up made in between writes it.
 *   ringbuf_map__wait_fd(): the fd, for a consumer that announces its sleeps
 *     so (ringbuf_map__fd() makes every later wake-up write it)
 */
int ringbuf_map__take_wakeups(struct bpf_ringbuf_map *map);
/*
 * the eventfd reads of ringbuf_map__take_wakeups() so far (struct
 * ringbuf_stats' notify_reads) alone: a consumer that counts its own reads
 * reads no line of the statistics, which the producers write
 */
__u64 ringbuf_map__notify_reads(const struct bpf_ringbuf_map *map);
void ringbuf_map__rearm(struct bpf_ringbuf_map *map);
bool ringbuf_map__wakeup_pending(const struct bpf_ringbuf_map *map);
void ringbuf_map__set_waiting(const struct bpf_ringbuf_map *map, bool on);
int ringbuf_map__wait_fd(const struct bpf_ringbuf_map *map);
/*
 * PORT: ring_consumer's own waits sleep on a futex by default
 * (RING_CONSUMER_WAIT_FUTEX in consumer.h), so that the last look at a ring
 * is made inside the system call that sleeps, as ep_poll()'s re-poll is
 * inside epoll_wait(): a 32-bit word (ringbuf_map__wake_word(): aligned,
 * private to the process) that only the wake-ups of announced consumers
 * change, each by one, inside the FUTEX_WAKE_OP that wakes them.
 *   ringbuf_map__set_futex_waiting(): on, before a wait that may sleep on
 *     the futex; returns the word's value then, which the sleep compares
 *     the word with, then ringbuf_map__wakeup_pending() to see the wake-ups
 *     made before. Off (returns 0) after it. Every wake-up made in between
 *     makes a FUTEX_WAKE_OP on the word (counted in notify_wakes).
 */
__u32 ringbuf_map__set_futex_waiting(const struct bpf_ringbuf_map *map, bool on);
const __u32 *ringbuf_map__wake_word(const struct bpf_ringbuf_map *map);

/*
 * Tests: the points of the lock's held-locks bookkeeping where an interrupt
 * (a signal) changes the outcome of a nested reserve, in the order a reserve
 * passes them. fn(ctx, point) runs at each while set; NULL removes it. Set it
 * while no reserve is in flight. One predicted-not-taken branch when unset.
 */
enum ringbuf_lock_point {
	RINGBUF_LOCK_TAKEN,      /* lock word taken, held-locks entry not yet recorded */
	RINGBUF_LOCK_ENTRY,      /* held-locks count raised, slot not yet written */
	RINGBUF_UNLOCK_CLEARED,  /* slot cleared, lock word not yet released */
	RINGBUF_UNLOCK_RELEASED, /* lock word released, count not yet lowered */
};
void ringbuf_map__set_lock_point_hook(struct bpf_ringbuf_map *map,
				      void (*fn)(void *ctx, enum ringbuf_lock_point point),
				      void *ctx);

/*
 * Simulators and calibration: fn(ctx) runs where the kernel queues the
 * notification's irq_work (irq_work_queue() after the PENDING claim, on the
 * committing thread; deduplicated notifications do not reach it). It returns
 * true when it has taken the wake-up over (a virtual-time engine schedules
 * its consumer itself: no eventfd write, no system call), false to let the
 * port write the eventfd as usual (e.g. after charging a calibrated cost).
 * Counted in ringbuf_stats.notifications either way. NULL removes it; set it
 * while no commit is in flight.
 */
void ringbuf_map__set_notify_hook(struct bpf_ringbuf_map *map, bool (*fn)(void *ctx), void *ctx);

/*
 * Calibration: fn(ctx) runs on the notifying thread just before each eventfd
 * write, the port's wake-up of a consumer that may sleep on the map's fd
 * (the kernel's wake_up() of a task in epoll_wait(): where the scheduler
 * places and may switch to it). Not for a notification the notify hook took
 * over, nor one that found no consumer in its wait. NULL removes it; set it
 * while no commit is in flight.
 */
void ringbuf_map__set_wake_hook(struct bpf_ringbuf_map *map, void (*fn)(void *ctx), void *ctx);

/*
 * Tests: fn(ctx) runs inside ringbuf_map__take_wakeups(), just after its
 * first load (of the writes begun), before its read of the eventfd and its
 * load of the wake-ups made: where a wake-up another thread makes can land
 * in the middle of a take (fn may commit records and notify). NULL removes
 * it; set it while no consumer takes wake-ups.
 */
void ringbuf_map__set_take_hook(struct bpf_ringbuf_map *map, void (*fn)(void *ctx), void *ctx);

/*
 * Simulators and calibration: a notification made now, as the port makes
 * one after irq_work_queue() (bpf_ringbuf_notify(): the map on its
 * consumers' ready list, and the eventfd write if one may sleep on the fd),
 * for a notify hook that took some over and lets them happen later (a
 * calibrated producer on its consumer's CPU, at its batch's end). Not
 * counted again in ringbuf_stats.notifications (the commit that asked for
 * it was); an eventfd write it makes counts in notify_writes, as any.
 */
void ringbuf_map__notify(struct bpf_ringbuf_map *map);

/*
 * Issue 14's reservation variants, not in any kernel (ringbuf/README.md,
 * "Reservation variants"):
 *   RINGBUF_RESERVE_KERNEL  the kernel's: one lock serialises reservations
 *   RINGBUF_RESERVE_CAS     lock-free: compare-and-swap on a reserve
 *                           position, producer_pos published in reservation
 *                           order (as eBPF for Windows' ring buffer)
 * Same records, commit and consumer either way. Set it while no reserve or
 * commit is in flight: 0, or -EINVAL (NULL map, unknown variant). The
 * sharded variants (one ring per K producers, one ring per producer) are
 * several maps under one consumer (ring_consumer__add()), not a map option.
 */
enum ringbuf_reserve {
	RINGBUF_RESERVE_KERNEL,
	RINGBUF_RESERVE_CAS,
};
int ringbuf_map__set_reserve(struct bpf_ringbuf_map *map, enum ringbuf_reserve how);
enum ringbuf_reserve ringbuf_map__reserve(const struct bpf_ringbuf_map *map);

/* ringbuf_map_mem_usage(): bytes the kernel would charge for this map */
__u64 ringbuf_map__mem_usage(const struct bpf_ringbuf_map *map);

/* Lock timeout in ns (default RES_DEF_TIMEOUT, 250 ms); for experiments and tests. */
void ringbuf_map__set_lock_timeout(struct bpf_ringbuf_map *map, __u64 timeout_ns);

/*
 * How the lock passes between reservers (ringbuf/README.md, PORT 3):
 *   RINGBUF_LOCK_TTAS    the default: test-and-test-and-set; a releasing
 *                        holder may take the lock again before a waiter on
 *                        another CPU sees it free (a run of acquisitions)
 *   RINGBUF_LOCK_QUEUED  the kernel's: qspinlock's pending hand-over; the
 *                        lock goes to the waiter, never back past it (first
 *                        come, first served for two contenders; further
 *                        waiters spin for the pending slot). A waiter that
 *                        is preempted holds every later one up: meant for
 *                        threads that have a CPU each.
 * Both eras' locks (rqspinlock and the plain spinlock) follow it; errors
 * (AA, timeout) as before. Set it while no reserve is in flight: 0, or
 * -EINVAL (NULL map, unknown value).
 */
enum ringbuf_lock_handoff {
	RINGBUF_LOCK_TTAS,
	RINGBUF_LOCK_QUEUED,
};
int ringbuf_map__set_lock_handoff(struct bpf_ringbuf_map *map, enum ringbuf_lock_handoff how);
enum ringbuf_lock_handoff ringbuf_map__lock_handoff(const struct bpf_ringbuf_map *map);

/*
 * bpf_ringbuf_reserve_dynptr(): reserve with a size chosen at run time, returning
 * 0 or the kernel's error (-EINVAL for flags or no space, -E2BIG above DYNPTR_MAX_SIZE;
 * -EINVAL too for a NULL map or sample pointer, which the verifier rules out).
 * The sample pointer is stored in *sample (NULL on error).
 */
long bpf_ringbuf_reserve_dynptr(struct bpf_ringbuf_map *map, __u32 size, __u64 flags,
				void **sample);

/*
 * The invariants of a ring no reserve or commit is running on, stated in
 * code as ConcurrencyKit's ck_ring_valid() states its own:
 *   - producer_pos and pending_pos are 8-aligned, pending_pos is at most
 *     producer_pos and trails it by less than the ring size;
 *   - so does consumer_pos (a consumer cannot be ahead of the producer);
 *   - the record headers walk cleanly from the lower of consumer_pos and
 *     pending_pos to producer_pos, passing on the other: each carries the
 *     pg_off of its page and a length that ends at or below producer_pos;
 *   - exactly in_flight of them are BUSY (reserved, not committed: 0 when
 *     nothing is in flight);
 *   - no notification is half done.
 * With RINGBUF_VALID_ANY_CONSUMER, consumer_pos may hold whatever a
 * (hostile) consumer stored, which the kernel must survive: it is not
 * checked, and the walk starts at pending_pos.
 * Returns 0, -EINVAL (NULL map, unknown flags) or -EUCLEAN, with what is
 * wrong written to why (len bytes; why may be NULL).
 */
#define RINGBUF_VALID_ANY_CONSUMER (1U << 0)
int ringbuf_map__valid(const struct bpf_ringbuf_map *map, unsigned int in_flight,
		       unsigned int flags, char *why, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* RBSIM_RINGBUF_H */
