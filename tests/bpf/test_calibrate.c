// SPDX-License-Identifier: GPL-2.0-only
/*
 * `rbsim calibrate` end to end on the running kernel, and two short
 * predictions: the calibrated port is closer to the kernel than the pure
 * port, back to back with a notification a record, and on the default
 * workload with both threads on one CPU. Without
 * privileges calibrate exits 77 (1 with RBSIM_REQUIRE_KERNEL=1) with one line
 * naming the missing capability; the tests that need the kernel skip
 * without it, or fail when RBSIM_REQUIRE_KERNEL is set (CI).
 */
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "sim/preempt.h"
#include "sim/profile.h"
#include "tests/helpers/cli.h"
#include "tests/helpers/run.h"

TestSuite(calibrate, .timeout = 120);

#define SAMPLES 40

/* bad options: one line, exit 2, no profile */
Test(calibrate, bad_options)
{
	static const struct {
		const char *args[4];
		const char *msg;
	} cases[] = {
		{ { "--samples", "2" }, "rbsim calibrate: --samples 2: out of range (5-100000)\n" },
		{ { "-o", "/" }, "rbsim calibrate: -o /: a directory\n" },
		{ { "-o", "/nonexistent-dir/p.json" }, "rbsim calibrate: -o /nonexistent-dir/p.json: "
		  "cannot write there: No such file or directory\n" },
		{ { "--sample", "5" }, "rbsim calibrate: unknown option '--sample'" },
		{ { "--passes", "0" }, "rbsim calibrate: --passes 0: out of range (1-5)\n" },
		{ { "--passes", "6" }, "rbsim calibrate: --passes 6: out of range (1-5)\n" },
		{ { "--pass-gap", "601" }, "rbsim calibrate: --pass-gap 601: out of range "
		  "(0-600)\n" },
		{ { "--idle-ms", "60001" }, "rbsim calibrate: --idle-ms 60001: out of range "
		  "(0-60000)\n" },
		{ { "--idle-ms", "-1" }, "rbsim calibrate: --idle-ms -1: " },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cli_run r = cli_cmd("calibrate", cases[i].args);

		cr_expect_eq(r.status, 2, "%s: exit 2, got %d", cases[i].args[0], r.status);
		cr_expect(!strncmp(r.err, cases[i].msg, strlen(cases[i].msg)) &&
			  cli_lines(r.err) == 1, "want '%s', got '%s'", cases[i].msg, r.err);
		cr_expect_str_empty(r.out, "nothing on stdout");
		cli_free(&r);
	}
}

Test(calibrate, without_privileges)
{
	static const char *const noreq[] = { "RBSIM_REQUIRE_KERNEL=0", NULL };
	static const char *const req[] = { "RBSIM_REQUIRE_KERNEL=1", NULL };
	/* as compare and validate say it (sim/kernel_check.c) */
	static const char want77[] = "calibrate: skipped: needs root or CAP_BPF+CAP_PERFMON "
				     "(missing CAP_";
	static const char want1[] = "calibrate: FAIL: needs root or CAP_BPF+CAP_PERFMON "
				    "(missing CAP_";
	char path[256];
	const char *args[] = { "--samples", "5", "-o", path, NULL };
	struct cli_run r = { 0 };

	cx_tmp_path(path, sizeof(path), "p.json");
	cli_exec(&r, "calibrate", args, &(struct cli_opts){ .env = noreq, .drop_caps = true });
	cr_expect_eq(r.status, 77, "skipped, got %d: %s", r.status, r.err);
	cr_expect(!strncmp(r.err, want77, strlen(want77)) && cli_lines(r.err) == 1,
		  "one line: want '%s...', got '%s'", want77, r.err);
	cr_expect(access(path, F_OK), "no profile");

	cli_exec(&r, "calibrate", args, &(struct cli_opts){ .env = req, .drop_caps = true });
	cr_expect_eq(r.status, 1, "with RBSIM_REQUIRE_KERNEL=1: exit 1, got %d", r.status);
	cr_expect(!strncmp(r.err, want1, strlen(want1)) && cli_lines(r.err) == 1,
		  "one line: want '%s...', got '%s'", want1, r.err);
	cr_expect(access(path, F_OK), "no profile");
	cli_free(&r);
	cx_tmp_rm(path);
}

/*
 * a profile of this kernel in path, SAMPLES samples a cost, the idle
 * wake-ups' sleep IDLE_MS a length and side (with idle; without, none: the
 * runs of a real-time prediction charge no idle wake-up), the host's stops
 * counted over two rounds of stops_s seconds (0: not); r keeps the run
 */
#define IDLE_MS "100"
static void calibrate(struct cli_run *r, const char *path, bool quiet, bool idle,
		      const char *stops_s)
{
	char n[16];
	const char *args[] = { "--samples", n, "--idle-ms", idle ? IDLE_MS : "0",
			       "--host-stops", stops_s, "-o", path, quiet ? "-q" : NULL, NULL };

	snprintf(n, sizeof(n), "%d", SAMPLES);
	cli_exec(r, "calibrate", args, NULL);
	cli_skip_without_kernel(r);
	cr_assert_eq(r->status, 0, "calibrate: exit 0, got %d: %s", r->status, r->err);
}

/*
 * --passes 3: three whole measurements, each cost's from the pass whose
 * kernel - port is the middle one: the table's passes section has each
 * cost's three differences with the middle one starred, and the profile's
 * medians are that pass's (their difference the starred one, to the 0.1 ns
 * printed)
 */
