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
#include "sim/kernel_cmds.h"

#define CMD "compare"

enum side { PORT = RBSIM_CMP_PORT, KERNEL = RBSIM_CMP_KERNEL, NSIDES = RBSIM_CMP_SIDES };

/* the figures compared, one value per run */
enum fig { F_HITS, F_DROPS, F_MBPS, F_P50, F_P99, F_NOTIFY, F_WAKEUPS, F_CAUGHT_UP, NFIGS };

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
	[F_NOTIFY] = { "notifications/s (k)", "notifications", 1e-3 },
	[F_WAKEUPS] = { "consumer wake-ups/s (k)", "wakeups", 1e-3 },
	[F_CAUGHT_UP] = { "seconds caught up (%)", "caught_up", 100 },
};

/* one side's runs: its options (parsed by sim/compare_opts.c), its figures */
struct side_runs {
	const char *transport;
	struct rbsim_opts *o;
	double v[NFIGS][RBSIM_CMP_MAX_ROUNDS];
	bool have[NFIGS];
	unsigned int ok, runs;
	bool oversubscribed;
	unsigned int threads, cpus;
	char first_fail[320];
	bool wrote;		/* a row went to -o */
};

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
	case F_NOTIFY:
		/* the kernel's: its IRQ work interrupts (bpf/kprod.h), where readable */
		*have = r->tstats.notify_count != RBSIM_NOTIFY_NONE;
		return (double)r->tstats.notifications / s;
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
	ret = rbsim_engine_run(s->o, &r, err, sizeof(err));
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
		if (f == F_DROPS && !(s->o->ops->caps & RBSIM_CAP_DROP_RATE))
			have = false;
		if (f == F_NOTIFY && !(s->o->ops->caps & RBSIM_CAP_NOTIFY_COUNT))
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
	if (s->o->output) {
		snprintf(label, sizeof(label), "%s%scompare:%s:r%u", user_label,
			 *user_label ? " " : "", s->transport, round + 1);
		s->o->label = label;
		if (rbsim_report_append(s->o, &r, err, sizeof(err))) {
			fprintf(stderr, "rbsim compare: %s\n", err);
			rbsim_result_free(&r);
			return RBSIM_EXIT_FAIL;
		}
		s->wrote = true;
		s->o->label = user_label;
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

/* the options given of a side's transport, as " --trigger test-run", or "" */
static void side_opts(const struct rbsim_opts *o, char *buf, size_t len)
{
	buf[0] = '\0';
	if (o->ops->options && o->tseen) {
		buf[0] = ' ';
		rbsim_opt_format(o->ops->options, o->topts.b, o->tseen, false, buf + 1, len - 1);
	}
}

static void print_table(struct side_runs *sd, unsigned int rounds)
{
	const struct rbsim_opts *o = sd[KERNEL].o;
	char line[512], kopts[256], popts[512];
	size_t len = 0;

	side_opts(o, kopts, sizeof(kopts));
	side_opts(sd[PORT].o, popts, sizeof(popts));
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
	/* a calibrated port (--profile FILE) says so */
	if (*popts)
		printf("  port side:%s\n", popts);
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

/* every round, both sides, the order alternating; the table; an exit status */
static int compare_rounds(struct side_runs *sd, unsigned int rounds)
{
	int rc;

	for (unsigned int r = 0; r < rounds; r++) {
		/* alternate who goes first, so that a trend on the machine hits both sides */
		for (int k = 0; k < NSIDES; k++) {
			int s = r % 2 ? NSIDES - 1 - k : k;
			const char *user_label = sd[s].o->label ? sd[s].o->label : "";

			rc = run_side(&sd[s], r, user_label);
			if (rc)
				return rc;
		}
	}
	print_table(sd, rounds);
	for (int s = 0; s < NSIDES; s++) {
		if (sd[s].ok != sd[s].runs) {
			printf("compare: %s: integrity FAIL, %s\n", sd[s].transport,
			       sd[s].first_fail);
			return RBSIM_EXIT_FAIL;
		}
	}
	return RBSIM_EXIT_OK;
}

static int compare_main(int argc, char **argv)
{
	static struct rbsim_compare_opts c;
	static struct side_runs sd[NSIDES];
	int rc;

	rc = rbsim_compare_parse(argc, argv, &c);
	if (rc >= 0)
		return rc;
	memset(sd, 0, sizeof(sd));
	for (int s = 0; s < NSIDES; s++) {
		sd[s].transport = c.side[s];
		sd[s].o = &c.o[s];
	}
	rc = kcheck(CMD, KCHECK_BPF | KCHECK_BTF);
	if (!rc)
		rc = compare_rounds(sd, (unsigned int)c.rounds);
	/* both sides hold -o open; a file created for rows that never came goes */
	rbsim_compare_close(&c, sd[PORT].wrote || sd[KERNEL].wrote);
	return rc;
}

RBSIM_COMMAND(compare, "compare", RBSIM_COMPARE_SUMMARY, compare_main)
