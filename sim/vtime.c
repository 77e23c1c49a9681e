// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the virtual-time engine's scheduler (sim/vtime.h, model in
 * sim/vtime.md). The producers are a heap of their next attempts by (time,
 * id); each step runs the earliest one's record through the port at its
 * time, after the clock's whole seconds (the per-second samples, as the
 * real engine's ticks take them) and the consumer (sim/vtime_cons.c) have
 * been run up to it. A producer attempts a record at its arrival
 * (sim/arrivals.h), or when it is done with its last one if that is later:
 * produce_ns per record, notify_ns more per notification it queues.
 *
 * With vo->cpus, the many-CPU model (sim/vtime_cpus.c) says when each
 * producer's reserve runs instead: on its virtual CPU, through its ring's
 * lock (or CAS word) in arrival order, each hand-off charged its transfers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "sim/engine_int.h"
#include "sim/vtime_int.h"

#define B2B_POLL_TIMEOUT_NS 50000000ULL /* the real engine's consumer: 50 ms per poll */

int vt_fifo_grow(struct vt *vt, unsigned int buf)
{
	struct vt_fifo *f = &vt->fifo[buf];
	__u64 cap = 2 * (f->mask + 1), i;
	struct vt_entry *n = malloc(cap * sizeof(*n));

	if (!n)
		return -ENOMEM;
	/* the entries still in the ring, kept in order */
	for (i = f->done; i != f->tail; i++)
		n[i & (cap - 1)] = f->e[i & f->mask];
	free(f->e);
	f->e = n;
	f->mask = cap - 1;
	return 0;
}

/* ---- the producers' heap, by (t, id) ---- */

static inline bool before(const struct vt *vt, unsigned int a, unsigned int b)
{
	return vt->prods[a].t < vt->prods[b].t || (vt->prods[a].t == vt->prods[b].t && a < b);
}

static void sift_down(struct vt *vt, unsigned int i)
{
	unsigned int *h = vt->heap, n = vt->nheap;

	for (;;) {
		unsigned int l = 2 * i + 1, m = i, tmp;

		if (l < n && before(vt, h[l], h[m]))
			m = l;
		if (l + 1 < n && before(vt, h[l + 1], h[m]))
			m = l + 1;
		if (m == i)
			return;
		tmp = h[i];
		h[i] = h[m];
		h[m] = tmp;
		vt->hpos[h[i]] = i;
		vt->hpos[h[m]] = m;
		i = m;
	}
}

static void sift_up(struct vt *vt, unsigned int i)
{
	unsigned int *h = vt->heap, tmp;

	while (i && before(vt, h[i], h[(i - 1) / 2])) {
		tmp = h[i];
		h[i] = h[(i - 1) / 2];
		h[(i - 1) / 2] = tmp;
		vt->hpos[h[i]] = i;
		vt->hpos[h[(i - 1) / 2]] = (i - 1) / 2;
		i = (i - 1) / 2;
	}
}

void vt_heap_earlier(struct vt *vt, struct vt_prod *vp, __u64 t)
{
	vp->t = t;
	sift_up(vt, vt->hpos[vp->p.id]);
}

void vt_heap_later(struct vt *vt, struct vt_prod *vp)
{
	if (vt->nheap > 1)
		sift_down(vt, vt->hpos[vp->p.id]);
}

/* ---- the clock's seconds: the samples of the result ---- */

static void vt_snapshot(const struct vt *vt, __u64 t, struct engine_snap *s)
{
	unsigned int i;
	int d;

	s->t_ns = t;
	s->consumed = vt->c->ctr.consumed;
	s->bytes = vt->c->ctr.bytes;
	s->drops = 0;
	for (i = 0; i < vt->nprod; i++)
		for (d = 0; d < RBSIM_DROP_NR; d++)
			s->drops += vt->prods[i].p.ctr.drops[d];
}

struct vt_ticks {
	struct engine_samples smp;
	struct engine_snap prev;
	unsigned int iter;
	bool oom;
};

/*
 * everything due up to T: the whole seconds and the host's periods
 * (hoststop=) on the way, in time order, then the consumer
 */
