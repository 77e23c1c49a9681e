// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the producers' schedules (sim/arrivals.h) and the trace file.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/arrivals.h"
#include "sim/options.h"
#include "sim/workload.h"

enum { SCHED_NONE, SCHED_CONST, SCHED_POISSON, SCHED_BURST, SCHED_BURST_POISSON, SCHED_TRACE };

/* the arrival streams: apart from the size streams (rbsim_rng_seed(seed, p)) */
#define SCHED_STREAM 0x80000000u

#define TRACE_MAX_RECORDS (1ULL << 32)

/* ---- the trace file ---- */

struct trace_read {
	struct rbsim_trace *tr;
	__u64 cap[RBSIM_REC_MAX_PRODUCERS];
	__u64 last_ns;
	double size_sum;
};

static int trace_push(struct trace_read *rd, unsigned int p, __u64 t, __u32 size, char *why,
		      size_t len)
{
	struct rbsim_trace *tr = rd->tr;

	if (tr->n[p] == rd->cap[p]) {
		__u64 cap = rd->cap[p] ? 2 * rd->cap[p] : 256;
		__u64 *nt = realloc(tr->t[p], cap * sizeof(*nt));
		__u32 *ns = nt ? realloc(tr->size[p], cap * sizeof(*ns)) : NULL;

		if (nt)
			tr->t[p] = nt;
		if (!ns) {
			snprintf(why, len, "out of memory");
			return -1;
		}
		tr->size[p] = ns;
		rd->cap[p] = cap;
	}
	tr->t[p][tr->n[p]] = t;
	tr->size[p][tr->n[p]++] = size;
	return 0;
}

/* one field of a line: the text up to the next blank, into buf; the rest after it */
static char *field(char *line, char *buf, size_t len)
{
	size_t n = strcspn(line, " \t");

	snprintf(buf, len, "%.*s", (int)n, line);
	line += n;
	return line + strspn(line, " \t");
}

static int trace_line(void *ctx, unsigned int lineno, char *line, char *why, size_t len)
{
	struct trace_read *rd = ctx;
	struct rbsim_trace *tr = rd->tr;
	char tf[64], pf[64], sf[64], problem[80];
	__u64 t, p, size;

	line = field(line, tf, sizeof(tf));
	line = field(line, pf, sizeof(pf));
	line = field(line, sf, sizeof(sf));
	if (!sf[0] || *line) {
		snprintf(why, len, "expected TIME PRODUCER SIZE");
		return -1;
	}
	if (rbsim_duration_parse(tf, 1, 0, ~0ULL, &t, problem, sizeof(problem))) {
		snprintf(why, len, "time %s: %s", tf, problem);
		return -1;
	}
	if (rbsim_num_parse(pf, 0, RBSIM_REC_MAX_PRODUCERS - 1, &p, problem, sizeof(problem))) {
		snprintf(why, len, "producer %s: %s", pf, problem);
		return -1;
	}
	if (rbsim_num_parse(sf, 0, RBSIM_SIZE_SPEC_MAX, &size, problem, sizeof(problem))) {
		snprintf(why, len, "size %s: %s (no ring takes a larger record from rbsim)", sf,
			 problem);
		return -1;
	}
	if (t < rd->last_ns) {
		snprintf(why, len, "time %s is before the line above's (%llu ns): the records "
			 "must be in time order", tf, (unsigned long long)rd->last_ns);
		return -1;
	}
	if (tr->records == TRACE_MAX_RECORDS) {
		snprintf(why, len, "more than %llu records", TRACE_MAX_RECORDS);
		return -1;
	}
	rd->last_ns = t;
	if (!tr->records || size < tr->size_min)
		tr->size_min = (__u32)size;
	if (!tr->records || size > tr->size_max) {
		tr->size_max = (__u32)size;
		tr->max_line = lineno;
	}
	if (p + 1 > tr->producers)
		tr->producers = (unsigned int)p + 1;
	tr->records++;
	tr->end_ns = t;
	rd->size_sum += (double)size;
	return trace_push(rd, (unsigned int)p, t, (__u32)size, why, len);
}

void rbsim_trace_free(struct rbsim_trace *tr)
{
	unsigned int p;

	if (!tr->n)
		return;
	for (p = 0; p < RBSIM_REC_MAX_PRODUCERS; p++) {
		free(tr->t[p]);
		free(tr->size[p]);
	}
	free(tr->n);
	free(tr->t);
	free(tr->size);
	memset(tr, 0, sizeof(*tr));
}

