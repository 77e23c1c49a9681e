// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim run: drive a transport with producer threads and one consumer under
 * a chosen workload, the way the selftests' bench drives its ringbuf
 * benchmarks (tools/testing/selftests/bpf/bench.c and
 * benchs/bench_ringbufs.c), and report what it did.
 *
 * This file: the option table, the checks between options and the command.
 * Each transport brings its own options (ops->options, as the selftests'
 * argp children); the threads are in engine*.c, the reports in report.c.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ringbuf/ringbuf.h"
#include "sim/rbsim.h"
#include "sim/engine.h"
#include "sim/kernel_check.h"
#include "sim/vtime.h"

static const char *const fault_names[] = { "", "lose", "dup", "torn", "reorder" };
#define NR_FAULTS (sizeof(fault_names) / sizeof(fault_names[0]))

/* --size SPEC */
static int size_parse(const struct rbsim_opt *opt, const char *arg, void *base, char *why,
		      size_t len)
{
	(void)opt;
	return rbsim_size_spec_parse(arg, &((struct rbsim_opts *)base)->size, why, len);
}

static void size_format(const struct rbsim_opt *opt, const void *base, char *buf, size_t len)
{
	(void)opt;
	snprintf(buf, len, "%s", ((const struct rbsim_opts *)base)->size.text);
}

/* --wakeup adaptive|none|force|sampled:N|bytes:N */
static int wakeup_parse(const struct rbsim_opt *opt, const char *arg, void *base, char *why,
			size_t len)
{
	static const char *const modes[] = { "adaptive", "none", "force" };
	static const enum rbsim_wakeup mode_of[] = { RBSIM_WAKEUP_ADAPTIVE, RBSIM_WAKEUP_NONE,
						     RBSIM_WAKEUP_FORCE };
	struct rbsim_opts *o = base;
	bool sampled = !strncmp(arg, "sampled:", 8);
	unsigned int i;

	(void)opt;
	if (strlen(arg) >= sizeof(o->wakeup_text)) {
		snprintf(why, len, "too long");
		return -1;
	}
	snprintf(o->wakeup_text, sizeof(o->wakeup_text), "%s", arg);
	o->cfg.wakeup_n = 0;
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (!strcmp(arg, modes[i])) {
			o->cfg.wakeup = mode_of[i];
			return 0;
		}
	}
	if (!sampled && strncmp(arg, "bytes:", 6)) {
		snprintf(why, len, "expected adaptive, none, force, sampled:N or bytes:N");
		return -1;
	}
	o->cfg.wakeup = sampled ? RBSIM_WAKEUP_SAMPLED : RBSIM_WAKEUP_BYTES;
	return rbsim_num_parse(arg + (sampled ? 8 : 6), 1, 1ULL << 32, &o->cfg.wakeup_n, why,
			       len);
}

static void wakeup_format(const struct rbsim_opt *opt, const void *base, char *buf, size_t len)
{
	(void)opt;
	snprintf(buf, len, "%s", ((const struct rbsim_opts *)base)->wakeup_text);
}

/* --inject KIND[@N] */
static int inject_parse(const struct rbsim_opt *opt, const char *arg, void *base, char *why,
			size_t len)
{
	struct rbsim_opts *o = base;
	const char *at = strchr(arg, '@');
	size_t n = at ? (size_t)(at - arg) : strlen(arg);
	unsigned int k;

	(void)opt;
	o->fault = 0;
	for (k = 1; k < NR_FAULTS; k++) {
		if (strlen(fault_names[k]) == n && !strncmp(arg, fault_names[k], n))
			o->fault = (int)k;
	}
	o->fault_at = 100;
	if (!o->fault || (at && rbsim_num_parse(at + 1, 0, ~0ULL, &o->fault_at, why, len))) {
		snprintf(why, len, "expected lose, dup, torn or reorder, optionally @N");
		return -1;
	}
	return 0;
}

static void inject_format(const struct rbsim_opt *opt, const void *base, char *buf, size_t len)
{
	const struct rbsim_opts *o = base;

	(void)opt;
	snprintf(buf, len, "%s@%llu", fault_names[o->fault], (unsigned long long)o->fault_at);
}

/* --trace FILE: loaded now, so that its problems are the option's */
static int trace_parse(const struct rbsim_opt *opt, const char *arg, void *base, char *why,
		       size_t len)
{
	struct rbsim_opts *o = base;

	(void)opt;
	o->trace_path = arg;
	return rbsim_trace_load(arg, &o->trace, why, len);
}

static void trace_format(const struct rbsim_opt *opt, const void *base, char *buf, size_t len)
{
	(void)opt;
	snprintf(buf, len, "%s", ((const struct rbsim_opts *)base)->trace_path);
}

/* --vcosts produce=NS,notify=NS,wake=NS,poll=NS,record=NS (any of them, durations) */
static const char *const vcost_names[] = { "produce", "notify", "wake", "poll", "record" };
#define NR_VCOSTS (sizeof(vcost_names) / sizeof(vcost_names[0]))

static __u64 *vcost_field(struct rbsim_vcosts *c, unsigned int i)
{
	__u64 *f[NR_VCOSTS] = { &c->produce_ns, &c->notify_ns, &c->wake_ns, &c->poll_ns,
				&c->record_ns };

	return f[i];
}

static int vcosts_parse(const struct rbsim_opt *opt, const char *arg, void *base, char *why,
			size_t len)
{
	struct rbsim_vcosts *c = &((struct rbsim_opts *)base)->cfg.vcosts;
	char item[64], problem[80];
	const char *p = arg;
	unsigned int i;

	(void)opt;
	while (*p) {
		size_t n = strcspn(p, ",");
		char *eq;

		snprintf(item, sizeof(item), "%.*s", (int)n, p);
		eq = strchr(item, '=');
		for (i = 0; eq && i < NR_VCOSTS; i++)
			if (strlen(vcost_names[i]) == (size_t)(eq - item) &&
			    !strncmp(item, vcost_names[i], (size_t)(eq - item)))
				break;
		if (!eq || i == NR_VCOSTS) {
			snprintf(why, len, "'%s': expected NAME=NS with NAME one of produce, notify, "
				 "wake, poll, record", item);
			return -1;
		}
		if (rbsim_duration_parse(eq + 1, 1, 0, 1000000000000ULL, vcost_field(c, i),
					 problem, sizeof(problem))) {
			snprintf(why, len, "%s: %s", item, problem);
			return -1;
		}
		p += n + (p[n] == ',');
	}
	return 0;
}

