// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim compare: one workload (any `rbsim run` options) on the port and on
 * the running kernel, alternated over several rounds so that drift on a
 * shared machine falls on both alike, then printed side by side with the
 * ratio port/kernel of each figure. The runs go through the engine of
 * `rbsim run` (sim/engine.h); with -o FILE every run is appended as a row,
 * labelled "compare:port:rN" or "compare:kernel:rN".
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/rbsim.h"
#include "sim/engine.h"
#include "sim/kernel_check.h"

#define CMD "compare"
#define DEF_ROUNDS 3
#define MAX_ROUNDS 100
#define MAX_ARGS 128

enum side { PORT, KERNEL, NSIDES };

/* the figures compared, one value per run */
enum fig { F_HITS, F_DROPS, F_MBPS, F_P50, F_P99, F_WAKEUPS, F_CAUGHT_UP, NFIGS };

static const struct {
	const char *name;	/* for people */
	const char *key;	/* for the summary line */
	double scale;
} figs[NFIGS] = {
	[F_HITS] = { "hits (M records/s)", "hits", 1e-6 },
	[F_DROPS] = { "drops (M/s)", "drops", 1e-6 },
	[F_MBPS] = { "sample MB/s", "mbps", 1e-6 },
	[F_P50] = { "latency p50 (us)", "p50", 1e-3 },
	[F_P99] = { "latency p99 (us)", "p99", 1e-3 },
	[F_WAKEUPS] = { "consumer wake-ups/s (k)", "wakeups", 1e-3 },
	[F_CAUGHT_UP] = { "seconds caught up (%)", "caught_up", 100 },
};

struct side_runs {
	const char *transport;
	struct rbsim_opts o;
	double v[NFIGS][MAX_ROUNDS];
	bool have[NFIGS];
	unsigned int ok, runs;
	bool oversubscribed;
	unsigned int threads, cpus;
	char first_fail[320];
	bool wrote;		/* a row went to -o */
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: rbsim compare [--rounds N] [--port NAME] [--kernel NAME] [run options]\n\n"
		"Run one workload on the port and on the running kernel, alternately, and print\n"
		"both side by side with the ratio port/kernel of each figure (mean over rounds,\n"
		"± the standard deviation between rounds).\n\n"
		"      --rounds N     rounds, each runs both sides, the order alternating\n"
		"                     (default: %d)\n"
		"      --port NAME    the port's transport (default: ringbuf)\n"
		"      --kernel NAME  the kernel's transport (default: kernel-ringbuf)\n"
		"  run options (see rbsim run --help) go to both sides; options of one\n"
		"  transport (e.g. --trigger) only to that side. -o FILE appends every run.\n"
		"Needs root or CAP_BPF+CAP_PERFMON; without, exits %d (1 with\n"
		"RBSIM_REQUIRE_KERNEL=1). Exit status: 0 ok, 1 a run failed or lost records,\n"
		"2 bad options.\n", DEF_ROUNDS, RBSIM_EXIT_SKIP);
}

/* is arg (--name or --name=value) an option of transport t? sets *has_arg */
static bool transport_opt(const struct rbsim_transport_ops *t, const char *arg, bool *has_arg,
			  bool *inline_val)
{
	const struct rbsim_opt *to;
	size_t len;

	if (!t || strncmp(arg, "--", 2))
		return false;
	arg += 2;
	len = strcspn(arg, "=");
	for (to = t->options; to && to->name; to++) {
		if (strlen(to->name) == len && !strncmp(arg, to->name, len)) {
			*has_arg = rbsim_opt_has_arg(to);
			*inline_val = arg[len] == '=';
			return true;
		}
	}
	return false;
}

static double figure(const struct rbsim_result *r, enum fig f, bool *have)
{
	double s = r->elapsed_s > 0 ? r->elapsed_s : 1;

	*have = true;
	switch (f) {
	case F_HITS:
		return r->hits_mean;
	case F_DROPS:
		return r->drops_mean;
	case F_MBPS:
		return r->bytes_mean;
	case F_P50:
	case F_P99:
		if (!r->hist || !r->hist->count) {
			*have = false;
			return 0;
		}
		return (double)hist_quantile(r->hist, f == F_P50 ? 0.5 : 0.99);
	case F_WAKEUPS:
		return (double)r->tstats.wakeups / s;
	case F_CAUGHT_UP:
		/* the regime of each second (sim/regime.c) */
		*have = r->regime.seconds > 0;
		return r->regime.share[RBSIM_REGIME_CAUGHT_UP];
	default:
		*have = false;
		return 0;
	}
}

