// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the consumer's verification, off the fast path: anything that is
 * not the next intact record of its producer, the end-of-run balance, and
 * the simulated per-record work.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ringbuf/kernel_compat.h"
#include "sim/clock.h"
#include "sim/engine.h"
#include "sim/spin.h"

/*
 * a wait of d ns ending now is the host's: RBSIM_HOST_STOP_NS or more, and
 * as much beyond the stall it met where it met one of the workload's own
 * (the last to begin by now, [t0 + kE, t0 + kE + D), k >= 1; a wait that
 * began before it met it too)
 */
static bool host_wait(const struct rbsim_consumer *c, __u64 now, __u64 d)
{
	__u64 s;

	if (!c->stall_ns || now < c->stall_t0_ns + c->stall_every_ns)
		return true;
	s = now - (now - c->stall_t0_ns) % c->stall_every_ns;
	if (s + c->stall_ns > now - d)
		return d >= c->stall_ns + RBSIM_HOST_STOP_NS;
	return true;
}

void rbsim_cons_latency(struct rbsim_consumer *c, __u64 ts, bool lo32)
{
	__u64 now = rbsim_now_ns(), d;

	/* compact records keep 32 bits of ns: the difference mod 2^32 */
	d = lo32 ? (__u64)(__u32)((__u32)now - (__u32)ts) : now - ts;
	if ((__s64)d < 0)
		d = 0;
	hist_record(c->hist, d);
	if (__builtin_expect(d >= RBSIM_HOST_STOP_NS, 0) && host_wait(c, now, d))
		c->host_waits++;
}

static void note_first(struct rbsim_consumer *c, enum rbsim_anomaly kind, __u32 prod,
		       __u64 expected, __u64 got, const char *what)
{
	c->anomalies[kind]++;
	if (c->first.kind != RBSIM_ANOM_NONE)
		return;
	c->first.kind = kind;
	c->first.producer = prod;
	c->first.expected = expected;
	c->first.got = got;
	c->first.index = c->ctr.consumed ? c->ctr.consumed - 1 : 0;
	snprintf(c->first.what, sizeof(c->first.what), "%s", what ? what : "");
}

/* after chk[prod].next changed out of line: the word the inline check expects */
static void rearm(struct rbsim_consumer *c, __u32 prod)
{
	if (prod < c->nprod)
		c->exp[prod].word = rbsim_compact8_word(prod, c->chk[prod].next, 0);
}

/* the full seq closest to `next` whose low `bits` bits are `low` */
static __u64 widen_seq(__u64 next, __u64 low, unsigned int bits)
{
	__u64 mask = (1ULL << bits) - 1, delta = (low - next) & mask;

	if (delta & (1ULL << (bits - 1)))
		return next - ((mask + 1) - delta); /* behind next */
	return next + delta;
}

/* a verified record's header, whatever its layout */
struct rec_hdr {
	__u32 prod;
	__u64 seq;      /* widened to 64 bits against the producer's next */
	__u64 ts;       /* 0: not stamped */
	bool lo32;      /* ts holds the low 32 bits only */
	__u64 want, got; /* the checksum stored and the one computed */
};

/*
 * The header of a record of any layout: true, or false when the record is
 * torn beyond reading (too small, producer id out of range, size field
 * wrong), noted as such.
 */
static bool read_hdr(struct rbsim_consumer *c, const unsigned char *p, __u32 size,
		     struct rec_hdr *h)
{
	char what[96];

