// SPDX-License-Identifier: GPL-2.0-only
/*
 * Calibration profiles (sim/profile.c): what the writer writes the reader
 * reads back exactly, every sample included (the idle wake-ups and the halt
 * polling too); every bad file is refused with
 * one line naming the file and the problem; a profile of another machine is
 * told apart from one of this machine; the charge of each cost is
 * kernel - port, never below 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "sim/profile.h"
#include "tests/helpers/cli.h"
#include "tests/helpers/profile.h"
#include "tests/helpers/tmpdir.h"

TestSuite(profile, .timeout = 30);

static const struct rbsim_costs kernel_costs = {
	.record_8 = 43.5, .record_256 = 80, .record_4096 = 480.25, .notify = 4438,
	.wakeup = 14347, .wakeup_busy = 9120, .trigger_syscall = 1302, .trigger_raw_syscall = 1273,
	.trigger_test_run = 1704, .wait = 1400.8, .wait_enter = 700.25, .reserve_fail = 61.25,
	.notify_wake = 5190, .wait_look = 950.5, .batch_gap = 1851.5,
};
static const struct rbsim_costs port_costs = {
	.record_8 = 30.5, .record_256 = 85, .record_4096 = 300, .notify = 1251,
	.wakeup = 10921, .wakeup_busy = 6080, .trigger_syscall = 30, .trigger_raw_syscall = 30,
	.trigger_test_run = 30, .wait = 1500, .reserve_fail = 9.5, .notify_wake = 1984,
	.wait_look = 140.25, .batch_gap = 90.75,
};

/* idle wake-ups: after 100 us, 1 ms, 50 ms asleep */
static const double idle_slept[] = { 100000, 1000000, 50000000 };
static const double idle_kernel[] = { 20398.5, 68660, 139485 };
static const double idle_port[] = { 15269, 63154.5, 101642 };

/* halt polling up to 171635 ns: trains after 2, 12 and 50 ms, 1, 3 and 5 halts */
static const double train_slept[] = { 2043849.5, 12065896, 50003210 };
static const unsigned int train_halts[] = { 1, 3, 5 };

static void read_ok(const char *path, struct rbsim_profile *p)
{
	char err[512];

	cr_assert_eq(rbsim_profile_read(path, p, err, sizeof(err)), 0, "read %s: %s", path, err);
}

Test(profile, round_trip)
{
	struct rbsim_profile w, r;
	char dir[256], path[300], err[512];

	tmp_dir(dir, sizeof(dir), "profile");
	tmp_path(path, sizeof(path), "%s/p.json", dir);
	tp_make(&w, &kernel_costs, &port_costs, 101);
	/* samples in the order taken, with values that need all 17 digits */
	w.stat[0][RBSIM_COST_WAKEUP].samples[7] = 0.1 + 0.2;
	w.stat[1][RBSIM_COST_WAIT].samples[0] = 1e-300;
	w.stat[1][RBSIM_COST_WAIT].samples[1] = -3.5;
	snprintf(w.machine.cpu, sizeof(w.machine.cpu), "CPU \"quoted\" \\ tab\t");
	snprintf(w.trigger_syscall, sizeof(w.trigger_syscall), "raw-syscall");
	w.machine.preempt = RBSIM_PREEMPT_LAZY;
	snprintf(w.machine.preempt_from, sizeof(w.machine.preempt_from), "/proc/cmdline");
	w.passes = 3;
	w.spread = 40;
	w.port_write = RBSIM_WRITE_KERNEL;
	tp_set_idle(&w, 3, idle_slept, idle_kernel, idle_port);
	w.idle[1].stat[1].samples[2] = 0.1 + 0.2;
	tp_set_halt(&w, 171635.5, 3, train_slept, train_halts);
	tp_set_stops(&w, 100175529.5, 0.1 + 0.2 + 183e6, 110000000, 3);
	cr_assert_eq(rbsim_profile_write(path, &w, err, sizeof(err)), 0, "write: %s", err);
	read_ok(path, &r);

	cr_expect_str_eq(r.machine.host, w.machine.host, "host");
	cr_expect_str_eq(r.machine.cpu, w.machine.cpu, "cpu, escapes decoded");
	cr_expect_eq(r.machine.cpus, w.machine.cpus, "cpus");
	cr_expect_str_eq(r.machine.virt, w.machine.virt, "virtualization");
	cr_expect_str_eq(r.machine.kernel, w.machine.kernel, "kernel release");
	cr_expect_str_eq(r.machine.kernel_version, w.machine.kernel_version, "kernel version");
	cr_expect_eq(r.machine.preempt, RBSIM_PREEMPT_LAZY, "preemption model");
	cr_expect_str_eq(r.machine.preempt_from, "/proc/cmdline", "where it was read");
	cr_expect_str_eq(r.date, w.date, "date");
	cr_expect_str_eq(r.git, w.git, "git");
	cr_expect_str_eq(r.rbsim, w.rbsim, "rbsim");
	cr_expect_str_eq(r.trigger_syscall, "raw-syscall", "trigger_syscall");
	cr_expect_eq(r.samples, 101, "samples");
	cr_expect_eq(r.passes, 3, "passes");
	cr_expect_eq(r.spread, 40, "spread");
	cr_expect_eq(r.port_write, RBSIM_WRITE_KERNEL, "port_write");
	cr_expect_eq(r.version, RBSIM_PROFILE_VERSION, "written as the latest version");
	for (int s = 0; s < RBSIM_NSIDES; s++) {
		for (int k = 0; k < RBSIM_NCOSTS; k++) {
			const struct rbsim_cost_stat *a = &w.stat[s][k], *b = &r.stat[s][k];

			cr_expect_eq(b->n, a->n, "%s n", rbsim_cost_descs[k].name);
			cr_expect(b->median == a->median && b->p25 == a->p25 && b->p75 == a->p75 &&
				  b->min == a->min && b->max == a->max, "%s: the statistics",
				  rbsim_cost_descs[k].name);
			cr_expect(!memcmp(a->samples, b->samples, a->n * sizeof(double)),
				  "%s side %d: every sample, exactly", rbsim_cost_descs[k].name, s);
			/* 40 blocks: the spread costs' figures their blocks' mean */
			cr_expect(rbsim_cost_get(&r.side[s], k) ==
				  (rbsim_cost_spread(RBSIM_PROFILE_VERSION, k) ?
				   rbsim_block_mean(a->samples, a->n, 40) : a->median),
				  "%s figure", rbsim_cost_descs[k].name);
		}
	}
	cr_expect(r.side[RBSIM_SIDE_KERNEL].record_4096 == 480.25, "a median through the file");
	cr_assert_eq(r.nidle, 3, "the idle wake-ups");
	for (unsigned int i = 0; i < 3; i++) {
		cr_expect(r.idle[i].slept_ns == idle_slept[i], "point %u: slept %g", i,
			  r.idle[i].slept_ns);
		for (int s = 0; s < RBSIM_NSIDES; s++) {
			const struct rbsim_cost_stat *a = &w.idle[i].stat[s], *b = &r.idle[i].stat[s];

			cr_expect(b->n == 3 && b->median == a->median && b->p25 == a->p25 &&
				  b->max == a->max && !memcmp(a->samples, b->samples,
							     3 * sizeof(double)),
				  "point %u side %d: statistics and samples, exactly", i, s);
		}
	}
	cr_expect(r.idle[2].stat[RBSIM_SIDE_KERNEL].median == 139485, "a median through the file");
	cr_expect(r.halt.max_ns == 171635.5 && r.halt.short_nap_ns == 100000,
		  "halt polling: MAX %g, the short nap %g", r.halt.max_ns, r.halt.short_nap_ns);
	cr_assert_eq(r.halt.ntrains, 3, "the trains");
	for (unsigned int i = 0; i < 3; i++) {
		cr_expect(r.halt.train[i].slept_ns == train_slept[i] &&
			  r.halt.train[i].halts == train_halts[i], "train %u: slept %g, halts %u", i,
			  r.halt.train[i].slept_ns, r.halt.train[i].halts);
		for (int k = 0; k < RBSIM_PROFILE_HALT_PLACES; k++)
			cr_expect(r.halt.train[i].place_ns[k] == 1000.0 * (i + 1) + k,
				  "train %u place %d: %g", i, k, r.halt.train[i].place_ns[k]);
	}
	cr_expect(r.stops.period_ns == 100175529.5 && r.stops.quota_ns == 0.1 + 0.2 + 183e6 &&
		  r.stops.burst_ns == 110000000, "host stops: period %.17g, quota %.17g, burst %g",
		  r.stops.period_ns, r.stops.quota_ns, r.stops.burst_ns);
	cr_assert_eq(r.stops.nrounds, 3, "the rounds");
	for (unsigned int i = 0; i < 3; i++)
		cr_expect(r.stops.round[i].spin_ns == 3e9 && r.stops.round[i].stops == i + 2 &&
			  r.stops.round[i].stopped_ns == (i + 2) * 100175529.5 &&
			  r.stops.round[i].first_ns == 375000000.0 * (i + 1),
			  "round %u: %g %u %g %g", i, r.stops.round[i].spin_ns,
			  r.stops.round[i].stops, r.stops.round[i].stopped_ns,
			  r.stops.round[i].first_ns);
	rbsim_profile_free(&w);
	rbsim_profile_free(&r);
}

