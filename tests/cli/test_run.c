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
#include "tests/helpers/timeout.h"

/* every key the CSV header and the JSON object must carry */
static const char *const cx_keys[] = {
	"time", "host", "kernel", "label", "transport", "transport_opts", "profile", "producers", "size",
	"size_mean",
	"ring_size", "batch", "b2b", "wakeup", "wakeup_bytes", "use_output", "discard_pct",
	"consumer", "poll", "consumer_work_ns", "rate", "arrivals", "burst", "burst_every_ns",
	"trace", "stall_ns", "stall_every_ns", "rate_offered", "rate_lag", "rate_met",
	"records", "duration_s", "warmup_s", "seed", "verify", "latency", "latency_every",
	"affinity", "virtual", "vcosts", "vplace", "threads", "cpus", "oversubscribed", "interrupted",
	"samples", "hits_mean_mps",
	"hits_stddev_mps", "hits_per_prod_mps", "drops_mean_mps", "drops_stddev_mps",
	"bytes_per_s", "attempted", "produced", "consumed", "discarded", "undrained",
	"drops_no_space", "drops_lock", "drops_too_big", "notifications", "wakeups", "cons_sleeps",
	"cons_preempts", "peak_bytes", "lat_samples",
	"lat_p50_ns", "lat_p90_ns", "lat_p99_ns", "lat_p999_ns", "lat_max_ns", "lat_mean_ns",
	"lat_host_waits", "prod_host_stops", "prod_lost_ms", "prod_lost_frac",
	"elapsed_s", "cpu_user_s", "cpu_sys_s", "cpu_ns_per_record", "integrity", "lost",
	"duplicated", "reordered", "torn", "first_error", "warning", "options", "extra",
	"sec_hits_mps", "sec_drops_mps", "sec_wakeups", "sec_batches", "sec_regime", "regime",
	"regime_caught_up_pct", "regime_switches",
};
#define CX_NKEYS (sizeof(cx_keys) / sizeof(cx_keys[0]))

TestSuite(cli_run, .timeout = RBSIM_TEST_TIMEOUT(60));

/* ---- bad input: one line, exit 2, nothing written ---- */

