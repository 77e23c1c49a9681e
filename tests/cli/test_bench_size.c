// SPDX-License-Identifier: GPL-2.0-only
/*
 * scripts/bench-size.py (make bench-size): its virtual side, short (--test
 * --no-kernel): the engine's speed line and, for the checks of
 * bench/sizing.checks, the sizes advised with the consumer apart and on the
 * producer's CPU, with the virtual drop fractions at each (bursts: 2000
 * records of 136 bytes; apart the consumer drains a burst as it comes and
 * 256 KiB holds it; shared it waits out the burst, and 256 KiB drops the 73
 * that do not fit, 0.0365, so 512 KiB is advised; stalls: 2000 records of
 * 72 bytes arrive in a 100 ms stall, 144000 bytes, both placements alike);
 * the folder it writes (env.txt with the host-stop probe's lines,
 * bench-size.json, summary.txt: what it printed); the wake-ups after a
 * sleep, virtual time's latency of a record every 100 us to 50 ms and of a
 * train after a quiet spell (with a profile's halt polling too); the advice with a
 * profile's costs, whose wake-up after a long sleep (idle_wakeups) leaves a
 * burst whole for a consumer apart too; and its bad input. The kernel side
 * (and the calibration before it) is a benchmark, not a test: it runs in
 * make bench-size.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/profile.h"
#include "tests/helpers/cli.h"
#include "tests/helpers/profile.h"
#include "tests/helpers/timeout.h"
#include "tests/helpers/tmpdir.h"

TestSuite(bench_size, .timeout = RBSIM_TEST_TIMEOUT(120));

/* all of dir/name (asserted readable; free it) */
static char *slurp(const char *dir, const char *name)
{
	char path[512], *text;

	tmp_path(path, sizeof(path), "%s/%s", dir, name);
	text = cli_read_file(path, NULL);
	cr_assert_not_null(text, "%s written", path);
	return text;
}

Test(bench_size, virtual_side)
{
	char dir[256];
	const char *argv[] = { "scripts/bench-size.py", "--rbsim", cli_bin(), "--test",
			       "--no-kernel", "--only", "stalls,bursts", "--out", dir, NULL };
	struct cli_run r = { 0 };
	char *env, *summary, *raw;

	tmp_dir(dir, sizeof(dir), "bench-size");
	cli_run_prog(&r, argv, NULL);
	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cr_expect(strstr(r.out, "virtual time, 8-byte records, 1 producer, no verification: "
				"2000000 records, "), "the speed line: %s", r.out);
	cr_expect(strstr(r.out, "\nstalls   advised apart 256 KiB, peak fill "),
		  "the advice: %s", r.out);
	/* 1923 records of 136 bytes held at once apart, the 2000 of a burst shared */
	cr_expect(strstr(r.out, "\nbursts   advised apart 256 KiB, peak fill 99.8%; shared 512 KiB, "
				"peak fill 51.9% ("), "a burst waited out on the producer's CPU: %s",
		  r.out);
	cr_expect(strstr(r.out, "\n         256 KiB           0                 0.0365   "),
		  "256 KiB's drop fraction in each placement: %s", r.out);
	cr_expect(strstr(r.out, "\n         kernel: skipped (--no-kernel)\n"), "%s", r.out);
	cr_expect(!strstr(r.out, "steady"), "--only: %s", r.out);
	cr_expect(strstr(r.out, "\nvirtual time: the default --vcosts (no calibration profile)\n"),
		  "without the kernel, no calibration: %s", r.out);
	/* a record every 100 us to 50 ms: the default wake 20 us and poll 2 us each time */
	cr_expect(strstr(r.out, "\n         every             virtual apart     kernel apart      \n"
				"         100us             22.0              skipped (--no-kernel)\n"),
		  "the wake-ups after a sleep: %s", r.out);
	cr_expect(strstr(r.out, "\n         50ms              22.0              skipped "
				"(--no-kernel)\n"), "the same after 50 ms: %s", r.out);
	/* and every record of a train: no halt polling without a profile */
	cr_expect(strstr(r.out, "\n         train 8/50ms      22.0              skipped "
				"(--no-kernel)\n"), "the train's: %s", r.out);
	{
		/* the trains' records: 8 every 50 ms from 50 ms, 100 us apart, for 1 s */
		char *tr = slurp(dir, "train.trace"), *first = strchr(tr, '\n');
		int lines = 0;

		for (char *c = tr; *c; c++)
			lines += *c == '\n';
		cr_expect(tr[0] == '#' && first && !strncmp(first + 1, "50000000 0 128\n"
							    "50100000 0 128\n", 30),
			  "a comment, then the first train: %.80s", tr);
		cr_expect_eq(lines, 1 + 19 * 8, "19 trains of 8 in 1 s");
		free(tr);
	}
	env = slurp(dir, "env.txt");
	cr_expect(strstr(env, "\ncpu gaps, 1 busy:  "), "the host-stop probe: %s", env);
	cr_expect(strstr(env, "\nkernel transports: kernel-ringbuf skipped (--no-kernel)\n"),
		  "%s", env);
	summary = slurp(dir, "summary.txt");
	cr_expect_str_eq(summary, r.out, "summary.txt is what it printed");
	{
		/* --summary: the same made again from bench-size.json, but the folder's line */
		const char *again[] = { "scripts/bench-size.py", "--summary", dir, NULL };
		struct cli_run s = { 0 };
		char *raw_line = strstr(summary, "raw: ");

		cr_assert_not_null(raw_line);
		*raw_line = '\0';
		cli_run_prog(&s, again, NULL);
		cr_expect_eq(s.status, 0, "%s", s.err);
		cr_expect_str_eq(s.out, summary, "--summary prints it again");
		cli_free(&s);
	}
	raw = slurp(dir, "bench-size.json");
	cr_expect(strstr(raw, "\"advised\": 524288"), "the raw advice: %.300s", raw);
	cr_expect(strstr(raw, "\"profile\": null"), "no profile: %.300s", raw);
	free(env);
	free(summary);
	free(raw);
	cli_free(&r);
}

