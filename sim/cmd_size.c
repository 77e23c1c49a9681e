// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim size: the smallest power-of-two ring that meets a drop target (and
 * optionally a p99 latency target) for a workload, found by running the
 * workload in virtual time (sim/vtime.h) at each size tried, over several
 * seeds. The workload options are run's (rbsim_run_parse_for()); this file
 * has size's own table, the checks of the target and the search; the
 * reports and the plot are in sim/size_report.c. The model: sim/vtime.md.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <limits.h>

#include "ringbuf/kernel_compat.h"
#include "sim/hist.h"
#include "sim/plot.h"
#include "sim/rbsim.h"
#include "sim/size.h"
#include "sim/vtime.h"

/* a fraction in [0, max_excl): 1e-4, 0.001, 0 */
static int frac_parse(const char *arg, double max_excl, double *v, char *why, size_t len)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(arg, &end);
	if (end == arg || *end || errno || !(d >= 0 && d < max_excl)) {
		snprintf(why, len, "'%s': expected a fraction from 0 to below %g (e.g. 1e-4)", arg,
			 max_excl);
		return -1;
	}
	*v = d;
	return 0;
}

static int max_drop_parse(const struct rbsim_opt *opt, const char *arg, void *base, char *why,
			  size_t len)
{
	(void)opt;
	return frac_parse(arg, 1, &((struct sz_opts *)base)->max_drop, why, len);
}

static void max_drop_format(const struct rbsim_opt *opt, const void *base, char *buf,
			    size_t len)
{
	(void)opt;
	snprintf(buf, len, "%g", ((const struct sz_opts *)base)->max_drop);
}

static int confidence_parse(const struct rbsim_opt *opt, const char *arg, void *base,
			    char *why, size_t len)
{
	struct sz_opts *so = base;

	(void)opt;
	if (frac_parse(arg, 1, &so->confidence, why, len))
		return -1;
	if (so->confidence < 0.5) {
		snprintf(why, len, "'%s': expected a confidence from 0.5 to below 1 (e.g. 0.95)",
			 arg);
		return -1;
	}
	return 0;
}

static void confidence_format(const struct rbsim_opt *opt, const void *base, char *buf,
			      size_t len)
{
	(void)opt;
	snprintf(buf, len, "%g", ((const struct sz_opts *)base)->confidence);
}

#define DST(field) RBSIM_OPT_DST(struct sz_opts, field)
static const struct rbsim_opt size_opts[] = {
	RBSIM_OPT_SECTION("target"),
	{ .kind = RBSIM_OPT_CUSTOM, .name = "max-drop", .metavar = "FRAC", .def = "1e-4",
	  .parse = max_drop_parse, .format = max_drop_format,
	  .help = "the drop fraction allowed (drops / attempts), by the upper end of its "
		  "confidence interval over the seeds" },
	{ .kind = RBSIM_OPT_DURATION, .name = "max-p99", .metavar = "US", .unit_ns = 1000,
	  .min = 1, .max = 1ULL << 30, .def_help = "none",
	  .help = "the p99 latency allowed, production to consumption, the worst seed's; a "
		  "bare number is in us", DST(max_p99_us) },
	{ .kind = RBSIM_OPT_CUSTOM, .name = "confidence", .metavar = "P", .def = "0.95",
	  .parse = confidence_parse, .format = confidence_format,
	  .help = "of the drop fraction's interval (Student's t over the seeds)" },
	{ .kind = RBSIM_OPT_UINT, .name = "seeds", .metavar = "N", .min = 2, .max = 1000,
	  .def = "5", .help = "runs per size, with seeds --seed to --seed + N - 1",
	  DST(seeds) },
	RBSIM_OPT_SECTION("search"),
	{ .kind = RBSIM_OPT_UINT, .name = "min-ring", .metavar = "BYTES", .min = PAGE_SIZE,
	  .max = 1ULL << 32, .flags = RBSIM_OPTF_POW2, .def = "4K",
	  .help = "the smallest ring tried (per CPU for the perf buffer)", DST(min_ring) },
	{ .kind = RBSIM_OPT_UINT, .name = "max-ring", .metavar = "BYTES", .min = PAGE_SIZE,
	  .max = 1ULL << 32, .flags = RBSIM_OPTF_POW2, .def = "256M",
	  .help = "the largest ring tried", DST(max_ring) },
	{ .kind = RBSIM_OPT_STRING, .name = "plot", .metavar = "FILE.png",
	  .flags = RBSIM_OPTF_NOREPORT | RBSIM_OPTF_NONEMPTY, .def_help = "none",
	  .help = "draw the drop fraction and the p99 latency against ring size with "
		  "gnuplot, from --min-ring to twice the advised size", DST(plot) },
	{ 0 }
};
#undef DST

