/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: what a consumer of perf buffer samples needs on top of
 * sim/verify.h, shared by --transport perfbuf (sim/transport_perfbuf.c) and
 * --transport kernel-perfbuf (bpf/kernel_perfbuf.c):
 *  - --perf-pages (the option table entry), each CPU's buffer in pages, and
 *    --wakeup as the perf event's wakeup attributes;
 *  - the sample size back from a sample: the perf buffer delivers the padded
 *    size (payload + 0..7 bytes so that size + 4 is 8-aligned);
 *  - the out-of-order figures of a per-CPU design: how far from timestamp
 *    order the records come when the rings are read one after the other;
 *  - the consumer's sink: samples and LOST records as the perf_buffer
 *    callbacks get them, counted for consume().
 * Userspace only.
 */
#ifndef RBSIM_PERFBUF_SAMPLE_H
#define RBSIM_PERFBUF_SAMPLE_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/perf_event.h>
#include <linux/types.h>

#include "ringbuf/kernel_compat.h"
#include "sim/transport.h"

#define PERF_MAX_PAGES (1UL << 18) /* rb_alloc()'s limit (and the port's): 1 GiB */
#define PERFBUF_OOO_WIN 1024 /* stamped records looked back on for displacement */

/* records out of timestamp order in the delivered stream, on stamped records */
struct perfbuf_ooo {
	__u64 checked;   /* stamped records seen */
	__u64 ooo;       /* of those, delivered after a record stamped later */
	__u64 max_ns;    /* largest (latest stamp seen - this stamp) */
	__u64 max_disp;  /* largest count of later-stamped records delivered before it */
	__u64 max_ts;
	__u64 win[PERFBUF_OOO_WIN];
	unsigned int win_n, win_pos;
};

/*
 * The perfbuf transport's options struct (cfg->topts of --transport
 * perfbuf), also read by the virtual-time engine (sim/vtime_perfbuf.c)
 */
struct perfbuf_port_opts {
	__u64 perf_pages; /* --perf-pages, 0 = from --ring-size */
};

/*
 * --perf-pages, an entry of both perf transports' option tables: each CPU's
 * buffer in pages, into a __u64 field (0, not given: from --ring-size)
 */
#define PERFBUF_OPT_PAGES(type, field)						\
	{ .kind = RBSIM_OPT_UINT, .name = "perf-pages", .metavar = "N", .min = 1,	\
	  .max = PERF_MAX_PAGES, .flags = RBSIM_OPTF_POW2,				\
	  .def_help = "--ring-size / page size",					\
	  .help = "data pages per CPU buffer, as perf_buffer__new() takes them",	\
	  RBSIM_OPT_DST(type, field) }

/* data pages of each CPU's buffer: --perf-pages (opt_pages), else --ring-size */
static inline size_t perfbuf_pages(const struct rbsim_cfg *cfg, __u64 opt_pages)
{
	return opt_pages ? (size_t)opt_pages : (size_t)(cfg->ring_size / PAGE_SIZE);
}

/*
 * The perf buffer's limits for a buffer of `pages` data pages: a record is
 * the 8-byte header, the u32 size and the sample padded to 8 with it, it must
 * fit the CIRC_SPACE of the buffer (data size - 1, so data size - 8 for an
 * 8-aligned record) and its size must fit header.size, a u16: the largest
 * sample is min(data size - 8, 65528) - 12 bytes. A watermark of N bytes
 * (bytes:N) wakes once data_head runs more than N past the last wakeup; never
 * consumed, data_head stops at data size - 8, so N must stay below that.
 */
static inline __u64 perfbuf_max_record(size_t pages)
{
	__u64 data = (__u64)pages * PAGE_SIZE - 8;

	return (data < 65528 ? data : 65528) - 12;
}

static inline __u64 perfbuf_wakeup_max(const struct rbsim_cfg *cfg, size_t pages)
{
	__u64 data = (__u64)pages * PAGE_SIZE, fp = 8 + round_up((__u64)cfg->size_max + 4, 8);

	/* sampled:N is wakeup_events: a count of samples, and the half-ring watermark wakes too */
	if (cfg->wakeup != RBSIM_WAKEUP_BYTES)
		return 0;
	/* records of one size stop data_head at a multiple of their footprint */
	if (cfg->size_min == cfg->size_max && fp < data)
		return (data - 1) / fp * fp - 1;
	return data - 9;
}

/* --wakeup N goes to a u32 attribute */
static inline int perfbuf_validate_wakeup(const struct rbsim_cfg *cfg, char *err, size_t errlen)
{
	if ((cfg->wakeup == RBSIM_WAKEUP_SAMPLED || cfg->wakeup == RBSIM_WAKEUP_BYTES) &&
	    (cfg->wakeup_n == 0 || cfg->wakeup_n > UINT32_MAX)) {
		snprintf(err, errlen, "--wakeup: N must be 1..%u for the perf buffer "
			 "(wakeup_events and wakeup_watermark are u32)", UINT32_MAX);
		return -1;
	}
	return 0;
}

