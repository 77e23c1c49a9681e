// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: what consumer.c (libbpf's ring_buffer) and consumer_overwrite.c (the
 * overwrite-mode reader and the snapshot) share: struct consumer_ring, libbpf's
 * struct ring. Private: not installed, not included outside ringbuf/.
 */
#ifndef RBSIM_CONSUMER_INTERNAL_H
#define RBSIM_CONSUMER_INTERNAL_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "consumer.h"
#include "kernel_compat.h"

struct consumer_ring {
	ring_consumer_sample_fn sample_cb;
	void *ctx;
	void *data;
	unsigned long *consumer_pos;
	const unsigned long *producer_pos;
	unsigned long mask;
	int map_fd;
	/*
	 * PORT: whether the ring is on the ready list of ring_consumer__poll()'s
	 * epoll. The kernel's ringbuf_map_poll_kern() reports EPOLLIN while data
	 * is available and level-triggered epoll re-polls a reported file at
	 * every epoll_wait(); an eventfd only reports writes. ringbuf_wait()
	 * re-checks rings that are "ready" the way epoll re-polls them. (For the
	 * epoll fd a user waits on, see ring_repoll().)
	 */
	bool ready;
	/*
	 * PORT: re-polled empty in this wait, since its last sleep: a futex
	 * sleep compares its producer_pos with its consumer_pos inside the
	 * system call (ring_futex_sleep())
	 */
	bool left;
	/* PORT: the walks that stopped at a record not committed yet (BUSY) */
	uint64_t busy_stops;
	struct ringbuf_mmap view;
	struct bpf_ringbuf_map *map;
	/* overwrite mode: records are copied here first (the ring's size: any record fits) */
	bool overwrite;
	unsigned char *copy;
	struct consumer_ring_overwrite_stats ow;
	/* PORT: tests: run at the reader's points (consumer_ring__set_overwrite_hook()) */
	void (*ow_hook)(void *ctx, enum consumer_ring_ow_point point, unsigned long pos);
	void *ow_hook_ctx;
	/* consumer_ring__snapshot(): its copies and where each one is, made on first use */
	unsigned char *snap;
	struct snap_rec *snap_rec;
};

/* one record of a snapshot: its position, where its copy is, its size, whether it is passed on */
struct snap_rec {
	unsigned long pos;
	__u32 off, size;
	bool deliver;
};

/* libbpf_err() */
static inline int rc_err(int err)
{
	if (err < 0)
		errno = -err;
	return err;
}

static inline int roundup_len(__u32 len)
{
	/* clear out top 2 bits (discard and busy, if set) */
	len <<= 2;
	len >>= 2;
	/* add length prefix */
	len += BPF_RINGBUF_HDR_SZ;
	/* round up to 8 byte alignment */
	return (len + 7) / 8 * 8;
}

/* overwrite_pos, at producer_pos[2]; O1: after A1, at least the value published with it */
static inline unsigned long ring_over_pos(const struct consumer_ring *r)
{
	return smp_load_acquire(&r->producer_pos[2]);
}

/* consumer_overwrite.c: ringbuf_process_ring() for overwrite mode */
int64_t ringbuf_process_ring_ow(struct consumer_ring *r, size_t n);

#endif /* RBSIM_CONSUMER_INTERNAL_H */