/* what size decides: its own ring sizes, virtual time; the output is its own */
static const char *const size_refuses[] = { "ring-size", "virtual", "output", "label",
					    "inject", "dump-sizes", "affinity", "prod-affinity",
					    "cons-affinity", NULL };

static void size_usage(FILE *f)
{
	fprintf(f,
		"usage: rbsim size [--max-drop FRAC] [--max-p99 US] [options of rbsim run]\n\n"
		"Find the smallest power-of-two ring (BPF ring buffer, or perf buffer pages per\n"
		"CPU with --transport perfbuf) that meets a drop target, and a p99 latency\n"
		"target if given, for the workload that rbsim run's options describe, run in\n"
		"virtual time (its costs from --vcosts; model in sim/vtime.md) with --seeds\n"
		"seeds at each size tried. Reports the advised size with its drop fraction and\n"
		"confidence interval, the time a full stall takes to overflow it, its memory,\n"
		"and the next smaller size's figures. --format csv or json for scripts.\n");
	rbsim_opt_usage(f, size_opts);
	fprintf(f, "\nThe workload: every option of rbsim run (rbsim run --help) but --ring-size,\n"
		"--virtual (implied), --output, --label, --inject, --dump-sizes and the\n"
		"affinities. Progress goes to stderr (-q: none).\n"
		"\nExit status: 0 a size meets the target, 1 none up to --max-ring does (the\n"
		"sizes tried are reported) or a run failed, 2 bad input.\n");
}

/* run's checks see the largest ring searched: a record that fits none is bad input */
static void size_prepare(struct rbsim_opts *o, void *base)
{
	const struct sz_opts *so = base;

	o->cfg.virtual_time = true;
	o->cfg.ring_size = so->max_ring;
}

/* the consumer's time a record (none: it is never the limit) */
static double consumer_ns(const struct rbsim_cfg *cfg)
{
	return (double)cfg->vcosts.record_ns + (double)cfg->consumer_work_ns;
}

/* records/s offered by all producers together, over the run (0: unknown) */
static double offered_rate(const struct rbsim_cfg *cfg)
{
	if (cfg->trace)
		return cfg->trace->end_ns ? (double)cfg->trace->records * 1e9 /
					    (double)cfg->trace->end_ns : 0;
	if (rbsim_paced(cfg))
		return rbsim_sched_rate(cfg) * cfg->producers;
	return cfg->vcosts.produce_ns ? 1e9 / (double)cfg->vcosts.produce_ns * cfg->producers : 0;
}

/*
 * A target no ring can meet, from the rates alone: a consumer that takes c
 * ns a record and is stalled a share s of the time keeps up with (1 - s) /
 * c records/s; what the producers offer beyond that piles up, and what the
 * largest ring searched cannot hold of it is dropped whatever the ring
 */
