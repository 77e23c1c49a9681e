// SPDX-License-Identifier: GPL-2.0-only
/*
 * The virtual-time engine (sim/vtime.c) against answers known in closed
 * form, each computed here from the kernel's rules (a record's footprint
 * round_up(size + 8, 8), an empty ring taking floor((size - 1) / footprint)
 * of them): bursts that overflow a ring before a slow-to-wake consumer
 * looks, consumer stalls that overflow one, the time a full stall takes to
 * overflow it, one notification and one wake-up per record when the
 * consumer always catches up, none with --wakeup none; and determinism:
 * the same workload twice gives the same result, figure for figure; the
 * wake-up after a sleep (--vcosts idle=) by its rule and in the engine,
 * drawn from measured samples (spread=drawn), and polled or not by the
 * host's window (haltpoll=); the host's stops of a CPU (hoststop=): how many,
 * what counts as the host's time, what a stopped CPU costs.
 */
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>

#include "sim/vtime.h"
#include "sim/workload.h"
#include "tests/helpers/timeout.h"

TestSuite(vtime, .timeout = RBSIM_TEST_TIMEOUT(60));

static struct rbsim_size_spec spec;

/* rbsim_result_free() is the real engine's (engine.c, not linked here) */
static void rfree(struct rbsim_result *r)
{
	free(r->hist);
	r->hist = NULL;
}

static struct rbsim_cfg base_cfg(const char *size)
{
	struct rbsim_cfg cfg;
	char err[128];

	memset(&cfg, 0, sizeof(cfg));
	cr_assert_eq(rbsim_size_spec_parse(size, &spec, err, sizeof(err)), 0, "%s", err);
	cfg.transport = "ringbuf";
	cfg.producers = 1;
	cfg.duration_s = 1;
	cfg.ring_size = 65536;
	cfg.seed = 1;
	cfg.size_min = spec.min;
	cfg.size_max = spec.max;
	cfg.size_mean = spec.mean;
	cfg.batch = 500;
	cfg.verify = true;
	cfg.latency = true;
	cfg.lat_every = 1;
	cfg.vcosts = (struct rbsim_vcosts){ .produce_ns = 50, .notify_ns = 0, .wake_ns = 1000,
					    .poll_ns = 1000, .record_ns = 100, .refuse_ns = 50 };
	return cfg;
}

static void run(const struct rbsim_cfg *cfg, const struct rbsim_vtime_opts *vo,
		struct rbsim_result *r, struct rbsim_vtime_extra *x)
{
	char err[256];
	int ret = rbsim_vtime_run(cfg, &spec, vo, r, x, err, sizeof(err));

	cr_assert_eq(ret, 0, "rbsim_vtime_run: %s", err);
	cr_assert(r->integrity.ok, "integrity: %s", r->integrity.first);
	cr_assert_eq(r->attempted, r->produced + r->discarded + r->drops[RBSIM_DROP_NO_SPACE] +
		     r->drops[RBSIM_DROP_TOO_BIG], "every attempt accounted for");
	cr_assert_eq(r->consumed, r->produced, "everything committed consumed");
}

static __u64 footprint(__u64 size)
{
	return (size + 8 + 7) / 8 * 8;
}

/* records an empty ring of ring bytes takes: new_prod_pos - cons_pos <= mask */
static __u64 capacity(__u64 ring, __u64 size)
{
	return (ring - 1) / footprint(size);
}

/*
 * Bursts of N back to back, the consumer woken only after a burst is whole
 * (wake 100 us > N x 50 ns) and done with it long before the next (10 ms):
 * each burst loses N - capacity records, nothing when it fits
 */
Test(vtime, bursts_overflow_by_what_a_ring_cannot_hold)
{
	static const __u64 rings[] = { 4096, 16384, 32768, 65536, 131072, 262144 };
	static const __u32 sizes[] = { 8, 64, 100 };
	unsigned int i, k;

	for (k = 0; k < 3; k++) {
		char sz[16];

		snprintf(sz, sizeof(sz), "%u", sizes[k]);
		for (i = 0; i < sizeof(rings) / sizeof(rings[0]); i++) {
			struct rbsim_cfg cfg = base_cfg(sz);
			struct rbsim_result r;
			__u64 n = 1500, cap = capacity(rings[i], sizes[k]);
			__u64 lost = n > cap ? n - cap : 0;

			cfg.ring_size = rings[i];
			cfg.burst = n;
			cfg.burst_every_ns = 10000000;
			cfg.vcosts.wake_ns = 100000;
			run(&cfg, NULL, &r, NULL);
			cr_expect_eq(r.attempted, 100 * n, "100 bursts in 1 s");
			cr_expect_eq(r.drops[RBSIM_DROP_NO_SPACE], 100 * lost,
				     "size %u, ring %llu: %llu of each burst lost, got %llu in all",
				     sizes[k], (unsigned long long)rings[i],
				     (unsigned long long)lost,
				     (unsigned long long)r.drops[RBSIM_DROP_NO_SPACE]);
			cr_expect_eq(r.tstats.wakeups, 100, "one wake-up per burst");
			rfree(&r);
		}
	}
	rbsim_size_spec_free(&spec);
}