Test(calibrate, passes_keep_the_middle_one)
{
	char path[256], err[512];
	const char *args[] = { "--samples", "20", "--passes", "3", "--pass-gap", "0",
			       "--idle-ms", "0", "--host-stops", "0", "-o", path, NULL };
	struct cli_run r = { 0 };
	struct rbsim_profile p;
	const char *sec;

	cx_tmp_path(path, sizeof(path), "p.json");
	cli_exec(&r, "calibrate", args, NULL);
	cli_skip_without_kernel(&r);
	cr_assert_eq(r.status, 0, "calibrate: exit 0, got %d: %s", r.status, r.err);
	for (int i = 1; i <= 3; i++) {
		char want[48];

		snprintf(want, sizeof(want), "calibrate: pass %d of 3\n", i);
		cr_expect(strstr(r.err, want), "progress: %s: %s", want, r.err);
	}
	sec = strstr(r.out, "  passes: kernel - port per pass, ns (* the middle one, kept)\n");
	cr_assert_not_null(sec, "the passes: %s", r.out);
	cr_assert_eq(rbsim_profile_read(path, &p, err, sizeof(err)), 0, "%s", err);
	for (int k = 0; k < RBSIM_NCOSTS; k++) {
		double d[3], lo, hi, mid, kept = NAN, diff;
		const char *row;
		char name[40], *end;
		int stars = 0;

		snprintf(name, sizeof(name), "\n  %s ", rbsim_cost_descs[k].name);
		row = strstr(sec, name);
		cr_assert_not_null(row, "a row for %s: %s", rbsim_cost_descs[k].name, sec);
		row += strlen(name);
		/* three figures, the kept one followed by a '*' */
		for (int i = 0; i < 3; i++, row = end) {
			d[i] = strtod(row, &end);
			cr_assert_neq(end, row, "%s: pass %d's figure", rbsim_cost_descs[k].name,
				      i + 1);
			if (*end == '*') {
				stars++;
				kept = d[i];
				end++;
			}
		}
		row += strspn(row, " ");
		cr_expect(*row == '\n', "three passes, no more: %s: %.40s", rbsim_cost_descs[k].name,
			  row);
		cr_expect_eq(stars, 1, "one pass kept for %s", rbsim_cost_descs[k].name);
		lo = fmin(d[0], fmin(d[1], d[2]));
		hi = fmax(d[0], fmax(d[1], d[2]));
		mid = d[0] + d[1] + d[2] - lo - hi;
		cr_expect(fabs(kept - mid) < 1e-9, "%s: the middle one of %.1f %.1f %.1f kept, "
			  "got %.1f", rbsim_cost_descs[k].name, d[0], d[1], d[2], kept);
		diff = rbsim_cost_get(&p.side[RBSIM_SIDE_KERNEL], (enum rbsim_cost)k) -
		       rbsim_cost_get(&p.side[RBSIM_SIDE_PORT], (enum rbsim_cost)k);
		cr_expect(fabs(diff - kept) <= 0.051, "%s: the profile's kernel - port %.3f is "
			  "the kept pass's %.1f", rbsim_cost_descs[k].name, diff, kept);
		cr_expect_eq(p.stat[RBSIM_SIDE_KERNEL][k].n, 20, "one pass's samples");
	}
	cr_expect_eq(p.nidle, 0, "--idle-ms 0: no idle wake-ups");
	cr_expect(p.halt.max_ns == 0 && p.halt.ntrains == 0, "nor halt polling");
	cr_expect(!strstr(r.out, "halt polling"), "nor its line: %s", r.out);
	cr_expect(!strstr(r.err, "asleep"), "nor their progress: %s", r.err);
	cr_expect(p.stops.period_ns == 0 && p.stops.nrounds == 0, "--host-stops 0: none");
	cr_expect(!strstr(r.err, "host stops") && !strstr(r.out, "host stops"),
		  "nor their progress or line: %s", r.out);
	rbsim_profile_free(&p);
	cli_free(&r);
	cx_tmp_rm(path);
}

/*
 * --passes 2 --pass-gap 2 with 20 samples: two blocks in the gap (one a
 * second), ten samples each: notify, wait, wait_look and the three
 * triggers are kept from them, marked after the passes' figures, none of
 * which is starred;
 * every other cost keeps one of its two passes; the profile says how many
 * blocks (settings.spread) and its medians' difference is the one printed
 */