static void mean_sd(const double *v, unsigned int n, double *mean, double *sd)
{
	double sum = 0, sq = 0;

	*mean = *sd = 0;
	if (!n)
		return;
	for (unsigned int i = 0; i < n; i++)
		sum += v[i];
	*mean = sum / n;
	for (unsigned int i = 0; n > 1 && i < n; i++)
		sq += (v[i] - *mean) * (v[i] - *mean);
	if (n > 1)
		*sd = sqrt(sq / (n - 1));
}

/* one run of one side; 0, or an exit status */
static int run_side(struct side_runs *s, unsigned int round, const char *user_label)
{
	struct rbsim_result r;
	char err[512], label[160];
	int ret;

	memset(&r, 0, sizeof(r));
	ret = rbsim_engine_run(&s->o, &r, err, sizeof(err));
	if (ret) {
		rbsim_result_free(&r);
		if (r.unavailable)
			return kcheck_unavailable(CMD, err);
		fprintf(stderr, "rbsim compare: %s: %s\n", s->transport, err);
		return ret == -EINVAL || ret == -E2BIG ? RBSIM_EXIT_USAGE : RBSIM_EXIT_FAIL;
	}
	for (int f = 0; f < NFIGS; f++) {
		bool have;
		double v = figure(&r, f, &have);

		/* a drop rate only where a refusal costs what the real call costs */
		if (f == F_DROPS && !(s->o.ops->caps & RBSIM_CAP_DROP_RATE))
			have = false;
		s->v[f][round] = v * figs[f].scale;
		s->have[f] = have && (round == 0 || s->have[f]);
	}
	s->runs++;
	if (r.integrity.ok)
		s->ok++;
	else if (!s->first_fail[0])
		snprintf(s->first_fail, sizeof(s->first_fail), "round %u: %s", round + 1,
			 r.integrity.first);
	s->oversubscribed |= r.oversubscribed;
	s->threads = r.threads;
	s->cpus = r.cpus;
	if (s->o.output) {
		snprintf(label, sizeof(label), "%s%scompare:%s:r%u", user_label,
			 *user_label ? " " : "", s->transport, round + 1);
		s->o.label = label;
		if (rbsim_report_append(&s->o, &r, err, sizeof(err))) {
			fprintf(stderr, "rbsim compare: %s\n", err);
			rbsim_result_free(&r);
			return RBSIM_EXIT_FAIL;
		}
		s->wrote = true;
		s->o.label = user_label;
	}
	fprintf(stderr, "compare: round %u %-16s %8.3f M records/s, seconds %s%s\n", round + 1,
		s->transport, r.hits_mean * 1e-6, r.sec.regime && *r.sec.regime ? r.sec.regime : "-",
		r.integrity.ok ? "" : "  INTEGRITY FAIL");
	rbsim_result_free(&r);
	return 0;
}

/* print s left-aligned in width columns; "±" is two bytes but one column */
static void cell_out(const char *s, int width)
{
	int cols = 0;

	for (const char *p = s; *p; p++)
		cols += ((unsigned char)*p & 0xc0) != 0x80;
	printf("%s%*s", s, width > cols ? width - cols : 0, "");
}