/*
 * A consumer that keeps up (every record consumed 1.1 us after it arrives,
 * one every 5 us) stalls 30 ms every 100 ms: from each stall's start to its
 * end and the poll after it (1 us; the next record comes 5 us later), the
 * arrivals that do not fit an empty ring are lost
 */
Test(vtime, stalls_overflow_by_what_arrives_in_them)
{
	struct rbsim_cfg cfg = base_cfg("8");
	struct rbsim_result r;
	__u64 gap = 5000, d = 30000000, per_stall = d / gap + 1, cap = capacity(65536, 8);

	cfg.rate = 200000;
	cfg.duration_s = 2;
	cfg.stall_ns = d;
	cfg.stall_every_ns = 100000000;
	run(&cfg, NULL, &r, NULL);
	cr_expect_eq(r.attempted, 400000, "2 s at 200000/s");
	/* stalls at 100 ms, 200 ms, ... 1900 ms */
	cr_expect_eq(r.drops[RBSIM_DROP_NO_SPACE], 19 * (per_stall - cap),
		     "19 stalls, %llu lost each: %llu", (unsigned long long)(per_stall - cap),
		     (unsigned long long)r.drops[RBSIM_DROP_NO_SPACE]);
	cr_expect_geq(hist_quantile(r.hist, 1.0), d, "a record waited a whole stall");
	rfree(&r);
	/*
	 * The batch consumer stores consumer_pos at the end of its pass: the
	 * ring stays full while it walks the stall's cap records (poll + cap x
	 * 100 ns), and what arrives meanwhile is lost too
	 */
	cfg.consumer = RBSIM_CONSUMER_BATCH;
	run(&cfg, NULL, &r, NULL);
	cr_expect_eq(r.drops[RBSIM_DROP_NO_SPACE], 19 * (per_stall - cap + (1000 + cap * 100) / gap),
		     "batch consumer: %llu", (unsigned long long)r.drops[RBSIM_DROP_NO_SPACE]);
	rfree(&r);
	rbsim_size_spec_free(&spec);
}

/* with no consumer, the first record an empty ring cannot take is number capacity */
Test(vtime, a_full_stall_overflows_after_capacity_records)
{
	struct rbsim_vtime_opts vo = { .fill_only = true };
	struct rbsim_vtime_extra x;
	__u64 rings[] = { 4096, 65536, 1 << 20 }, cap;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		struct rbsim_cfg cfg = base_cfg("64");
		struct rbsim_result r;
		char err[256];

		cfg.ring_size = rings[i];
		cfg.rate = 300000;
		cfg.duration_s = 60;
		cap = capacity(rings[i], 64);
		cr_assert_eq(rbsim_vtime_run(&cfg, &spec, &vo, &r, &x, err, sizeof(err)), 0, "%s",
			     err);
		/* record k arrives at ceil(k / rate s) */
		cr_expect_eq(x.first_drop_ns, (cap * 1000000000ULL + 299999) / 300000,
			     "ring %llu: record %llu is the first refused",
			     (unsigned long long)rings[i], (unsigned long long)cap);
		cr_expect_eq(r.attempted, cap + 1, "it stops there");
		rfree(&r);
	}
	rbsim_size_spec_free(&spec);
}

/* a consumer that is always done before the next record: each record notifies and wakes it */
Test(vtime, each_record_wakes_a_consumer_that_keeps_up)
{
	struct rbsim_cfg cfg = base_cfg("16");
	struct rbsim_result r;

	cfg.rate = 10000;
	cfg.duration_s = 2;
	run(&cfg, NULL, &r, NULL);
	cr_expect_eq(r.produced, 20000, "2 s at 10000/s");
	cr_expect_eq(r.tstats.notifications, 20000, "adaptive: every commit finds it caught up");
	cr_expect_eq(r.tstats.wakeups, 20000, "and every one wakes it");
	/* wake 1 us + poll 1 us: every record is taken 2 us after it was made */
	cr_expect_eq(hist_quantile(r.hist, 0.0), 2000, "latency: wake + poll");
	cr_expect_eq(r.hist->max, 2000, "for every record");
	rfree(&r);

	/* never woken, the consumer leaves the ring to fill; the drain takes what it holds */
	cfg.wakeup = RBSIM_WAKEUP_NONE;
	run(&cfg, NULL, &r, NULL);
	cr_expect_eq(r.tstats.notifications, 0, "--wakeup none: no notification");
	cr_expect_eq(r.tstats.wakeups, 0, "no wake-up: only the drain consumes");
	cr_expect_eq(r.consumed, capacity(65536, 16), "the drain took a full ring");
	rfree(&r);

	cfg.wakeup = RBSIM_WAKEUP_FORCE;
	cfg.transport = "perfbuf";
	cfg.ring_size = 4096 * 64;
	run(&cfg, NULL, &r, NULL);
	cr_expect_eq(r.tstats.notifications, 20000, "perf buffer: a wakeup per sample");
	cr_expect_eq(r.tstats.wakeups, 20000, "each one a poll that reports its buffer");
	rfree(&r);
	rbsim_size_spec_free(&spec);
}

