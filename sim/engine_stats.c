// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the run engine's figures. Once a second the main thread snapshots
 * the per-thread counters (relaxed loads: each counter has one writer, see
 * engine_int.h) and keeps the second's hits, drops and bytes, as the
 * selftests' bench measure() does; at the end the mean and sample standard
 * deviation of those seconds, the totals, the --rate verdict and the
 * verifier's go into the result.
 */
#include <math.h>
#include <stdlib.h>

#include "ringbuf/kernel_compat.h"
#include "sim/engine_int.h"

void engine_snapshot(const struct engine *e, struct engine_snap *s)
{
	bool no_consumer = e->cfg->consumer == RBSIM_CONSUMER_NONE;
	unsigned int i;
	int d;

	s->t_ns = rbsim_now_ns();
	s->consumed = READ_ONCE(e->cons->ctr.consumed);
	s->bytes = READ_ONCE(e->cons->ctr.bytes);
	s->wakeups = READ_ONCE(e->cons->ctr.wakeups);
	s->drops = 0;
	s->batches = 0;
	/* --consumer none: hits are the producers' commits, as the selftests' bench_producer */
	if (no_consumer)
		s->consumed = s->bytes = 0;
	for (i = 0; i < e->cfg->producers; i++) {
		for (d = 0; d < RBSIM_DROP_NR; d++)
			s->drops += READ_ONCE(e->prods[i].ctr.drops[d]);
		s->batches += READ_ONCE(e->prods[i].ctr.batches);
		if (no_consumer) {
			s->consumed += READ_ONCE(e->prods[i].ctr.committed);
			s->bytes += READ_ONCE(e->prods[i].ctr.bytes);
		}
	}
}

/* the series of struct engine_samples, in one place for growing and freeing them */
#define NSERIES 5
static double **series(struct engine_samples *s, int i)
{
	double **all[NSERIES] = { &s->hits, &s->drops, &s->bytes, &s->wakeups, &s->batches };

	return all[i];
}

bool engine_push_sample(struct engine_samples *s, const struct engine_snap *prev,
			const struct engine_snap *cur)
{
	double dt = (double)(cur->t_ns - prev->t_ns) / 1e9;
	double v[NSERIES] = {
		(double)(cur->consumed - prev->consumed) / dt,
		(double)(cur->drops - prev->drops) / dt,
		(double)(cur->bytes - prev->bytes) / dt,
		(double)(cur->wakeups - prev->wakeups) / dt,
		(double)(cur->batches - prev->batches) / dt,
	};
	int i;

	if (s->n == s->cap) {
		unsigned int cap = s->cap ? 2 * s->cap : 64;

		for (i = 0; i < NSERIES; i++) {
			double *h = realloc(*series(s, i), cap * sizeof(double));

			if (!h)
				return false;
			*series(s, i) = h;
		}
		s->cap = cap;
	}
	for (i = 0; i < NSERIES; i++)
		(*series(s, i))[s->n] = v[i];
	s->n++;
	return true;
}

void engine_samples_free(struct engine_samples *s)
{
	for (int i = 0; i < NSERIES; i++)
		free(*series(s, i));
}

static void mean_stddev(const double *v, unsigned int n, double *mean, double *stddev)
{
	double sum = 0, sq = 0;
	unsigned int i;

	*mean = *stddev = 0;
	if (!n)
		return;
	for (i = 0; i < n; i++)
		sum += v[i];
	*mean = sum / n;
	if (n < 2)
		return;
	for (i = 0; i < n; i++)
		sq += (v[i] - *mean) * (v[i] - *mean);
	*stddev = sqrt(sq / (n - 1)); /* sample stddev, as the selftests */
}

/*
 * --rate: met when every producer was at most one batch behind its schedule
 * before its last send (a timed run's producers then sent exactly their
 * schedule). Offered: a timed run's records per producer over the run, a
 * --records run's mean of each producer's records over its span.
 */