Test(calibrate, spread_costs_from_the_gaps)
{
	char path[256], err[512];
	const char *args[] = { "--samples", "20", "--passes", "2", "--pass-gap", "2",
			       "--idle-ms", "0", "--host-stops", "0", "-o", path, NULL };
	struct cli_run r = { 0 };
	struct rbsim_profile p;
	const char *sec;
	int spread = 0;

	cx_tmp_path(path, sizeof(path), "p.json");
	cli_exec(&r, "calibrate", args, NULL);
	cli_skip_without_kernel(&r);
	cr_assert_eq(r.status, 0, "calibrate: exit 0, got %d: %s", r.status, r.err);
	cr_expect(strstr(r.err, "calibrate: gap 1 of 1, 2 s: the spread costs sampled in 2 "
			 "blocks\n"), "the gap's progress: %s", r.err);
	sec = strstr(r.out, "  passes: kernel - port per pass, ns (* the middle one, kept; notify, "
			    "wait, wait_look and the triggers: 2 blocks across the gaps, kept)\n");
	cr_assert_not_null(sec, "the passes: %s", r.out);
	cr_assert_eq(rbsim_profile_read(path, &p, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(p.spread, 2, "settings.spread");
	cr_expect_eq(p.passes, 2, "settings.passes");
	for (int k = 0; k < RBSIM_NCOSTS; k++) {
		const char *row, *tail = "* across the gaps\n";
		char name[40], *end;
		double d, diff, kept = NAN;
		int stars = 0, spreads = k == RBSIM_COST_NOTIFY || k == RBSIM_COST_WAIT ||
					 k == RBSIM_COST_TRIGGER_SYSCALL ||
					 k == RBSIM_COST_TRIGGER_RAW_SYSCALL ||
					 k == RBSIM_COST_TRIGGER_TEST_RUN ||
					 k == RBSIM_COST_WAIT_LOOK;

		snprintf(name, sizeof(name), "\n  %s ", rbsim_cost_descs[k].name);
		row = strstr(sec, name);
		cr_assert_not_null(row, "a row for %s: %s", rbsim_cost_descs[k].name, sec);
		row += strlen(name);
		for (int i = 0; i < 2 + spreads; i++, row = end) {
			d = strtod(row, &end);
			cr_assert_neq(end, row, "%s: figure %d", rbsim_cost_descs[k].name, i + 1);
			if (*end == '*') {
				stars++;
				kept = d;
				end++;
				cr_expect_eq(i == 2, spreads, "%s: the %s figure kept",
					     rbsim_cost_descs[k].name, spreads ? "third" : "a pass's");
			}
		}
		if (spreads) {
			row -= 1; /* the star */
			cr_expect(!strncmp(row, tail, strlen(tail)), "%s: %.40s",
				  rbsim_cost_descs[k].name, row);
			spread++;
		} else {
			row += strspn(row, " ");
			cr_expect(*row == '\n', "two passes, no more: %s: %.40s",
				  rbsim_cost_descs[k].name, row);
		}
		cr_expect_eq(stars, 1, "one figure kept for %s", rbsim_cost_descs[k].name);
		diff = rbsim_cost_get(&p.side[RBSIM_SIDE_KERNEL], (enum rbsim_cost)k) -
		       rbsim_cost_get(&p.side[RBSIM_SIDE_PORT], (enum rbsim_cost)k);
		cr_expect(fabs(diff - kept) <= 0.051, "%s: the profile's kernel - port %.3f is "
			  "the kept %.1f", rbsim_cost_descs[k].name, diff, kept);
		cr_expect_eq(p.stat[RBSIM_SIDE_KERNEL][k].n, 20, "%s: 20 samples",
			     rbsim_cost_descs[k].name);
	}
	cr_expect_eq(spread, 6, "six costs kept from the gaps");
	rbsim_profile_free(&p);
	cli_free(&r);
	cx_tmp_rm(path);
}

/*
 * the profile's figures a prediction rests on, kernel/port, for a failure's
 * message: a profile measured in another state than the runs is the first
 * suspect when one misses
 */
static const char *profile_says(const char *path, char *buf, size_t len)
{
	static const enum rbsim_cost keys[] = { RBSIM_COST_RECORD_8, RBSIM_COST_NOTIFY,
						RBSIM_COST_WAKEUP, RBSIM_COST_TRIGGER_SYSCALL,
						RBSIM_COST_WAIT };
	struct rbsim_profile p;
	char err[256];
	size_t n = 0;

	if (rbsim_profile_read(path, &p, err, sizeof(err))) {
		snprintf(buf, len, "(profile unreadable: %.200s)", err);
		return buf;
	}
	n += snprintf(buf, len, "profile (preempt=%s, from %s), kernel/port ns:",
		      rbsim_preempt_names[p.machine.preempt], p.machine.preempt_from);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]) && n < len; i++)
		n += snprintf(buf + n, len - n, " %s %.1f/%.1f", rbsim_cost_descs[keys[i]].name,
			      rbsim_cost_get(&p.side[RBSIM_SIDE_KERNEL], keys[i]),
			      rbsim_cost_get(&p.side[RBSIM_SIDE_PORT], keys[i]));
	rbsim_profile_free(&p);
	return buf;
}

/* the kernel side's median of one cost in the profile at path */
static double profile_cost(const char *path, enum rbsim_cost k)
{
	struct rbsim_profile p;
	char err[256];
	double v;

	cr_assert_eq(rbsim_profile_read(path, &p, err, sizeof(err)), 0, "%s", err);
	v = rbsim_cost_get(&p.side[RBSIM_SIDE_KERNEL], k);
	rbsim_profile_free(&p);
	return v;
}

