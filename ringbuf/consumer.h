/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: userspace port of libbpf's BPF ring buffer consumer (src/ringbuf.c,
 * behaviour of libbpf 1.5+: consume_n and the ring__ accessors), and the
 * first reader of overwrite-mode rings (6.19), which libbpf does not have.
 *
 * Synchronization table: a struct ring_consumer is used by one thread at a
 * time (as libbpf's struct ring_buffer); producers run concurrently on any
 * thread.
 */
#ifndef RBSIM_CONSUMER_H
#define RBSIM_CONSUMER_H

#include <stddef.h>
#include <stdint.h>
#include "ringbuf.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef int (*ring_consumer_sample_fn)(void *ctx, void *data, size_t size);
struct ring_consumer;

struct ring_consumer *ring_consumer__new(struct bpf_ringbuf_map *map, ring_consumer_sample_fn cb,
					 void *ctx); /* NULL + errno */
int ring_consumer__add(struct ring_consumer *rc, struct bpf_ringbuf_map *map,
		       ring_consumer_sample_fn cb, void *ctx); /* 0 or -errno */
int ring_consumer__poll(struct ring_consumer *rc, int timeout_ms);
int ring_consumer__consume(struct ring_consumer *rc);
int ring_consumer__consume_n(struct ring_consumer *rc, size_t n);
int ring_consumer__epoll_fd(const struct ring_consumer *rc);
/*
 * Beyond libbpf: sleep as ring_consumer__poll() does (level-triggered on
 * available data, the maps' notifications) but consume nothing; returns the
 * number of rings with data, 0 on timeout, or -errno. For consumers that
 * walk the ring themselves (the selftests' rb-custom) on a ringbuf_mmap view.
 */
int ring_consumer__wait(struct ring_consumer *rc, int timeout_ms);
void ring_consumer__free(struct ring_consumer *rc);

/*
 * libbpf's ring__ accessors (1.3+), under names libbpf does not export.
 * PORT: NULL is an error, not a crash: int results -EINVAL with errno
 * EINVAL, unsigned ones 0 with errno EINVAL (here and in
 * ring_consumer__wakeups()).
 */
struct consumer_ring;
/* NULL + errno: ERANGE for an index past the rings, EINVAL for a NULL rc */
struct consumer_ring *ring_consumer__ring(struct ring_consumer *rc, unsigned int idx);
unsigned long consumer_ring__consumer_pos(const struct consumer_ring *r);
unsigned long consumer_ring__producer_pos(const struct consumer_ring *r);
size_t consumer_ring__avail_data_size(const struct consumer_ring *r);
size_t consumer_ring__size(const struct consumer_ring *r);
int consumer_ring__map_fd(const struct consumer_ring *r);
int consumer_ring__consume(struct consumer_ring *r);
int consumer_ring__consume_n(struct consumer_ring *r, size_t n);

/*
 * Beyond libbpf, which has no overwrite-mode reader: a ring of a
 * BPF_F_RB_OVERWRITE map (6.19) is read from max(consumer_pos,
 * overwrite_pos); each record is copied, and the copy is delivered only if
 * overwrite_pos has not passed the record meanwhile. A record overwritten
 * before the reader reached it, or while it was copied, is lost and counted
 * here, never delivered torn: the callback gets the copy (valid during the
 * call). Records of the same ring are delivered in order, each at most once.
 */
struct consumer_ring_overwrite_stats {
	uint64_t lost_bytes; /* ring bytes the reader skipped: records overwritten before
			      * they were delivered (the dropped ones included) */
	uint64_t dropped;    /* records overwritten while being copied: dropped */
	uint64_t jumps;      /* times the reader found overwrite_pos past its position */
};
/* 0, or -EINVAL (NULL, or not an overwrite-mode ring: *st zeroed) */
int consumer_ring__overwrite_stats(const struct consumer_ring *r,
				   struct consumer_ring_overwrite_stats *st);
/*
 * Tests: fn(ctx, point, pos) runs in the overwrite-mode reader at pos, the
 * record it is at: after it read overwrite_pos and before the record's
 * header (CONSUMER_RING_OW_POS_READ), and after the record's copy, before
 * overwrite_pos is read again (CONSUMER_RING_OW_COPIED): where a producer
 * that overwrites the record changes what the reader must do. NULL removes it.
 */
enum consumer_ring_ow_point {
	CONSUMER_RING_OW_POS_READ,
	CONSUMER_RING_OW_COPIED,
};
void consumer_ring__set_overwrite_hook(struct consumer_ring *r,
				       void (*fn)(void *ctx, enum consumer_ring_ow_point point,
						  unsigned long pos),
				       void *ctx);
/* overwrite_pos (producer_pos[2]); 0 outside overwrite mode */
unsigned long consumer_ring__overwrite_pos(const struct consumer_ring *r);
/*
 * Flight recorder: the newest committed records the ring still holds, at
 * most n of them (0: all), oldest first, to cb(ctx, copy, size), without
 * consuming them (consumer_pos does not move). An overwrite-mode ring is read
 * from overwrite_pos, every record copied and checked as the reader checks
 * it (a producer may take its space meanwhile); another ring from
 * consumer_pos (what is below may be reused), each record passed in place,
 * as the consumer passes it (nothing above consumer_pos is reused while it
 * stands). BUSY records (not yet committed) and discarded ones are left out.
 * Returns the number delivered, the callback's negative return, -EAGAIN when
 * producers overwrote the ring faster than 8 attempts could copy it,
 * -EUCLEAN for a header that leads past producer_pos, or -ENOMEM.
 */
int consumer_ring__snapshot(struct consumer_ring *r, size_t n, ring_consumer_sample_fn cb,
			    void *ctx);

/*
 * Tests and rbsim's calibrated consumer: fn(ctx) runs in
 * ring_consumer__poll() and ring_consumer__wait() when a wait is about to
 * sleep (nothing ready, a timeout other than 0), before the consumer tells
 * its maps it may sleep: a record committed there, which writes no eventfd,
 * must still end the wait (W2 in ringbuf/ringbuf.c), and then the wait
 * returns without sleeping after all. NULL removes it. Set it while no wait
 * is in flight.
 */
void ring_consumer__set_sleep_hook(struct ring_consumer *rc, void (*fn)(void *ctx), void *ctx);

/*
 * How ring_consumer__poll() and ring_consumer__wait() sleep. PORT: the
 * kernel has one way, epoll_wait() on the map fds, which re-polls the rings
 * on its ready list inside the system call, shortly before it sleeps (less
 * than 1.6-1.9 us on the guest of results/wake-vm-2026-12-03); the port's
 * re-polls are user-space code.
 *  RING_CONSUMER_WAIT_FUTEX (the default): a futex_waitv() (Linux 5.16) on
 *    each map's wake word (ringbuf_map__set_futex_waiting(), moved by a
 *    wake-up inside the system call that wakes the consumer), which
 *    also compares each ring the wait re-polled empty with its consumer
 *    position: the last look at the ring is made inside the system call,
 *    as the kernel's re-poll is, and a record reserved after the user-space
 *    re-poll is found there without waiting for its notification. For up to
 *    64 rings on a kernel that has futex_waitv(); otherwise as:
 *  RING_CONSUMER_WAIT_EPOLL: epoll_wait() on the maps' eventfds, the last
 *    re-poll made in user space before the call.
 *  RING_CONSUMER_WAIT_FUTEX_REPOLL: the futex_waitv() on the wake words
 *    alone: the last look at a ring is the re-poll in user space, and a
 *    record reserved after it without a notification waits for the next
 *    one, as one reserved after the kernel's re-poll does. For a caller
 *    that makes that re-poll when the kernel's would come (rbsim's
 *    calibrated consumer: its wait_look); else as RING_CONSUMER_WAIT_EPOLL
 *    where the futex is not available.
 * Either way the epoll fd (ring_consumer__epoll_fd()) works as before.
 * Returns 0, or -EINVAL (NULL rc, an unknown how). Set it while no wait is
 * in flight.
 */
enum ring_consumer_wait {
	RING_CONSUMER_WAIT_FUTEX,
	RING_CONSUMER_WAIT_EPOLL,
	RING_CONSUMER_WAIT_FUTEX_REPOLL,
};
int ring_consumer__set_wait(struct ring_consumer *rc, enum ring_consumer_wait how);
/* the way its next wait sleeps: the one set, or EPOLL where the futex is not available; -EINVAL */
int ring_consumer__wait_how(const struct ring_consumer *rc);
/*
 * The waits that went to sleep in their system call: a futex_waitv() that
 * slept until woken or timed out (not one whose compare found a word
 * changed, the re-poll inside the call finding a record), or an epoll_wait()
 * called to sleep (the re-check after the announcement found nothing).
 * The waiting thread's own count: read it there, or once it is joined.
 * NULL: 0 with errno EINVAL.
 */
uint64_t ring_consumer__sleeps(const struct ring_consumer *rc);
/*
 * PORT: the walks of its rings (ring_consumer__poll(), __consume(),
 * __consume_n() and the rings' own) that stopped at a record reserved and
 * not committed yet, its header's BUSY bit set, with records possibly
 * committed behind it: libbpf's ringbuf_process_ring() bails out there and
 * the caller polls again (the ring still has data). Many of them mean a
 * producer was kept from its commit: preempted, on an oversubscribed
 * machine. The consumer thread's own count, as ring_consumer__sleeps().
 * NULL: 0 with errno EINVAL.
 */
uint64_t ring_consumer__busy_stops(const struct ring_consumer *rc);

/*
 * The consumer's wake-ups: ring_consumer__poll() calls that returned with at
 * least one ready ring, i.e. the calls in which the kernel's level-triggered
 * epoll_wait() would have returned events (after a notification, or a ring
 * still holding data). NULL: 0 with errno EINVAL.
 */
uint64_t ring_consumer__wakeups(const struct ring_consumer *rc);

#ifdef __cplusplus
}
#endif
#endif /* RBSIM_CONSUMER_H */