static void rate_result(const struct engine *e, struct rbsim_result *r)
{
	const struct rbsim_cfg *cfg = e->cfg;
	unsigned int i, n = 0;
	double sum = 0;

	for (i = 0; i < cfg->producers; i++) {
		const struct rbsim_producer *p = &e->prods[i];

		if (p->rate_lag > r->rate_lag)
			r->rate_lag = p->rate_lag;
		if (cfg->records && p->attempted && p->rate_span_ns) {
			sum += (double)p->attempted * 1e9 / (double)p->rate_span_ns;
			n++;
		}
	}
	if (cfg->records)
		r->rate_offered = n ? sum / n : 0;
	else if (r->interrupted)
		r->rate_offered = (double)r->attempted / cfg->producers /
				  ((double)(e->stop_ns - e->t0_ns) / 1e9);
	else
		r->rate_offered = (double)r->attempted / cfg->producers /
				  (cfg->warmup_s + cfg->duration_s);
	r->rate_met = r->rate_lag <= rbsim_rate_allowance(cfg);
}

void engine_add_producer(struct rbsim_result *r, const struct rbsim_producer *p)
{
	int d;

	r->produced += p->ctr.committed;
	r->discarded += p->ctr.discarded;
	r->attempted += p->attempted;
	for (d = 0; d < RBSIM_DROP_NR; d++)
		r->drops[d] += p->ctr.drops[d];
}

/* the producers' totals into r, and each one's committed count for the verifier */
static __u64 producer_totals(const struct engine *e, struct rbsim_result *r)
{
	__u64 total = 0;
	unsigned int i;

	/* every thread has been joined: plain reads from here */
	for (i = 0; i < e->cfg->producers; i++) {
		const struct rbsim_producer *p = &e->prods[i];

		e->committed[i] = p->ctr.committed;
		total += p->ctr.committed;
		engine_add_producer(r, p);
	}
	return total;
}

/* hits, drops and bytes per second: the mean of the seconds sampled, or of the whole run */
void engine_rates(const struct rbsim_cfg *cfg, const struct engine_samples *smp,
		  struct rbsim_result *r, __u64 bytes_committed)
{
	bool no_consumer = cfg->consumer == RBSIM_CONSUMER_NONE;
	int d;

	r->samples = smp->n;
	mean_stddev(smp->hits, smp->n, &r->hits_mean, &r->hits_stddev);
	mean_stddev(smp->drops, smp->n, &r->drops_mean, &r->drops_stddev);
	mean_stddev(smp->bytes, smp->n, &r->bytes_mean, &(double){ 0 });
	if ((cfg->records || !smp->n) && r->elapsed_s > 0) {
		__u64 drops = 0;

		/* a fixed amount of work, or no full second: the rate over the whole run */
		for (d = 0; d < RBSIM_DROP_NR; d++)
			drops += r->drops[d];
		r->hits_mean = (double)(no_consumer ? r->produced : r->consumed) / r->elapsed_s;
		r->drops_mean = (double)drops / r->elapsed_s;
		r->bytes_mean = (double)(no_consumer ? bytes_committed : r->consumed_bytes) /
				r->elapsed_s;
		if (smp->n < 2)
			r->hits_stddev = r->drops_stddev = 0;
	}
}

/*
 * Overwrite mode: records missing from the consumer's sequence are the
 * ring's design, not a fault, as long as no more are missing than the ring
 * overwrote and nothing else went wrong; they are reported as overwritten
 * (the transport's extra figures say how the reader lost them)
 */
static void integrity_lossy(struct rbsim_integrity *in, struct rbsim_tstats *ts, __u64 missing)
{
	if (in->duplicated || in->reordered || in->torn || missing > ts->lost_bound)
		return;
	in->overwritten = missing;
	in->lost = 0;
	in->ok = true;
	in->first[0] = '\0';
	if (ts->nr_extra < RBSIM_TSTATS_EXTRA) {
		ts->extra[ts->nr_extra].name = "ow_lost_records";
		ts->extra[ts->nr_extra++].value = (double)in->overwritten;
	}
}