static void vcosts_format(const struct rbsim_opt *opt, const void *base, char *buf, size_t len)
{
	const struct rbsim_vcosts *c = &((const struct rbsim_opts *)base)->cfg.vcosts;
	size_t used = 0;
	unsigned int i;

	(void)opt;
	buf[0] = '\0';
	for (i = 0; i < NR_VCOSTS && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s=%llu", i ? "," : "",
					 vcost_names[i],
					 (unsigned long long)*vcost_field((struct rbsim_vcosts *)c, i));
}

static const char *const arrivals_names[] = { "const", "poisson", NULL };
static const char *const consumer_names[] = { "libbpf", "batch", "none", NULL };
static const char *const poll_names[] = { "epoll", "busy", NULL };
static const char *const format_names[] = { "text", "csv", "json", NULL };

/* every generic `rbsim run` option; a transport's own are in its ops->options */
#define DST(field) RBSIM_OPT_DST(struct rbsim_opts, field)
static const struct rbsim_opt run_opts[] = {
	RBSIM_OPT_SECTION("workload"),
	{ .kind = RBSIM_OPT_STRING, .name = "transport", .metavar = "NAME", .def = "ringbuf",
	  .help = "transport to drive, one of those below", DST(cfg.transport) },
	{ .kind = RBSIM_OPT_UINT, .name = "producers", .short_name = 'p', .metavar = "N",
	  .min = 1, .max = RBSIM_REC_MAX_PRODUCERS, .def = "1",
	  .help = "producer threads; the compact record keeps 8 bits of producer id",
	  DST(cfg.producers) },
	{ .kind = RBSIM_OPT_DURATION, .name = "duration", .short_name = 'd', .metavar = "SEC",
	  .unit_ns = 1000000000ULL, .min = 1, .max = 24 * 3600, .def = "5",
	  .help = "measured seconds, then a drain of at most max(1, SEC) seconds; what it "
		  "leaves is reported undrained", DST(cfg.duration_s) },
	{ .kind = RBSIM_OPT_DURATION, .name = "warmup", .short_name = 'w', .metavar = "SEC",
	  .unit_ns = 1000000000ULL, .min = 0, .max = 24 * 3600, .def = "1",
	  .help = "warm-up seconds, left out of the mean", DST(cfg.warmup_s) },
	{ .kind = RBSIM_OPT_UINT, .name = "records", .metavar = "N", .min = 1, .max = 1ULL << 48,
	  .def_help = "none, a timed run",
	  .help = "attempt N records in total, then stop; excludes --duration and --warmup",
	  DST(cfg.records) },
	{ .kind = RBSIM_OPT_UINT, .name = "ring-size", .metavar = "BYTES", .min = 0, .max = ~0ULL,
	  .def = "512K", .help = "ring size, per CPU for the perf buffers", DST(cfg.ring_size) },
	{ .kind = RBSIM_OPT_UINT, .name = "seed", .metavar = "N", .min = 0, .max = ~0ULL,
	  .def = "1", .help = "seed of the size and discard streams", DST(cfg.seed) },
	{ .kind = RBSIM_OPT_CUSTOM, .name = "size", .metavar = "SPEC", .def = "8",
	  .parse = size_parse, .format = size_format,
	  .help = "record size: N, uniform:MIN-MAX, mix:SIZExWEIGHT,... (e.g. "
		  "mix:64x9,1024x1) or hist:FILE (lines of SIZE COUNT)" },
	{ .kind = RBSIM_OPT_UINT, .name = "rate", .metavar = "N", .min = 0, .max = 1ULL << 40,
	  .def_help = "0, as fast as possible",
	  .help = "records/s per producer: record k is sent at start + k/N, up to --batch at "
		  "a time; the report says whether the rate was met", DST(cfg.rate) },
	{ .kind = RBSIM_OPT_CHOICE, .name = "arrivals", .metavar = "KIND", .def = "const",
	  .choices = arrivals_names,
	  .help = "how records (or bursts) come under --rate (or --burst): const, evenly "
		  "spaced, or poisson, exponential gaps of the same mean", DST(cfg.arrivals) },
	{ .kind = RBSIM_OPT_UINT, .name = "burst", .metavar = "N", .min = 1, .max = 1u << 30,
	  .def_help = "none",
	  .help = "on/off bursts: N records at once every --burst-every (instead of --rate)",
	  DST(cfg.burst) },
	{ .kind = RBSIM_OPT_DURATION, .name = "burst-every", .metavar = "US", .unit_ns = 1000,
	  .min = 1, .max = 3600000000ULL, .def_help = "none",
	  .help = "the period of --burst; a bare number is in us (10ms, 10240us)",
	  DST(burst_every_us) },
	{ .kind = RBSIM_OPT_CUSTOM, .name = "trace", .metavar = "FILE", .parse = trace_parse,
	  .format = trace_format, .def_help = "none",
	  .help = "replay FILE's records as recorded, one \"TIME PRODUCER SIZE\" a line "
		  "(bench/traces/example.trace); sets producers, sizes and records" },
	{ .kind = RBSIM_OPT_UINT, .name = "batch", .metavar = "N", .min = 1, .max = 65536,
	  .def = "500", .help = "records per burst, the selftests' batch count",
	  DST(cfg.batch) },
	{ .kind = RBSIM_OPT_FLAG, .name = "b2b",
	  .help = "back-to-back: one producer, the consumer triggers the next batch after "
		  "each poll", DST(cfg.b2b) },
	RBSIM_OPT_SECTION("producer side"),
	{ .kind = RBSIM_OPT_CUSTOM, .name = "wakeup", .metavar = "MODE", .def = "adaptive",
	  .parse = wakeup_parse, .format = wakeup_format,
	  .help = "adaptive, none, force, sampled:N (FORCE_WAKEUP once N records' worth of "
		  "bytes are pending, NO_WAKEUP otherwise) or bytes:N" },
	{ .kind = RBSIM_OPT_FLAG, .name = "use-output",
	  .help = "bpf_ringbuf_output() instead of reserve+submit", DST(cfg.use_output) },
	{ .kind = RBSIM_OPT_PERCENT, .name = "discard", .metavar = "PCT", .def = "0",
	  .help = "discard PCT% of reservations", DST(cfg.discard_pct) },
	RBSIM_OPT_SECTION("consumer side"),
	{ .kind = RBSIM_OPT_CHOICE, .name = "consumer", .metavar = "KIND", .def = "libbpf",
	  .choices = consumer_names,
	  .help = "libbpf (consumer_pos stored per record), batch (once per drained batch, "
		  "the selftests' rb-custom), ringbuf transports only; or none: producers "
		  "only (the selftests' --rb-bench-producer), --transport ringbuf only",
	  DST(cfg.consumer) },
	{ .kind = RBSIM_OPT_CHOICE, .name = "poll", .metavar = "MODE", .def = "epoll",
	  .choices = poll_names, .help = "epoll (sleep until notified) or busy",
	  DST(cfg.poll) },
	{ .kind = RBSIM_OPT_DURATION, .name = "consumer-work", .metavar = "NS", .unit_ns = 1,
	  .min = 0, .max = 1000000000, .def = "0", .help = "simulated processing per record",
	  DST(cfg.consumer_work_ns) },
	{ .kind = RBSIM_OPT_DURATION, .name = "stall", .metavar = "MS", .unit_ns = 1000000,
	  .min = 1, .max = 3600000, .def_help = "none",
	  .help = "the consumer stops this long every --stall-every (a garbage collector, a "
		  "slow disk); a bare number is in ms", DST(stall_ms) },
	{ .kind = RBSIM_OPT_DURATION, .name = "stall-every", .metavar = "MS",
	  .unit_ns = 1000000, .min = 1, .max = 24 * 3600000ULL, .def_help = "none",
	  .help = "the period of --stall, the first one a period after the start",
	  DST(stall_every_ms) },
	RBSIM_OPT_SECTION("virtual time"),
	{ .kind = RBSIM_OPT_FLAG, .name = "virtual",
	  .help = "run the port on one thread in simulated time (ringbuf, perfbuf): "
		  "deterministic, costs from --vcosts (sim/vtime.md)", DST(cfg.virtual_time) },
	{ .kind = RBSIM_OPT_CUSTOM, .name = "vcosts", .metavar = "LIST",
	  .def = RBSIM_VCOSTS_DEFAULT, .def_help = "50, 1000, 20000, 2000 and 20 ns",
	  .parse = vcosts_parse, .format = vcosts_format,
	  .help = "--virtual's costs in ns, NAME=NS,...: produce (a record), notify (a "
		  "producer's notification), wake (to a sleeping consumer), poll (a consumer "
		  "round), record (consumed, before --consumer-work)" },
	RBSIM_OPT_SECTION("threads"),
	{ .kind = RBSIM_OPT_FLAG, .name = "affinity", .short_name = 'a',
	  .help = "pin threads: the consumer on CPU 0, producers on the next CPUs, wrapping",
	  DST(affinity) },
	{ .kind = RBSIM_OPT_CPULIST, .name = "prod-affinity", .metavar = "CPUS",
	  .def_help = "none", .help = "pin producers round-robin to CPUS, e.g. 0-1,3",
	  DST(prod_cpus) },
	{ .kind = RBSIM_OPT_CPULIST, .name = "cons-affinity", .metavar = "CPUS",
	  .def_help = "none", .help = "pin the consumer to CPUS", DST(cons_cpus) },
	RBSIM_OPT_SECTION("output"),
	{ .kind = RBSIM_OPT_CHOICE, .name = "format", .metavar = "FMT", .def = "text",
	  .choices = format_names, .flags = RBSIM_OPTF_NOREPORT, .help = "text, csv or json",
	  DST(format) },
	{ .kind = RBSIM_OPT_STRING, .name = "output", .short_name = 'o', .metavar = "FILE",
	  .flags = RBSIM_OPTF_NOREPORT | RBSIM_OPTF_NONEMPTY, .def_help = "stdout",
	  .help = "append the result to FILE, csv header once", DST(output) },
	{ .kind = RBSIM_OPT_STRING, .name = "label", .metavar = "TEXT", .def = "",
	  .def_help = "empty", .flags = RBSIM_OPTF_NOREPORT,
	  .help = "free text for the label column", DST(label) },
	{ .kind = RBSIM_OPT_FLAG, .name = "quiet", .short_name = 'q',
	  .flags = RBSIM_OPTF_NOREPORT, .help = "no progress lines", DST(quiet) },
	{ .kind = RBSIM_OPT_FLAG, .name = "verbose", .short_name = 'v',
	  .flags = RBSIM_OPTF_NOREPORT,
	  .help = "say the options of the run (as the report's options and transport_opts) "
		  "on stderr first", DST(verbose) },
	RBSIM_OPT_SECTION("harness"),
	{ .kind = RBSIM_OPT_FLAG_OFF, .name = "no-verify", .def_help = "verify",
	  .help = "plain records, no header or checksum; only counts are checked",
	  DST(cfg.verify) },
	{ .kind = RBSIM_OPT_FLAG_OFF, .name = "no-latency", .def_help = "stamp",
	  .help = "no timestamps", DST(cfg.latency) },
	{ .kind = RBSIM_OPT_UINT, .name = "latency-every", .metavar = "N", .min = 1,
	  .max = 1u << 30, .flags = RBSIM_OPTF_POW2, .def = "256",
	  .def_help = "256, or 1 with --rate, --burst or --trace",
	  .help = "stamp one committed record in N per producer", DST(cfg.lat_every) },
	{ .kind = RBSIM_OPT_UINT, .name = "dump-sizes", .metavar = "N", .min = 1, .max = 1u << 20,
	  .flags = RBSIM_OPTF_NOREPORT, .def_help = "off",
	  .help = "print the first N record sizes of each producer for --seed/--size/--discard "
		  "('d' = discarded), then exit", DST(dump_sizes) },
	{ .kind = RBSIM_OPT_CUSTOM, .name = "inject", .metavar = "KIND[@N]",
	  .parse = inject_parse, .format = inject_format, .def_help = "none; N: 100",
	  .help = "test the verifier: lose, dup, torn or reorder the N-th consumed record" },
	RBSIM_OPT_HELP_ENTRY,
	{ 0 }
};
#undef DST

