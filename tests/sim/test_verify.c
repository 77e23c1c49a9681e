// SPDX-License-Identifier: GPL-2.0-only
/*
 * The consumer's inline check of 8-byte records (rbsim_record() in
 * sim/verify.h: one compare against a table of expected words) must judge
 * every stream exactly as the reference path (rbsim_verify_any()) does:
 * 20,000 random streams of 1-4 producers with losses, duplicates, late
 * records, ids out of range, jumps, bit flips, latency stamps, and sequence
 * numbers crossing 2^24 and 2^32, each fed to both; counts, first anomaly,
 * per-producer state, latency samples and the final integrity verdict must
 * be identical. (The --inject CLI tests go through the out-of-line path.)
 * A third consumer takes the same records as rb-custom's walk does
 * (rbsim_record_in_pass(): counted per pass, a producer's run of records
 * checked against a word kept in the pass) and must end the same.
 */
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include <criterion/logging.h>

#include "sim/clock.h"
#include "sim/engine.h"
#include "tests/helpers/timeout.h"

static __u64 rs = 88172645463325252ULL;
static __u64 rnd(void)
{
	rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17;
	return rs;
}

static struct rbsim_consumer *mk(__u32 nprod, bool fast, const __u64 *start)
{
	struct rbsim_consumer *c = aligned_alloc(128, sizeof(*c));
	__u32 i;

	memset(c, 0, sizeof(*c));
	c->verify = true;
	c->latency = true;
	c->nprod = nprod;
	c->pc = calloc(nprod, sizeof(*c->pc));
	c->hist = calloc(1, sizeof(*c->hist));
	for (i = 0; i < nprod; i++)
		c->chk[i].next = start[i];
	rbsim_consumer_arm(c);
	if (!fast) {
		c->fast_size = RBSIM_NO_FAST_SIZE;
		c->slow = true;
	}
	return c;
}

TestSuite(verify, .timeout = RBSIM_TEST_TIMEOUT(60));

Test(verify, inline_check_agrees_with_reference)
{
	int iter, bad = 0;
	__u64 fastn = 0;

	for (iter = 0; iter < 20000; iter++) {
		__u32 nprod = 1 + rnd() % 4, i, n = 1 + rnd() % 400;
		__u64 start[4], seq[4], committed[4];
		struct rbsim_consumer *a, *b, *d;
		struct rbsim_record_pass rp;
		struct rbsim_integrity ia, ib;
		int mode = rnd() % 4;

		for (i = 0; i < nprod; i++) {
			/* near a 2^24 block edge half the time, near 2^32 sometimes */
			start[i] = rnd() % 2 ? (1ULL << 24) * (1 + rnd() % 3) - rnd() % 50 : rnd() % 100;
			if (rnd() % 8 == 0)
				start[i] = (1ULL << 32) - rnd() % 50;
			seq[i] = start[i];
		}
		a = mk(nprod, true, start);
		b = mk(nprod, false, start);
		d = mk(nprod, true, start);
		rbsim_record_pass_begin(&rp, d);
		for (; n; n--) {
			__u32 p = rnd() % nprod, ts = rnd() % 7 == 0 ? (__u32)(rnd() | 1) : 0;
			__u64 s = seq[p]++, w;
			unsigned char rec[8];
			int k = mode ? rnd() % 64 : 99;

			if (k == 0)
				s = seq[p]++;            /* one lost */
			else if (k == 1 && s)
				s = s - 1 - rnd() % 3;   /* dup or late */
			else if (k == 2)
				p = nprod + rnd() % (256 - nprod); /* id out of range */
			else if (k == 3)
				s += 1 + rnd() % 40;     /* a jump */
			else if (k == 4)
				s ^= 1ULL << (rnd() % 24); /* bit flip in seq */
			w = rbsim_compact8_word(p, s, ts);
			memcpy(rec, &w, 8);
			rbsim_record(a, rec, 8);
			rbsim_record(b, rec, 8);
			rbsim_record_in_pass(&rp, rec, 8);
			/* a pass ends now and then */
			if (rnd() % 50 == 0)
				rbsim_record_flush(&rp);
		}
		rbsim_record_flush(&rp);
		for (i = 0; i < nprod; i++)
			committed[i] = seq[i] - start[i];
		/* the two must agree on everything they keep */
		if (memcmp(a->anomalies, b->anomalies, sizeof(a->anomalies)) ||
		    memcmp(&a->first, &b->first, sizeof(a->first)) ||
		    memcmp(a->pc, b->pc, nprod * sizeof(*a->pc)) ||
		    memcmp(a->chk, b->chk, sizeof(a->chk)) ||
		    a->hist->count != b->hist->count) {
			bad++;
			cr_log_error("stream %d: inline and reference disagree", iter);
		}
		if (memcmp(&a->ctr, &d->ctr, sizeof(a->ctr)) ||
		    memcmp(a->anomalies, d->anomalies, sizeof(a->anomalies)) ||
		    memcmp(&a->first, &d->first, sizeof(a->first)) ||
		    memcmp(a->pc, d->pc, nprod * sizeof(*a->pc)) ||
		    memcmp(a->chk, d->chk, sizeof(a->chk)) ||
		    memcmp(a->exp, d->exp, sizeof(a->exp)) || a->hist->count != d->hist->count) {
			bad++;
			cr_log_error("stream %d: counted per pass, the consumer differs", iter);
		}
		for (i = 0; i < nprod; i++)
			if (a->exp[i].word != rbsim_compact8_word(i, a->chk[i].next, 0) &&
			    (a->chk[i].next & RBSIM_SEQ24_MASK) != 0) {
				bad++;
				cr_log_error("stream %d: exp[%u] stale", iter, i);
			}
		for (i = nprod; i < 256; i++)
			if (a->exp[i].word) {
				bad++;
				cr_log_error("stream %d: sentinel %u changed", iter, i);
			}
		/* integrity_finish takes committed counts from start 0: shift */
		for (i = 0; i < nprod; i++) {
			a->chk[i].next -= start[i];
			b->chk[i].next -= start[i];
		}
		rbsim_integrity_finish(a, committed, 0, &ia);
		rbsim_integrity_finish(b, committed, 0, &ib);
		if (memcmp(&ia, &ib, sizeof(ia)) || (!mode && !ia.ok)) {
			bad++;
			cr_log_error("stream %d: integrity differs (%s | %s)", iter, ia.first, ib.first);
		}
		fastn += a->ctr.consumed;
		free(a->pc); free(a->hist); free(a);
		free(b->pc); free(b->hist); free(b);
		free(d->pc); free(d->hist); free(d);
	}
	cr_assert_gt(fastn, 1000000, "records through the inline check (%llu)", (unsigned long long)fastn);
	cr_assert_eq(bad, 0, "inline check and reference path disagree in %d streams", bad);
}