/* text as the whole of file path */
static void rewrite(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f, "rewrite %s", path);
	fputs(text, f);
	fclose(f);
}

/*
 * path: a new profile of the synthetic costs (the preemption model none)
 * written in version v's text (1: nor wakeup_busy)
 */
static void write_as_version(char *path, size_t len, int v)
{
	struct rbsim_profile w;
	char dir[256], err[512], name[16], *text;

	tmp_dir(dir, sizeof(dir), "profile");
	snprintf(name, sizeof(name), "v%d.json", v);
	tmp_path(path, len, "%s/%s", dir, name);
	tp_make(&w, &kernel_costs, &port_costs, 5);
	w.machine.preempt = RBSIM_PREEMPT_NONE;
	cr_assert_eq(rbsim_profile_write(path, &w, err, sizeof(err)), 0, "write: %s", err);
	rbsim_profile_free(&w);
	text = cli_read_file(path, NULL);
	cr_assert_not_null(text);
	tp_as_version(text, v);
	if (v < 2)
		tp_drop_cost(text, "wakeup_busy");
	rewrite(path, text);
	free(text);
}

/* cost k of r, missing from its version, read as cost from: its median and samples, each side */
static void expect_read_as(const struct rbsim_profile *r, int k, int from)
{
	for (int s = 0; s < RBSIM_NSIDES; s++) {
		const struct rbsim_cost_stat *a = &r->stat[s][from], *b = &r->stat[s][k];

		cr_expect(rbsim_cost_get(&r->side[s], k) == rbsim_cost_get(&r->side[s], from),
			  "side %d: %s is %s's median, got %g", s, rbsim_cost_descs[k].name,
			  rbsim_cost_descs[from].name, rbsim_cost_get(&r->side[s], k));
		cr_expect(b->n == a->n && b->median == a->median && b->p25 == a->p25 &&
			  b->p75 == a->p75 && !memcmp(a->samples, b->samples, a->n * sizeof(double)),
			  "side %d: and its samples", s);
	}
}

/*
 * cost k of r, missing from its version, read as 0 on both sides (one sample
 * each); cost kept, which the version has, as written
 */
static void expect_read_as_zero(const struct rbsim_profile *r, int k, int kept)
{
	for (int s = 0; s < RBSIM_NSIDES; s++) {
		const struct rbsim_cost_stat *st = &r->stat[s][k];
		const struct rbsim_costs *c = s ? &port_costs : &kernel_costs;

		cr_expect(rbsim_cost_get(&r->side[s], k) == 0, "side %d: %s 0, got %g", s,
			  rbsim_cost_descs[k].name, rbsim_cost_get(&r->side[s], k));
		cr_expect(st->n == 1 && st->samples[0] == 0 && st->median == 0 && st->max == 0,
			  "side %d: one sample of 0", s);
		cr_expect(rbsim_cost_get(&r->side[s], kept) == rbsim_cost_get(c, kept),
			  "side %d: the rest as written (%s)", s, rbsim_cost_descs[kept].name);
	}
}

static void expect_refused(const char *path, const char *msg, const char *name);
static char *edit(const char *text, const char *from, const char *to);

/* the profile at path with its first `from` made `to`: refused, saying msg */
static void expect_edit_refused(const char *path, const char *from, const char *to,
				const char *msg, const char *name)
{
	char *text = cli_read_file(path, NULL), *bad;

	cr_assert_not_null(text);
	bad = edit(text, from, to);
	rewrite(path, bad);
	free(text);
	free(bad);
	expect_refused(path, msg, name);
}

/*
 * Blocks across the gaps (settings.spread): notify, wait, wait_look and the
 * triggers are charged the mean of their blocks' medians, block j the
 * samples [j * n / blocks, (j + 1) * n / blocks); their "median" is read
 * as written; every other cost is charged its median. Version 15 reads the
 * same text with batch_gap among them too, version 13 (no wait_look among
 * them, and no batch_gap at all) with wait_look charged its median and
 * batch_gap 0.
 */