static void vt_until(struct vt *vt, struct vt_ticks *tk, __u64 T)
{
	const struct rbsim_cfg *cfg = vt->cfg;
	struct engine_snap cur;

	for (;;) {
		if (vt->host && vt->host->next <= T && vt->host->next <= vt->next_tick) {
			vt_cons_until(vt, vt->host->next);
			vt_host_period(vt);
			continue;
		}
		if (vt->next_tick > T)
			break;
		vt_cons_until(vt, vt->next_tick);
		vt_cons_flush(vt);
		vt_snapshot(vt, vt->next_tick, &cur);
		tk->iter++;
		if ((cfg->records || tk->iter > cfg->warmup_s) &&
		    !engine_push_sample(&tk->smp, &tk->prev, &cur))
			tk->oom = true;
		tk->prev = cur;
		vt->next_tick += 1000000000ULL;
		if (vt->next_tick > vt->end_ns)
			vt->next_tick = VT_NEVER;
	}
	vt_cons_until(vt, T);
}

/* ---- a producer's record ---- */

/* the next record's size word (size | RBSIM_BATCH_DISCARD), from the trace or the spec */
static inline __u32 vt_next_size(struct vt *vt, struct vt_prod *vp)
{
	if (vt->const_size)
		return vt->const_size;
	if (vt->cfg->trace)
		return vt->cfg->trace->size[vp->p.id][vp->p.attempted];
	if (!vp->nsizes) {
		rbsim_gen_sizes(vt->size, vt->cfg->discard_pct, &vp->p.rng, vp->sizes, VT_SIZES);
		vp->nsizes = VT_SIZES;
	}
	return vp->sizes[VT_SIZES - vp->nsizes--];
}

void vt_attempt(struct vt *vt, struct vt_prod *vp)
{
	const struct rbsim_cfg *cfg = vt->cfg;
	__u64 t = vp->free_ns;

	if (cfg->records && vp->p.attempted >= vp->p.quota) {
		vp->t = VT_NEVER;
		return;
	}
	if (vt->paced) {
		if (vp->s.next_ns == RBSIM_SCHED_END) {
			vp->t = VT_NEVER;
			return;
		}
		if (vp->s.next_ns > t)
			t = vp->s.next_ns;
	}
	/* a timed run's producers stop with the run */
	vp->t = t >= vt->end_ns ? VT_NEVER : t;
}

void vt_record(struct vt *vt, struct vt_prod *vp)
{
	const struct rbsim_cfg *cfg = vt->cfg;
	struct rbsim_producer *p = &vp->p;
	__u32 size = vt_next_size(vt, vp), sz = RBSIM_BATCH_SIZE(size);
	int ret;

	vt->now = vp->t;
	vt->notes = 0;
	vt->calls = 0;
	vt->woke = 0;
	vt->refused = false;
	ret = vt->kind == VT_RINGBUF ? vt_rb_produce(vt, vp, size) : vt_pb_produce(vt, vp, size);
	if (ret < 0) {
		vt->err = ret;
		snprintf(vt->why, sizeof(vt->why), "virtual time: producing a record: %s",
			 strerror(-ret));
		return;
	}
	p->attempted++;
	if (ret == 0) {
		unsigned int b = vt_buf_of(vt, p);
		/* the space held now: libbpf's consumer gave back what it is done with */
		__u64 fill = vt->fifo[b].bytes - (b ? 0 : vt->cons.untaken_bytes);

		if (fill > vt->peak_bytes)
			vt->peak_bytes = fill;
		p->ctr.committed++;
		p->ctr.bytes += sz;
		if (cfg->poll == RBSIM_POLL_BUSY)
			vt_cons_committed(vt);
	} else if (ret == VT_DISCARDED) {
		p->ctr.discarded++;
	} else {
		p->ctr.drops[ret - VT_DROP(0)]++;
		/* refuse is for want of space; a record too big costs produce, as before */
		vt->refused = ret == VT_DROP(RBSIM_DROP_NO_SPACE);
		if (vt->first_drop_ns == VT_NEVER)
			vt->first_drop_ns = vt->now;
	}
	vp->last_ns = vt->now;
}

