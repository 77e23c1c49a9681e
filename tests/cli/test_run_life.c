// SPDX-License-Identifier: GPL-2.0-only
/*
 * `rbsim run` from the outside, over a run's life: --rate paces each record
 * to its time, the drain of a timed run is bounded, a signal stops a run
 * cleanly (a second one at once), progress lines are never early, and the -o
 * file takes the row whole or not at all. Runs as tests/cli/test_run.c does.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/run.h"
#include "tests/helpers/tmpdir.h"
#include "tests/helpers/timeout.h"

TestSuite(cli_run_life, .timeout = RBSIM_TEST_TIMEOUT(60));

/* ---- --rate: record k of a producer is due at start + k / rate ---- */

Test(cli_run_life, rate_records_split_batches)
{
	/* 3 records at 10/s: the third is due 0.2 s after the start, whatever the batch */
	const char *args[] = { "--records", "3", "--rate", "10", "--format", "json", "-q", NULL };
	struct cli_run r = cli_cmd("run", args);
	struct cx_json j;

	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cx_json_parse(&j, r.out);
	cr_assert(j.ok, "JSON parses: %s", r.out);
	cr_expect_eq(cx_json_u(&j, "attempted"), 3, "attempted");
	cx_check_balanced(&j, "--records 3 --rate 10");
	cr_expect_geq(strtod(cx_json_get(&j, "elapsed_s"), NULL), 0.2,
		      "the last record cannot go before its time: elapsed %s",
		      cx_json_get(&j, "elapsed_s"));
	cr_expect_str_eq(cx_json_get(&j, "rate_met"), "true", "rate met");
	/* each record goes at its time or later: never more than asked */
	cr_expect_leq(strtod(cx_json_get(&j, "rate_offered"), NULL), 10.0, "offered %s",
		      cx_json_get(&j, "rate_offered"));
	cli_free(&r);
}

Test(cli_run_life, rate_timed_run_offers_its_schedule)
{
	/*
	 * Each producer's schedule holds rate x (warm-up + duration) = 1000
	 * records. At the stop a producer sends what came due since it last
	 * looked, a batch at most; with a batch above 1000 that covers any
	 * lag, so the count is exact whatever the scheduling.
	 */
	const char *args[] = { "-d", "1", "-w", "0", "-p", "2", "--rate", "1000", "--batch",
			       "4096", "--format", "json", "-q", NULL };
	struct cli_run r = cli_cmd("run", args);
	struct cx_json j;

	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cx_json_parse(&j, r.out);
	cr_assert(j.ok, "JSON parses: %s", r.out);
	cr_expect_eq(cx_json_u(&j, "attempted"), 2000, "2 producers x 1000/s x 1 s");
	cr_expect_str_eq(cx_json_get(&j, "rate_met"), "true", "rate met");
	cr_expect_str_eq(cx_json_get(&j, "rate_offered"), "1000.000", "offered per producer");
	cx_check_balanced(&j, "paced timed run");
	cli_free(&r);
}

Test(cli_run_life, rate_not_met_is_said)
{
	/* 2^40 records/s: no producer sends 100000 records in 0.1 us */
	const char *json[] = { "--records", "100000", "--rate", "1024G", "--format", "json", "-q",
			       NULL };
	const char *text[] = { "--records", "100000", "--rate", "1024G", "-q", NULL };
	struct cli_run r = cli_cmd("run", json);
	struct cx_json j;

	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cx_json_parse(&j, r.out);
	cr_assert(j.ok, "JSON parses: %s", r.out);
	cr_expect_str_eq(cx_json_get(&j, "rate_met"), "false", "rate not met");
	cr_expect_gt(cx_json_u(&j, "rate_lag"), 500, "more than a batch behind");
	cli_free(&r);

	r = cli_cmd("run", text);
	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cr_expect(strstr(r.out, "  rate           asked 1099511627776/s per producer, offered ") &&
		  strstr(r.out, ": NOT MET (a producer was "), "the text says so: %s", r.out);
	cli_free(&r);
}

/* ---- the drain of a timed run is bounded: max(1 s, --duration) ---- */

struct cx_drain {
	char args[4][24];
};

static struct cx_drain cx_drains[] = {
	{ { "--transport", "ringbuf" } },
	{ { "--consumer", "batch", "--no-verify" } },
	{ { "--transport", "perfbuf" } },
	{ { "--transport", "wfcqueue" } },
};

ParameterizedTestParameters(cli_run_life, drain_is_bounded)
{
	return cr_make_param_array(struct cx_drain, cx_drains,
				   sizeof(cx_drains) / sizeof(cx_drains[0]));
}