const struct rbsim_opt *rbsim_run_options(void)
{
	return run_opts;
}

void rbsim_run_usage(FILE *f)
{
	const struct rbsim_transport_ops *t;

	fprintf(f,
		"usage: rbsim run [options]\n\n"
		"Drive a transport with producer threads and one consumer thread and report\n"
		"throughput (the selftests' hits and drops), notifications, wake-ups, latency\n"
		"percentiles and record integrity. Progress goes to stderr once a second.\n"
		"Numbers take K/M/G (x1024), durations a unit (ns, us, ms, s, m, h).\n");
	rbsim_opt_usage(f, run_opts);
	fprintf(f, "\ntransports (and their own options):\n");
	for (t = rbsim_transport_next(NULL); t; t = rbsim_transport_next(t)) {
		rbsim_help_item(f, t->name, t->summary);
		if (t->options)
			rbsim_opt_usage(f, t->options);
	}
	fprintf(f, "\nThe first SIGINT or SIGTERM stops the run: producers stop, the ring drains,\n"
		"the partial summary is printed and written (marked interrupted), exit status\n"
		"130 (143 for SIGTERM); a second one ends rbsim at once.\n"
		"\nExit status: 0 ok, 1 integrity FAIL or a failed run, 2 bad input.\n");
}

/* was the run option of that name given? */
static bool given(const struct rbsim_opts *o, const char *name)
{
	const struct rbsim_opt *opt = rbsim_opt_find(run_opts, name);

	return opt && (o->seen & (1ULL << (opt - run_opts)));
}

