// SPDX-License-Identifier: GPL-2.0-only
/*
 * `rbsim run --profile FILE` from the outside: a bad profile file is one line
 * naming the file and the problem, exit 2, nothing written; a profile made
 * on another kernel or machine runs with one warning line naming both; the
 * rows and the text report name the profile; with --virtual (and rbsim
 * size) the profile's kernel costs are virtual time's. The parser itself, every bad
 * file, is tests/sim/test_profile.c; what the charges cost,
 * tests/sim/test_inject.c.
 */
#include <errno.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <criterion/criterion.h>

#include "sim/preempt.h"
#include "tests/helpers/cli.h"
#include "tests/helpers/profile.h"
#include "tests/helpers/run.h"
#include "tests/helpers/tmpdir.h"

TestSuite(run_profile, .timeout = 30);

static const struct rbsim_costs kcost = {
	.record_8 = 40, .record_256 = 60, .record_4096 = 300, .notify = 4000, .wakeup = 50000,
	.wakeup_busy = 30000, .trigger_syscall = 1200, .trigger_raw_syscall = 1250,
	.trigger_test_run = 1600, .wait = 1400, .reserve_fail = 25,
};
static const struct rbsim_costs pcost = {
	.record_8 = 30, .record_256 = 50, .record_4096 = 200, .notify = 1200, .wakeup = 45000,
	.wakeup_busy = 28000, .trigger_syscall = 30, .trigger_raw_syscall = 30,
	.trigger_test_run = 30, .wait = 1300,
};

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f, "%s", path);
	fputs(text, f);
	fclose(f);
}

/* rbsim run --profile profile: exit 2, one line "rbsim run: --profile FILE: want..." */
static void expect_refused(const char *profile, const char *want)
{
	char out[300], msg[600];
	const char *args[] = { "--records", "1000", "--format", "csv", "-o", out, "--profile",
			       profile, NULL };
	struct cli_run r = { 0 };
	struct stat st;

	tmp_path(out, sizeof(out), "%s.csv", profile);
	cli_exec(&r, "run", args, NULL);
	cr_expect_eq(r.status, 2, "%s: exit 2, got %d: %s", profile, r.status, r.err);
	snprintf(msg, sizeof(msg), "rbsim run: --profile %s: %s", profile, want);
	cr_expect(!strncmp(r.err, msg, strlen(msg)) && cli_lines(r.err) == 1,
		  "one line: want '%s...', got '%s'", msg, r.err);
	cr_expect(stat(out, &st) && errno == ENOENT, "%s: no -o file", profile);
	cli_free(&r);
}

Test(run_profile, bad_files_refused)
{
	char dir[256], path[300];
	struct rbsim_profile p;
	char err[512];

	tmp_dir(dir, sizeof(dir), "profile");
	tmp_path(path, sizeof(path), "%s/missing.json", dir);
	expect_refused(path, "no such file");

	tmp_path(path, sizeof(path), "%s/empty.json", dir);
	write_text(path, "");
	expect_refused(path, "not JSON: empty");

	tmp_path(path, sizeof(path), "%s/other.json", dir);
	write_text(path, "{ \"format\": \"something-else\", \"version\": 1 }\n");
	expect_refused(path, "not an rbsim profile");

	/* a version this rbsim does not read */
	tp_make(&p, &kcost, &pcost, 3);
	tmp_path(path, sizeof(path), "%s/v2.json", dir);
	cr_assert_eq(rbsim_profile_write(path, &p, err, sizeof(err)), 0, "%s", err);
	rbsim_profile_free(&p);
	{
		char *text = cli_read_file(path, NULL), *v16;
		char *v = strstr(text, "\"version\": 16,");

		cr_assert_not_null(v, "the version member: %s", text);
		v16 = calloc(1, strlen(text) + 2);
		cr_assert_not_null(v16);
		memcpy(v16, text, (size_t)(v - text) + 11);
		strcat(v16, "17");
		strcat(v16, v + 13);
		tmp_path(path, sizeof(path), "%s/v17.json", dir);
		write_text(path, v16);
		free(v16);
		free(text);
	}
	expect_refused(path, "profile format version 17; this rbsim reads versions 1 to 16");

	/* a directory */
	expect_refused(dir, "not a regular file");
}