/*
 * 100 ms of work per record: the full ring would take hours to drain, so a
 * run that ends at all (the timeout catches one that does not) stopped its
 * drain, and what it left must be reported undrained, not lost.
 */
ParameterizedTest(struct cx_drain *d, cli_run_life, drain_is_bounded,
		  .timeout = RBSIM_TEST_TIMEOUT(30))
{
	const char *args[16] = { "-d", "1", "-w", "0", "--consumer-work", "100000000", "--format",
				 "json", "-q" };
	unsigned long long prod, cons, und;
	struct cli_run r;
	struct cx_json j;
	int n = 9, i;

	for (i = 0; i < 4 && d->args[i][0]; i++)
		args[n++] = d->args[i];
	args[n] = NULL;
	r = cli_cmd("run", args);
	cr_assert_eq(r.status, 0, "%s: exit 0, got %d: %s", d->args[0], r.status, r.err);
	cx_json_parse(&j, r.out);
	cr_assert(j.ok, "JSON parses: %s", r.out);
	prod = cx_json_u(&j, "produced");
	cons = cx_json_u(&j, "consumed");
	und = cx_json_u(&j, "undrained");
	cr_expect_gt(und, 0, "%s %s: records left undrained", d->args[0], d->args[1]);
	cr_expect_eq(cons + und, prod, "%s %s: consumed %llu + undrained %llu = produced %llu",
		     d->args[0], d->args[1], cons, und, prod);
	cr_expect_eq(cx_json_u(&j, "lost"), 0, "%s %s: undrained is not lost", d->args[0],
		     d->args[1]);
	cr_expect_str_neq(cx_json_get(&j, "integrity"), "FAIL", "%s %s: integrity", d->args[0],
			  d->args[1]);
	cli_free(&r);
}

/* ---- signals: a child rbsim whose stderr is read line by line ---- */

struct cx_sig {
	int sig;
	char name[8];
};

static struct cx_sig cx_sigs[] = { { SIGINT, "SIGINT" }, { SIGTERM, "SIGTERM" } };

ParameterizedTestParameters(cli_run_life, signal_stops_cleanly)
{
	return cr_make_param_array(struct cx_sig, cx_sigs, sizeof(cx_sigs) / sizeof(cx_sigs[0]));
}

/* the first signal: the producers stop, the ring drains, the partial summary everywhere */
ParameterizedTest(struct cx_sig *s, cli_run_life, signal_stops_cleanly,
		  .timeout = RBSIM_TEST_TIMEOUT(30))
{
	static char hdr[128][300], row[128][300];
	char path[256], want[64], *out, *text, *nl;
	const char *args[] = { "-d", "60", "-w", "0", "--format", "csv", "-o", NULL, NULL };
	struct cx_child ch;
	int status, nh, i;
	FILE *f;

	cx_tmp_path(path, sizeof(path), "int.csv");
	args[7] = path;
	cx_spawn(&ch, args);
	cr_assert(cx_wait_line(&ch, "Iter   1 ("), "a first progress line: %s", ch.seen);
	cr_assert(!kill(ch.pid, s->sig), "kill");
	snprintf(want, sizeof(want), "rbsim run: interrupted by %s: stopping", s->name);
	cr_expect(cx_wait_line(&ch, want), "says so on stderr: %s", ch.seen);
	status = cx_finish(&ch, &out);
	cr_expect_eq(status, 128 + s->sig, "%s: exit %d, got %d", s->name, 128 + s->sig, status);
	snprintf(want, sizeof(want), "  interrupted    by %s after ", s->name);
	cr_expect(strstr(out, "Summary: hits") && strstr(out, want), "the summary: %s", out);
	cr_expect(strstr(out, "  integrity      ok"), "nothing lost: %s", out);
	free(out);

	f = fopen(path, "r");
	cr_assert(f, "the row was written");
	text = cx_slurp(f);
	fclose(f);
	cr_assert_eq(cli_lines(text), 2, "header and one row:\n%s", text);
	nh = cx_csv_split(text, hdr, 128);
	nl = strchr(text, '\n');
	cr_assert_eq(cx_csv_split(nl + 1, row, 128), nh, "as many fields as the header");
	for (i = 0; i < nh; i++) {
		if (!strcmp(hdr[i], "interrupted"))
			cr_expect_str_eq(row[i], "1", "interrupted column");
		if (!strcmp(hdr[i], "integrity"))
			cr_expect_str_eq(row[i], "ok", "integrity column");
	}
	free(text);
	cx_tmp_rm(path);
}

