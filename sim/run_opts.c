// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim run's generic options: their table (which makes --help, the man
 * page's list and the rows' options column), the parsers of the values that
 * are more than a number (--size, --wakeup, --inject, --trace, --vcosts) and
 * the usage text. Moved out of cmd_run.c; the checks between options are in
 * run_parse.c, the command in cmd_run.c.
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

/*
 * --vcosts produce=NS,notify=NS,wake=NS,poll=NS,record=NS,refuse=NS (any of
 * them, durations), idle=SLEPT:NS/... (up to RBSIM_VIDLE_MAX points, SLEPT
 * rising) or idle=none, spread=drawn|none, and haltpoll=MAX/SLEPT:N/...
 * (up to RBSIM_VIDLE_MAX, SLEPT rising beyond MAX) or haltpoll=none, and
 * hoststop=QUOTA/PERIOD[/BURST] or hoststop=none
 */
static const char *const vcost_names[] = { "produce", "notify", "wake", "poll", "record",
					   "refuse", "idle", "spread", "haltpoll", "hoststop" };
#define NR_VCOSTS (sizeof(vcost_names) / sizeof(vcost_names[0]))
#define VCOST_IDLE 6
#define VCOST_SPREAD 7
#define VCOST_HALTPOLL 8
#define VCOST_HOSTSTOP 9
_Static_assert(1u << VCOST_IDLE == RBSIM_VCOST_IDLE, "idle's bit in rbsim_vcosts.named");
_Static_assert(1u << VCOST_SPREAD == RBSIM_VCOST_SPREAD, "spread's bit in rbsim_vcosts.named");
_Static_assert(1u << VCOST_HALTPOLL == RBSIM_VCOST_HALTPOLL,
	       "haltpoll's bit in rbsim_vcosts.named");
_Static_assert(1u << VCOST_HOSTSTOP == RBSIM_VCOST_HOSTSTOP,
	       "hoststop's bit in rbsim_vcosts.named");

static __u64 *vcost_field(struct rbsim_vcosts *c, unsigned int i)
{
	__u64 *f[VCOST_IDLE] = { &c->produce_ns, &c->notify_ns, &c->wake_ns, &c->poll_ns,
				 &c->record_ns, &c->refuse_ns };

	return f[i];
}

/*
 * the next part of a list joined by '/' (idle=, haltpoll=) into part, *arg
 * moved past it and its '/': 0, or -1 with "ITEM: a NOUN longer than N
 * characters" in why
 */
static int list_part(const char **arg, char *part, size_t size, const char *noun,
		     const char *item, char *why, size_t len)
{
	size_t k = strcspn(*arg, "/");

	if (k >= size) {
		snprintf(why, len, "%s: a %s longer than %zu characters", item, noun, size - 1);
		return -1;
	}
	snprintf(part, size, "%.*s", (int)k, *arg);
	*arg += k + ((*arg)[k] == '/');
	return 0;
}

/* idle=SLEPT:NS/SLEPT:NS/... or idle=none into c */
static int vidle_parse(struct rbsim_vcosts *c, const char *item, const char *arg, char *why,
		       size_t len)
{
	char point[64], problem[80];
	unsigned int n = 0;
	__u64 slept, wake;

	if (!strcmp(arg, "none")) {
		c->nidle = 0;
		return 0;
	}
	while (*arg) {
		char *colon;

		if (list_part(&arg, point, sizeof(point), "point", item, why, len))
			return -1;
		colon = strchr(point, ':');
		if (!colon) {
			snprintf(why, len, "%s: '%s': expected SLEPT:NS, points joined by '/'",
				 item, point);
			return -1;
		}
		*colon = '\0';
		if (n == RBSIM_VIDLE_MAX) {
			snprintf(why, len, "%s: more than %d points", item, RBSIM_VIDLE_MAX);
			return -1;
		}
		if (rbsim_duration_parse(point, 1, 1, 1000000000000ULL, &slept, problem,
					 sizeof(problem)) ||
		    rbsim_duration_parse(colon + 1, 1, 0, 1000000000000ULL, &wake, problem,
					 sizeof(problem))) {
			snprintf(why, len, "%s: %s", item, problem);
			return -1;
		}
		if (n && slept <= c->slept_ns[n - 1]) {
			snprintf(why, len, "%s: the times slept must rise (%s after %llu ns)", item,
				 point, (unsigned long long)c->slept_ns[n - 1]);
			return -1;
		}
		c->slept_ns[n] = slept;
		c->idle_wake_ns[n++] = wake;
	}
	if (!n) {
		snprintf(why, len, "%s: expected SLEPT:NS/... or none", item);
		return -1;
	}
	c->nidle = n;
	return 0;
}

