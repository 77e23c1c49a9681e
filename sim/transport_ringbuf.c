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
 * With --profile FILE it is a calibrated port (sim/inject.h): each producer
 * and the consumer also spend what the kernel pays beyond the port for each
 * record, batch, notification, wake-up and wait.
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
#include "sim/inject.h"
#include "sim/spin.h"
#include "sim/transport.h"

#define RINGBUF_MAX_RECORD_SZ (UINT_MAX / 4)

/* its options (cfg->topts) */
struct rb_opts {
	struct rbsim_inject_opts inject;  /* --profile, --profile-trigger */
};

static const struct rbsim_opt rb_options[] = {
	RBSIM_INJECT_OPTIONS(struct rb_opts, inject),
	{ 0 }
};

struct rb_transport {
	struct bpf_ringbuf_map *map;
	__u64 wakeups;          /* the consumer's, saved at consumer_fini */
	struct rbsim_inject inj; /* --profile's charges, read-only once set up */
	__u64 charged;          /* --profile: loops spun: notifications as they come, producers
				 * and the consumer at their fini */
};

struct rb_producer {
	unsigned char *scratch; /* --use-output: the record is built here, then copied */
	__u64 seen_fail_lock;   /* the map's fail_lock count at this producer's last look */
	__u32 inj_size;         /* --profile: the last record size charged, and its loops */
	__u64 inj_loops;
	__u64 charged;          /* --profile: loops spun for records and batches */
};

struct rb_consumer {
	struct ring_consumer *rc;   /* libbpf: consumes; batch: only waits (ring_consumer__wait) */
	struct ringbuf_mmap view;   /* --consumer batch: walked by rbsim_ringbuf_custom_process() */
	__u64 wakeups;
	__u64 charged;              /* --profile: loops spun for waits and wake-ups */
};

