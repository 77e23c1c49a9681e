// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: --transport ringbuf, the port of the BPF ring buffer (ringbuf/).
 *
 * Producers do what the selftests' ringbuf_bench.c BPF program does for each
 * record of a batch: bpf_ringbuf_reserve(), write, bpf_ringbuf_submit() with
 * the flags of --wakeup (or bpf_ringbuf_output() from a scratch copy with
 * --use-output). The consumer is either the port of libbpf's ring_buffer
 * (--consumer libbpf: consumer_pos stored after every record) or the
 * selftests' rb-custom loop over the mmap'ed ring (--consumer batch:
 * consumer_pos stored once per drained batch), from
 * tools/testing/selftests/bpf/benchs/bench_ringbufs.c (Linux 6.18).
 *
 * --reserve (sim/reserve.h): kernel (the port as is), cas (the map's
 * lock-free reservation), shard:K and percpu (one ring per K producers, or
 * per producer: producer i writes ring i / K, and the one consumer takes
 * all rings through one epoll set, as Falco's cpus_for_each_buffer). Rings
 * carry no global order; with the libbpf consumer the reordering it sees is
 * measured on the stamped records (reorder_* figures).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ringbuf/ringbuf.h"
#include "ringbuf/consumer.h"
#include "ringbuf/kernel_compat.h"
#include "sim/perfbuf_sample.h"
#include "sim/reserve.h"
#include "sim/transport.h"

#define RINGBUF_MAX_RECORD_SZ (UINT_MAX / 4)

/* its options (cfg->topts) */
struct rb_opts {
	struct rbsim_reserve reserve; /* --reserve */
};

static const struct rbsim_opt rb_options[] = {
	{ .kind = RBSIM_OPT_CUSTOM, .name = "reserve", .metavar = "HOW", .def = "kernel",
	  .parse = rbsim_reserve_opt_parse, .format = rbsim_reserve_opt_format,
	  .help = RBSIM_RESERVE_HELP, RBSIM_OPT_DST(struct rb_opts, reserve) },
	{ 0 }
};

struct rb_transport {
	struct bpf_ringbuf_map **maps;
	unsigned int nmaps, per; /* per: producers per ring */
	__u64 wakeups;          /* the consumer's, saved at consumer_fini */
	struct perfbuf_ooo *ooo; /* likewise: the order seen across rings (shard, percpu) */
};

struct rb_producer {
	struct bpf_ringbuf_map *map; /* its ring */
	unsigned char *scratch; /* --use-output: the record is built here, then copied */
	__u64 seen_fail_lock;   /* the map's fail_lock count at this producer's last look */
};

struct rb_consumer {
	struct ring_consumer *rc;   /* libbpf: consumes; batch: only waits (ring_consumer__wait) */
	struct ringbuf_mmap *views; /* --consumer batch: walked by rbsim_ringbuf_custom_process() */
	unsigned int nviews;
	struct rbsim_consumer *c;
	struct perfbuf_ooo ooo;     /* several rings, libbpf consumer */
	__u64 wakeups;
};

static const struct rbsim_reserve *rb_reserve(const struct rbsim_cfg *cfg)
{
	return &((const struct rb_opts *)cfg->topts)->reserve;
}

static int rb_validate(const struct rbsim_cfg *cfg, char *err, size_t errlen)
{
	/* the kernel's ringbuf_map_alloc() checks, with its reasons */
	if (cfg->ring_size > (1ULL << 31)) {
		snprintf(err, errlen, "--ring-size %llu: too large (max_entries is a u32; the "
			 "largest power of 2 it holds is 2147483648)",
			 (unsigned long long)cfg->ring_size);
		return -1;
	}
	if (!is_power_of_2(cfg->ring_size)) {
		snprintf(err, errlen, "--ring-size %llu: not a power of 2 (the kernel requires "
			 "max_entries to be a power of 2 and page aligned)",
			 (unsigned long long)cfg->ring_size);
		return -1;
	}
	if (!PAGE_ALIGNED(cfg->ring_size)) {
		snprintf(err, errlen, "--ring-size %llu: not page aligned (the kernel requires "
			 "max_entries to be a power of 2 and page aligned, at least %lu)",
			 (unsigned long long)cfg->ring_size, PAGE_SIZE);
		return -1;
	}
	if (cfg->use_output && cfg->discard_pct > 0) {
		snprintf(err, errlen, "--discard needs reserve+submit: bpf_ringbuf_output() "
			 "cannot discard (drop --use-output)");
		return -1;
	}
	return 0;
}

static int rb_setup(struct rbsim_transport *t, char *err, size_t errlen)
{
	const struct rbsim_reserve *res = rb_reserve(t->cfg);
	struct rb_transport *rt = calloc(1, sizeof(*rt));
	unsigned int i;

	if (!rt)
		return -ENOMEM;
	t->priv = rt;
	rt->nmaps = rbsim_reserve_rings(res, t->cfg->producers);
	rt->per = res->kind == RBSIM_RESERVE_SHARD ? res->per : t->cfg->producers;
	rt->maps = calloc(rt->nmaps, sizeof(*rt->maps));
	if (!rt->maps)
		return -ENOMEM;
	for (i = 0; i < rt->nmaps; i++) {
		rt->maps[i] = ringbuf_map__new((__u32)t->cfg->ring_size, 0);
		if (!rt->maps[i]) {
			int e = errno;

			snprintf(err, errlen, "ringbuf_map__new(%llu), ring %u of %u: %s",
				 (unsigned long long)t->cfg->ring_size, i + 1, rt->nmaps,
				 strerror(e));
			return -e;
		}
		if (res->kind == RBSIM_RESERVE_CAS &&
		    ringbuf_map__set_reserve(rt->maps[i], RINGBUF_RESERVE_CAS))
			return -EINVAL;
	}
	return 0;
}

static void rb_teardown(struct rbsim_transport *t)
{
	struct rb_transport *rt = t->priv;
	unsigned int i;

	if (!rt)
		return;
	for (i = 0; rt->maps && i < rt->nmaps; i++)
		ringbuf_map__free(rt->maps[i]);
	free(rt->maps);
	free(rt->ooo);
	free(rt);
	t->priv = NULL;
}

static int rb_producer_init(struct rbsim_transport *t, struct rbsim_producer *p)
{
	struct rb_producer *rp = calloc(1, sizeof(*rp));
	struct rb_transport *rt = t->priv;

	if (!rp)
		return -ENOMEM;
	rp->map = rt->maps[rt->nmaps > 1 ? p->id / rt->per : 0];
	if (t->cfg->use_output) {
		rp->scratch = malloc(t->cfg->size_max + 8);
		if (!rp->scratch) {
			free(rp);
			return -ENOMEM;
		}
	}
	p->priv = rp;
	return 0;
}

static void rb_producer_fini(struct rbsim_transport *t, struct rbsim_producer *p)
{
	struct rb_producer *rp = p->priv;

	(void)t;
	if (!rp)
		return;
	free(rp->scratch);
	free(rp);
	p->priv = NULL;
}

/* why did reserve fail? off the hot path: only after a failure */
static enum rbsim_drop rb_drop_reason(struct rbsim_transport *t, struct rb_producer *rp, __u32 sz)
{
	struct ringbuf_stats st;

	/* as fail_too_big: a record as long as the ring never fits either */
	if (sz > RINGBUF_MAX_RECORD_SZ || round_up((__u64)sz + BPF_RINGBUF_HDR_SZ, 8) >=
	    t->cfg->ring_size)
		return RBSIM_DROP_TOO_BIG;
	/*
	 * The lock fails only after a 250 ms timeout (or a deadlock), so a
	 * change of the map's counter since this producer's last look is
	 * almost surely ours; the end-of-run totals come from the map itself.
	 */
	ringbuf_map__stats(rp->map, &st);
	if (st.fail_lock != rp->seen_fail_lock) {
		rp->seen_fail_lock = st.fail_lock;
		return RBSIM_DROP_LOCK;
	}
	return RBSIM_DROP_NO_SPACE;
}

static int rb_produce(struct rbsim_transport *t, struct rbsim_producer *p,
		      const struct rbsim_batch *b, struct rbsim_batch_result *res)
{
	const struct rbsim_cfg *cfg = t->cfg;
	struct rb_producer *rp = p->priv;
	struct bpf_ringbuf_map *map = rp->map;
	bool need_avail = rbsim_wakeup_needs_avail(cfg);
	__u64 flags = rbsim_wakeup_flags(cfg, 0);
	__u32 i;

	for (i = 0; i < b->n; i++) {
		__u32 sz = RBSIM_BATCH_SIZE(b->size[i]);
		void *rec;

		if (cfg->use_output) {
			rbsim_fill(cfg, p, rp->scratch, sz);
			if (need_avail)
				flags = rbsim_wakeup_flags(cfg, bpf_ringbuf_query(map,
									BPF_RB_AVAIL_DATA));
			if (bpf_ringbuf_output(map, rp->scratch, sz, flags)) {
				p->seq--; /* not committed: the number is reused */
				res->drops[rb_drop_reason(t, rp, sz)]++;
				continue;
			}
			res->committed++;
			res->bytes += sz;
			continue;
		}

		rec = bpf_ringbuf_reserve(map, sz, 0);
		if (unlikely(!rec)) {
			res->drops[rb_drop_reason(t, rp, sz)]++;
			continue;
		}
		if (unlikely(b->size[i] & RBSIM_BATCH_DISCARD)) {
			if (need_avail)
				flags = rbsim_wakeup_flags(cfg, bpf_ringbuf_query(map,
									BPF_RB_AVAIL_DATA));
			bpf_ringbuf_discard(rec, flags);
			res->discarded++;
			continue;
		}
		rbsim_fill(cfg, p, rec, sz);
		/* the selftests' get_flags(): asked at submit time */
		if (need_avail)
			flags = rbsim_wakeup_flags(cfg, bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA));
		bpf_ringbuf_submit(rec, flags);
		res->committed++;
		res->bytes += sz;
	}
	return 0;
}

