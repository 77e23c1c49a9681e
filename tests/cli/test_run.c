// SPDX-License-Identifier: GPL-2.0-only
/*
 * `rbsim run` from the outside: fork/exec build/rbsim (env RBSIM_BIN) and
 * check exit statuses, messages and the CSV/JSON it writes. Runs use
 * --records so that they end as soon as the work is done.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <linux/capability.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/run.h"
#include "tests/helpers/tmpdir.h"

static char *cx_slurp(FILE *f)
{
	size_t cap = 4096, len = 0, n;
	char *buf = malloc(cap);

	cr_assert(buf, "malloc");
	rewind(f);
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len - 1 == 0) {
			cap *= 2;
			buf = realloc(buf, cap);
			cr_assert(buf, "realloc");
		}
	}
	buf[len] = '\0';
	return buf;
}

/* every key the CSV header and the JSON object must carry */
static const char *const cx_keys[] = {
	"time", "host", "kernel", "label", "transport", "producers", "size", "size_mean",
	"ring_size", "batch", "b2b", "wakeup", "wakeup_bytes", "use_output", "discard_pct",
	"consumer", "poll", "consumer_work_ns", "rate", "rate_offered", "rate_lag", "rate_met",
	"records", "duration_s", "warmup_s", "seed", "verify", "latency", "latency_every",
	"affinity", "threads", "cpus", "oversubscribed", "interrupted", "samples", "hits_mean_mps",
	"hits_stddev_mps", "hits_per_prod_mps", "drops_mean_mps", "drops_stddev_mps",
	"bytes_per_s", "attempted", "produced", "consumed", "discarded", "undrained",
	"drops_no_space", "drops_lock", "drops_too_big", "notifications", "wakeups", "lat_samples",
	"lat_p50_ns", "lat_p90_ns", "lat_p99_ns", "lat_p999_ns", "lat_max_ns", "lat_mean_ns",
	"elapsed_s", "cpu_user_s", "cpu_sys_s", "cpu_ns_per_record", "integrity", "lost",
	"duplicated", "reordered", "torn", "first_error", "warning", "extra",
};
#define CX_NKEYS (sizeof(cx_keys) / sizeof(cx_keys[0]))

TestSuite(cli_run, .timeout = 60);

/* ---- bad input: one line, exit 2, nothing written ---- */