int rbsim_trace_load(const char *path, struct rbsim_trace *tr, char *err, size_t errlen)
{
	struct trace_read *rd = calloc(1, sizeof(*rd));

	rbsim_trace_free(tr);
	memset(tr, 0, sizeof(*tr));
	tr->n = calloc(RBSIM_REC_MAX_PRODUCERS, sizeof(*tr->n));
	tr->t = calloc(RBSIM_REC_MAX_PRODUCERS, sizeof(*tr->t));
	tr->size = calloc(RBSIM_REC_MAX_PRODUCERS, sizeof(*tr->size));
	if (!rd || !tr->n || !tr->t || !tr->size) {
		free(rd);
		rbsim_trace_free(tr);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	rd->tr = tr;
	if (rbsim_read_lines(path, trace_line, rd, err, errlen)) {
		free(rd);
		rbsim_trace_free(tr);
		return -1;
	}
	if (!tr->records) {
		free(rd);
		rbsim_trace_free(tr);
		snprintf(err, errlen, "no TIME PRODUCER SIZE line");
		return -1;
	}
	tr->size_mean = rd->size_sum / (double)tr->records;
	free(rd);
	return 0;
}

/* ---- schedules ---- */

double rbsim_sched_rate(const struct rbsim_cfg *cfg)
{
	if (cfg->burst)
		return (double)cfg->burst * 1e9 / (double)cfg->burst_every_ns;
	return (double)cfg->rate;
}

/* an exponential gap of the given mean, from 53 random bits */
static double exp_gap(struct rbsim_rng *rng, double mean)
{
	return -log1p(-rbsim_rng_unit(rng)) * mean;
}

/* the next arrival of s from its state: k, acc_ns, left */
static __u64 sched_time(struct rbsim_sched *s)
{
	unsigned __int128 ns;

	switch (s->kind) {
	case SCHED_CONST:
		/* record k is due at the first ns at or after k / rate s */
		ns = ((unsigned __int128)s->k * 1000000000u + s->rate - 1) / s->rate;
		return ns >= RBSIM_SCHED_END ? RBSIM_SCHED_END : (__u64)ns;
	case SCHED_BURST:
		ns = (unsigned __int128)(s->k / s->burst) * s->every_ns;
		return ns >= RBSIM_SCHED_END ? RBSIM_SCHED_END : (__u64)ns;
	case SCHED_POISSON:
	case SCHED_BURST_POISSON:
		return s->acc_ns >= 1.8e19 ? RBSIM_SCHED_END : (__u64)s->acc_ns;
	case SCHED_TRACE:
		return s->k < s->n ? s->times[s->k] : RBSIM_SCHED_END;
	default:
		return 0; /* as fast as possible: every record is due at once */
	}
}

static void sched_set(struct rbsim_sched *s)
{
	s->next_ns = sched_time(s);
	if (s->next_ns >= s->end_ns)
		s->next_ns = RBSIM_SCHED_END;
}

void rbsim_sched_init(struct rbsim_sched *s, const struct rbsim_cfg *cfg, unsigned int p,
		      __u64 end_ns)
{
	memset(s, 0, sizeof(*s));
	s->end_ns = end_ns;
	rbsim_rng_seed(&s->rng, cfg->seed, SCHED_STREAM | p);
	if (cfg->trace) {
		s->kind = SCHED_TRACE;
		s->n = p < cfg->trace->producers ? cfg->trace->n[p] : 0;
		s->times = p < cfg->trace->producers ? cfg->trace->t[p] : NULL;
	} else if (cfg->burst) {
		s->kind = cfg->arrivals == RBSIM_ARRIVALS_POISSON ? SCHED_BURST_POISSON :
								     SCHED_BURST;
		s->burst = s->left = cfg->burst;
		s->every_ns = cfg->burst_every_ns;
		/* the first burst at 0, as the first record of a constant rate */
		if (s->kind == SCHED_BURST_POISSON)
			s->acc_ns = exp_gap(&s->rng, (double)s->every_ns);
	} else if (cfg->rate && cfg->arrivals == RBSIM_ARRIVALS_POISSON) {
		s->kind = SCHED_POISSON;
		s->mean_ns = 1e9 / (double)cfg->rate;
		s->acc_ns = exp_gap(&s->rng, s->mean_ns);
	} else if (cfg->rate) {
		s->kind = SCHED_CONST;
		s->rate = cfg->rate;
	} else {
		s->kind = SCHED_NONE;
	}
	sched_set(s);
}

void rbsim_sched_step(struct rbsim_sched *s)
{
	s->k++;
	switch (s->kind) {
	case SCHED_POISSON:
		s->acc_ns += exp_gap(&s->rng, s->mean_ns);
		break;
	case SCHED_BURST_POISSON:
		if (--s->left)
			break;
		s->left = s->burst;
		s->acc_ns += exp_gap(&s->rng, (double)s->every_ns);
		break;
	default:
		break;
	}
	sched_set(s);
}

__u64 rbsim_sched_due(const struct rbsim_sched *s, __u64 rel_ns, __u64 max)
{
	struct rbsim_sched c;
	unsigned __int128 n;
	__u64 due = 0;

	if (s->next_ns > rel_ns)
		return 0;
	if (s->kind == SCHED_NONE)
		return max;
	if (s->kind == SCHED_CONST) {
		/* records k .. with ceil(k * 1e9 / rate) <= rel_ns, before the end */
		n = (unsigned __int128)rel_ns * s->rate / 1000000000u + 1;
		if (s->end_ns != RBSIM_SCHED_END) {
			unsigned __int128 last = ((unsigned __int128)s->end_ns * s->rate +
						  999999999u) / 1000000000u;

			if (n > last)
				n = last;
		}
		n = n > s->k ? n - s->k : 0;
		return n < max ? (__u64)n : max;
	}
	c = *s;
	while (due < max && c.next_ns <= rel_ns) {
		due++;
		rbsim_sched_step(&c);
	}
	return due;
}