Test(profile, spread_costs_charge_their_blocks_mean)
{
	/* blocks [1 3] and [5 7 100] (5 samples in 2): medians 2 and 7 */
	static const double kernel[5] = { 1, 3, 5, 7, 100 }, port[5] = { 0, 0, 1, 1, 1 };
	static const enum rbsim_cost spread[] = { RBSIM_COST_NOTIFY, RBSIM_COST_WAIT,
						  RBSIM_COST_TRIGGER_SYSCALL,
						  RBSIM_COST_TRIGGER_RAW_SYSCALL,
						  RBSIM_COST_TRIGGER_TEST_RUN, RBSIM_COST_WAIT_LOOK,
						  RBSIM_COST_BATCH_GAP };
	struct rbsim_profile w, r;
	struct rbsim_costs delta;
	char *orig;
	char dir[256], path[300], err[512];

	cr_expect_float_eq(rbsim_block_mean(kernel, 5, 2), 4.5, 1e-12, "(2 + 7) / 2");
	cr_expect_float_eq(rbsim_block_mean(kernel, 5, 1), 5, 1e-12, "one block: the median");
	cr_expect_float_eq(rbsim_block_mean(kernel, 5, 5), 116.0 / 5, 1e-12, "five: the mean");
	for (int k = 0; k < RBSIM_NCOSTS; k++) {
		int n = 0;

		for (size_t i = 0; i < sizeof(spread) / sizeof(spread[0]); i++)
			n += (int)spread[i] == k;
		cr_expect_eq(rbsim_cost_spread(16, k), n == 1 && k != RBSIM_COST_BATCH_GAP,
			     "version 16: %s", rbsim_cost_descs[k].name);
		cr_expect_eq(rbsim_cost_spread(15, k), n == 1, "version 15: %s",
			     rbsim_cost_descs[k].name);
		cr_expect_eq(rbsim_cost_spread(14, k), n == 1 && k != RBSIM_COST_BATCH_GAP,
			     "version 14: %s", rbsim_cost_descs[k].name);
		cr_expect_eq(rbsim_cost_spread(13, k), n == 1 && k != RBSIM_COST_WAIT_LOOK &&
			     k != RBSIM_COST_BATCH_GAP,
			     "version 13: %s", rbsim_cost_descs[k].name);
		cr_expect(!rbsim_cost_spread(12, k), "version 12: none");
	}
	tmp_dir(dir, sizeof(dir), "profile");
	tmp_path(path, sizeof(path), "%s/p.json", dir);
	tp_make(&w, &kernel_costs, &port_costs, 5);
	w.passes = 2;
	w.spread = 2;
	for (int k = 0; k < RBSIM_NCOSTS; k++) {
		cr_assert_eq(rbsim_cost_stat_set(&w.stat[0][k], kernel, 5), 0);
		cr_assert_eq(rbsim_cost_stat_set(&w.stat[1][k], port, 5), 0);
	}
	cr_assert_eq(rbsim_profile_write(path, &w, err, sizeof(err)), 0, "write: %s", err);
	/*
	 * as written (version 16), then the same text called version 15
	 * (batch_gap among the spread costs), then version 13 (no batch_gap)
	 */
	orig = cli_read_file(path, NULL);
	cr_assert_not_null(orig);
	for (unsigned int v = 16; v >= 13; v -= v == 15 ? 2 : 1) {
		if (v < 16) {
			char *text = strdup(orig);

			cr_assert_not_null(text);
			tp_as_version(text, (int)v);
			rewrite(path, text);
			free(text);
		}
		read_ok(path, &r);
		cr_expect_eq(r.version, v, "version");
		cr_expect_eq(r.spread, 2, "spread");
		rbsim_profile_delta(&r, &delta);
		for (int k = 0; k < RBSIM_NCOSTS; k++) {
			const char *name = rbsim_cost_descs[k].name;

			if (v < 15 && k == RBSIM_COST_BATCH_GAP) {
				cr_expect(rbsim_cost_get(&r.side[0], k) == 0 &&
					  rbsim_cost_get(&r.side[1], k) == 0, "v%u %s: 0", v, name);
				continue;
			}
			cr_expect_float_eq(r.stat[0][k].median, 5, 1e-12, "%s: its median", name);
			if (rbsim_cost_spread(v, k)) {
				cr_expect_float_eq(rbsim_cost_get(&r.side[0], k), 4.5, 1e-12,
						   "v%u %s: the kernel's figure, its blocks' mean", v,
						   name);
				cr_expect_float_eq(rbsim_cost_get(&r.side[1], k), 0.5, 1e-12,
						   "v%u %s: the port's: (0 + 1) / 2", v, name);
				cr_expect_float_eq(rbsim_cost_get(&delta, k), 4, 1e-12,
						   "v%u %s: charged", v, name);
			} else {
				cr_expect_float_eq(rbsim_cost_get(&r.side[0], k), 5, 1e-12,
						   "v%u %s: its median", v, name);
				cr_expect_float_eq(rbsim_cost_get(&r.side[1], k), 1, 1e-12,
						   "v%u %s: the port's median", v, name);
			}
		}
		rbsim_profile_free(&r);
	}
	free(orig);
	/* the same written without blocks: every cost its median */
	w.spread = 0;
	cr_assert_eq(rbsim_profile_write(path, &w, err, sizeof(err)), 0, "write: %s", err);
	read_ok(path, &r);
	cr_expect_float_eq(rbsim_cost_get(&r.side[0], RBSIM_COST_NOTIFY), 5, 1e-12,
			   "no blocks: notify's median");
	rbsim_profile_free(&r);
	rbsim_profile_free(&w);
}

/*
 * A spread cost with fewer samples than the profile's blocks (each cost's
 * "n" is its own, not settings.samples) is refused, naming the blocks
 */
Test(profile, spread_blocks_beyond_a_costs_samples)
{
	static const double two[2] = { 1, 2 };
	struct rbsim_profile w, r;
	char dir[256], path[300], err[512];

	tmp_dir(dir, sizeof(dir), "profile");
	tmp_path(path, sizeof(path), "%s/p.json", dir);
	tp_make(&w, &kernel_costs, &port_costs, 3);
	w.passes = 2;
	w.spread = 3;
	cr_assert_eq(rbsim_cost_stat_set(&w.stat[0][RBSIM_COST_NOTIFY], two, 2), 0);
	cr_assert_eq(rbsim_profile_write(path, &w, err, sizeof(err)), 0, "write: %s", err);
	rbsim_profile_free(&w);
	cr_assert_eq(rbsim_profile_read(path, &r, err, sizeof(err)), -1, "refused");
	cr_expect(strstr(err, "\"spread\" in \"settings\" is 3: more blocks than a spread "
			 "cost has samples"), "names it: %s", err);
	cr_expect(!strchr(err, '\n'), "one line: %s", err);
}