static struct cx_bad cx_bad_inputs[] = {
	{ { "--bogus" }, "unknown option '--bogus'" },
	{ { "-x" }, "unknown option '-x'" },
	{ { "stray" }, "unexpected argument 'stray'" },
	{ { "--producers" }, "needs an argument" },
	{ { "--size", "uniform:5" }, "--size 'uniform:5': expected SIZE, uniform:MIN-MAX" },
	{ { "--size", "uniform:64-8" }, "is empty" },
	{ { "--size", "mix:64x0" }, "mix weight of size 64 is 0" },
	{ { "--size", "mix:64x9,x1" }, "--size 'mix:64x9,x1'" },
	{ { "--size", "big" }, "--size 'big'" },
	{ { "--size", "4" }, "cannot carry a producer id and sequence number; add --no-verify" },
	{ { "--ring-size", "1000" }, "--ring-size 1000: not a power of 2 (the kernel requires "
				    "max_entries to be a power of 2 and page aligned)" },
	{ { "--ring-size", "2048" }, "--ring-size 2048: not page aligned" },
	{ { "--ring-size", "8G" }, "too large" },
	{ { "--ring-size", "0" }, "not a power of 2" },
	{ { "--ring-size", "12x" }, "--ring-size '12x': not a number" },
	{ { "-p", "0" }, "--producers 0: need at least one producer" },
	{ { "-p", "two" }, "--producers 'two': not a number" },
	{ { "-d", "0" }, "--duration 0: need at least one measured second" },
	{ { "-d", "90000" }, "rbsim run: --duration 90000: out of range (1-86400)\n" },
	{ { "-w", "-1" }, "rbsim run: --warmup -1: out of range (0-86400)\n" },
	{ { "-p", "-1" }, "rbsim run: --producers -1: out of range (1-256)\n" },
	{ { "-p", "99999999999999999999" }, "--producers 99999999999999999999: out of range (1-256)" },
	{ { "--seed", "-1" }, "rbsim run: --seed -1: negative\n" },
	{ { "--ring-size", "-4096" }, "rbsim run: --ring-size -4096: negative\n" },
	{ { "--ring-size", "99999999999999999999" }, "--ring-size 99999999999999999999: too large" },
	{ { "--size", "2G" }, "rbsim run: --size '2G': 2147483648 bytes is too large (sizes up to "
			      "16777216 bytes)\n" },
	{ { "--size", "uniform:8-99999999999999999999" }, "rbsim run: --size "
	  "'uniform:8-99999999999999999999': too large (sizes up to 16777216 bytes)\n" },
	{ { "--size", "mix:8x1,17Mx1" }, "17825792 bytes is too large" },
	{ { "--b2b", "-p", "2" }, "--b2b runs one producer" },
	{ { "--b2b", "--rate", "1000" }, "--rate paces producer threads" },
	{ { "--b2b", "--prod-affinity", "0" }, "--b2b has no producer thread" },
	{ { "--records", "100", "-d", "2" }, "excludes --duration and --warmup" },
	{ { "--wakeup", "sometimes" }, "--wakeup 'sometimes': expected adaptive" },
	{ { "--wakeup", "sampled:0" }, "sampled:N needs a number" },
	{ { "--discard", "101" }, "--discard '101': expected a percentage" },
	{ { "--use-output", "--discard", "5" }, "bpf_ringbuf_output() cannot discard" },
	{ { "--consumer", "fast" }, "--consumer 'fast': expected libbpf or batch" },
	{ { "--poll", "spin" }, "--poll 'spin': expected epoll or busy" },
	{ { "--format", "xml" }, "--format 'xml': expected text, csv or json" },
	{ { "--transport", "carrier-pigeon" }, "--transport 'carrier-pigeon': unknown" },
	{ { "--batch", "0" }, "--batch 0: out of range" },
	{ { "--latency-every", "3" }, "--latency-every 3: not a power of 2" },
	{ { "--prod-affinity", "4096" }, "--prod-affinity '4096'" },
	{ { "--cons-affinity", "1-0" }, "expected a CPU list" },
	{ { "--inject", "gremlins" }, "--inject 'gremlins'" },
	/* a workload that can never fit, or never wake the consumer */
	{ { "--size", "5000", "--ring-size", "4096" }, "rbsim run: --size 5000: a 5000-byte record "
	  "never fits the ring of --transport ringbuf (4080 bytes at most)\n" },
	{ { "--size", "4081", "--ring-size", "4096" }, "(4080 bytes at most)" },
	{ { "--size", "mix:9000x1,8200x1", "--ring-size", "8192" }, "a 8200-byte record never fits "
	  "the ring of --transport ringbuf (8176 bytes at most)" },
	{ { "--transport", "perfbuf", "--size", "4077", "--ring-size", "4096" }, "rbsim run: --size "
	  "4077: a 4077-byte record never fits the ring of --transport perfbuf (4076 bytes at "
	  "most)\n" },
	{ { "--transport", "perfbuf", "--perf-pages", "32", "--size", "70000" }, "a 70000-byte "
	  "record never fits the ring of --transport perfbuf (65516 bytes at most)" },
	{ { "--wakeup", "sampled:1000", "--ring-size", "4096" }, "rbsim run: --wakeup sampled:1000: "
	  "its threshold of 16000 bytes is above what the ring of --transport ringbuf can reach "
	  "(4080 bytes): the consumer would never be woken (a smaller N, or --poll busy)\n" },
	{ { "--wakeup", "bytes:4081", "--ring-size", "4096" }, "threshold of 4081 bytes is above "
	  "what the ring of --transport ringbuf can reach (4080 bytes)" },
	{ { "--transport", "perfbuf", "--wakeup", "bytes:4080", "--ring-size", "4096" }, "threshold "
	  "of 4080 bytes is above what the ring of --transport perfbuf can reach (4079 bytes)" },
	{ { "--inject", "torn", "--no-verify" }, "rbsim run: --inject tests the verifier, which "
						 "--no-verify turns off\n" },
	/* generic options a transport would ignore */
	{ { "--transport", "perfbuf", "--consumer", "batch" }, "rbsim run: --consumer batch does "
	  "not apply to --transport perfbuf: its consumer is perf_buffer (transports with a "
	  "choice: kernel-ringbuf, ringbuf)\n" },
	{ { "--transport", "wfcqueue", "--consumer", "libbpf" }, "rbsim run: --consumer libbpf "
	  "does not apply to --transport wfcqueue: its consumer is splice" },
	{ { "--transport", "perfbuf", "--use-output" }, "rbsim run: --use-output does not apply "
	  "to --transport perfbuf (transports that have it: kernel-ringbuf, ringbuf, wfcqueue)\n" },
	{ { "--transport", "wfcqueue", "--wakeup", "bytes:4096" }, "rbsim run: --wakeup bytes:4096 "
	  "does not apply to --transport wfcqueue (transports that have it: kernel-perfbuf, "
	  "kernel-ringbuf, perfbuf, ringbuf)\n" },
};

