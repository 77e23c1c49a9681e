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
#include "sim/rings.h"
#include "sim/transport.h"

#define RINGBUF_MAX_RECORD_SZ (UINT_MAX / 4)

struct rb_transport {
	struct bpf_ringbuf_map *map;
	__u64 wakeups;          /* the consumer's, saved at consumer_fini */
};

struct rb_producer {
	unsigned char *scratch; /* --use-output: the record is built here, then copied */
	__u64 seen_fail_lock;   /* the map's fail_lock count at this producer's last look */
};

struct rb_consumer {
	struct ring_consumer *rc;   /* libbpf: consumes; batch: only waits (ring_consumer__wait) */
	struct ringbuf_mmap view;   /* --consumer batch: walked by rbsim_ringbuf_custom_process() */
	__u64 wakeups;
};

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
	struct rb_transport *rt = calloc(1, sizeof(*rt));

	if (!rt)
		return -ENOMEM;
	t->priv = rt;
	rt->map = rbsim_ringbuf_create(t->cfg, err, errlen);
	return rt->map ? 0 : -errno;
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

static int rb_produce(struct rbsim_transport *t, struct rbsim_producer *p,
		      const struct rbsim_batch *b, struct rbsim_batch_result *res)
{
	const struct rbsim_cfg *cfg = t->cfg;
	struct rb_transport *rt = t->priv;
	struct rb_producer *rp = p->priv;
	struct bpf_ringbuf_map *map = rt->map;
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
	ring_consumer__free(bc->rc);
	ringbuf_map__munmap(&bc->view);
	free(bc);
	c->priv = NULL;
}

static int rb_consume(struct rbsim_transport *t, struct rbsim_consumer *c, int timeout_ms)
{
	struct rb_consumer *bc = c->priv;
	bool wait = timeout_ms > 0 && t->cfg->poll == RBSIM_POLL_EPOLL;
	int n;

	if (t->cfg->consumer == RBSIM_CONSUMER_LIBBPF) {
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

	rbsim_ringbuf_stats(rt->map, st);
	st->wakeups = rt->wakeups;
}

static struct rbsim_transport_ops ringbuf_ops = {
	.name = "ringbuf",
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