/* haltpoll=MAX/SLEPT:N/... or haltpoll=none into c */
static int vhaltpoll_parse(struct rbsim_vcosts *c, const char *item, const char *arg,
			   char *why, size_t len)
{
	char part[64], problem[80];
	unsigned int n = 0;
	__u64 slept, halts;

	if (!strcmp(arg, "none")) {
		c->haltpoll_ns = 0;
		c->nhalts = 0;
		return 0;
	}
	if (list_part(&arg, part, sizeof(part), "part", item, why, len))
		return -1;
	if (!part[0] || rbsim_duration_parse(part, 1, 1, 1000000000000ULL, &c->haltpoll_ns,
					     problem, sizeof(problem))) {
		snprintf(why, len, "%s: %s", item, part[0] ? problem :
			 "expected MAX/SLEPT:N/... (MAX the longest polled sleep) or none");
		return -1;
	}
	while (*arg) {
		char *colon, *end;

		if (list_part(&arg, part, sizeof(part), "part", item, why, len))
			return -1;
		colon = strchr(part, ':');
		if (!colon) {
			snprintf(why, len, "%s: '%s': expected SLEPT:N, the halts a sleep that long "
				 "counts", item, part);
			return -1;
		}
		*colon = '\0';
		if (n == RBSIM_VIDLE_MAX) {
			snprintf(why, len, "%s: more than %d SLEPT:N", item, RBSIM_VIDLE_MAX);
			return -1;
		}
		if (rbsim_duration_parse(part, 1, 1, 1000000000000ULL, &slept, problem,
					 sizeof(problem))) {
			snprintf(why, len, "%s: %s", item, problem);
			return -1;
		}
		errno = 0;
		halts = strtoull(colon + 1, &end, 10);
		if (colon[1] < '0' || colon[1] > '9' || *end || errno ||
		    halts > RBSIM_HALTPOLL_MAX_HALTS) {
			snprintf(why, len, "%s: '%s': the halts must be a whole number from 0 to %d",
				 item, colon + 1, RBSIM_HALTPOLL_MAX_HALTS);
			return -1;
		}
		if (slept <= (n ? c->halts_slept_ns[n - 1] : c->haltpoll_ns)) {
			snprintf(why, len, "%s: the times slept must rise beyond MAX (%s after %llu ns)",
				 item, part, (unsigned long long)(n ? c->halts_slept_ns[n - 1] :
								 c->haltpoll_ns));
			return -1;
		}
		c->halts_slept_ns[n] = slept;
		c->halts[n++] = (unsigned int)halts;
	}
	c->nhalts = n;
	return 0;
}

/* hoststop=QUOTA/PERIOD[/BURST] or hoststop=none into c */
static int vhoststop_parse(struct rbsim_vcosts *c, const char *item, const char *arg,
			   char *why, size_t len)
{
	static const char *const what[] = { "QUOTA", "PERIOD", "BURST" };
	/* a period of 1 ms to an hour, what the CPUs use in it up to 64 CPUs' worth */
	static const __u64 lo[] = { 1, 1000000ULL, 0 },
			   hi[] = { 64 * 3600000000000ULL, 3600000000000ULL, 64 * 3600000000000ULL };
	char part[64], problem[80];
	__u64 v[3] = { 0, 0, 0 };
	unsigned int n;

	if (!strcmp(arg, "none")) {
		c->hoststop_quota_ns = c->hoststop_period_ns = c->hoststop_burst_ns = 0;
		return 0;
	}
	for (n = 0; *arg; n++) {
		if (n == 3) {
			snprintf(why, len, "%s: expected QUOTA/PERIOD/BURST, at most three parts",
				 item);
			return -1;
		}
		if (list_part(&arg, part, sizeof(part), "part", item, why, len))
			return -1;
		if (!part[0] || rbsim_duration_parse(part, 1, lo[n], hi[n], &v[n], problem,
						     sizeof(problem))) {
			snprintf(why, len, "%s: %s%s%s", item, part[0] ? what[n] : "",
				 part[0] ? ": " : "", part[0] ? problem :
				 "expected QUOTA/PERIOD[/BURST] (the CPU time the host allows a "
				 "PERIOD, what it carries at most) or none");
			return -1;
		}
	}
	if (n < 2) {
		snprintf(why, len, "%s: expected QUOTA/PERIOD[/BURST] (the CPU time the host allows "
			 "a PERIOD, what it carries at most) or none", item);
		return -1;
	}
	c->hoststop_quota_ns = v[0];
	c->hoststop_period_ns = v[1];
	c->hoststop_burst_ns = v[2];
	return 0;
}