	h->lo32 = true;
	h->ts = 0;
	if (size < RBSIM_REC_MIN) {
		snprintf(what, sizeof(what), "a %u-byte record, too small for a header", size);
		note_first(c, RBSIM_ANOM_TORN, 0, 0, 0, what);
		return false;
	}
	if (size >= RBSIM_REC_FULL_MIN) {
		struct rbsim_rec_full f;

		memcpy(&f, p, sizeof(f));
		h->prod = f.producer;
		if (h->prod >= c->nprod) {
			snprintf(what, sizeof(what), "producer id %u out of range", h->prod);
			note_first(c, RBSIM_ANOM_TORN, h->prod, 0, f.seq, what);
			return false;
		}
		if (f.size != size) {
			snprintf(what, sizeof(what), "size field %u in a %u-byte record", f.size,
				 size);
			note_first(c, RBSIM_ANOM_TORN, h->prod, c->chk[h->prod].next, f.seq, what);
			return false;
		}
		h->seq = f.seq;
		h->ts = f.ts_ns;
		h->lo32 = false;
		h->want = f.csum;
		h->got = rbsim_full_hdr_hash(h->prod, size, h->seq, h->ts) +
			 rbsim_pattern_sum(p + 32, size - 32);
	} else if (size >= RBSIM_REC_COMPACT16_MIN) {
		struct rbsim_rec_compact16 f;

		memcpy(&f, p, sizeof(f));
		h->prod = (__u32)(f.id_seq >> 48);
		if (h->prod >= c->nprod) {
			snprintf(what, sizeof(what), "producer id %u out of range", h->prod);
			note_first(c, RBSIM_ANOM_TORN, h->prod, 0, f.id_seq & RBSIM_SEQ48_MASK,
				   what);
			return false;
		}
		h->seq = widen_seq(c->chk[h->prod].next, f.id_seq & RBSIM_SEQ48_MASK, 48);
		h->ts = f.ts_lo;
		h->want = f.check;
		h->got = (__u32)(rbsim_compact16_hdr_hash(f.id_seq, f.ts_lo, size) +
				 rbsim_pattern_sum(p + 16, size - 16));
	} else {
		__u64 w = rbsim_ld64(p);

		h->prod = (__u32)(w >> 56);
		if (h->prod >= c->nprod) {
			snprintf(what, sizeof(what), "producer id %u out of range", h->prod);
			note_first(c, RBSIM_ANOM_TORN, h->prod, 0, (w >> 32) & RBSIM_SEQ24_MASK,
				   what);
			return false;
		}
		h->seq = widen_seq(c->chk[h->prod].next, (w >> 32) & RBSIM_SEQ24_MASK, 24);
		h->ts = (__u32)w;
		h->want = rbsim_payload_sum(rbsim_pat_base(h->prod, h->seq), size - 8);
		h->got = rbsim_pattern_sum(p + 8, size - 8);
	}
	return true;
}

void rbsim_verify_slow(struct rbsim_consumer *c, const void *data, __u32 size)
{
	struct rbsim_pcheck *k;
	struct rec_hdr h;
	__u64 seq, *next;
	char what[96];

	if (!read_hdr(c, data, size, &h))
		return;
	seq = h.seq;
	k = &c->pc[h.prod];
	next = &c->chk[h.prod].next;
	if (h.want != h.got) {
		snprintf(what, sizeof(what), "checksum mismatch (stored %#llx, computed %#llx)",
			 (unsigned long long)h.want, (unsigned long long)h.got);
		note_first(c, RBSIM_ANOM_TORN, h.prod, *next, seq, what);
		/* a torn record in its place still took its place */
		if (seq == *next)
			++*next;
		rearm(c, h.prod);
		return;
	}

	if (seq == *next) {
		++*next;
	} else if (seq > *next) {
		if (k->gap_lo == k->gap_hi) {
			k->gap_lo = *next;
			k->gap_hi = seq;
		}
		note_first(c, RBSIM_ANOM_GAP, h.prod, *next, seq, NULL);
		/* next jumps by seq - next + 1 for one record consumed */
		k->adj -= seq - *next;
		*next = seq + 1;
	} else if (seq >= k->gap_lo && seq < k->gap_hi) {
		note_first(c, RBSIM_ANOM_REORDERED, h.prod, *next, seq, NULL);
		k->adj++;
	} else {
		note_first(c, RBSIM_ANOM_DUPLICATE, h.prod, *next, seq, NULL);
		k->adj++;
		k->dups++;
	}
	rearm(c, h.prod);
	if (h.ts && c->latency)
		rbsim_cons_latency(c, h.ts, h.lo32);
}