/*
 * --profile FILE with halt polling (up to 500 us, 5 halts after 40 ms or
 * more): a train's first record wakes the consumer after 50 ms (the idle
 * point's 60 us, and a poll: 62), and it sleeps 38 us before each next one:
 * the host's window, emptied by the quiet spell, misses three of them (62
 * each) as it grows to 10, 20 and 40 us; the fifth is polled (wake 20 us:
 * 22), the sixth, 78 us after it, missed again (the window 80), the last two
 * polled: five of eight records at 62 us, the p50
 */
Test(bench_size, a_train_after_a_quiet_spell)
{
	static const struct rbsim_costs k = { .record_8 = 50, .record_256 = 50,
					      .record_4096 = 50, .notify = 1000,
					      .wakeup = 20000, .wakeup_busy = 20000,
					      .wait = 2000, .reserve_fail = 50 };
	static const double slept[] = { 1000000 }, wake[] = { 60000 }, train[] = { 40e6 };
	static const unsigned int halts[] = { 5 };
	char dir[256], prof[320];
	const char *argv[] = { "scripts/bench-size.py", "--rbsim", cli_bin(), "--test",
			       "--no-kernel", "--only", "stalls", "--profile", prof, "--out", dir,
			       NULL };
	struct rbsim_profile p;
	struct cli_run r = { 0 };
	char err[512];

	tmp_dir(dir, sizeof(dir), "bench-size");
	tmp_path(prof, sizeof(prof), "%s/p.json", dir);
	tp_make(&p, &k, &k, 3);
	tp_set_idle(&p, 1, slept, wake, wake);
	tp_set_halt(&p, 500000, 1, train, halts);
	cr_assert_eq(rbsim_profile_write(prof, &p, err, sizeof(err)), 0, "%s", err);
	rbsim_profile_free(&p);
	cli_run_prog(&r, argv, NULL);
	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cr_expect(strstr(r.out, "\n         train 8/50ms      62.0              skipped "
				"(--no-kernel)\n"), "five of eight woken slowly: %s", r.out);
	cli_free(&r);
}

/*
 * --profile FILE: the advice pays the profile's kernel costs, here the
 * defaults' (a record 50 ns, a notification 1 us, a wake-up 20 us, a poll
 * 2 us) and a wake-up of 200 us after a sleep of 1 ms or more: a consumer
 * apart, asleep 50 ms before each burst, wakes after the burst of 2000
 * records (100 us) is whole, as one on the producer's CPU does, and 256 KiB
 * drops the 73 that do not fit either way (but for a first burst that found
 * the consumer just asleep)
 */