static int check_target(const struct rbsim_opts *o, const struct sz_opts *so, char *err,
			size_t errlen)
{
	const struct rbsim_cfg *cfg = &o->cfg;
	double c = consumer_ns(cfg), offered = offered_rate(cfg), span_s, cap, excess, fits;
	double floor_frac, fp = (double)round_up((__u64)cfg->size_min + BPF_RINGBUF_HDR_SZ, 8);

	if (cfg->b2b || c <= 0 || offered <= 0)
		return 0;
	cap = 1e9 / c;
	if (cfg->stall_ns)
		cap *= 1.0 - (double)cfg->stall_ns / (double)cfg->stall_every_ns;
	if (offered <= cap)
		return 0;
	span_s = cfg->trace ? (double)cfg->trace->end_ns / 1e9 :
		 cfg->records ? (double)cfg->records / offered :
		 (double)(cfg->warmup_s + cfg->duration_s);
	excess = (offered - cap) * span_s;
	fits = (double)so->max_ring / fp * (so->perf ? cfg->producers : 1);
	floor_frac = (excess - fits) / (offered * span_s);
	if (floor_frac <= so->max_drop)
		return 0;
	snprintf(err, errlen, "--max-drop %g: impossible: the consumer takes %.0f ns a record "
		 "(--vcosts record + --consumer-work)%s, %.0f records/s at most, the producers "
		 "offer %.0f: about %.3g of them drop at every ring up to --max-ring",
		 so->max_drop, c, cfg->stall_ns ? " and stalls" : "", cap, offered, floor_frac);
	return -1;
}

/* the checks of size's own options, after run's */
static int size_check(struct rbsim_opts *o, struct sz_opts *so, const struct rbsim_optgroup *g,
		      char *err, size_t errlen)
{
	const struct rbsim_opt *pp = o->ops->options ? rbsim_opt_find(o->ops->options,
								      "perf-pages") : NULL;

	so->perf = !strcmp(o->ops->name, "perfbuf");
	if (!so->perf && strcmp(o->ops->name, "ringbuf")) {
		snprintf(err, errlen, "--transport %s: rbsim size sizes ringbuf or perfbuf",
			 o->ops->name);
		return -1;
	}
	if (pp && (o->tseen & (1ULL << (pp - o->ops->options)))) {
		snprintf(err, errlen, "--perf-pages does not apply to rbsim size: it searches the "
			 "pages per CPU (--min-ring, --max-ring)");
		return -1;
	}
	if (so->min_ring > so->max_ring) {
		snprintf(err, errlen, "--min-ring %llu: above --max-ring %llu",
			 (unsigned long long)so->min_ring, (unsigned long long)so->max_ring);
		return -1;
	}
	if (so->max_p99_us && !o->cfg.latency) {
		snprintf(err, errlen, "--max-p99 needs the latency stamps that --no-latency turns "
			 "off");
		return -1;
	}
	if (so->plot && rbsim_opt_given(g, "plot") &&
	    (strlen(so->plot) < 5 || strcmp(so->plot + strlen(so->plot) - 4, ".png"))) {
		snprintf(err, errlen, "--plot %s: the file name must end in .png", so->plot);
		return -1;
	}
	return check_target(o, so, err, errlen);
}

/* ---- the confidence interval ---- */