/* ---- the consumers ---- */

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

static int rb_consumer_init(struct rbsim_transport *t, struct rbsim_consumer *c)
{
	struct rb_transport *rt = t->priv;
	struct rb_consumer *bc = calloc(1, sizeof(*bc));
	bool several = rt->nmaps > 1;
	ring_consumer_sample_fn cb = several ? rb_sample_reorder_cb : rb_sample_cb;
	void *ctx = several ? (void *)bc : (void *)c;
	unsigned int i;
	int err;

	if (!bc)
		return -ENOMEM;
	bc->c = c;
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

static void rb_consumer_fini(struct rbsim_transport *t, struct rbsim_consumer *c)
{
	struct rb_transport *rt = t->priv;
	struct rb_consumer *bc = c->priv;
	unsigned int i;

	if (!bc)
		return;
	rt->wakeups = bc->wakeups;
	if (rt->nmaps > 1) {
		rt->ooo = malloc(sizeof(*rt->ooo));
		if (rt->ooo)
			*rt->ooo = bc->ooo;
	}
	ring_consumer__free(bc->rc);
	for (i = 0; i < bc->nviews; i++)
		ringbuf_map__munmap(&bc->views[i]);
	free(bc->views);
	free(bc);
	c->priv = NULL;
}

static int rb_consume(struct rbsim_transport *t, struct rbsim_consumer *c, int timeout_ms)
{
	struct rb_consumer *bc = c->priv;
	bool wait = timeout_ms > 0 && t->cfg->poll == RBSIM_POLL_EPOLL;
	unsigned int i;
	int n;

	if (t->cfg->consumer == RBSIM_CONSUMER_LIBBPF) {
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

static void rb_stats(struct rbsim_transport *t, struct rbsim_tstats *st)
{
	struct rb_transport *rt = t->priv;
	struct ringbuf_stats s, sum = { 0 };
	__u64 mem = 0;
	unsigned int i;

	for (i = 0; i < rt->nmaps; i++) {
		mem += ringbuf_map__mem_usage(rt->maps[i]);
		ringbuf_map__stats(rt->maps[i], &s);
		sum.notifications += s.notifications;
		sum.notify_dedup += s.notify_dedup;
		sum.fail_no_space += s.fail_no_space;
		sum.fail_lock += s.fail_lock;
		sum.fail_too_big += s.fail_too_big;
	}
	st->notifications = sum.notifications;
	st->wakeups = rt->wakeups;
	st->have_drop_reasons = true;
	st->drops[RBSIM_DROP_NO_SPACE] = sum.fail_no_space;
	st->drops[RBSIM_DROP_LOCK] = sum.fail_lock;
	st->drops[RBSIM_DROP_TOO_BIG] = sum.fail_too_big;
	st->nr_extra = 2;
	st->extra[0].name = "notify_dedup";
	st->extra[0].value = (double)sum.notify_dedup;
	/* what the kernel would charge for all the rings (--reserve shard, percpu: several) */
	st->extra[1].name = "mem_bytes";
	st->extra[1].value = (double)mem;
	if (rt->nmaps < 2)
		return;
	st->nr_extra = 3;
	st->extra[2].name = "rings";
	st->extra[2].value = rt->nmaps;
	/* with the libbpf consumer (rb-custom walks the rings itself, unchecked) */
	if (rt->ooo && t->cfg->consumer == RBSIM_CONSUMER_LIBBPF) {
		st->nr_extra = 7;
		perfbuf_ooo_extras(rt->ooo, st, 3);
	}
}

static struct rbsim_transport_ops ringbuf_ops = {
	.name = "ringbuf",
	.options = rb_options,
	.opts_size = sizeof(struct rb_opts),
	.caps = RBSIM_CAP_CONSUMER_KIND | RBSIM_CAP_OUTPUT | RBSIM_CAP_WAKEUP_AVAIL |
		RBSIM_CAP_DROP_RATE | RBSIM_CAP_NOTIFY_COUNT | RBSIM_CAP_DROP_LOCK |
		RBSIM_CAP_DROP_TOO_BIG,
	.summary = "the port of the BPF ring buffer (Linux " RBSIM_KERNEL_VERSION
		   " kernel/bpf/ringbuf.c, libbpf consumer)",
	.validate = rb_validate,
	.max_record = rbsim_ringbuf_max_record,
	.wakeup_max = rbsim_ringbuf_wakeup_max,
	.setup = rb_setup,
	.teardown = rb_teardown,
	.producer_init = rb_producer_init,
	.producer_fini = rb_producer_fini,
	.produce = rb_produce,
	.consumer_init = rb_consumer_init,
	.consumer_fini = rb_consumer_fini,
	.consume = rb_consume,
	.stats = rb_stats,
};
RBSIM_TRANSPORT(ringbuf, ringbuf_ops);
