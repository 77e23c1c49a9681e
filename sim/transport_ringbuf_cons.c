// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ringbuf transport's consumers: libbpf's ring_buffer port, the
 * rb-custom batch loop, none (one snapshot at the end), over one ring or
 * several (--reserve shard:K, percpu), calibrated waits (--profile). Moved
 * out of transport_ringbuf.c.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ringbuf/kernel_compat.h"
#include "sim/spin.h"
#include "sim/transport_ringbuf_int.h"

static int rb_sample_cb(void *ctx, void *data, size_t size)
{
	return rbsim_record(ctx, data, (__u32)size);
}

/*
 * Several rings: the records of one producer stay in order (one ring each),
 * those of different producers do not. The stamped records are checked as
 * the perf buffer's CPU rings are (sim/perfbuf_sample.h: ooo_* figures).
 */
static int rb_sample_reorder_cb(void *ctx, void *data, size_t size)
{
	struct rb_consumer *bc = ctx;
	__u64 ts = perfbuf_record_ts(data, (__u32)size);

	if (ts)
		perfbuf_ooo_note(&bc->ooo, ts);
	return rbsim_record(bc->c, data, (__u32)size);
}

int rb_consumer_init(struct rbsim_transport *t, struct rbsim_consumer *c)
{
	struct rb_transport *rt = t->priv;
	const struct rb_opts *ro = t->cfg->topts;
	struct rb_consumer *bc = calloc(1, sizeof(*bc));
	bool several = rt->nmaps > 1;
	ring_consumer_sample_fn cb = several ? rb_sample_reorder_cb : rb_sample_cb;
	void *ctx = several ? (void *)bc : (void *)c;
	unsigned int i;
	int err;

	if (!bc)
		return -ENOMEM;
	bc->c = c;
	/* the CPU it starts on, before it may wait: see rb_wait_charged() */
	WRITE_ONCE(rt->cons_cpu, sched_getcpu());
	/* libbpf's consumer, all rings in its one epoll set; for rb-custom it only waits */
	bc->rc = ring_consumer__new(rt->maps[0], cb, ctx);
	if (!bc->rc) {
		err = -errno;
		goto err_free;
	}
	for (i = 1; i < rt->nmaps; i++) {
		err = ring_consumer__add(bc->rc, rt->maps[i], cb, ctx);
		if (err)
			goto err_rc;
	}
	err = ring_consumer__set_wait(bc->rc, (enum ring_consumer_wait)rb_wait_how(ro));
	if (err)
		goto err_rc;
	if (t->cfg->consumer == RBSIM_CONSUMER_BATCH) {
		/* rb-custom: its own views, consumer page read-write, the rest read-only */
		bc->views = calloc(rt->nmaps, sizeof(*bc->views));
		if (!bc->views) {
			err = -ENOMEM;
			goto err_rc;
		}
		for (i = 0; i < rt->nmaps; i++, bc->nviews++) {
			err = ringbuf_map__mmap(rt->maps[i], &bc->views[i]);
			if (err)
				goto err_views;
		}
	}
	c->priv = bc;
	return 0;

err_views:
	for (i = 0; i < bc->nviews; i++)
		ringbuf_map__munmap(&bc->views[i]);
	free(bc->views);
err_rc:
	ring_consumer__free(bc->rc);
err_free:
	free(bc);
	return err;
}

void rb_consumer_fini(struct rbsim_transport *t, struct rbsim_consumer *c)
{
	struct rb_transport *rt = t->priv;
	struct rb_consumer *bc = c->priv;
	unsigned int i;

	if (!bc)
		return;
	rt->wakeups = bc->wakeups;
	rt->cons_waits = bc->waits;
	rt->busy_stops = ring_consumer__busy_stops(bc->rc);
	rt->cons_woken = bc->woken;
	/* --overwrite runs one ring (rb_validate()) */
	consumer_ring__overwrite_stats(ring_consumer__ring(bc->rc, 0), &rt->ow);
	if (rt->nmaps > 1) {
		rt->ooo = malloc(sizeof(*rt->ooo));
		if (rt->ooo)
			*rt->ooo = bc->ooo;
	}
	__atomic_fetch_add(&rt->charged, bc->charged, __ATOMIC_RELAXED);
	ring_consumer__free(bc->rc);
	for (i = 0; i < bc->nviews; i++)
		ringbuf_map__munmap(&bc->views[i]);
	free(bc->views);
	free(bc);
	c->priv = NULL;
}