/* a second signal while the first one's drain runs (a second of work per record) kills */
Test(cli_run_life, second_signal_kills, .timeout = RBSIM_TEST_TIMEOUT(30))
{
	const char *args[] = { "-d", "60", "-w", "0", "--consumer-work", "1000000000", NULL };
	struct cx_child ch;
	char *out;
	int status;

	cx_spawn(&ch, args);
	cr_assert(cx_wait_line(&ch, "Iter   1 ("), "a first progress line: %s", ch.seen);
	cr_assert(!kill(ch.pid, SIGINT), "kill");
	cr_assert(cx_wait_line(&ch, "a second signal ends rbsim at once"), "draining: %s",
		  ch.seen);
	cr_assert(!kill(ch.pid, SIGINT), "kill again");
	status = cx_finish(&ch, &out);
	cr_expect_eq(status, 128 + SIGINT + 1000, "killed by the second SIGINT, got %d", status);
	cr_expect_str_empty(out, "no summary: %s", out);
	free(out);
}

/*
 * rbsim run args in ch, stopped (SIGSTOP) for ms after its first progress
 * line, then let go and waited for: exit 0 asserted, its stdout in *out
 */
static void run_stopped_once(struct cx_child *ch, const char *const *args, long ms, char **out)
{
	struct timespec pause = { .tv_sec = ms / 1000, .tv_nsec = ms % 1000 * 1000000L };

	cx_spawn(ch, args);
	cr_assert(cx_wait_line(ch, "Iter   1 ("), "a first progress line: %s", ch->seen);
	cr_assert(!kill(ch->pid, SIGSTOP), "SIGSTOP");
	nanosleep(&pause, NULL);
	cr_assert(!kill(ch->pid, SIGCONT), "SIGCONT");
	cr_assert_eq(cx_finish(ch, out), 0, "exit 0: %s", ch->seen);
}

/*
 * The progress line says how late each tick came after its deadline: never
 * negative. The run is stopped for 1.3 s after its first tick, so its second
 * tick comes late and its third on time (a tick measured against the one
 * before it would read -0.3 s there).
 */
Test(cli_run_life, progress_lateness_never_negative, .timeout = RBSIM_TEST_TIMEOUT(30))
{
	const char *args[] = { "-d", "3", "-w", "0", "--format", "json", NULL };
	struct cx_child ch;
	const char *p;
	char *out;
	int n = 0;

	run_stopped_once(&ch, args, 1300, &out);
	for (p = strstr(ch.seen, "Iter "); p; p = strstr(p + 1, "Iter ")) {
		const char *q = strchr(p, '(');

		cr_assert(q, "a lateness figure");
		while (*++q == ' ')
			;
		cr_expect(*q >= '0' && *q <= '9', "lateness not negative: %.60s", p);
		n++;
	}
	cr_expect_eq(n, 3, "three ticks: %s", ch.seen);
	free(out);
}

/*
 * A paced producer that looks at the clock 90 ms or more after it meant to
 * counts a stop of its CPU (prod_host_stops). The run is stopped for 300
 * ms after its first tick: each of its two producers, asleep between its
 * records, sees it once (a stop of the host's while the test runs beside
 * others may add one, never take one away). Unpaced producers (no
 * consumer: the one count of the host's stops there) look every 4
 * batches and see it too (the ring full at once, each batch refused); a
 * run of 1000 records (two batches of 500) ends before its first look: 0. With
 * --b2b (the consumer's thread produces) and in virtual time the figure is
 * null.
 */