/*
 * The BPF output event of each CPU, with --wakeup as its wakeup attributes
 * (pages: the data pages of one buffer):
 *   adaptive, force  wakeup_events = 1 (libbpf's default: a wakeup per sample)
 *   sampled:N        wakeup_events = N (libbpf's perf_buffer_opts.sample_period)
 *   bytes:N          watermark, wakeup_watermark = N
 *   none             watermark of the whole buffer (perf always wakes at some point)
 */
static inline void perfbuf_event_attr(struct perf_event_attr *attr, const struct rbsim_cfg *cfg,
				      size_t pages)
{
	memset(attr, 0, sizeof(*attr));
	attr->size = sizeof(*attr);
	attr->type = PERF_TYPE_SOFTWARE;
	attr->config = PERF_COUNT_SW_BPF_OUTPUT;
	attr->sample_type = PERF_SAMPLE_RAW;
	switch (cfg->wakeup) {
	case RBSIM_WAKEUP_BYTES:
	case RBSIM_WAKEUP_NONE:
		attr->watermark = 1;
		attr->wakeup_watermark = cfg->wakeup == RBSIM_WAKEUP_BYTES ?
					 (__u32)cfg->wakeup_n : (__u32)(pages * PAGE_SIZE);
		break;
	case RBSIM_WAKEUP_SAMPLED:
		attr->wakeup_events = (__u32)cfg->wakeup_n;
		break;
	default:
		attr->wakeup_events = 1;
		break;
	}
}

/*
 * A real perf consumer carries its own length; here the sample size is
 * taken back from the record: the full header's size field, or for the
 * small layouts (no size field) the candidate the record's own checks
 * accept. A wrong pick cannot hide a torn record: the verifier repeats the
 * checks with the size picked.
 */
static inline bool perfbuf_size_matches(const struct rbsim_consumer *c, const unsigned char *p,
					__u32 n)
{
	if (n >= RBSIM_REC_FULL_MIN) {
		struct rbsim_rec_full h;

		memcpy(&h, p, sizeof(h));
		return h.size == n;
	}
	if (n >= RBSIM_REC_COMPACT16_MIN) {
		struct rbsim_rec_compact16 h;

		memcpy(&h, p, sizeof(h));
		return h.check == (__u32)(rbsim_compact16_hdr_hash(h.id_seq, h.ts_lo, n) +
					  rbsim_pattern_sum(p + 16, n - 16));
	}
	if (n >= RBSIM_REC_MIN) {
		__u64 w = rbsim_ld64(p), seq;
		__u32 prod = (__u32)(w >> 56);

		if (n == RBSIM_REC_MIN)
			return true;
		if (prod >= c->nprod)
			return false;
		/* compact8 keeps 24 bits of seq: the full one is the verifier's expectation */
		seq = rbsim_expected_seq(c, prod);
		if (((w >> 32) & RBSIM_SEQ24_MASK) != (seq & RBSIM_SEQ24_MASK))
			return false;
		return rbsim_pattern_sum(p + 8, n - 8) ==
		       rbsim_payload_sum(rbsim_pat_base(prod, seq), n - 8);
	}
	return false;
}

static inline __u32 perfbuf_sample_size(const struct rbsim_consumer *c,
					const struct rbsim_cfg *cfg, const unsigned char *p,
					__u32 padded)
{
	__u32 lo, hi, n;

	if (cfg->size_min == cfg->size_max)
		return cfg->size_min;
	if (!cfg->verify)
		return padded; /* nothing in a plain record says its size */
	hi = padded < cfg->size_max ? padded : cfg->size_max;
	lo = padded >= 7 ? padded - 7 : 0;
	if (lo < cfg->size_min)
		lo = cfg->size_min;
	if (lo >= hi)
		return hi;
	if (lo >= RBSIM_REC_FULL_MIN) {
		struct rbsim_rec_full h;

		memcpy(&h, p, sizeof(h));
		return h.size >= lo && h.size <= hi ? h.size : hi;
	}
	for (n = hi; n >= lo && n >= RBSIM_REC_MIN; n--)
		if (perfbuf_size_matches(c, p, n))
			return n;
	return hi;
}