/* the seconds themselves, and the regime of each (sim/regime.c) */
static void seconds(struct engine_samples *smp, struct rbsim_result *r)
{
	struct rbsim_seconds *sec = &r->sec;

	/* the samples' arrays move to the result */
	sec->n = smp->n;
	sec->hits = smp->hits;
	sec->drops = smp->drops;
	sec->wakeups = smp->wakeups;
	sec->batches = smp->batches;
	smp->hits = smp->drops = smp->wakeups = smp->batches = NULL;
	rbsim_regime_classify(sec, &r->regime);
}

void engine_result(struct engine *e, struct engine_samples *smp, struct rbsim_result *r)
{
	const struct rbsim_cfg *cfg = e->cfg;
	__u64 total_committed = producer_totals(e, r), bytes = 0;
	unsigned int i;
	int d;

	/* --b2b: the consumer's thread produces, and looks at no clock */
	r->have_prod_stops = !cfg->b2b;
	if (rbsim_paced(cfg))
		rate_result(e, r);
	for (i = 0; i < cfg->producers; i++)
		r->prod_stops += e->prods[i].host_stops;
	/*
	 * the unpaced producers' looks (paced ones sleep between theirs, as
	 * their schedule says), where nothing but its CPU sets a producer's
	 * pace: producers on one ring pass its lock or its reserve word along,
	 * and a batch that wakes a consumer costs microseconds more than one
	 * that does not (the prediction grid's kernel runs of one producer and
	 * its consumer read 91 to 99% "lost" in six workloads), each moving
	 * the pace by more than RBSIM_LOST_TYP_MULT on its own: no consumer,
	 * rings of their own
	 */
	r->have_prod_lost = !cfg->b2b && !rbsim_paced(cfg) &&
			    cfg->consumer == RBSIM_CONSUMER_NONE &&
			    (cfg->producers == 1 || e->t.own_rings);
	for (i = 0; r->have_prod_lost && i < cfg->producers; i++)
		r->prod_lost_ns += e->prods[i].lost_ns;
	if (r->have_prod_lost && e->stop_ns > e->measure_ns)
		r->prod_lost_frac = (double)r->prod_lost_ns /
				    ((double)cfg->producers * (double)(e->stop_ns - e->measure_ns));
	r->consumed = e->cons->ctr.consumed;
	r->consumed_bytes = e->cons->ctr.bytes;
	/* --consumer none: its thread starts for the drain alone, whose switches say nothing */
	r->have_cons_switches = e->cons_switches && cfg->consumer != RBSIM_CONSUMER_NONE;
	if (r->have_cons_switches) {
		r->cons_sleeps = e->cons_nvcsw;
		r->cons_preempts = e->cons_nivcsw;
	}
	r->have_host_waits = cfg->latency && cfg->verify && cfg->consumer != RBSIM_CONSUMER_NONE;
	r->host_waits = e->cons->host_waits;
	r->drain_cut = e->cons->cut;
	if (e->cons->cut && total_committed > r->consumed)
		r->undrained = total_committed - r->consumed;
	if (e->t.ops->stats)
		e->t.ops->stats(&e->t, &r->tstats);
	if (r->tstats.have_drop_reasons) {
		/* the transport's own counters know the reason of every failure */
		for (d = 0; d < RBSIM_DROP_NR; d++)
			r->drops[d] = r->tstats.drops[d];
	}
	for (i = 0; i < cfg->producers; i++)
		bytes += e->prods[i].ctr.bytes;
	engine_rates(cfg, smp, r, bytes);
	seconds(smp, r);
	rbsim_integrity_finish(e->cons, e->committed, total_committed, &r->integrity);
	if (r->tstats.lossy && r->integrity.checked)
		integrity_lossy(&r->integrity, &r->tstats, r->integrity.lost);
	/* --no-verify checks only the balance: fewer consumed than committed is what is missing */
	else if (r->tstats.lossy && r->consumed + r->undrained <= total_committed)
		integrity_lossy(&r->integrity, &r->tstats,
				total_committed - r->consumed - r->undrained);
	/* --consumer none: the snapshot must hold each producer's newest records */
	if (cfg->consumer == RBSIM_CONSUMER_NONE)
		rbsim_integrity_newest(e->cons, e->committed, &r->integrity);
	r->hist = e->cons->hist;
	e->cons->hist = NULL;
}