/*
 * --vcosts idle=: the wake-up after a sleep, by the rule of struct
 * rbsim_vcosts: wake_ns at no sleep, straight to the first point, by the
 * logarithm of the time slept between points (the geometric mean of two
 * sleeps takes the mean of their wake-ups), the last point's beyond it
 */
Test(vtime, idle_wake_ups_follow_the_time_slept)
{
	struct rbsim_vcosts c = { .wake_ns = 1000, .nidle = 3,
				  .slept_ns = { 100000, 400000, 6400000 },
				  .idle_wake_ns = { 3000, 11000, 19000 } };

	cr_expect_eq(rbsim_vcosts_wake_ns(&c, 0), 1000, "no sleep: wake");
	cr_expect_eq(rbsim_vcosts_wake_ns(&c, 50000), 2000, "half the first sleep: halfway");
	cr_expect_eq(rbsim_vcosts_wake_ns(&c, 100000), 3000, "the first point");
	cr_expect_eq(rbsim_vcosts_wake_ns(&c, 200000), 7000, "100 us x 2 of x 4: halfway");
	cr_expect_eq(rbsim_vcosts_wake_ns(&c, 400000), 11000, "the second point");
	cr_expect_eq(rbsim_vcosts_wake_ns(&c, 800000), 13000, "x 2 of x 16: a quarter");
	cr_expect_eq(rbsim_vcosts_wake_ns(&c, 1600000), 15000, "x 4 of x 16: halfway");
	cr_expect_eq(rbsim_vcosts_wake_ns(&c, 6400000), 19000, "the last point");
	cr_expect_eq(rbsim_vcosts_wake_ns(&c, 1000000000), 19000, "beyond it: the last");
	c.nidle = 0;
	cr_expect_eq(rbsim_vcosts_wake_ns(&c, 1000000000), 1000, "no points: wake");
}

/*
 * The engine charges each wake-up by the consumer's sleep before it. The
 * run starts with the consumer asleep and a record at 0: that one wakes it
 * after no sleep (wake, then poll: 2 us). With a record every 100 us, each
 * woken, polled and taken (wake, 1 us, 100 ns), the consumer sleeps 100 us
 * less those before the next notification, on the flat stretch from 50 us
 * to 1 ms; with one every 10 ms, past the last point (4 ms); with one every
 * 2.5 ms, between them, where a sleep and the wake-up that ended the one
 * before decide each other: the test finds the pair by the rule. Latencies
 * a histogram bucket holds exactly (6144, 10240 ns) where it can. With the
 * consumer on the notifying producer's CPU (--vplace shared), which is not
 * idle, wake whatever the sleep.
 */
Test(vtime, a_wake_up_costs_what_the_sleep_before_it_says)
{
	struct rbsim_cfg cfg = base_cfg("16");
	struct rbsim_vcosts idle = cfg.vcosts;
	struct rbsim_result r;
	__u64 w = 0, w2, prev;

	idle.nidle = 3;
	idle.slept_ns[0] = 50000;
	idle.idle_wake_ns[0] = 5144;
	idle.slept_ns[1] = 1000000;
	idle.idle_wake_ns[1] = 5144;
	idle.slept_ns[2] = 4000000;
	idle.idle_wake_ns[2] = 9240;
	cfg.vcosts = idle;
	cfg.rate = 10000;
	run(&cfg, NULL, &r, NULL);
	cr_expect_eq(r.tstats.wakeups, 10000, "every record wakes the consumer");
	cr_expect_eq(r.hist->max, 5144 + 1000, "the rest: the flat stretch + poll");
	cr_expect_eq(r.hist->sum, 2000 + (5144 + 1000) * (r.hist->count - 1),
		     "the first: no sleep, the rest as much: %llu", (unsigned long long)r.hist->sum);
	rfree(&r);

	cfg.rate = 100;
	cfg.duration_s = 3;
	run(&cfg, NULL, &r, NULL);
	cr_expect_eq(r.tstats.wakeups, 300, "every record wakes the consumer");
	cr_expect_eq(r.hist->max, 9240 + 1000, "past the last point: it + poll");
	cr_expect_eq(r.hist->sum, 2000 + (9240 + 1000) * (r.hist->count - 1), "each of them");
	rfree(&r);

	/* on the CPU of the producer that notifies, which runs: wake whatever the sleep */
	cfg.vplace = RBSIM_VPLACE_SHARED;
	run(&cfg, NULL, &r, NULL);
	cr_expect_eq(r.hist->max, 2000, "shared: wake + poll");
	cr_expect_eq(r.hist->sum, 2000 * r.hist->count, "for every record");
	rfree(&r);
	cfg.vplace = RBSIM_VPLACE_APART;

	cfg.rate = 400;
	run(&cfg, NULL, &r, NULL);
	/* the second record's sleep began when the first's round ended, at 2.1 us */
	w2 = rbsim_vcosts_wake_ns(&idle, 2500000 - 2100);
	do {
		prev = w;
		w = rbsim_vcosts_wake_ns(&idle, 2500000 - (w + 1000 + 100));
	} while (w != prev);
	cr_expect(w > 5144 && w < w2 && w2 < 9240, "between the points: %llu, the second %llu",
		  (unsigned long long)w, (unsigned long long)w2);
	cr_expect_eq(r.tstats.wakeups, 1200, "every record wakes the consumer");
	cr_expect_eq(r.hist->max, w2 + 1000, "the second waits longest");
	cr_expect_eq(r.hist->sum, 2000 + (w2 + 1000) + (w + 1000) * (r.hist->count - 2),
		     "the rest %llu + poll each", (unsigned long long)w);
	rfree(&r);
	rbsim_size_spec_free(&spec);
}