static void print_table(struct side_runs *sd, unsigned int rounds, const char *kopts)
{
	const struct rbsim_opts *o = &sd[KERNEL].o;
	char line[512];
	size_t len = 0;

	printf("compare: %s (port) vs %s (kernel), %u round%s, %u producer%s, size %s, "
	       "batch %u, ring %llu, wakeup %s, consumer %s/%s\n",
	       sd[PORT].transport, sd[KERNEL].transport, rounds, rounds == 1 ? "" : "s",
	       o->cfg.producers, o->cfg.producers == 1 ? "" : "s", o->size.text, o->cfg.batch,
	       (unsigned long long)o->cfg.ring_size, o->wakeup_text,
	       !(o->ops->caps & RBSIM_CAP_CONSUMER_KIND) ? o->ops->consumer_name :
	       o->cfg.consumer == RBSIM_CONSUMER_LIBBPF ? "libbpf" : "batch",
	       o->cfg.poll == RBSIM_POLL_EPOLL ? "epoll" : "busy");
	if (*kopts)
		printf("  kernel side:%s\n", kopts);
	if (!strstr(sd[PORT].o.transport_opts, "--profile none") &&
	    strstr(sd[PORT].o.transport_opts, "--profile "))
		printf("  port side: %s (calibrated)\n", sd[PORT].o.transport_opts);
	printf("  %-26s %-22s %-22s %s\n", "figure", "port", "kernel", "port/kernel");
	len = snprintf(line, sizeof(line), "compare: ratio");
	for (int f = 0; f < NFIGS; f++) {
		double m[NSIDES], s[NSIDES];
		char cell[NSIDES][32], ratio[16] = "-";

		for (int i = 0; i < NSIDES; i++) {
			mean_sd(sd[i].v[f], rounds, &m[i], &s[i]);
			/* a deviation between rounds needs two of them */
			if (sd[i].have[f] && rounds > 1)
				snprintf(cell[i], sizeof(cell[i]), "%.3f ± %.3f", m[i], s[i]);
			else if (sd[i].have[f])
				snprintf(cell[i], sizeof(cell[i]), "%.3f", m[i]);
			else
				snprintf(cell[i], sizeof(cell[i]), "-");
		}
		if (sd[PORT].have[f] && sd[KERNEL].have[f] && m[KERNEL] > 0) {
			snprintf(ratio, sizeof(ratio), "%.2f", m[PORT] / m[KERNEL]);
			len += snprintf(line + len, sizeof(line) - len, " %s=%s", figs[f].key,
					ratio);
		}
		printf("  %-26s ", figs[f].name);
		cell_out(cell[PORT], 23);
		cell_out(cell[KERNEL], 23);
		printf("%s\n", ratio);
	}
	for (int i = 0; i < NSIDES; i++) {
		char cell[32];

		snprintf(cell, sizeof(cell), "%s (%u/%u)", sd[i].ok == sd[i].runs ? "ok" : "FAIL",
			 sd[i].ok, sd[i].runs);
		if (i == PORT)
			printf("  %-26s %-22s", "integrity", cell);
		else
			printf(" %s\n", cell);
	}
	if (sd[PORT].oversubscribed || sd[KERNEL].oversubscribed)
		printf("  note: %u threads on %u CPUs: oversubscribed, a preempted thread dominates "
		       "these figures\n", sd[KERNEL].threads, sd[KERNEL].cpus);
	printf("%s\n", line);
}

static int compare_sides(struct side_runs *sd, char *args[NSIDES][MAX_ARGS],
			 const int nargs[NSIDES], unsigned long rounds, const char *kopts);

