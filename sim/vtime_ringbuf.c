// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the BPF ring buffer port behind the virtual-time engine. A record
 * is what the ringbuf transport's producer does (bpf_ringbuf_reserve(),
 * rbsim_fill(), bpf_ringbuf_submit() with the flags of --wakeup, or
 * bpf_ringbuf_output() from a scratch copy), at the producer's virtual time;
 * the notify hook tells the engine of each notification instead of an
 * eventfd write. The consumer is libbpf's (consume_n: consumer_pos stored
 * after each record) or the batch walk of ringbuf/custom.h (once per pass),
 * asked for exactly the records the engine's consumer is done with.
 *
 * The many-CPU model (sim/vtime_cpus.c) runs the variants of --reserve:
 * cas (the map's lock-free reservation), shard:K and percpu (a ring per K
 * producers, one libbpf consumer on all of them, a pass over each ring
 * its poll reports, as the perf buffer's).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ringbuf/custom.h"
#include "ringbuf/kernel_compat.h"
#include "sim/reserve.h"
#include "sim/rings.h"
#include "sim/vtime_int.h"

/* several rings: each notify hook knows its ring */
struct vt_rbuf {
	struct vt *vt;
	unsigned int b;
};

/* the notify hook: the engine's consumer wakes, no eventfd is written */
static bool vt_rb_notify(void *ctx)
{
	struct vt_rbuf *rb = ctx;
	struct vt *vt = rb->vt;

	vt->notes++;
	vt->ready[rb->b] = true;
	if (vt->cfg->b2b)
		vt->b2b_pending = true;
	else if (vt_cons_notified(vt))
		vt->woke++;
	else if (vt->cons.st == VC_WAIT)
		vt->calls++; /* announced: the wake call finds it on its way */
	return true;
}

static int vt_rb_sample(void *ctx, void *data, size_t size)
{
	return vt_deliver(ctx, data, (__u32)size);
}

/* the batch walk's fn: a record past the pass is refused and stays in the ring */
static int vt_rb_walk(void *ctx, const void *data, __u32 size)
{
	return vt_deliver(ctx, data, size) < 0 ? -1 : 0;
}

int vt_rb_setup(struct vt *vt, char *err, size_t errlen)
{
	const struct rbsim_cfg *cfg = vt->cfg;
	unsigned int b;
	int e;

	vt->maps = calloc(vt->nbuf, sizeof(*vt->maps));
	vt->rbufs = calloc(vt->nbuf, sizeof(*vt->rbufs));
	if (!vt->maps || !vt->rbufs) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	for (b = 0; b < vt->nbuf; b++) {
		vt->maps[b] = rbsim_ringbuf_create(cfg, err, errlen);
		if (!vt->maps[b])
			return -errno;
		if (vt->mc && vt->vo->cpus->reserve == RBSIM_RESERVE_CAS &&
		    ringbuf_map__set_reserve(vt->maps[b], RINGBUF_RESERVE_CAS)) {
			snprintf(err, errlen, "--reserve cas: refused by the map");
			return -EINVAL;
		}
		vt->rbufs[b] = (struct vt_rbuf){ .vt = vt, .b = b };
		ringbuf_map__set_notify_hook(vt->maps[b], vt_rb_notify, &vt->rbufs[b]);
	}
	vt->map = vt->maps[0];
	if (cfg->consumer == RBSIM_CONSUMER_LIBBPF) {
		/* libbpf's consumer, every ring in its one epoll set */
		vt->rc = ring_consumer__new(vt->map, vt_rb_sample, vt);
		for (b = 1; vt->rc && b < vt->nbuf; b++)
			if (ring_consumer__add(vt->rc, vt->maps[b], vt_rb_sample, vt))
				break;
		vt->ring = vt->rc && b == vt->nbuf ? ring_consumer__ring(vt->rc, 0) : NULL;
		if (!vt->ring) {
			e = errno ?: ENOMEM;
			snprintf(err, errlen, "ring_consumer__new: %s", strerror(e));
			return -e;
		}
	} else if (vt->nbuf > 1) {
		snprintf(err, errlen, "several rings: the libbpf consumer only");
		return -EINVAL;
	} else {
		e = ringbuf_map__mmap(vt->map, &vt->view);
		if (e) {
			snprintf(err, errlen, "ringbuf_map__mmap: %s", strerror(-e));
			return e;
		}
	}
	return 0;
}

void vt_rb_teardown(struct vt *vt)
{
	unsigned int b;

	ring_consumer__free(vt->rc);
	ringbuf_map__munmap(&vt->view);
	for (b = 0; vt->maps && b < vt->nbuf; b++)
		ringbuf_map__free(vt->maps[b]);
	free(vt->maps);
	free(vt->rbufs);
}

static int vt_rb_drop(const struct vt *vt, __u32 sz)
{
	/* a record as long as the ring or longer never fits (the map counts it too_big) */
	if (vt_footprint(vt, sz) >= vt->cfg->ring_size)
		return VT_DROP(RBSIM_DROP_TOO_BIG);
	return VT_DROP(RBSIM_DROP_NO_SPACE);
}

static inline __u64 vt_rb_flags(struct vt *vt, struct bpf_ringbuf_map *map)
{
	const struct rbsim_cfg *cfg = vt->cfg;

	/* the selftests' get_flags(): asked at submit time, of the consumer's position now */
	if (rbsim_wakeup_needs_avail(cfg)) {
		if (vt->cons.done_untaken)
			vt_cons_flush(vt);
		return rbsim_wakeup_flags(cfg, bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA));
	}
	return rbsim_wakeup_flags(cfg, 0);
}