static int set_defaults(struct rbsim_opts *o, char *err, size_t errlen)
{
	memset(o, 0, sizeof(*o));
	o->out_fd = -1;
	o->cfg.verify = true;
	o->cfg.latency = true;
	return rbsim_opt_defaults(run_opts, o, err, errlen);
}

/* "a, b": the transports that have every bit of cap */
void rbsim_transports_with(unsigned int cap, char *buf, size_t len)
{
	const struct rbsim_transport_ops *t;

	buf[0] = '\0';
	for (t = rbsim_transport_next(NULL); t; t = rbsim_transport_next(t)) {
		if ((t->caps & cap) == cap)
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", buf[0] ? ", " : "",
				 t->name);
	}
}

/* a generic option the transport would ignore: refused, never reported as used */
static int check_caps(const struct rbsim_opts *o, char *err, size_t errlen)
{
	const struct rbsim_transport_ops *t = o->ops;
	const struct rbsim_cfg *cfg = &o->cfg;
	const char *opt = NULL;
	unsigned int cap = 0;
	char with[160];

	if (cfg->consumer == RBSIM_CONSUMER_NONE && !(t->caps & RBSIM_CAP_NO_CONSUMER)) {
		opt = "--consumer none";
		cap = RBSIM_CAP_NO_CONSUMER;
	} else if (given(o, "consumer") && !(t->caps & RBSIM_CAP_CONSUMER_KIND)) {
		opt = cfg->consumer == RBSIM_CONSUMER_BATCH ? "--consumer batch" :
							       "--consumer libbpf";
		cap = RBSIM_CAP_CONSUMER_KIND;
	} else if (cfg->use_output && !(t->caps & RBSIM_CAP_OUTPUT)) {
		opt = "--use-output";
		cap = RBSIM_CAP_OUTPUT;
	} else if (rbsim_wakeup_needs_avail(cfg) && !(t->caps & RBSIM_CAP_WAKEUP_AVAIL)) {
		opt = o->wakeup_text;
		cap = RBSIM_CAP_WAKEUP_AVAIL;
	}
	if (!opt)
		return 0;
	rbsim_transports_with(cap, with, sizeof(with));
	if (cap == RBSIM_CAP_NO_CONSUMER)
		snprintf(err, errlen, "%s does not apply to --transport %s: only %s can run "
			 "producers alone", opt, t->name, with);
	else if (cap == RBSIM_CAP_CONSUMER_KIND)
		snprintf(err, errlen, "%s does not apply to --transport %s: its consumer is %s "
			 "(transports with a choice: %s)", opt, t->name, t->consumer_name, with);
	else
		snprintf(err, errlen, "%s%s does not apply to --transport %s (transports that "
			 "have it: %s)", cap == RBSIM_CAP_WAKEUP_AVAIL ? "--wakeup " : "", opt,
			 t->name, with);
	return -1;
}

/*
 * A workload that can never fit the transport's ring, or whose wake-up
 * threshold the ring can never reach (the consumer would sleep through the
 * run), is refused; one that partly cannot is run with a warning on stderr
 * that the report repeats.
 */