static struct cx_bad cx_bad_inputs[] = {
	{ { "--bogus" }, "unknown option '--bogus'" },
	{ { "-x" }, "unknown option '-x'" },
	{ { "stray" }, "unexpected argument 'stray'" },
	{ { "--producers" }, "rbsim run: --producers: needs an argument\n" },
	{ { "--size", "uniform:5" }, "--size uniform:5: expected SIZE, uniform:MIN-MAX" },
	{ { "--size", "uniform:64-8" }, "is empty" },
	{ { "--size", "mix:64x0" }, "rbsim run: --size mix:64x0: weight 0: out of range "
				     "(1-1000000)\n" },
	{ { "--size", "mix:64x9,x1" }, "--size mix:64x9,x1: expected SIZE" },
	{ { "--size", "big" }, "--size big: expected SIZE" },
	{ { "--size", "4" }, "cannot carry a producer id and sequence number; add --no-verify" },
	{ { "--ring-size", "1000" }, "--ring-size 1000: not a power of 2 (the kernel requires "
				    "max_entries to be a power of 2 and page aligned)" },
	{ { "--ring-size", "2048" }, "--ring-size 2048: not page aligned" },
	{ { "--ring-size", "8G" }, "too large" },
	{ { "--ring-size", "0" }, "not a power of 2" },
	{ { "--ring-size", "12x" }, "rbsim run: --ring-size 12x: not a number\n" },
	{ { "-p", "0" }, "rbsim run: --producers 0: out of range (1-256)\n" },
	{ { "-p", "two" }, "rbsim run: --producers two: not a number\n" },
	{ { "-d", "0" }, "rbsim run: --duration 0: out of range (1-86400)\n" },
	{ { "-d", "90000" }, "rbsim run: --duration 90000: out of range (1-86400)\n" },
	{ { "-w", "-1" }, "rbsim run: --warmup -1: out of range (0-86400)\n" },
	{ { "-p", "-1" }, "rbsim run: --producers -1: out of range (1-256)\n" },
	{ { "-p", "99999999999999999999" }, "--producers 99999999999999999999: out of range (1-256)" },
	{ { "--seed", "-1" }, "rbsim run: --seed -1: negative\n" },
	{ { "--ring-size", "-4096" }, "rbsim run: --ring-size -4096: negative\n" },
	{ { "--ring-size", "99999999999999999999" }, "--ring-size 99999999999999999999: too large" },
	{ { "--size", "2G" }, "rbsim run: --size 2G: out of range (0-16777216)\n" },
	{ { "--size", "uniform:8-99999999999999999999" }, "rbsim run: --size "
	  "uniform:8-99999999999999999999: MAX 99999999999999999999: out of range "
	  "(0-16777216)\n" },
	{ { "--size", "mix:8x1,17Mx1" }, "--size mix:8x1,17Mx1: size 17M: out of range "
					  "(0-16777216)" },
	{ { "--b2b", "-p", "2" }, "--b2b runs one producer" },
	{ { "--b2b", "--rate", "1000" }, "--rate paces producer threads" },
	{ { "--b2b", "--prod-affinity", "0" }, "--b2b has no producer thread" },
	{ { "--records", "100", "-d", "2" }, "excludes --duration and --warmup" },
	{ { "--wakeup", "sometimes" }, "--wakeup sometimes: expected adaptive, none, force, "
				      "sampled:N or bytes:N" },
	{ { "--wakeup", "sampled:0" }, "rbsim run: --wakeup sampled:0: out of range "
				      "(1-4294967296)\n" },
	{ { "--discard", "101" }, "rbsim run: --discard 101: out of range (0-100)\n" },
	{ { "--use-output", "--discard", "5" }, "bpf_ringbuf_output() cannot discard" },
	{ { "--consumer", "fast" }, "rbsim run: --consumer fast: expected libbpf, batch or none\n" },
	{ { "--poll", "spin" }, "rbsim run: --poll spin: expected epoll or busy\n" },
	{ { "--format", "xml" }, "rbsim run: --format xml: expected text, csv or json\n" },
	{ { "--transport", "carrier-pigeon" }, "rbsim run: --transport carrier-pigeon: expected "
	  "kernel-perfbuf, kernel-ringbuf, perfbuf, ringbuf or wfcqueue\n" },
	{ { "--batch", "0" }, "rbsim run: --batch 0: out of range (1-65536)\n" },
	{ { "--latency-every", "3" }, "--latency-every 3: not a power of 2" },
	{ { "--prod-affinity", "4096" }, "rbsim run: --prod-affinity 4096: expected a CPU list "
					  "such as 0-1,3\n" },
	{ { "--cons-affinity", "1-0" }, "expected a CPU list" },
	{ { "--inject", "gremlins" }, "rbsim run: --inject gremlins: expected lose, dup, torn or "
				     "reorder, optionally @N\n" },
	{ { "-d", "1500ms" }, "rbsim run: --duration 1500ms: not a whole number of seconds\n" },
	{ { "--consumer-work", "2s" }, "rbsim run: --consumer-work 2s: out of range "
				       "(0-1000000000)\n" },
	{ { "--b2b=1" }, "rbsim run: --b2b: takes no argument\n" },
	{ { "--dur", "3" }, "rbsim run: unknown option '--dur' (see rbsim run --help)\n" },
	/* the transports' own options, with the same words */
	{ { "--transport", "perfbuf", "--perf-pages", "3" }, "rbsim run: --perf-pages 3: not a "
	  "power of 2\n" },
	{ { "--transport", "perfbuf", "--perf-pages", "0" }, "rbsim run: --perf-pages 0: out of "
	  "range (1-262144)\n" },
	{ { "--transport", "wfcqueue", "--wfcq-pool", "0" }, "rbsim run: --wfcq-pool 0: out of "
	  "range (1-17179869184)\n" },
	{ { "--transport", "wfcqueue", "--wfcq-pool", "1X" }, "rbsim run: --wfcq-pool 1X: not a "
	  "number\n" },
	{ { "--transport", "kernel-ringbuf", "--trigger", "kprobe" }, "rbsim run: --trigger "
	  "kprobe: expected syscall, raw-syscall or test-run\n" },
	{ { "--wfcq-pool", "1M" }, "rbsim run: --wfcq-pool does not apply to --transport "
	  "ringbuf\n" },
	{ { "--transport", "wfcqueue", "--perf-pages", "8" }, "rbsim run: --perf-pages does not "
	  "apply to --transport wfcqueue\n" },
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

/* ---- --help: every option with its default, within 80 columns ---- */

Test(cli_run, help_lists_every_option_with_default)
{
	static const char *const opts[] = {
		"--transport", "--producers", "--duration", "--warmup", "--records",
		"--ring-size", "--seed", "--size", "--rate", "--batch", "--b2b", "--wakeup",
		"--use-output", "--discard", "--consumer ", "--poll", "--consumer-work",
		"--affinity", "--prod-affinity", "--cons-affinity", "--format", "--output",
		"--label", "--quiet", "--no-verify", "--no-latency", "--latency-every",
		"--arrivals", "--burst ", "--burst-every", "--trace", "--stall ", "--stall-every",
		"--virtual", "--vcosts",
	};
	const char *args[] = { "--help", NULL };
	struct cli_run r = cli_cmd("run", args);
	size_t i;

	cr_assert_eq(r.status, 0, "--help exits 0");
	for (const char *l = r.out; *l; l += strcspn(l, "\n") + !!l[strcspn(l, "\n")])
		cr_expect_leq(strcspn(l, "\n"), 80, "--help within 80 columns: %.*s",
			      (int)strcspn(l, "\n"), l);
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
	/* the libbpf consumer's walks stopped at a BUSY record, counted; the batch one's not */
	cr_expect_eq(strstr(r.out, "\"busy_stops\":") != NULL, !strcmp(m->consumer, "libbpf"),
		     "%s: busy_stops in extra with the libbpf consumer only: %s", what, r.out);
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

Test(cli_run, csv_appends_header_once)
{
	static char hdr[160][300], row[160][300];
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
	nh = cx_csv_split(l1, hdr, 160);
	cr_expect_eq(nh, (int)CX_NKEYS, "header has %zu columns, got %d", CX_NKEYS, nh);
	for (k = 0; k < CX_NKEYS; k++) {
		bool found = false;

		for (i = 0; i < nh; i++)
			found |= !strcmp(hdr[i], cx_keys[k]);
		cr_expect(found, "CSV header carries %s", cx_keys[k]);
	}
	for (i = 0; i < 2; i++) {
		nr = cx_csv_split(i ? l3 : l2, row, 160);
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
	char inject[16], size[8], kind[96], field[16], consumer[8];
};

static struct cx_fault cx_faults[] = {
	/* records of any size: the changed copy is as large as the workload's largest */
	{ "torn@1000", "100", "FAIL: torn: record #1000", "torn", "libbpf" },
	{ "torn@1000", "4000", "checksum mismatch", "torn", "libbpf" },
	{ "reorder@1000", "4000", "FAIL: reordered: producer 0 seq 1001 arrived when 1000",
	  "reordered", "libbpf" },
	{ "lose@1000", "8", "FAIL: lost: producer 0 seq 1001 arrived when 1000", "lost", "libbpf" },
	{ "dup@1000", "20", "FAIL: duplicated: producer 0 seq 1000", "duplicated", "libbpf" },
	{ "torn@1000", "64", "FAIL: torn: record #1000", "torn", "libbpf" },
	{ "torn@1000", "20", "checksum mismatch", "torn", "libbpf" },
	{ "torn@1000", "8", "producer id 90 out of range", "torn", "libbpf" },
	{ "reorder@1000", "40", "FAIL: reordered: producer 0 seq 1001 arrived when 1000",
	  "reordered", "libbpf" },
	/* rb-custom's walk (500 a pass), its out-of-line path, mid-pass */
	{ "torn@1234", "100", "FAIL: torn: record #1234", "torn", "batch" },
	{ "torn@1234", "8", "FAIL: torn: record #1234 (producer 90", "torn", "batch" },
	{ "lose@1234", "8", "FAIL: lost: producer 0 seq 1235 arrived when 1234 was expected "
	  "(record #1235)", "lost", "batch" },
};

ParameterizedTestParameters(cli_run, integrity_fail)
{
	return cr_make_param_array(struct cx_fault, cx_faults,
				   sizeof(cx_faults) / sizeof(cx_faults[0]));
}

ParameterizedTest(struct cx_fault *f, cli_run, integrity_fail)
{
	const char *text[] = { "--records", "5000", "--b2b", "--size", f->size, "--inject",
			       f->inject, "--consumer", f->consumer, "-q", NULL };
	const char *json[] = { "--records", "5000", "--b2b", "--size", f->size, "--inject",
			       f->inject, "--consumer", f->consumer, "-q", "--format", "json", NULL };
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
ParameterizedTest(struct cx_tname *t, cli_run, records_below_producers,
		  .timeout = RBSIM_TEST_TIMEOUT(20))
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

/* ---- the consumer's sleeps: its thread's voluntary context switches ---- */

/*
 * Records 5 ms apart find the consumer asleep in its wait: it sleeps about
 * once a record (cli_assert_sleeps_once_a_record()). Polling without a wait
 * (--poll busy) it does not sleep (2 voluntary switches at most: see below).
 * --consumer none has no consumer thread while the producers run, and a
 * virtual run no threads: null there, not 0.
 */
Test(cli_run, consumer_sleeps_are_its_voluntary_switches, .timeout = RBSIM_TEST_TIMEOUT(30))
{
	const char *paced[] = { "--rate", "200", "--batch", "1", "-d", "1", "-w", "0",
				"--format", "json", "-q", NULL };
	const char *busy[] = { "--poll", "busy", "--records", "200000", "--format", "json", "-q",
			       NULL };
	const char *none[] = { "--consumer", "none", "--records", "1000", "--format", "json",
			       "-q", NULL };
	const char *virt[] = { "--virtual", "--records", "20000", "--format", "json", "-q",
			       NULL };
	struct cli_run r = cli_cmd("run", paced);
	struct cx_json j;

	cli_assert_sleeps_once_a_record(&r, "the port");
	cli_free(&r);

	r = cli_cmd("run", busy);
	cli_assert_run_ok(&r);
	/*
	 * a voluntary switch is not only a wait: a page fault that finds the
	 * address space locked (an mmap elsewhere in the process, as ASan's
	 * allocator makes) blocks too. CI's ASan pass saw one such switch (its
	 * cause not found). Without --poll busy the same run sleeps 17 to 388
	 * times (a 2-vCPU EPYC VM)
	 */
	cr_expect_leq(cli_json_num(r.out, "cons_sleeps"), 2, "a busy-polling consumer slept: %s",
		      r.out);
	cli_free(&r);

	r = cli_cmd("run", none);
	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cx_json_parse(&j, r.out);
	cr_assert(j.ok, "JSON parses: %s", r.out);
	cr_expect_str_eq(cx_json_get(&j, "cons_sleeps"), "null", "--consumer none: null");
	cr_expect_str_eq(cx_json_get(&j, "cons_preempts"), "null", "--consumer none: null");
	cli_free(&r);

	r = cli_cmd("run", virt);
	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cx_json_parse(&j, r.out);
	cr_assert(j.ok, "JSON parses: %s", r.out);
	cr_expect_str_eq(cx_json_get(&j, "cons_sleeps"), "null", "virtual time: null");
	cli_free(&r);
}

/* ---- figures a transport does not have are not printed as if it did ---- */

Test(cli_run, wfcqueue_has_no_drop_rate, .timeout = RBSIM_TEST_TIMEOUT(30))
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