Test(cli_run_life, paced_producers_count_a_stop, .timeout = RBSIM_TEST_TIMEOUT(30))
{
	const char *args[] = { "--rate", "2000", "-p", "2", "-d", "3", "-w", "0", "--format",
			       "json", NULL };
	const char *unpaced[] = { "-p", "2", "--consumer", "none", "-d", "3", "-w", "0",
				  "--format", "json", NULL };
	const char *once[] = { "--records", "1000", "-q", "--format", "json", NULL };
	const char *b2b[] = { "--b2b", "-d", "1", "-w", "0", "-q", "--format", "json", NULL };
	const char *virt[] = { "--rate", "2000", "-d", "1", "-w", "0", "--virtual", "-q",
			       "--format", "json", NULL };
	struct cli_run r = { 0 };
	struct cx_child ch;
	char *out, v[32];

	run_stopped_once(&ch, args, 300, &out);
	cr_assert(cli_json_value(out, "prod_host_stops", v, sizeof(v)), "%s", out);
	cr_expect_geq(atoi(v), 2, "each producer saw the stop: %s", v);
	free(out);

	run_stopped_once(&ch, unpaced, 300, &out);
	cr_assert(cli_json_value(out, "prod_host_stops", v, sizeof(v)), "%s", out);
	cr_expect_geq(atoi(v), 2, "each unpaced producer saw the stop: %s", v);
	free(out);

	cli_exec(&r, "run", once, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(cli_json_value(r.out, "prod_host_stops", v, sizeof(v)));
	cr_expect_str_eq(v, "0", "no look before the run ended: 0");
	cli_free(&r);
	cli_exec(&r, "run", b2b, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(cli_json_value(r.out, "prod_host_stops", v, sizeof(v)));
	cr_expect_str_eq(v, "null", "--b2b: null");
	cli_free(&r);
	cli_exec(&r, "run", virt, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(cli_json_value(r.out, "prod_host_stops", v, sizeof(v)));
	cr_expect_str_eq(v, "null", "virtual time: null");
	cli_free(&r);
}

/*
 * Unpaced producers with rings of their own count the time between two
 * looks at the clock beyond their usual interval as lost (prod_lost_ms):
 * stopped for 300 ms after the first tick, one producer (its ring full at
 * once, each batch refused) and each of two on rings of their own
 * (--reserve percpu) lose at least the stop, less their usual interval
 * (microseconds); the share is of the producers' measured time, which the
 * stop is part of. Producers on one ring (their pace set by the lock's
 * hand-off), a producer with a consumer (a batch that wakes it costs
 * microseconds more), paced ones (asleep between looks), --b2b and
 * virtual time (with its consumer: it runs none without): null.
 */
Test(cli_run_life, unpaced_producers_count_lost_time, .timeout = RBSIM_TEST_TIMEOUT(30))
{
	const char *one[] = { "--consumer", "none", "-d", "3", "-w", "0", "--format", "json",
			      NULL };
	const char *own[] = { "-p", "2", "--reserve", "percpu", "--consumer", "none", "-d", "3",
			      "-w", "0", "--format", "json", NULL };
	static const char *const none[][12] = {
		{ "-p", "2", "--consumer", "none", "-d", "1", "-w", "0", "-q", "--format", "json" },
		{ "--consumer", "libbpf", "-d", "1", "-w", "0", "-q", "--format", "json" },
		{ "--rate", "2000", "-d", "1", "-w", "0", "-q", "--format", "json" },
		{ "--b2b", "-d", "1", "-w", "0", "-q", "--format", "json" },
		{ "-d", "1", "-w", "0", "--virtual", "-q", "--format", "json" },
	};
	struct cx_child ch;
	char *out, v[32];
	unsigned int i;

	run_stopped_once(&ch, one, 300, &out);
	cr_assert(cli_json_value(out, "prod_lost_ms", v, sizeof(v)), "%s", out);
	cr_expect_geq(atof(v), 290.0, "the stop lost: %s", v);
	cr_assert(cli_json_value(out, "prod_lost_frac", v, sizeof(v)), "%s", out);
	cr_expect(atof(v) > 0.29 / 4.5 && atof(v) <= 1.0, "a share of some 3 s: %s", v);
	free(out);

	run_stopped_once(&ch, own, 300, &out);
	cr_assert(cli_json_value(out, "prod_lost_ms", v, sizeof(v)), "%s", out);
	cr_expect_geq(atof(v), 2 * 290.0, "each producer lost the stop: %s", v);
	free(out);

	for (i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		struct cli_run r = { 0 };

		cli_exec(&r, "run", (const char *const *)none[i], NULL);
		cr_assert_eq(r.status, 0, "%s: %s", none[i][0], r.err);
		cr_assert(cli_json_value(r.out, "prod_lost_ms", v, sizeof(v)), "%s", r.out);
		cr_expect_str_eq(v, "null", "%s %s: null", none[i][0], none[i][1]);
		cr_assert(cli_json_value(r.out, "prod_lost_frac", v, sizeof(v)), "%s", r.out);
		cr_expect_str_eq(v, "null", "%s %s: null", none[i][0], none[i][1]);
		cli_free(&r);
	}
}

/* ---- -o: the row goes in whole or not at all; what the file holds must take it ---- */

static char *cx_read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text;

	cr_assert(f, "open %s", path);
	text = cx_slurp(f);
	fclose(f);
	return text;
}

static void cx_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	cr_assert(f && fputs(text, f) >= 0 && !fclose(f), "write %s", path);
}

Test(cli_run_life, output_to_a_full_device)
{
	const char *args[] = { "--records", "1000", "--format", "csv", "-o", "/dev/full", "-q",
			       NULL };
	struct cli_run r = cli_cmd("run", args);

	cr_expect_eq(r.status, 1, "exit 1, got %d", r.status);
	cr_expect_str_eq(r.err, "rbsim run: -o /dev/full: No space left on device (nothing "
				"written)\n", "one line naming the problem");
	cr_expect(strstr(r.out, "Summary: hits") && strstr(r.out, "  integrity      ok"),
		  "the summary on stdout anyway: %s", r.out);
	cli_free(&r);
}

/* a file size limit that cuts the row: the file is left as it was */
Test(cli_run_life, output_past_the_file_size_limit, .timeout = RBSIM_TEST_TIMEOUT(30))
{
	const char *args[] = { "--records", "1000", "--ring-size", "4096", "--format", "csv", "-o",
			       NULL, "-q", NULL };
	char path[256], want[320], *before, *after, *row, *out;
	struct cx_child ch;
	struct cli_run r;
	struct stat st;
	size_t len;
	int status, i;
	FILE *f;

	cx_tmp_path(path, sizeof(path), "runs.csv");
	args[7] = path;
	r = cli_cmd("run", args);
	cr_assert_eq(r.status, 0, "a first row: %s", r.err);
	cli_free(&r);
	/* rows up to 64 KiB: above what the run itself needs (its 4 KiB ring's memfd) */
	before = cx_read_file(path);
	row = strchr(before, '\n') + 1;
	f = fopen(path, "a");
	cr_assert(f, "append");
	for (i = 0; i < 64; i++)
		fputs(row, f);
	fclose(f);
	free(before);
	before = cx_read_file(path);
	len = strlen(before);

	/* room for 100 more bytes: a row is cut there, then EFBIG */
	cx_spawn_lim(&ch, args, &(struct cx_limits){ .fsize = (rlim_t)len + 100 });
	status = cx_finish(&ch, &out);
	cr_expect_eq(status, 1, "exit 1, got %d: %s", status, ch.seen);
	snprintf(want, sizeof(want), "rbsim run: -o %s: File too large (nothing written)\n", path);
	cr_expect_str_eq(ch.seen, want, "one line naming the problem");
	cr_expect(strstr(out, "Summary: hits"), "the summary on stdout anyway: %s", out);
	cr_assert(!stat(path, &st), "stat");
	cr_expect_eq((size_t)st.st_size, len, "cut back to its size before: %zu, got %lld", len,
		     (long long)st.st_size);
	after = cx_read_file(path);
	cr_expect_str_eq(after, before, "the file as it was");
	free(after);
	free(before);
	free(out);
	cx_tmp_rm(path);
}

Test(cli_run_life, output_of_another_kind_refused)
{
	static const struct {
		const char *format, *content, *msg;
	} cases[] = {
		{ "csv", "a,b,c\n1,2,3\n", "its first line is not the CSV header of this rbsim "
		  "(another program's file, or other columns): a row would not match it\n" },
		{ "csv", "{\"a\":1}\n", "it holds JSON objects, not CSV rows (--format json, or "
		  "another file)\n" },
		{ "json", "a,b,c\n1,2,3\n", "it does not hold JSON objects, one per line" },
		{ "text", "{\"a\":1}\n", "it holds JSON objects (--format json, or another file)\n" },
	};
	char path[256], want[512], *text;
	size_t i;

	cx_tmp_path(path, sizeof(path), "other");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *args[] = { "--records", "100", "--format", cases[i].format, "-o", path,
				       "-q", NULL };
		struct cli_run r;

		cx_write_file(path, cases[i].content);
		r = cli_cmd("run", args);
		cr_expect_eq(r.status, 2, "%s into '%s': exit 2, got %d", cases[i].format,
			     cases[i].content, r.status);
		snprintf(want, sizeof(want), "rbsim run: -o %s: %s", path, cases[i].msg);
		cr_expect(!strncmp(r.err, want, strlen(want)) && cli_lines(r.err) == 1,
			  "want '%s', got '%s'", want, r.err);
		cr_expect_str_empty(r.out, "nothing run");
		text = cx_read_file(path);
		cr_expect_str_eq(text, cases[i].content, "the file untouched");
		free(text);
		cli_free(&r);
	}
	cx_tmp_rm(path);
}