/* every layout: the next intact record of its producer, or rbsim_verify_slow() */
void rbsim_verify_any(struct rbsim_consumer *c, const void *data, __u32 size)
{
	const unsigned char *p = data;
	__u32 prod;
	__u64 seq;

	if (size < RBSIM_REC_COMPACT16_MIN) {
		__u64 w;

		if (size < RBSIM_REC_MIN)
			goto slow;
		w = rbsim_ld64(p);
		prod = (__u32)(w >> 56);
		if (prod >= c->nprod)
			goto slow;
		seq = c->chk[prod].next;
		if (((w >> 32) & RBSIM_SEQ24_MASK) != (seq & RBSIM_SEQ24_MASK))
			goto slow;
		if (size > 8 &&
		    rbsim_pattern_sum(p + 8, size - 8) !=
		    rbsim_payload_sum(rbsim_pat_base(prod, seq), size - 8))
			goto slow;
		if ((__u32)w && c->latency)
			rbsim_cons_latency(c, (__u32)w, true);
	} else if (size < RBSIM_REC_FULL_MIN) {
		struct rbsim_rec_compact16 h;

		memcpy(&h, p, sizeof(h));
		prod = (__u32)(h.id_seq >> 48);
		if (prod >= c->nprod)
			goto slow;
		seq = c->chk[prod].next;
		if ((h.id_seq & RBSIM_SEQ48_MASK) != (seq & RBSIM_SEQ48_MASK))
			goto slow;
		if (h.check != (__u32)(rbsim_compact16_hdr_hash(h.id_seq, h.ts_lo, size) +
				       rbsim_pattern_sum(p + 16, size - 16)))
			goto slow;
		if (h.ts_lo && c->latency)
			rbsim_cons_latency(c, h.ts_lo, true);
	} else {
		struct rbsim_rec_full h;

		memcpy(&h, p, sizeof(h));
		if (h.producer >= c->nprod || h.size != size)
			goto slow;
		prod = h.producer;
		seq = h.seq;
		if (seq != c->chk[prod].next)
			goto slow;
		if (h.csum != rbsim_full_hdr_hash(h.producer, size, seq, h.ts_ns) +
			      rbsim_pattern_sum(p + 32, size - 32))
			goto slow;
		if (h.ts_ns && c->latency)
			rbsim_cons_latency(c, h.ts_ns, false);
	}
	c->chk[prod].next = seq + 1;
	rearm(c, prod);
	return;
slow:
	rbsim_verify_slow(c, data, size);
}

/*
 * The inline check missed: a stamped record in its place (1 in lat_every),
 * the first record after seq's low 24 bits wrapped, or something to classify.
 */
void rbsim_verify8_miss(struct rbsim_consumer *c, const void *data)
{
	__u64 w = rbsim_ld64(data);
	__u32 prod = (__u32)(w >> 56);

	if (prod < c->nprod && (__u32)(w >> 32) == c->exp[prod].hi) {
		/* the next seq, with ts_lo set */
		c->chk[prod].next++;
		c->exp[prod].hi++;
		if (c->latency)
			rbsim_cons_latency(c, (__u32)w, true);
		return;
	}
	rbsim_verify_any(c, data, 8);
}

int rbsim_record_slow(struct rbsim_consumer *c, const void *data, __u32 size)
{
	if (c->extra)
		return rbsim_record_extra(c, data, size);
	rbsim_verify_any(c, data, size);
	return 0;
}

void rbsim_consumer_arm(struct rbsim_consumer *c)
{
	__u32 i;

	c->fast_size = c->verify && !c->extra ? RBSIM_REC_MIN : RBSIM_NO_FAST_SIZE;
	c->slow = c->verify || c->extra;
	for (i = 0; i < RBSIM_REC_MAX_PRODUCERS; i++)
		c->exp[i].word = 0; /* matches no record of id i >= 1 */
	for (i = 0; i < c->nprod && i < RBSIM_REC_MAX_PRODUCERS; i++)
		rearm(c, i);
}

/*
 * Past the drain's deadline the consumer takes no more records: this one is
 * given back (rbsim_record() counted it) and left undrained with the rest.
 * Only here, where --consumer-work makes records slow, is the clock read
 * per record; without it a ring drains in a few rounds.
 */
static bool past_deadline(struct rbsim_consumer *c, __u32 size)
{
	__u64 dl = READ_ONCE(c->deadline_ns);

	if (!c->cut && (!dl || rbsim_now_ns() < dl))
		return false;
	c->cut = true;
	/* single writer, as in rbsim_record() */
	__atomic_store_n(&c->ctr.consumed, c->ctr.consumed - 1, __ATOMIC_RELAXED);
	__atomic_store_n(&c->ctr.bytes, c->ctr.bytes - size, __ATOMIC_RELAXED);
	return true;
}