static int vcosts_parse(const struct rbsim_opt *opt, const char *arg, void *base, char *why,
			size_t len)
{
	struct rbsim_vcosts *c = &((struct rbsim_opts *)base)->cfg.vcosts;
	char item[256], problem[80];
	const char *p = arg;
	unsigned int i, named = 0;

	(void)opt;
	while (*p) {
		size_t n = strcspn(p, ",");
		char *eq;

		if (n >= sizeof(item)) {
			snprintf(why, len, "'%.20s...': an item longer than %zu characters", p,
				 sizeof(item) - 1);
			return -1;
		}
		snprintf(item, sizeof(item), "%.*s", (int)n, p);
		eq = strchr(item, '=');
		for (i = 0; eq && i < NR_VCOSTS; i++)
			if (strlen(vcost_names[i]) == (size_t)(eq - item) &&
			    !strncmp(item, vcost_names[i], (size_t)(eq - item)))
				break;
		if (!eq || i == NR_VCOSTS) {
			snprintf(why, len, "'%s': expected NAME=NS with NAME one of produce, notify, "
				 "wake, poll, record, refuse, or idle=SLEPT:NS/..., spread=drawn|none, "
				 "haltpoll=MAX/SLEPT:N/..., hoststop=QUOTA/PERIOD/BURST", item);
			return -1;
		}
		if (i == VCOST_IDLE) {
			if (vidle_parse(c, item, eq + 1, why, len))
				return -1;
		} else if (i == VCOST_HALTPOLL) {
			if (vhaltpoll_parse(c, item, eq + 1, why, len))
				return -1;
		} else if (i == VCOST_HOSTSTOP) {
			if (vhoststop_parse(c, item, eq + 1, why, len))
				return -1;
		} else if (i == VCOST_SPREAD) {
			if (strcmp(eq + 1, "drawn") && strcmp(eq + 1, "none")) {
				snprintf(why, len, "%s: expected spread=drawn or spread=none", item);
				return -1;
			}
			c->drawn = !strcmp(eq + 1, "drawn");
		} else if (rbsim_duration_parse(eq + 1, 1, 0, 1000000000000ULL,
						vcost_field(c, i), problem, sizeof(problem))) {
			snprintf(why, len, "%s: %s", item, problem);
			return -1;
		}
		named |= 1u << i;
		p += n + (p[n] == ',');
	}
	/* what this --vcosts set, over --profile's costs (the defaults' parse sets all) */
	c->named = named;
	return 0;
}

static void vcosts_format(const struct rbsim_opt *opt, const void *base, char *buf, size_t len)
{
	(void)opt;
	rbsim_vcosts_text(&((const struct rbsim_opts *)base)->cfg.vcosts, buf, len);
}

static const char *const arrivals_names[] = { "const", "poisson", NULL };
static const char *const consumer_names[] = { "libbpf", "batch", "none", NULL };
static const char *const poll_names[] = { "epoll", "busy", NULL };
static const char *const vplace_names[] = { "apart", "shared", NULL };
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
	  .def = RBSIM_VCOSTS_DEFAULT, .def_help = "50, 1000, 20000, 2000, 20 and 50 ns",
	  .parse = vcosts_parse, .format = vcosts_format,
	  .help = "--virtual's costs in ns, NAME=NS,...: produce (a record), notify (a "
		  "producer's notification), wake (to a sleeping consumer), poll (a consumer "
		  "round), record (consumed, before --consumer-work), refuse (a reservation "
		  "the full ring refused); idle=SLEPT:NS/... the wake-up after a sleep that "
		  "long (none: wake whatever the sleep); spread=drawn each wake-up drawn from "
		  "--profile's samples about those (none: as they are); haltpoll=MAX/SLEPT:N/... "
		  "the host polls the consumer's idle CPU, adaptively, for sleeps up to MAX, a "
		  "sleep of SLEPT counting N halts (none: no polling); hoststop=QUOTA/PERIOD/BURST "
		  "the host stops a CPU for a PERIOD when the CPUs used more than QUOTA a PERIOD, "
		  "BURST of unused QUOTA carried (none: never)" },
	{ .kind = RBSIM_OPT_CHOICE, .name = "vplace", .metavar = "WHERE", .def = "apart",
	  .choices = vplace_names,
	  .help = "--virtual's consumer: apart, on a CPU of its own; or shared, on the first "
		  "producer's CPU, running only while that producer is not busy (a scheduler "
		  "that wakes it on its waker's CPU, as one that sees no shared cache does)",
	  DST(cfg.vplace) },
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