/* a charged trigger, an unpreempted batch: a calibrated port's; the pure port refuses them */
Test(run_profile, profile_options_need_a_profile)
{
	static const struct {
		const char *opt, *val, *msg;
	} cases[] = {
		{ "--profile-trigger", "test-run", "rbsim run: --profile-trigger test-run: only "
		  "with --profile FILE (the pure port pays no trigger)\n" },
		{ "--profile-preempt", "batch", "rbsim run: --profile-preempt batch: only with "
		  "--profile FILE (the pure port's producers are scheduled as user "
		  "threads)\n" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *args[] = { "--records", "100", cases[i].opt, cases[i].val, NULL };
		struct cli_run r = { 0 };

		cli_exec(&r, "run", args, NULL);
		cr_expect_eq(r.status, 2, "%s: exit 2, got %d", cases[i].opt, r.status);
		cr_expect_str_eq(r.err, cases[i].msg, "one line");
		cli_free(&r);
	}
}

Test(run_profile, foreign_profile_warned)
{
	const char *args[] = { "--records", "2000", "--format", "csv", "--profile", NULL, NULL };
	struct rbsim_profile p;
	char path[300], err[512], here[128];
	struct cli_run r = { 0 };

	tp_make(&p, &kcost, &pcost, 3);
	snprintf(here, sizeof(here), "%s", p.machine.kernel);
	snprintf(p.machine.kernel, sizeof(p.machine.kernel), "4.19.0-elsewhere");
	tmp_path(path, sizeof(path), "%s/foreign.json", tmp_base());
	cr_assert_eq(rbsim_profile_write(path, &p, err, sizeof(err)), 0, "%s", err);
	rbsim_profile_free(&p);
	args[5] = path;
	cli_exec(&r, "run", args, NULL);
	cr_expect_eq(r.status, 0, "a foreign profile runs: %s", r.err);
	cr_expect_eq(cli_lines(r.err), 1, "one line on stderr: %s", r.err);
	cr_expect(strstr(r.err, "warning") && strstr(r.err, "4.19.0-elsewhere") &&
		  strstr(r.err, here), "the warning names both kernels (%s): %s", here, r.err);
	cli_free(&r);
}

Test(run_profile, rows_name_the_profile)
{
	const char *args[] = { "--records", "2000", "--format", "csv", "--profile", NULL, NULL };
	const char *text_args[] = { "--records", "2000", "--profile", NULL, NULL };
	const char *pure[] = { "--records", "2000", "--format", "csv", NULL };
	struct rbsim_profile p;
	char path[300], err[512], v[300];
	struct cli_run r = { 0 };

	tp_make(&p, &kcost, &pcost, 3);
	tmp_path(path, sizeof(path), "%s/here.json", tmp_base());
	cr_assert_eq(rbsim_profile_write(path, &p, err, sizeof(err)), 0, "%s", err);
	rbsim_profile_free(&p);
	args[5] = path;
	cli_exec(&r, "run", args, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect_str_empty(r.err, "a profile of this machine: no warning");
	cr_assert(cli_csv_value(r.out, "profile", v, sizeof(v)), "a profile column: %s", r.out);
	cr_expect_str_eq(v, path, "the column names the file");

	cli_exec(&r, "run", pure, NULL);
	cr_assert(cli_csv_value(r.out, "profile", v, sizeof(v)), "a profile column: %s", r.out);
	cr_expect_str_eq(v, "none", "the pure port: none");

	text_args[3] = path;
	cli_exec(&r, "run", text_args, NULL);
	cr_expect(strstr(r.out, path), "the text report names the profile: %s", r.out);
	cli_free(&r);
}

/* rbsim run args (--format csv): its vcosts column is want */
static void expect_vcosts(struct cli_run *r, const char **args, const char *want,
			  const char *what)
{
	char v[300];

	cli_exec(r, "run", args, NULL);
	cr_assert_eq(r->status, 0, "%s", r->err);
	cr_assert(cli_csv_value(r->out, "vcosts", v, sizeof(v)), "a vcosts column: %s", r->out);
	cr_expect_str_eq(v, want, "%s", what);
}

/*
 * --virtual --profile FILE: the engine's costs are the kernel's of the
 * profile (kcost): produce = record_8 40 + trigger_syscall 1200 / --batch
 * 100, notify 4000, wake = wakeup_busy 30000, poll = wait 1400, refuse =
 * reserve_fail 25 + the trigger's 12; record, which no profile measures,
 * keeps its default, and --vcosts given beside wins for the names it gives.
 * rbsim size says it too. A version 4 profile (no reserve_fail): refuse is
 * produce, as before.
 */
Test(run_profile, virtual_costs_from_the_profile)
{
	const char *args[] = { "--virtual", "--records", "2000", "--batch", "100", "--format",
			       "csv", "--profile", NULL, NULL, NULL, NULL };
	const char *sz[] = { "--records", "2000", "--rate", "1000", "--batch", "100", "--seeds",
			     "2", "--profile", NULL, NULL };
	struct rbsim_profile p;
	char path[300], err[512], v[300], want[700];
	struct cli_run r = { 0 };

	tp_make(&p, &kcost, &pcost, 3);
	tmp_path(path, sizeof(path), "%s/virtual.json", tmp_base());
	cr_assert_eq(rbsim_profile_write(path, &p, err, sizeof(err)), 0, "%s", err);
	rbsim_profile_free(&p);
	args[8] = path;
	expect_vcosts(&r, args, "produce=52,notify=4000,wake=30000,poll=1400,record=20,refuse=37",
		      "the profile's kernel costs");
	cr_assert(cli_csv_value(r.out, "profile", v, sizeof(v)), "a profile column");
	cr_expect_str_eq(v, path, "the column names the file");

	args[9] = "--vcosts";
	args[10] = "wake=7us,record=30";
	expect_vcosts(&r, args, "produce=52,notify=4000,wake=7000,poll=1400,record=30,refuse=37",
		      "--vcosts wins for the names it gives");

	args[5] = "--label";
	args[6] = "text";
	args[9] = NULL;
	cli_exec(&r, "run", args, NULL);
	snprintf(want, sizeof(want), "virtual time   costs produce 52ns, notify 4000ns, wake "
		 "30000ns, poll 1400ns, record 20ns, refuse 37ns, from --profile %s "
		 "(sim/vtime.md)", path);
	cr_expect(strstr(r.out, want), "the text report names the profile: %s", r.out);

	sz[9] = path;
	cli_exec(&r, "size", sz, NULL);
	cr_assert_eq(r.status, 0, "size: %s", r.err);
	snprintf(want, sizeof(want), "  costs        from --profile %s: produce 52 ns, notify "
		 "4000 ns, wake 30000 ns, poll 1400 ns, record 20 ns, refuse 37 ns\n", path);
	cr_expect(strstr(r.out, want), "size names the profile and its costs: %s", r.out);

	/* version 4: the same profile without reserve_fail, a refusal at a record's cost */
	{
		char *text = cli_read_file(path, NULL);
		FILE *f;

		cr_assert_not_null(text);
		/* and all that came after it: notify_wake, which size does not use, ... */
		tp_as_version(text, 4);
		f = fopen(path, "w");
		cr_assert_not_null(f);
		fputs(text, f);
		fclose(f);
		free(text);
	}
	args[5] = "--format";
	args[6] = "csv";
	expect_vcosts(&r, args, "produce=52,notify=4000,wake=30000,poll=1400,record=20,refuse=52",
		      "version 4: refuse as produce");
	cli_free(&r);
}

/*
 * --virtual --profile FILE of version 15: produce and refuse's share of the
 * trigger hold what the gap after a full batch adds beside a consumer on a
 * CPU of its own (batch_gap 1700 beyond trigger_syscall 1200: 500 at 500
 * records, 100 at --batch 100), so produce = 40 + (1200 + 100) / 100 and
 * refuse = 25 + 13; with --vplace shared (the consumer on the producer's
 * CPU) or --b2b (the consumer's thread produces), the trigger alone (52
 * and 37)
 */
Test(run_profile, virtual_costs_with_the_gap)
{
	struct rbsim_costs k = kcost;
	const char *args[] = { "--virtual", "--records", "2000", "--batch", "100", "--format",
			       "csv", "--profile", NULL, NULL, NULL, NULL };
	struct rbsim_profile p;
	char path[300], err[512];
	struct cli_run r = { 0 };

	k.batch_gap = 1700;
	tp_make(&p, &k, &pcost, 3);
	tmp_path(path, sizeof(path), "%s/gap.json", tmp_base());
	cr_assert_eq(rbsim_profile_write(path, &p, err, sizeof(err)), 0, "%s", err);
	rbsim_profile_free(&p);
	args[8] = path;
	expect_vcosts(&r, args, "produce=53,notify=4000,wake=30000,poll=1400,record=20,refuse=38",
		      "the gap's share beside a consumer");
	args[9] = "--vplace";
	args[10] = "shared";
	expect_vcosts(&r, args, "produce=52,notify=4000,wake=30000,poll=1400,record=20,refuse=37",
		      "--vplace shared: the trigger alone");
	args[9] = "--b2b";
	args[10] = NULL;
	expect_vcosts(&r, args, "produce=52,notify=4000,wake=30000,poll=1400,record=20,refuse=37",
		      "--b2b: the trigger alone");
	cli_free(&r);
}

/*
 * --virtual --profile FILE with halt polling: the engine's haltpoll= is the
 * profile's MAX and the trains that counted more halts than the one before
 * (more than 1 at first), rounded to the ns; --vcosts haltpoll= beside wins
 * (none: no polling)
 */
Test(run_profile, virtual_halt_polling_from_the_profile)
{
	static const double slept[] = { 100000, 200000 };
	static const double kern[] = { 15000, 45000 };
	static const double trains[] = { 2043849.5, 4046459.4, 12065896, 50003210 };
	static const unsigned int halts[] = { 1, 3, 3, 5 };
	const char *args[] = { "--virtual", "--rate", "1000", "-d", "1", "--format", "csv",
			       "--profile", NULL, NULL, NULL, NULL };
	struct rbsim_profile p;
	char path[300], err[512];
	struct cli_run r = { 0 };

	tp_make(&p, &kcost, &pcost, 3);
	tp_set_idle(&p, 2, slept, kern, kern);
	tp_set_halt(&p, 171635.4, 4, trains, halts);
	tmp_path(path, sizeof(path), "%s/halt.json", tmp_base());
	cr_assert_eq(rbsim_profile_write(path, &p, err, sizeof(err)), 0, "%s", err);
	rbsim_profile_free(&p);
	args[8] = path;
	expect_vcosts(&r, args, "produce=42,notify=4000,wake=30000,poll=1400,record=20,refuse=27,"
		      "idle=100000:15000/200000:45000,haltpoll=171635/4046459:3/50003210:5",
		      "MAX, and the trains whose halts rose");
	args[9] = "--vcosts";
	args[10] = "haltpoll=none";
	expect_vcosts(&r, args, "produce=42,notify=4000,wake=30000,poll=1400,record=20,refuse=27,"
		      "idle=100000:15000/200000:45000", "haltpoll=none: no polling");
	args[10] = "haltpoll=150us";
	expect_vcosts(&r, args, "produce=42,notify=4000,wake=30000,poll=1400,record=20,refuse=27,"
		      "idle=100000:15000/200000:45000,haltpoll=150000", "--vcosts haltpoll= wins");
	args[10] = "wake=7us";
	expect_vcosts(&r, args, "produce=42,notify=4000,wake=7000,poll=1400,record=20,refuse=27,"
		      "idle=100000:15000/200000:45000,haltpoll=171635/4046459:3/50003210:5",
		      "wake alone: the polling stays");
	/* trains that counted none (a host that kept polling): listed with 0, then what changed */
	{
		static const unsigned int none[] = { 0, 0, 2, 2 };

		tp_make(&p, &kcost, &pcost, 3);
		tp_set_idle(&p, 2, slept, kern, kern);
		tp_set_halt(&p, 171635.4, 4, trains, none);
		cr_assert_eq(rbsim_profile_write(path, &p, err, sizeof(err)), 0, "%s", err);
		rbsim_profile_free(&p);
		args[9] = NULL;
		expect_vcosts(&r, args, "produce=42,notify=4000,wake=30000,poll=1400,record=20,"
			      "refuse=27,idle=100000:15000/200000:45000,"
			      "haltpoll=171635/2043850:0/12065896:2", "0 halts listed");
	}
	cli_free(&r);
}

/*
 * --virtual --profile FILE with host stops: the engine's hoststop= is the
 * profile's quota, period and burst, rounded to the ns; --vcosts hoststop=
 * beside wins (none: no stops), and the text report says them
 */
Test(run_profile, virtual_host_stops_from_the_profile)
{
	const char *args[] = { "--virtual", "--rate", "1000", "-d", "1", "--format", "csv",
			       "--profile", NULL, NULL, NULL, NULL };
	struct rbsim_profile p;
	char path[300], err[512];
	struct cli_run r = { 0 };

	tp_make(&p, &kcost, &pcost, 3);
	tp_set_stops(&p, 100175529.5, 183012345.4, 110000000.6, 2);
	tmp_path(path, sizeof(path), "%s/stops.json", tmp_base());
	cr_assert_eq(rbsim_profile_write(path, &p, err, sizeof(err)), 0, "%s", err);
	rbsim_profile_free(&p);
	args[8] = path;
	expect_vcosts(&r, args, "produce=42,notify=4000,wake=30000,poll=1400,record=20,refuse=27,"
		      "hoststop=183012345/100175530/110000001", "quota, period, burst");
	args[9] = "--vcosts";
	args[10] = "hoststop=none";
	expect_vcosts(&r, args, "produce=42,notify=4000,wake=30000,poll=1400,record=20,refuse=27",
		      "hoststop=none: no stops");
	args[10] = "hoststop=1s/500ms";
	expect_vcosts(&r, args, "produce=42,notify=4000,wake=30000,poll=1400,record=20,refuse=27,"
		      "hoststop=1000000000/500000000/0", "--vcosts hoststop= wins");
	args[9] = NULL;
	args[5] = "--format";
	args[6] = "text";
	cli_exec(&r, "run", args, NULL);
	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cr_expect(strstr(r.out, "; the host stops a CPU for a 100175530ns period when the CPUs "
			 "used more than 183012345ns a period (110000001ns carried at most)"),
		  "the text says them: %s", r.out);
	cr_expect(strstr(r.out, "host_stops"), "and counts them: %s", r.out);
	cli_free(&r);
}

/*
 * --virtual --profile FILE with idle wake-ups: the engine's idle= points are
 * their kernel medians, rounded to the ns; --vcosts idle= given beside wins
 * (none: the wake-up whatever the sleep), and --vcosts naming only wake
 * keeps the profile's points. The text reports say them.
 */
Test(run_profile, virtual_idle_wake_ups_from_the_profile)
{
	static const double slept[] = { 100000, 1000000, 50000000 };
	static const double kern[] = { 20398.5, 68660, 139485.2 };
	static const double port[] = { 15269, 63154.5, 101642 };
	const char *args[] = { "--virtual", "--rate", "1000", "-d", "1", "--format", "csv",
			       "--profile", NULL, NULL, NULL, NULL };
	const char *sz[] = { "--records", "2000", "--rate", "1000", "--seeds", "2", "--profile",
			     NULL, NULL };
	struct rbsim_profile p;
	char path[300], err[512], want[700];
	struct cli_run r = { 0 };

	tp_make(&p, &kcost, &pcost, 3);
	tp_set_idle(&p, 3, slept, kern, port);
	tmp_path(path, sizeof(path), "%s/idle.json", tmp_base());
	cr_assert_eq(rbsim_profile_write(path, &p, err, sizeof(err)), 0, "%s", err);
	rbsim_profile_free(&p);
	args[8] = path;
	expect_vcosts(&r, args, "produce=42,notify=4000,wake=30000,poll=1400,record=20,refuse=27,"
		      "idle=100000:20399/1000000:68660/50000000:139485", "the kernel's, rounded");
	args[9] = "--vcosts";
	args[10] = "wake=7us";
	expect_vcosts(&r, args, "produce=42,notify=4000,wake=7000,poll=1400,record=20,refuse=27,"
		      "idle=100000:20399/1000000:68660/50000000:139485", "wake alone: idle stays");
	args[10] = "idle=2ms:40us";
	expect_vcosts(&r, args, "produce=42,notify=4000,wake=30000,poll=1400,record=20,refuse=27,"
		      "idle=2000000:40000", "--vcosts idle= wins");
	args[10] = "idle=none";
	expect_vcosts(&r, args, "produce=42,notify=4000,wake=30000,poll=1400,record=20,refuse=27",
		      "idle=none: no points");
	args[10] = "spread=drawn";
	expect_vcosts(&r, args, "produce=42,notify=4000,wake=30000,poll=1400,record=20,refuse=27,"
		      "idle=100000:20399/1000000:68660/50000000:139485,spread=drawn",
		      "each wake-up drawn from the profile's samples");

	args[9] = NULL;
	args[5] = "--label";
	args[6] = "text";
	cli_exec(&r, "run", args, NULL);
	cr_expect(strstr(r.out, "wake 30000ns (after sleeping 100000ns: 20399ns, 1000000ns: "
			 "68660ns, 50000000ns: 139485ns), poll 1400ns"), "the run's text: %s",
		  r.out);
	sz[7] = path;
	cli_exec(&r, "size", sz, NULL);
	cr_assert_eq(r.status, 0, "size: %s", r.err);
	snprintf(want, sizeof(want), "wake 30000 ns (after sleeping 100000ns: 20399ns, "
		 "1000000ns: 68660ns, 50000000ns: 139485ns), poll 1400 ns");
	cr_expect(strstr(r.out, want), "size's costs line: %s", r.out);
	cli_free(&r);
}

/* a profile of this machine whose kernel runs preemption model m */
static void profile_with_model(char *path, size_t len, enum rbsim_preempt m)
{
	struct rbsim_profile p;
	char err[512];

	tp_make(&p, &kcost, &pcost, 3);
	p.machine.preempt = m;
	snprintf(p.machine.preempt_from, sizeof(p.machine.preempt_from), "a test");
	tmp_path(path, len, "%s/preempt-%s.json", tmp_base(), rbsim_preempt_names[m]);
	cr_assert_eq(rbsim_profile_write(path, &p, err, sizeof(err)), 0, "%s", err);
	rbsim_profile_free(&p);
}

/* the run's extra named key=, -1 when the run has none */
static double extra_of(const struct cli_run *r, const char *key)
{
	char extra[512], *at;

	cr_assert(cli_csv_value(r->out, "extra", extra, sizeof(extra)), "%s", r->out);
	at = strstr(extra, key);
	return at ? atof(at + strlen(key)) : -1;
}

/*
 * the run's batches that woke their consumer under the section rule: those
 * that opened a section (preempt_sections) and those whose consumer slept on
 * another CPU (preempt_apart); -1 when the run has no such extras
 */
static double sections_of(const char *profile, const char *how, const struct cli_opts *o,
			  struct cli_run *r)
{
	/* paced: the consumer catches up and sleeps between batches, each batch wakes it */
	const char *args[] = { "--rate", "2000", "--records", "200", "--format", "csv",
			       "--profile", profile, "--profile-preempt", how, NULL };
	double n;

	cli_exec(r, "run", args, o);
	cr_assert_eq(r->status, 0, "--profile-preempt %s: %s", how, r->err);
	n = extra_of(r, "preempt_sections=");
	if (n >= 0) {
		cr_expect_gt(extra_of(r, "section_ns="), 0, "what a section costs beside: %s",
			     r->out);
		cr_assert_geq(extra_of(r, "preempt_apart="), 0, "the wake-ups apart beside: %s",
			      r->out);
		n += extra_of(r, "preempt_apart=");
	}
	return n;
}

/*
 * auto: sections where the profile's kernel runs none, voluntary or lazy
 * (each of the paced batches wakes the consumer: one section each, or one
 * wake-up apart where the consumer slept on another CPU, 200 at most), none
 * for full, rt or a model the profile does not know; batch and off whatever
 * the profile says
 */
Test(run_profile, sections_follow_the_model, .timeout = 60)
{
	static const struct {
		enum rbsim_preempt m;
		const char *how;
		bool sections;
	} cases[] = {
		{ RBSIM_PREEMPT_NONE, "auto", true },     { RBSIM_PREEMPT_VOLUNTARY, "auto", true },
		{ RBSIM_PREEMPT_LAZY, "auto", true },     { RBSIM_PREEMPT_FULL, "auto", false },
		{ RBSIM_PREEMPT_RT, "auto", false },      { RBSIM_PREEMPT_UNKNOWN, "auto", false },
		{ RBSIM_PREEMPT_FULL, "batch", true },    { RBSIM_PREEMPT_NONE, "off", false },
	};
	struct cli_run r = { 0 };
	char path[300];

	if (rbsim_nopreempt_cost_ns(1) == -EPERM)
		cr_skip_test("SCHED_FIFO refused here: needs CAP_SYS_NICE");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double n;

		profile_with_model(path, sizeof(path), cases[i].m);
		n = sections_of(path, cases[i].how, NULL, &r);
		if (cases[i].sections)
			cr_expect(n >= 1 && n <= 200,
				  "preempt=%s, %s: 1 to 200 sections or wake-ups apart, got %g",
				  rbsim_preempt_names[cases[i].m], cases[i].how, n);
		else
			cr_expect_eq(n, -1, "preempt=%s, %s: no section, got %g",
				     rbsim_preempt_names[cases[i].m], cases[i].how, n);
		cli_free(&r);
	}
}

/*
 * A producer pinned to its consumer's CPU opens no section: its batch's
 * wake-ups wait for the batch's end (deferred_wakeups, one per paced batch
 * at most); unpinned, or with the model's batches preemptible, none is
 * deferred. Every record arrives either way.
 */
Test(run_profile, wakeups_deferred_on_the_consumers_cpu, .timeout = 60)
{
	static const struct {
		enum rbsim_preempt m;
		bool pinned, deferred;
	} cases[] = {
		{ RBSIM_PREEMPT_NONE, true, true },
		{ RBSIM_PREEMPT_FULL, true, false },
		{ RBSIM_PREEMPT_NONE, false, false },
	};
	char path[300], cpu[16];
	int c = sched_getcpu();

	cr_assert_geq(c, 0, "sched_getcpu");
	snprintf(cpu, sizeof(cpu), "%d", c);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *args[] = { "--rate", "2000", "--records", "200", "--format", "csv",
				       "--profile", path, "--prod-affinity", cpu, "--cons-affinity",
				       cpu, NULL };
		struct cli_run r = { 0 };
		char v[64];
		double n;

		if (!cases[i].pinned)
			args[8] = NULL;
		profile_with_model(path, sizeof(path), cases[i].m);
		cli_exec(&r, "run", args, NULL);
		cr_assert_eq(r.status, 0, "%s", r.err);
		cr_assert(cli_csv_value(r.out, "consumed", v, sizeof(v)), "%s", r.out);
		cr_expect_eq(atoll(v), 200, "every record: %s", r.out);
		n = extra_of(&r, "deferred_wakeups=");
		if (cases[i].deferred) {
			cr_expect(n >= 1 && n <= 200,
				  "preempt=%s, pinned: 1 to 200 deferred, got %g",
				  rbsim_preempt_names[cases[i].m], n);
			cr_expect(extra_of(&r, "preempt_sections=") <= 0, "and no section: %s",
				  r.out);
		} else {
			cr_expect_eq(n, -1, "preempt=%s, %s: none deferred, got %g",
				     rbsim_preempt_names[cases[i].m],
				     cases[i].pinned ? "pinned" : "unpinned", n);
		}
		cli_free(&r);
	}
}

