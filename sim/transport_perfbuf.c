// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: --transport perfbuf, the port of the perf buffer as BPF uses it
 * (ringbuf/perfbuf.c: Linux 6.18 bpf_perf_event_output, libbpf 1.7
 * perf_buffer).
 *
 * Each producer thread is one simulated CPU and writes only its own ring,
 * as a BPF program may only write the buffer of the CPU it runs on:
 * bpf_perf_event_output(BPF_F_CURRENT_CPU) of a record built in a scratch
 * buffer (the perf buffer has no reserve/commit, every sample is a copy).
 * The consumer is the port of libbpf's perf_buffer: one epoll set over all
 * CPUs' rings, records crossing the end copied into a scratch buffer.
 *
 * --ring-size is the data size of each CPU's ring (a power of 2 of pages);
 * --perf-pages N gives it in pages instead, as perf_buffer__new() takes it.
 * --wakeup maps to the perf event's wakeup attributes:
 *   adaptive, force  wakeup_events = 1 (libbpf's default: a wakeup per sample)
 *   sampled:N        wakeup_events = N (libbpf's perf_buffer_opts.sample_period)
 *   bytes:N          watermark, wakeup_watermark = N
 *   none             watermark of the whole ring (perf always wakes at some point)
 * In wakeup_events mode the kernel's default watermark (half the ring) also wakes.
 *
 * What only a per-CPU design shows is reported as extra figures: the memory
 * each producer costs, and how far out of timestamp order the records come
 * when the per-CPU streams are read one ring after the other (the order a
 * perf_buffer consumer delivers them in), measured on the stamped records.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ringbuf/perfbuf.h"
#include "ringbuf/kernel_compat.h"
#include "sim/transport.h"
#include "sim/perfbuf_sample.h"

static const struct rbsim_opt pb_options[] = {
	PERFBUF_OPT_PAGES(struct perfbuf_port_opts, perf_pages),
	{ 0 }
};

static size_t pb_pages(const struct rbsim_cfg *cfg)
{
	return perfbuf_pages(cfg, ((const struct perfbuf_port_opts *)cfg->topts)->perf_pages);
}

struct pb_transport {
	struct perf_event_array *map;
	struct perfbuf_consumer *pb;
	size_t pages;
	struct perfbuf_sink sink;   /* the consumer thread's */
	__u64 wakeups, wrap_copies; /* saved at consumer_fini */
};

struct pb_producer {
	unsigned char *scratch; /* the record is built here, then copied by the helper */
};

/* bytes a sample of n bytes takes in the ring */
static __u64 pb_footprint(__u64 n)
{
	return 8 + round_up(n + 4, 8);
}

static int pb_validate(const struct rbsim_cfg *cfg, char *err, size_t errlen)
{
	if (!((const struct perfbuf_port_opts *)cfg->topts)->perf_pages) {
		if (cfg->ring_size < PAGE_SIZE || !PAGE_ALIGNED(cfg->ring_size) ||
		    !is_power_of_2(cfg->ring_size / PAGE_SIZE)) {
			snprintf(err, errlen, "--ring-size %llu: the perf buffer needs a power "
				 "of 2 of %lu-byte pages per CPU (or give --perf-pages)",
				 (unsigned long long)cfg->ring_size, PAGE_SIZE);
			return -1;
		}
		if (cfg->ring_size / PAGE_SIZE > PERF_MAX_PAGES) {
			snprintf(err, errlen, "--ring-size %llu: more than %lu pages per CPU",
				 (unsigned long long)cfg->ring_size, PERF_MAX_PAGES);
			return -1;
		}
	}
	return perfbuf_validate_wakeup(cfg, err, errlen);
}

static __u64 pb_max_record(const struct rbsim_cfg *cfg)
{
	return perfbuf_max_record(pb_pages(cfg));
}

static __u64 pb_wakeup_max(const struct rbsim_cfg *cfg)
{
	return perfbuf_wakeup_max(cfg, pb_pages(cfg));
}

/* ---- the consumer callbacks (consumer thread) ---- */

static void pb_sample_cb(void *ctx, int cpu, void *data, __u32 size)
{
	struct rbsim_transport *t = ctx;
	struct pb_transport *pt = t->priv;

	(void)cpu;
	perfbuf_sink_sample(&pt->sink, t->cfg, data, size);
}

static void pb_lost_cb(void *ctx, int cpu, __u64 cnt)
{
	struct rbsim_transport *t = ctx;
	struct pb_transport *pt = t->priv;

	(void)cpu;
	pt->sink.lost += cnt;
}

/* the raw consumer (watermark attributes) dispatches as perf_buffer__process_record() */
static enum perfbuf_event_ret pb_event_cb(void *ctx, int cpu, struct perf_event_header *e)
{
	struct rbsim_transport *t = ctx;
	struct pb_transport *pt = t->priv;

	(void)cpu;
	return perfbuf_sink_event(&pt->sink, t->cfg, e) ? PERFBUF_EVENT_ERROR : PERFBUF_EVENT_CONT;
}

/* ---- setup: the map, and libbpf's perf_buffer that opens one event per CPU ---- */

static int pb_setup(struct rbsim_transport *t, char *err, size_t errlen)
{
	const struct rbsim_cfg *cfg = t->cfg;
	unsigned int ncpu = cfg->b2b ? 1 : cfg->producers;
	struct pb_transport *pt = calloc(1, sizeof(*pt));
	struct perf_event_attr attr;
	int e;

	if (!pt)
		return -ENOMEM;
	t->priv = pt;
	pt->pages = pb_pages(cfg);
	pt->map = perf_event_array__new(ncpu);
	if (!pt->map) {
		e = errno;
		snprintf(err, errlen, "perf_event_array__new(%u): %s", ncpu, strerror(e));
		return -e;
	}

	/*
	 * Created here, on the main thread, and not in consumer_init: the
	 * producers may start before the consumer thread is set up, and a
	 * slot without its event would refuse them (-ENOENT).
	 */
	switch (cfg->wakeup) {
	case RBSIM_WAKEUP_BYTES:
	case RBSIM_WAKEUP_NONE:
		perfbuf_event_attr(&attr, cfg, pt->pages);
		pt->pb = perfbuf_consumer__new_raw(pt->map, pt->pages, &attr, pb_event_cb, t, NULL);
		break;
	default: {
		struct perfbuf_consumer_opts opts = {
			.sz = sizeof(opts),
			.sample_period = cfg->wakeup == RBSIM_WAKEUP_SAMPLED ?
					 (__u32)cfg->wakeup_n : 1,
		};

		pt->pb = perfbuf_consumer__new(pt->map, pt->pages, pb_sample_cb, pb_lost_cb, t,
					       &opts);
		break;
	}
	}
	if (!pt->pb) {
		e = errno;
		snprintf(err, errlen, "perf buffer of %u CPUs x %zu pages: %s", ncpu, pt->pages,
			 strerror(e));
		return -e;
	}
	return 0;
}

static void pb_teardown(struct rbsim_transport *t)
{
	struct pb_transport *pt = t->priv;

	if (!pt)
		return;
	perfbuf_consumer__free(pt->pb);
	perf_event_array__free(pt->map);
	free(pt);
	t->priv = NULL;
}

/* ---- producers: each thread is the CPU of its id ---- */

static int pb_producer_init(struct rbsim_transport *t, struct rbsim_producer *p)
{
	struct pb_producer *pp = calloc(1, sizeof(*pp));

	if (!pp)
		return -ENOMEM;
	pp->scratch = malloc(t->cfg->size_max + 8);
	if (!pp->scratch) {
		free(pp);
		return -ENOMEM;
	}
	perf_cpu__set_current((int)p->id);
	p->priv = pp;
	return 0;
}

static void pb_producer_fini(struct rbsim_transport *t, struct rbsim_producer *p)
{
	struct pb_producer *pp = p->priv;

	(void)t;
	if (!pp)
		return;
	free(pp->scratch);
	free(pp);
	p->priv = NULL;
}

/*
 * Give back the number rbsim_fill() took for a record that was not output,
 * and its stamp: rbsim_fill() keeps the next seq to stamp, one period after
 * a stamped record, so a stamped record that failed makes the retry stamped.
 */
static inline void pb_unfill(const struct rbsim_cfg *cfg, struct rbsim_producer *p)
{
	p->seq--;
	if (cfg->verify && p->next_stamp != ~0ULL && p->next_stamp - p->seq == cfg->lat_every)
		p->next_stamp = p->seq;
}

static enum rbsim_drop pb_drop_reason(const struct pb_transport *pt, long err, __u32 sz)
{
	/* a record over 64 KiB (u16 header.size), or one that can never fit the ring */
	if (err == -E2BIG || pb_footprint(sz) > pt->pages * PAGE_SIZE - 1)
		return RBSIM_DROP_TOO_BIG;
	return RBSIM_DROP_NO_SPACE;
}

static int pb_produce(struct rbsim_transport *t, struct rbsim_producer *p,
		      const struct rbsim_batch *b, struct rbsim_batch_result *res)
{
	const struct rbsim_cfg *cfg = t->cfg;
	struct pb_transport *pt = t->priv;
	struct pb_producer *pp = p->priv;
	struct perf_event_array *map = pt->map;
	__u32 i;
	long err;

	for (i = 0; i < b->n; i++) {
		__u32 sz = RBSIM_BATCH_SIZE(b->size[i]);

		/* nothing to reserve: a program that drops a record just does not output it */
		if (unlikely(b->size[i] & RBSIM_BATCH_DISCARD)) {
			res->discarded++;
			continue;
		}
		rbsim_fill(cfg, p, pp->scratch, sz);
		err = bpf_perf_event_output(map, BPF_F_CURRENT_CPU, pp->scratch, sz);
		if (unlikely(err)) {
			pb_unfill(cfg, p); /* not committed: the number is reused */
			if (err != -ENOSPC && err != -E2BIG)
				return (int)err;
			res->drops[pb_drop_reason(pt, err, sz)]++;
			continue;
		}
		res->committed++;
		res->bytes += sz;
	}
	return 0;
}

/* ---- the consumer ---- */

static int pb_consumer_init(struct rbsim_transport *t, struct rbsim_consumer *c)
{
	struct pb_transport *pt = t->priv;

	pt->sink.c = c;
	return 0;
}

static void pb_consumer_fini(struct rbsim_transport *t, struct rbsim_consumer *c)
{
	struct pb_transport *pt = t->priv;

	(void)c;
	pt->wakeups = perfbuf_consumer__wakeups(pt->pb);
	pt->wrap_copies = perfbuf_consumer__wrap_copies(pt->pb);
}

static int pb_consume(struct rbsim_transport *t, struct rbsim_consumer *c, int timeout_ms)
{
	struct pb_transport *pt = t->priv;
	bool wait = timeout_ms > 0 && t->cfg->poll == RBSIM_POLL_EPOLL;
	int n;

	(void)c;
	pt->sink.delivered = 0;
	n = wait ? perfbuf_consumer__poll(pt->pb, timeout_ms) : perfbuf_consumer__consume(pt->pb);
	return perfbuf_sink_result(&pt->sink, n);
}

static void pb_stats(struct rbsim_transport *t, struct rbsim_tstats *st)
{
	struct pb_transport *pt = t->priv;
	size_t i, n = perfbuf_consumer__buffer_cnt(pt->pb);
	struct perf_ring_stats rs;
	__u64 notif = 0, lost_samples = 0;

	for (i = 0; i < n; i++) {
		perf_ring__stats(perfbuf_consumer__ring(pt->pb, i), &rs);
		notif += rs.notifications;
		lost_samples += rs.lost_samples;
	}
	st->notifications = notif;
	st->wakeups = pt->wakeups;
	st->have_drop_reasons = false; /* the producers classify theirs exactly */
	st->nr_extra = 8;
	/* counted by the kernel, never reported: no record came after them to carry the LOST */
	st->extra[0].name = "lost_unreported";
	st->extra[0].value = (double)(lost_samples - pt->sink.lost);
	/* what each producer's CPU costs: the user page and the data pages it mmap()s */
	st->extra[1].name = "mem_per_producer";
	st->extra[1].value = (double)((pt->pages + 1) * PAGE_SIZE);
	st->extra[2].name = "lost_records";
	st->extra[2].value = (double)pt->sink.lost;
	st->extra[3].name = "wrap_copies";
	st->extra[3].value = (double)pt->wrap_copies;
	perfbuf_ooo_extras(&pt->sink.ooo, st, 4);
}

static struct rbsim_transport_ops perfbuf_ops = {
	.name = "perfbuf",
	.caps = RBSIM_CAP_WAKEUP_AVAIL | RBSIM_CAP_DROP_RATE | RBSIM_CAP_NOTIFY_COUNT |
		RBSIM_CAP_DROP_TOO_BIG,
	.consumer_name = "perf_buffer",
	.summary = "the port of the perf buffer, one ring per producer (Linux "
		   RBSIM_PERFBUF_KERNEL_VERSION " bpf_perf_event_output, libbpf perf_buffer)",
	.options = pb_options,
	.opts_size = sizeof(struct perfbuf_port_opts),
	.validate = pb_validate,
	.max_record = pb_max_record,
	.wakeup_max = pb_wakeup_max,
	.setup = pb_setup,
	.teardown = pb_teardown,
	.producer_init = pb_producer_init,
	.producer_fini = pb_producer_fini,
	.produce = pb_produce,
	.consumer_init = pb_consumer_init,
	.consumer_fini = pb_consumer_fini,
	.consume = pb_consume,
	.stats = pb_stats,
};
RBSIM_TRANSPORT(perfbuf, perfbuf_ops);