/*
 * A version 14 profile (before batch_gap) is read: the gap after a full batch
 * costs 0 on both sides (one sample each), and a run of it charges a
 * batch's trigger alone (rbsim_inject_opts.has_gap); the same text called
 * version 15 is refused for the cost it lacks
 */
Test(profile, reads_version_14)
{
	struct rbsim_profile r;
	char path[300];

	write_as_version(path, sizeof(path), 14);
	read_ok(path, &r);
	cr_expect_eq(r.version, 14, "read as version 14");
	expect_read_as_zero(&r, RBSIM_COST_BATCH_GAP, RBSIM_COST_TRIGGER_SYSCALL);
	rbsim_profile_free(&r);
	expect_edit_refused(path, "\"version\": 14,", "\"version\": 15,", "\"batch_gap\"",
			    "version 15 without batch_gap");
}

/*
 * A version 12 profile (before "spread") is read as every cost from one
 * pass; the same text called version 13 is refused for the member it lacks
 */
Test(profile, reads_version_12)
{
	struct rbsim_profile r;
	char path[300];

	write_as_version(path, sizeof(path), 12);
	read_ok(path, &r);
	cr_expect_eq(r.version, 12, "read as version 12");
	cr_expect_eq(r.spread, 0, "no blocks across the gaps");
	rbsim_profile_free(&r);
	expect_edit_refused(path, "\"version\": 12,", "\"version\": 13,",
			    "\"settings\" has no \"spread\"", "version 13 without spread");
}

/*
 * A version 11 profile (before wait_look) is read: where a wait decides to
 * sleep costs 0 on both sides (one sample each), and a run of it charges its
 * waits as those profiles' runs did (rbsim_inject_opts.has_look); the same
 * text called version 12 is refused for the cost it lacks
 */
Test(profile, reads_version_11)
{
	struct rbsim_profile r;
	char path[300];

	write_as_version(path, sizeof(path), 11);
	read_ok(path, &r);
	cr_expect_eq(r.version, 11, "read as version 11");
	expect_read_as_zero(&r, RBSIM_COST_WAIT_LOOK, RBSIM_COST_WAIT_ENTER);
	rbsim_profile_free(&r);
	expect_edit_refused(path, "\"version\": 11,", "\"version\": 12,", "\"wait_look\"",
			    "version 12 without wait_look");
}

/*
 * A version 10 profile (before "host_stops") is read with none; the same
 * text with it is refused
 */
Test(profile, reads_version_10)
{
	struct rbsim_profile r;
	char path[300];

	write_as_version(path, sizeof(path), 10);
	read_ok(path, &r);
	cr_expect_eq(r.version, 10, "read as version 10");
	cr_expect(r.stops.period_ns == 0 && r.stops.nrounds == 0, "no host stops");
	cr_expect_eq(r.port_write, RBSIM_WRITE_PLACE, "the rest as written");
	rbsim_profile_free(&r);
	expect_edit_refused(path, "\n}\n", ",\n  \"host_stops\": null\n}\n",
			    "unknown member \"host_stops\" in the profile",
			    "version 10 with host_stops");
}

/*
 * A version 9 profile (before "halt_polling") is read with none; the same
 * text with it is refused
 */
Test(profile, reads_version_9)
{
	struct rbsim_profile r;
	char path[300];

	write_as_version(path, sizeof(path), 9);
	read_ok(path, &r);
	cr_expect_eq(r.version, 9, "read as version 9");
	cr_expect(r.halt.max_ns == 0 && r.halt.ntrains == 0, "no halt polling");
	cr_expect_eq(r.port_write, RBSIM_WRITE_PLACE, "the rest as written");
	rbsim_profile_free(&r);
	expect_edit_refused(path, "\n}\n", ",\n  \"halt_polling\": null\n}\n",
			    "unknown member \"halt_polling\" in the profile",
			    "version 9 with halt_polling");
}

/*
 * none seen: "halt_polling" and "host_stops" null, read as none; anything
 * but null or an object refused
 */
Test(profile, none_seen_written_null)
{
	struct rbsim_profile w, r;
	char dir[256], path[300], err[512], *text;

	tmp_dir(dir, sizeof(dir), "profile");
	tmp_path(path, sizeof(path), "%s/null.json", dir);
	tp_make(&w, &kernel_costs, &port_costs, 3);
	cr_assert_eq(rbsim_profile_write(path, &w, err, sizeof(err)), 0, "write: %s", err);
	rbsim_profile_free(&w);
	text = cli_read_file(path, NULL);
	cr_assert_not_null(text);
	cr_expect(strstr(text, ",\n  \"halt_polling\": null,\n  \"host_stops\": null\n}\n"),
		  "written null: %s", text);
	read_ok(path, &r);
	cr_expect(r.halt.max_ns == 0 && r.halt.ntrains == 0, "no halt polling");
	cr_expect(r.stops.period_ns == 0 && r.stops.nrounds == 0, "no host stops");
	rbsim_profile_free(&r);
	expect_edit_refused(path, "\"halt_polling\": null", "\"halt_polling\": 3",
			    "\"halt_polling\" is a number, not an object or null", "a number");
	rewrite(path, text);
	expect_edit_refused(path, "\"host_stops\": null", "\"host_stops\": []",
			    "\"host_stops\" is an array, not an object or null", "an array");
	free(text);
}

/*
 * A version 8 profile (before "idle_wakeups") is read with none; the same
 * text with them is refused
 */
Test(profile, reads_version_8)
{
	struct rbsim_profile r;
	char path[300];

	write_as_version(path, sizeof(path), 8);
	read_ok(path, &r);
	cr_expect_eq(r.version, 8, "read as version 8");
	cr_expect_eq(r.nidle, 0, "no idle wake-ups");
	cr_expect_eq(r.port_write, RBSIM_WRITE_PLACE, "the rest as written");
	rbsim_profile_free(&r);
	expect_edit_refused(path, "\n}\n", ",\n  \"idle_wakeups\": { \"unit\": \"ns\", "
			    "\"what\": \"\", \"points\": [] }\n}\n",
			    "unknown member \"idle_wakeups\" in the profile",
			    "version 8 with idle_wakeups");
}

/*
 * A version 7 profile (before "port_write") is read as one whose port side
 * wrote its records in place; the same text with "port_write" is refused
 */