/* a record of sz bytes might not fit unless the records the consumer is done with go first */
static inline void vt_rb_room(struct vt *vt, __u32 sz)
{
	__u64 fp = vt_footprint(vt, sz);

	if (unlikely(vt->cons.done_untaken) &&
	    bpf_ringbuf_query(vt->map, BPF_RB_AVAIL_DATA) + fp > vt->cfg->ring_size - 1)
		vt_cons_flush(vt);
}

int vt_rb_produce(struct vt *vt, struct vt_prod *vp, __u32 size)
{
	const struct rbsim_cfg *cfg = vt->cfg;
	struct rbsim_producer *p = &vp->p;
	__u32 sz = RBSIM_BATCH_SIZE(size);
	bool stamped = cfg->latency && rbsim_should_stamp(p->seq, cfg->lat_every);
	unsigned int b = vt_buf_of(vt, p);
	struct bpf_ringbuf_map *map = vt->maps[b];
	void *rec;

	vt_rb_room(vt, sz);
	if (cfg->use_output) {
		rbsim_fill(&vt->fill_cfg, p, vt->scratch, sz);
		if (vt_fifo_push(vt, b, vt->now, sz, stamped))
			return -ENOMEM;
		if (bpf_ringbuf_output(map, vt->scratch, sz, vt_rb_flags(vt, map))) {
			vt_fifo_unpush(vt, b); /* not committed: the entry and the number go back */
			p->seq--;
			return vt_rb_drop(vt, sz);
		}
		return 0;
	}
	rec = bpf_ringbuf_reserve(map, sz, 0);
	if (unlikely(!rec))
		return vt_rb_drop(vt, sz);
	if (unlikely(size & RBSIM_BATCH_DISCARD)) {
		bpf_ringbuf_discard(rec, vt_rb_flags(vt, map));
		return VT_DISCARDED;
	}
	rbsim_fill(&vt->fill_cfg, p, rec, sz);
	if (vt_fifo_push(vt, b, vt->now, sz, stamped))
		return -ENOMEM;
	if (vt->hold) {
		/*
		 * its header stays BUSY until vt_rb_commit(): the consumer stops
		 * there (a second hold would let it pass the first, and the
		 * port's walk, stopping at it, would hand over fewer records
		 * than due: vt_rb_take() fails the run)
		 */
		vt->held_rec = rec;
		vt->held_buf = b;
		vt->fifo[b].hole = vt->fifo[b].tail - 1;
		return 0;
	}
	bpf_ringbuf_submit(rec, vt_rb_flags(vt, map));
	return 0;
}

void vt_rb_commit(struct vt *vt, void *rec, unsigned int buf)
{
	vt->notes = 0;
	vt->calls = 0;
	vt->woke = 0;
	vt->fifo[buf].hole = VT_NEVER;
	bpf_ringbuf_submit(rec, vt_rb_flags(vt, vt->maps[buf]));
}

int vt_rb_take(struct vt *vt, unsigned int buf, __u64 n)
{
	__u64 got;

	vt->take_left = n;
	vt->take_fifo = &vt->fifo[buf];
	if (vt->cfg->consumer == RBSIM_CONSUMER_LIBBPF) {
		int ret = consumer_ring__consume_n(ring_consumer__ring(vt->rc, buf), n);

		if (ret < 0)
			return ret;
		got = (__u64)ret;
	} else {
		got = (__u64)ringbuf_custom_process(&vt->view, vt_rb_walk, vt);
	}
	if (got != n && !vt->err) {
		snprintf(vt->why, sizeof(vt->why), "virtual time: the port's consumer handed over "
			 "%llu records of the %llu committed and due", (unsigned long long)got,
			 (unsigned long long)n);
		return -EPROTO;
	}
	return 0;
}

void vt_rb_discards(struct vt *vt)
{
	/* only discarded records are left: the walk passes them and takes none */
	if (!bpf_ringbuf_query(vt->map, BPF_RB_AVAIL_DATA))
		return;
	vt->take_left = 0;
	vt->take_fifo = &vt->fifo[0];
	if (vt->cfg->consumer == RBSIM_CONSUMER_LIBBPF)
		consumer_ring__consume_n(vt->ring, 1);
	else
		ringbuf_custom_process(&vt->view, vt_rb_walk, vt);
}

void vt_rb_stats(struct vt *vt, struct rbsim_tstats *st)
{
	struct rbsim_tstats one;
	unsigned int b;
	int d;

	/* every ring's counters added up (several: the model's shard:K, percpu) */
	rbsim_ringbuf_stats(vt->map, st);
	for (b = 1; b < vt->nbuf; b++) {
		memset(&one, 0, sizeof(one));
		rbsim_ringbuf_stats(vt->maps[b], &one);
		st->notifications += one.notifications;
		for (d = 0; d < RBSIM_DROP_NR; d++)
			st->drops[d] += one.drops[d];
		st->extra[0].value += one.extra[0].value;
	}
}