/*
 * --vcosts spread=drawn: a wake-up is the rule's, scaled by a sample of the
 * set nearest the sleep over that set's median: the busy producer's below
 * the first idle point, the idle point's at or beyond it; the draws are the
 * run's own (the same seed, the same wake-ups). In the engine, a record
 * every 100 us wakes the consumer after the first point's sleep: every
 * latency one of its three samples plus the poll, not all the median.
 */
Test(vtime, drawn_wake_ups_spread_as_measured)
{
	static const double busy[] = { 1000, 2000, 4000 }, idle[] = { 2500, 5000, 20000 };
	struct rbsim_cfg cfg = base_cfg("16");
	struct rbsim_vcosts *c = &cfg.vcosts;
	struct rbsim_rng rng;
	struct rbsim_result r;
	bool seen[2][3] = { { false } };

	c->wake_ns = 2000;
	c->nidle = 1;
	c->slept_ns[0] = 50000;
	c->idle_wake_ns[0] = 5000;
	c->drawn = true;
	c->draw[0] = busy;
	c->ndraw[0] = 3;
	c->draw_median[0] = 2000;
	c->draw[1] = idle;
	c->ndraw[1] = 3;
	c->draw_median[1] = 5000;
	rbsim_rng_seed(&rng, 1, 0);
	for (int i = 0; i < 300; i++) {
		__u64 w0 = rbsim_vcosts_wake_drawn(c, 0, &rng);
		__u64 w1 = rbsim_vcosts_wake_drawn(c, 60000, &rng);

		for (int k = 0; k < 3; k++) {
			seen[0][k] |= w0 == (__u64)busy[k];
			seen[1][k] |= w1 == (__u64)idle[k];
		}
		cr_assert(w0 == 1000 || w0 == 2000 || w0 == 4000, "no sleep: a busy sample, %llu",
			  (unsigned long long)w0);
		cr_assert(w1 == 2500 || w1 == 5000 || w1 == 20000, "past the point: its sample, "
			  "%llu", (unsigned long long)w1);
	}
	for (int k = 0; k < 3; k++)
		cr_expect(seen[0][k] && seen[1][k], "sample %d drawn in 300", k);
	/* between the points' sleeps the rule's value scales the set at or below it */
	c->idle_wake_ns[0] = 6000;
	c->slept_ns[0] = 40000;
	{
		__u64 w = rbsim_vcosts_wake_drawn(c, 20000, &rng);

		cr_expect(w == 1000 * 4000 / 2000 || w == 4000 || w == 8000, "half the first sleep: "
			  "the rule's 4000 times a busy sample over 2000, got %llu",
			  (unsigned long long)w);
	}
	c->slept_ns[0] = 50000;
	c->idle_wake_ns[0] = 5000;

	cfg.rate = 10000;
	run(&cfg, NULL, &r, NULL);
	cr_expect_eq(r.tstats.wakeups, 10000, "every record wakes the consumer");
	cr_expect_leq(r.hist->max, 20000 + 1000, "at most the longest sample + poll");
	cr_expect_neq(r.hist->sum, (5000 + 1000) * (r.hist->count - 1) + 2000,
		      "not every wake-up the median");
	{
		struct rbsim_result again;
		struct rbsim_hist h = *r.hist;

		run(&cfg, NULL, &again, NULL);
		cr_expect(again.hist->sum == h.sum && again.hist->max == h.max,
			  "the same seed, the same wake-ups");
		rfree(&again);
	}
	rfree(&r);
	rbsim_size_spec_free(&spec);
}

/*
 * --vcosts haltpoll=: the window KVM's kvm_vcpu_halt() keeps, step by step.
 * Points below MAX (180 us) are the polled wake-ups, the rest the host's;
 * the window starts at 0, grows 10, 20, 40, 80, 160 us on slow wake-ups
 * after sleeps shorter than MAX (capped there), halves once for a sleep
 * beyond MAX (3 times from 5 ms on), and is 0 once under 10 us.
 */