/* the stamp of a record (0 if none), widened to 64 bits for the compact layouts */
static inline __u64 perfbuf_record_ts(const unsigned char *p, __u32 n)
{
	__u64 now;
	__u32 lo;

	if (n >= RBSIM_REC_FULL_MIN) {
		struct rbsim_rec_full h;

		memcpy(&h, p, sizeof(h));
		return h.ts_ns;
	}
	if (n >= RBSIM_REC_COMPACT16_MIN) {
		struct rbsim_rec_compact16 h;

		memcpy(&h, p, sizeof(h));
		lo = h.ts_lo;
	} else if (n >= RBSIM_REC_MIN) {
		lo = (__u32)rbsim_ld64(p);
	} else {
		return 0;
	}
	if (!lo)
		return 0;
	/* the stamp is less than 4.29 s old: the latest such time with these low bits */
	now = rbsim_now_ns();
	return now - (__u32)((__u32)now - lo);
}

static inline void perfbuf_ooo_note(struct perfbuf_ooo *o, __u64 ts)
{
	unsigned int i, later = 0;

	o->checked++;
	if (ts < o->max_ts) {
		o->ooo++;
		if (o->max_ts - ts > o->max_ns)
			o->max_ns = o->max_ts - ts;
		for (i = 0; i < o->win_n; i++)
			later += o->win[i] > ts;
		if (later > o->max_disp)
			o->max_disp = later;
	} else {
		o->max_ts = ts;
	}
	o->win[o->win_pos] = ts;
	o->win_pos = (o->win_pos + 1) % PERFBUF_OOO_WIN;
	if (o->win_n < PERFBUF_OOO_WIN)
		o->win_n++;
}

/*
 * One sample as a perf_buffer sample callback gets it (data, padded size):
 * its stamp into the out-of-order figures, then rbsim_record() with the
 * sample size.
 */
static inline void perfbuf_deliver(struct rbsim_consumer *c, const struct rbsim_cfg *cfg,
				   struct perfbuf_ooo *o, const void *data, __u32 padded)
{
	__u32 n = perfbuf_sample_size(c, cfg, data, padded);
	__u64 ts;

	if (cfg->verify && cfg->latency && cfg->lat_every) {
		ts = perfbuf_record_ts(data, n);
		if (ts)
			perfbuf_ooo_note(o, ts);
	}
	rbsim_record(c, data, n);
}

/* the out-of-order figures as transport extras, from extra[first] on (4 of them) */
static inline void perfbuf_ooo_extras(const struct perfbuf_ooo *o, struct rbsim_tstats *st,
				      unsigned int first)
{
	st->extra[first].name = "ooo_checked";
	st->extra[first].value = (double)o->checked;
	st->extra[first + 1].name = "ooo_records";
	st->extra[first + 1].value = (double)o->ooo;
	st->extra[first + 2].name = "ooo_max_ns";
	st->extra[first + 2].value = (double)o->max_ns;
	st->extra[first + 3].name = "ooo_max_disp";
	st->extra[first + 3].value = (double)o->max_disp;
}

/* the consumer thread's state, reached from the perf_buffer callbacks */
struct perfbuf_sink {
	struct rbsim_consumer *c;
	__u64 delivered;	/* records passed on by the current consume() */
	__u64 lost;		/* sum of the LOST records' counts */
	struct perfbuf_ooo ooo;
};

/* a sample callback's (data, padded size) */
static inline void perfbuf_sink_sample(struct perfbuf_sink *k, const struct rbsim_cfg *cfg,
				       const void *data, __u32 padded)
{
	perfbuf_deliver(k->c, cfg, &k->ooo, data, padded);
	k->delivered++;
}

/* a raw event as perf_buffer__process_record() dispatches it: 0, or -1 for an unknown type */
static inline int perfbuf_sink_event(struct perfbuf_sink *k, const struct rbsim_cfg *cfg,
				     const struct perf_event_header *e)
{
	const unsigned char *p = (const unsigned char *)e;
	__u32 size;
	__u64 lost;

	switch (e->type) {
	case PERF_RECORD_SAMPLE:
		/* { header; u32 size; data[size] }: size is the padded one */
		memcpy(&size, p + sizeof(*e), sizeof(size));
		perfbuf_sink_sample(k, cfg, p + sizeof(*e) + sizeof(size), size);
		return 0;
	case PERF_RECORD_LOST:
		/* { header; u64 id; u64 lost } */
		memcpy(&lost, p + sizeof(*e) + sizeof(__u64), sizeof(lost));
		k->lost += lost;
		return 0;
	default:
		return -1;
	}
}

/* what consume() returns after a poll or consume call that returned n */
static inline int perfbuf_sink_result(const struct perfbuf_sink *k, int n)
{
	if (n < 0 && n != -EINTR)
		return n;
	return k->delivered > INT32_MAX ? INT32_MAX : (int)k->delivered;
}

#endif /* RBSIM_PERFBUF_SAMPLE_H */