Test(profile, reads_version_7)
{
	struct rbsim_profile r;
	char path[300];

	write_as_version(path, sizeof(path), 7);
	read_ok(path, &r);
	cr_expect_eq(r.version, 7, "read as version 7");
	cr_expect_eq(r.passes, 1, "its passes");
	cr_expect_eq(r.port_write, RBSIM_WRITE_PLACE, "the port wrote in place");
	rbsim_profile_free(&r);
	expect_edit_refused(path, "\"trigger_syscall\": \"syscall\"",
			    "\"trigger_syscall\": \"syscall\", \"port_write\": \"kernel\"",
			    "unknown member \"port_write\" in \"settings\"",
			    "version 7 with port_write");
}

/*
 * A version 6 profile (before "passes") is read as made in one pass; the same
 * text called version 5 is refused for its notify_wake, which version 5 did
 * not have
 */
Test(profile, reads_version_6)
{
	struct rbsim_profile r, w;
	char path[300], *text;

	write_as_version(path, sizeof(path), 6);
	read_ok(path, &r);
	cr_expect_eq(r.version, 6, "read as version 6");
	cr_expect_eq(r.passes, 1, "one pass");
	tp_make(&w, &kernel_costs, &port_costs, 5);
	/* all as written but wait_look and batch_gap, which version 6 has not (read as 0) */
	for (int k = 0; k < RBSIM_NCOSTS; k++)
		cr_expect(rbsim_cost_get(&r.side[RBSIM_SIDE_KERNEL], k) ==
			  (k == RBSIM_COST_WAIT_LOOK || k == RBSIM_COST_BATCH_GAP ? 0 :
			   rbsim_cost_get(&w.side[RBSIM_SIDE_KERNEL], k)), "%s as written",
			  rbsim_cost_descs[k].name);
	rbsim_profile_free(&w);
	rbsim_profile_free(&r);
	text = cli_read_file(path, NULL);
	cr_assert_not_null(text);
	strstr(text, "\"version\": 6,")[11] = '5';
	rewrite(path, text);
	free(text);
	expect_refused(path, "unknown member \"notify_wake\"", "version 5 with notify_wake");
}

/*
 * A version 5 profile (before notify_wake) is read: the kernel's wake-up
 * point costs 0 on both sides (one sample each), and a run of it pays the
 * whole notification before its wake-up, as those profiles' runs did
 */
Test(profile, reads_version_5)
{
	struct rbsim_profile r;
	char path[300];

	write_as_version(path, sizeof(path), 5);
	read_ok(path, &r);
	cr_expect_eq(r.version, 5, "read as version 5");
	expect_read_as_zero(&r, RBSIM_COST_NOTIFY_WAKE, RBSIM_COST_RESERVE_FAIL);
	rbsim_profile_free(&r);
}

/*
 * A version 4 profile (before reserve_fail) is read: a refused reservation
 * costs 0 on both sides (one sample each), so it is charged nothing, as
 * those profiles' runs charged it
 */
Test(profile, reads_version_4)
{
	struct rbsim_profile r;
	struct rbsim_costs delta;
	char path[300];

	write_as_version(path, sizeof(path), 4);
	read_ok(path, &r);
	cr_expect_eq(r.version, 4, "read as version 4");
	expect_read_as_zero(&r, RBSIM_COST_RESERVE_FAIL, RBSIM_COST_WAIT_ENTER);
	rbsim_profile_delta(&r, &delta);
	cr_expect(delta.reserve_fail == 0, "charged nothing, got %g", delta.reserve_fail);
	rbsim_profile_free(&r);
}

/*
 * A version 3 profile (before wait_enter) is read: the part of a wait before
 * its re-poll is the whole wait, charged before it as those profiles were
 */
Test(profile, reads_version_3)
{
	struct rbsim_profile r;
	char path[300];

	write_as_version(path, sizeof(path), 3);
	read_ok(path, &r);
	cr_expect_eq(r.version, 3, "read as version 3");
	cr_expect_eq(r.machine.preempt, RBSIM_PREEMPT_NONE, "its model");
	expect_read_as(&r, RBSIM_COST_WAIT_ENTER, RBSIM_COST_WAIT);
	cr_expect(r.side[RBSIM_SIDE_KERNEL].wait == kernel_costs.wait, "the wait as written");
	rbsim_profile_free(&r);
}

/* A version 2 profile (before the preemption model) is read: the model is unknown */
Test(profile, reads_version_2)
{
	struct rbsim_profile r;
	char path[300];

	write_as_version(path, sizeof(path), 2);
	read_ok(path, &r);
	cr_expect_eq(r.version, 2, "read as version 2");
	cr_expect_eq(r.machine.preempt, RBSIM_PREEMPT_UNKNOWN, "no model: unknown");
	cr_expect_str_empty(r.machine.preempt_from, "read from nowhere");
	cr_expect(r.side[RBSIM_SIDE_KERNEL].wakeup_busy == kernel_costs.wakeup_busy,
		  "its costs read as before");
	rbsim_profile_free(&r);
}

/*
 * A version 1 profile (before wakeup_busy) is read: its one wake-up, taken
 * with the producer idle, stands for both
 */
Test(profile, reads_version_1)
{
	struct rbsim_profile r;
	char path[300];

	write_as_version(path, sizeof(path), 1);
	read_ok(path, &r);
	cr_expect_eq(r.version, 1, "read as version 1");
	expect_read_as(&r, RBSIM_COST_WAKEUP_BUSY, RBSIM_COST_WAKEUP);
	for (int s = 0; s < RBSIM_NSIDES; s++) {
		const struct rbsim_costs *c = s ? &port_costs : &kernel_costs;

		cr_expect(r.side[s].wakeup == c->wakeup, "side %d: the wake-up as written", s);
		cr_expect(r.side[s].wait == c->wait, "side %d: the rest as written", s);
	}
	rbsim_profile_free(&r);
}

Test(profile, write_replaces_whole)
{
	struct rbsim_profile w, r;
	char dir[256], path[300], err[512];
	struct stat st;

	tmp_dir(dir, sizeof(dir), "profile");
	tmp_path(path, sizeof(path), "%s/p.json", dir);
	/* an older, longer file: nothing of it may remain */
	tp_make(&w, &kernel_costs, &port_costs, 500);
	cr_assert_eq(rbsim_profile_write(path, &w, err, sizeof(err)), 0, "%s", err);
	rbsim_profile_free(&w);
	tp_make(&w, &kernel_costs, &port_costs, 5);
	cr_assert_eq(rbsim_profile_write(path, &w, err, sizeof(err)), 0, "%s", err);
	read_ok(path, &r);
	cr_expect_eq(r.samples, 5, "the new profile");
	cr_assert_eq(stat(path, &st), 0, "stat");
	cr_expect_eq(st.st_mode & 0777, 0644 & ~umask(022), "readable as any result (0%o)",
		     st.st_mode & 0777);
	rbsim_profile_free(&w);
	rbsim_profile_free(&r);
}