Test(vtime, the_host_polls_a_window_that_grows_and_halves)
{
	struct rbsim_vcosts c = { .wake_ns = 1000, .nidle = 5,
				  .slept_ns = { 50000, 150000, 200000, 1000000, 10000000 },
				  .idle_wake_ns = { 2000, 2500, 40000, 60000, 100000 },
				  .haltpoll_ns = 180000, .nhalts = 1,
				  .halts_slept_ns = { 5000000 }, .halts = { 3 } };
	static const __u64 grown[] = { 10000, 20000, 40000, 80000, 160000 };
	__u64 w = 0;

	for (unsigned int i = 0; i < 5; i++) {
		cr_expect_eq(rbsim_vcosts_wake(&c, 100000, &w, NULL), 40000,
			     "slow %u: the first of the host's points, below it", i);
		cr_expect_eq(w, grown[i], "the window after slow wake-up %u", i);
	}
	/* 2000 + 500 x log(100/50) / log(150/50) */
	cr_expect_eq(rbsim_vcosts_wake(&c, 100000, &w, NULL), 2315, "polled: between 50 and "
		     "150 us");
	cr_expect_eq(w, 160000, "a polled wake-up leaves the window");
	cr_expect_eq(rbsim_vcosts_wake(&c, 170000, &w, NULL), 40000, "170 us > 160: slow");
	cr_expect_eq(w, 180000, "grown to 320 us, capped at MAX");
	cr_expect_eq(rbsim_vcosts_wake(&c, 170000, &w, NULL), 2500,
		     "polled beyond the last polled point: its wake-up");
	cr_expect_eq(rbsim_vcosts_wake(&c, 180000, &w, NULL), 2500, "MAX itself: polled");
	cr_expect_eq(rbsim_vcosts_wake(&c, 1000000, &w, NULL), 60000, "1 ms: the host's point");
	cr_expect_eq(w, 90000, "one halt beyond MAX: halved");
	cr_expect_eq(rbsim_vcosts_wake(&c, 100000, &w, NULL), 40000, "100 us > 90: slow");
	cr_expect_eq(w, 180000, "doubled");
	/* 60000 + 40000 x log(6) / log(10) */
	cr_expect_eq(rbsim_vcosts_wake(&c, 6000000, &w, NULL), 91126, "6 ms: between the host's "
		     "points");
	cr_expect_eq(w, 22500, "three halts from 5 ms on");
	cr_expect_eq(rbsim_vcosts_wake(&c, 20000, &w, NULL), 1400, "20 us <= 22.5: polled, "
		     "between wake and the first point");
	cr_expect_eq(rbsim_vcosts_wake(&c, 30000000, &w, NULL), 100000, "beyond the last point");
	cr_expect_eq(w, 0, "22.5, 11.25, then under 10 us: 0");
	cr_expect_eq(rbsim_vcosts_wake(&c, 20000, &w, NULL), 40000, "nothing polled at 0");
	cr_expect_eq(w, 10000, "grown from 0 to the start");

	/* a sleep of exactly MAX with a smaller window: slow, and the window stays */
	w = 20000;
	cr_expect_eq(rbsim_vcosts_wake(&c, 180000, &w, NULL), 40000, "MAX, window 20 us: slow");
	cr_expect_eq(w, 20000, "neither shorter nor longer than MAX: unmoved");
	/* no window (the consumer on a running CPU) or no haltpoll: the idle rule alone */
	cr_expect_eq(rbsim_vcosts_wake(&c, 100000, NULL, NULL), rbsim_vcosts_wake_ns(&c, 100000),
		     "no window: the rule");
	c.haltpoll_ns = 0;
	w = 0;
	cr_expect_eq(rbsim_vcosts_wake(&c, 175000, &w, NULL), rbsim_vcosts_wake_ns(&c, 175000),
		     "haltpoll=none: the rule");
	cr_expect_eq(w, 0, "and no window moves");
	/* every point from MAX on: a polled wake-up is wake, a slow one the first's below it */
	{
		struct rbsim_vcosts h = { .wake_ns = 1000, .nidle = 2,
					  .slept_ns = { 200000, 1000000 },
					  .idle_wake_ns = { 40000, 60000 }, .haltpoll_ns = 180000 };

		w = 0;
		cr_expect_eq(rbsim_vcosts_wake(&h, 50000, &w, NULL), 40000, "slow below the first: "
			     "its wake-up, not wake's line to it");
		w = 160000;
		cr_expect_eq(rbsim_vcosts_wake(&h, 50000, &w, NULL), 1000, "polled: wake");
	}
	/* a sleep listed with 0 halts: the host kept polling through it, the window stays */
	{
		struct rbsim_vcosts h = c;

		h.haltpoll_ns = 180000;
		h.nhalts = 1;
		h.halts_slept_ns[0] = 2000000;
		h.halts[0] = 0;
		w = 160000;
		cr_expect_eq(rbsim_vcosts_wake(&h, 3000000, &w, NULL), 79085, "3 ms: the host's "
			     "points' rule");
		cr_expect_eq(w, 160000, "no halt: the window as it was");
		cr_expect_eq(rbsim_vcosts_wake(&h, 1000000, &w, NULL), 60000, "1 ms, below the "
			     "listed sleep: the host's point");
		cr_expect_eq(w, 80000, "one halt by default");
	}
	/* every point below MAX: a slow wake-up has only the polled ones to go by */
	c.haltpoll_ns = 20000000;
	w = 0;
	cr_expect_eq(rbsim_vcosts_wake(&c, 100000, &w, NULL), 2315, "no host's point: the rule");
	cr_expect_eq(w, 10000, "the window still moves");
}