ParameterizedTestParameters(cli_run, bad_input)
{
	return cr_make_param_array(struct cx_bad, cx_bad_inputs,
				   sizeof(cx_bad_inputs) / sizeof(cx_bad_inputs[0]));
}

ParameterizedTest(struct cx_bad *b, cli_run, bad_input)
{
	cx_expect_bad(b);
}

Test(cli_run, unwritable_output)
{
	const char *args[] = { "--records", "10", "-o", "/nonexistent-dir/x.csv", NULL };
	struct cli_run r = cli_cmd("run", args);

	cr_expect_eq(r.status, 2, "exit status 2 for an -o in a missing directory");
	cr_expect_eq(cli_lines(r.err), 1, "one line: %s", r.err);
	cr_expect(strstr(r.err, "-o /nonexistent-dir/x.csv: cannot write"), "names -o: %s", r.err);
	cli_free(&r);
}

/* ---- --help: every option with its default ---- */

Test(cli_run, help_lists_every_option_with_default)
{
	static const char *const opts[] = {
		"--transport", "--producers", "--duration", "--warmup", "--records",
		"--ring-size", "--seed", "--size", "--rate", "--batch", "--b2b", "--wakeup",
		"--use-output", "--discard", "--consumer ", "--poll", "--consumer-work",
		"--affinity", "--prod-affinity", "--cons-affinity", "--format", "--output",
		"--label", "--quiet", "--no-verify", "--no-latency", "--latency-every",
	};
	const char *args[] = { "--help", NULL };
	struct cli_run r = cli_cmd("run", args);
	size_t i;

	cr_assert_eq(r.status, 0, "--help exits 0");
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		const char *at = strstr(r.out, opts[i]), *next;
		char entry[512];

		cr_assert(at, "--help lists %s", opts[i]);
		/* the entry runs to the next line that starts a new option or section */
		next = strstr(at, "\n  -");
		if (!next)
			next = at + strlen(at);
		snprintf(entry, sizeof(entry), "%.*s", (int)(next - at), at);
		cr_expect(strstr(entry, "default"), "--help gives the default of %s: %s", opts[i],
			  entry);
	}
	cli_free(&r);
}

/* ---- small runs of every wakeup mode and consumer mode ---- */

struct cx_mode {
	char wakeup[16], consumer[8], poll[8];
	bool b2b;
};

static struct cx_mode cx_modes[] = {
	{ "adaptive", "libbpf", "epoll", false }, { "adaptive", "libbpf", "busy", false },
	{ "adaptive", "batch", "epoll", false },  { "adaptive", "batch", "busy", false },
	{ "none", "libbpf", "epoll", false },     { "none", "libbpf", "busy", false },
	{ "none", "batch", "epoll", false },      { "none", "batch", "busy", false },
	{ "force", "libbpf", "epoll", false },    { "force", "libbpf", "busy", false },
	{ "force", "batch", "epoll", false },     { "force", "batch", "busy", false },
	{ "sampled:50", "libbpf", "epoll", false }, { "sampled:50", "libbpf", "busy", false },
	{ "sampled:50", "batch", "epoll", false },  { "sampled:50", "batch", "busy", false },
	{ "bytes:4096", "libbpf", "epoll", false }, { "bytes:4096", "libbpf", "busy", false },
	{ "bytes:4096", "batch", "epoll", false },  { "bytes:4096", "batch", "busy", false },
	{ "adaptive", "libbpf", "epoll", true },  { "adaptive", "batch", "epoll", true },
	{ "force", "libbpf", "epoll", true },     { "force", "batch", "busy", true },
	{ "sampled:50", "libbpf", "epoll", true }, { "sampled:50", "batch", "epoll", true },
	{ "bytes:4096", "batch", "epoll", true },  { "none", "libbpf", "busy", true },
	{ "none", "batch", "busy", true },
};

ParameterizedTestParameters(cli_run, modes)
{
	return cr_make_param_array(struct cx_mode, cx_modes,
				   sizeof(cx_modes) / sizeof(cx_modes[0]));
}