Test(calibrate, end_to_end)
{
	struct rbsim_profile p;
	struct rbsim_machine here;
	struct cli_run r = { 0 };
	char path[256], err[512], msg[512];

	cx_tmp_path(path, sizeof(path), "p.json");
	calibrate(&r, path, false, true, "1");
	/* progress: one line per cost, then where the profile went */
	for (int k = 0; k < RBSIM_NCOSTS; k++) {
		char want[64];

		snprintf(want, sizeof(want), "calibrate: %s ", rbsim_cost_descs[k].name);
		cr_expect(strstr(r.err, want), "progress names %s: %s", rbsim_cost_descs[k].name,
			  r.err);
		cr_expect(strstr(r.out, rbsim_cost_descs[k].name), "the table has %s: %s",
			  rbsim_cost_descs[k].name, r.out);
	}
	cr_expect(strstr(r.err, "profile written to"), "says where: %s", r.err);

	cr_assert_eq(rbsim_profile_read(path, &p, err, sizeof(err)), 0, "%s", err);
	rbsim_machine_here(&here);
	cr_expect(!rbsim_profile_foreign(&p, &here, msg, sizeof(msg)), "made here: %s", msg);
	cr_expect_eq(p.machine.preempt, here.preempt, "this kernel's preemption model, %s",
		     rbsim_preempt_names[here.preempt]);
	cr_expect_str_eq(p.machine.preempt_from, here.preempt_from, "read where rbsim reads it");
	snprintf(msg, sizeof(msg), "calibrate: the kernel's preemption model: %s (%s)\n",
		 rbsim_preempt_names[here.preempt], here.preempt_from);
	cr_expect(strstr(r.err, msg), "progress says it (%s): %s", msg, r.err);
	cr_expect_eq(p.samples, SAMPLES, "samples");
	/* its port side wrote the records as the kernel's program does: auto runs so */
	cr_expect_eq(p.port_write, RBSIM_WRITE_KERNEL, "port_write kernel");
	for (int s = 0; s < RBSIM_NSIDES; s++) {
		for (int k = 0; k < RBSIM_NCOSTS; k++) {
			const struct rbsim_cost_stat *st = &p.stat[s][k];

			cr_expect_eq(st->n, SAMPLES, "%s: every sample kept",
				     rbsim_cost_descs[k].name);
			/*
			 * the port's wait re-polls first thing: recorded as 0. Its
			 * notification, a few atomics, is timed over a batch of forced
			 * commits, where it shows above the timing's noise
			 * (calibrate_measure.c): positive, as every other cost
			 */
			if (s == RBSIM_SIDE_PORT && k == RBSIM_COST_WAIT_ENTER)
				cr_expect(st->median == 0 && st->max == 0, "port wait_enter: 0, "
					  "got %g", st->median);
			else
				cr_expect(st->median > 0, "%s side %d: a positive median, got %g",
					  rbsim_cost_descs[k].name, s, st->median);
			cr_expect(st->min <= st->p25 && st->p25 <= st->median &&
				  st->median <= st->p75 && st->p75 <= st->max, "%s: quartiles",
				  rbsim_cost_descs[k].name);
		}
	}
	/*
	 * What cannot be otherwise: the kernel's trigger is a system call, the
	 * port's a function call; the kernel's notification an irq_work and its
	 * self-IPI, the port's a few atomics; a record of 4096 bytes costs more
	 * than one of 8.
	 */
	cr_expect_gt(rbsim_cost_get(&p.side[RBSIM_SIDE_KERNEL], RBSIM_COST_NOTIFY),
		     rbsim_cost_get(&p.side[RBSIM_SIDE_PORT], RBSIM_COST_NOTIFY),
		     "notify: kernel above port");
	for (int k = RBSIM_COST_TRIGGER_SYSCALL; k <= RBSIM_COST_TRIGGER_TEST_RUN; k++)
		cr_expect_gt(rbsim_cost_get(&p.side[RBSIM_SIDE_KERNEL], k),
			     rbsim_cost_get(&p.side[RBSIM_SIDE_PORT], k), "%s: kernel above port",
			     rbsim_cost_descs[k].name);
	for (int s = 0; s < RBSIM_NSIDES; s++)
		cr_expect_gt(p.side[s].record_4096, p.side[s].record_8, "4096 > 8 bytes");
	/*
	 * the kernel's gap between two batches goes through the system call
	 * and the program's entry and exit, stamped inside the program; the
	 * port's is a return and a call (calibrate fails when a batch comes
	 * back unstamped)
	 */
	cr_expect_gt(p.side[RBSIM_SIDE_KERNEL].batch_gap, p.side[RBSIM_SIDE_PORT].batch_gap,
		     "batch_gap: kernel (%g) above port (%g)", p.side[RBSIM_SIDE_KERNEL].batch_gap,
		     p.side[RBSIM_SIDE_PORT].batch_gap);
	/*
	 * a refused reservation skips the write and the commit of a record.
	 * Against the port's nothing is certain: a helper call against a
	 * function call, 3 ns apart on a family 26 EPYC (16.8 and 13.9 ns,
	 * results/vm-2026-12-02-20), and the port's slower than the kernel's
	 * under AddressSanitizer there
	 */
	cr_expect_lt(p.side[RBSIM_SIDE_KERNEL].reserve_fail, p.side[RBSIM_SIDE_KERNEL].record_8,
		     "the kernel's reserve_fail below its record_8");
	/* the way into the system call is part of the whole call */
	cr_expect_lt(p.side[RBSIM_SIDE_KERNEL].wait_enter, p.side[RBSIM_SIDE_KERNEL].wait,
		     "the kernel's wait_enter within its wait");
	/*
	 * the kernel's wait looks at the ring inside its system call, after the
	 * way in; the port's re-polling sleep looks in a function call, before
	 * its own: a later look on the kernel, past its way in
	 */
	cr_expect_gt(p.side[RBSIM_SIDE_KERNEL].wait_look, p.side[RBSIM_SIDE_PORT].wait_look,
		     "wait_look: kernel (%g) after port (%g)", p.side[RBSIM_SIDE_KERNEL].wait_look,
		     p.side[RBSIM_SIDE_PORT].wait_look);
	cr_expect_gt(p.side[RBSIM_SIDE_KERNEL].wait_look, p.side[RBSIM_SIDE_KERNEL].wait_enter,
		     "the kernel's look after its way into the system call");
	/*
	 * each sample's wake-up (try_to_wake_up()) comes before the woken
	 * consumer sees the record, the kernel's after its irq_work's self-IPI,
	 * the port's after its eventfd write's way into the system call
	 */
	for (int i = 0; i < SAMPLES; i++)
		for (int s = 0; s < RBSIM_NSIDES; s++)
			cr_expect_lt(p.stat[s][RBSIM_COST_NOTIFY_WAKE].samples[i],
				     p.stat[s][RBSIM_COST_WAKEUP_BUSY].samples[i],
				     "side %d, sample %d: woken before it saw the record", s, i);
	cr_expect_gt(p.side[RBSIM_SIDE_KERNEL].notify_wake, p.side[RBSIM_SIDE_PORT].notify_wake,
		     "notify_wake: kernel above port");
	/*
	 * the idle wake-ups: eight naps from 20 us to 50 ms, each with as many
	 * samples as IDLE_MS of sleep holds, 5 to SAMPLES, a progress line and
	 * a table row each; a point's sleep, timed from the consumer seen
	 * asleep to the commit, is the nap at least (clock_nanosleep() sleeps
	 * no less) and rises with it: a nap whose sleep did not (a loaded
	 * machine) is left out, with a warning naming it
	 */
	double kept_nap[RBSIM_PROFILE_MAX_IDLE] = { 0 };

	{
		static const double nap[] = { 20e3, 100e3, 150e3, 200e3, 300e3, 1e6, 10e6, 50e6 };
		unsigned int i = 0;

		for (unsigned int j = 0; j < sizeof(nap) / sizeof(nap[0]); j++) {
			double fit = atof(IDLE_MS) * 1e6 / nap[j];
			unsigned int n = fit > SAMPLES ? SAMPLES : fit < 5 ? 5 : (unsigned int)fit;
			char want[120];

			snprintf(want, sizeof(want), "rbsim calibrate: warning: the wake-up after a "
				 "nap of %.3f ms left out: ", nap[j] / 1e6);
			if (strstr(r.err, want))
				continue;
			cr_assert_lt(i, p.nidle, "nap %u kept: %s", j, r.err);
			cr_expect(p.idle[i].slept_ns >= nap[j], "point %u: %g ns asleep at least, "
				  "got %g", i, nap[j], p.idle[i].slept_ns);
			cr_expect(!i || p.idle[i].slept_ns > p.idle[i - 1].slept_ns, "point %u: "
				  "rising", i);
			for (int s = 0; s < RBSIM_NSIDES; s++) {
				const struct rbsim_cost_stat *st = &p.idle[i].stat[s];

				cr_expect_eq(st->n, n, "point %u side %d: %u samples, got %u", i,
					     s, n, st->n);
				cr_expect(st->median > 0 && st->min <= st->p25 &&
					  st->p25 <= st->median && st->median <= st->p75 &&
					  st->p75 <= st->max,
					  "point %u side %d: a positive median, quartiles", i, s);
			}
			snprintf(want, sizeof(want), "calibrate: wakeup after %6.2f ms asleep (%.3f "
				 "asked): kernel ", p.idle[i].slept_ns / 1e6, nap[j] / 1e6);
			cr_expect(strstr(r.err, want), "progress: %s: %s", want, r.err);
			snprintf(want, sizeof(want), "\n  wakeup, %.3g ms idle ",
				 p.idle[i].slept_ns / 1e6);
			cr_expect(strstr(r.out, want), "the table: %s: %s", want, r.out);
			kept_nap[i++] = nap[j];
		}
		cr_expect_eq(i, p.nidle, "every point kept was a nap not left out");
		cr_expect_geq(p.nidle, 1, "the first nap is never left out");
	}
	/*
	 * the halt polling: seen where an idle wake-up is at least twice the one
	 * before's (MAX: that point's sleep; the trains' short nap: the point
	 * before's nap), then a train after each of five long naps, the producer
	 * spinning through them (each sleep the nap at least), kept if its sleep
	 * rises above MAX and the one before's, else a warning names it; without
	 * a step, none, and the run says so
	 */
	{
		static const double long_nap[] = { 2e6, 4e6, 12e6, 30e6, 50e6 };
		unsigned int q, t = 0;
		char want[120];

		for (q = 1; q < p.nidle; q++)
			if (p.idle[q].stat[RBSIM_SIDE_KERNEL].median >=
			    2 * p.idle[q - 1].stat[RBSIM_SIDE_KERNEL].median)
				break;
		if (q >= p.nidle) {
			cr_expect(p.halt.max_ns == 0 && p.halt.ntrains == 0, "no step: no polling");
			cr_expect(strstr(r.err, "calibrate: no wake-up after a sleep twice the one "
					 "before's: no halt polling seen\n"), "said: %s", r.err);
			cr_expect(strstr(r.out, "\n  halt polling         none seen"), "the table: %s",
				  r.out);
		} else {
			cr_expect(p.halt.max_ns == p.idle[q].slept_ns, "MAX: point %u's sleep %g, got "
				  "%g", q, p.idle[q].slept_ns, p.halt.max_ns);
			cr_expect(p.halt.short_nap_ns == kept_nap[q - 1], "the short nap: %g, got %g",
				  kept_nap[q - 1], p.halt.short_nap_ns);
			for (unsigned int j = 0; j < sizeof(long_nap) / sizeof(long_nap[0]); j++) {
				const struct rbsim_halt_train *tr = &p.halt.train[t];

				snprintf(want, sizeof(want), "rbsim calibrate: warning: the train "
					 "after a nap of %.3f ms left out: ", long_nap[j] / 1e6);
				if (strstr(r.err, want))
					continue;
				cr_assert_lt(t, p.halt.ntrains, "train %u kept: %s", j, r.err);
				cr_expect(tr->slept_ns >= long_nap[j] && tr->slept_ns > p.halt.max_ns &&
					  (!t || tr->slept_ns > p.halt.train[t - 1].slept_ns),
					  "train %u: %g ns asleep, the nap at least, rising", t,
					  tr->slept_ns);
				cr_expect_leq(tr->halts, RBSIM_PROFILE_HALT_PLACES - 1, "train %u: "
					      "halts among the 8 short naps", t);
				for (int k = 0; k < RBSIM_PROFILE_HALT_PLACES; k++)
					cr_expect_gt(tr->place_ns[k], 0, "train %u place %d", t, k);
				snprintf(want, sizeof(want), "calibrate: halt polling: after %6.2f ms "
					 "asleep, %u slow wake-ups in a row", tr->slept_ns / 1e6,
					 tr->halts);
				cr_expect(strstr(r.err, want), "progress: %s: %s", want, r.err);
				t++;
			}
			cr_expect_eq(t, p.halt.ntrains, "every train kept was a nap not left out");
			snprintf(want, sizeof(want), "\n  halt polling         up to %.3g ms asleep;",
				 p.halt.max_ns / 1e6);
			cr_expect(strstr(r.out, want), "the table: %s: %s", want, r.out);
		}
	}
	/*
	 * the host's stops: two rounds of both CPUs busy 1 s after 1 s idle, a
	 * progress line each; none seen: null, and the table says so; else
	 * each round's stops within it, and the period, quota and burst as
	 * calibrate_stops.c derives them from the rounds (pooled from each
	 * first stop on)
	 */
	{
		char want[160];

		for (int i = 1; i <= 2; i++) {
			snprintf(want, sizeof(want), "calibrate: host stops, round %d of 2: CPUs ", i);
			cr_expect(strstr(r.err, want), "progress: %s: %s", want, r.err);
		}
		if (p.stops.period_ns == 0) {
			cr_expect_eq(p.stops.nrounds, 0, "none seen: null, no rounds read");
			cr_expect(strstr(r.out, "\n  host stops           none in 2 x 1 s of two busy "
					 "CPUs\n"), "the table: %s", r.out);
		} else {
			double stopped = 0, after = 0, over, first[2];
			unsigned int nf = 0;

			cr_assert_eq(p.stops.nrounds, 2, "two rounds");
			cr_expect_geq(p.stops.period_ns, 20e6, "a stop is 20 ms at least");
			for (unsigned int i = 0; i < 2; i++) {
				const struct rbsim_stop_round *rd = &p.stops.round[i];

				cr_expect_eq(rd->spin_ns, 1e9, "round %u: 1 s", i);
				cr_expect(rd->stops ? rd->first_ns < rd->spin_ns &&
					  rd->stopped_ns >= 20e6 * rd->stops :
					  rd->first_ns == 0 && rd->stopped_ns == 0,
					  "round %u: %u stops, %g ns, the first at %g", i, rd->stops,
					  rd->stopped_ns, rd->first_ns);
				if (!rd->stops)
					continue;
				stopped += rd->stopped_ns;
				after += rd->spin_ns - rd->first_ns;
				first[nf++] = rd->first_ns;
			}
			cr_assert_gt(nf, 0, "a round with a stop");
			over = fmin(stopped / after, 1);
			cr_expect(fabs(p.stops.quota_ns - (2 - over) * p.stops.period_ns) < 1,
				  "quota %g: 2 CPUs less %g", p.stops.quota_ns, over);
			cr_expect(fabs(p.stops.burst_ns - over * (nf == 2 ? (first[0] + first[1]) / 2 :
								  first[0])) < 1,
				  "burst %g: the overdraft before the first stop", p.stops.burst_ns);
			cr_expect(strstr(r.out, "\n  host stops          "), "the table: %s", r.out);
		}
	}
	rbsim_profile_free(&p);
	cli_free(&r);
	cx_tmp_rm(path);
}