/*
 * rb-custom's walk at the end of a 2^24 block: producer 0's run goes on past
 * its block's end, and producer 1's record at seq 0 of its own block (no
 * stamp: its word is the one producer 0's word becomes if the bump carries
 * into the id byte) is producer 1's, in either order; every record in order,
 * so nothing to report, and the pass leaves chk[] and exp[] as rbsim_record()
 * does. Each stream once in passes (one, or two where it says) and once
 * through rbsim_record().
 */
#define PASS_END (-1)

Test(verify, pass_run_across_a_block_end)
{
	const __u64 b = 1ULL << 24, start[2] = { b - 3, b };
	static const struct { __u32 p; int n; } streams[][4] = {
		{ { 0, 3 }, { 1, 2 }, { 0, 2 }, { 1, 1 } }, /* 0 to its block's end, then 1 */
		{ { 0, 6 }, { 1, 3 }, { 0, 0 }, { 0, 0 } }, /* 0's run across its end */
		{ { 1, 1 }, { 0, 5 }, { 1, 1 }, { 0, 1 } },
		/* the pass ends at 0's block end; the next begins on producer 0 */
		{ { 0, 3 }, { 0, PASS_END }, { 1, 2 }, { 0, 2 } },
	};

	for (unsigned int i = 0; i < sizeof(streams) / sizeof(streams[0]); i++) {
		struct rbsim_consumer *a = mk(2, true, start), *d = mk(2, true, start);
		__u64 seq[2] = { start[0], start[1] };
		struct rbsim_record_pass rp;

		rbsim_record_pass_begin(&rp, d);
		for (unsigned int j = 0; j < 4; j++) {
			if (streams[i][j].n == PASS_END) {
				rbsim_record_flush(&rp);
				rbsim_record_pass_begin(&rp, d);
				continue;
			}
			for (int k = 0; k < streams[i][j].n; k++) {
				__u32 p = streams[i][j].p;
				__u64 w = rbsim_compact8_word(p, seq[p]++, 0);
				unsigned char rec[8];

				memcpy(rec, &w, 8);
				rbsim_record(a, rec, 8);
				cr_assert_eq(rbsim_record_in_pass(&rp, rec, 8), 0);
			}
		}
		rbsim_record_flush(&rp);
		for (unsigned int p = 0; p < 2; p++) {
			cr_expect_eq(d->chk[p].next, seq[p], "stream %u, producer %u: next %llu, "
				     "expected %llu", i, p, (unsigned long long)d->chk[p].next,
				     (unsigned long long)seq[p]);
			cr_expect_eq(d->exp[p].word, a->exp[p].word, "stream %u, producer %u: "
				     "exp %#llx, rbsim_record()'s %#llx", i, p,
				     (unsigned long long)d->exp[p].word,
				     (unsigned long long)a->exp[p].word);
		}
		cr_expect_eq(d->ctr.consumed, a->ctr.consumed, "stream %u", i);
		cr_expect_eq(d->ctr.bytes, 8 * a->ctr.consumed, "stream %u", i);
		for (int an = 0; an < RBSIM_ANOM_NR; an++)
			cr_expect_eq(d->anomalies[an] + a->anomalies[an], 0,
				     "stream %u: anomaly %d", i, an);
		free(a->pc); free(a->hist); free(a);
		free(d->pc); free(d->hist); free(d);
	}
}