ParameterizedTest(struct cx_mode *m, cli_run, modes)
{
	const char *par[] = { "--records", "20000", "-p", "2", "--size", "uniform:8-100",
			      "--discard", "5", "--wakeup", m->wakeup, "--consumer", m->consumer,
			      "--poll", m->poll, "--format", "json", "-q", NULL };
	const char *b2b[] = { "--records", "20000", "--b2b", "--size", "uniform:8-100",
			      "--discard", "5", "--wakeup", m->wakeup, "--consumer", m->consumer,
			      "--poll", m->poll, "--format", "json", "-q", NULL };
	struct cli_run r = cli_cmd("run", m->b2b ? b2b : par);
	struct cx_json j;
	char what[96];

	snprintf(what, sizeof(what), "%s%s/%s/%s", m->b2b ? "b2b " : "", m->wakeup, m->consumer,
		 m->poll);
	cr_assert_eq(r.status, 0, "%s: exit 0, got %d: %s", what, r.status, r.err);
	cx_json_parse(&j, r.out);
	cr_assert(j.ok, "%s: stdout is one JSON object: %s", what, r.out);
	cx_check_balanced(&j, what);
	cr_expect_eq(cx_json_u(&j, "attempted"), 20000, "%s: --records 20000 attempted", what);
	if (m->b2b) {
		/* a batch of at most 500 * 108 bytes always fits in 512 KiB */
		cr_expect_eq(cx_json_u(&j, "drops_no_space"), 0, "%s: b2b never fills the ring",
			     what);
		cr_expect_eq(cx_json_u(&j, "threads"), 1, "%s: b2b runs one thread", what);
	}
	if (!strcmp(m->wakeup, "none"))
		cr_expect_eq(cx_json_u(&j, "notifications"), 0, "%s: NO_WAKEUP never notifies",
			     what);
	if (!strcmp(m->wakeup, "force")) {
		const char *dd = strstr(r.out, "\"notify_dedup\":");
		unsigned long long dedup;

		cr_assert(dd, "%s: notify_dedup in extra", what);
		dedup = strtoull(dd + 15, NULL, 10);
		/* FORCE_WAKEUP queues the notification on every commit, discards included */
		cr_expect_eq(cx_json_u(&j, "notifications") + dedup,
			     cx_json_u(&j, "produced") + cx_json_u(&j, "discarded"),
			     "%s: notifications + deduplicated = commits", what);
	}
	cli_free(&r);
}

Test(cli_run, use_output_and_every_layout)
{
	/* 8..15 compact8, 16..31 compact16, 32+ full header, odd tails included */
	const char *args[] = { "--records", "20000", "-p", "2", "--use-output", "--size",
			       "mix:8x1,13x1,16x1,23x1,31x1,32x1,100x1,4001x1", "--format",
			       "json", "-q", NULL };
	struct cli_run r = cli_cmd("run", args);
	struct cx_json j;

	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cx_json_parse(&j, r.out);
	cr_assert(j.ok, "JSON parses: %s", r.out);
	cx_check_balanced(&j, "use-output mix");
	cr_expect_str_eq(cx_json_get(&j, "use_output"), "true", "use_output reported");
	cli_free(&r);
}

/* a workload part of which can never fit runs, with a warning that the report repeats */
Test(cli_run, partly_unfit_workload_warns)
{
	const char *big[] = { "--records", "1000", "--size", "uniform:8-5000", "--ring-size",
			      "4096", "--format", "json", "-q", NULL };
	const char *busy[] = { "--records", "1000", "--wakeup", "sampled:1000", "--poll", "busy",
			       "--ring-size", "4096", "-q", NULL };
	const char *edge[] = { "--records", "100", "--size", "4080", "--ring-size", "4096",
			       "--wakeup", "bytes:4080", "--format", "json", "-q", NULL };
	const char *warn = "--size uniform:8-5000: records over 4080 bytes never fit the ring of "
			   "--transport ringbuf: they are too-big drops";
	struct cli_run r = cli_cmd("run", big);
	struct cx_json j;

	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cr_expect(!strncmp(r.err, "rbsim run: warning: ", 20) && strstr(r.err, warn),
		  "warned on stderr: %s", r.err);
	cx_json_parse(&j, r.out);
	cr_assert(j.ok, "JSON parses: %s", r.out);
	cr_expect_str_eq(cx_json_get(&j, "warning"), warn, "the warning in the report");
	cr_expect_gt(cx_json_u(&j, "drops_too_big"), 0, "too-big drops");
	cr_expect_str_eq(cx_json_get(&j, "integrity"), "ok", "integrity");
	cli_free(&r);

	r = cli_cmd("run", busy);
	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cr_expect(strstr(r.err, "rbsim run: warning: --wakeup sampled:1000: its threshold of 16000 "
			 "bytes is above what the ring of --transport ringbuf can reach (4080 "
			 "bytes): no wake-up is ever sent (--poll busy does without)\n"),
		  "a busy consumer needs no wake-up: %s", r.err);
	cr_expect(strstr(r.out, "  warning        --wakeup sampled:1000: "), "in the text: %s",
		  r.out);
	cli_free(&r);

	/* the largest record and the highest threshold that can work: no warning */
	r = cli_cmd("run", edge);
	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cr_expect(!strstr(r.err, "warning"), "no warning: %s", r.err);
	cx_json_parse(&j, r.out);
	cr_assert(j.ok, "JSON parses: %s", r.out);
	cr_expect_gt(cx_json_u(&j, "produced"), 0, "4080-byte records fit a 4096-byte ring");
	cr_expect_gt(cx_json_u(&j, "notifications"), 0, "and 4080 bytes reach the wake-up threshold");
	cr_expect_str_eq(cx_json_get(&j, "warning"), "", "no warning in the report");
	cli_free(&r);
}