/* the standard normal quantile of p, by bisection on erfc() */
static double z_quantile(double p)
{
	double lo = -12, hi = 12;
	int i;

	for (i = 0; i < 200; i++) {
		double mid = (lo + hi) / 2;

		if (0.5 * erfc(-mid / M_SQRT2) < p)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

/*
 * Student's t quantile of p with nu degrees of freedom, from the normal one
 * (the Cornish-Fisher expansion, Abramowitz and Stegun 26.7.5): within 0.5%
 * of the table from nu = 2 at p = 0.975, closer as nu grows
 */
static double t_quantile(double p, double nu)
{
	double z = z_quantile(p), z2 = z * z;
	double g1 = (z2 + 1) * z / 4;
	double g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
	double g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
	double g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;

	return z + g1 / nu + g2 / (nu * nu) + g3 / (nu * nu * nu) + g4 / (nu * nu * nu * nu);
}

/* ---- one ring size ---- */

static void memory(const struct sz_opts *so, struct sz_point *pt)
{
	__u64 data = pt->ring / PAGE_SIZE;

	if (so->perf) {
		/* each CPU: the user page and the data pages, mapped once */
		pt->phys = pt->virt = (data + 1) * PAGE_SIZE;
		return;
	}
	/*
	 * kernel/bpf/ringbuf.c (6.18): the struct's own page, the consumer and
	 * producer pages, the data pages; user space maps the two position pages
	 * and the data twice in a row (a record across the end reads as one)
	 */
	pt->phys = (3 + data) * PAGE_SIZE;
	pt->virt = (2 + 2 * data) * PAGE_SIZE;
}

/*
 * the workload at ring size ring, over the seeds (nostops: without the
 * host's stops of --vcosts hoststop=): 0, or -1 with the problem in err
 */
static int measure(const struct rbsim_opts *o, const struct sz_opts *so, __u64 ring,
		   int vplace, bool nostops, struct sz_point *pt, char *err, size_t errlen)
{
	struct rbsim_vtime_opts fill = { .fill_only = true };
	struct rbsim_cfg cfg = o->cfg;
	double sum = 0, sq = 0, *f;
	unsigned int s;

	memset(pt, 0, sizeof(*pt));
	pt->ring = ring;
	pt->seeds = (unsigned int)so->seeds;
	cfg.ring_size = ring;
	cfg.vplace = vplace;
	if (nostops)
		cfg.vcosts.hoststop_period_ns = 0;
	f = calloc(so->seeds, sizeof(*f));
	if (!f) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (s = 0; s < so->seeds; s++) {
		struct rbsim_vtime_extra x;
		struct rbsim_result r;
		__u64 drops = 0, p99;
		int d;

		cfg.seed = o->cfg.seed + s;
		if (rbsim_vtime_run(&cfg, &o->size, NULL, &r, &x, err, errlen)) {
			rbsim_result_free(&r);
			free(f);
			return -1;
		}
		for (d = 0; d < RBSIM_DROP_NR; d++)
			drops += r.drops[d];
		f[s] = r.attempted ? (double)drops / (double)r.attempted : 0;
		sum += f[s];
		p99 = r.hist ? hist_quantile(r.hist, 0.99) : 0;
		if (p99 > pt->p99_ns)
			pt->p99_ns = p99;
		if (!s)
			pt->mem_usage = x.mem_usage;
		if (x.peak_bytes > pt->peak_bytes)
			pt->peak_bytes = x.peak_bytes;
		pt->records += x.records;
		pt->wall_s += x.wall_s;
		pt->host_stops += rbsim_tstats_extra(&r.tstats, "host_stops") / (double)so->seeds;
		pt->host_stops_cons += rbsim_tstats_extra(&r.tstats, "host_stops_consumer") /
				       (double)so->seeds;
		rbsim_result_free(&r);
	}
	pt->drop = sum / (double)so->seeds;
	for (s = 0; s < so->seeds; s++)
		sq += (f[s] - pt->drop) * (f[s] - pt->drop);
	free(f);
	{
		double sd = sqrt(sq / (double)(so->seeds - 1));
		double half = t_quantile((1 + so->confidence) / 2, (double)(so->seeds - 1)) * sd /
			      sqrt((double)so->seeds);

		pt->drop_lo = pt->drop - half > 0 ? pt->drop - half : 0;
		pt->drop_hi = pt->drop + half < 1 ? pt->drop + half : 1;
	}
	pt->meets = pt->drop_hi <= so->max_drop &&
		    (!so->max_p99_us || pt->p99_ns <= so->max_p99_us * 1000);

	/* the consumer stalled from the start: the first record that does not fit */
	cfg.seed = o->cfg.seed;
	{
		struct rbsim_vtime_extra x;
		struct rbsim_result r;

		if (rbsim_vtime_run(&cfg, &o->size, &fill, &r, &x, err, errlen)) {
			rbsim_result_free(&r);
			return -1;
		}
		pt->overflow_ns = x.first_drop_ns == ~0ULL ? SZ_NEVER : x.first_drop_ns;
		rbsim_result_free(&r);
	}
	memory(so, pt);
	if (!o->quiet) {
		char b[32], t[32];

		fprintf(stderr, "rbsim size: %s%s%s: drop fraction %.3g [%.3g, %.3g], p99 %s%s "
			"(%u seeds, %llu records in %.2f s)\n", sz_bytes(ring, b, sizeof(b)),
			vplace == o->cfg.vplace ? "" : vplace == RBSIM_VPLACE_SHARED ?
			" (--vplace shared)" : " (--vplace apart)",
			nostops ? " (without the host's stops)" : "", pt->drop, pt->drop_lo,
			pt->drop_hi, sz_time(pt->p99_ns, t, sizeof(t)),
			pt->meets ? ", meets the target" : "", pt->seeds,
			(unsigned long long)pt->records, pt->wall_s);
	}
	return 0;
}

/* ---- the search ---- */

struct search {
	const struct rbsim_opts *o;
	const struct sz_opts *so;
	unsigned int lo, hi;        /* log2 of the sizes searched */
	struct sz_point *at;        /* by log2 - lo */
	bool *done;
	bool nostops;               /* without the host's stops (hoststop=) */
};

static int point(struct search *s, unsigned int k, char *err, size_t errlen)
{
	if (s->done[k - s->lo])
		return 0;
	if (measure(s->o, s->so, 1ULL << k, s->o->cfg.vplace, s->nostops, &s->at[k - s->lo],
		    err, errlen))
		return -1;
	s->done[k - s->lo] = true;
	return 0;
}

/*
 * Upwards over the powers of two from the smallest, the drop fraction taken
 * as falling with the ring (a larger ring holds all a smaller one does): the
 * first size that meets is the answer, and the one below it, measured on the
 * way, its margin. Small rings first: a run's cost grows with the records,
 * not the ring, but the memory a large ring touches does. --plot adds the
 * size above the advised one.
 */
static int search(struct search *s, int *advised, char *err, size_t errlen)
{
	unsigned int k;

	*advised = -1;
	for (k = s->lo; k <= s->hi; k++) {
		if (point(s, k, err, errlen))
			return -1;
		if (s->at[k - s->lo].meets) {
			*advised = (int)k;
			break;
		}
	}
	if (s->so->plot && *advised >= 0 && k < s->hi && point(s, k + 1, err, errlen))
		return -1;
	return 0;
}

static unsigned int log2u(__u64 v)
{
	return 63 - (unsigned int)__builtin_clzll(v);
}

static int run_size(const struct rbsim_opts *o, const struct sz_opts *so, char *tmp)
{
	struct search s = { .o = o, .so = so, .lo = log2u(so->min_ring), .hi = log2u(so->max_ring) };
	struct sz_result res = { .o = o, .so = so };
	unsigned int n = s.hi - s.lo + 1, k;
	char err[512];
	int advised, ret = RBSIM_EXIT_FAIL;

	s.at = calloc(n, sizeof(*s.at));
	s.done = calloc(n, sizeof(*s.done));
	res.pts = calloc(n, sizeof(*res.pts));
	if (!s.at || !s.done || !res.pts) {
		fprintf(stderr, "rbsim size: out of memory\n");
		goto out;
	}
	if (search(&s, &advised, err, sizeof(err))) {
		fprintf(stderr, "rbsim size: %s\n", err);
		goto out;
	}
	res.advised = -1;
	for (k = 0; k < n; k++) {
		if (!s.done[k])
			continue;
		if ((int)(k + s.lo) == advised)
			res.advised = (int)res.n;
		res.pts[res.n++] = s.at[k];
	}
	/* the advice with the consumer placed the other way: what it hangs on */
	res.other_vplace = -1;
	if (advised >= 0 && !o->cfg.b2b) {
		int other = o->cfg.vplace == RBSIM_VPLACE_SHARED ? RBSIM_VPLACE_APART :
								    RBSIM_VPLACE_SHARED;

		if (measure(o, so, 1ULL << advised, other, false, &res.other, err, sizeof(err))) {
			fprintf(stderr, "rbsim size: %s\n", err);
			goto out;
		}
		res.other_vplace = other;
	}
	/* what the host's stops ask of the ring: the advice without them */
	if (advised >= 0 && o->cfg.vcosts.hoststop_period_ns) {
		struct search ns = { .o = o, .so = so, .lo = s.lo, .hi = (unsigned int)advised,
				     .nostops = true };
		struct sz_opts nso = *so;
		int adv2;

		nso.plot = NULL;
		ns.so = &nso;
		ns.at = calloc(n, sizeof(*ns.at));
		ns.done = calloc(n, sizeof(*ns.done));
		if (!ns.at || !ns.done)
			snprintf(err, sizeof(err), "out of memory");
		else if (!search(&ns, &adv2, err, sizeof(err)))
			res.nostop_searched = true;
		free(ns.at);
		free(ns.done);
		if (!res.nostop_searched) {
			fprintf(stderr, "rbsim size: %s\n", err);
			goto out;
		}
		res.nostop_advised = adv2 >= 0 ? 1ULL << adv2 : 0;
	}
	if (so->plot) {
		if (sz_plot(&res, tmp)) {
			fprintf(stderr, "rbsim size: gnuplot could not draw %s\n", so->plot);
			goto out;
		}
		if (rename(tmp, so->plot)) {
			fprintf(stderr, "rbsim size: cannot write --plot %s: %s\n", so->plot,
				strerror(errno));
			goto out;
		}
		tmp[0] = '\0';
	}
	sz_report(stdout, &res);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "rbsim size: writing the report to stdout: %s\n", strerror(errno));
		goto out;
	}
	ret = res.advised < 0 ? RBSIM_EXIT_FAIL : RBSIM_EXIT_OK;
out:
	free(s.at);
	free(s.done);
	free(res.pts);
	return ret;
}