/* --consumer-work and --inject: off the fast path */
int rbsim_record_extra(struct rbsim_consumer *c, const void *data, __u32 size)
{
	__u64 idx = c->ctr.consumed - 1;

	if (c->work_loops && past_deadline(c, size))
		return -ECANCELED;
	/* fault_buf holds the largest record of the workload: any size can be changed */
	if (c->fault && idx == c->fault_at && size) {
		switch (c->fault) {
		case RBSIM_FAULT_LOSE:
			goto work;
		case RBSIM_FAULT_DUP:
			rbsim_verify_any(c, data, size);
			break;
		case RBSIM_FAULT_TORN:
			memcpy(c->fault_buf, data, size);
			c->fault_buf[size - 1] ^= 0x5a;
			data = c->fault_buf;
			break;
		case RBSIM_FAULT_REORDER:
			memcpy(c->fault_buf, data, size);
			c->held_size = size;
			goto work;
		}
	}
	if (c->verify)
		rbsim_verify_any(c, data, size);
	if (c->held_size && idx == c->fault_at + 1) {
		rbsim_verify_any(c, c->fault_buf, c->held_size);
		c->held_size = 0;
	}
work:
	if (c->stall_ns)
		rbsim_consumer_stall(c);
	if (c->work_loops)
		rbsim_consumer_work(c);
	return 0;
}

void rbsim_consumer_stall(struct rbsim_consumer *c)
{
	__u64 now = rbsim_now_ns(), end;
	struct timespec ts;

	if (!c->stall_next_ns || now < c->stall_next_ns)
		return;
	/* a stall whose start the consumer slept through (in epoll) still ends on time */
	while (c->stall_next_ns + c->stall_every_ns <= now)
		c->stall_next_ns += c->stall_every_ns;
	end = c->stall_next_ns + c->stall_ns;
	c->stall_next_ns += c->stall_every_ns;
	if (now >= end)
		return;
	ts.tv_sec = (time_t)(end / 1000000000ULL);
	ts.tv_nsec = (long)(end % 1000000000ULL);
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

void rbsim_consumer_work(const struct rbsim_consumer *c)
{
	if (c->work_ns)
		rbsim_spin_charge(c->work_loops, (double)c->work_loops / (double)c->work_ns);
}

static __u64 thread_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + (__u64)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	__u64 x = *(const __u64 *)a, y = *(const __u64 *)b;

	return x < y ? -1 : x > y;
}

__attribute__((noinline)) void rbsim_spin(__u64 loops)
{
	rbsim_spin_loop(loops);
}

__u64 rbsim_calibrate_work(__u64 ns)
{
	const __u64 cal_loops = 1 << 22;
	__u64 t[5], mid, loops;
	int i;

	if (!ns)
		return 0;
	/*
	 * The median of a few runs, each timed on this thread's CPU clock:
	 * time the thread spent preempted on a shared machine counts in
	 * neither, and the median is the loop's usual speed (the fastest
	 * run, taken alone, makes every later spin a few % too long).
	 */
	for (i = 0; i < 5; i++) {
		__u64 n = cal_loops;

		/*
		 * a count the compiler cannot see, so that this loop is compiled
		 * as the spins it calibrates are (a run-time bound), not unrolled
		 */
		__asm__ __volatile__("" : "+r"(n));
		t[i] = thread_ns();
		rbsim_spin(n);
		t[i] = thread_ns() - t[i];
	}
	qsort(t, 5, sizeof(t[0]), cmp_u64);
	mid = t[2] ? t[2] : 1;
	loops = (ns * cal_loops + mid / 2) / mid;
	rbsim_spin_timer_init();
	return loops ? loops : 1;
}

/*
 * ns this thread's clocked and TSC spins ran past their charges, taken from
 * its next one (negative: owed to it, by a TSC spin too short to make)
 */
static __thread double spin_carry;

double rbsim_spin_tsc_per_ns, rbsim_spin_tsc_extra_ns, rbsim_spin_tsc_min_ns;

#if defined(__x86_64__)
/* RBSIM_SPIN_STOLEN_NS in ticks of the TSC: a longer gap between two reads is not counted */
static __u64 tsc_stolen_ticks;

