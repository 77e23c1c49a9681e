// SPDX-License-Identifier: GPL-2.0-only
/*
 * The workload's schedules (sim/arrivals.c) and files (sim/workload.c): the
 * arrival times of a constant rate, bursts, Poisson arrivals and a trace,
 * computed here from their definitions; how many records are due at a time;
 * the trace and histogram files, each bad line named.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "sim/arrivals.h"
#include "sim/workload.h"
#include "tests/helpers/tmpdir.h"

TestSuite(arrivals, .timeout = 30);

static struct rbsim_cfg cfg_of(__u64 rate, __u64 burst, __u64 every_ns, int arrivals)
{
	struct rbsim_cfg cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.rate = rate;
	cfg.burst = burst;
	cfg.burst_every_ns = every_ns;
	cfg.arrivals = arrivals;
	cfg.seed = 1;
	cfg.batch = 500;
	return cfg;
}

Test(arrivals, constant_rate_is_ceil_k_over_rate)
{
	struct rbsim_cfg cfg = cfg_of(3, 0, 0, RBSIM_ARRIVALS_CONST);
	struct rbsim_sched s;
	__u64 k;

	rbsim_sched_init(&s, &cfg, 0, RBSIM_SCHED_END);
	for (k = 0; k < 100; k++) {
		cr_assert_eq(s.next_ns, (k * 1000000000ULL + 2) / 3, "record %llu at ceil(k/3 s)",
			     (unsigned long long)k);
		rbsim_sched_step(&s);
	}
	/* a timed run of 2 s holds 6 records: the 7th is due at 2 s, past the end */
	rbsim_sched_init(&s, &cfg, 0, 2000000000ULL);
	for (k = 0; k < 6; k++)
		rbsim_sched_step(&s);
	cr_expect_eq(s.next_ns, RBSIM_SCHED_END, "nothing past the end");
}

Test(arrivals, due_counts_what_has_arrived)
{
	struct rbsim_cfg cfg = cfg_of(1000, 0, 0, RBSIM_ARRIVALS_CONST);
	struct rbsim_sched s;

	rbsim_sched_init(&s, &cfg, 0, 5000000000ULL);
	cr_expect_eq(rbsim_sched_due(&s, 0, ~0ULL), 1, "record 0 at 0");
	cr_expect_eq(rbsim_sched_due(&s, 999999, ~0ULL), 1, "record 1 at 1 ms");
	cr_expect_eq(rbsim_sched_due(&s, 1000000, ~0ULL), 2, "record 1 at 1 ms");
	cr_expect_eq(rbsim_sched_due(&s, 1000000000, 10), 10, "at most max");
	cr_expect_eq(rbsim_sched_due(&s, 100000000000ULL, ~0ULL), 5000, "the end caps it");
	rbsim_sched_step(&s);
	cr_expect_eq(rbsim_sched_due(&s, 1000000, ~0ULL), 1, "counted from the next record");
}

Test(arrivals, bursts_come_whole_every_period)
{
	struct rbsim_cfg cfg = cfg_of(0, 3, 10000000, RBSIM_ARRIVALS_CONST);
	struct rbsim_sched s, c;
	__u64 k;

	rbsim_sched_init(&s, &cfg, 2, RBSIM_SCHED_END);
	for (k = 0; k < 30; k++) {
		cr_assert_eq(s.next_ns, k / 3 * 10000000ULL, "record %llu in burst %llu",
			     (unsigned long long)k, (unsigned long long)(k / 3));
		rbsim_sched_step(&s);
	}
	rbsim_sched_init(&s, &cfg, 0, 25000000ULL);
	c = s;
	cr_expect_eq(rbsim_sched_due(&c, 10000000, ~0ULL), 6, "two bursts by 10 ms");
	for (k = 0; k < 9; k++)
		rbsim_sched_step(&s);
	cr_expect_eq(s.next_ns, RBSIM_SCHED_END, "three bursts in a 25 ms run");
	cr_expect_eq(rbsim_rate_allowance(&cfg), 500, "a batch, the larger");
	cfg.burst = 4096;
	cr_expect_eq(rbsim_rate_allowance(&cfg), 4096, "a burst, the larger");
}