static int check_fit(struct rbsim_opts *o, char *err, size_t errlen)
{
	const struct rbsim_transport_ops *t = o->ops;
	const struct rbsim_cfg *cfg = &o->cfg;
	__u64 max;

	if (t->max_record) {
		max = t->max_record(cfg);
		if (o->trace_path && o->size.max > max) {
			snprintf(err, errlen, "--trace %s: line %u: a %u-byte record never fits the "
				 "ring of --transport %s (%llu bytes at most)", o->trace_path,
				 o->trace.max_line, o->size.max, t->name, (unsigned long long)max);
			return -1;
		}
		if (o->size.min > max) {
			snprintf(err, errlen, "--size %s: a %u-byte record never fits the ring of "
				 "--transport %s (%llu bytes at most)", o->size.text, o->size.min,
				 t->name, (unsigned long long)max);
			return -1;
		}
		if (o->size.max > max)
			snprintf(o->warning, sizeof(o->warning), "--size %s: records over %llu "
				 "bytes never fit the ring of --transport %s: they are too-big "
				 "drops", o->size.text, (unsigned long long)max, t->name);
	}
	if (rbsim_wakeup_needs_avail(cfg) && t->wakeup_max) {
		max = t->wakeup_max(cfg);
		if (max && cfg->wakeup_bytes > max && cfg->poll == RBSIM_POLL_EPOLL) {
			snprintf(err, errlen, "--wakeup %s: its threshold of %llu bytes is above what "
				 "the ring of --transport %s can reach (%llu bytes): the consumer "
				 "would never be woken (a smaller N, or --poll busy)", o->wakeup_text,
				 (unsigned long long)cfg->wakeup_bytes, t->name,
				 (unsigned long long)max);
			return -1;
		}
		if (max && cfg->wakeup_bytes > max)
			snprintf(o->warning, sizeof(o->warning), "--wakeup %s: its threshold of %llu "
				 "bytes is above what the ring of --transport %s can reach (%llu "
				 "bytes): no wake-up is ever sent (--poll busy does without)",
				 o->wakeup_text, (unsigned long long)cfg->wakeup_bytes, t->name,
				 (unsigned long long)max);
	}
	return 0;
}

/* the --b2b, --records and --inject rules between options */
static int check_exclusions(const struct rbsim_opts *o, char *err, size_t errlen)
{
	const struct rbsim_cfg *cfg = &o->cfg;

	if (cfg->b2b && cfg->producers > 1)
		snprintf(err, errlen, "--b2b runs one producer driven by the consumer; "
			 "got --producers %u", cfg->producers);
	else if (cfg->b2b && cfg->rate)
		snprintf(err, errlen, "--rate paces producer threads; in --b2b the consumer "
			 "triggers every batch");
	else if (cfg->b2b && o->prod_cpus.nr)
		snprintf(err, errlen, "--prod-affinity: --b2b has no producer thread (the consumer "
			 "thread produces; use --cons-affinity)");
	else if (cfg->records && (given(o, "duration") || given(o, "warmup")))
		snprintf(err, errlen, "--records runs a fixed amount of work; it excludes "
			 "--duration and --warmup");
	else
		return 0;
	return -1;
}

/*
 * --consumer none, the selftests' --rb-bench-producer (bench_ringbufs.c,
 * "selftests/bpf/benchs: Add overwrite mode benchmark for BPF ring buffer",
 * bpf-next, Oct 2025): producers alone, committing with BPF_RB_NO_WAKEUP.
 * Like the selftests' bufs_validate(), what needs a consumer is refused;
 * unlike it, normal mode is accepted too, as there (the ring fills, then
 * every reserve fails: no_space drops).
 */
static int check_no_consumer(const struct rbsim_opts *o, char *err, size_t errlen)
{
	const struct rbsim_cfg *cfg = &o->cfg;
	static const char *const needs_one[] = { "b2b", "poll", "consumer-work", "cons-affinity",
						 "inject" };
	unsigned int i;

	if (cfg->consumer != RBSIM_CONSUMER_NONE)
		return 0;
	for (i = 0; i < sizeof(needs_one) / sizeof(needs_one[0]); i++) {
		if (given(o, needs_one[i])) {
			snprintf(err, errlen, "--%s needs a consumer; --consumer none runs "
				 "producers only", needs_one[i]);
			return -1;
		}
	}
	if (given(o, "wakeup") && cfg->wakeup != RBSIM_WAKEUP_NONE) {
		snprintf(err, errlen, "--wakeup %s: --consumer none has no consumer to wake "
			 "(it submits with BPF_RB_NO_WAKEUP, as the selftests' "
			 "--rb-bench-producer)", o->wakeup_text);
		return -1;
	}
	return 0;
}

/* a trace sets the producers, the sizes and the records: the report's size says "trace" */
static void derive_trace(struct rbsim_opts *o)
{
	struct rbsim_cfg *cfg = &o->cfg;
	const struct rbsim_trace *tr = &o->trace;

	cfg->trace = tr;
	cfg->records = tr->records;
	if (!given(o, "producers"))
		cfg->producers = tr->producers;
	rbsim_size_spec_free(&o->size);
	memset(&o->size, 0, sizeof(o->size));
	o->size.kind = RBSIM_SIZE_FIXED;
	o->size.min = tr->size_min;
	o->size.max = tr->size_max;
	o->size.mean = tr->size_mean;
	snprintf(o->size.text, sizeof(o->size.text), "trace");
}

/* what the options imply for the engine: sizes, stamping, the wake-up threshold */
static void derive(struct rbsim_opts *o)
{
	struct rbsim_cfg *cfg = &o->cfg;

	if (o->trace_path)
		derive_trace(o);
	cfg->burst_every_ns = o->burst_every_us * 1000;
	cfg->stall_ns = o->stall_ms * 1000000;
	cfg->stall_every_ns = o->stall_every_ms * 1000000;
	cfg->size_min = o->size.min;
	cfg->size_max = o->size.max;
	cfg->size_mean = o->size.mean;
	if (o->prod_cpus.nr || o->cons_cpus.nr)
		o->affinity = true;
	if (!given(o, "latency-every") && rbsim_paced(cfg))
		cfg->lat_every = 1;
	if (cfg->consumer == RBSIM_CONSUMER_NONE) {
		/* the selftests' get_flags() under bench_producer (another --wakeup is refused) */
		if (!given(o, "wakeup")) {
			cfg->wakeup = RBSIM_WAKEUP_NONE;
			snprintf(o->wakeup_text, sizeof(o->wakeup_text), "none");
		}
		cfg->latency = false; /* no consumer, no reserve-to-consume latency */
	}
	if (!cfg->verify)
		cfg->latency = false; /* the timestamp lives in the header */
	if (!cfg->latency)
		cfg->lat_every = 0;
	if (cfg->wakeup == RBSIM_WAKEUP_SAMPLED) {
		/* N records' worth of ring footprint: the selftests' sample_rate * 16 */
		__u64 fp = ((__u64)(o->size.mean + 0.5) + 8 + 7) / 8 * 8;

		cfg->wakeup_bytes = cfg->wakeup_n * fp;
	} else if (cfg->wakeup == RBSIM_WAKEUP_BYTES) {
		cfg->wakeup_bytes = cfg->wakeup_n;
	}
}

