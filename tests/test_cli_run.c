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
#include <sys/stat.h>

#include "tests/helpers/cli.h"
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

/* a fresh path in a fresh directory (removed at exit); the file does not exist */
static void cx_tmp_path(char *buf, size_t len, const char *name)
{
	char dir[192];

	tmp_dir(dir, sizeof(dir), "cli");
	cr_assert((size_t)snprintf(buf, len, "%s/%s", dir, name) < len, "path too long: %s", buf);
}

/* ---- a small JSON reader: one object of scalars and one nested object ---- */

struct cx_json {
	const char *p;
	int nkeys;
	char keys[128][40];
	char vals[128][300];
	bool ok;
};

static void js_ws(struct cx_json *j)
{
	while (*j->p == ' ' || *j->p == '\n' || *j->p == '\t' || *j->p == '\r')
		j->p++;
}

static bool js_string(struct cx_json *j, char *out, size_t len)
{
	size_t n = 0;

	if (*j->p != '"')
		return false;
	j->p++;
	while (*j->p && *j->p != '"') {
		if (*j->p == '\\') {
			j->p++;
			if (*j->p == 'u') {
				if (strlen(j->p) < 5)
					return false;
				j->p += 4;
			} else if (!strchr("\"\\/bfnrt", *j->p)) {
				return false;
			}
		} else if ((unsigned char)*j->p < 0x20) {
			return false;
		}
		if (n + 1 < len)
			out[n++] = *j->p;
		j->p++;
	}
	if (*j->p != '"')
		return false;
	j->p++;
	out[n] = '\0';
	return true;
}

static bool js_value(struct cx_json *j, char *out, size_t len, int depth);

static bool js_object(struct cx_json *j, int depth)
{
	char key[40], val[300];

	if (*j->p != '{' || depth > 2)
		return false;
	j->p++;
	js_ws(j);
	if (*j->p == '}') {
		j->p++;
		return true;
	}
	for (;;) {
		js_ws(j);
		if (!js_string(j, key, sizeof(key)))
			return false;
		js_ws(j);
		if (*j->p++ != ':')
			return false;
		js_ws(j);
		if (!js_value(j, val, sizeof(val), depth))
			return false;
		if (depth == 0 && j->nkeys < 128) {
			snprintf(j->keys[j->nkeys], sizeof(j->keys[0]), "%s", key);
			snprintf(j->vals[j->nkeys], sizeof(j->vals[0]), "%s", val);
			j->nkeys++;
		}
		js_ws(j);
		if (*j->p == ',') {
			j->p++;
			continue;
		}
		if (*j->p == '}') {
			j->p++;
			return true;
		}
		return false;
	}
}

static bool js_value(struct cx_json *j, char *out, size_t len, int depth)
{
	const char *start = j->p;
	char *end;

	out[0] = '\0';
	if (*j->p == '"')
		return js_string(j, out, len);
	if (*j->p == '{')
		return js_object(j, depth + 1);
	if (!strncmp(j->p, "true", 4) || !strncmp(j->p, "false", 5)) {
		j->p += *j->p == 't' ? 4 : 5;
	} else {
		strtod(j->p, &end);
		if (end == j->p || (*start != '-' && (*start < '0' || *start > '9')))
			return false;
		j->p = end;
	}
	snprintf(out, len, "%.*s", (int)(j->p - start), start);
	return true;
}

static void cx_json_parse(struct cx_json *j, const char *text)
{
	memset(j, 0, sizeof(*j));
	j->p = text;
	js_ws(j);
	j->ok = js_object(j, 0);
	js_ws(j);
	j->ok = j->ok && *j->p == '\0';
}

static const char *cx_json_get(const struct cx_json *j, const char *key)
{
	int i;

	for (i = 0; i < j->nkeys; i++) {
		if (!strcmp(j->keys[i], key))
			return j->vals[i];
	}
	cr_assert_fail("JSON key %s missing", key);
	return NULL;
}

static unsigned long long cx_json_u(const struct cx_json *j, const char *key)
{
	return strtoull(cx_json_get(j, key), NULL, 10);
}

