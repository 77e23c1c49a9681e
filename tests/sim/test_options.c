// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/options.c, the option parser of every command: every number form,
 * every error text (exactly), ranges, defaults, short and long forms, options
 * shared by several tables, the canonical text read back, and the --help text
 * generated from a table and wrapped at 80 columns.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "sim/options.h"
#include "tests/helpers/timeout.h"

struct t_opts {
	unsigned int count;
	__u64 bytes;
	__u32 pow;
	unsigned int secs;
	__u64 ns;
	double pct;
	int mode;
	const char *out;
	const char *name;
	bool a, b, keep;
	struct rbsim_cpulist cpus;
	char word[16];
};

/* a CUSTOM kind: a word of lowercase letters, stored uppercased */
static int word_parse(const struct rbsim_opt *opt, const char *arg, void *base, char *why,
		      size_t len)
{
	char *w = (char *)base + opt->off;
	size_t i;

	for (i = 0; arg[i]; i++) {
		if (arg[i] < 'a' || arg[i] > 'z' || i + 1 >= 16) {
			snprintf(why, len, "expected a lowercase word");
			return -1;
		}
		w[i] = (char)(arg[i] - 'a' + 'A');
	}
	w[i] = '\0';
	return 0;
}

static void word_format(const struct rbsim_opt *opt, const void *base, char *buf, size_t len)
{
	const char *w = (const char *)base + opt->off;
	size_t i;

	for (i = 0; w[i] && i + 1 < len; i++)
		buf[i] = (char)(w[i] - 'A' + 'a');
	buf[i] = '\0';
}

static const char *const modes[] = { "text", "csv", "json", NULL };

#define DST(f) RBSIM_OPT_DST(struct t_opts, f)
static const struct rbsim_opt t_table[] = {
	RBSIM_OPT_SECTION("numbers"),
	{ .kind = RBSIM_OPT_UINT, .name = "count", .short_name = 'c', .metavar = "N", .min = 1,
	  .max = 256, .def = "1", .help = "how many", DST(count) },
	{ .kind = RBSIM_OPT_UINT, .name = "bytes", .metavar = "BYTES", .max = ~0ULL,
	  .def = "512K", .help = "a size", DST(bytes) },
	{ .kind = RBSIM_OPT_UINT, .name = "pow", .metavar = "N", .min = 1, .max = 1u << 30,
	  .flags = RBSIM_OPTF_POW2, .def = "256", .help = "a power", DST(pow) },
	{ .kind = RBSIM_OPT_DURATION, .name = "secs", .short_name = 'd', .metavar = "SEC",
	  .unit_ns = 1000000000ULL, .min = 1, .max = 86400, .def = "5", .help = "seconds",
	  DST(secs) },
	{ .kind = RBSIM_OPT_DURATION, .name = "ns", .metavar = "NS", .unit_ns = 1,
	  .max = 1000000000, .def = "0", .help = "nanoseconds", DST(ns) },
	{ .kind = RBSIM_OPT_PERCENT, .name = "pct", .metavar = "PCT", .def = "0",
	  .help = "a share", DST(pct) },
	RBSIM_OPT_SECTION("words"),
	{ .kind = RBSIM_OPT_CHOICE, .name = "mode", .metavar = "FMT", .def = "text",
	  .choices = modes, .help = "text, csv or json", DST(mode) },
	{ .kind = RBSIM_OPT_STRING, .name = "out", .short_name = 'o', .metavar = "FILE",
	  .flags = RBSIM_OPTF_NOREPORT | RBSIM_OPTF_NONEMPTY, .def_help = "stdout",
	  .help = "where to", DST(out) },
	{ .kind = RBSIM_OPT_STRING, .name = "name", .metavar = "NAME", .def = "ring",
	  .help = "a name", DST(name) },
	{ .kind = RBSIM_OPT_FLAG, .name = "alpha", .short_name = 'a', .help = "flag a", DST(a) },
	{ .kind = RBSIM_OPT_FLAG, .name = "beta", .short_name = 'b', .help = "flag b", DST(b) },
	{ .kind = RBSIM_OPT_FLAG_OFF, .name = "no-keep", .def_help = "keep",
	  .help = "do not keep", DST(keep) },
	{ .kind = RBSIM_OPT_CPULIST, .name = "cpus", .metavar = "CPUS", .def_help = "none",
	  .help = "CPUs", DST(cpus) },
	{ .kind = RBSIM_OPT_CUSTOM, .name = "word", .metavar = "WORD", .def = "abc",
	  .parse = word_parse, .format = word_format, .help = "a word", DST(word) },
	/* an old name: refused with the new one, never in --help nor the canonical text */
	RBSIM_OPT_RENAMED_ENTRY("cnt", "count"),
	RBSIM_OPT_HELP_ENTRY,
	{ 0 }
};
#undef DST