/* the first of names[] that was given, or NULL */
static const char *given_any(const struct rbsim_opts *o, const char *const *names)
{
	for (; *names; names++)
		if (given(o, *names))
			return *names;
	return NULL;
}

/* how long a run's schedule lasts, for the stalls: 0 when only the run can tell */
static __u64 run_span_ns(const struct rbsim_cfg *cfg)
{
	if (cfg->trace)
		return cfg->trace->end_ns;
	if (cfg->records)
		return 0;
	return (__u64)(cfg->warmup_s + cfg->duration_s) * 1000000000ULL;
}

/* --arrivals, --burst, --trace and the stalls, between themselves and the rest */
static int check_schedule(const struct rbsim_opts *o, char *err, size_t errlen)
{
	static const char *const not_with_trace[] = { "rate", "burst", "arrivals", "size",
						      "records", "duration", "warmup", "discard",
						      "b2b", NULL };
	const struct rbsim_cfg *cfg = &o->cfg;
	const char *clash;
	__u64 span = run_span_ns(cfg);

	if (o->trace_path && (clash = given_any(o, not_with_trace)))
		snprintf(err, errlen, "--trace replays its records as recorded: it sets the "
			 "producers, times, sizes and records, and excludes --%s", clash);
	else if (o->trace_path && cfg->producers < o->trace.producers)
		snprintf(err, errlen, "--producers %u: --trace %s has records of producers 0 "
			 "to %u", cfg->producers, o->trace_path, o->trace.producers - 1);
	else if (cfg->burst && cfg->rate)
		snprintf(err, errlen, "--burst N --burst-every T sets the rate (N/T records/s per "
			 "producer): it excludes --rate");
	else if (!cfg->burst != !o->burst_every_us)
		snprintf(err, errlen, "%s needs %s", cfg->burst ? "--burst" : "--burst-every",
			 cfg->burst ? "--burst-every" : "--burst");
	else if (given(o, "arrivals") && !cfg->rate && !cfg->burst)
		snprintf(err, errlen, "--arrivals %s shapes --rate or --burst; give one of them",
			 cfg->arrivals == RBSIM_ARRIVALS_POISSON ? "poisson" : "const");
	else if (cfg->b2b && (cfg->burst || cfg->stall_ns))
		snprintf(err, errlen, "--b2b: the consumer thread triggers every batch; %s does "
			 "not apply", cfg->burst ? "--burst" : "--stall");
	else if (!o->stall_ms != !o->stall_every_ms)
		snprintf(err, errlen, "%s needs %s", o->stall_ms ? "--stall" : "--stall-every",
			 o->stall_ms ? "--stall-every" : "--stall");
	else if (o->stall_ms && cfg->stall_ns >= cfg->stall_every_ns)
		snprintf(err, errlen, "--stall %llums: as long as its period or longer (--stall-every "
			 "%llums): the consumer would never run", (unsigned long long)o->stall_ms,
			 (unsigned long long)o->stall_every_ms);
	else if (o->stall_ms && span && cfg->stall_every_ns + cfg->stall_ns > span)
		snprintf(err, errlen, "--stall %llums every %llums: longer than the run (%.3f s): "
			 "the first stall would not end in it", (unsigned long long)o->stall_ms,
			 (unsigned long long)o->stall_every_ms, (double)span / 1e9);
	else
		return 0;
	return -1;
}

/*
 * the transport's own options virtual time does not take: all of ringbuf's
 * (--kernel, --overwrite, --nmi-rate: the engine runs the current port), none
 * of perfbuf's (--perf-pages sizes its buffers)
 */
static const char *virtual_refuses(const struct rbsim_opts *o)
{
	unsigned int k;

	if (!o->ops->options || !strcmp(o->ops->name, "perfbuf"))
		return NULL;
	for (k = 0; o->ops->options[k].kind != RBSIM_OPT_END; k++)
		if (o->tseen & (1ULL << k))
			return o->ops->options[k].name;
	return NULL;
}

/* --virtual runs the ports on one thread: what needs real threads does not apply */
static int check_virtual(const struct rbsim_opts *o, char *err, size_t errlen)
{
	static const char *const threads[] = { "affinity", "prod-affinity", "cons-affinity",
					       NULL };
	const char *clash;

	if (!o->cfg.virtual_time) {
		if (!given(o, "vcosts"))
			return 0;
		snprintf(err, errlen, "--vcosts sets the costs of --virtual, which was not given");
	} else if (strcmp(o->ops->name, "ringbuf") && strcmp(o->ops->name, "perfbuf")) {
		snprintf(err, errlen, "--virtual runs the ports: --transport ringbuf or perfbuf, "
			 "not %s", o->ops->name);
	} else if ((clash = given_any(o, threads))) {
		snprintf(err, errlen, "--%s pins threads; --virtual runs on one thread", clash);
	} else if (o->cfg.consumer == RBSIM_CONSUMER_NONE) {
		snprintf(err, errlen, "--consumer none: virtual time models the consumer's "
			 "wake-ups; run producers only in real time");
	} else if ((clash = virtual_refuses(o))) {
		snprintf(err, errlen, "--%s does not apply to virtual time (--virtual, rbsim size), "
			 "which runs the %s port as it is", clash, RBSIM_KERNEL_VERSION);
	} else {
		return 0;
	}
	return -1;
}