static inline __u64 tsc_read(void)
{
	return __builtin_ia32_rdtsc();
}

/* the kernel keeps time by the TSC: its current clocksource says "tsc" */
static bool tsc_is_the_clock(void)
{
	char name[32] = "";
	FILE *f = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource", "r");

	if (!f)
		return false;
	if (!fgets(name, sizeof(name), f))
		name[0] = 0;
	fclose(f);
	return !strcmp(name, "tsc\n");
}

/*
 * The monotonic clock and the TSC read together: of TSC_CAL_READS tries, the
 * clock read whose two TSC reads around it are closest, the TSC at their
 * middle (an interrupt between them moves one try, not the pair)
 */
#define TSC_CAL_READS 16
static void tsc_pair(__u64 *tsc, __u64 *ns)
{
	__u64 best = ~0ULL;

	for (int i = 0; i < TSC_CAL_READS; i++) {
		__u64 a = tsc_read(), n = rbsim_now_ns(), b = tsc_read();

		if (b - a < best) {
			best = b - a;
			*tsc = a + (b - a) / 2;
			*ns = n;
		}
	}
}

/*
 * Ticks per ns over TSC_CAL_NS of the monotonic clock; then the cost of a
 * call beyond its charge: TSC_CAL_SPINS spins of TSC_CAL_CHARGE_NS back to
 * back, timed whole (the carry makes their time in the loop add up to the
 * charges, so the rest is the calls', the barrier's and the first read's,
 * and the division rbsim_spin_charge() makes to give a charge in ns), the
 * median of three such runs
 */
#define TSC_CAL_NS 2000000
#define TSC_CAL_SPINS 2000
#define TSC_CAL_CHARGE_NS 100
static void tsc_init(void)
{
	__u64 c0, c1, n0, n1;
	double extra[3], t;
	/* read at each call, as a charge's loops and their rate are */
	volatile __u64 cal_loops = TSC_CAL_CHARGE_NS;
	volatile double cal_per_ns = 1.0;

	if (!tsc_is_the_clock())
		return;
	tsc_pair(&c0, &n0);
	do
		n1 = rbsim_now_ns();
	while (n1 - n0 < TSC_CAL_NS);
	tsc_pair(&c1, &n1);
	if (c1 <= c0 || n1 <= n0)
		return;
	rbsim_spin_tsc_per_ns = (double)(c1 - c0) / (double)(n1 - n0);
	tsc_stolen_ticks = (__u64)(RBSIM_SPIN_STOLEN_NS * rbsim_spin_tsc_per_ns);
	for (int r = 0; r < 3; r++) {
		c0 = tsc_read();
		for (int i = 0; i < TSC_CAL_SPINS; i++)
			rbsim_spin_tsc((double)cal_loops / cal_per_ns);
		t = (double)(tsc_read() - c0) / rbsim_spin_tsc_per_ns;
		extra[r] = t / TSC_CAL_SPINS - TSC_CAL_CHARGE_NS;
	}
	/* the median of the three */
	t = extra[0] + extra[1] + extra[2] - fmax(extra[0], fmax(extra[1], extra[2])) -
	    fmin(extra[0], fmin(extra[1], extra[2]));
	rbsim_spin_tsc_extra_ns = t > 0 && t < TSC_CAL_CHARGE_NS ? t : 0;
	rbsim_spin_tsc_min_ns = fmax(RBSIM_SPIN_TSC_MIN_NS, 2 * rbsim_spin_tsc_extra_ns);
	spin_carry = 0;
}

void rbsim_spin_tsc(double ns)
{
	double want = ns - spin_carry, per = rbsim_spin_tsc_per_ns;
	__u64 t0, t, last, ticks, stolen = 0;

	if (want <= rbsim_spin_tsc_extra_ns) {
		/* less than a call costs: owed to the next (or what it ran past, less this) */
		spin_carry = -want;
		return;
	}
	want -= rbsim_spin_tsc_extra_ns;
	ticks = (__u64)(want * per);
	/* the loop's barrier: the charge begins once the work before it has */
	__asm__ __volatile__("lfence" ::: "memory");
	t0 = last = tsc_read();
	do {
		t = tsc_read();
		if (t - last > tsc_stolen_ticks)
			stolen += t - last;
		last = t;
	} while (t - t0 - stolen < ticks);
	spin_carry = (double)(t - t0 - stolen) / per - want;
}
#else
static void tsc_init(void)
{
}

