/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: what a consumer of perf buffer samples needs on top of
 * sim/verify.h, shared by --transport perfbuf (sim/transport_perfbuf.c) and
 * --transport kernel-perfbuf (bpf/perfbuf_kernel.c):
 *  - the sample size back from a sample: the perf buffer delivers the padded
 *    size (payload + 0..7 bytes so that size + 4 is 8-aligned);
 *  - the out-of-order figures of a per-CPU design: how far from timestamp
 *    order the records come when the rings are read one after the other.
 * Userspace only.
 */
#ifndef RBSIM_BPF_PERFBUF_SAMPLE_H
#define RBSIM_BPF_PERFBUF_SAMPLE_H

#include <stdbool.h>
#include <string.h>
#include <linux/types.h>

#include "sim/transport.h"

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
		seq = c->chk[prod].next;
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

#endif /* RBSIM_BPF_PERFBUF_SAMPLE_H */