/* the checks between options, after all of them are known */
static int check_opts(struct rbsim_opts *o, char *err, size_t errlen)
{
	derive(o);
	if (check_schedule(o, err, errlen) || check_exclusions(o, err, errlen) ||
	    check_caps(o, err, errlen) || check_no_consumer(o, err, errlen) ||
	    check_virtual(o, err, errlen))
		return -1;
	if (o->fault && !o->cfg.verify) {
		snprintf(err, errlen, "--inject tests the verifier, which --no-verify turns off");
		return -1;
	}
	if (o->cfg.verify && o->size.min < RBSIM_REC_MIN) {
		snprintf(err, errlen, "%s%s: records below %d bytes cannot carry a producer "
			 "id and sequence number; add --no-verify", o->trace_path ? "--trace " :
			 "--size ", o->trace_path ? o->trace_path : o->size.text, RBSIM_REC_MIN);
		return -1;
	}
	if (o->ops->validate && o->ops->validate(&o->cfg, err, errlen))
		return -1;
	if (check_fit(o, err, errlen))
		return -1;
	/* last: a file -o creates exists only for a command that runs */
	if (o->output && !o->dump_sizes)
		return rbsim_output_open(o, err, errlen);
	return 0;
}

/* the values of another transport's options, parsed into a scratch copy of its struct */
static int check_values(const struct rbsim_transport_ops *t, struct rbsim_optgroup *g,
			char *err, size_t errlen)
{
	_Alignas(16) unsigned char scratch[RBSIM_TOPTS_MAX];

	if (t->opts_size > sizeof(scratch))
		return 0; /* checked when the table is registered */
	memset(scratch, 0, sizeof(scratch));
	return rbsim_opt_apply_group(g, scratch, err, errlen);
}

/*
 * The transport named by --transport, and its options: those of another
 * transport are refused, its own (recorded by the parser, the transport
 * being unknown then) go into o->topts over its defaults.
 */
static int select_transport(struct rbsim_opts *o, struct rbsim_optgroup *tg,
			    const struct rbsim_transport_ops *const *owner, unsigned int n,
			    char *err, size_t errlen)
{
	struct rbsim_optgroup *mine = NULL;
	unsigned int i, k;

	o->ops = rbsim_transport_find(o->cfg.transport);
	if (!o->ops) {
		const char *names[RBSIM_MAX_TRANSPORTS + 1];
		const struct rbsim_transport_ops *t;
		char list[256];

		for (k = 0, t = rbsim_transport_next(NULL); t; t = rbsim_transport_next(t))
			names[k++] = t->name;
		names[k] = NULL;
		rbsim_words(names, list, sizeof(list));
		snprintf(err, errlen, "--transport %s: expected %s", o->cfg.transport, list);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (owner[i] == o->ops)
			mine = &tg[i];
		/* a bad value is named first, whatever transport the option belongs to */
		else if (tg[i].seen && check_values(owner[i], &tg[i], err, errlen))
			return -1;
		/* several transports may share an option name: the selected one must have it */
		for (k = 0; tg[i].opts[k].kind != RBSIM_OPT_END; k++) {
			const char *name = tg[i].opts[k].name;

			if ((tg[i].seen & (1ULL << k)) &&
			    !(o->ops->options && rbsim_opt_find(o->ops->options, name))) {
				snprintf(err, errlen, "--%s does not apply to --transport %s", name,
					 o->ops->name);
				return -1;
			}
		}
	}
	o->cfg.topts = o->topts.b;
	if (!mine)
		return 0;
	o->tseen = mine->seen;
	if (rbsim_opt_defaults(o->ops->options, o->topts.b, err, errlen))
		return -1;
	return rbsim_opt_apply_group(mine, o->topts.b, err, errlen);
}

/* the report's options and transport_opts (see struct rbsim_opts) */
static void options_text(struct rbsim_opts *o)
{
	const struct rbsim_opt *tr = rbsim_opt_find(run_opts, "transport");
	size_t n = rbsim_opt_format(run_opts, o, o->seen | 1ULL << (tr - run_opts), false,
				    o->options, sizeof(o->options));

	o->transport_opts[0] = '\0';
	if (!o->ops->options)
		return;
	if (o->tseen && n + 1 < sizeof(o->options)) {
		o->options[n++] = ' ';
		rbsim_opt_format(o->ops->options, o->topts.b, o->tseen, false, o->options + n,
				 sizeof(o->options) - n);
	}
	rbsim_opt_format(o->ops->options, o->topts.b, o->tseen, true, o->transport_opts,
			 sizeof(o->transport_opts));
}

/*
 * The run options (and another command's own table, extra, in the group after
 * them): 0, 1 for --help, -1 with the problem in err. Run options in refuse
 * are refused as not applying to cmd.
 */
static int run_parse(const char *cmd, struct rbsim_optgroup *extra, const char *const *refuse,
		     void (*prepare)(struct rbsim_opts *o, void *base), int argc, char **argv,
		     struct rbsim_opts *o, char *err, size_t errlen)
{
	static struct rbsim_optgroup groups[2 + RBSIM_MAX_TRANSPORTS];
	const struct rbsim_transport_ops *owner[RBSIM_MAX_TRANSPORTS];
	const struct rbsim_transport_ops *t;
	struct rbsim_optparse p = { .cmd = cmd, .groups = groups, .ngroups = 1 };
	unsigned int first = 1;
	const char *clash;
	int ret;