Test(bench_size, sizes_with_a_profile)
{
	static const struct rbsim_costs k = { .record_8 = 50, .record_256 = 50,
					      .record_4096 = 50, .notify = 1000,
					      .wakeup = 20000, .wakeup_busy = 20000,
					      .wait = 2000, .reserve_fail = 50 };
	static const double slept[] = { 1000000 }, wake[] = { 200000 };
	char dir[256], prof[320];
	const char *argv[] = { "scripts/bench-size.py", "--rbsim", cli_bin(), "--test",
			       "--no-kernel", "--only", "bursts", "--profile", prof, "--out", dir,
			       NULL };
	struct rbsim_profile p;
	struct cli_run r = { 0 };
	char err[512], want[400], *raw;

	tmp_dir(dir, sizeof(dir), "bench-size");
	tmp_path(prof, sizeof(prof), "%s/p.json", dir);
	tp_make(&p, &k, &k, 3);
	tp_set_idle(&p, 1, slept, wake, wake);
	cr_assert_eq(rbsim_profile_write(prof, &p, err, sizeof(err)), 0, "%s", err);
	rbsim_profile_free(&p);
	cli_run_prog(&r, argv, NULL);
	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	snprintf(want, sizeof(want), "\nvirtual time: the costs of --profile %s\n", prof);
	cr_expect(strstr(r.out, want), "names the profile: %s", r.out);
	/* a record every 10 or 50 ms: the wake-up after more than 1 ms asleep and a poll */
	cr_expect(strstr(r.out, "\n         10ms              202.0             skipped "
				"(--no-kernel)\n         50ms              202.0   "),
		  "the profile's wake-up after a long sleep: %s", r.out);
	cr_expect(strstr(r.out, "\nbursts   advised apart 512 KiB, peak fill 51.9%; shared "
				"512 KiB, peak fill 51.9% ("), "the burst whole apart too: %s", r.out);
	/*
	 * apart, the first of the 40 bursts of 2 s (--test) comes at 0, after
	 * no sleep: 73 x 39 of 80000 records, 0.0356; shared every burst
	 */
	cr_expect(strstr(r.out, "\n         256 KiB           0.0356            0.0365   "),
		  "256 KiB drops 73 of 2000 either way: %s", r.out);
	raw = slurp(dir, "bench-size.json");
	snprintf(want, sizeof(want), "--profile %s --vplace apart", prof);
	cr_expect(strstr(raw, want), "rbsim size was given it: %.300s", raw);
	free(raw);
	cli_free(&r);
}

/*
 * A verdict where a host stop hit some runs: on every run, and on the runs
 * none hit (not on those it hit: none at 4 KiB). A folder's bench-size.json written here: 8 KiB advised both
 * ways, 4 KiB its half; pinned apart two of three runs at 8 KiB were hit
 * (0.05, 0.04: the median 0.04 misses 1e-3), the third dropped 0.0004,
 * and 4 KiB missed in every run (0.02 to 0.03, none hit); the kernel left
 * to the scheduler and pinned together as advised, no stop.
 */
#define RUN(d, p50, stop) "{\"drop\": " #d ", \"p50_us\": " #p50 ", \"p99_us\": 30, " \
	"\"max_ms\": 0.1, \"rate_met\": true, \"stopped\": " #stop "}"
#define CELL(place, ring, d, stops, r1, r2, r3) "{\"place\": \"" place "\", \"ring\": " \
	#ring ", \"drop\": " #d ", \"p50_us\": 10, \"rate_met\": true, \"stopped\": " \
	#stops ", \"runs\": [" r1 ", " r2 ", " r3 "]}"
#define ADVICE "{\"advised\": 8192, \"wall_s\": 0.1, \"drops\": {\"4096\": 0.02, " \
	"\"8192\": 0}, \"peaks\": {\"4096\": 4000, \"8192\": 4096}}"
/* a steady check's folder: the kernel as advised left to the scheduler and together */
#define STEADY(apart_4k, apart_8k) \
	"{\"speed\": {\"records\": 2000000, \"cpu_s\": 0.1, \"wall_s\": 0.1}, " \
	"\"profile\": null, \"checks\": [{\"check\": \"steady\", \"max_drop\": 0.001, " \
	"\"advice\": {\"apart\": " ADVICE ", \"shared\": " ADVICE "}, " \
	"\"sizes\": [4096, 8192], \"kernel\": [" \
	CELL("free", 4096, 0.02, 0, RUN(0.02, 9, false), RUN(0.02, 9, false), \
	     RUN(0.02, 9, false)) ", " \
	CELL("free", 8192, 0, 0, RUN(0, 9, false), RUN(0, 9, false), RUN(0, 9, false)) ", " \
	CELL("together", 4096, 0.02, 0, RUN(0.02, 9, false), RUN(0.02, 9, false), \
	     RUN(0.02, 9, false)) ", " \
	CELL("together", 8192, 0, 0, RUN(0, 9, false), RUN(0, 9, false), \
	     RUN(0, 9, false)) ", " apart_4k ", " apart_8k "]}]}"

