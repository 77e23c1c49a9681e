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
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ringbuf/custom.h"
#include "ringbuf/kernel_compat.h"
#include "sim/rings.h"
#include "sim/vtime_int.h"

/* the notify hook: the engine's consumer wakes, no eventfd is written */
static bool vt_rb_notify(void *ctx)
{
	struct vt *vt = ctx;

	vt->notes++;
	if (vt->cfg->b2b)
		vt->b2b_pending = true;
	else
		vt_cons_notified(vt);
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
	int e;

	vt->map = rbsim_ringbuf_create(cfg, err, errlen);
	if (!vt->map)
		return -errno;
	ringbuf_map__set_notify_hook(vt->map, vt_rb_notify, vt);
	if (cfg->consumer == RBSIM_CONSUMER_LIBBPF) {
		vt->rc = ring_consumer__new(vt->map, vt_rb_sample, vt);
		vt->ring = vt->rc ? ring_consumer__ring(vt->rc, 0) : NULL;
		if (!vt->ring) {
			e = errno;
			snprintf(err, errlen, "ring_consumer__new: %s", strerror(e));
			return -e;
		}
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
	ring_consumer__free(vt->rc);
	ringbuf_map__munmap(&vt->view);
	ringbuf_map__free(vt->map);
}

static int vt_rb_drop(const struct vt *vt, __u32 sz)
{
	/* a record as long as the ring or longer never fits (the map counts it too_big) */
	if (round_up((__u64)sz + BPF_RINGBUF_HDR_SZ, 8) >= vt->cfg->ring_size)
		return VT_DROP(RBSIM_DROP_TOO_BIG);
	return VT_DROP(RBSIM_DROP_NO_SPACE);
}

static inline __u64 vt_rb_flags(struct vt *vt)
{
	const struct rbsim_cfg *cfg = vt->cfg;

	/* the selftests' get_flags(): asked at submit time, of the consumer's position now */
	if (rbsim_wakeup_needs_avail(cfg)) {
		if (vt->cons.done_untaken)
			vt_cons_flush(vt);
		return rbsim_wakeup_flags(cfg, bpf_ringbuf_query(vt->map, BPF_RB_AVAIL_DATA));
	}
	return rbsim_wakeup_flags(cfg, 0);
}

/* a record of sz bytes might not fit unless the records the consumer is done with go first */
static inline void vt_rb_room(struct vt *vt, __u32 sz)
{
	__u64 fp = round_up((__u64)sz + BPF_RINGBUF_HDR_SZ, 8);

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
	void *rec;

	vt_rb_room(vt, sz);
	if (cfg->use_output) {
		rbsim_fill(&vt->fill_cfg, p, vt->scratch, sz);
		if (vt_fifo_push(vt, 0, vt->now, sz, stamped))
			return -ENOMEM;
		if (bpf_ringbuf_output(vt->map, vt->scratch, sz, vt_rb_flags(vt))) {
			vt->fifo[0].tail--; /* not committed: the entry and the number go back */
			p->seq--;
			return vt_rb_drop(vt, sz);
		}
		return 0;
	}
	rec = bpf_ringbuf_reserve(vt->map, sz, 0);
	if (unlikely(!rec))
		return vt_rb_drop(vt, sz);
	if (unlikely(size & RBSIM_BATCH_DISCARD)) {
		bpf_ringbuf_discard(rec, vt_rb_flags(vt));
		return VT_DISCARDED;
	}
	rbsim_fill(&vt->fill_cfg, p, rec, sz);
	if (vt_fifo_push(vt, 0, vt->now, sz, stamped))
		return -ENOMEM;
	bpf_ringbuf_submit(rec, vt_rb_flags(vt));
	return 0;
}

int vt_rb_take(struct vt *vt, __u64 n)
{
	__u64 got;

	vt->take_left = n;
	vt->take_fifo = &vt->fifo[0];
	if (vt->cfg->consumer == RBSIM_CONSUMER_LIBBPF) {
		int ret = consumer_ring__consume_n(vt->ring, n);

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
	rbsim_ringbuf_stats(vt->map, st);
}