/*
 * In the engine: a record every 100 us, each woken, polled and taken (wake,
 * 1 us, 100 ns). The first wakes the consumer after no sleep (2 us); the
 * window is 0 then, so the next five sleeps (97.9 us, then 89.66 us after a
 * slow wake-up) find it 0, 10, 20, 40 and 80 us: the host's wake-up (9.24
 * us, the point beyond MAX); grown to 150 us (MAX), every later one is
 * polled (5.144 us, the point below MAX). On the notifying producer's CPU
 * (--vplace shared) no CPU idles: wake whatever the window.
 */
Test(vtime, the_first_wake_ups_are_slow_until_the_host_polls)
{
	struct rbsim_cfg cfg = base_cfg("16");
	struct rbsim_result r;

	cfg.vcosts.nidle = 2;
	cfg.vcosts.slept_ns[0] = 50000;
	cfg.vcosts.idle_wake_ns[0] = 5144;
	cfg.vcosts.slept_ns[1] = 200000;
	cfg.vcosts.idle_wake_ns[1] = 9240;
	cfg.vcosts.haltpoll_ns = 150000;
	cfg.rate = 10000;
	run(&cfg, NULL, &r, NULL);
	cr_expect_eq(r.tstats.wakeups, 10000, "every record wakes the consumer");
	cr_expect_eq(r.hist->max, 9240 + 1000, "the slow ones: the host's wake-up + poll");
	cr_expect_eq(r.hist->sum, 2000 + 5 * (9240 + 1000) + (5144 + 1000) * (r.hist->count - 6),
		     "five slow, then polled: %llu", (unsigned long long)r.hist->sum);
	rfree(&r);

	cfg.vplace = RBSIM_VPLACE_SHARED;
	run(&cfg, NULL, &r, NULL);
	cr_expect_eq(r.hist->sum, 2000 * r.hist->count, "shared: wake + poll for every record");
	rfree(&r);
	rbsim_size_spec_free(&spec);
}

/*
 * A refused reservation costs its producer refuse, a committed one produce:
 * a producer back to back, its consumer never woken (the drain at the end
 * takes the ring), commits capacity records at produce each, then is
 * refused every refuse ns until the second ends
 */
Test(vtime, a_refusal_costs_refuse)
{
	static const __u64 refuse[] = { 1000, 200, 50 };
	__u64 cap = capacity(65536, 8), full = cap * 50;

	for (unsigned int i = 0; i < sizeof(refuse) / sizeof(refuse[0]); i++) {
		struct rbsim_cfg cfg = base_cfg("8");
		struct rbsim_result r;
		/* refusals at full, full + refuse, ... before 1 s */
		__u64 want = (1000000000ULL - full + refuse[i] - 1) / refuse[i];

		cfg.wakeup = RBSIM_WAKEUP_NONE;
		cfg.vcosts.refuse_ns = refuse[i];
		run(&cfg, NULL, &r, NULL);
		cr_expect_eq(r.produced, cap, "refuse %llu: a full ring committed",
			     (unsigned long long)refuse[i]);
		cr_expect_eq(r.drops[RBSIM_DROP_NO_SPACE], want, "refuse %llu: %llu refusals, got "
			     "%llu", (unsigned long long)refuse[i], (unsigned long long)want,
			     (unsigned long long)r.drops[RBSIM_DROP_NO_SPACE]);
		rfree(&r);
	}
	rbsim_size_spec_free(&spec);
}

static void expect_same(const struct rbsim_result *a, const struct rbsim_result *b)
{
	cr_expect_eq(a->attempted, b->attempted, "attempted");
	cr_expect_eq(a->produced, b->produced, "produced");
	cr_expect_eq(a->consumed, b->consumed, "consumed");
	cr_expect_eq(a->consumed_bytes, b->consumed_bytes, "bytes");
	cr_expect_eq(a->discarded, b->discarded, "discarded");
	cr_expect_eq(a->drops[RBSIM_DROP_NO_SPACE], b->drops[RBSIM_DROP_NO_SPACE], "drops");
	cr_expect_eq(a->tstats.notifications, b->tstats.notifications, "notifications");
	cr_expect_eq(a->tstats.wakeups, b->tstats.wakeups, "wakeups");
	cr_expect_eq(a->samples, b->samples, "samples");
	cr_expect(a->hits_mean == b->hits_mean && a->hits_stddev == b->hits_stddev,
		  "hits %f %f", a->hits_mean, b->hits_mean);
	cr_expect(a->elapsed_s == b->elapsed_s, "elapsed");
	cr_expect(!memcmp(a->hist, b->hist, sizeof(*a->hist)), "latency histograms");
}

