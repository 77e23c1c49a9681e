/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the consumer side of every transport. A transport hands each
 * committed record to rbsim_record(c, data, size); this counts it, checks
 * producer id, sequence and checksum (sim/record.h), records the latency of
 * stamped records and spends --consumer-work. The common case (the next
 * unstamped 8-byte record of a producer) stays inline; anything else goes
 * out of line to sim/verify.c, which classifies it.
 *
 * Synchronization: a struct rbsim_consumer belongs to the consumer thread.
 * ctr is also read (relaxed, once a second) by the main thread; the owner
 * updates it with relaxed stores, so no read-modify-write is shared.
 */
#ifndef RBSIM_VERIFY_H
#define RBSIM_VERIFY_H

#include <stdbool.h>
#include <linux/types.h>

#include "sim/clock.h"
#include "sim/record.h"
#include "sim/hist.h"

struct rbsim_cons_counters {
	__u64 consumed; /* records passed to rbsim_record() */
	__u64 bytes;    /* their sample bytes */
	__u64 wakeups;  /* the engine's: rounds that waited (--poll epoll) and took records */
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

/*
 * Per producer, the next expected seq. A flat array (8-byte stride) that the
 * inline check bumps; sim/perfbuf_sample.h reads it too.
 */
struct rbsim_pnext {
	__u64 next;            /* next expected seq */
};

/* per producer, the slow path's bookkeeping */
struct rbsim_pcheck {
	__u64 adj;             /* records consumed from this producer = next + adj (mod 2^64) */
	__u64 gap_lo, gap_hi;  /* the first gap [lo, hi), to tell reordered from duplicated */
	__u64 dups;
};

/*
 * The compact8 word the inline check expects from a producer: its id, the
 * low 24 bits of chk[prod].next, and ts_lo 0 (not stamped). One compare of
 * the record's word against it checks producer range, seq and "no latency to
 * record" at once; the upper half is bumped with a 32-bit add.
 * Entries of ids >= nprod hold 0: a record's id byte indexes the table, so a
 * word with id p != 0 can never equal 0. When seq's low 24 bits wrap, the add
 * carries into the id byte; that entry then matches nothing and the next
 * record of the producer takes rbsim_verify_any(), which re-arms it.
 */
union rbsim_expect {
	__u64 word;
	struct {
		__u32 ts_lo;   /* always 0 */
		__u32 hi;      /* producer << 24 | seq & RBSIM_SEQ24_MASK */
	};
};

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "union rbsim_expect and the id byte of rbsim_record() assume little-endian words"
#endif

/* fast_size when the inline check is off: no transport delivers a record that large */
#define RBSIM_NO_FAST_SIZE 0xffffffffu

struct rbsim_first_anomaly {
	enum rbsim_anomaly kind;
	__u32 producer;
	__u64 expected, got;   /* seqs (got is the record's, expected the consumer's) */
	__u64 index;           /* which consumed record (0-based) */
	char what[96];         /* torn: which field */
};

struct rbsim_consumer {
	struct rbsim_cons_counters ctr;
	/* set by rbsim_consumer_arm() from the fields below it: read per record */
	__u32 fast_size;               /* 8 with verification on and no extra, else NO_FAST_SIZE */
	bool slow;                     /* verify or extra: records that miss the fast path */
	void *priv;                    /* the transport's per-consumer state (consumer_init) */
	bool verify, latency;
	__u32 nprod;                   /* <= RBSIM_REC_MAX_PRODUCERS (run_opts.c refuses more) */
	struct rbsim_pcheck *pc;       /* nprod entries */
	struct rbsim_hist *hist;       /* stamped records: reserve-to-consume ns */
	__u64 work_ns, work_loops;     /* --consumer-work and its calibrated spin count */
	bool extra;                    /* work or a fault to inject: take rbsim_record_extra() */
	int fault;                     /* --inject (tests): enum rbsim_fault; needs fault_buf */
	__u64 fault_at;                /* the consumed record it applies to */
	unsigned char *fault_buf;      /* torn: the changed copy; reorder: the record held back */
	__u32 held_size;               /* reorder: the size of the record held back */
	/*
	 * The end of the drain: 0 while the run goes on, then stored once by
	 * the main thread when it stops the run (WRITE_ONCE; a pure signal,
	 * read with READ_ONCE before each record's --consumer-work). Past it
	 * the consumer takes no more records and sets cut.
	 */
	__u64 deadline_ns;
	bool cut;                      /* consumer-owned: records were left undrained */
	/* --stall every --stall-every: the next one starts at stall_next_ns (CLOCK_MONOTONIC) */
	__u64 stall_ns, stall_every_ns, stall_next_ns;
	__u64 stall_t0_ns;             /* the run's start: the stalls begin a period after it */
	/*
	 * consumer-owned (read after the join): stamped records that waited
	 * RBSIM_HOST_STOP_NS or more beyond the workload's own stalls, a CPU
	 * the host stopped (rbsim_cons_latency())
	 */
	__u64 host_waits;
	__u64 anomalies[RBSIM_ANOM_NR];
	struct rbsim_first_anomaly first;
	union rbsim_expect exp[RBSIM_REC_MAX_PRODUCERS];
	struct rbsim_pnext chk[RBSIM_REC_MAX_PRODUCERS]; /* nprod used */
};

/* faults the consumer can inject into what it verifies (--inject, for tests) */
enum rbsim_fault {
	RBSIM_FAULT_NONE,
	RBSIM_FAULT_LOSE,    /* a record is not verified: lost */
	RBSIM_FAULT_DUP,     /* a record is verified twice: duplicated */
	RBSIM_FAULT_TORN,    /* a byte of a record is flipped: torn */
	RBSIM_FAULT_REORDER, /* a record is verified after the next one: reordered */
};

int rbsim_record_extra(struct rbsim_consumer *c, const void *data, __u32 size);
void rbsim_verify_slow(struct rbsim_consumer *c, const void *data, __u32 size);
void rbsim_consumer_work(const struct rbsim_consumer *c);
/* a stall due by now is taken: the consumer thread sleeps to its end (real time only) */
void rbsim_consumer_stall(struct rbsim_consumer *c);

/*
 * A record that waited this long for its consumer, beyond the workload's own
 * stalls, was held by a host that stopped a CPU: longer than a scheduler or
 * a wake-up made one wait on the machines measured (a hypervisor that stops
 * a busy vCPU for its CPU quota: about 100 ms; scripts/bench_prediction.py's
 * STALL_NS). rbsim_cons_latency() counts them, rbsim_real_stopped() a run
 * (sim/model_compare.c) by it.
 */
#define RBSIM_HOST_STOP_NS 90000000ULL

/* record a stamped record's latency; out of line, so the hot path keeps no registers for it */
void rbsim_cons_latency(struct rbsim_consumer *c, __u64 ts, bool lo32);

/* the seq the consumer expects next from producer prod (< c->nprod) */
static inline __u64 rbsim_expected_seq(const struct rbsim_consumer *c, __u32 prod)
{
	return c->chk[prod].next;
}

/* any size, the checks of sim/record.h; rbsim_verify_slow() for anything odd */
void rbsim_verify_any(struct rbsim_consumer *c, const void *data, __u32 size);

/* an 8-byte record that is not the next unstamped one of its producer */
void rbsim_verify8_miss(struct rbsim_consumer *c, const void *data);

/*
 * records off the fast path: --consumer-work, --inject, sizes other than 8.
 * 0, or -ECANCELED for a record refused past c->deadline_ns (not counted).
 */
int rbsim_record_slow(struct rbsim_consumer *c, const void *data, __u32 size);

/*
 * Set fast_size, slow and the exp table from verify, extra, nprod and
 * chk[].next: call it once those are set, before the first record.
 */
void rbsim_consumer_arm(struct rbsim_consumer *c);

/*
 * A transport calls this for every committed record it consumes; returns 0,
 * or -ECANCELED once the drain's deadline has passed: the record was not
 * taken, and a transport that can stop its round (libbpf's callbacks) stops.
 * One compare picks the common verified case (8 bytes, nothing extra); with
 * --no-verify a record pays that compare and the test of c->slow, as many
 * tests as it paid for extra and verify before.
 */
static inline __attribute__((always_inline)) int
rbsim_record(struct rbsim_consumer *c, const void *data, __u32 size)
{
	/* single writer; the main thread reads these relaxed once a second */
	__atomic_store_n(&c->ctr.consumed, c->ctr.consumed + 1, __ATOMIC_RELAXED);
	__atomic_store_n(&c->ctr.bytes, c->ctr.bytes + size, __ATOMIC_RELAXED);
	if (size == c->fast_size) {
		__u64 w = rbsim_ld64(data);
		/* compact8: the id is the top byte of the little-endian word */
		__u32 prod = ((const unsigned char *)data)[7];

		if (__builtin_expect(w == c->exp[prod].word, 1)) {
			c->chk[prod].next++;
			c->exp[prod].hi++;
		} else {
			rbsim_verify8_miss(c, data);
		}
		return 0;
	}
	if (c->slow)
		return rbsim_record_slow(c, data, size);
	return 0;
}

/*
 * A walk that hands over many records at once (rb-custom's pass) counts them
 * in locals and adds them to ctr once per pass: no load and store of the
 * shared counters per record. Likewise the inline check's bumps: a run of
 * records that each are the next unstamped one of the same producer is
 * checked against a word kept in rp and added to chk[] and exp[] when the
 * run ends, as that many rbsim_record() calls would have left them.
 *
 * The run's word is kept rotated left by a byte (run_rot: the id in the low
 * byte, ts_lo above it, the 24 bits of seq on top), so that one compare of
 * the rotated record checks producer, seq and "no stamp" at once, and the
 * bump of seq, 1 << 40, carries out of the word, never into the id: a word
 * equal to run_rot is always one of run_prod's, across the end of a 2^24
 * block too. With verification on a run is always seated, on a producer
 * below nprod and from its chk[] (the word rbsim_record() would accept, or,
 * past a block's end, the one rbsim_verify_any() would), and n - run_n0
 * records have matched it; the pass counts only the run's records, so their
 * bytes are n * fast_size.
 * Anything off the inline paths (a miss, a record for the slow path) first
 * adds what is pending, since the slow paths read ctr.consumed (the index of
 * an anomaly, the fault to inject) and the per-producer state.
 */
#define RBSIM_PASS_NO_RUN 256u /* run_prod of no producer (ids are one byte) */

struct rbsim_record_pass {
	struct rbsim_consumer *c;
	__u64 n;                 /* taken and not yet added to c->ctr */
	__u64 bytes;             /* the bytes of those, without verification */
	__u32 fast_size;         /* c->fast_size (none without producers) and c->slow */
	bool slow;
	__u32 run_prod;          /* the run's producer, RBSIM_PASS_NO_RUN without verification */
	__u64 run_rot;           /* the word its next record must be, rotated left a byte */
	__u64 run_n0;            /* n when the run was seated or last added */
};

static inline __u64 rbsim_rol8(__u64 w)
{
	return (w << 8) | (w >> 56);
}

/* the run on producer prod (< nprod), at its next seq per chk[] */
static inline void rbsim_record_run_seat(struct rbsim_record_pass *rp, __u32 prod)
{
	rp->run_prod = prod;
	rp->run_rot = rbsim_rol8(rbsim_compact8_word(prod, rp->c->chk[prod].next, 0));
	rp->run_n0 = rp->n;
}

static inline void rbsim_record_pass_begin(struct rbsim_record_pass *rp, struct rbsim_consumer *c)
{
	rp->c = c;
	rp->n = 0;
	rp->bytes = 0;
	rp->fast_size = c->nprod ? c->fast_size : RBSIM_NO_FAST_SIZE;
	rp->slow = c->slow;
	rp->run_prod = RBSIM_PASS_NO_RUN;
	rp->run_rot = 0;
	rp->run_n0 = 0;
	/* verified, a run is always seated: the fast path's compare needs a producer's word */
	if (rp->fast_size != RBSIM_NO_FAST_SIZE)
		rbsim_record_run_seat(rp, 0);
}

/* the run's records into chk[] and exp[], as that many rbsim_record() calls leave them */
static inline __attribute__((always_inline)) void rbsim_record_run_end(struct rbsim_record_pass *rp)
{
	struct rbsim_consumer *c = rp->c;
	__u32 p = rp->run_prod;
	__u64 k;

	if (p == RBSIM_PASS_NO_RUN)
		return;
	k = rp->n - rp->run_n0;
	if (!k)
		return;
	c->chk[p].next += k;
	/* the last one's word bumped: a block's end carries into the id byte, as hi++ does */
	c->exp[p].word = rbsim_compact8_word(p, c->chk[p].next - 1, 0) + (1ULL << 32);
	rp->run_n0 = rp->n; /* the run stays seated: run_rot still is p's next */
}

/* the pending counts into ctr (single writer, relaxed: as rbsim_record()), and the run's bumps */
static inline __attribute__((always_inline)) void rbsim_record_flush(struct rbsim_record_pass *rp)
{
	struct rbsim_consumer *c = rp->c;
	__u64 bytes;

	rbsim_record_run_end(rp);
	if (!rp->n)
		return;
	/* verified, every record the pass counted was a run's, of fast_size bytes */
	bytes = rp->fast_size != RBSIM_NO_FAST_SIZE ? rp->n * rp->fast_size : rp->bytes;
	__atomic_store_n(&c->ctr.consumed, c->ctr.consumed + rp->n, __ATOMIC_RELAXED);
	__atomic_store_n(&c->ctr.bytes, c->ctr.bytes + bytes, __ATOMIC_RELAXED);
	rp->n = 0;
	rp->bytes = 0;
	rp->run_n0 = 0;
}

/*
 * rot, the rotated word of a record that is not the run's next: true when
 * it is the next unstamped one of another producer below nprod, whose run it
 * then begins (the old run's records added first)
 */
static inline bool rbsim_record_run_switch(struct rbsim_record_pass *rp, __u64 rot)
{
	struct rbsim_consumer *c = rp->c;
	__u32 prod = (__u32)(rot & 0xff);

	if (prod == rp->run_prod || prod >= c->nprod ||
	    rot != rbsim_rol8(rbsim_compact8_word(prod, c->chk[prod].next, 0)))
		return false;
	rbsim_record_run_end(rp);
	rbsim_record_run_seat(rp, prod);
	return true;
}

/* rbsim_record() with the counts and bumps kept in rp: the same outcome, once flushed */
static inline __attribute__((always_inline)) int
rbsim_record_in_pass(struct rbsim_record_pass *rp, const void *data, __u32 size)
{
	int ret;

	if (size == rp->fast_size) {
		__u64 rot = rbsim_rol8(rbsim_ld64(data));

		if (__builtin_expect(rot != rp->run_rot, 0) && !rbsim_record_run_switch(rp, rot))
			goto out_of_line;
		/* seq's 24 bits on top: the carry leaves the word */
		rp->run_rot += 1ULL << 40;
		rp->n++;
		return 0;
	}
	if (rp->slow)
		goto out_of_line;
	rp->n++;
	rp->bytes += size;
	return 0;
out_of_line:
	rbsim_record_flush(rp);
	ret = rbsim_record(rp->c, data, size);
	/* its checks may have moved the run's producer on */
	if (rp->run_prod != RBSIM_PASS_NO_RUN)
		rbsim_record_run_seat(rp, rp->run_prod);
	return ret;
}

#endif /* RBSIM_VERIFY_H */