static void vt_produce(struct vt *vt, struct vt_prod *vp)
{
	const struct rbsim_cfg *cfg = vt->cfg;

	if (vt->mc) {
		vt_cpus_step(vt, vp);
		return;
	}
	if (vt->host)
		vt_host_prod_runs(vt, vp);
	vt_record(vt, vp);
	if (vt->err)
		return;
	vp->free_ns = vt->now + (vt->refused ? cfg->vcosts.refuse_ns : cfg->vcosts.produce_ns) +
		      vt->notes * cfg->vcosts.notify_ns;
	if (cfg->vplace == RBSIM_VPLACE_SHARED && vp == vt->prods)
		vt_cons_yield(vt, vt->now, vp->free_ns);
	if (vt->paced) {
		vp->late_ns = vt->now - vp->s.next_ns;
		rbsim_sched_step(&vp->s);
	}
	vt_attempt(vt, vp);
}

/* ---- the runs ---- */

static bool vt_stop(const struct vt *vt)
{
	return vt->err || (vt->vo && vt->vo->fill_only && vt->first_drop_ns != VT_NEVER);
}

/* producers as their schedules say, the consumer woken by notifications */
static __u64 vt_loop(struct vt *vt, struct vt_ticks *tk)
{
	__u64 end = 0;
	unsigned int i;

	while (!vt_stop(vt)) {
		struct vt_prod *vp = &vt->prods[vt->heap[0]];

		/* past the end: every producer done (the model's: or waiting for a turn) */
		if (vp->t == VT_NEVER || vp->t >= vt->end_ns)
			break;
		if (vp->t >= vt->next_tick || vt->cons.t <= vp->t ||
		    (vt->host && vp->t >= vt->host->next)) {
			vt_until(vt, tk, vp->t);
			/* the host stopped a producer: its next attempt moved, the heap too */
			if (vt->host_moved) {
				vt->host_moved = false;
				continue;
			}
		}
		vt_produce(vt, vp);
		if (vt->nheap > 1)
			sift_down(vt, vt->hpos[vp->p.id]);
	}
	for (i = 0; i < vt->nprod; i++)
		if (vt->prods[i].p.attempted && vt->prods[i].free_ns > end)
			end = vt->prods[i].free_ns;
	return end;
}

/*
 * --b2b: one producer driven by the consumer's thread, as the real engine
 * does it: a batch, then a poll that returns at once after a notification
 * (the thread never slept) or times out after 50 ms, consuming nothing
 */
static __u64 vt_b2b(struct vt *vt, struct vt_ticks *tk)
{
	struct vt_prod *vp = &vt->prods[0];
	struct vt_cons *k = &vt->cons;
	__u64 t = 0;
	__u32 i;

	while (!vt_stop(vt) && vp->t != VT_NEVER) {
		for (i = 0; i < vt->cfg->batch && vp->t != VT_NEVER && !vt->err; i++) {
			vt_until(vt, tk, vp->t);
			vt_produce(vt, vp);
		}
		t = vp->free_ns;
		vt_until(vt, tk, t);
		/* a stalled consumer thread triggers no more batches: the ring stays as it is */
		if (k->st == VC_DONE)
			break;
		if (k->st == VC_IDLE || vt->b2b_pending) {
			vt_cons_poll(vt, t, k->st != VC_IDLE);
			vt->b2b_pending = false;
			while (k->st != VC_SLEEP && k->st != VC_IDLE && !vt->err)
				vt_until(vt, tk, k->t);
			t = k->idle_t;
		} else {
			t += B2B_POLL_TIMEOUT_NS;
		}
		if (vp->t != VT_NEVER && vp->t < t)
			vp->t = t >= vt->end_ns ? VT_NEVER : t;
	}
	return t;
}

/* ---- setup, result, teardown ---- */

