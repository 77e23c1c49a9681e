// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/model_compare.c: the arithmetic of `rbsim model --against-real` (model
 * over real, within 30% or not, at both edges) and of `--crossover` (where a
 * variant beats the kernel's reservation, as ranges of the producer counts
 * given, and the ratios at 8, 16 and 52 producers), the seconds a real
 * run without a consumer gets from its ring (and that ring), and which real runs a
 * host stop hit.
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "sim/engine.h"
#include "sim/hist.h"
#include "sim/model_compare.h"
#include "sim/model_probe.h"

/*
 * a run a host stop hit: by the run's own counts where it kept them, else a
 * record waited 90 ms or more; none timed, none seen
 */
Test(model_compare, a_run_a_host_stop_hit)
{
	struct rbsim_result r = { 0 };
	struct rbsim_hist *h = calloc(1, sizeof(*h));

	cr_assert_not_null(h);
	cr_expect_not(rbsim_real_stopped(&r), "no latency kept: none seen");
	r.hist = h;
	cr_expect_not(rbsim_real_stopped(&r), "no record timed");
	h->count = 1000;
	h->max = 89999999;
	cr_expect_not(rbsim_real_stopped(&r), "89.999999 ms: not a stop");
	h->max = 90000000;
	cr_expect(rbsim_real_stopped(&r), "90 ms: a stop");
	/* counted: a 100 ms wait the workload's own stall explains is none */
	r.have_host_waits = true;
	h->max = 100000000;
	cr_expect_not(rbsim_real_stopped(&r), "no host wait counted");
	r.host_waits = 2;
	cr_expect(rbsim_real_stopped(&r), "two records the host held");
	r.host_waits = 0;
	r.have_prod_stops = true;
	r.prod_stops = 1;
	cr_expect(rbsim_real_stopped(&r), "a producer's stop");
	free(h);
}

Test(model_compare, ratio_and_verdict)
{
	struct rbsim_model_vs_real v;

	rbsim_model_vs_real(13.0, 10.0, &v);
	cr_expect_float_eq(v.ratio, 1.3, 1e-12);
	cr_expect(v.within, "+30%% is inside");
	rbsim_model_vs_real(7.0, 10.0, &v);
	cr_expect_float_eq(v.ratio, 0.7, 1e-12);
	cr_expect(v.within, "-30%% is inside");
	rbsim_model_vs_real(13.01, 10.0, &v);
	cr_expect_not(v.within, "past +30%%");
	rbsim_model_vs_real(6.99, 10.0, &v);
	cr_expect_not(v.within, "past -30%%");
	rbsim_model_vs_real(30.12, 7.149, &v);
	cr_expect_float_eq(v.ratio, 30.12 / 7.149, 1e-12);
	cr_expect_not(v.within);
	/* no real figure: no ratio, never within */
	rbsim_model_vs_real(5.0, 0.0, &v);
	cr_expect_eq(v.ratio, 0);
	cr_expect_not(v.within);
}

Test(model_compare, crossover_ranges_and_ratios)
{
	static const unsigned int p[] = { 1, 2, 3, 4, 8, 16, 52 };
	static const double kernel[] = { 10, 8, 4, 4, 4, 2, 1 };
	/* equal at 1 (not a win), ahead at 2-4 and 52, behind at 8 and 16 */
	static const double cas[] = { 10, 9, 6, 5, 3, 1, 1.5 };
	/* within the 0.1% margin at 2: not ahead */
	static const double close[] = { 10, 8.005, 4, 4, 4, 2, 1 };
	struct rbsim_crossover x;

	rbsim_model_crossover(p, kernel, cas, 7, &x);
	cr_expect_eq(x.first, 2);
	cr_expect_str_eq(x.beats, "2-4,52");
	cr_expect_float_eq(x.ratio_at[0], 0.75, 1e-12);
	cr_expect_float_eq(x.ratio_at[1], 0.5, 1e-12);
	cr_expect_float_eq(x.ratio_at[2], 1.5, 1e-12);

	rbsim_model_crossover(p, kernel, close, 7, &x);
	cr_expect_eq(x.first, 0);
	cr_expect_str_eq(x.beats, "never");

	/* counts without 8, 16 or 52: no ratio there; one count ahead alone */
	rbsim_model_crossover(p, kernel, cas, 2, &x);
	cr_expect_str_eq(x.beats, "2");
	cr_expect_lt(x.ratio_at[0], 0);
	cr_expect_lt(x.ratio_at[1], 0);
	cr_expect_lt(x.ratio_at[2], 0);
}