/* parse argv (NULL-terminated, without argv[0]) over the defaults; the return of the parser */
static int parse(struct t_opts *o, const char *const *args, char *err, size_t errlen)
{
	struct rbsim_optgroup g = { .opts = t_table, .base = o };
	struct rbsim_optparse p = { .cmd = "test", .groups = &g, .ngroups = 1 };
	char *argv[32];
	int argc = 0;

	memset(o, 0, sizeof(*o));
	o->keep = true;
	cr_assert_eq(rbsim_opt_defaults(t_table, o, err, errlen), 0, "defaults: %s", err);
	argv[argc++] = "test";
	while (*args)
		argv[argc++] = (char *)*args++;
	argv[argc] = NULL;
	err[0] = '\0';
	return rbsim_opt_parse(&p, argc, argv, err, errlen);
}

TestSuite(options, .timeout = RBSIM_TEST_TIMEOUT(10));

/* ---- numbers ---- */

struct num_case {
	char in[32];
	unsigned long long want; /* when why is "" */
	char why[48];
};

static struct num_case num_cases[] = {
	{ "0", 0, "" }, { "42", 42, "" }, { "010", 10, "" /* not octal */ },
	{ "0x10", 16, "" }, { "0X1f", 31, "" }, { "0xffffffffffffffff", ~0ULL, "" },
	{ "18446744073709551615", ~0ULL, "" },
	{ "1K", 1024, "" }, { "1k", 1024, "" }, { "1Ki", 1024, "" }, { "3ki", 3072, "" },
	{ "2M", 2ULL << 20, "" }, { "2m", 2ULL << 20, "" }, { "5Mi", 5ULL << 20, "" },
	{ "3G", 3ULL << 30, "" }, { "1Gi", 1ULL << 30, "" }, { "0x10K", 16 << 10, "" },
	{ "17179869183G", 17179869183ULL << 30, "" },
	{ "", 0, "not a number" }, { "x", 0, "not a number" }, { "12x", 0, "not a number" },
	{ "1KB", 0, "not a number" }, { "1.5", 0, "not a number" }, { "+1", 0, "not a number" },
	{ " 1", 0, "not a number" }, { "1 ", 0, "not a number" }, { "0x", 0, "not a number" },
	{ "0xg", 0, "not a number" }, { "0x-1", 0, "not a number" }, { "-x", 0, "not a number" },
	{ "1T", 0, "not a number" }, { "1Kii", 0, "not a number" }, { "-", 0, "not a number" },
	{ "-1", 0, "negative" }, { "-0", 0, "negative" }, { "-5K", 0, "negative" },
	{ "18446744073709551616", 0, "too large" }, { "17179869184G", 0, "too large" },
	{ "99999999999999999999K", 0, "too large" },
};

ParameterizedTestParameters(options, number_forms)
{
	return cr_make_param_array(struct num_case, num_cases,
				   sizeof(num_cases) / sizeof(num_cases[0]));
}