/* mean and spread of the gaps: exponential, mean 1/rate, standard deviation the same */
Test(arrivals, poisson_gaps_are_exponential_and_repeatable)
{
	struct rbsim_cfg cfg = cfg_of(100000, 0, 0, RBSIM_ARRIVALS_POISSON);
	struct rbsim_sched s, t;
	double sum = 0, sq = 0, mean, sd, prev = 0;
	const int n = 200000;
	int k, small = 0;

	rbsim_sched_init(&s, &cfg, 0, RBSIM_SCHED_END);
	rbsim_sched_init(&t, &cfg, 0, RBSIM_SCHED_END);
	for (k = 0; k < n; k++) {
		double gap = (double)s.next_ns - prev;

		cr_assert_eq(s.next_ns, t.next_ns, "the same seed, the same times");
		sum += gap;
		sq += gap * gap;
		small += gap < 10000.0 * log(2.0);
		prev = (double)s.next_ns;
		rbsim_sched_step(&s);
		rbsim_sched_step(&t);
	}
	mean = sum / n;
	sd = sqrt(sq / n - mean * mean);
	cr_expect(fabs(mean - 10000) < 100, "mean gap 10 us: %.1f", mean);
	cr_expect(fabs(sd - 10000) < 200, "exponential: sd = mean: %.1f", sd);
	cr_expect(abs(small - n / 2) < n / 100, "half the gaps below the median ln 2 / rate: %d",
		  small);
	cfg.seed = 2;
	rbsim_sched_init(&t, &cfg, 0, RBSIM_SCHED_END);
	rbsim_sched_init(&s, &cfg, 1, RBSIM_SCHED_END);
	cr_expect_neq(s.next_ns, t.next_ns, "each producer its own stream");
}

static void write_file(char *path, size_t len, const char *name, const char *text)
{
	char dir[256];
	FILE *f;

	tmp_dir(dir, sizeof(dir), "arrivals");
	tmp_path(path, len, "%s/%s", dir, name);
	f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	fputs(text, f);
	fclose(f);
}