/* ---- output formats ---- */

/* split one CSV line (RFC 4180 quoting) into fields; returns how many */
static int cx_csv_split(const char *line, char fields[][300], int max)
{
	int n = 0;
	size_t k;

	for (;;) {
		k = 0;
		cr_assert(n < max, "too many CSV fields");
		if (*line == '"') {
			line++;
			while (*line && !(*line == '"' && line[1] != '"')) {
				if (*line == '"')
					line++;
				if (k + 1 < 300)
					fields[n][k++] = *line;
				line++;
			}
			cr_assert(*line == '"', "unterminated quoted CSV field");
			line++;
		} else {
			while (*line && *line != ',' && *line != '\n') {
				if (k + 1 < 300)
					fields[n][k++] = *line;
				line++;
			}
		}
		fields[n++][k] = '\0';
		if (*line != ',')
			return n;
		line++;
	}
}

Test(cli_run, csv_appends_header_once)
{
	static char hdr[128][300], row[128][300];
	char path[256], *text, *l1, *l2, *l3;
	const char *args[] = { "--records", "5000", "--size", "mix:64x9,1024x1", "--format", "csv",
			       "-o", NULL, "--label", "a \"quoted\", label", "-q", NULL };
	struct cli_run r;
	FILE *f;
	int nh, nr, i;
	size_t k;

	cx_tmp_path(path, sizeof(path), "runs.csv");
	args[7] = path;
	for (i = 0; i < 2; i++) {
		r = cli_cmd("run", args);
		cr_assert_eq(r.status, 0, "run %d exits 0: %s", i, r.err);
		cli_free(&r);
	}
	f = fopen(path, "r");
	cr_assert(f, "-o file written");
	text = cx_slurp(f);
	fclose(f);
	cr_assert_eq(cli_lines(text), 3, "header once, then one row per run:\n%s", text);
	l1 = text;
	l2 = strchr(l1, '\n') + 1;
	l3 = strchr(l2, '\n') + 1;
	nh = cx_csv_split(l1, hdr, 128);
	cr_expect_eq(nh, (int)CX_NKEYS, "header has %zu columns, got %d", CX_NKEYS, nh);
	for (k = 0; k < CX_NKEYS; k++) {
		bool found = false;

		for (i = 0; i < nh; i++)
			found |= !strcmp(hdr[i], cx_keys[k]);
		cr_expect(found, "CSV header carries %s", cx_keys[k]);
	}
	for (i = 0; i < 2; i++) {
		nr = cx_csv_split(i ? l3 : l2, row, 128);
		cr_expect_eq(nr, nh, "row %d has as many fields as the header", i);
		for (k = 0; k < (size_t)nr && k < (size_t)nh; k++) {
			if (!strcmp(hdr[k], "integrity"))
				cr_expect_str_eq(row[k], "ok", "row %d integrity", i);
			if (!strcmp(hdr[k], "label"))
				cr_expect_str_eq(row[k], "a \"quoted\", label", "row %d label", i);
			if (!strcmp(hdr[k], "size"))
				cr_expect_str_eq(row[k], "mix:64x9,1024x1", "row %d size", i);
			if (!strcmp(hdr[k], "attempted"))
				cr_expect_str_eq(row[k], "5000", "row %d attempted", i);
		}
	}
	free(text);
}

Test(cli_run, json_carries_every_field)
{
	char path[256], *text;
	const char *args[] = { "--records", "5000", "-p", "2", "--format", "json", "-o", NULL,
			       "-q", NULL };
	struct cli_run r;
	struct cx_json j;
	FILE *f;
	size_t k;

	cx_tmp_path(path, sizeof(path), "runs.json");
	args[7] = path;
	r = cli_cmd("run", args);
	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cr_expect(strstr(r.out, "Summary: hits"), "the text summary still goes to stdout");
	cli_free(&r);
	f = fopen(path, "r");
	cr_assert(f, "-o file written");
	text = cx_slurp(f);
	fclose(f);
	cr_expect_eq(cli_lines(text), 1, "one JSON object per line");
	cx_json_parse(&j, text);
	cr_assert(j.ok, "the object parses: %s", text);
	for (k = 0; k < CX_NKEYS; k++)
		cx_json_get(&j, cx_keys[k]);
	cr_expect_eq(j.nkeys, (int)CX_NKEYS, "no key beyond the documented ones");
	cr_expect_eq(cx_json_u(&j, "producers"), 2, "producers");
	cx_check_balanced(&j, "json run");
	free(text);
}