/* the CPU time per record of one run of rbsim run args (--format csv) */
static double cpu_per_record(const char *const *args)
{
	struct cli_run r = { 0 };
	char v[64];
	double ns;

	cli_exec(&r, "run", args, NULL);
	cli_skip_without_kernel(&r);
	cr_assert_eq(r.status, 0, "run %s: exit 0, got %d: %s", args[1], r.status, r.err);
	cr_assert(cli_csv_value(r.out, "cpu_ns_per_record", v, sizeof(v)), "%s", r.out);
	ns = strtod(v, NULL);
	cli_free(&r);
	return ns;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

#define ROUNDS 7

/*
 * One producer of 8-byte records, libbpf consumer, a notification for every
 * record (--wakeup force), on the kernel, the pure port and the port
 * calibrated by a profile made here just before: the calibrated port's
 * figure must be closer to the kernel's (as a ratio) than the pure port's,
 * and within 1.5x of it.
 *
 * How it is made robust on a loaded 2-CPU machine: the workload runs back to
 * back (--b2b: one thread triggers a batch, then consumes it), which pays
 * every modelled cost (a record, the batch's trigger, the notifications, the
 * consumer's wait) and none of the scheduler's: run in parallel, the default
 * workload is bistable (issue 15) and its hits move 10x from run to run on
 * a shared machine. A notification per record makes the kernel's largest
 * extra cost the one measured: on the VM of results/vm-2026-12-01 the
 * kernel's notification costs 4.5 us against the port's 1.2 (a self-IPI
 * without IPI virtualization), so the pure port runs at about x0.37 of the
 * kernel's CPU time per record and the calibrated one at about x1.1; on the
 * same kind of VM on 2026-12-02 (the port's notification to a consumer that
 * is not asleep measured as 0) the pure port read x0.01 to x0.02, the
 * calibrated one x0.98 to x1.06 alone and x0.72 to x1.30 right after the
 * one-CPU prediction's runs. With
 * adaptive wake-ups (a notification per batch of 500) the two ports were
 * within noise of each other once the port's fast path got leaner, and the
 * test failed in an idle CI run. The figure is CPU time per record (user + system, the
 * BPF program's system call included, the setup left out), which time spent
 * preempted does not count in, unlike records per second. The three sides
 * run one after the other, 7 rounds, the first of each round rotating; each
 * port's figure is taken as a ratio to the kernel's of the same round (the
 * machine's speed moves by 10-20% between rounds at load 12), and the
 * medians of those ratios are compared; the calibrated port's must also be
 * within 1.5x of 1 (below). Each round's calibrated side runs on a profile
 * made just before the round (40 samples, about a second): on the Zen 4 vm
 * of results/vm-2026-12-02-15 the kernel's notification read 5.1 to 8.2 us
 * in profiles made seconds apart, and 15.0 us in one after which the
 * calibrated port ran at x1.90 of the kernel's CPU time a record: one profile
 * made before all the rounds measured another state of the host than the
 * rounds ran in.
 */
Test(calibrate, prediction_closer_than_pure_port)
{
	char path[256], says[512], notified[160];
	const char *base[] = { "--b2b", "--records", "100000", "--wakeup", "force", "--format",
			       "csv", "--transport" };
	const char *sides[3][12];
	double v[3], ratio[2][ROUNDS], pure, cal;
	struct cli_run r = { 0 };
	size_t n = 0;

	cx_tmp_path(path, sizeof(path), "p.json");
	for (int s = 0; s < 3; s++) {
		memcpy(sides[s], base, sizeof(base));
		sides[s][8] = s == 0 ? "kernel-ringbuf" : "ringbuf";
		sides[s][9] = s == 2 ? "--profile" : NULL;
		sides[s][10] = s == 2 ? path : NULL;
		sides[s][11] = NULL;
	}
	for (int i = 0; i < ROUNDS; i++) {
		/* this round's profile, the same path the calibrated side reads */
		calibrate(&r, path, true, false, "0");
		cli_free(&r);
		if (n < sizeof(notified))
			n += snprintf(notified + n, sizeof(notified) - n, " %.1f",
				      profile_cost(path, RBSIM_COST_NOTIFY) / 1000);
		for (int k = 0; k < 3; k++) {
			int s = (i + k) % 3;

			v[s] = cpu_per_record(sides[s]);
			cr_assert_gt(v[s], 0, "side %d: CPU time per record", s);
		}
		ratio[0][i] = v[1] / v[0];
		ratio[1][i] = v[2] / v[0];
	}
	for (int s = 0; s < 2; s++)
		qsort(ratio[s], ROUNDS, sizeof(double), cmp_double);
	pure = ratio[0][ROUNDS / 2];
	cal = ratio[1][ROUNDS / 2];
	cr_log_info("back to back, CPU time per record against the kernel's: pure x%.2f, "
		    "calibrated x%.2f; the kernel's notification (us):%s", pure, cal, notified);
	profile_says(path, says, sizeof(says));
	cr_expect_lt(fabs(log(cal)), fabs(log(pure)), "CPU time per record against the "
		     "kernel's (median of %d rounds): pure port x%.2f, calibrated port x%.2f: "
		     "the calibrated port is not closer; the last %s", ROUNDS, pure, cal, says);
	/*
	 * and close: within 1.5x, which a calibration that charges nothing
	 * (x0.37, or x0.02) cannot reach by chance. Not the 25%: Criterion runs
	 * other tests beside this one, and under them the calibrated port read
	 * x1.26 once while alone it reads about x1.1 (the 25% band is judged in
	 * the prediction benchmark, one job at a time)
	 */
	cr_expect(cal > 1 / 1.5 && cal < 1.5, "the calibrated port's CPU time per record is "
		  "x%.2f the kernel's, not within 1.5x; the kernel's notification in each "
		  "round's profile (us):%s; the last %s", cal, notified, says);
	cx_tmp_rm(path);
}

/* the figures of one run of rbsim run args (--format csv), all per record but hits */
struct figs {
	double hits;    /* records consumed a second of the run */
	double wakeups; /* consumer wake-ups a record */
};

static struct figs run_figs(const char *const *args)
{
	struct cli_run r = { 0 };
	struct figs f;
	char v[64];
	double produced, elapsed, wakeups;

	cli_exec(&r, "run", args, NULL);
	cli_skip_without_kernel(&r);
	cr_assert_eq(r.status, 0, "run %s: exit 0, got %d: %s", args[1], r.status, r.err);
	cr_assert(cli_csv_value(r.out, "produced", v, sizeof(v)), "%s", r.out);
	produced = strtod(v, NULL);
	cr_assert(cli_csv_value(r.out, "elapsed_s", v, sizeof(v)), "%s", r.out);
	elapsed = strtod(v, NULL);
	cr_assert(cli_csv_value(r.out, "wakeups", v, sizeof(v)), "%s", r.out);
	wakeups = strtod(v, NULL);
	cr_assert(produced > 0 && elapsed > 0, "%s", r.out);
	f.hits = produced / elapsed;
	f.wakeups = wakeups / produced;
	cli_free(&r);
	return f;
}

/*
 * The one-CPU prediction's premise: the profile knows that this kernel runs
 * a BPF program's batch unpreempted, so the calibrated port defers its
 * wake-ups to the batch's end. With the model unknown the calibrated port's
 * consumer preempts its producer as the pure port's does (CI read wake-ups
 * x10.25 against the pure port's x9.79 on a machine whose boot log had lost
 * its "Dynamic Preempt" line); under full preemption the kernel's consumer
 * may run at once too, and the test's claim is not this kernel's.
 */
static void premise(const char *path)
{
	struct rbsim_profile p;
	char err[256], from[sizeof(p.machine.preempt_from)];
	enum rbsim_preempt m;

	cr_assert_eq(rbsim_profile_read(path, &p, err, sizeof(err)), 0, "%s", err);
	m = p.machine.preempt;
	snprintf(from, sizeof(from), "%s", p.machine.preempt_from);
	rbsim_profile_free(&p);
	cr_assert_neq(m, RBSIM_PREEMPT_UNKNOWN, "the profile does not know this kernel's "
		      "preemption model (%s)", from);
	if (!rbsim_preempt_batch_atomic(m)) {
		cx_tmp_rm(path);
		cr_skip_test("this kernel preempts a BPF program's batch (preempt=%s, from %s)",
			     rbsim_preempt_names[m], from);
	}
}

#define ROUNDS_ONE_CPU 9

/*
 * The default workload (one producer of 8-byte records, adaptive wake-ups,
 * the libbpf consumer, batches of 500), both threads pinned to one CPU, on
 * the kernel, the pure port and the port calibrated by a profile made here:
 * the calibrated port's records a second and wake-ups a record must be
 * closer to the kernel's (as ratios) than the pure port's.
 *
 * One CPU, because there the scheduler, not an idle CPU, decides when the
 * woken consumer runs, and this kernel decides it the same way each run: on
 * a kernel without kernel preemption the consumer waits out the producer's
 * batch, and the calibrated port, pinned so, makes its batch's wake-ups at
 * the batch's end (sim/calibration.md, "A batch the scheduler cannot
 * preempt"). On the 2-vCPU EPYC VM (results/vm-2026-12-02-4 and -5,
 * `rbsim run -w 1 -d 2`) the calibrated port's hits were x0.90 to x1.03 of
 * the kernel's and its wake-ups a record x1.36 to x1.39; the pure port's
 * x0.35 to x0.37 and x11.7: its consumer preempts its producer at each
 * wake-up. Unpinned, the default workload is
 * bistable and its hits move 10x between runs (issue 15). The sides
 * alternate, the first of each round rotating; each port's figure is a ratio
 * to the kernel's of the same round, and the medians of the 9 are compared.
 * Each run is short (4 million records attempted, about 0.3 s) and its hits
 * move by 1.5x from one to the next with the scheduler's slices: with 5
 * rounds of half that length the medians of the pure port's hits ranged from
 * x0.32 to x0.67 over 14 runs of this test on an idle machine (2-vCPU EPYC
 * VM, 2026-12-02), the calibrated port's from x0.59 to x1.10.
 * make test runs it alone, after the other tests (scripts/run-tests.sh,
 * ALONE): beside them it once read x0.07, its profile made under their load.
 * Hits: closer than the pure port's; or, where the pure port's came within
 * issue 15's band (25%) by chance and hits cannot tell the two apart, the
 * calibrated port's within 1.5x (as the back-to-back test's bound). On a
 * host whose notifications cost 9 us (6 an hour before) the pure port's
 * read x0.84 to x0.94 over five runs and the calibrated port's x0.71 to
 * x0.86, the pure port's consumer preempting its producer at each of its 13
 * times as many wake-ups, which cost about what the kernel's records cost
 * beyond the port's; the calibrated port woke its consumer 1.9 times as
 * often as the kernel (2-vCPU EPYC VM of family 25 (Zen 3), 2026-12-06; the test from before that
 * day's changes read the same). Wake-ups a record stay strictly closer.
 */
#define ONE_CPU_BAND 0.25
#define ONE_CPU_FAR 1.5

Test(calibrate, prediction_default_workload_on_one_cpu)
{
	char path[256], cpu[16], says[512];
	const char *base[] = { "--records", "4000000", "--format", "csv", "--prod-affinity", cpu,
			       "--cons-affinity", cpu, "--transport" };
	const char *sides[3][14];
	double hits[2][ROUNDS_ONE_CPU], wk[2][ROUNDS_ONE_CPU], pure, cal;
	struct cli_run r = { 0 };
	struct figs f[3];
	int c = sched_getcpu();

	cr_assert_geq(c, 0, "sched_getcpu");
	snprintf(cpu, sizeof(cpu), "%d", c);
	cx_tmp_path(path, sizeof(path), "p.json");
	calibrate(&r, path, true, false, "0");
	cli_free(&r);
	premise(path);
	for (int s = 0; s < 3; s++) {
		memcpy(sides[s], base, sizeof(base));
		sides[s][9] = s == 0 ? "kernel-ringbuf" : "ringbuf";
		sides[s][10] = s == 2 ? "--profile" : NULL;
		sides[s][11] = s == 2 ? path : NULL;
		sides[s][12] = NULL;
	}
	for (int i = 0; i < ROUNDS_ONE_CPU; i++) {
		for (int k = 0; k < 3; k++) {
			int s = (i + k) % 3;

			f[s] = run_figs(sides[s]);
		}
		for (int s = 0; s < 2; s++) {
			hits[s][i] = f[s + 1].hits / f[0].hits;
			wk[s][i] = f[s + 1].wakeups / f[0].wakeups;
		}
	}
	for (int s = 0; s < 2; s++) {
		qsort(hits[s], ROUNDS_ONE_CPU, sizeof(double), cmp_double);
		qsort(wk[s], ROUNDS_ONE_CPU, sizeof(double), cmp_double);
	}
	cr_log_info("one CPU, against the kernel: hits pure x%.2f, calibrated x%.2f; wake-ups "
		    "pure x%.2f, calibrated x%.2f", hits[0][ROUNDS_ONE_CPU / 2],
		    hits[1][ROUNDS_ONE_CPU / 2], wk[0][ROUNDS_ONE_CPU / 2],
		    wk[1][ROUNDS_ONE_CPU / 2]);
	profile_says(path, says, sizeof(says));
	pure = hits[0][ROUNDS_ONE_CPU / 2];
	cal = hits[1][ROUNDS_ONE_CPU / 2];
	cr_expect(fabs(log(cal)) < fabs(log(pure)) ||
		  (fabs(pure - 1) <= ONE_CPU_BAND && fabs(log(cal)) <= log(ONE_CPU_FAR)),
		  "records a second against the kernel's (median of %d rounds): pure port "
		  "x%.2f, calibrated port x%.2f: the calibrated port is not closer (and not "
		  "within %.1fx where the pure port came within %.0f%%); %s", ROUNDS_ONE_CPU,
		  pure, cal, ONE_CPU_FAR, ONE_CPU_BAND * 100, says);
	cr_expect_lt(fabs(log(wk[1][ROUNDS_ONE_CPU / 2])), fabs(log(wk[0][ROUNDS_ONE_CPU / 2])),
		     "wake-ups a record against the kernel's (median of %d rounds): pure port "
		     "x%.2f, calibrated port x%.2f: the calibrated port is not closer; %s",
		     ROUNDS_ONE_CPU, wk[0][ROUNDS_ONE_CPU / 2], wk[1][ROUNDS_ONE_CPU / 2], says);
	cx_tmp_rm(path);
}