/* every key the CSV header and the JSON object must carry */
static const char *const cx_keys[] = {
	"time", "host", "kernel", "label", "transport", "producers", "size", "size_mean",
	"ring_size", "batch", "b2b", "wakeup", "wakeup_bytes", "use_output", "discard_pct",
	"consumer", "poll", "consumer_work_ns", "rate", "records", "duration_s", "warmup_s",
	"seed", "verify", "latency", "latency_every", "affinity", "threads", "cpus",
	"oversubscribed", "samples", "hits_mean_mps", "hits_stddev_mps", "hits_per_prod_mps",
	"drops_mean_mps", "drops_stddev_mps", "bytes_per_s", "attempted", "produced", "consumed",
	"discarded", "drops_no_space", "drops_lock", "drops_too_big", "notifications", "wakeups",
	"lat_samples", "lat_p50_ns", "lat_p90_ns", "lat_p99_ns", "lat_p999_ns", "lat_max_ns",
	"lat_mean_ns", "elapsed_s", "cpu_user_s", "cpu_sys_s", "cpu_ns_per_record", "integrity",
	"lost", "duplicated", "reordered", "torn", "first_error", "extra",
};
#define CX_NKEYS (sizeof(cx_keys) / sizeof(cx_keys[0]))

/* a run that drained: every attempt is accounted for and nothing is lost */
static void cx_check_balanced(const struct cx_json *j, const char *what)
{
	unsigned long long att = cx_json_u(j, "attempted"), prod = cx_json_u(j, "produced");
	unsigned long long drops = cx_json_u(j, "drops_no_space") + cx_json_u(j, "drops_lock") +
				   cx_json_u(j, "drops_too_big");

	cr_expect_eq(att, prod + cx_json_u(j, "discarded") + drops,
		     "%s: attempted %llu = produced + discarded + drops", what, att);
	cr_expect_eq(cx_json_u(j, "consumed"), prod, "%s: consumed = produced (%llu)", what,
		     prod);
	cr_expect_str_eq(cx_json_get(j, "integrity"), "ok", "%s: integrity", what);
	cr_expect_gt(prod, 0, "%s: something was produced", what);
}

TestSuite(cli_run, .timeout = 60);

/* ---- bad input: one line, exit 2, nothing written ---- */

/* parameters are copied into each test's process: arrays, not pointers */
struct cx_bad {
	char args[8][40];
	char msg[128];
};

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
};

ParameterizedTestParameters(cli_run, bad_input)
{
	return cr_make_param_array(struct cx_bad, cx_bad_inputs,
				   sizeof(cx_bad_inputs) / sizeof(cx_bad_inputs[0]));
}

ParameterizedTest(struct cx_bad *b, cli_run, bad_input)
{
	const char *args[16];
	char path[256];
	struct cli_run r;
	struct stat st;
	int i, n = 0;

	cx_tmp_path(path, sizeof(path), "out.csv");
	args[n++] = "--format";
	args[n++] = "csv";
	args[n++] = "-o";
	args[n++] = path;
	for (i = 0; i < 8 && b->args[i][0]; i++)
		args[n++] = b->args[i];
	args[n] = NULL;
	r = cli_cmd("run", args);
	cr_expect_eq(r.status, 2, "%s: exit status 2, got %d", b->args[0], r.status);
	cr_expect_eq(cli_lines(r.err), 1, "%s: exactly one line on stderr, got:\n%s", b->args[0],
		     r.err);
	cr_expect(!strncmp(r.err, "rbsim run: ", 11), "%s: message starts with 'rbsim run: ': %s",
		  b->args[0], r.err);
	cr_expect(strstr(r.err, b->msg), "%s: message names the problem: want '%s', got '%s'",
		  b->args[0], b->msg, r.err);
	cr_expect_str_empty(r.out, "%s: nothing on stdout", b->args[0]);
	cr_expect(stat(path, &st) && errno == ENOENT, "%s: -o file not created", b->args[0]);
	cli_free(&r);
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

Test(cli_run, too_big_records_are_drops)
{
	/* 600000 + 8 bytes can never fit in a 512 KiB ring */
	const char *args[] = { "--records", "1000", "--size", "600000", "--format", "json", "-q",
			       NULL };
	struct cli_run r = cli_cmd("run", args);
	struct cx_json j;

	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cx_json_parse(&j, r.out);
	cr_assert(j.ok, "JSON parses");
	cr_expect_eq(cx_json_u(&j, "drops_too_big"), 1000, "every record is a too-big drop");
	cr_expect_eq(cx_json_u(&j, "produced"), 0, "nothing produced");
	cr_expect_str_eq(cx_json_get(&j, "integrity"), "ok", "nothing lost either");
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