/* unbounded: negative and too large are said as such */
ParameterizedTest(struct num_case *c, options, number_forms)
{
	char why[64] = "";
	__u64 v = 12345;
	int ret = rbsim_num_parse(c->in, 0, ~0ULL, &v, why, sizeof(why));

	if (!c->why[0]) {
		cr_expect_eq(ret, 0, "'%s' parses: %s", c->in, why);
		cr_expect_eq(v, c->want, "'%s' is %llu, got %llu", c->in, c->want,
			     (unsigned long long)v);
	} else {
		cr_expect_eq(ret, -1, "'%s' is refused", c->in);
		cr_expect_str_eq(why, c->why, "'%s': the problem", c->in);
		cr_expect_eq(v, 12345, "'%s': nothing stored", c->in);
	}
}

Test(options, bounded_numbers_say_their_range)
{
	static const char *const ins[] = { "0", "257", "-1", "99999999999999999999", "1K" };
	char why[64];
	__u64 v = 7;
	size_t i;

	for (i = 0; i < sizeof(ins) / sizeof(ins[0]); i++) {
		cr_expect_eq(rbsim_num_parse(ins[i], 1, 256, &v, why, sizeof(why)), -1, "%s",
			     ins[i]);
		cr_expect_str_eq(why, "out of range (1-256)", "%s: the range", ins[i]);
	}
	cr_expect_eq(rbsim_num_parse("256", 1, 256, &v, why, sizeof(why)), 0, "256 is in range");
	cr_expect_eq(v, 256, "256");
	cr_expect_eq(rbsim_num_parse("1", 1, 256, &v, why, sizeof(why)), 0, "1 is in range");
	cr_expect_eq(v, 1, "1");
	cr_expect_eq(rbsim_num_parse("y", 1, 256, &v, why, sizeof(why)), -1, "y");
	cr_expect_str_eq(why, "not a number", "a bounded option still says not a number");
	/* a lower bound on an unbounded number is a range too */
	cr_expect_eq(rbsim_num_parse("0", 1, ~0ULL, &v, why, sizeof(why)), -1, "0 below 1");
	cr_expect_str_eq(why, "out of range (1-18446744073709551615)", "lower bound");
}

Test(options, scan_stops_after_the_number)
{
	const char *end = NULL;
	__u64 v = 0;

	cr_expect_eq(rbsim_num_scan("64x9", &end, true, &v), 0, "64x9");
	cr_expect_eq(v, 64, "64");
	cr_expect_str_eq(end, "x9", "end at x");
	cr_expect_eq(rbsim_num_scan("4K-8K", &end, true, &v), 0, "4K-8K");
	cr_expect_eq(v, 4096, "4K");
	cr_expect_str_eq(end, "-8K", "end at -");
	cr_expect_eq(rbsim_num_scan("5m", &end, false, &v), 0, "without suffixes");
	cr_expect_eq(v, 5, "5");
	cr_expect_str_eq(end, "m", "m is left for a unit");
	cr_expect_eq(rbsim_num_scan("-3,", &end, true, &v), -EDOM, "negative");
	cr_expect_str_eq(end, ",", "end after the negative number");
}

/* ---- whole command lines: values, and every error text ---- */