Test(profile, write_fails_whole)
{
	struct rbsim_profile w;
	char err[512];

	tp_make(&w, &kernel_costs, &port_costs, 3);
	cr_expect_eq(rbsim_profile_write("/nonexistent-dir/p.json", &w, err, sizeof(err)), -1,
		     "no such directory");
	cr_expect(!strncmp(err, "/nonexistent-dir/p.json: ", 25) && !strchr(err, '\n'),
		  "one line naming the file: %s", err);
	rbsim_profile_free(&w);
}

Test(profile, delta_never_negative)
{
	struct rbsim_profile p;
	struct rbsim_costs d;

	tp_make(&p, &kernel_costs, &port_costs, 3);
	rbsim_profile_delta(&p, &d);
	cr_expect(fabs(d.record_8 - 13) < 1e-9, "kernel - port: %g", d.record_8);
	cr_expect(d.record_256 == 0, "the port pays more: 0, got %g", d.record_256);
	cr_expect(d.wait == 0, "the port pays more: 0, got %g", d.wait);
	cr_expect(fabs(d.notify - 3187) < 1e-9, "notify %g", d.notify);
	cr_expect(fabs(d.trigger_test_run - 1674) < 1e-9, "trigger_test_run %g",
		  d.trigger_test_run);
	rbsim_profile_free(&p);
}

Test(profile, foreign_machine_named)
{
	struct rbsim_machine here;
	struct rbsim_profile p;
	char msg[512];

	rbsim_machine_here(&here);
	tp_make(&p, &kernel_costs, &port_costs, 3);
	cr_expect(!rbsim_profile_foreign(&p, &here, msg, sizeof(msg)), "made here: not foreign");
	snprintf(p.machine.kernel, sizeof(p.machine.kernel), "5.15.0-other");
	snprintf(p.machine.cpu, sizeof(p.machine.cpu), "Other CPU");
	cr_assert(rbsim_profile_foreign(&p, &here, msg, sizeof(msg)), "another kernel and CPU");
	cr_expect(strstr(msg, "5.15.0-other") && strstr(msg, "Other CPU"), "names the profile's: %s",
		  msg);
	cr_expect(strstr(msg, here.kernel) && strstr(msg, here.cpu), "and this machine's: %s", msg);
	cr_expect(!strchr(msg, '\n'), "one line");
	rbsim_profile_free(&p);
	tp_make(&p, &kernel_costs, &port_costs, 3);
	p.machine.cpus++;
	cr_expect(rbsim_profile_foreign(&p, &here, msg, sizeof(msg)), "another CPU count");
	rbsim_profile_free(&p);
}

/* ---- every bad file: one line, naming the file and the problem ---- */

/* the text of a good profile, for the cases that break one thing in it */
static char *good_text(size_t *len)
{
	struct rbsim_profile p;
	char dir[256], path[300], err[512], *buf;
	FILE *f;

	tmp_dir(dir, sizeof(dir), "profile");
	tmp_path(path, sizeof(path), "%s/good.json", dir);
	tp_make(&p, &kernel_costs, &port_costs, 3);
	tp_set_idle(&p, 3, idle_slept, idle_kernel, idle_port);
	tp_set_halt(&p, 171635, 3, train_slept, train_halts);
	tp_set_stops(&p, 100175529.5, 183000000, 110000000, 2);
	cr_assert_eq(rbsim_profile_write(path, &p, err, sizeof(err)), 0, "%s", err);
	rbsim_profile_free(&p);
	f = fopen(path, "r");
	cr_assert_not_null(f, "open");
	buf = calloc(1, 1 << 16);
	*len = fread(buf, 1, (1 << 16) - 1, f);
	fclose(f);
	return buf;
}

/* good text with the first `from` replaced by `to` */
static char *edit(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	char *out;

	cr_assert_not_null(at, "'%s' in the profile", from);
	out = calloc(1, strlen(text) + strlen(to) + 1);
	memcpy(out, text, (size_t)(at - text));
	strcat(out, to);
	strcat(out, at + strlen(from));
	return out;
}

struct bad_case {
	char name[32];
	char from[64], to[96]; /* an edit of the good text; from "" for whole contents in to */
	char msg[96];          /* what the line must say */
};