/* 2 GiB holds 134,217,728 records of 16 bytes; each case fills at twice the rate given */
Test(model_compare, real_run_fits_its_ring)
{
	/* 20 M/s: 6.7 s held, the 5 asked for */
	cr_expect_eq(rbsim_real_fit(5, 10, 1, 1), 5);
	/* 60 M/s: 2.2 s held, 2 of 3 */
	cr_expect_eq(rbsim_real_fit(3, 30, 1, 1), 2);
	/* one ring of two producers at 60 M/s: 120 M/s, 1.1 s */
	cr_expect_eq(rbsim_real_fit(3, 60, 2, 2), 1);
	/* a ring each: 60 M/s a ring, 2.2 s */
	cr_expect_eq(rbsim_real_fit(3, 60, 2, 1), 2);
	/* shard:2 with 3 producers: the ring of 2 takes 2/3 of 45 M/s, 60 M/s */
	cr_expect_eq(rbsim_real_fit(3, 45, 3, 2), 2);
	/* either side of 2 s: 67 M/s holds 2.003 s, 68 M/s 1.97 (whole seconds, down) */
	cr_expect_eq(rbsim_real_fit(9, 33.5, 1, 1), 2);
	cr_expect_eq(rbsim_real_fit(9, 34, 1, 1), 1);
	/* faster than a second: one all the same, the run says when the ring fills */
	cr_expect_eq(rbsim_real_fit(2, 100, 1, 1), 1);
	/* no prediction: as asked */
	cr_expect_eq(rbsim_real_fit(4, 0, 1, 1), 4);
}

/*
 * The ring of a run without a consumer: twice the predicted records of its
 * busiest ring for the run's seconds, 16 bytes each, to the next power of 2
 * from 64 MiB to 2 GiB (the largest without a prediction), and how
 * --ring-size spells it
 */
Test(model_compare, real_run_ring_sized_to_fit)
{
	char arg[16];

	/* 10 M/s for 1 s: 320 MB, 512 MiB */
	cr_expect_eq(rbsim_real_ring(1, 10, 1, 1), 512ULL << 20);
	/* 16 M/s: 512,000,000 bytes, under 512 MiB (536,870,912) */
	cr_expect_eq(rbsim_real_ring(1, 16, 1, 1), 512ULL << 20);
	/* 17 M/s: 544,000,000, over it */
	cr_expect_eq(rbsim_real_ring(1, 17, 1, 1), 1ULL << 30);
	/* two producers on one ring at 12.8 M/s for 2 s: 819 MB, 1 GiB */
	cr_expect_eq(rbsim_real_ring(2, 12.8, 2, 2), 1ULL << 30);
	/* a ring each: half of it, 410 MB */
	cr_expect_eq(rbsim_real_ring(2, 12.8, 2, 1), 512ULL << 20);
	/* slow: never under 64 MiB */
	cr_expect_eq(rbsim_real_ring(1, 0.5, 1, 1), 64ULL << 20);
	/* fast: never over 2 GiB (rbsim_real_fit() shortens the run instead) */
	cr_expect_eq(rbsim_real_ring(1, 150, 2, 1), 2ULL << 30);
	/* no prediction: the largest */
	cr_expect_eq(rbsim_real_ring(1, 0, 1, 1), 2ULL << 30);
	rbsim_real_ring_arg(512ULL << 20, arg, sizeof(arg));
	cr_expect_str_eq(arg, "512M");
	rbsim_real_ring_arg(1ULL << 30, arg, sizeof(arg));
	cr_expect_str_eq(arg, "1G");
	rbsim_real_ring_arg(2ULL << 30, arg, sizeof(arg));
	cr_expect_str_eq(arg, "2G");
	rbsim_real_ring_arg(64ULL << 20, arg, sizeof(arg));
	cr_expect_str_eq(arg, "64M");
}