/* producer p's records seq lo..hi-1 through the inline check */
static void feed(struct rbsim_consumer *c, __u32 p, __u64 lo, __u64 hi)
{
	unsigned char rec[8];
	__u64 s, w;

	for (s = lo; s < hi; s++) {
		w = rbsim_compact8_word(p, s, 0);
		memcpy(rec, &w, 8);
		rbsim_record(c, rec, 8);
	}
}

/*
 * --consumer none: the verdict on a snapshot of 2 producers' records, after
 * the overwrite-mode forgiveness (the engine's order: finish, lossy, newest).
 * Committed 100 and 50; the ring kept the newest in a row of each, or not.
 */
Test(verify, snapshot_holds_the_newest)
{
	static const struct {
		__u64 a_lo, a_hi, a2_lo, a2_hi, b_lo, b_hi;
		bool ok;
	} cases[] = {
		{ 90, 100, 0, 0, 40, 50, true },    /* both lapped: their last records */
		{ 0, 100, 0, 0, 0, 50, true },      /* nothing overwritten */
		{ 90, 100, 0, 0, 0, 0, true },      /* b overwritten whole by a */
		{ 0, 10, 0, 0, 40, 50, false },     /* a's oldest kept: not its newest */
		{ 80, 90, 95, 100, 40, 50, false }, /* a gap inside a's run */
		{ 0, 10, 95, 100, 40, 50, false },  /* a's seq 0 kept, a gap after it */
		{ 90, 99, 0, 0, 40, 50, false },    /* a's last commit missing */
	};
	const __u64 start[2] = { 0, 0 }, committed[2] = { 100, 50 };
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rbsim_consumer *c = mk(2, true, start);
		struct rbsim_integrity in;
		__u64 seen;

		feed(c, 0, cases[i].a_lo, cases[i].a_hi);
		feed(c, 0, cases[i].a2_lo, cases[i].a2_hi);
		feed(c, 1, cases[i].b_lo, cases[i].b_hi);
		rbsim_integrity_finish(c, committed, 150, &in);
		/* overwrite mode forgives what is missing (engine_stats.c's integrity_lossy) */
		seen = (cases[i].a_hi - cases[i].a_lo) + (cases[i].a2_hi - cases[i].a2_lo) +
		       (cases[i].b_hi - cases[i].b_lo);
		cr_assert_eq(in.lost, 150 - seen, "case %u: lost %llu", i,
			     (unsigned long long)in.lost);
		in.ok = !in.duplicated && !in.reordered && !in.torn;
		in.first[0] = '\0';
		rbsim_integrity_newest(c, committed, &in);
		cr_expect_eq(in.ok, cases[i].ok, "case %u: %s", i, in.first);
		if (!cases[i].ok)
			cr_expect_not_null(strstr(in.first, "producer 0: the ring's records are not "
						  "its newest in a row"), "case %u: %s", i, in.first);
		free(c->pc); free(c->hist); free(c);
	}
}

/*
 * The same verdict where an 8-byte record's 24 bits of seq have wrapped: one
 * producer, the ring's last 1000 records of those committed, or not. The
 * first one read is widened from 0: behind it where its low bits are in the
 * upper half of a wrap (2^23 or more), and the run then crosses a wrap or not.
 */