/*
 * A consumer asleep on another CPU than its producer's is woken there, as the
 * kernel's scheduler wakes a task on its idle previous CPU: its wake-ups open
 * no section (each counted apart instead: one a paced batch at most), and
 * every record arrives
 */
Test(run_profile, no_section_for_a_consumer_on_another_cpu, .timeout = 60)
{
	char path[300], pcpu[16], ccpu[16], v[64];
	const char *args[] = { "--rate", "2000", "--records", "200", "--format", "csv",
			       "--profile", path, "--prod-affinity", pcpu, "--cons-affinity",
			       ccpu, NULL };
	struct cli_run r = { 0 };
	int cpus[2], n = 0;
	cpu_set_t set;
	double apart;

	if (rbsim_nopreempt_cost_ns(1) == -EPERM)
		cr_skip_test("SCHED_FIFO refused here: needs CAP_SYS_NICE");
	cr_assert_eq(sched_getaffinity(0, sizeof(set), &set), 0, "sched_getaffinity");
	for (int c = 0; c < CPU_SETSIZE && n < 2; c++)
		if (CPU_ISSET(c, &set))
			cpus[n++] = c;
	if (n < 2)
		cr_skip_test("one CPU: a consumer apart from its producer needs two");
	snprintf(pcpu, sizeof(pcpu), "%d", cpus[0]);
	snprintf(ccpu, sizeof(ccpu), "%d", cpus[1]);
	profile_with_model(path, sizeof(path), RBSIM_PREEMPT_NONE);
	cli_exec(&r, "run", args, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(cli_csv_value(r.out, "consumed", v, sizeof(v)), "%s", r.out);
	cr_expect_eq(atoll(v), 200, "every record: %s", r.out);
	cr_expect_eq(extra_of(&r, "preempt_sections="), 0, "no section: %s", r.out);
	apart = extra_of(&r, "preempt_apart=");
	cr_expect(apart >= 1 && apart <= 200, "1 to 200 wake-ups apart, got %g: %s", apart,
		  r.out);
	cli_free(&r);
}

/* without CAP_SYS_NICE: auto warns in one line and runs preemptible; batch is refused */
Test(run_profile, sections_need_cap_sys_nice)
{
	const char *args[] = { "--records", "2000", "--profile", NULL, "--profile-preempt",
			       "batch", NULL };
	const struct cli_opts o = { .drop_nice = true };
	struct cli_run r = { 0 };
	const char *want;
	char path[300];

	profile_with_model(path, sizeof(path), RBSIM_PREEMPT_NONE);
	cr_expect_eq(sections_of(path, "auto", &o, &r), -1, "no section without the capability");
	cr_expect(strstr(r.err, "rbsim: warning: --profile-preempt auto: a producer cannot run "
			 "SCHED_FIFO") && strstr(r.err, "preempt=none"),
		  "one warning naming the model: %s", r.err);
	cli_free(&r);

	args[3] = path;
	cli_exec(&r, "run", args, &o);
	cr_expect_eq(r.status, 1, "batch refused: exit 1, got %d", r.status);
	/* the line (after a warning that the profile is foreign, on a machine of another model) */
	want = "rbsim run: --profile-preempt batch: a producer cannot run SCHED_FIFO (Operation "
	       "not permitted): root or CAP_SYS_NICE needed\n";
	cr_expect(strlen(r.err) >= strlen(want) &&
		  !strcmp(r.err + strlen(r.err) - strlen(want), want), "ends with '%s': %s", want,
		  r.err);
	cli_free(&r);
}

/*
 * ... unless every producer is pinned to its consumer's CPU: those defer
 * their batches' wake-ups and open no section, so neither mode needs the
 * capability. Both run without a warning and defer; with a second producer
 * on another CPU, batch is refused again (that one would open sections).
 */
Test(run_profile, deferring_producers_need_no_cap_sys_nice, .timeout = 60)
{
	static const char *const modes[] = { "auto", "batch" };
	const struct cli_opts o = { .drop_nice = true };
	char path[300], cpu[16], other[16], cpus[40];
	int c = sched_getcpu();
	cpu_set_t set;

	cr_assert_geq(c, 0, "sched_getcpu");
	snprintf(cpu, sizeof(cpu), "%d", c);
	profile_with_model(path, sizeof(path), RBSIM_PREEMPT_NONE);
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		const char *args[] = { "--rate", "2000", "--records", "200", "--format", "csv",
				       "--profile", path, "--profile-preempt", modes[i],
				       "--prod-affinity", cpu, "--cons-affinity", cpu, NULL };
		struct cli_run r = { 0 };
		char v[64];

		cli_exec(&r, "run", args, &o);
		cr_assert_eq(r.status, 0, "%s, pinned beside the consumer: exit 0, got %d: %s",
			     modes[i], r.status, r.err);
		cr_expect(!strstr(r.err, "SCHED_FIFO"), "%s: no word of SCHED_FIFO: %s", modes[i],
			  r.err);
		cr_assert(cli_csv_value(r.out, "consumed", v, sizeof(v)), "%s", r.out);
		cr_expect_eq(atoll(v), 200, "every record: %s", r.out);
		cr_expect(extra_of(&r, "deferred_wakeups=") >= 1, "%s: wake-ups deferred: %s",
			  modes[i], r.out);
		cr_expect(extra_of(&r, "preempt_sections=") <= 0, "%s: no section: %s", modes[i],
			  r.out);
		cli_free(&r);
	}

	/* a second producer on another CPU: that one would open sections */
	cr_assert_eq(sched_getaffinity(0, sizeof(set), &set), 0);
	if (CPU_COUNT(&set) < 2)
		cr_skip_test("one CPU allowed here: no other CPU for a second producer");
	for (int k = 0; k < CPU_SETSIZE; k++) {
		if (CPU_ISSET(k, &set) && k != c) {
			snprintf(other, sizeof(other), "%d", k);
			break;
		}
	}
	snprintf(cpus, sizeof(cpus), "%s,%s", cpu, other);
	{
		const char *args[] = { "--rate", "2000", "--records", "200", "-p", "2",
				       "--profile", path, "--profile-preempt", "batch",
				       "--prod-affinity", cpus, "--cons-affinity", cpu, NULL };
		struct cli_run r = { 0 };

		cli_exec(&r, "run", args, &o);
		cr_expect_eq(r.status, 1, "a producer off the consumer's CPU: batch refused, got "
			     "%d: %s", r.status, r.err);
		cr_expect(strstr(r.err, "root or CAP_SYS_NICE needed"), "%s", r.err);
		cli_free(&r);
	}
}