static struct bad_case bad_cases[] = {
	{ "empty", "", "", "not JSON: empty" },
	{ "not json", "", "hello", "not JSON: line 1 column 1: expected a value, found 'h'" },
	/* a line and column counted on from the nodes before them */
	{ "not json, line 3", "", "{\n  \"a\": [1,\n  2], \"b\": x\n}",
	  "not JSON: line 3 column 12: expected a value, found 'x'" },
	{ "truncated", "\"costs\": {", "\"costs\": {\n    \"record_8\": {",
	  "not JSON: line" },
	{ "trailing comma", "\"rbsim\": \"0.1\",", "\"rbsim\": \"0.1\",,",
	  "expected a member name in quotes" },
	{ "comma before brace", "\"port_write\": \"place\" }",
	  "\"port_write\": \"place\", }", "a comma before '}'" },
	{ "duplicate key", "\"rbsim\": \"0.1\",", "\"rbsim\": \"0.1\", \"rbsim\": \"0.2\",",
	  "the member \"rbsim\" twice" },
	{ "array", "", "[1, 2]", "not an rbsim profile (the file is an array" },
	{ "other format", "\"format\": \"rbsim-profile\"", "\"format\": \"other\"",
	  "not an rbsim profile" },
	{ "no format", "\"format\": \"rbsim-profile\",", "", "not an rbsim profile" },
	{ "version 17", "\"version\": 16", "\"version\": 17",
	  "profile format version 17; this rbsim reads versions 1 to 16" },
	{ "version 0", "\"version\": 16", "\"version\": 0",
	  "profile format version 0; this rbsim reads versions 1 to 16" },
	{ "version 4.5", "\"version\": 16", "\"version\": 4.5",
	  "profile format version 4.5; this rbsim reads versions 1 to 16" },
	{ "no version", "\"version\": 16,", "", "the profile has no \"version\"" },
	{ "version 2, preempt", "\"version\": 16", "\"version\": 2",
	  "unknown member \"preempt\" in \"kernel\"" },
	/* a later version's members in an earlier one: the first met is named */
	{ "version 3, passes", "\"version\": 16", "\"version\": 3",
	  "unknown member \"passes\" in \"settings\"" },
	{ "version 4, passes", "\"version\": 16", "\"version\": 4",
	  "unknown member \"passes\" in \"settings\"" },
	{ "version 6, passes", "\"version\": 16", "\"version\": 6",
	  "unknown member \"passes\" in \"settings\"" },
	/* from version 7 on the first met is spread, before port_write in "settings" */
	{ "version 7, spread", "\"version\": 16", "\"version\": 7",
	  "unknown member \"spread\" in \"settings\"" },
	{ "version 8, spread", "\"version\": 16", "\"version\": 8",
	  "unknown member \"spread\" in \"settings\"" },
	{ "version 11, spread", "\"version\": 16", "\"version\": 11",
	  "unknown member \"spread\" in \"settings\"" },
	{ "version 12, spread", "\"version\": 16", "\"version\": 12",
	  "unknown member \"spread\" in \"settings\"" },
	{ "no host_stops", ",\n  \"host_stops\"", ",\n  \"host_stop\"",
	  "unknown member \"host_stop\" in the profile" },
	{ "stops unit", "\"unit\": \"ns\",\n    \"what\": \"two CPUs",
	  "\"unit\": \"ms\",\n    \"what\": \"two CPUs",
	  "host_stops: unit \"ms\", expected \"ns\"" },
	{ "stops period 0", "\"period_ns\": 100175529.5", "\"period_ns\": 0",
	  "\"period_ns\" in \"host_stops\" is 0, not a number from 1e+06 to 3.6e+12" },
	{ "stops quota 0", "\"quota_ns\": 183000000", "\"quota_ns\": 0",
	  "\"quota_ns\" in \"host_stops\" is 0, not a number from 1 to" },
	{ "stops burst negative", "\"burst_ns\": 110000000", "\"burst_ns\": -1",
	  "\"burst_ns\" in \"host_stops\" is -1, not a number from 0 to" },
	{ "stops no rounds", "\"rounds\": [", "\"round\": [",
	  "unknown member \"round\" in \"host_stops\"" },
	{ "stops round a number", "\"rounds\": [\n", "\"rounds\": [ 3,\n",
	  "host_stops.rounds[0] is a number, not an object" },
	{ "stops six rounds", "\"rounds\": [\n", "\"rounds\": [ {}, {}, {}, {},\n",
	  "host_stops has 6 rounds, 1 to 4" },
	{ "stops first after spin", "\"first_ns\": 375000000", "\"first_ns\": 3000000001",
	  "\"first_ns\" in host_stops.rounds[0] is 3e+09, not a number from 0 to 3e+09" },
	{ "stops count", "\"stops\": 2,", "\"stops\": 2.5,",
	  "\"stops\" in host_stops.rounds[0] is 2.5, not a whole number" },
	{ "no halt_polling", ",\n  \"halt_polling\"", ",\n  \"halt_poling\"",
	  "unknown member \"halt_poling\" in the profile" },
	{ "halt unit", "\"unit\": \"ns\",\n    \"what\": \"the kernel's",
	  "\"unit\": \"us\",\n    \"what\": \"the kernel's",
	  "halt_polling: unit \"us\", expected \"ns\"" },
	{ "halt max 0", "\"max_ns\": 171635", "\"max_ns\": 0",
	  "\"max_ns\" in \"halt_polling\" is 0, not a number from 1" },
	{ "halt no short nap", "\"short_nap_ns\"", "\"short_ns\"",
	  "unknown member \"short_ns\" in \"halt_polling\"" },
	{ "train at max", "\"slept_ns\": 2043849.5", "\"slept_ns\": 171635",
	  "halt_polling.trains[0]: slept_ns 171635 is not above max_ns's 171635" },
	{ "trains not rising", "\"slept_ns\": 12065896", "\"slept_ns\": 2043849.5",
	  "halt_polling.trains[1]: slept_ns 2.04385e+06 is not above the train before's" },
	{ "halts 65", "\"halts\": 3,", "\"halts\": 65,",
	  "\"halts\" in halt_polling.trains[1] is 65, not a number from 0 to 64" },
	{ "places 8", "\"places\": [1000, ", "\"places\": [",
	  "halt_polling.trains[0].places has 8 numbers, not 9" },
	{ "place negative", "\"places\": [1000, ", "\"places\": [-1000, ",
	  "halt_polling.trains[0].places[0] is not a number from 0 to" },
	{ "train not object", "\"trains\": [\n", "\"trains\": [ \"x\",\n",
	  "halt_polling.trains[0] is a string, not an object" },
	{ "no idle_wakeups", ",\n  \"idle_wakeups\"", ",\n  \"idle_wakeup\"",
	  "unknown member \"idle_wakeup\" in the profile" },
	{ "idle unit", "\"unit\": \"ns\",\n    \"what\": \"wakeup",
	  "\"unit\": \"s\",\n    \"what\": \"wakeup", "idle_wakeups: unit \"s\", expected \"ns\"" },
	{ "idle not rising", "\"slept_ns\": 1000000,", "\"slept_ns\": 100000,",
	  "idle_wakeups.points[1]: slept_ns 100000 is not above the point before's 100000" },
	{ "idle slept 0", "\"slept_ns\": 100000,", "\"slept_ns\": 0,",
	  "\"slept_ns\" in idle_wakeups.points[0] is 0, not a number from 1" },
	{ "idle not object", "\"points\": [\n", "\"points\": [ 3,\n",
	  "idle_wakeups.points[0] is a number, not an object" },
	{ "idle no port", ",\n        \"port\": {", ",\n        \"prt\": {",
	  "unknown member \"prt\" in idle_wakeups.points[0]" },
	{ "idle quartiles", "\"median\": 20398.5, \"p25\": 20398,",
	  "\"median\": 20398.5, \"p25\": 20399,",
	  "idle_wakeups.points[0].kernel: min <= p25 <= median" },
	{ "bad port_write", "\"port_write\": \"place\"", "\"port_write\": \"copy\"",
	  "\"port_write\": \"copy\" is neither place nor kernel" },
	{ "no port_write", ", \"port_write\": \"place\"", "",
	  "\"settings\" has no \"port_write\"" },
	{ "passes zero", "\"passes\": 1,", "\"passes\": 0,",
	  "\"passes\" in \"settings\" is 0, not a whole number from 1" },
	{ "passes six", "\"passes\": 1,", "\"passes\": 6,", "\"passes\" in \"settings\" is 6" },
	{ "no spread", "\"spread\": 0, ", "", "\"settings\" has no \"spread\"" },
	{ "spread half", "\"spread\": 0,", "\"spread\": 1.5,",
	  "\"spread\" in \"settings\" is 1.5, not a whole number from 0" },
	/* a block across the gaps between passes: none with one pass, none empty */
	{ "spread one pass", "\"spread\": 0,", "\"spread\": 2,",
	  "\"spread\" in \"settings\" is 2 with one pass: no gap to take blocks in" },
	{ "spread over samples", "\"passes\": 1, \"spread\": 0,",
	  "\"passes\": 2, \"spread\": 4,",
	  "\"spread\" in \"settings\" is 4: more blocks than its 3 samples" },
	{ "no preempt", "\"preempt\": \"", "\"preempted\": \"",
	  "unknown member \"preempted\" in \"kernel\"" },
	{ "bad preempt", "\"preempt\": \"", "\"preempt\": \"x",
	  "is none of unknown, none, voluntary, lazy, full, rt" },
	{ "no wakeup_busy", "\"wakeup_busy\": {", "\"wakeup_bsy\": {",
	  "unknown member \"wakeup_bsy\"" },
	{ "missing cost", "\"wait\": {", "\"waits\": {", "unknown member \"waits\"" },
	{ "unknown member", "\"git\":", "\"color\": 3, \"git\":", "unknown member \"color\"" },
	{ "median a string", "\"median\": 43.5,", "\"median\": \"43.5\",",
	  "\"median\" in costs.record_8.kernel is a string, not a number" },
	{ "negative median", "\"median\": 43.5,", "\"median\": -43.5,",
	  "\"median\" in costs.record_8.kernel is -43.5, not a number from 0" },
	{ "quartiles", "\"p25\": 43", "\"p25\": 44", "min <= p25 <= median <= p75 <= max" },
	{ "n and samples", "\"n\": 3,", "\"n\": 4,", "has 3 samples, \"n\" says 4" },
	{ "sample not a number", "\"samples\": [42.5", "\"samples\": [null",
	  "sample 1 of costs.record_8.kernel is not a number of ns" },
	{ "unit", "\"unit\": \"ns\"", "\"unit\": \"us\"", "unit \"us\", expected \"ns\"" },
	{ "samples zero", "\"samples\": 3,", "\"samples\": 0,",
	  "\"samples\" in \"settings\" is 0, not a whole number from 1" },
	{ "bad escape", "\"git\": \"synthetic\"", "\"git\": \"syn\\qthetic\"",
	  "an unknown escape \\q" },
	{ "control char", "\"git\": \"synthetic\"", "\"git\": \"syn\tthetic\"",
	  "a control character (0x09) in a string" },
	{ "text after", "", "{} {}", "expected the end of the file after the value" },
	{ "control byte", "", "{\"for\x01mat\": 1}", "a control character (0x01)" },
	{ "unprintable", "", "\x02", "expected a value, found 0x02" },
};