Test(verify, snapshot_holds_the_newest_past_the_seq_width)
{
	static const struct {
		__u64 committed, lo, hi;
		bool ok;
		const char *what;
	} cases[] = {
		{ (1 << 24) - 1, (1 << 24) - 1001, (1 << 24) - 1, true, "upper half, no wrap" },
		{ (1 << 24) + 300, (1 << 24) - 700, (1 << 24) + 300, true, "upper half, a wrap" },
		{ (1 << 23) + 500, (1 << 23) - 500, (1 << 23) + 500, true, "lower half" },
		{ (3ULL << 24) + (1 << 23) + 5000, (3ULL << 24) + (1 << 23) + 4000,
		  (3ULL << 24) + (1 << 23) + 5000, true, "three wraps on, upper half" },
		{ (3ULL << 24) + 1000, (3ULL << 24), (3ULL << 24) + 1000, true,
		  "three wraps on, from a wrap" },
		{ (1 << 24) - 1, (1 << 24) - 1002, (1 << 24) - 2, false,
		  "upper half, the last commit missing" },
		{ (1 << 24) - 1, (1 << 24) - 3000, (1 << 24) - 2000, false,
		  "upper half, older records" },
		{ (1 << 24) + 300, (1 << 24) - 700, (1 << 24) + 299, false,
		  "a wrap, the last commit missing" },
	};
	const __u64 start[1] = { 0 };
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rbsim_consumer *c = mk(1, true, start);
		const __u64 committed[1] = { cases[i].committed };
		struct rbsim_integrity in;

		feed(c, 0, cases[i].lo, cases[i].hi);
		rbsim_integrity_finish(c, committed, cases[i].committed, &in);
		/* overwrite mode forgives what is missing, no more (integrity_lossy) */
		cr_assert_eq(in.lost, cases[i].committed - (cases[i].hi - cases[i].lo),
			     "%s: lost %llu", cases[i].what, (unsigned long long)in.lost);
		in.ok = !in.duplicated && !in.reordered && !in.torn;
		in.first[0] = '\0';
		rbsim_integrity_newest(c, committed, &in);
		cr_expect_eq(in.ok, cases[i].ok, "%s: %s", cases[i].what, in.first);
		if (!cases[i].ok)
			cr_expect_not_null(strstr(in.first, "producer 0: the ring's records are not "
						  "its newest in a row"), "%s: %s", cases[i].what,
					   in.first);
		free(c->pc); free(c->hist); free(c);
	}
}

/*
 * A stamped record that waited RBSIM_HOST_STOP_NS (90 ms) or more is a
 * host's stop of a CPU, counted in host_waits; where the wait met one of the
 * workload's own stalls ([t0 + kE, t0 + kE + D), k >= 1), only if it was
 * that much longer than the stall. Waits timed against the clock just read:
 * the clock moves on by microseconds meanwhile, none near a boundary.
 */
Test(verify, long_waits_beyond_the_stalls_are_the_hosts)
{
	static const struct {
		__u64 stall, every, t0_ago, wait;
		bool host;
		const char *what;
	} cases[] = {
		{ 0, 0, 0, 89000000, false, "no stall: under 90 ms" },
		{ 0, 0, 0, 95000000, true, "no stall: 95 ms" },
		/* the last stall began 50 ms ago and ran until 50 ms from now */
		{ 100000000, 1000000000, 1050000000, 95000000, false, "in a stall" },
		{ 100000000, 1000000000, 1050000000, 185000000, false, "beyond it by 85 ms" },
		{ 100000000, 1000000000, 1050000000, 200000000, true, "beyond it by 100 ms" },
		/* the last stall ended 400 ms ago: a wait of 95 ms did not meet it */
		{ 100000000, 1000000000, 1500000000, 95000000, true, "between stalls" },
		/* the first stall is still ahead: none met */
		{ 100000000, 1000000000, 500000000, 95000000, true, "before the first stall" },
	};
	static const __u64 start[1] = { 0 };

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rbsim_consumer *c = mk(1, false, start);
		__u64 now = rbsim_now_ns();

		c->stall_ns = cases[i].stall;
		c->stall_every_ns = cases[i].every;
		c->stall_t0_ns = now - cases[i].t0_ago;
		rbsim_cons_latency(c, now - cases[i].wait, false);
		cr_expect_eq(c->host_waits, cases[i].host ? 1 : 0, "%s: %llu", cases[i].what,
			     (unsigned long long)c->host_waits);
		cr_expect_eq(c->hist->count, 1, "%s: its latency recorded", cases[i].what);
		free(c->pc);
		free(c->hist);
		free(c);
	}
}