/*
 * auto opens no section when the producers are as many as the CPUs: held on
 * every CPU, sections starve the fair tasks, and the scheduler's answer
 * stalls the producers (sim/calibration.md); one note says so. batch still
 * opens them.
 */
Test(run_profile, auto_leaves_sections_off_with_a_producer_per_cpu, .timeout = 60)
{
	char path[300], n[16], want[160], extra[512];
	const char *args[] = { "--rate", "2000", "--records", "400", "--format", "csv", "-p", n,
			       "--profile", path, "--profile-preempt", NULL, NULL };
	struct cli_run r = { 0 };
	cpu_set_t set;
	unsigned int cpus;

	if (rbsim_nopreempt_cost_ns(1) == -EPERM)
		cr_skip_test("SCHED_FIFO refused here: needs CAP_SYS_NICE");
	cr_assert_eq(sched_getaffinity(0, sizeof(set), &set), 0);
	cpus = (unsigned int)CPU_COUNT(&set);
	snprintf(n, sizeof(n), "%u", cpus);
	profile_with_model(path, sizeof(path), RBSIM_PREEMPT_NONE);
	args[11] = "auto";
	cli_exec(&r, "run", args, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	snprintf(want, sizeof(want), "rbsim run: note: --profile-preempt auto: %u producers, %u "
		 "CPU%s: no unpreempted sections", cpus, cpus, cpus == 1 ? "" : "s");
	cr_expect(strstr(r.err, want), "one note: %s", r.err);
	cr_assert(cli_csv_value(r.out, "extra", extra, sizeof(extra)), "%s", r.out);
	cr_expect(!strstr(extra, "preempt_sections="), "no section: %s", extra);
	cli_free(&r);

	args[11] = "batch";
	cli_exec(&r, "run", args, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(!strstr(r.err, "no unpreempted sections"), "asked for: %s", r.err);
	cr_assert(cli_csv_value(r.out, "extra", extra, sizeof(extra)), "%s", r.out);
	cr_expect(strstr(extra, "preempt_sections="), "batch opens them: %s", extra);
	cli_free(&r);
}

/* args run again with "--profile none" in place of its last two (--profile-preempt off) */
/* the same run with --profile none, without --profile-preempt and its value */
static void run_pure(struct cli_run *r, const char **args)
{
	const char *pure[32];
	int i, n = 0;

	for (i = 0; args[i] && n < 31; i++) {
		if (!strcmp(args[i], "--profile-preempt")) {
			i++;
			continue;
		}
		pure[n++] = i && !strcmp(args[i - 1], "--profile") ? "none" : args[i];
	}
	pure[n] = NULL;
	cli_exec(r, "run", pure, NULL);
	cr_assert_eq(r->status, 0, "%s", r->err);
}

/*
 * A notification that writes the eventfd (the consumer waits on it) is charged
 * less by what that write cost the port, measured at the run's setup
 * (notify_write_ns): the kernel's irq_work wakes its consumer without a system
 * call of the producer's. Each write's cost is taken from the charges after
 * it, here the next notification's, so the last write's stays unpaid if no
 * notification follows it: a profile charging notifications alone (5 us
 * each) charges N x 5 us less writes x W, or writes - 1 of them.
 */
Test(run_profile, eventfd_writes_taken_from_the_charges)
{
	struct rbsim_costs k = pcost;
	struct rbsim_profile p;
	struct cli_run r = { 0 };
	char path[300], err[512], val[64];
	double n, writes, w, got, all;
	const char *args[] = { "--rate", "2000", "--records", "200", "--wakeup", "force",
			       "--format", "csv", "--profile", path, "--profile-preempt", "off",
			       NULL };

	k.notify += 5000;
	tp_make(&p, &k, &pcost, 5);
	tmp_path(path, sizeof(path), "%s/notify-only.json", tmp_base());
	cr_assert_eq(rbsim_profile_write(path, &p, err, sizeof(err)), 0, "%s", err);
	rbsim_profile_free(&p);
	cli_exec(&r, "run", args, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(cli_csv_value(r.out, "notifications", val, sizeof(val)), "%s", r.out);
	n = atof(val);
	writes = extra_of(&r, "notify_writes=");
	w = extra_of(&r, "notify_write_ns=");
	got = extra_of(&r, "charged_ns=");
	cr_expect_eq(n, 200, "--wakeup force: a notification a record, got %g", n);
	/* paced 0.5 ms apart: the consumer waits for nearly every record */
	cr_expect(writes >= 100 && writes <= n, "eventfd writes: %g of %g", writes, n);
	cr_expect(w > 0 && w <= 5000, "a write costs the port something, no more than the "
		  "charge: %g ns", w);
	all = n * 5000;
	/* each charge rounded to whole loops: well under 0.5 ns */
	cr_expect(fabs(got - (all - writes * w)) < n * 0.5 ||
			  fabs(got - (all - (writes - 1) * w)) < n * 0.5,
		  "charged %.1f ns: want %.1f - %g x %.1f (or one write fewer)", got, all, writes,
		  w);
	cli_free(&r);

	/* --profile none: no charge, no write cost reported */
	run_pure(&r, args);
	cr_expect_eq(extra_of(&r, "notify_write_ns="), -1, "the pure port: %s", r.out);
	cli_free(&r);
}

/*
 * A profile whose waits (6 us more on the kernel, 2 of them before the
 * re-poll) and wake-ups (3 us more) alone differ from the port's, written to
 * tmp_base()/name
 */
static void waits_profile(char *path, size_t len, const char *name)
{
	struct rbsim_costs k = pcost;
	struct rbsim_profile p;
	char err[512];

	k.wait += 6000;
	k.wait_enter = 2000;
	k.wakeup_busy += 3000;
	tp_make(&p, &k, &pcost, 5);
	tmp_path(path, len, "%s/%s", tmp_base(), name);
	cr_assert_eq(rbsim_profile_write(path, &p, err, sizeof(err)), 0, "%s", err);
	rbsim_profile_free(&p);
}

/*
 * The consumer's side: a wait is charged wait_enter's part before it and the
 * rest after it returns, a wait it slept in and was woken from with records
 * too, and no wake-up latency (wakeup_busy is measured, not charged:
 * sim/calibration.md, "A woken wait"); and each eventfd read the port's
 * consumer makes (taking the writes back, where the kernel's epoll_wait()
 * takes the map off its ready list without a call) is taken from its next
 * charges. A profile whose waits (6 us, 2 of them before) and wake-ups
 * (3 us) alone differ: waits x 6 us, less reads x R, but for the last reads'
 * debt that no wait followed. The eventfd reads are --wait epoll's; the
 * futex sleep makes none (below).
 */
Test(run_profile, consumer_waits_and_reads_charged_as_the_kernels)
{
	struct cli_run r = { 0 };
	char path[300];
	double waits, woken, reads, rb, got, want;
	const char *args[] = { "--rate", "2000", "--records", "200", "--wakeup", "force",
			       "--format", "csv", "--profile", path, "--profile-preempt", "off",
			       "--wait", "epoll", NULL };

	waits_profile(path, sizeof(path), "waits-only.json");
	cli_exec(&r, "run", args, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	waits = extra_of(&r, "waits=");
	woken = extra_of(&r, "woken_waits=");
	reads = extra_of(&r, "notify_reads=");
	rb = extra_of(&r, "read_back_ns=");
	got = extra_of(&r, "charged_ns=");
	/* paced 0.5 ms apart: the consumer sleeps before nearly every record */
	cr_expect(woken >= 100 && woken <= waits, "woken from a sleep: %g of %g waits", woken,
		  waits);
	cr_expect(reads >= 100 && reads <= woken + 1, "eventfd reads: %g for %g wake-ups", reads,
		  woken);
	cr_expect(rb > 0 && rb <= 6000, "a read costs the port something, no more than the wait "
		  "charge: %g ns", rb);
	want = waits * 6000;
	/* each charge rounded to whole loops: well under 0.5 ns */
	cr_expect(got >= want - reads * rb - waits && got <= want - (reads - 2) * rb + waits,
		  "charged %.1f ns: want %.1f - %g x %.1f (up to 2 reads fewer)", got, want, reads,
		  rb);
	cli_free(&r);

	/* --profile none: no charge; the reads are counted, no read cost reported */
	run_pure(&r, args);
	cr_expect(extra_of(&r, "notify_reads=") >= 100, "the pure port reads too: %s", r.out);
	cr_expect_eq(extra_of(&r, "read_back_ns="), -1, "the pure port: %s", r.out);
	cr_expect_eq(extra_of(&r, "woken_waits="), -1, "the pure port: %s", r.out);
	cli_free(&r);
}

/*
 * The same charges with the consumer's futex sleep (the default --wait): no
 * eventfd read to take back, so the consumer pays the waits whole, waits x
 * 6 us, the woken ones' no more; the producers' FUTEX_WAKE_OPs are counted
 * with the notifications' system calls (notify_writes), one for nearly
 * every record.
 */
Test(run_profile, futex_sleep_makes_no_reads_and_pays_the_waits_whole)
{
	struct cli_run r = { 0 };
	char path[300];
	double waits, woken, wakes, got, want;
	const char *args[] = { "--rate", "2000", "--records", "200", "--wakeup", "force",
			       "--format", "csv", "--profile", path, "--profile-preempt", "off",
			       NULL };

	waits_profile(path, sizeof(path), "waits-futex.json");
	cli_exec(&r, "run", args, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	waits = extra_of(&r, "waits=");
	woken = extra_of(&r, "woken_waits=");
	wakes = extra_of(&r, "notify_writes=");
	got = extra_of(&r, "charged_ns=");
	/* paced 0.5 ms apart: the consumer sleeps before nearly every record */
	cr_expect(woken >= 100 && woken <= waits, "woken from a sleep: %g of %g waits", woken,
		  waits);
	cr_expect_eq(extra_of(&r, "notify_reads="), 0, "no eventfd read: %s", r.out);
	cr_expect(wakes >= 100 && wakes <= 200, "FUTEX_WAKE_OPs: %g for %g wake-ups", wakes, woken);
	want = waits * 6000;
	/* each charge rounded to whole loops: well under 0.5 ns */
	cr_expect(fabs(got - want) <= waits, "charged %.1f ns: want %.1f", got, want);
	cli_free(&r);
}

/*
 * --wait auto (the default) resolves in the report: repoll with a profile
 * that measured wait_look (version 12), futex with one that did not
 * (version 11) and with none; a --wait given is kept; an unknown one refused
 */
static void expect_wait(const char *profile, const char *wait, const char *want)
{
	const char *args[] = { "--records", "2000", "--format", "csv", "--profile", profile,
			       wait ? "--wait" : NULL, wait, NULL };
	struct cli_run r = { 0 };
	char opt[64];

	cli_exec(&r, "run", args, NULL);
	cr_assert_eq(r.status, 0, "--profile %s --wait %s: %s", profile, wait ? wait : "(auto)",
		     r.err);
	snprintf(opt, sizeof(opt), " --wait %s ", want);
	cr_expect(strstr(r.out, opt), "--profile %s --wait %s: the report says '%s': %s", profile,
		  wait ? wait : "(auto)", opt, r.out);
	cli_free(&r);
}

Test(run_profile, wait_auto_follows_the_profile)
{
	char v12[300], v11[300], *text;
	const char *bad[] = { "--records", "10", "--wait", "sometimes", NULL };
	struct cli_run r = { 0 };

	tmp_path(v12, sizeof(v12), "%s/wait-v12.json", tmp_base());
	tmp_path(v11, sizeof(v11), "%s/wait-v11.json", tmp_base());
	tp_write(v12, &kcost, &pcost);
	text = cli_read_file(v12, NULL);
	cr_assert_not_null(text);
	tp_as_version(text, 11);
	write_text(v11, text);
	free(text);
	expect_wait(v12, NULL, "repoll");
	expect_wait(v11, NULL, "futex");
	expect_wait("none", NULL, "futex");
	expect_wait(v12, "futex", "futex");
	expect_wait(v11, "repoll", "repoll");
	expect_wait("none", "epoll", "epoll");
	cli_exec(&r, "run", bad, NULL);
	cr_expect_eq(r.status, 2, "--wait sometimes: exit 2, got %d", r.status);
	cr_expect(strstr(r.err, "--wait") && strstr(r.err, "expected futex, epoll, repoll or auto"),
		  "names the option and its values: %s", r.err);
	cr_expect(strchr(r.err, '\n') == r.err + strlen(r.err) - 1, "one line: %s", r.err);
	cli_free(&r);
}