static int rb_validate(const struct rbsim_cfg *cfg, char *err, size_t errlen)
{
	const struct rb_opts *o = cfg->topts;

	/* an option that would change nothing is refused, as the engine refuses its own */
	if (o && !o->inject.path && o->inject.trigger != KPROD_TRIG_SYSCALL) {
		snprintf(err, errlen, "--profile-trigger %s: only with --profile FILE (the pure "
			 "port pays no trigger)", kprod_trigger_names[o->inject.trigger]);
		return -EINVAL;
	}
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

static bool rb_notify_hook(void *ctx)
{
	struct rb_transport *rt = ctx;

	rbsim_spin(rt->inj.notify);
	/* any producer may notify: one sum, read by rb_stats() after the run */
	__atomic_fetch_add(&rt->charged, rt->inj.notify, __ATOMIC_RELAXED);
	return false;
}

static int rb_setup(struct rbsim_transport *t, char *err, size_t errlen)
{
	struct rb_transport *rt = calloc(1, sizeof(*rt));

	if (!rt)
		return -ENOMEM;
	t->priv = rt;
	rt->map = ringbuf_map__new((__u32)t->cfg->ring_size, 0);
	if (!rt->map) {
		int e = errno;

		snprintf(err, errlen, "ringbuf_map__new(%llu): %s",
			 (unsigned long long)t->cfg->ring_size, strerror(e));
		return -e;
	}
	rbsim_inject_setup(&rt->inj, &((const struct rb_opts *)t->cfg->topts)->inject);
	/* where the kernel queues its irq_work: its extra cost, then the port's eventfd write */
	if (rt->inj.notify)
		ringbuf_map__set_notify_hook(rt->map, rb_notify_hook, rt);
	return 0;
}

static void rb_teardown(struct rbsim_transport *t)
{
	struct rb_transport *rt = t->priv;

	if (!rt)
		return;
	ringbuf_map__free(rt->map);
	free(rt);
	t->priv = NULL;
}

static int rb_producer_init(struct rbsim_transport *t, struct rbsim_producer *p)
{
	struct rb_producer *rp = calloc(1, sizeof(*rp));

	if (!rp)
		return -ENOMEM;
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
	struct rb_transport *rt = t->priv;

	if (!rp)
		return;
	/* producers end on their own threads: one sum for all */
	__atomic_fetch_add(&rt->charged, rp->charged, __ATOMIC_RELAXED);
	free(rp->scratch);
	free(rp);
	p->priv = NULL;
}

/* why did reserve fail? off the hot path: only after a failure */
static enum rbsim_drop rb_drop_reason(struct rbsim_transport *t, struct rb_producer *rp, __u32 sz)
{
	struct rb_transport *rt = t->priv;
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
	ringbuf_map__stats(rt->map, &st);
	if (st.fail_lock != rp->seen_fail_lock) {
		rp->seen_fail_lock = st.fail_lock;
		return RBSIM_DROP_LOCK;
	}
	return RBSIM_DROP_NO_SPACE;
}

/* --profile: pay for one record of sz bytes (the same size as the last is the rule) */
static inline void rb_record_charge(const struct rb_transport *rt, struct rb_producer *rp,
				    __u32 sz)
{
	if (sz != rp->inj_size) {
		rp->inj_size = sz;
		rp->inj_loops = rbsim_inject_record_loops(&rt->inj, sz);
	}
	rbsim_spin(rp->inj_loops);
	rp->charged += rp->inj_loops;
}

/*
 * The batch, once for the pure port and once for a calibrated one (charged:
 * a constant, so that the pure port's loop carries no test for it). The
 * charge of a record falls between reserve and commit, where the kernel's
 * program builds and copies it.
 */
static inline __attribute__((always_inline)) int
produce_batch(struct rbsim_transport *t, struct rbsim_producer *p, const struct rbsim_batch *b,
	      struct rbsim_batch_result *res, const bool charged)
{
	const struct rbsim_cfg *cfg = t->cfg;
	struct rb_transport *rt = t->priv;
	struct rb_producer *rp = p->priv;
	struct bpf_ringbuf_map *map = rt->map;
	bool need_avail = rbsim_wakeup_needs_avail(cfg);
	__u64 flags = rbsim_wakeup_flags(cfg, 0);
	__u32 i;

	if (charged) {
		rbsim_spin(rt->inj.trigger);
		rp->charged += rt->inj.trigger;
	}
	for (i = 0; i < b->n; i++) {
		__u32 sz = RBSIM_BATCH_SIZE(b->size[i]);
		void *rec;

		if (cfg->use_output) {
			rbsim_fill(cfg, p, rp->scratch, sz);
			if (charged)
				rb_record_charge(rt, rp, sz);
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
			if (charged)
				rb_record_charge(rt, rp, sz);
			if (need_avail)
				flags = rbsim_wakeup_flags(cfg, bpf_ringbuf_query(map,
									BPF_RB_AVAIL_DATA));
			bpf_ringbuf_discard(rec, flags);
			res->discarded++;
			continue;
		}
		rbsim_fill(cfg, p, rec, sz);
		if (charged)
			rb_record_charge(rt, rp, sz);
		/* the selftests' get_flags(): asked at submit time */
		if (need_avail)
			flags = rbsim_wakeup_flags(cfg, bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA));
		bpf_ringbuf_submit(rec, flags);
		res->committed++;
		res->bytes += sz;
	}
	return 0;
}

static int rb_produce(struct rbsim_transport *t, struct rbsim_producer *p,
		      const struct rbsim_batch *b, struct rbsim_batch_result *res)
{
	const struct rb_transport *rt = t->priv;

	if (unlikely(rt->inj.on))
		return produce_batch(t, p, b, res, true);
	return produce_batch(t, p, b, res, false);
}

/* ---- the consumers ---- */

static int rb_sample_cb(void *ctx, void *data, size_t size)
{
	return rbsim_record(ctx, data, (__u32)size);
}