	if (set_defaults(o, err, errlen))
		return -1;
	memset(groups, 0, sizeof(groups));
	groups[0] = (struct rbsim_optgroup){ .opts = run_opts, .base = o };
	if (extra) {
		groups[p.ngroups++] = *extra;
		first = 2;
	}
	/* every transport's options, applied once --transport is known */
	for (t = rbsim_transport_next(NULL); t && p.ngroups < first + RBSIM_MAX_TRANSPORTS;
	     t = rbsim_transport_next(t)) {
		if (!t->options)
			continue;
		owner[p.ngroups - first] = t;
		groups[p.ngroups++].opts = t->options;
	}
	ret = rbsim_opt_parse(&p, argc, argv, err, errlen);
	if (extra)
		*extra = groups[1];
	if (ret)
		return ret;
	o->seen = groups[0].seen;
	if (refuse && (clash = given_any(o, refuse))) {
		snprintf(err, errlen, "--%s does not apply to rbsim %s", clash, cmd);
		return -1;
	}
	if (prepare)
		prepare(o, extra->base);
	if (select_transport(o, groups + first, owner, p.ngroups - first, err, errlen))
		return -1;
	options_text(o);
	return check_opts(o, err, errlen);
}

int rbsim_run_parse(int argc, char **argv, struct rbsim_opts *o, char *err, size_t errlen)
{
	int ret = run_parse("run", NULL, NULL, NULL, argc, argv, o, err, errlen);

	if (ret > 0)
		rbsim_run_usage(stdout);
	return ret;
}

int rbsim_run_parse_for(const char *cmd, struct rbsim_optgroup *group,
			const char *const *refuse,
			void (*prepare)(struct rbsim_opts *o, void *base), int argc, char **argv,
			struct rbsim_opts *o, char *err, size_t errlen)
{
	return run_parse(cmd, group, refuse, prepare, argc, argv, o, err, errlen);
}

void rbsim_opts_free(struct rbsim_opts *o)
{
	rbsim_size_spec_free(&o->size);
	rbsim_trace_free(&o->trace);
}

static void dump_sizes(const struct rbsim_opts *o)
{
	__u32 *sizes = calloc(o->dump_sizes, sizeof(*sizes));
	struct rbsim_rng rng;
	unsigned int p;
	__u64 i;

	if (!sizes)
		return;
	for (p = 0; p < o->cfg.producers; p++) {
		rbsim_rng_seed(&rng, o->cfg.seed, p);
		rbsim_gen_sizes(&o->size, o->cfg.discard_pct, &rng, sizes, (__u32)o->dump_sizes);
		printf("producer %u:", p);
		for (i = 0; i < o->dump_sizes; i++)
			printf(" %u%s", RBSIM_BATCH_SIZE(sizes[i]),
			       sizes[i] & RBSIM_BATCH_DISCARD ? "d" : "");
		printf("\n");
	}
	free(sizes);
}

/* the summary (and the -o row); the exit status of a run that ended */
static int report(struct rbsim_opts *o, const struct rbsim_result *r)
{
	/* the shells' status of a command ended by a signal */
	int ret = r->interrupted ? 128 + r->interrupted :
		  r->integrity.ok ? RBSIM_EXIT_OK : RBSIM_EXIT_FAIL;
	char err[512];

	if (o->output) {
		/* the summary is printed whether or not the file takes the row */
		rbsim_report_text(stdout, o, r);
		fflush(stdout);
		if (rbsim_report_append(o, r, err, sizeof(err))) {
			fprintf(stderr, "rbsim run: %s\n", err);
			ret = RBSIM_EXIT_FAIL;
			rbsim_output_close(o, false);
		} else {
			rbsim_output_close(o, true);
		}
	} else if (o->format == RBSIM_FMT_TEXT) {
		rbsim_report_text(stdout, o, r);
	} else {
		char *s = rbsim_report_format(o, r, o->format, true);

		if (s)
			fputs(s, stdout);
		free(s);
	}
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "rbsim run: writing the summary to stdout: %s\n", strerror(errno));
		ret = RBSIM_EXIT_FAIL;
	}
	return ret;
}

static int cmd_run(int argc, char **argv)
{
	static struct rbsim_opts o;
	struct rbsim_result r;
	char err[512];
	int ret;

	ret = rbsim_run_parse(argc, argv, &o, err, sizeof(err));
	if (ret > 0)
		return RBSIM_EXIT_OK;
	if (ret < 0) {
		rbsim_opts_free(&o);
		return rbsim_usage_error("run", "%s", err);
	}
	if (o.dump_sizes) {
		dump_sizes(&o);
		rbsim_opts_free(&o);
		return RBSIM_EXIT_OK;
	}
	if (o.verbose)
		fprintf(stderr, "rbsim run: options: %s\nrbsim run: transport options: %s\n",
			o.options, o.transport_opts[0] ? o.transport_opts : "none");
	if (o.warning[0])
		fprintf(stderr, "rbsim run: warning: %s\n", o.warning);

	/* past RLIMIT_FSIZE (the ring's memfd, the -o file) a call fails (EFBIG), nothing dies */
	signal(SIGXFSZ, SIG_IGN);
	if (o.cfg.virtual_time) {
		struct rbsim_vtime_opts vo = { .fault = o.fault, .fault_at = o.fault_at };

		ret = rbsim_vtime_run(&o.cfg, &o.size, &vo, &r, NULL, err, sizeof(err));
	} else {
		rbsim_engine_catch_signals();
		ret = rbsim_engine_run(&o, &r, err, sizeof(err));
	}
	if (ret) {
		rbsim_result_free(&r);
		rbsim_output_close(&o, false);
		rbsim_opts_free(&o);
		/* the one rule of every command: 77 skipped, 1 with RBSIM_REQUIRE_KERNEL=1 */
		if (r.unavailable)
			return kcheck_unavailable("rbsim run", err);
		fprintf(stderr, "rbsim run: %s\n", err);
		return ret == -EINVAL || ret == -E2BIG ? RBSIM_EXIT_USAGE : RBSIM_EXIT_FAIL;
	}
	ret = report(&o, &r);
	rbsim_result_free(&r);
	rbsim_opts_free(&o);
	return ret;
}

RBSIM_COMMAND(run, "run", "drive a transport with producers and a consumer; report "
	      "throughput, latency, integrity", cmd_run);