/* ---- the same seed gives the same record sizes ---- */

Test(cli_run, same_seed_same_sizes)
{
	const char *a7[] = { "--dump-sizes", "200", "--seed", "7", "-p", "2", "--size",
			     "uniform:8-4096", "--discard", "20", NULL };
	const char *a8[] = { "--dump-sizes", "200", "--seed", "8", "-p", "2", "--size",
			     "uniform:8-4096", "--discard", "20", NULL };
	struct cli_run r1 = cli_cmd("run", a7), r2 = cli_cmd("run", a7), r3 = cli_cmd("run", a8);
	char *p0, *p1;
	unsigned long v;
	char *s, *end;
	int n = 0;

	cr_assert_eq(r1.status, 0, "--dump-sizes exits 0: %s", r1.err);
	cr_expect_eq(cli_lines(r1.out), 2, "one line per producer");
	cr_expect_str_eq(r1.out, r2.out, "the same seed gives the same sizes");
	cr_expect_str_neq(r1.out, r3.out, "another seed gives other sizes");
	p0 = r1.out;
	p1 = strchr(p0, '\n') + 1;
	cr_expect(strncmp(p0 + 11, p1 + 11, 200), "producers draw different streams");
	cr_expect(strstr(p0, "d "), "--discard 20 marks some records");
	for (s = strchr(p0, ':') + 1; *s && *s != '\n'; n++) {
		v = strtoul(s, &end, 10);
		cr_assert(end != s, "a number");
		cr_expect(v >= 8 && v <= 4096, "size %lu within uniform:8-4096", v);
		s = end + (*end == 'd');
	}
	cr_expect_eq(n, 200, "200 sizes for producer 0");
	cli_free(&r1);
	cli_free(&r2);
	cli_free(&r3);
}

/* ---- integrity FAIL: the verifier is shown a bad record on purpose ---- */

struct cx_fault {
	char inject[16], size[8], kind[64], field[16];
};

static struct cx_fault cx_faults[] = {
	/* records of any size: the changed copy is as large as the workload's largest */
	{ "torn@1000", "100", "FAIL: torn: record #1000", "torn" },
	{ "torn@1000", "4000", "checksum mismatch", "torn" },
	{ "reorder@1000", "4000", "FAIL: reordered: producer 0 seq 1001 arrived when 1000",
	  "reordered" },
	{ "lose@1000", "8", "FAIL: lost: producer 0 seq 1001 arrived when 1000", "lost" },
	{ "dup@1000", "20", "FAIL: duplicated: producer 0 seq 1000", "duplicated" },
	{ "torn@1000", "64", "FAIL: torn: record #1000", "torn" },
	{ "torn@1000", "20", "checksum mismatch", "torn" },
	{ "torn@1000", "8", "producer id 90 out of range", "torn" },
	{ "reorder@1000", "40", "FAIL: reordered: producer 0 seq 1001 arrived when 1000",
	  "reordered" },
};

ParameterizedTestParameters(cli_run, integrity_fail)
{
	return cr_make_param_array(struct cx_fault, cx_faults,
				   sizeof(cx_faults) / sizeof(cx_faults[0]));
}

ParameterizedTest(struct cx_fault *f, cli_run, integrity_fail)
{
	const char *text[] = { "--records", "5000", "--b2b", "--size", f->size, "--inject",
			       f->inject, "-q", NULL };
	const char *json[] = { "--records", "5000", "--b2b", "--size", f->size, "--inject",
			       f->inject, "-q", "--format", "json", NULL };
	struct cli_run r = cli_cmd("run", text);
	struct cx_json j;

	cr_expect_eq(r.status, 1, "%s: exit 1 on integrity FAIL", f->inject);
	cr_expect(strstr(r.out, "integrity      FAIL: "), "%s: says FAIL: %s", f->inject, r.out);
	cr_expect(strstr(r.out, f->kind), "%s: first discrepancy '%s' in:\n%s", f->inject,
		  f->kind, r.out);
	cli_free(&r);

	r = cli_cmd("run", json);
	cr_expect_eq(r.status, 1, "%s: exit 1 with --format json too", f->inject);
	cx_json_parse(&j, r.out);
	cr_assert(j.ok, "%s: JSON parses", f->inject);
	cr_expect_str_eq(cx_json_get(&j, "integrity"), "FAIL", "%s: integrity field", f->inject);
	cr_expect_geq(cx_json_u(&j, f->field), 1, "%s: %s counted", f->inject, f->field);
	cr_expect(strstr(cx_json_get(&j, "first_error"), f->kind + 6), "%s: first_error",
		  f->inject);
	cli_free(&r);
}