static int rb_consumer_init(struct rbsim_transport *t, struct rbsim_consumer *c)
{
	struct rb_transport *rt = t->priv;
	struct rb_consumer *bc = calloc(1, sizeof(*bc));
	int err;

	if (!bc)
		return -ENOMEM;
	/* libbpf's consumer; for rb-custom it only provides the waiting */
	bc->rc = ring_consumer__new(rt->map, rb_sample_cb, c);
	if (!bc->rc) {
		err = -errno;
		goto err_free;
	}
	if (t->cfg->consumer == RBSIM_CONSUMER_BATCH) {
		/* rb-custom: its own view, consumer page read-write, the rest read-only */
		err = ringbuf_map__mmap(rt->map, &bc->view);
		if (err)
			goto err_rc;
	}
	c->priv = bc;
	return 0;

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

	if (!bc)
		return;
	rt->wakeups = bc->wakeups;
	__atomic_fetch_add(&rt->charged, bc->charged, __ATOMIC_RELAXED);
	ring_consumer__free(bc->rc);
	ringbuf_map__munmap(&bc->view);
	free(bc);
	c->priv = NULL;
}

/*
 * A calibrated consumer's wait: its extra cost, the wait, and when the ring
 * was empty before it (the consumer slept until a notification) the kernel's
 * extra wake-up latency, before any record is taken.
 */
static int rb_wait_charged(const struct rb_transport *rt, struct rb_consumer *bc, bool libbpf,
			   int timeout_ms)
{
	bool empty;
	int n;

	if (libbpf)
		empty = !consumer_ring__avail_data_size(ring_consumer__ring(bc->rc, 0));
	else
		/* A1 (pairs with R1) and our own R3, as ringbuf_custom_process() reads them */
		empty = __atomic_load_n(bc->view.producer_pos, __ATOMIC_ACQUIRE) ==
			__atomic_load_n(bc->view.consumer_pos, __ATOMIC_ACQUIRE);
	rbsim_spin(rt->inj.wait);
	bc->charged += rt->inj.wait;
	n = ring_consumer__wait(bc->rc, timeout_ms);
	if (n > 0 && empty) {
		rbsim_spin(rt->inj.wakeup);
		bc->charged += rt->inj.wakeup;
	}
	return n;
}

static int rb_consume(struct rbsim_transport *t, struct rbsim_consumer *c, int timeout_ms)
{
	const struct rb_transport *rt = t->priv;
	struct rb_consumer *bc = c->priv;
	bool wait = timeout_ms > 0 && t->cfg->poll == RBSIM_POLL_EPOLL;
	bool libbpf = t->cfg->consumer == RBSIM_CONSUMER_LIBBPF;
	int n;

	if (unlikely(rt->inj.on) && wait) {
		n = rb_wait_charged(rt, bc, libbpf, timeout_ms);
		if (n <= 0)
			return n == -EINTR ? 0 : n;
		n = libbpf ? ring_consumer__consume(bc->rc) :
			     rbsim_ringbuf_custom_process(&bc->view, c);
		if (n > 0)
			bc->wakeups++;
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
		n = rbsim_ringbuf_custom_process(&bc->view, c);
	}
	/* a wake-up: a wait that returned with records (as the kernel transports count) */
	if (wait && n > 0)
		bc->wakeups++;
	return n == -EINTR ? 0 : n;
}

static void rb_stats(struct rbsim_transport *t, struct rbsim_tstats *st)
{
	struct rb_transport *rt = t->priv;
	struct ringbuf_stats s;

	ringbuf_map__stats(rt->map, &s);
	st->notifications = s.notifications;
	st->wakeups = rt->wakeups;
	st->have_drop_reasons = true;
	st->drops[RBSIM_DROP_NO_SPACE] = s.fail_no_space;
	st->drops[RBSIM_DROP_LOCK] = s.fail_lock;
	st->drops[RBSIM_DROP_TOO_BIG] = s.fail_too_big;
	st->nr_extra = 1;
	st->extra[0].name = "notify_dedup";
	st->extra[0].value = (double)s.notify_dedup;
	if (!rt->inj.on)
		return;
	/*
	 * --profile: what the charges came to, in ns by the run's calibration,
	 * once the producers and the consumer have ended
	 */
	st->nr_extra = 2;
	st->extra[1].name = "charged_ns";
	st->extra[1].value = (double)__atomic_load_n(&rt->charged, __ATOMIC_RELAXED) /
			     rt->inj.loops_per_ns;
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