static int vt_alloc(struct vt *vt)
{
	const struct rbsim_cfg *cfg = vt->cfg;
	struct rbsim_consumer *c;
	unsigned int i;

	vt->prods = aligned_alloc(RBSIM_CACHELINE, sizeof(*vt->prods) * vt->nprod);
	vt->heap = calloc(vt->nprod, sizeof(*vt->heap));
	vt->hpos = calloc(vt->nprod, sizeof(*vt->hpos));
	vt->fifo = calloc(vt->nbuf, sizeof(*vt->fifo));
	vt->ready = calloc(vt->nbuf, sizeof(*vt->ready));
	vt->cons.round_bufs = calloc(vt->nbuf, sizeof(*vt->cons.round_bufs));
	vt->cons.pp_end = calloc(vt->nbuf, sizeof(*vt->cons.pp_end));
	vt->hist = calloc(1, sizeof(*vt->hist));
	vt->scratch = malloc((size_t)cfg->size_max + 8);
	vt->c = c = aligned_alloc(RBSIM_CACHELINE, sizeof(*c));
	if (!vt->prods || !vt->heap || !vt->hpos || !vt->fifo || !vt->ready || !vt->cons.round_bufs ||
	    !vt->cons.pp_end || !vt->hist || !vt->scratch || !c)
		return -ENOMEM;
	memset(vt->prods, 0, sizeof(*vt->prods) * vt->nprod);
	for (i = 0; i < vt->nbuf; i++) {
		vt->fifo[i].e = malloc(1024 * sizeof(*vt->fifo[i].e));
		if (!vt->fifo[i].e)
			return -ENOMEM;
		vt->fifo[i].mask = 1023;
		vt->fifo[i].hole = VT_NEVER;
	}
	/* the verifier, as the real engine arms it, without the clock: no latency, no work */
	memset(c, 0, sizeof(*c));
	c->verify = cfg->verify;
	c->nprod = vt->nprod;
	c->pc = calloc(vt->nprod, sizeof(*c->pc));
	c->hist = calloc(1, sizeof(*c->hist));
	if (!c->pc || !c->hist)
		return -ENOMEM;
	if (vt->vo && vt->vo->fault) {
		c->fault = vt->vo->fault;
		c->fault_at = vt->vo->fault_at;
		c->fault_buf = malloc((size_t)cfg->size_max + 8);
		if (!c->fault_buf)
			return -ENOMEM;
		c->extra = true;
	}
	rbsim_consumer_arm(c);
	return 0;
}

static void vt_init_prods(struct vt *vt)
{
	const struct rbsim_cfg *cfg = vt->cfg;
	__u64 end = cfg->records ? RBSIM_SCHED_END : vt->end_ns;
	unsigned int i;

	for (i = 0; i < vt->nprod; i++) {
		struct vt_prod *vp = &vt->prods[i];

		vp->p.id = i;
		rbsim_fill_init(&vt->fill_cfg, &vp->p);
		rbsim_rng_seed(&vp->p.rng, cfg->seed, i);
		if (cfg->records)
			vp->p.quota = cfg->records / vt->nprod + (i < cfg->records % vt->nprod);
		if (cfg->trace)
			vp->p.quota = i < cfg->trace->producers ? cfg->trace->n[i] : 0;
		rbsim_sched_init(&vp->s, cfg, i, end);
		vt_attempt(vt, vp);
		vt->heap[i] = i;
		vt->hpos[i] = i;
	}
	vt->nheap = vt->nprod;
	for (i = vt->nprod / 2; i-- > 0;)
		sift_down(vt, i);
}

static int vt_setup(struct vt *vt, char *err, size_t errlen)
{
	const struct rbsim_cfg *cfg = vt->cfg;
	int ret;

	if (!strcmp(cfg->transport, "ringbuf")) {
		vt->kind = VT_RINGBUF;
	} else if (!strcmp(cfg->transport, "perfbuf")) {
		vt->kind = VT_PERFBUF;
	} else {
		snprintf(err, errlen, "--virtual runs the ports: --transport ringbuf or perfbuf, "
			 "not %s", cfg->transport);
		return -EINVAL;
	}
	if (!cfg->vcosts.produce_ns && !rbsim_paced(cfg) && !cfg->records) {
		snprintf(err, errlen, "--vcosts produce=0: a producer without a schedule would "
			 "send without end at time 0; give produce a cost, --rate, --burst or "
			 "--records");
		return -EINVAL;
	}
	/* the many-CPU model's producers and sizing's stop at the first refusal pay none */
	if (!cfg->vcosts.refuse_ns && !rbsim_paced(cfg) && !cfg->records &&
	    !(vt->vo && (vt->vo->cpus || vt->vo->fill_only))) {
		snprintf(err, errlen, "--vcosts refuse=0: a producer without a schedule would "
			 "retry a full ring without end at one instant; give refuse a cost, "
			 "--rate, --burst or --records");
		return -EINVAL;
	}
	vt->nprod = cfg->b2b ? 1 : cfg->producers;
	vt->nbuf = vt->kind == VT_RINGBUF ? 1 : vt->nprod;
	if (vt->vo && vt->vo->cpus) {
		ret = vt_cpus_setup(vt, err, errlen);
		if (ret)
			return ret;
	}
	vt->multi = vt->nbuf > 1 || vt->kind == VT_PERFBUF;
	vt->fill_cfg = *cfg;
	vt->fill_cfg.latency = false;
	vt->fill_cfg.lat_every = 0;
	vt->end_ns = cfg->records ? VT_NEVER :
		     (__u64)(cfg->warmup_s + cfg->duration_s) * 1000000000ULL;
	vt->measure_from = cfg->records ? 0 : (__u64)cfg->warmup_s * 1000000000ULL;
	if (vt->mc)
		vt->end_ns = vt->vo->cpus->end_ns;
	vt->first_drop_ns = VT_NEVER;
	vt->next_tick = 1000000000ULL;
	vt->paced = rbsim_paced(cfg);
	if (!cfg->trace && rbsim_sizes_constant(vt->size, cfg->discard_pct))
		vt->const_size = vt->size->min;
	ret = vt_alloc(vt);
	if (ret) {
		snprintf(err, errlen, "out of memory");
		return ret;
	}
	/* the model's producers start where it puts them, then the heap is built */
	if (vt->mc)
		vt_cpus_start(vt);
	vt_init_prods(vt);
	vt_cons_init(vt);
	ret = vt_host_setup(vt, err, errlen);
	if (ret)
		return ret;
	return vt->kind == VT_RINGBUF ? vt_rb_setup(vt, err, errlen) : vt_pb_setup(vt, err, errlen);
}