/* ---- timing, progress and the oversubscription note ---- */

Test(cli_run, timed_run_progress_lines)
{
	const char *args[] = { "-d", "1", "-w", "1", "--rate", "100000", "--format", "json", NULL };
	struct cli_run r = cli_cmd("run", args);
	struct cx_json j;

	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cr_expect(strstr(r.err, "Iter   1 (") && strstr(r.err, "Iter   2 ("),
		  "a progress line per second (warm-up included): %s", r.err);
	cr_expect(strstr(r.err, "M/prod), drops "), "the selftests' progress format: %s", r.err);
	cx_json_parse(&j, r.out);
	cr_assert(j.ok, "JSON parses: %s", r.out);
	cr_expect_eq(cx_json_u(&j, "samples"), 1, "warm-up left out: one measured second");
	/* --rate 100000 records/s: the measured second holds about that many */
	cr_expect(strtod(cx_json_get(&j, "hits_mean_mps"), NULL) > 0.05 &&
		  strtod(cx_json_get(&j, "hits_mean_mps"), NULL) < 0.15,
		  "--rate 100000 gives about 0.1 M/s, got %s", cx_json_get(&j, "hits_mean_mps"));
	cx_check_balanced(&j, "timed run");
	cli_free(&r);
}

Test(cli_run, oversubscription_is_said)
{
	cpu_set_t set;
	char np[16];
	const char *args[] = { "--records", "3000", "-p", np, "--format", "json", NULL };
	struct cli_run r;
	struct cx_json j;
	int cpus;

	cr_assert(!sched_getaffinity(0, sizeof(set), &set), "sched_getaffinity");
	cpus = CPU_COUNT(&set);
	snprintf(np, sizeof(np), "%d", cpus); /* cpus producers + 1 consumer */
	r = cli_cmd("run", args);
	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cr_expect(strstr(r.err, "oversubscribed"), "the note is on stderr: %s", r.err);
	cx_json_parse(&j, r.out);
	cr_assert(j.ok, "JSON parses");
	cr_expect_str_eq(cx_json_get(&j, "oversubscribed"), "true", "oversubscribed field");
	cr_expect_eq(cx_json_u(&j, "threads"), (unsigned long long)cpus + 1, "threads");
	cli_free(&r);
}


/* ---- fewer records than producers: the producers without a share stop at once ---- */

static struct cx_tname cx_transports[] = { { "ringbuf" }, { "perfbuf" }, { "wfcqueue" } };

ParameterizedTestParameters(cli_run, records_below_producers)
{
	return cr_make_param_array(struct cx_tname, cx_transports,
				   sizeof(cx_transports) / sizeof(cx_transports[0]));
}

/* a hang shows as the timeout */
ParameterizedTest(struct cx_tname *t, cli_run, records_below_producers, .timeout = 20)
{
	cx_records_below_producers(t->name);
}

/* ---- wording: no deviation out of fewer than two samples ---- */

Test(cli_run, no_deviation_without_two_samples)
{
	const char *text[] = { "--records", "2000", "-q", NULL };
	const char *json[] = { "--records", "2000", "-q", "--format", "json", NULL };
	struct cli_run r = cli_cmd("run", text);
	struct cx_json j;

	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cr_expect(strstr(r.out, "(0 full seconds sampled)"), "no full second: %s", r.out);
	cr_expect(strstr(r.out, "M/s (") && strstr(r.out, " \u00b1   n/aM/s ("),
		  "the Summary line gives no deviation: %s", r.out);
	cr_expect(strstr(r.out, "M records/s") && strstr(r.out, " \u00b1   n/a M records/s"),
		  "nor does the throughput line: %s", r.out);
	cr_expect(!strstr(r.out, "\u00b1 0.000"), "no made-up 0: %s", r.out);
	cli_free(&r);

	r = cli_cmd("run", json);
	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cx_json_parse(&j, r.out);
	cr_assert(j.ok, "JSON parses: %s", r.out);
	cr_expect_str_eq(cx_json_get(&j, "hits_stddev_mps"), "null", "hits_stddev_mps is null");
	cr_expect(strstr(r.out, "\"hits_stddev_mps\":null,\"hits_per_prod_mps\""), "null: %s",
		  r.out);
	cr_expect(strstr(r.out, "\"drops_stddev_mps\":null,"), "drops_stddev_mps null: %s", r.out);
	cli_free(&r);
}