ParameterizedTestParameters(profile, bad_file)
{
	return cr_make_param_array(struct bad_case, bad_cases,
				   sizeof(bad_cases) / sizeof(bad_cases[0]));
}

static void expect_refused(const char *path, const char *msg, const char *name)
{
	struct rbsim_profile p;
	char err[512];

	cr_assert_eq(rbsim_profile_read(path, &p, err, sizeof(err)), -1, "%s: refused", name);
	cr_expect(!strncmp(err, path, strlen(path)) && !strncmp(err + strlen(path), ": ", 2),
		  "%s: the line starts with the file: %s", name, err);
	cr_expect(strstr(err, msg), "%s: says '%s': %s", name, msg, err);
	cr_expect(!strchr(err, '\n'), "%s: one line: %s", name, err);
}

ParameterizedTest(struct bad_case *c, profile, bad_file)
{
	char dir[256], path[300], *text, *bad;
	size_t len;
	FILE *f;

	tmp_dir(dir, sizeof(dir), "profile");
	tmp_path(path, sizeof(path), "%s/bad.json", dir);
	text = good_text(&len);
	bad = c->from[0] ? edit(text, c->from, c->to) : strdup(c->to);
	f = fopen(path, "w");
	cr_assert_not_null(f, "create");
	fputs(bad, f);
	fclose(f);
	expect_refused(path, c->msg, c->name);
	free(text);
	free(bad);
}

Test(profile, missing_directory_nul)
{
	char dir[256], path[300];
	int fd;

	tmp_dir(dir, sizeof(dir), "profile");
	tmp_path(path, sizeof(path), "%s/none.json", dir);
	expect_refused(path, "no such file", "missing");
	expect_refused(dir, "not a regular file", "a directory");
	tmp_path(path, sizeof(path), "%s/nul.json", dir);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	cr_assert_geq(fd, 0, "create");
	cr_assert_eq(write(fd, "{\0}", 3), 3, "write");
	close(fd);
	expect_refused(path, "a NUL byte", "binary");
}

/* without the capabilities that let root read anything */
static void drop_dac(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];

	cr_assert_eq(syscall(SYS_capget, &h, d), 0, "capget");
	for (int i = 0; i < 2; i++) {
		d[i].effective &= ~((1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH));
	}
	cr_assert_eq(syscall(SYS_capset, &h, d), 0, "capset");
}

Test(profile, unreadable)
{
	struct rbsim_profile p;
	char dir[256], path[300], err[512];

	tmp_dir(dir, sizeof(dir), "profile");
	tmp_path(path, sizeof(path), "%s/p.json", dir);
	tp_write(path, &kernel_costs, &port_costs);
	cr_assert_eq(chmod(path, 0), 0, "chmod");
	/* Criterion runs each test in its own process: the capabilities go with it */
	drop_dac();
	expect_refused(path, "Permission denied", "mode 000");
	cr_assert_eq(chmod(path, 0644), 0, "chmod back");
	cr_expect_eq(rbsim_profile_read(path, &p, err, sizeof(err)), 0, "readable again: %s", err);
	rbsim_profile_free(&p);
}

/*
 * calibrate --passes keeps the middle pass of each cost: the median's index
 * for an odd count, the lower middle one for an even count, among equal
 * values the one a stable sort puts there
 */
Test(profile, middle_index)
{
	static const struct {
		double v[5];
		unsigned int n, want;
	} cases[] = {
		{ { 7 }, 1, 0 },
		{ { 5, 1, 3 }, 3, 2 },
		{ { 4441.5, 5847.2, 4389.0 }, 3, 0 },
		{ { 1262, 1233, 1262 }, 3, 0 },
		{ { 2, 2, 2 }, 3, 1 },
		{ { 4, 1, 3, 2 }, 4, 3 },
		{ { 9, 9, 1, 1 }, 4, 3 },
		{ { 50, 40, 30, 20, 10 }, 5, 2 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_expect_eq(rbsim_middle_index(cases[i].v, cases[i].n), cases[i].want,
			     "case %zu: want %u, got %u", i, cases[i].want,
			     rbsim_middle_index(cases[i].v, cases[i].n));
	cr_expect_eq(rbsim_middle_index(NULL, 0), 0, "none: 0");
}
