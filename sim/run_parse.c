// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim run's options parsed and checked: the generic ones (run_opts.c) and
 * the transport's, the checks between them (exclusions, capabilities, the
 * workload's fit, the schedule, virtual time), what they imply for the
 * engine (derive) and the rows' options text. Shared by run and size
 * (rbsim_run_parse_for). Moved out of cmd_run.c.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ringbuf/ringbuf.h"
#include "sim/rbsim.h"
#include "sim/engine.h"
#include "sim/inject.h"
#include "sim/kernel_check.h"
#include "sim/vtime.h"

/* was the run option of that name given? */
static bool given(const struct rbsim_opts *o, const char *name)
{
	const struct rbsim_opt *opt = rbsim_opt_find(rbsim_run_options(), name);

	return opt && (o->seen & (1ULL << (opt - rbsim_run_options())));
}

static int set_defaults(struct rbsim_opts *o, char *err, size_t errlen)
{
	memset(o, 0, sizeof(*o));
	o->out_fd = -1;
	o->cfg.verify = true;
	o->cfg.latency = true;
	return rbsim_opt_defaults(rbsim_run_options(), o, err, errlen);
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
 * but --profile and --profile-trigger, its costs (--kernel, --overwrite,
 * --nmi-rate: the engine runs the current port), none of perfbuf's
 * (--perf-pages sizes its buffers)
 */
static const char *virtual_refuses(const struct rbsim_opts *o)
{
	unsigned int k;

	if (!o->ops->options || !strcmp(o->ops->name, "perfbuf"))
		return NULL;
	for (k = 0; o->ops->options[k].kind != RBSIM_OPT_END; k++)
		if ((o->tseen & (1ULL << k)) && strncmp(o->ops->options[k].name, "profile", 7))
			return o->ops->options[k].name;
	return NULL;
}

/* --virtual --profile FILE: the engine's costs are the kernel's of the profile */
static void virtual_profile(struct rbsim_opts *o)
{
	const struct rbsim_opt *po = o->ops->options ? rbsim_opt_find(o->ops->options, "profile") :
				     NULL;
	const struct rbsim_inject_opts *io;
	unsigned int gap_batch;

	if (!o->cfg.virtual_time || !po)
		return;
	io = (const void *)((const char *)o->cfg.topts + po->off);
	if (!io->path)
		return;
	/*
	 * batch_gap's share where a consumer drains beside the producers on a
	 * CPU of its own, as the port's (virtual time always has a consumer;
	 * --b2b's produces on its thread)
	 */
	gap_batch = o->cfg.b2b || o->cfg.vplace == RBSIM_VPLACE_SHARED ? 0 : o->cfg.batch;
	rbsim_inject_vcosts(io, o->cfg.size_mean, o->cfg.batch, gap_batch,
			    given(o, "vcosts") ? o->cfg.vcosts.named : 0, &o->cfg.vcosts);
	o->cfg.vprofile = io->path;
}

/* --virtual runs the ports on one thread: what needs real threads does not apply */
static int check_virtual(const struct rbsim_opts *o, char *err, size_t errlen)
{
	static const char *const threads[] = { "affinity", "prod-affinity", "cons-affinity",
					       NULL };
	const char *clash;

	if (!o->cfg.virtual_time) {
		if (given(o, "vcosts"))
			snprintf(err, errlen, "--vcosts sets the costs of --virtual, which was not "
				 "given");
		else if (given(o, "vplace"))
			snprintf(err, errlen, "--vplace places the consumer of --virtual, which was "
				 "not given");
		else
			return 0;
	} else if (o->cfg.vplace == RBSIM_VPLACE_SHARED && o->cfg.b2b) {
		snprintf(err, errlen, "--vplace shared: --b2b produces on the consumer's thread "
			 "already");
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
	virtual_profile(o);
	if (o->cfg.virtual_time && o->cfg.vcosts.drawn && !o->cfg.vcosts.ndraw[0]) {
		snprintf(err, errlen, "--vcosts spread=drawn draws each wake-up from --profile's "
			 "samples: give --profile, a profile of rbsim calibrate");
		return -1;
	}
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
	const struct rbsim_opt *tr = rbsim_opt_find(rbsim_run_options(), "transport");
	__u64 seen = o->seen | 1ULL << (tr - rbsim_run_options());
	size_t n = rbsim_opt_format(rbsim_run_options(), o, seen, false, o->options,
				    sizeof(o->options));

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
	groups[0] = (struct rbsim_optgroup){ .opts = rbsim_run_options(), .base = o };
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