static void vt_free(struct vt *vt)
{
	unsigned int i;

	if (vt->kind == VT_RINGBUF)
		vt_rb_teardown(vt);
	else
		vt_pb_teardown(vt);
	vt_cpus_free(vt);
	vt_host_free(vt);
	for (i = 0; vt->fifo && i < vt->nbuf; i++)
		free(vt->fifo[i].e);
	if (vt->c) {
		free(vt->c->pc);
		free(vt->c->hist);
		free(vt->c->fault_buf);
	}
	free(vt->c);
	free(vt->fifo);
	free(vt->ready);
	free(vt->cons.round_bufs);
	free(vt->cons.pp_end);
	free(vt->heap);
	free(vt->hpos);
	free(vt->prods);
	free(vt->hist);
	free(vt->scratch);
}

/* --rate: offered and kept, from each producer's last attempt (sim/vtime.md) */
static void vt_rate_result(const struct vt *vt, struct rbsim_result *r)
{
	const struct rbsim_cfg *cfg = vt->cfg;
	double rate = rbsim_sched_rate(cfg), sum = 0;
	unsigned int i, n = 0;

	for (i = 0; i < vt->nprod; i++) {
		const struct vt_prod *vp = &vt->prods[i];
		__u64 lag = vp->p.attempted ? 1 + (__u64)((double)vp->late_ns * rate / 1e9) : 0;
		double span = (double)vp->last_ns + (rate > 0 ? 1e9 / rate : 0);

		if (lag > r->rate_lag)
			r->rate_lag = lag;
		if (cfg->records && vp->p.attempted && span > 0) {
			sum += (double)vp->p.attempted * 1e9 / span;
			n++;
		}
	}
	if (cfg->records)
		r->rate_offered = n ? sum / n : 0;
	else
		r->rate_offered = (double)r->attempted / cfg->producers /
				  (cfg->warmup_s + cfg->duration_s);
	r->rate_met = r->rate_lag <= rbsim_rate_allowance(cfg);
}

static void vt_result(struct vt *vt, const struct vt_ticks *tk, __u64 end,
		      struct rbsim_result *r)
{
	const struct rbsim_cfg *cfg = vt->cfg;
	__u64 *committed = calloc(vt->nprod, sizeof(*committed)), total = 0;
	unsigned int i;
	int d;