Test(arrivals, trace_replays_each_producer_in_order)
{
	struct rbsim_trace tr = { 0 };
	struct rbsim_cfg cfg = cfg_of(0, 0, 0, RBSIM_ARRIVALS_CONST);
	struct rbsim_sched s;
	char path[512], err[256];

	write_file(path, sizeof(path), "t.trace",
		   "# a comment\n"
		   "0 0 64\n"
		   "\n"
		   "1500 1 16   # ns\n"
		   "2us 0 100\n"
		   "2000 2 8\n"
		   "1ms 1 4096\n");
	cr_assert_eq(rbsim_trace_load(path, &tr, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(tr.producers, 3, "producers 0..2");
	cr_expect_eq(tr.records, 5, "five records");
	cr_expect_eq(tr.size_min, 8, "smallest");
	cr_expect_eq(tr.size_max, 4096, "largest");
	cr_expect_eq(tr.max_line, 7, "on line 7");
	cr_expect_eq(tr.end_ns, 1000000, "last at 1 ms");
	cr_expect(fabs(tr.size_mean - (64 + 16 + 100 + 8 + 4096) / 5.0) < 1e-9, "mean size");
	cr_assert_eq(tr.n[1], 2, "producer 1: two records");
	cr_expect_eq(tr.size[1][1], 4096, "its second is 4096 bytes");
	cfg.trace = &tr;
	rbsim_sched_init(&s, &cfg, 1, RBSIM_SCHED_END);
	cr_expect_eq(s.next_ns, 1500, "producer 1 first at 1500 ns");
	rbsim_sched_step(&s);
	cr_expect_eq(s.next_ns, 1000000, "then at 1 ms");
	rbsim_sched_step(&s);
	cr_expect_eq(s.next_ns, RBSIM_SCHED_END, "then nothing");
	rbsim_trace_free(&tr);
}

struct bad_file {
	char text[128];
	char msg[128];
};

static struct bad_file bad_traces[] = {
	{ "0 0 8\n5 0\n", "line 2: expected TIME PRODUCER SIZE" },
	{ "0 0 8\n5 0 8 9\n", "line 2: expected TIME PRODUCER SIZE" },
	{ "0 0 8\n1ms 0 8\n999us 0 8\n", "line 3: time 999us is before the line above's "
					 "(1000000 ns)" },
	{ "x 0 8\n", "line 1: time x: not a number" },
	{ "0 256 8\n", "line 1: producer 256: out of range (0-255)" },
	{ "0 0 16777217\n", "line 1: size 16777217: out of range (0-16777216) (no ring takes" },
	{ "# nothing\n\n", "no TIME PRODUCER SIZE line" },
};

ParameterizedTestParameters(arrivals, bad_trace_lines_are_named)
{
	return cr_make_param_array(struct bad_file, bad_traces,
				   sizeof(bad_traces) / sizeof(bad_traces[0]));
}

ParameterizedTest(struct bad_file *b, arrivals, bad_trace_lines_are_named)
{
	struct rbsim_trace tr = { 0 };
	char path[512], err[256];

	write_file(path, sizeof(path), "bad.trace", b->text);
	cr_assert_eq(rbsim_trace_load(path, &tr, err, sizeof(err)), -1, "refused");
	cr_expect(strstr(err, b->msg), "'%s' says '%s'", err, b->msg);
	cr_expect_null(tr.n, "nothing left allocated");
}

Test(arrivals, histogram_sizes_in_their_proportions)
{
	struct rbsim_size_spec spec = { 0 };
	struct rbsim_rng rng;
	__u32 sizes[40000];
	char path[512], arg[600], err[256];
	int i, n64 = 0, n1k = 0, n300 = 0;

	write_file(path, sizeof(path), "h.txt", "# size count\n64 6\n1K 3  # 1024\n300 1\n7 0\n");
	snprintf(arg, sizeof(arg), "hist:%s", path);
	cr_assert_eq(rbsim_size_spec_parse(arg, &spec, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(spec.min, 64, "a count of 0 takes no part");
	cr_expect_eq(spec.max, 1024, "largest");
	cr_expect(fabs(spec.mean - (64 * 6 + 1024 * 3 + 300) / 10.0) < 1e-9, "mean");
	rbsim_rng_seed(&rng, 1, 0);
	rbsim_gen_sizes(&spec, 0, &rng, sizes, 40000);
	for (i = 0; i < 40000; i++) {
		n64 += sizes[i] == 64;
		n1k += sizes[i] == 1024;
		n300 += sizes[i] == 300;
	}
	cr_expect_eq(n64 + n1k + n300, 40000, "only the file's sizes");
	cr_expect(abs(n64 - 24000) < 600 && abs(n1k - 12000) < 600 && abs(n300 - 4000) < 400,
		  "6:3:1: %d %d %d", n64, n1k, n300);
	rbsim_size_spec_free(&spec);
}

static struct bad_file bad_hists[] = {
	{ "64 1\n10x 1\n", "line 2: expected SIZE COUNT, got '10x 1'" },
	{ "64\n", "line 1: expected SIZE COUNT, got '64'" },
	{ "64 1\n32M 1\n", "line 2: size 32M: out of range (0-16777216)" },
	{ "64 -1\n", "line 1: count -1: out of range (0-281474976710656)" },
	{ "64 0\n", "no size with a count above 0" },
	{ "# empty\n", "no SIZE COUNT line" },
};

ParameterizedTestParameters(arrivals, bad_histogram_lines_are_named)
{
	return cr_make_param_array(struct bad_file, bad_hists,
				   sizeof(bad_hists) / sizeof(bad_hists[0]));
}

ParameterizedTest(struct bad_file *b, arrivals, bad_histogram_lines_are_named)
{
	struct rbsim_size_spec spec = { 0 };
	char path[512], arg[600], err[256];

	write_file(path, sizeof(path), "bad.hist", b->text);
	snprintf(arg, sizeof(arg), "hist:%s", path);
	cr_assert_eq(rbsim_size_spec_parse(arg, &spec, err, sizeof(err)), -1, "refused");
	cr_expect(strstr(err, b->msg), "'%s' says '%s'", err, b->msg);
	cr_expect_null(spec.hist_size, "nothing left allocated");
}
