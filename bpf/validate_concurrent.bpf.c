// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim validate --concurrent, kernel side: each BPF_PROG_TEST_RUN writes
 * ctx->count stamped records (validate_concurrent.h) to the ring buffer with
 * dynptr reservations of run-time sizes, discarding one in eight. Several user
 * threads run it at once; the checker on the other end must see every
 * submitted record exactly once and in order per producer.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include "bpf/validate_concurrent.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);	/* set by the loader */
} rb SEC(".maps");

struct stamp_buf {
	struct stamp_rec h;
	__u8 payload[STAMP_MAX_PAYLOAD];
};

static long stamp_one(__u32 idx, struct stamp_ctx *c)
{
	struct stamp_buf buf;
	struct bpf_dynptr d;
	__u64 seq = c->seq, h = 0xcbf29ce484222325ULL;
	__u64 len = stamp_len(seq);
	__u32 j;

	/* for the verifier, which cannot see that stamp_len() stays below it */
	asm volatile("" : "+r"(len));
	len &= 63;
	if (len > STAMP_MAX_PAYLOAD)
		return 1;
	if (bpf_ringbuf_reserve_dynptr(&rb, sizeof(buf.h) + len, 0, &d)) {
		/* a failed reservation still has to be released */
		bpf_ringbuf_discard_dynptr(&d, 0);
		c->drops++;
		return 0;
	}
	buf.h.producer = c->producer;
	buf.h.len = len;
	buf.h.seq = seq;
	h = stamp_mix(h, c->producer);
	h = stamp_mix(h, len);
	h = stamp_mix(h, seq);
	for (j = 0; j < STAMP_MAX_PAYLOAD; j++) {
		buf.payload[j] = stamp_byte(c->producer, seq, j);
		if (j < len)
			h = stamp_mix(h, buf.payload[j]);
	}
	buf.h.sum = h;
	bpf_dynptr_write(&d, 0, &buf, sizeof(buf.h) + len, 0);
	if (stamp_discarded(seq)) {
		bpf_ringbuf_discard_dynptr(&d, 0);
		c->discarded++;
	} else {
		/* mostly adaptive wake-ups, a forced one now and then */
		bpf_ringbuf_submit_dynptr(&d, seq % 64 == 0 ? BPF_RB_FORCE_WAKEUP : 0);
		c->submitted++;
	}
	c->seq = seq + 1;
	return 0;
}

SEC("syscall")
int stamp(struct stamp_ctx *ctx)
{
	struct stamp_ctx c = *ctx;

	bpf_loop(c.count, stamp_one, &c, 0);
	*ctx = c;
	return 0;
}