/* scripts/bench-size.py --summary of a folder whose bench-size.json is json, into r */
static void summary_of(const char *json, struct cli_run *r)
{
	const char *argv[] = { "scripts/bench-size.py", "--summary", NULL, NULL };
	char dir[256], path[300];
	FILE *f;

	tmp_dir(dir, sizeof(dir), "bench-size");
	tmp_path(path, sizeof(path), "%s/bench-size.json", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(json, f);
	fclose(f);
	argv[2] = dir;
	cli_run_prog(r, argv, NULL);
	cr_assert_eq(r->status, 0, "%s", r->err);
}

Test(bench_size, summary_judges_without_the_stopped_runs)
{
	static const char json[] = STEADY(
		CELL("apart", 4096, 0.025, 0, RUN(0.02, 9, false), RUN(0.03, 9, false),
		     RUN(0.025, 9, false)),
		CELL("apart", 8192, 0.04, 2, RUN(0.05, 100000, true), RUN(0.04, 90000, true),
		     RUN(0.0004, 12.5, false)));
	struct cli_run r = { 0 };

	summary_of(json, &r);
	cr_expect(strstr(r.out, "\n         --vplace apart, the kernel pinned apart: the advised "
				"size misses: the kernel dropped 0.04 there (p50 latency 10.0 us); "
				"on the runs no host stop hit: as advised: the advised size meets the "
				"target, half of it does not\n"), "judged both ways: %s", r.out);
	cr_expect(strstr(r.out, "\n         --vplace shared, the kernel pinned together: as "
				"advised: the advised size meets the target, half of it does not\n"),
		  "no stop, one verdict: %s", r.out);
	cr_expect(strstr(r.out, "\n         8 KiB             0                 0                 "
				"0                 0                 0.04 (2 stops)    \n"),
		  "the table: %s", r.out);
	cr_expect(strstr(r.out, "\n         a host stop hit 2 of 18 kernel runs "), "%s", r.out);
	cli_free(&r);
}

/*
 * Where a host stop hit runs at both sizes (an advice made with the host's
 * stops sizes for them): judged on those runs too. 8 KiB advised, 4 KiB
 * its half; pinned apart a stop hit one run at each: 0 at 8 KiB, 0.02 at
 * 4 KiB; the runs none hit dropped 0.0004 and 0.0002 at 8 KiB, 0.0001 and
 * 0.0003 at 4 KiB: half meets too on every run and on the unhit ones, as
 * advised on the hit ones
 */
Test(bench_size, summary_judges_the_stopped_runs_too)
{
	static const char json[] = STEADY(
		CELL("apart", 4096, 0.0003, 1, RUN(0.02, 100000, true), RUN(0.0001, 9, false),
		     RUN(0.0003, 9, false)),
		CELL("apart", 8192, 0.0002, 1, RUN(0, 100000, true), RUN(0.0004, 9, false),
		     RUN(0.0002, 9, false)));
	struct cli_run r = { 0 };

	summary_of(json, &r);
	cr_expect(strstr(r.out, "\n         --vplace apart, the kernel pinned apart: half meets too: "
				"the advice has margin on this machine; on the runs no host stop "
				"hit: half meets too: the advice has margin on this machine; on the "
				"runs a host stop hit: as advised: the advised size meets the target, "
				"half of it does not\n"), "judged three ways: %s", r.out);
	cli_free(&r);
}

Test(bench_size, bad_input)
{
	static const struct {
		const char *args[4];
		const char *says;
	} cases[] = {
		{ { "--rounds", "0" }, "--rounds 0" },
		{ { "--only", "nosuch" }, "no check nosuch" },
		{ { "--bogus" }, "unknown option" },
		{ { "--rbsim", "/nonexistent" }, "not built" },
		{ { "--out", "/proc/version/x" }, "--out /proc/version/x: " },
		{ { "--profile", "/nonexistent.json" }, "--profile /nonexistent.json: no such file" },
		{ { "--summary", "/nonexistent" }, "--summary /nonexistent: /nonexistent/bench-size.json: "
		  "No such file or directory" },
		{ { "--summary", "tests" }, "--summary tests: tests/bench-size.json: " },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *argv[8] = { "scripts/bench-size.py", "--no-kernel" };
		struct cli_run r = { 0 };
		size_t n;

		for (n = 0; cases[i].args[n]; n++)
			argv[2 + n] = cases[i].args[n];
		cli_run_prog(&r, argv, NULL);
		cr_expect_eq(r.status, 2, "%s: exit 2: %s", cases[i].args[0], r.err);
		cr_expect_eq(cli_lines(r.err), 1, "one line: %s", r.err);
		cr_expect(strstr(r.err, cases[i].says), "names %s: %s", cases[i].says, r.err);
		cli_free(&r);
	}
}
