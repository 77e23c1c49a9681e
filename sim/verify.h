/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the consumer side of every transport. A transport hands each
 * committed record to rbsim_record(c, data, size); this counts it, checks
 * producer id, sequence and checksum (sim/record.h), records the latency of
 * stamped records and spends --consumer-work. The common case (the next
 * record of a producer, intact) stays inline; anything else goes to
 * rbsim_verify_slow() in sim/verify.c.
 *
 * Synchronization: a struct rbsim_consumer belongs to the consumer thread.
 * ctr is also read (relaxed, once a second) by the main thread; the owner
 * updates it with relaxed stores, so no read-modify-write is shared.
 */
#ifndef RBSIM_VERIFY_H
#define RBSIM_VERIFY_H

#include <stdbool.h>
#include <linux/types.h>

#include "sim/record.h"
#include "sim/hist.h"

struct rbsim_cons_counters {
	__u64 consumed; /* records passed to rbsim_record() */
	__u64 bytes;    /* their sample bytes */
} __attribute__((aligned(128)));

enum rbsim_anomaly {
	RBSIM_ANOM_NONE,
	RBSIM_ANOM_TORN,      /* checksum, size or producer id wrong */
	RBSIM_ANOM_GAP,       /* seq ahead of the expected one: lost, unless it shows up later */
	RBSIM_ANOM_REORDERED, /* seq from an earlier gap arrived late */
	RBSIM_ANOM_DUPLICATE, /* seq consumed before */
	RBSIM_ANOM_LOST,      /* committed, never consumed (found at the end) */
	RBSIM_ANOM_NR,
};

/* per producer, as the consumer saw it */
struct rbsim_pcheck {
	__u64 next;            /* next expected seq */
	__u64 adj;             /* records consumed from this producer = next + adj (mod 2^64) */
	__u64 gap_lo, gap_hi;  /* the first gap [lo, hi), to tell reordered from duplicated */
	__u64 dups;
};

struct rbsim_first_anomaly {
	enum rbsim_anomaly kind;
	__u32 producer;
	__u64 expected, got;   /* seqs (got is the record's, expected the consumer's) */
	__u64 index;           /* which consumed record (0-based) */
	char what[96];         /* torn: which field */
};

struct rbsim_consumer {
	struct rbsim_cons_counters ctr;
	void *priv;                    /* the transport's per-consumer state (consumer_init) */
	bool verify, latency;
	__u32 nprod;
	struct rbsim_pcheck *chk;      /* nprod entries */
	struct rbsim_hist *hist;       /* stamped records: reserve-to-consume ns */
	__u64 work_ns, work_loops;     /* --consumer-work and its calibrated spin count */
	bool extra;                    /* work or a fault to inject: take rbsim_record_extra() */
	int fault;                     /* --inject (tests): enum rbsim_fault */
	__u64 fault_at;                /* the consumed record it applies to */
	unsigned char held[64];        /* reorder: the record held back */
	__u32 held_size;
	__u64 anomalies[RBSIM_ANOM_NR];
	struct rbsim_first_anomaly first;
};

/* faults the consumer can inject into what it verifies (--inject, for tests) */
enum rbsim_fault {
	RBSIM_FAULT_NONE,
	RBSIM_FAULT_LOSE,    /* a record is not verified: lost */
	RBSIM_FAULT_DUP,     /* a record is verified twice: duplicated */
	RBSIM_FAULT_TORN,    /* a byte of a record is flipped: torn */
	RBSIM_FAULT_REORDER, /* a record is verified after the next one: reordered */
};

__u64 rbsim_now_ns(void);
void rbsim_record_extra(struct rbsim_consumer *c, const void *data, __u32 size);
void rbsim_verify_slow(struct rbsim_consumer *c, const void *data, __u32 size);
void rbsim_consumer_work(const struct rbsim_consumer *c);

/* record a stamped record's latency; out of line, so the hot path keeps no registers for it */
void rbsim_cons_latency(struct rbsim_consumer *c, __u64 ts, bool lo32);

/* the seq the consumer expects next from producer prod (< c->nprod) */
static inline __u64 rbsim_expected_seq(const struct rbsim_consumer *c, __u32 prod)
{
	return c->chk[prod].next;
}

/* any size, the checks of sim/record.h; rbsim_verify_slow() for anything odd */
void rbsim_verify_any(struct rbsim_consumer *c, const void *data, __u32 size);

/* the 8-byte record inline: the next seq of its producer, or the out-of-line path */
static inline __attribute__((always_inline)) void
rbsim_verify(struct rbsim_consumer *c, const void *data, __u32 size)
{
	__u64 w, seq;
	__u32 prod;

	if (size != 8)
		goto any;
	w = rbsim_ld64(data);
	prod = (__u32)(w >> 56);
	if (prod >= c->nprod)
		goto any;
	seq = c->chk[prod].next;
	if (((w >> 32) & RBSIM_SEQ24_MASK) != (seq & RBSIM_SEQ24_MASK))
		goto any;
	c->chk[prod].next = seq + 1;
	if ((__u32)w && c->latency)
		rbsim_cons_latency(c, (__u32)w, true);
	return;
any:
	rbsim_verify_any(c, data, size);
}

/* a transport calls this for every committed record it consumes; returns 0 */
static inline __attribute__((always_inline)) int
rbsim_record(struct rbsim_consumer *c, const void *data, __u32 size)
{
	/* single writer; the main thread reads these relaxed once a second */
	__atomic_store_n(&c->ctr.consumed, c->ctr.consumed + 1, __ATOMIC_RELAXED);
	__atomic_store_n(&c->ctr.bytes, c->ctr.bytes + size, __ATOMIC_RELAXED);
	if (__builtin_expect(c->extra, 0)) {
		rbsim_record_extra(c, data, size);
		return 0;
	}
	if (c->verify)
		rbsim_verify(c, data, size);
	return 0;
}

#endif /* RBSIM_VERIFY_H */