/* spin loops less what the consumer's eventfd reads still owe */
static void rb_cons_pay(struct rb_consumer *bc, __u64 loops)
{
	bc->charged += rb_spin_less(&bc->debt, loops);
}

/*
 * the eventfd reads the consumer made since it last looked: a debt each
 * (rb_consume()). Their count alone: the statistics' line, which a producer
 * writes at each notification and refused reservation, would cross the
 * CPUs at every wait for the harness alone
 */
static void rb_cons_reads(const struct rb_transport *rt, struct rb_consumer *bc)
{
	__u64 reads = 0;
	unsigned int i;

	for (i = 0; i < rt->nmaps; i++)
		reads += ringbuf_map__notify_reads(rt->maps[i]);
	bc->debt += (reads - bc->reads) * rt->inj.read_back;
	bc->reads = reads;
}

/*
 * A calibrated consumer's wait: its extra cost falls where the kernel's does
 * around its re-poll of the ring, the system call's way in before the wait
 * (which re-polls first thing), the rest after it returns; a wait it slept in
 * too: no more than that, the kernel's wake-up of a run's consumer costing it
 * what the port's does (sim/calibration.md, "A woken wait"). What the port's
 * eventfd reads cost it, which the kernel does not make, is taken from these
 * charges (rb_cons_reads()).
 */
static int rb_wait_charged(struct rb_transport *rt, struct rb_consumer *bc, int timeout_ms)
{
	__u64 sleeps = ring_consumer__sleeps(bc->rc);
	int n;

	rb_cons_pay(bc, rt->inj.wait_before);
	/* where it may sleep, for a producer's section: pairs with rb_consumer_apart()'s READ_ONCE() */
	WRITE_ONCE(rt->cons_cpu, sched_getcpu());
	n = ring_consumer__wait(bc->rc, timeout_ms);
	bc->waits++;
	/* asleep in its system call and woken with records: counted (woken_waits) */
	if (n > 0 && ring_consumer__sleeps(bc->rc) != sleeps)
		bc->woken++;
	rb_cons_pay(bc, rt->inj.wait - rt->inj.wait_before);
	return n;
}

int rb_consume(struct rbsim_transport *t, struct rbsim_consumer *c, int timeout_ms)
{
	struct rb_transport *rt = t->priv;
	struct rb_consumer *bc = c->priv;
	bool wait = timeout_ms > 0 && t->cfg->poll == RBSIM_POLL_EPOLL;
	bool libbpf = t->cfg->consumer == RBSIM_CONSUMER_LIBBPF;
	unsigned int i;
	int n;

	if (t->cfg->consumer == RBSIM_CONSUMER_NONE) {
		/*
		 * producers only: called once they are joined (the engine's
		 * drain); each ring's records, newest of an overwrite-mode ring,
		 * read in one snapshot that leaves consumer_pos where it is, a
		 * ring a call (the drain's bound is checked between calls: a ring
		 * past it is left undrained, never taken for lost)
		 */
		struct consumer_ring *r;

		/* an empty ring is no reason to stop before the next */
		while ((r = ring_consumer__ring(bc->rc, bc->snapped))) {
			bc->snapped++;
			n = consumer_ring__snapshot(r, 0, rb_sample_cb, c);
			if (n)
				return n;
		}
		return 0;
	}
	if (unlikely(rt->inj.on) && wait) {
		n = rb_wait_charged(rt, bc, timeout_ms);
		if (n > 0) {
			if (libbpf)
				n = ring_consumer__consume(bc->rc);
			else
				for (i = 0, n = 0; i < bc->nviews; i++)
					n += rbsim_ringbuf_custom_process(&bc->views[i], c);
			if (n > 0)
				bc->wakeups++;
		}
		/* the wait's re-poll, or the drain that left the rings empty, read them */
		rb_cons_reads(rt, bc);
		return n == -EINTR ? 0 : n;
	}
	if (libbpf) {
		n = wait ? ring_consumer__poll(bc->rc, timeout_ms) : ring_consumer__consume(bc->rc);
	} else {
		if (wait) {
			n = ring_consumer__wait(bc->rc, timeout_ms);
			if (n <= 0)
				return n == -EINTR ? 0 : n;
		}
		for (i = 0, n = 0; i < bc->nviews; i++)
			n += rbsim_ringbuf_custom_process(&bc->views[i], c);
	}
	/* a wake-up: a wait that returned with records (as the kernel transports count) */
	if (wait && n > 0)
		bc->wakeups++;
	return n == -EINTR ? 0 : n;
}