	for (i = 0; i < vt->nprod; i++) {
		const struct rbsim_producer *p = &vt->prods[i].p;

		if (committed)
			committed[i] = p->ctr.committed;
		total += p->ctr.committed;
		engine_add_producer(r, p);
	}
	if (rbsim_paced(cfg))
		vt_rate_result(vt, r);
	r->consumed = vt->c->ctr.consumed;
	r->consumed_bytes = vt->c->ctr.bytes;
	r->drain_cut = vt->cons.cut;
	if (vt->cons.cut && total > r->consumed)
		r->undrained = total - r->consumed;
	if (vt->kind == VT_RINGBUF)
		vt_rb_stats(vt, &r->tstats);
	else
		vt_pb_stats(vt, &r->tstats);
	r->tstats.wakeups = vt->cons.wakeups;
	if (vt->host && r->tstats.nr_extra + 2 <= RBSIM_TSTATS_EXTRA) {
		__u64 all = 0;

		for (i = 0; i < vt->host->n; i++)
			all += vt->host->cpu[i].stops;
		/* the periods the host stopped a CPU for, and of those the consumer's */
		r->tstats.extra[r->tstats.nr_extra].name = "host_stops";
		r->tstats.extra[r->tstats.nr_extra++].value = (double)all;
		r->tstats.extra[r->tstats.nr_extra].name = "host_stops_consumer";
		r->tstats.extra[r->tstats.nr_extra++].value =
			vt->host->n > vt->nprod ? (double)vt->host->cpu[vt->nprod].stops : 0;
	}
	if (r->tstats.have_drop_reasons)
		for (d = 0; d < RBSIM_DROP_NR; d++)
			r->drops[d] = r->tstats.drops[d];
	r->elapsed_s = (double)end / 1e9;
	/* the producers' bytes count only under --consumer none, which virtual time refuses */
	engine_rates(cfg, &tk->smp, r, 0);
	vt->c->cut = vt->cons.cut;
	if (committed)
		rbsim_integrity_finish(vt->c, committed, total, &r->integrity);
	free(committed);
	r->hist = vt->hist;
	r->have_peak = true;
	r->peak_bytes = vt->peak_bytes;
	r->peak_of = vt->kind == VT_PERFBUF ? vt->pages * PAGE_SIZE : vt->cfg->ring_size;
	vt->hist = NULL;
	r->threads = 1;
	r->cpus = 1;
}

static double tv_s(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

int rbsim_vtime_run(const struct rbsim_cfg *cfg, const struct rbsim_size_spec *size,
		    const struct rbsim_vtime_opts *vo, struct rbsim_result *r,
		    struct rbsim_vtime_extra *x, char *err, size_t errlen)
{
	struct vt *vt = calloc(1, sizeof(*vt));
	struct vt_ticks tk = { 0 };
	struct rusage ru0, ru1;
	__u64 wall0 = rbsim_now_ns(), end;
	unsigned int i;
	int ret;

	memset(r, 0, sizeof(*r));
	if (!vt) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	vt->cfg = cfg;
	vt->size = size;
	vt->vo = vo;
	getrusage(RUSAGE_SELF, &ru0);
	ret = vt_setup(vt, err, errlen);
	if (!ret) {
		end = cfg->b2b ? vt_b2b(vt, &tk) : vt_loop(vt, &tk);
		if (!vt->err && !vt_stop(vt)) {
			if (!cfg->records)
				end = vt->end_ns;
			vt_until(vt, &tk, end);
			vt->next_tick = VT_NEVER;
			if (vt->mc)
				vt_cpus_release(vt, end);
			vt_cons_drain(vt, end);
			if (vt->cons.idle_t > end)
				end = vt->cons.idle_t;
		}
		/* a failure during the run is never bad input */
		ret = vt->err == -EINVAL || vt->err == -E2BIG ? -EIO : vt->err;
		if (!ret && tk.oom)
			ret = -ENOMEM;
		if (ret)
			snprintf(err, errlen, "%s", vt->why[0] ? vt->why : strerror(-ret));
		else
			vt_result(vt, &tk, end, r);
	}
	getrusage(RUSAGE_SELF, &ru1);
	r->cpu_user_s = tv_s(&ru1.ru_utime) - tv_s(&ru0.ru_utime);
	r->cpu_sys_s = tv_s(&ru1.ru_stime) - tv_s(&ru0.ru_stime);
	if (x) {
		x->first_drop_ns = vt->first_drop_ns;
		x->peak_bytes = vt->peak_bytes;
		x->mem_usage = vt->map ? ringbuf_map__mem_usage(vt->map) : 0;
		x->records = 0;
		for (i = 0; !ret && i < vt->nprod; i++)
			x->records += vt->prods[i].p.attempted;
		x->wall_s = (double)(rbsim_now_ns() - wall0) / 1e9;
	}
	engine_samples_free(&tk.smp);
	vt_free(vt);
	free(vt);
	return ret;
}