static int cmd_size(int argc, char **argv)
{
	static struct rbsim_opts o;
	struct sz_opts so;
	struct rbsim_optgroup g = { .opts = size_opts, .base = &so };
	char err[512], tmp[PATH_MAX] = "";
	int ret;

	memset(&so, 0, sizeof(so));
	if (rbsim_opt_defaults(size_opts, &so, err, sizeof(err)))
		return rbsim_usage_error("size", "%s", err);
	ret = rbsim_run_parse_for("size", &g, size_refuses, size_prepare, argc, argv, &o, err,
				  sizeof(err));
	if (ret > 0) {
		size_usage(stdout);
		rbsim_opts_free(&o);
		return RBSIM_EXIT_OK;
	}
	if (!ret)
		ret = size_check(&o, &so, &g, err, sizeof(err));
	if (!ret && so.plot)
		ret = rbsim_plot_tmp(so.plot, tmp, sizeof(tmp), err, sizeof(err));
	if (ret) {
		rbsim_opts_free(&o);
		return rbsim_usage_error("size", "%s", err);
	}
	if (o.verbose)
		fprintf(stderr, "rbsim size: workload: %s\nrbsim size: transport options: %s\n",
			o.options, o.transport_opts[0] ? o.transport_opts : "none");
	if (o.warning[0])
		fprintf(stderr, "rbsim size: warning: %s\n", o.warning);
	ret = run_size(&o, &so, tmp);
	if (tmp[0])
		unlink(tmp);
	rbsim_opts_free(&o);
	return ret;
}

RBSIM_COMMAND(size, "size", "the smallest ring that meets a drop and latency target for a "
	      "workload, in virtual time", cmd_size);