/* the same workload, the same result; another seed, another one */
Test(vtime, same_seed_same_result)
{
	struct rbsim_cfg cfg = base_cfg("mix:64x9,1024x1");
	struct rbsim_result a, b, c;
	int t;

	cfg.producers = 3;
	cfg.rate = 50000;
	cfg.arrivals = RBSIM_ARRIVALS_POISSON;
	cfg.discard_pct = 3;
	cfg.consumer_work_ns = 3000;
	cfg.stall_ns = 20000000;
	cfg.stall_every_ns = 300000000;
	cfg.warmup_s = 1;
	for (t = 0; t < 2; t++) {
		cfg.transport = t ? "perfbuf" : "ringbuf";
		run(&cfg, NULL, &a, NULL);
		run(&cfg, NULL, &b, NULL);
		cr_expect_gt(a.drops[RBSIM_DROP_NO_SPACE], 0, "%s: a workload that drops",
			     cfg.transport);
		expect_same(&a, &b);
		cfg.seed = 2;
		run(&cfg, NULL, &c, NULL);
		cfg.seed = 1;
		cr_expect_neq(a.attempted, c.attempted, "another seed, other arrivals");
		rfree(&a);
		rfree(&b);
		rfree(&c);
	}
	rbsim_size_spec_free(&spec);
}

/* ---- --vcosts hoststop= (sim/vtime_host.c) ---- */

#define HS_P 100000000ULL /* the host's period in these tests: 100 ms */

static double extra(const struct rbsim_result *r, const char *name)
{
	for (unsigned int i = 0; i < r->tstats.nr_extra; i++)
		if (!strcmp(r->tstats.extra[i].name, name))
			return r->tstats.extra[i].value;
	cr_assert_fail("no %s among the run's extras", name);
	return -1;
}

static void hoststop(struct rbsim_cfg *cfg, __u64 quota, __u64 burst)
{
	cfg->vcosts.hoststop_quota_ns = quota;
	cfg->vcosts.hoststop_period_ns = HS_P;
	cfg->vcosts.hoststop_burst_ns = burst;
}

/*
 * Both CPUs busy all the time (a producer back to back, 1 us a record or a
 * refusal; a consumer that polls without sleeping), a quota of 1.5 CPUs and
 * nothing carried: each period that both run overdraws the bucket by half a
 * period, so the host stops one CPU for the next, which the stop repays:
 * stops at 100, 300, 500, 700 and 900 ms. A stopped producer attempts
 * nothing for its 100,000 turns of 1 us.
 */
static struct rbsim_cfg both_busy(void)
{
	struct rbsim_cfg cfg = base_cfg("8");

	cfg.poll = RBSIM_POLL_BUSY;
	cfg.wakeup = RBSIM_WAKEUP_NONE;
	cfg.vcosts.produce_ns = cfg.vcosts.refuse_ns = 1000;
	return cfg;
}

Test(vtime, the_host_stops_a_cpu_every_other_period_of_a_quota_both_exceed)
{
	struct rbsim_cfg cfg = both_busy();
	struct rbsim_result r;
	double all, cons;

	hoststop(&cfg, HS_P * 3 / 2, 0);
	for (cfg.seed = 1; cfg.seed <= 4; cfg.seed++) {
		run(&cfg, NULL, &r, NULL);
		all = extra(&r, "host_stops");
		cons = extra(&r, "host_stops_consumer");
		cr_expect(all == 5, "seed %llu: 5 stops, got %g", (unsigned long long)cfg.seed,
			  all);
		cr_expect_eq(r.attempted, 1000000ULL - (__u64)(all - cons) * (HS_P / 1000),
			     "seed %llu: %g of the producer's periods stopped: %llu attempts",
			     (unsigned long long)cfg.seed, all - cons,
			     (unsigned long long)r.attempted);
		rfree(&r);
	}
	/* carried quota: the bucket starts full, the first 0.9 s of overdraft paid by it */
	cfg.seed = 1;
	hoststop(&cfg, HS_P * 3 / 2, HS_P * 9 / 2);
	run(&cfg, NULL, &r, NULL);
	cr_expect(extra(&r, "host_stops") == 0, "a burst of 4.5 periods lasts 9 of them: %g",
		  extra(&r, "host_stops"));
	rfree(&r);
	rbsim_size_spec_free(&spec);
}

/* a quota of two CPUs or more stops nothing: the run as without hoststop= */
Test(vtime, a_quota_the_cpus_cannot_exceed_changes_nothing)
{
	struct rbsim_cfg cfg = base_cfg("mix:64x9,1024x1");
	struct rbsim_result a, b;

	cfg.rate = 200000;
	cfg.arrivals = RBSIM_ARRIVALS_POISSON;
	cfg.consumer_work_ns = 3000;
	cfg.stall_ns = 20000000;
	cfg.stall_every_ns = 300000000;
	run(&cfg, NULL, &a, NULL);
	hoststop(&cfg, 2 * HS_P, 0);
	run(&cfg, NULL, &b, NULL);
	cr_expect(extra(&b, "host_stops") == 0, "no stop");
	expect_same(&a, &b);
	rfree(&a);
	rfree(&b);
	rbsim_size_spec_free(&spec);
}

