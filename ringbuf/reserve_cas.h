/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the compare-and-swap reservation (ringbuf_map__set_reserve(map,
 * RINGBUF_RESERVE_CAS)), the library's side of `rbsim run --reserve cas`.
 * Internal to ringbuf/: ringbuf.c embeds a struct ringbuf_cas in each ring
 * and calls ringbuf_cas_reserve() instead of its locked reserve when the
 * variant is on. Not installed.
 */
#ifndef RBSIM_RESERVE_CAS_H
#define RBSIM_RESERVE_CAS_H

#include <linux/types.h>

#include "ringbuf.h"

/*
 * What the CAS reserve needs of a ring, filled by ringbuf_map__set_reserve().
 * The pointers are read-only after that; reserve_pos sits on its own line,
 * written only by successful compare-and-swaps.
 */
struct ringbuf_cas {
	void *rb;                     /* the ring's base: record pg_off is counted from it */
	char *data;
	__u64 mask;
	unsigned long *consumer_pos;
	unsigned long *producer_pos;  /* published in reservation order */
	unsigned long *pending_pos;   /* advanced by one scanner at a time */
	unsigned long reserve_pos __attribute__((aligned(128)));
	/* the pending_pos scan's flag: set while one reserver scans (reserve_cas.c) */
	unsigned int scanning __attribute__((aligned(128)));
};

/*
 * the sample pointer, or NULL with *err -E2BIG (the record can never fit)
 * or -ENOSPC (no room now); ringbuf.c counts the failure as the locked
 * reserve does
 */
void *ringbuf_cas_reserve(struct ringbuf_cas *c, __u64 size, int *err);

#endif /* RBSIM_RESERVE_CAS_H */