static int compare_main(int argc, char **argv)
{
	static struct side_runs sd[NSIDES];
	const char *names[NSIDES] = { "ringbuf", "kernel-ringbuf" };
	const struct rbsim_transport_ops *ops[NSIDES];
	char *args[NSIDES][MAX_ARGS];
	char kopts[256] = "";
	size_t klen = 0;
	int nargs[NSIDES] = { 0, 0 };
	unsigned long rounds = DEF_ROUNDS;
	int i, rc;

	/* compare's own options first; the rest is split between the sides below */
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return RBSIM_EXIT_OK;
		}
		if (!strcmp(a, "--rounds") || !strcmp(a, "--port") || !strcmp(a, "--kernel")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "rbsim compare: %s needs a value\n", a);
				return RBSIM_EXIT_USAGE;
			}
			if (!strcmp(a, "--rounds")) {
				char *end;

				errno = 0;
				rounds = strtoul(argv[i + 1], &end, 10);
				if (errno || *end || !rounds || rounds > MAX_ROUNDS ||
				    argv[i + 1][0] == '-') {
					fprintf(stderr, "rbsim compare: --rounds wants 1..%d, not '%s'\n",
						MAX_ROUNDS, argv[i + 1]);
					return RBSIM_EXIT_USAGE;
				}
			} else {
				names[!strcmp(a, "--port") ? PORT : KERNEL] = argv[i + 1];
			}
			i++;
			continue;
		}
		if (!strcmp(a, "--transport") || !strncmp(a, "--transport=", 12)) {
			fprintf(stderr, "rbsim compare: --transport: compare runs both sides; choose "
				"them with --port and --kernel\n");
			return RBSIM_EXIT_USAGE;
		}
	}
	for (int s = 0; s < NSIDES; s++) {
		bool kernel;
		char with[160];

		ops[s] = rbsim_transport_find(names[s]);
		if (!ops[s]) {
			fprintf(stderr, "rbsim compare: --%s '%s': no such transport (rbsim run "
				"--help lists them)\n", s == PORT ? "port" : "kernel", names[s]);
			return RBSIM_EXIT_USAGE;
		}
		/* each side of its kind: the port runs in userspace, the kernel side is the kernel's */
		kernel = ops[s]->caps & RBSIM_CAP_KERNEL;
		if (kernel != (s == KERNEL)) {
			const struct rbsim_transport_ops *t;

			with[0] = '\0';
			for (t = rbsim_transport_next(NULL); t; t = rbsim_transport_next(t)) {
				if (!(t->caps & RBSIM_CAP_KERNEL) == (s == PORT))
					snprintf(with + strlen(with), sizeof(with) - strlen(with),
						 "%s%s", with[0] ? ", " : "", t->name);
			}
			fprintf(stderr, "rbsim compare: --%s %s: %s transport (the %s side takes "
				"%s)\n", s == PORT ? "port" : "kernel", names[s],
				kernel ? "a kernel" : "not a kernel", s == PORT ? "port" : "kernel",
				with);
			return RBSIM_EXIT_USAGE;
		}
		args[s][nargs[s]++] = "run";
		args[s][nargs[s]++] = "--transport";
		args[s][nargs[s]++] = (char *)names[s];
	}
	for (i = 1; i < argc; i++) {
		bool has_arg = false, inline_val = false, kopt;
		int only = -1;

		if (!strcmp(argv[i], "--rounds") || !strcmp(argv[i], "--port") ||
		    !strcmp(argv[i], "--kernel")) {
			i++;
			continue;
		}
		/* a transport's own option goes to that side alone, one both have to both */
		kopt = transport_opt(ops[KERNEL], argv[i], &has_arg, &inline_val);
		if (kopt)
			only = KERNEL;
		if (transport_opt(ops[PORT], argv[i], &has_arg, &inline_val))
			only = only == KERNEL ? -1 : PORT;
		for (int s = 0; s < NSIDES; s++) {
			if (only >= 0 && s != only)
				continue;
			if (nargs[s] + 2 >= MAX_ARGS) {
				fprintf(stderr, "rbsim compare: too many options\n");
				return RBSIM_EXIT_USAGE;
			}
			args[s][nargs[s]++] = argv[i];
			if (has_arg && !inline_val && i + 1 < argc)
				args[s][nargs[s]++] = argv[i + 1];
		}
		if (kopt && klen < sizeof(kopts))
			klen += snprintf(kopts + klen, sizeof(kopts) - klen, " %s%s%s", argv[i],
					 has_arg && !inline_val && i + 1 < argc ? " " : "",
					 has_arg && !inline_val && i + 1 < argc ? argv[i + 1] : "");
		if (has_arg && !inline_val)
			i++;
	}
	for (int s = 0; s < NSIDES; s++) {
		args[s][nargs[s]] = NULL;
		sd[s].transport = names[s];
		sd[s].o.out_fd = -1;
	}
	rc = compare_sides(sd, args, nargs, rounds, kopts);
	/* both sides hold -o open; a file created for rows that never came goes */
	for (int s = 0; s < NSIDES; s++)
		rbsim_output_close(&sd[s].o, sd[PORT].wrote || sd[KERNEL].wrote);
	return rc;
}

static int compare_sides(struct side_runs *sd, char *args[NSIDES][MAX_ARGS],
			 const int nargs[NSIDES], unsigned long rounds, const char *kopts)
{
	char err[512];
	int rc;

	for (int s = 0; s < NSIDES; s++) {
		rc = rbsim_run_parse(nargs[s], args[s], &sd[s].o, err, sizeof(err));
		if (rc > 0) {
			usage(stdout);
			return RBSIM_EXIT_OK;
		}
		if (rc < 0) {
			fprintf(stderr, "rbsim compare: %s\n", err);
			return RBSIM_EXIT_USAGE;
		}
		if (sd[s].o.dump_sizes) {
			fprintf(stderr, "rbsim compare: --dump-sizes: use rbsim run\n");
			return RBSIM_EXIT_USAGE;
		}
		sd[s].o.quiet = true;
	}

	rc = kcheck(CMD, KCHECK_BPF | KCHECK_BTF);
	if (rc)
		return rc;

	for (unsigned int r = 0; r < rounds; r++) {
		/* alternate who goes first, so that a trend on the machine hits both sides */
		for (int k = 0; k < NSIDES; k++) {
			int s = r % 2 ? NSIDES - 1 - k : k;
			const char *user_label = sd[s].o.label ? sd[s].o.label : "";

			rc = run_side(&sd[s], r, user_label);
			if (rc)
				return rc;
		}
	}
	print_table(sd, rounds, kopts);
	for (int s = 0; s < NSIDES; s++) {
		if (sd[s].ok != sd[s].runs) {
			printf("compare: %s: integrity FAIL, %s\n", sd[s].transport,
			       sd[s].first_fail);
			return RBSIM_EXIT_FAIL;
		}
	}
	return RBSIM_EXIT_OK;
}

RBSIM_COMMAND(compare, "compare",
	      "run one workload on the port and the kernel, side by side with ratios",
	      compare_main)