/*
 * What the host counts: a producer's gaps of 20 us and its consumer's
 * sleeps between its records are idle, unless the host polls them
 * (haltpoll=, 194 us): polled, both CPUs use whole periods, and a quota of
 * 1.5 CPUs stops one every other period as above; unpolled they use a
 * tenth of one, and nothing stops. A --stall is the consumer's halt too: a
 * busy consumer that stalls 60 ms of every 100 uses 0.4 of a period, and
 * with its producer's 1.0 stays below the quota (a period's worth carried
 * pays the first period, which has no stall).
 */
Test(vtime, the_host_counts_what_runs_and_what_it_polls)
{
	struct rbsim_cfg cfg = base_cfg("16");
	struct rbsim_result r;

	cfg.rate = 50000;
	hoststop(&cfg, HS_P * 3 / 2, 0);
	run(&cfg, NULL, &r, NULL);
	cr_expect_eq(r.tstats.wakeups, 50000, "every record wakes the consumer");
	cr_expect(extra(&r, "host_stops") == 0, "idle between records: %g",
		  extra(&r, "host_stops"));
	rfree(&r);
	cfg.vcosts.haltpoll_ns = 194000;
	run(&cfg, NULL, &r, NULL);
	cr_expect(extra(&r, "host_stops") == 5, "polled between records: %g",
		  extra(&r, "host_stops"));
	rfree(&r);

	cfg = both_busy();
	hoststop(&cfg, HS_P * 3 / 2, HS_P);
	run(&cfg, NULL, &r, NULL);
	cr_expect(extra(&r, "host_stops") > 0, "busy without a stall: %g",
		  extra(&r, "host_stops"));
	rfree(&r);
	cfg.stall_ns = 60000000;
	cfg.stall_every_ns = HS_P;
	run(&cfg, NULL, &r, NULL);
	cr_expect(extra(&r, "host_stops") == 0, "stalled 60%% of each period: %g",
		  extra(&r, "host_stops"));
	rfree(&r);
	rbsim_size_spec_free(&spec);
}

/*
 * What a stop costs: records every 5 us into a 64 KiB ring, the consumer
 * keeping up, both CPUs polled (haltpoll=): a consumer stopped for a period
 * holds its records there (a record waits the whole stop) and the ring
 * loses what does not fit, as a 100 ms --stall loses (above); a stopped
 * producer sends its due records after the stop (but in the run's last
 * period). Over seeds 1 to 6 the host stops each CPU at least once.
 */
Test(vtime, a_stopped_consumer_loses_what_the_ring_cannot_hold)
{
	struct rbsim_cfg cfg = base_cfg("8");
	__u64 per_stop = HS_P / 5000 + 1, cap = capacity(65536, 8);
	unsigned int prod_seen = 0, cons_seen = 0;

	cfg.rate = 200000;
	cfg.duration_s = 2;
	cfg.vcosts.haltpoll_ns = 194000;
	hoststop(&cfg, HS_P * 3 / 2, 0);
	for (cfg.seed = 1; cfg.seed <= 6; cfg.seed++) {
		struct rbsim_result r;
		double all, cons;

		run(&cfg, NULL, &r, NULL);
		all = extra(&r, "host_stops");
		cons = extra(&r, "host_stops_consumer");
		cr_expect_gt(all, 0, "seed %llu: stops", (unsigned long long)cfg.seed);
		cons_seen += cons > 0;
		prod_seen += all > cons;
		if (cons > 0) {
			cr_expect_geq(hist_quantile(r.hist, 1.0), HS_P, "seed %llu: a record "
				      "waited the stop", (unsigned long long)cfg.seed);
			cr_expect_geq(r.drops[RBSIM_DROP_NO_SPACE], (__u64)cons * (per_stop - cap),
				      "seed %llu: %g consumer stops, %llu lost",
				      (unsigned long long)cfg.seed, cons,
				      (unsigned long long)r.drops[RBSIM_DROP_NO_SPACE]);
		} else {
			cr_expect_lt(hist_quantile(r.hist, 1.0), HS_P, "seed %llu: no record "
				     "waited a period", (unsigned long long)cfg.seed);
		}
		cr_expect(r.attempted == 400000 || r.attempted == 400000 - per_stop + 1,
			  "seed %llu: every record due attempted (those due in a producer's stop "
			  "after it), but a last period's stop's: %llu", (unsigned long long)cfg.seed,
			  (unsigned long long)r.attempted);
		rfree(&r);
	}
	cr_expect(cons_seen && prod_seen, "both CPUs stopped in some run: consumer %u, "
		  "producer %u", cons_seen, prod_seen);
	rbsim_size_spec_free(&spec);
}