/* never called: rbsim_spin_tsc_per_ns stays 0 */
void rbsim_spin_tsc(double ns)
{
	(void)ns;
}
#endif

void rbsim_spin_timer_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	/* pthread_once orders tsc_init()'s stores before every caller's reads */
	pthread_once(&once, tsc_init);
}

void rbsim_spin_clocked(__u64 loops, double loops_per_ns)
{
	double want = loops / loops_per_ns - spin_carry, spent = 0;
	__u64 step = (__u64)(RBSIM_SPIN_STEP_NS * loops_per_ns) + 1, t0;

	if (want <= 0) {
		spin_carry = -want;
		return;
	}
	loops = (__u64)(want * loops_per_ns) + 1;
	t0 = rbsim_now_ns();
	for (;;) {
		__u64 n = loops < step ? loops : step, t1;
		double took, its = n / loops_per_ns;

		rbsim_spin(n);
		t1 = rbsim_now_ns();
		took = (double)(t1 - t0);
		t0 = t1;
		spent += took > RBSIM_SPIN_STOLEN * its + RBSIM_SPIN_STOLEN_NS ? its : took;
		if (spent >= want)
			break;
		/* what is left, at the calibrated speed: ended by the clock above */
		loops = (__u64)((want - spent) * loops_per_ns) + 1;
	}
	spin_carry = spent - want;
}

static const char *const anom_name[RBSIM_ANOM_NR] = {
	[RBSIM_ANOM_NONE] = "none",
	[RBSIM_ANOM_TORN] = "torn",
	[RBSIM_ANOM_GAP] = "lost",
	[RBSIM_ANOM_REORDERED] = "reordered",
	[RBSIM_ANOM_DUPLICATE] = "duplicated",
	[RBSIM_ANOM_LOST] = "lost",
};

/* the first discrepancy of a failed run, for people (out->first) */
static void first_text(const struct rbsim_consumer *c, const __u64 *committed, __u32 lost_prod,
		       __u64 lost_first, struct rbsim_integrity *out)
{
	const struct rbsim_first_anomaly *f = &c->first;

	if (f->kind == RBSIM_ANOM_NONE) {
		/* nothing odd on the way: records missing at the end */
		snprintf(out->first, sizeof(out->first),
			 "lost: producer %u committed %llu records, %llu never consumed "
			 "(next expected seq %llu)", lost_prod,
			 (unsigned long long)committed[lost_prod], (unsigned long long)lost_first,
			 (unsigned long long)c->chk[lost_prod].next);
		return;
	}
	if (f->kind == RBSIM_ANOM_TORN) {
		snprintf(out->first, sizeof(out->first),
			 "torn: record #%llu (producer %u, seq %llu, expected %llu): %s",
			 (unsigned long long)f->index, f->producer, (unsigned long long)f->got,
			 (unsigned long long)f->expected, f->what);
		return;
	}
	if (f->kind == RBSIM_ANOM_GAP) {
		/* a gap is a loss unless its records turned up later */
		bool lost = out->lost != 0 || !out->reordered;

		snprintf(out->first, sizeof(out->first),
			 "%s: producer %u seq %llu arrived when %llu was expected (record #%llu)",
			 lost ? "lost" : "reordered", f->producer, (unsigned long long)f->got,
			 (unsigned long long)f->expected, (unsigned long long)f->index);
		return;
	}
	snprintf(out->first, sizeof(out->first),
		 "%s: producer %u seq %llu arrived after seq %llu (record #%llu)",
		 anom_name[f->kind], f->producer, (unsigned long long)f->got,
		 (unsigned long long)(f->expected - 1), (unsigned long long)f->index);
}

void rbsim_integrity_finish(struct rbsim_consumer *c, const __u64 *committed, __u64 total_committed,
			    struct rbsim_integrity *out)
{
	__u32 i, lost_prod = 0;
	__u64 lost_first = 0;

