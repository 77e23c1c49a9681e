// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: a transport driven by hand (sim/drive.h), its producer and its
 * consumer on the caller's thread, set up as the engine sets up a run's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/clock.h"
#include "sim/drive.h"
#include "sim/verify.h"

static int drive_open(struct rbsim_drive *d, int argc, char **argv, unsigned int max_batch,
		      bool stamped, char *err, size_t errlen)
{
	unsigned int i;
	int ret;

	memset(d, 0, sizeof(*d));
	if (rbsim_run_parse(argc, argv, &d->o, err, errlen))
		return -EINVAL;
	d->o.cfg.stamp_batches = stamped;
	if (d->o.cfg.size_min != d->o.cfg.size_max || d->o.cfg.discard_pct > 0) {
		snprintf(err, errlen, "a transport driven by hand takes records of one size");
		return -EINVAL;
	}
	d->t.ops = d->o.ops;
	d->t.cfg = &d->o.cfg;
	err[0] = '\0';
	ret = d->t.ops->setup(&d->t, err, errlen);
	d->setup = true;
	if (ret) {
		if (!err[0])
			snprintf(err, errlen, "%s: setup: %s", d->t.ops->name, strerror(-ret));
		return ret;
	}
	d->max_batch = max_batch;
	d->nprod = d->o.cfg.producers ? d->o.cfg.producers : 1;
	/* each producer on a line of its own, as a run's (engine.c) */
	d->prods = aligned_alloc(RBSIM_CACHELINE, sizeof(*d->prods) * d->nprod);
	d->p = d->prods;
	d->c = aligned_alloc(RBSIM_CACHELINE, sizeof(*d->c));
	d->sizes = calloc(max_batch ? max_batch : 1, sizeof(__u32));
	if (!d->prods || !d->c || !d->sizes)
		return -ENOMEM;
	memset(d->prods, 0, sizeof(*d->prods) * d->nprod);
	memset(d->c, 0, sizeof(*d->c));
	for (i = 0; i < max_batch; i++)
		d->sizes[i] = d->o.cfg.size_min;
	for (i = 0; i < d->nprod; i++) {
		d->prods[i].id = i;
		rbsim_fill_init(d->t.cfg, &d->prods[i]);
	}
	/* the consumer checks every record, as a run's does */
	d->c->verify = d->t.cfg->verify;
	d->c->latency = d->t.cfg->latency;
	d->c->nprod = d->nprod;
	d->c->pc = calloc(d->nprod, sizeof(*d->c->pc));
	d->c->hist = calloc(1, sizeof(*d->c->hist));
	if (!d->c->pc || !d->c->hist)
		return -ENOMEM;
	rbsim_consumer_arm(d->c);
	for (; d->pinit_n < d->nprod; d->pinit_n++) {
		if (d->t.ops->producer_init &&
		    (ret = d->t.ops->producer_init(&d->t, &d->prods[d->pinit_n])))
			return ret;
	}
	if (d->t.ops->consumer_init && (ret = d->t.ops->consumer_init(&d->t, d->c)))
		return ret;
	d->cinit = true;
	return 0;
}

int rbsim_drive_open(struct rbsim_drive *d, int argc, char **argv, unsigned int max_batch,
		     char *err, size_t errlen)
{
	return drive_open(d, argc, argv, max_batch, false, err, errlen);
}

int rbsim_drive_open_stamped(struct rbsim_drive *d, int argc, char **argv,
			     unsigned int max_batch, char *err, size_t errlen)
{
	return drive_open(d, argc, argv, max_batch, true, err, errlen);
}

long long rbsim_drive_try_on(struct rbsim_drive *d, unsigned int i, __u32 n,
			     struct rbsim_batch_result *res, char *err, size_t errlen)
{
	/* records of one size, none discarded (rbsim_drive_open()): the engine's batch */
	struct rbsim_batch b = { .n = n, .size = d->sizes, .uniform = true };
	__u64 t0, t1;
	int ret;

	memset(res, 0, sizeof(*res));
	if (i >= d->nprod) {
		snprintf(err, errlen, "%s: producer %u of %u", d->t.ops->name, i, d->nprod);
		return -EINVAL;
	}
	if (n > d->max_batch) {
		snprintf(err, errlen, "%s: a batch of %u records, %u at most", d->t.ops->name, n,
			 d->max_batch);
		return -EINVAL;
	}
	t0 = rbsim_now_ns();
	ret = d->t.ops->produce(&d->t, &d->prods[i], &b, res);
	t1 = rbsim_now_ns();
	if (ret) {
		snprintf(err, errlen, "%s: produce: %s", d->t.ops->name, strerror(-ret));
		return ret;
	}
	return (long long)(t1 - t0);
}

long long rbsim_drive_try(struct rbsim_drive *d, __u32 n, struct rbsim_batch_result *res,
			  char *err, size_t errlen)
{
	return rbsim_drive_try_on(d, 0, n, res, err, errlen);
}

long long rbsim_drive_produce_on(struct rbsim_drive *d, unsigned int i, __u32 n, char *err,
				 size_t errlen)
{
	struct rbsim_batch_result res;
	long long t = rbsim_drive_try_on(d, i, n, &res, err, errlen);

	if (t >= 0 && res.committed != n) {
		snprintf(err, errlen, "%s: %u of a batch of %u records committed", d->t.ops->name,
			 res.committed, n);
		return -EIO;
	}
	return t;
}

long long rbsim_drive_produce(struct rbsim_drive *d, __u32 n, char *err, size_t errlen)
{
	return rbsim_drive_produce_on(d, 0, n, err, errlen);
}

long long rbsim_drive_consume(struct rbsim_drive *d, char *err, size_t errlen)
{
	__u64 t0, t1, committed = 0;
	unsigned int i;
	int ret;

	t0 = rbsim_now_ns();
	while ((ret = d->t.ops->consume(&d->t, d->c, 0)) > 0)
		;
	t1 = rbsim_now_ns();
	if (ret < 0) {
		snprintf(err, errlen, "%s: consume: %s", d->t.ops->name, strerror(-ret));
		return ret;
	}
	for (i = 0; i < d->nprod; i++)
		committed += d->prods[i].seq;
	if (d->c->anomalies[RBSIM_ANOM_TORN] || d->c->anomalies[RBSIM_ANOM_GAP] ||
	    d->c->ctr.consumed != committed) {
		snprintf(err, errlen, "%s: %llu records committed, %llu consumed intact",
			 d->t.ops->name, (unsigned long long)committed,
			 (unsigned long long)d->c->ctr.consumed);
		return -EIO;
	}
	return (long long)(t1 - t0);
}

void rbsim_drive_close(struct rbsim_drive *d)
{
	if (d->cinit && d->t.ops->consumer_fini)
		d->t.ops->consumer_fini(&d->t, d->c);
	while (d->pinit_n && d->t.ops->producer_fini)
		d->t.ops->producer_fini(&d->t, &d->prods[--d->pinit_n]);
	if (d->setup && d->t.ops->teardown)
		d->t.ops->teardown(&d->t);
	if (d->c) {
		free(d->c->pc);
		free(d->c->hist);
	}
	free(d->c);
	free(d->prods);
	free(d->sizes);
	rbsim_opts_free(&d->o);
	memset(d, 0, sizeof(*d));
}