/* ---- --rate: record k of a producer is due at start + k / rate ---- */

Test(cli_run, rate_records_split_batches)
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

Test(cli_run, rate_timed_run_offers_its_schedule)
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

Test(cli_run, rate_not_met_is_said)
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

ParameterizedTestParameters(cli_run, drain_is_bounded)
{
	return cr_make_param_array(struct cx_drain, cx_drains,
				   sizeof(cx_drains) / sizeof(cx_drains[0]));
}

/*
 * 100 ms of work per record: the full ring would take hours to drain, so a
 * run that ends at all (the timeout catches one that does not) stopped its
 * drain, and what it left must be reported undrained, not lost.
 */
ParameterizedTest(struct cx_drain *d, cli_run, drain_is_bounded, .timeout = 30)
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

ParameterizedTestParameters(cli_run, signal_stops_cleanly)
{
	return cr_make_param_array(struct cx_sig, cx_sigs, sizeof(cx_sigs) / sizeof(cx_sigs[0]));
}

/* the first signal: the producers stop, the ring drains, the partial summary everywhere */
ParameterizedTest(struct cx_sig *s, cli_run, signal_stops_cleanly, .timeout = 30)
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
Test(cli_run, second_signal_kills, .timeout = 30)
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
 * The progress line says how late each tick came after its deadline: never
 * negative. The run is stopped for 1.3 s after its first tick, so its second
 * tick comes late and its third on time (a tick measured against the one
 * before it would read -0.3 s there).
 */
Test(cli_run, progress_lateness_never_negative, .timeout = 30)
{
	const char *args[] = { "-d", "3", "-w", "0", "--format", "json", NULL };
	struct timespec pause = { .tv_sec = 1, .tv_nsec = 300000000 };
	struct cx_child ch;
	const char *p;
	char *out;
	int status, n = 0;

	cx_spawn(&ch, args);
	cr_assert(cx_wait_line(&ch, "Iter   1 ("), "a first progress line: %s", ch.seen);
	cr_assert(!kill(ch.pid, SIGSTOP), "SIGSTOP");
	nanosleep(&pause, NULL);
	cr_assert(!kill(ch.pid, SIGCONT), "SIGCONT");
	status = cx_finish(&ch, &out);
	cr_assert_eq(status, 0, "exit 0: %s", ch.seen);
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

/* ---- figures a transport does not have are not printed as if it did ---- */

Test(cli_run, wfcqueue_has_no_drop_rate, .timeout = 30)
{
	/* 3000 records at 2000/s: 1.5 s, one progress line */
	const char *text[] = { "--transport", "wfcqueue", "--records", "3000", "--rate", "2000",
			       NULL };
	const char *json[] = { "--transport", "wfcqueue", "--records", "20000", "--format",
			       "json", "-q", NULL };
	struct cli_run r = cli_cmd("run", text);
	struct cx_json j;

	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cr_expect(strstr(r.err, "Iter   1 (") && strstr(r.err, "/prod), drops      n/a\n"),
		  "the progress line gives no drop rate: %s", r.err);
	cr_expect(strstr(r.out, "/prod), drops      n/a\n"), "nor the Summary line: %s", r.out);
	cr_expect(strstr(r.out, ", lock n/a, too big n/a (a refusal costs nothing here: no rate "
			 "is given)\n"), "drops by reason: %s", r.out);
	cli_free(&r);

	r = cli_cmd("run", json);
	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cx_json_parse(&j, r.out);
	cr_assert(j.ok, "JSON parses: %s", r.out);
	cr_expect_str_eq(cx_json_get(&j, "drops_mean_mps"), "null", "drops_mean_mps");
	cr_expect_str_eq(cx_json_get(&j, "drops_lock"), "null", "drops_lock");
	cr_expect_str_eq(cx_json_get(&j, "drops_too_big"), "null", "drops_too_big");
	cr_expect_str_eq(cx_json_get(&j, "consumer"), "splice", "its own consumer");
	cr_expect_str_neq(cx_json_get(&j, "notifications"), "null", "notifications are counted");
	cx_check_balanced(&j, "wfcqueue");
	cli_free(&r);
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

Test(cli_run, output_to_a_full_device)
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
Test(cli_run, output_past_the_file_size_limit, .timeout = 30)
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

Test(cli_run, output_of_another_kind_refused)
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