	memset(out, 0, sizeof(*out));
	out->checked = c->verify;
	if (!c->verify) {
		/* --no-verify: only the balance can be checked */
		if (c->cut && c->ctr.consumed <= total_committed) {
			out->undrained = total_committed - c->ctr.consumed;
			out->ok = true;
			return;
		}
		out->ok = c->ctr.consumed == total_committed;
		if (!out->ok)
			snprintf(out->first, sizeof(out->first),
				 "committed %llu records, consumed %llu",
				 (unsigned long long)total_committed,
				 (unsigned long long)c->ctr.consumed);
		return;
	}

	for (i = 0; i < c->nprod; i++) {
		const struct rbsim_pcheck *k = &c->pc[i];
		__u64 distinct = c->chk[i].next + k->adj - k->dups;

		if (distinct < committed[i]) {
			/*
			 * The drain stopped at its bound: a producer's records are
			 * consumed in order, so its missing ones are the last,
			 * undrained, unless a gap says one went missing on the way.
			 */
			if (c->cut && !c->anomalies[RBSIM_ANOM_GAP]) {
				out->undrained += committed[i] - distinct;
				continue;
			}
			if (!out->lost) {
				lost_prod = i;
				lost_first = committed[i] - distinct;
			}
			out->lost += committed[i] - distinct;
		} else if (distinct > committed[i]) {
			/* more distinct records than were committed: something is made up */
			out->torn += distinct - committed[i];
		}
	}
	out->duplicated = c->anomalies[RBSIM_ANOM_DUPLICATE];
	out->reordered = c->anomalies[RBSIM_ANOM_REORDERED];
	out->torn += c->anomalies[RBSIM_ANOM_TORN];
	/* sequence numbers skipped although the counts balance: still missing records */
	if (c->anomalies[RBSIM_ANOM_GAP] && !out->lost && !out->reordered)
		out->lost = c->anomalies[RBSIM_ANOM_GAP];
	out->ok = !out->lost && !out->duplicated && !out->reordered && !out->torn &&
		  !c->anomalies[RBSIM_ANOM_GAP];
	if (out->ok)
		return;

	first_text(c, committed, lost_prod, lost_first, out);
}

/*
 * --consumer none: the snapshot holds positions [max(consumer_pos,
 * overwrite_pos), producer_pos) of a ring no consumer read, so a producer's
 * records there are its newest ones in a row: the last one its last commit,
 * the missing ones (overwritten) all before the first, one gap from seq 0.
 * A producer with no record there was overwritten whole (another lapped it).
 */
void rbsim_integrity_newest(const struct rbsim_consumer *c, const __u64 *committed,
			    struct rbsim_integrity *in)
{
	__u32 i;

	if (!c->verify || !in->ok)
		return;
	for (i = 0; i < c->nprod; i++) {
		const struct rbsim_pcheck *k = &c->pc[i];
		__u64 next = c->chk[i].next, missing = -k->adj;
		/*
		 * 8- and 16-byte records carry 24 and 48 bits of seq, widened
		 * from the first one read: the snapshot's first record, widened
		 * from 0, reads whole wraps (2^24 or 2^48) too low once more were
		 * committed, and so does every one after it; one whose low bits
		 * are in the upper half of a wrap is widened behind 0, so that
		 * its seq, the gap before it and next are all past 2^64 - 2^24
		 * (modulo 2^64) until the run crosses a wrap. A shift of whole
		 * 2^24 wraps is the same run of newest records (for full seqs too
		 * a shift could alias only after 16 M records lost exactly), and
		 * the records read in a row after the one gap from 0 are next
		 * less that gap, however it was widened.
		 */
		__u64 shift = committed[i] - next, in_row = next - missing;

		if (!in_row)
			continue;
		if (in_row <= committed[i] && !(shift & RBSIM_SEQ24_MASK) &&
		    (!missing || (k->gap_lo == 0 && k->gap_hi == missing)))
			continue;
		in->ok = false;
		snprintf(in->first, sizeof(in->first), "producer %u: the ring's records are not "
			 "its newest in a row (last seq %llu of %llu committed, %llu missing, "
			 "first gap %llu-%llu)", i, (unsigned long long)next - 1,
			 (unsigned long long)committed[i], (unsigned long long)missing,
			 (unsigned long long)k->gap_lo, (unsigned long long)k->gap_hi);
		return;
	}
}
