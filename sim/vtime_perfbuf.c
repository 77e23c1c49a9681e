// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the perf buffer port behind the virtual-time engine. Each producer
 * is one simulated CPU with its own ring (bpf_perf_event_output() of a
 * record built in a scratch buffer, as the perfbuf transport does); the
 * event's notify hook marks its buffer ready (as perf_poll() would report
 * it) and wakes the engine's consumer. The consumer is libbpf's perf_buffer,
 * opened raw with the attributes --wakeup gives the transport: a pass over a
 * buffer reads the samples there at its start and stores data_tail once at
 * its end (the callback stops the read after the pass's last sample).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ringbuf/kernel_compat.h"
#include "sim/vtime_int.h"

/* each buffer's notify hook knows its index */
struct vt_pbuf {
	struct vt *vt;
	unsigned int b;
};

static bool vt_pb_notify(void *ctx)
{
	struct vt_pbuf *pbuf = ctx;
	struct vt *vt = pbuf->vt;

	vt->notes++;
	vt->ready[pbuf->b] = true;
	if (vt->cfg->b2b)
		vt->b2b_pending = true;
	else if (vt_cons_notified(vt))
		vt->woke++;
	return true;
}

/* as perf_buffer__process_record() dispatches: samples to the engine, LOST counted */
static enum perfbuf_event_ret vt_pb_event(void *ctx, int cpu, struct perf_event_header *e)
{
	const unsigned char *p = (const unsigned char *)e;
	struct vt *vt = ctx;
	__u32 size;
	__u64 lost;

	(void)cpu;
	switch (e->type) {
	case PERF_RECORD_SAMPLE:
		/* { header; u32 size; data[size] }: size is the padded one */
		memcpy(&size, p + sizeof(*e), sizeof(size));
		if (vt_deliver(vt, p + sizeof(*e) + sizeof(size), size) < 0)
			return PERFBUF_EVENT_ERROR;
		return vt->take_left ? PERFBUF_EVENT_CONT : PERFBUF_EVENT_DONE;
	case PERF_RECORD_LOST:
		/* { header; u64 id; u64 lost } */
		memcpy(&lost, p + sizeof(*e) + sizeof(__u64), sizeof(lost));
		vt->perf_lost += lost;
		return PERFBUF_EVENT_CONT;
	default:
		return PERFBUF_EVENT_ERROR;
	}
}

int vt_pb_setup(struct vt *vt, char *err, size_t errlen)
{
	const struct rbsim_cfg *cfg = vt->cfg;
	const struct perfbuf_port_opts *po = cfg->topts;
	struct perf_event_attr attr;
	struct vt_pbuf *pbuf;
	unsigned int b;
	int e;

	vt->pages = perfbuf_pages(cfg, po ? po->perf_pages : 0);
	vt->parr = perf_event_array__new(vt->nbuf);
	if (!vt->parr) {
		e = errno;
		snprintf(err, errlen, "perf_event_array__new(%u): %s", vt->nbuf, strerror(e));
		return -e;
	}
	perfbuf_event_attr(&attr, cfg, vt->pages);
	vt->pb = perfbuf_consumer__new_raw(vt->parr, vt->pages, &attr, vt_pb_event, vt, NULL);
	/* freed with the engine's other arrays (vt->ready's neighbour) */
	pbuf = calloc(vt->nbuf, sizeof(*pbuf));
	if (!vt->pb || !pbuf) {
		e = vt->pb ? ENOMEM : errno;
		free(pbuf);
		snprintf(err, errlen, "perf buffer of %u CPUs x %zu pages: %s", vt->nbuf, vt->pages,
			 strerror(e));
		return -e;
	}
	vt->pbufs = pbuf;
	for (b = 0; b < vt->nbuf; b++) {
		pbuf[b] = (struct vt_pbuf){ .vt = vt, .b = b };
		perf_ring__set_notify_hook(perfbuf_consumer__ring(vt->pb, b), vt_pb_notify,
					   &pbuf[b]);
	}
	return 0;
}

void vt_pb_teardown(struct vt *vt)
{
	perfbuf_consumer__free(vt->pb);
	perf_event_array__free(vt->parr);
	free(vt->pbufs);
}

int vt_pb_produce(struct vt *vt, struct vt_prod *vp, __u32 size)
{
	const struct rbsim_cfg *cfg = vt->cfg;
	struct rbsim_producer *p = &vp->p;
	__u32 sz = RBSIM_BATCH_SIZE(size);
	bool stamped = cfg->latency && rbsim_should_stamp(p->seq, cfg->lat_every);
	long err;

	/* nothing to reserve: a program that drops a record just does not output it */
	if (unlikely(size & RBSIM_BATCH_DISCARD))
		return VT_DISCARDED;
	if (perf_cpu__current() != (int)p->id)
		perf_cpu__set_current((int)p->id);
	rbsim_fill(&vt->fill_cfg, p, vt->scratch, sz);
	if (vt_fifo_push(vt, p->id, vt->now, sz, stamped))
		return -ENOMEM;
	err = bpf_perf_event_output(vt->parr, BPF_F_CURRENT_CPU, vt->scratch, sz);
	if (likely(!err))
		return 0;
	vt_fifo_unpush(vt, p->id); /* not committed: the entry and the number go back */
	p->seq--;
	if (err == -E2BIG || vt_footprint(vt, sz) > vt->pages * PAGE_SIZE - 1)
		return VT_DROP(RBSIM_DROP_TOO_BIG);
	if (err == -ENOSPC)
		return VT_DROP(RBSIM_DROP_NO_SPACE);
	return (int)err;
}

int vt_pb_take(struct vt *vt, unsigned int buf, __u64 n)
{
	__u64 want = n;
	int err;

	vt->take_left = n;
	vt->take_fifo = &vt->fifo[buf];
	err = perfbuf_consumer__consume_buffer(vt->pb, buf);
	if (err < 0)
		return err;
	if (vt->take_left && !vt->err) {
		snprintf(vt->why, sizeof(vt->why), "virtual time: the perf buffer's consumer handed "
			 "over %llu samples of the %llu committed and due",
			 (unsigned long long)(want - vt->take_left), (unsigned long long)want);
		return -EPROTO;
	}
	return 0;
}

void vt_pb_stats(struct vt *vt, struct rbsim_tstats *st)
{
	struct perf_ring_stats rs;
	__u64 notif = 0, lost_samples = 0;
	unsigned int b;

	for (b = 0; b < vt->nbuf; b++) {
		perf_ring__stats(perfbuf_consumer__ring(vt->pb, b), &rs);
		notif += rs.notifications;
		lost_samples += rs.lost_samples;
	}
	st->notifications = notif;
	st->have_drop_reasons = false; /* the producers classify theirs exactly */
	st->nr_extra = 8;
	/* as the perfbuf transport reports them */
	st->extra[0].name = "lost_unreported";
	st->extra[0].value = (double)(lost_samples - vt->perf_lost);
	st->extra[1].name = "mem_per_producer";
	st->extra[1].value = (double)((vt->pages + 1) * PAGE_SIZE);
	st->extra[2].name = "lost_records";
	st->extra[2].value = (double)vt->perf_lost;
	st->extra[3].name = "wrap_copies";
	st->extra[3].value = (double)perfbuf_consumer__wrap_copies(vt->pb);
	perfbuf_ooo_extras(&vt->ooo, st, 4);
}