Test(options, defaults_and_every_kind)
{
	const char *args[] = { NULL };
	struct t_opts o;
	char err[256];

	cr_assert_eq(parse(&o, args, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(o.count, 1, "count");
	cr_expect_eq(o.bytes, 512 * 1024, "bytes");
	cr_expect_eq(o.pow, 256, "pow");
	cr_expect_eq(o.secs, 5, "secs");
	cr_expect_eq(o.ns, 0, "ns");
	cr_expect_eq(o.pct, 0, "pct");
	cr_expect_eq(o.mode, 0, "mode");
	cr_expect_null(o.out, "out");
	cr_expect_str_eq(o.name, "ring", "name");
	cr_expect(!o.a && !o.b && o.keep, "flags");
	cr_expect_eq(o.cpus.nr, 0, "cpus");
	cr_expect_str_eq(o.word, "ABC", "word");
}

Test(options, long_short_and_attached_forms)
{
	const char *args[] = { "--count", "7", "--bytes=16K", "-d90s", "--ns", "5us", "--pct=12.5%",
			       "--mode", "json", "-o", "f.csv", "-ab", "--no-keep", "--word", "xyz",
			       "--pow", "1G", NULL };
	struct t_opts o;
	char err[256];

	cr_assert_eq(parse(&o, args, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(o.count, 7, "--count 7");
	cr_expect_eq(o.bytes, 16384, "--bytes=16K");
	cr_expect_eq(o.secs, 90, "-d90s");
	cr_expect_eq(o.ns, 5000, "--ns 5us");
	cr_expect_eq(o.pct, 12.5, "--pct=12.5%%");
	cr_expect_eq(o.mode, 2, "--mode json");
	cr_expect_str_eq(o.out, "f.csv", "-o f.csv");
	cr_expect(o.a && o.b, "-ab sets both");
	cr_expect(!o.keep, "--no-keep clears");
	cr_expect_str_eq(o.word, "XYZ", "--word");
	cr_expect_eq(o.pow, 1u << 30, "--pow 1G");
}

Test(options, last_one_counts_and_c_takes_the_rest_of_its_word)
{
	const char *args[] = { "-c", "3", "--count=4", "-ac5", NULL };
	struct t_opts o;
	char err[256];

	cr_assert_eq(parse(&o, args, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(o.count, 5, "the last --count");
	cr_expect(o.a, "-a of -ac5");
}

Test(options, durations)
{
	static const struct {
		const char *in;
		unsigned int secs;
	} ok[] = { { "90", 90 }, { "90s", 90 }, { "2m", 120 }, { "1h", 3600 }, { "24h", 86400 },
		   { "5000ms", 5 }, { "3000000us", 3 }, { "1000000000ns", 1 } };
	const char *args[3] = { "-d", NULL, NULL };
	struct t_opts o;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		args[1] = ok[i].in;
		cr_expect_eq(parse(&o, args, err, sizeof(err)), 0, "-d %s: %s", ok[i].in, err);
		cr_expect_eq(o.secs, ok[i].secs, "-d %s", ok[i].in);
	}
}

struct err_case {
	int n;
	char args[4][24];
	char err[96];
};

static struct err_case err_cases[] = {
	{ 2, { "--count", "0" }, "--count 0: out of range (1-256)" },
	{ 2, { "-c", "257" }, "--count 257: out of range (1-256)" },
	{ 2, { "-c", "-1" }, "--count -1: out of range (1-256)" },
	{ 2, { "-c", "two" }, "--count two: not a number" },
	{ 2, { "-c", "" }, "--count '': not a number" },
	{ 2, { "-c", "1 2" }, "--count '1 2': not a number" },
	{ 1, { "--count" }, "--count: needs an argument" },
	{ 1, { "-c" }, "-c: needs an argument" },
	{ 2, { "--bytes", "-4096" }, "--bytes -4096: negative" },
	{ 2, { "--bytes", "18446744073709551616" }, "--bytes 18446744073709551616: too large" },
	{ 2, { "--bytes", "12x" }, "--bytes 12x: not a number" },
	{ 2, { "--pow", "3" }, "--pow 3: not a power of 2" },
	{ 2, { "--pow", "0" }, "--pow 0: out of range (1-1073741824)" },
	{ 2, { "--pow", "2G" }, "--pow 2G: out of range (1-1073741824)" },
	{ 2, { "-d", "0" }, "--secs 0: out of range (1-86400)" },
	{ 2, { "-d", "25h" }, "--secs 25h: out of range (1-86400)" },
	{ 2, { "-d", "1500ms" }, "--secs 1500ms: not a whole number of seconds" },
	{ 2, { "-d", "1d" }, "--secs 1d: not a number" },
	{ 2, { "-d", "5 s" }, "--secs '5 s': not a number" },
	{ 2, { "-d", "-1" }, "--secs -1: out of range (1-86400)" },
	{ 2, { "--ns", "2s" }, "--ns 2s: out of range (0-1000000000)" },
	{ 2, { "--ns", "1K" }, "--ns 1K: not a number" },
	{ 2, { "--pct", "101" }, "--pct 101: out of range (0-100)" },
	{ 2, { "--pct", "-1" }, "--pct -1: out of range (0-100)" },
	{ 2, { "--pct", "nan" }, "--pct nan: not a number" },
	{ 2, { "--pct", "5%%" }, "--pct 5%%: not a number" },
	{ 2, { "--mode", "xml" }, "--mode xml: expected text, csv or json" },
	{ 2, { "--out", "" }, "--out '': empty" },
	{ 2, { "--word", "Abc" }, "--word Abc: expected a lowercase word" },
	{ 2, { "--cpus", "1-0" }, "--cpus 1-0: expected a CPU list such as 0-1,3" },
	{ 2, { "--cpus", "4096" }, "--cpus 4096: expected a CPU list such as 0-1,3" },
	{ 2, { "--cpus", "0," }, "--cpus 0,: expected a CPU list such as 0-1,3" },
	{ 1, { "--alpha=1" }, "--alpha: takes no argument" },
	{ 1, { "--bogus" }, "unknown option '--bogus' (see rbsim test --help)" },
	{ 1, { "--bogus=3" }, "unknown option '--bogus' (see rbsim test --help)" },
	{ 2, { "--coun", "3" }, "unknown option '--coun' (see rbsim test --help)" },
	{ 1, { "-x" }, "unknown option '-x' (see rbsim test --help)" },
	{ 1, { "--cnt" }, "--cnt: renamed --count (see rbsim test --help)" },
	{ 2, { "--cnt", "3" }, "--cnt: renamed --count (see rbsim test --help)" },
	{ 1, { "--cnt=3" }, "--cnt: renamed --count (see rbsim test --help)" },
	{ 1, { "-ax" }, "unknown option '-x' (see rbsim test --help)" },
	{ 1, { "stray" }, "unexpected argument 'stray' (see rbsim test --help)" },
	{ 2, { "--", "-a" }, "unexpected argument '-a' (see rbsim test --help)" },
	{ 1, { "-" }, "unexpected argument '-' (see rbsim test --help)" },
};

ParameterizedTestParameters(options, error_texts)
{
	return cr_make_param_array(struct err_case, err_cases,
				   sizeof(err_cases) / sizeof(err_cases[0]));
}

ParameterizedTest(struct err_case *c, options, error_texts)
{
	const char *args[5];
	struct t_opts o;
	char err[256];
	int i, n = 0;

	for (i = 0; i < c->n; i++)
		args[n++] = c->args[i];
	args[n] = NULL;
	cr_expect_eq(parse(&o, args, err, sizeof(err)), -1, "%s %s: refused", c->args[0],
		     c->args[1]);
	cr_expect_str_eq(err, c->err, "%s %s: the message", c->args[0], c->args[1]);
	cr_expect(!strchr(err, '\n'), "one line");
}

Test(options, help_stops_the_parse)
{
	const char *a1[] = { "--help", "--bogus", NULL };
	const char *a2[] = { "-c", "3", "-h", "-c", "0", NULL };
	const char *a3[] = { "--bogus", "--help", NULL };
	struct t_opts o;
	char err[256];

	cr_expect_eq(parse(&o, a1, err, sizeof(err)), 1, "--help first: 1, the rest not read");
	cr_expect_eq(parse(&o, a2, err, sizeof(err)), 1, "-h after valid options");
	cr_expect_eq(parse(&o, a3, err, sizeof(err)), -1, "an error before --help is an error");
}

static int pos_calls;

static int pos(void *ctx, const char *arg, char *err, size_t errlen)
{
	static const char *const want[] = { "-5", "7", "-a" };

	(void)ctx, (void)err, (void)errlen;
	cr_assert_lt(pos_calls, 3, "three arguments");
	cr_expect_str_eq(arg, want[pos_calls], "argument %d", pos_calls);
	pos_calls++;
	return 0;
}

Test(options, negative_numbers_as_arguments)
{
	struct t_opts o;
	struct rbsim_optgroup g = { .opts = t_table, .base = &o };
	struct rbsim_optparse p = { .cmd = "test", .groups = &g, .ngroups = 1, .positional = pos };
	char *argv[] = { "test", "-5", "-a", "7", "--", "-a", NULL };
	char err[256];

	memset(&o, 0, sizeof(o));
	cr_assert_eq(rbsim_opt_parse(&p, 6, argv, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(pos_calls, 3, "-5, 7 and the -a after -- are arguments");
	cr_expect(o.a, "the first -a is the option");
}

/* ---- tables that share an option, applied later ---- */

struct t_tr {
	__u64 pages;
	int trig;
};

static const char *const trigs[] = { "syscall", "test-run", NULL };

static const struct rbsim_opt tr_a[] = {
	{ .kind = RBSIM_OPT_UINT, .name = "pages", .metavar = "N", .min = 1, .max = 1024,
	  .flags = RBSIM_OPTF_POW2, .help = "pages", RBSIM_OPT_DST(struct t_tr, pages) },
	{ 0 }
};

static const struct rbsim_opt tr_b[] = {
	{ .kind = RBSIM_OPT_CHOICE, .name = "trig", .metavar = "HOW", .def = "syscall",
	  .choices = trigs, .help = "trigger", RBSIM_OPT_DST(struct t_tr, trig) },
	{ .kind = RBSIM_OPT_UINT, .name = "pages", .metavar = "N", .min = 1, .max = 1024,
	  .flags = RBSIM_OPTF_POW2, .help = "pages", RBSIM_OPT_DST(struct t_tr, pages) },
	{ 0 }
};

Test(options, shared_names_are_recorded_in_every_table)
{
	struct t_opts o;
	struct t_tr ta = { 0 }, tb = { 0 };
	struct rbsim_optgroup g[3] = {
		{ .opts = t_table, .base = &o }, { .opts = tr_a }, { .opts = tr_b },
	};
	struct rbsim_optparse p = { .cmd = "test", .groups = g, .ngroups = 3 };
	char *argv[] = { "test", "--pages", "3", "-a", "--trig=test-run", NULL };
	char err[256];

	memset(&o, 0, sizeof(o));
	cr_assert_eq(rbsim_opt_parse(&p, 5, argv, err, sizeof(err)), 0,
		     "recorded, not applied: %s", err);
	cr_expect(o.a, "the applied group's option");
	cr_expect_eq(g[1].seen, 1, "pages seen in the first table");
	cr_expect_eq(g[2].seen, 3, "trig and pages seen in the second");
	cr_expect_str_eq(g[1].arg[0], "3", "its argument");
	cr_expect(rbsim_opt_given(&g[2], "trig") && !rbsim_opt_given(&g[0], "count"), "given");
	cr_expect_eq(rbsim_opt_apply_group(&g[1], &ta, err, sizeof(err)), -1, "3 is refused");
	cr_expect_str_eq(err, "--pages 3: not a power of 2", "when applied");
	cr_assert_eq(rbsim_opt_defaults(tr_b, &tb, err, sizeof(err)), 0, "%s", err);
	argv[2] = "8";
	cr_assert_eq(rbsim_opt_parse(&p, 5, argv, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(rbsim_opt_apply_group(&g[2], &tb, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(tb.pages, 8, "pages");
	cr_expect_eq(tb.trig, 1, "trig");
}

/* ---- the canonical text reads back as the same options ---- */

static void split_parse(const char *text, struct t_opts *o)
{
	const char *args[32];
	char buf[1024], *tok, *save = NULL, err[256];
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", text);
	for (tok = strtok_r(buf, " ", &save); tok && n < 31; tok = strtok_r(NULL, " ", &save))
		args[n++] = tok;
	args[n] = NULL;
	cr_assert_eq(parse(o, args, err, sizeof(err)), 0, "'%s' reads back: %s", text, err);
}

static int first_cpu(void)
{
	cpu_set_t set;
	int c;

	CPU_ZERO(&set);
	sched_getaffinity(0, sizeof(set), &set);
	for (c = 0; c < CPU_SETSIZE; c++) {
		if (CPU_ISSET(c, &set))
			return c;
	}
	return 0;
}

Test(options, canonical_text_reads_back)
{
	char cpu[16], text[1024], again[1024];
	/* 33.333333333333336: a double that %.15g does not give back */
	const char *args[] = { "-c", "0x20", "--bytes", "2M", "--pct", "33.333333333333336",
			       "-d", "2m", "--ns", "3ms", "--mode", "csv", "-o", "x", "-b",
			       "--no-keep", "--cpus", cpu, "--word", "qq", NULL };
	struct t_opts o, back;
	char err[256];
	__u64 seen;

	snprintf(cpu, sizeof(cpu), "%d", first_cpu());
	cr_assert_eq(parse(&o, args, err, sizeof(err)), 0, "%s", err);
	{
		struct rbsim_optgroup g = { .opts = t_table, .base = &o };
		struct rbsim_optparse p = { .cmd = "test", .groups = &g, .ngroups = 1 };
		char *argv[32] = { "test" };
		int n;

		for (n = 0; args[n]; n++)
			argv[n + 1] = (char *)args[n];
		cr_assert_eq(rbsim_opt_parse(&p, n + 1, argv, err, sizeof(err)), 0, "%s", err);
		seen = g.seen;
	}
	rbsim_opt_format(t_table, &o, seen, false, text, sizeof(text));
	snprintf(again, sizeof(again), "--count 32 --bytes 2097152 --secs 120 --ns 3000000 "
		 "--pct 33.333333333333336 --mode csv --beta --no-keep --cpus %s --word qq", cpu);
	cr_expect_str_eq(text, again, "the options given, canonical, without --out (NOREPORT)");
	split_parse(text, &back);
	cr_expect(back.count == o.count && back.bytes == o.bytes && back.secs == o.secs &&
		  back.ns == o.ns && back.pct == o.pct && back.mode == o.mode && back.b == o.b &&
		  back.keep == o.keep && back.cpus.nr == o.cpus.nr && !strcmp(back.word, o.word),
		  "the same values read back from '%s'", text);

	/* all: every option with a default too (flags only when set) */
	rbsim_opt_format(t_table, &o, 0, true, text, sizeof(text));
	cr_expect_str_eq(text, "--count 32 --bytes 2097152 --pow 256 --secs 120 --ns 3000000 "
			 "--pct 33.333333333333336 --mode csv --name ring --beta --no-keep "
			 "--word qq", "with the defaults");
	split_parse(text, &back);
	cr_expect_eq(back.pow, 256, "pow");
	cr_expect_eq(rbsim_opt_format(t_table, &o, 0, true, again, 8), strlen(text),
		     "the length it needs, as snprintf");
	cr_expect_eq(strlen(again), 7, "cut to the buffer");
}

/* ---- --help ---- */

static char *usage_of(const struct rbsim_opt *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert(f, "open_memstream");
	rbsim_opt_usage(f, t);
	fclose(f);
	return buf;
}

Test(options, help_is_generated_from_the_table)
{
	char *h = usage_of(t_table);

	cr_expect_str_eq(h,
		"\nnumbers:\n"
		"  -c, --count N            how many (1-256; default: 1)\n"
		"      --bytes BYTES        a size (default: 512K)\n"
		"      --pow N              a power (1-1G, a power of 2; default: 256)\n"
		"  -d, --secs SEC           seconds (1-86400; default: 5)\n"
		"      --ns NS              nanoseconds (0-1000000000; default: 0)\n"
		"      --pct PCT            a share (default: 0)\n"
		"\nwords:\n"
		"      --mode FMT           text, csv or json (default: text)\n"
		"  -o, --out FILE           where to (default: stdout)\n"
		"      --name NAME          a name (default: ring)\n"
		"  -a, --alpha              flag a (default: off)\n"
		"  -b, --beta               flag b (default: off)\n"
		"      --no-keep            do not keep (default: keep)\n"
		"      --cpus CPUS          CPUs (default: none)\n"
		"      --word WORD          a word (default: abc)\n"
		"  -h, --help               this text\n", "the help text");
	free(h);
}

static const struct rbsim_opt long_table[] = {
	{ .kind = RBSIM_OPT_UINT, .name = "a-rather-long-option-name", .metavar = "BYTES",
	  .max = ~0ULL, .def = "1", .help = "a left part that reaches the text column puts "
	  "the text on the next line, and a long text wraps at eighty columns with every "
	  "continuation line indented to the text column", RBSIM_OPT_DST(struct t_opts, bytes) },
	{ .kind = RBSIM_OPT_FLAG, .name = "x", .help = "averyveryveryveryveryveryveryveryvery"
	  "veryveryveryverylongwordthatcannotbebrokenanywhere fits alone",
	  RBSIM_OPT_DST(struct t_opts, a) },
	{ 0 }
};

Test(options, help_wraps_at_80_columns)
{
	char *h = usage_of(long_table), *line, *save = NULL;
	int n = 0;

	cr_expect_str_eq(h,
		"      --a-rather-long-option-name BYTES\n"
		"                           a left part that reaches the text column puts the\n"
		"                           text on the next line, and a long text wraps at\n"
		"                           eighty columns with every continuation line indented\n"
		"                           to the text column (default: 1)\n"
		"      --x                  averyveryveryveryveryveryveryveryveryveryveryveryvery"
		"longwordthatcannotbebrokenanywhere\n"
		"                           fits alone (default: off)\n", "wrapped");
	for (line = strtok_r(h, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++) {
		if (!strstr(line, "averyvery"))
			cr_expect_leq(strlen(line), 80, "line %d within 80 columns: %s", n, line);
	}
	free(h);
}

Test(options, words_and_cpulists)
{
	static const char *const one[] = { "a", NULL }, *const two[] = { "a", "b", NULL };
	struct rbsim_cpulist l;
	char buf[64], why[64], in[32];
	int c = first_cpu();

	rbsim_words(one, buf, sizeof(buf));
	cr_expect_str_eq(buf, "a", "one word");
	rbsim_words(two, buf, sizeof(buf));
	cr_expect_str_eq(buf, "a or b", "two words");
	rbsim_words(modes, buf, sizeof(buf));
	cr_expect_str_eq(buf, "text, csv or json", "three");

	snprintf(in, sizeof(in), "%d-%d,%d", c, c, c);
	cr_assert_eq(rbsim_cpulist_parse(in, &l, why, sizeof(why)), 0, "%s: %s", in, why);
	cr_expect_eq(l.nr, 2, "two entries");
	cr_expect(l.cpu[0] == c && l.cpu[1] == c, "CPU %d twice", c);
	cr_expect_str_eq(l.text, in, "as given");
	for (c = 0; c < RBSIM_MAX_CPUS; c++) {
		cpu_set_t set;

		CPU_ZERO(&set);
		sched_getaffinity(0, sizeof(set), &set);
		if (!CPU_ISSET(c, &set))
			break;
	}
	snprintf(in, sizeof(in), "%d", c);
	snprintf(buf, sizeof(buf), "CPU %d is not available to rbsim", c);
	cr_expect_eq(rbsim_cpulist_parse(in, &l, why, sizeof(why)), -1, "CPU %d", c);
	cr_expect_str_eq(why, buf, "an unavailable CPU");
}
