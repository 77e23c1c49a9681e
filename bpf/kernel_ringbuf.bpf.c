// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim --transport kernel-ringbuf, kernel side: the producer. Like the
 * selftests' ringbuf_bench.c (tools/testing/selftests/bpf/progs, Linux 6.18)
 * each trigger writes a batch of records to a BPF_MAP_TYPE_RINGBUF: here the
 * sizes, discard marks and sequence numbers come from the producer's slot
 * (kernel_ringbuf.h) and every record is the one sim/record.h describes,
 * byte for byte what the port's producers write, so the same consumer-side
 * verification applies.
 *
 * Triggers: a tracepoint on getpgid() (the selftests attach fentry to
 * sys_getpgid), the raw_tp sys_enter when syscall tracepoints are missing,
 * or BPF_PROG_TEST_RUN of a syscall program; only one is loaded.
 *
 * PORT: a reservation of a run-time size is only reachable through a dynptr,
 * so the record is built in the slot's scratch buffer and copied in with one
 * bpf_dynptr_write(); the port's producers write in place.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "sim/record.h"
#include "bpf/kernel_ringbuf.h"

char LICENSE[] SEC("license") = "GPL";

#define RINGBUF_MAX_RECORD_SZ (0xffffffffu / 4)

/* set by the loader before load; the verifier prunes what they rule out */
const volatile __u32 cfg_wakeup = KRB_WAKEUP_ADAPTIVE;
const volatile __u64 cfg_wakeup_bytes;
const volatile __u32 cfg_verify = 1;
const volatile __u32 cfg_latency = 1;
const volatile __u32 cfg_lat_every = 64;
const volatile __u32 cfg_use_output;
const volatile __u64 cfg_ring_size = 4096;
const volatile __u32 cfg_tgid;
const volatile __u32 cfg_nprod = 1;
const volatile __u32 cfg_nr_getpgid;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);	/* --ring-size, set by the loader */
} rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);		/* one per producer, set by the loader */
	__type(key, __u32);
	__type(value, struct krb_slot);
} slots SEC(".maps");

struct batch_ctx {
	struct krb_slot *s;
};

/* the selftests' get_flags(), for --wakeup */
static __always_inline __u64 wake_flags(void)
{
	switch (cfg_wakeup) {
	case KRB_WAKEUP_NONE:
		return BPF_RB_NO_WAKEUP;
	case KRB_WAKEUP_FORCE:
		return BPF_RB_FORCE_WAKEUP;
	case KRB_WAKEUP_AVAIL:
		return bpf_ringbuf_query(&rb, BPF_RB_AVAIL_DATA) >= cfg_wakeup_bytes ?
		       BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
	default:
		return 0;
	}
}

/* rbsim_rec_write() of sim/record.h, into the slot's scratch buffer */
static __always_inline void build(struct krb_slot *s, __u64 size, __u64 seq)
{
	__u8 *p = s->scratch;
	__u64 hdr = RBSIM_HDR_BYTES(size), ts = 0, base, psum = 0, w, nw, i;

	if (cfg_latency && rbsim_should_stamp(seq, cfg_lat_every))
		ts = rbsim_ts_mark(bpf_ktime_get_ns());
	base = rbsim_pat_base(s->id, seq);
	/* pattern words after the header; the last one may spill into the spare 8 bytes */
	nw = (size - hdr + 7) / 8;
	w = base;
	for (i = 0; i < KRB_MAX_SIZE / 8; i++) {
		if (i >= nw)
			break;
		*(__u64 *)(p + hdr + 8 * i) = w;
		w += RBSIM_PAT_STEP;
	}
	if (size < RBSIM_REC_COMPACT16_MIN) {
		*(__u64 *)p = rbsim_compact8_word(s->id, seq, (__u32)ts);
		return;
	}
	if (size > hdr)
		psum = rbsim_payload_sum(base, size - hdr);
	if (size >= RBSIM_REC_FULL_MIN) {
		struct rbsim_rec_full *h = (void *)p;

		h->producer = s->id;
		h->size = size;
		h->seq = seq;
		h->ts_ns = ts;
		h->csum = rbsim_full_hdr_hash(s->id, size, seq, ts) + psum;
	} else {
		struct rbsim_rec_compact16 *h = (void *)p;

		h->id_seq = rbsim_compact16_id_seq(s->id, seq);
		h->ts_lo = (__u32)ts;
		h->check = (__u32)(rbsim_compact16_hdr_hash(h->id_seq, h->ts_lo, size) + psum);
	}
}

static __always_inline void drop(struct krb_slot *s, __u64 size)
{
	if (size > RINGBUF_MAX_RECORD_SZ ||
	    ((size + BPF_RINGBUF_HDR_SZ + 7) & ~7ULL) > cfg_ring_size)
		s->drop_too_big++;
	else
		s->drop_no_space++;	/* or the ring's lock failed: the helpers cannot tell */
}

static long one_record(__u32 i, struct batch_ctx *bc)
{
	struct krb_slot *s = bc->s;
	__u32 raw = s->sizes[i & (KRB_MAX_BATCH - 1)];
	__u64 size = raw & ~KRB_DISCARD;
	struct bpf_dynptr d;

	if (size > KRB_MAX_SIZE) {
		s->drop_too_big++;	/* refused by the loader already */
		return 0;
	}
	if (cfg_use_output) {
		if (cfg_verify)
			build(s, size, s->seq);
		if (bpf_ringbuf_output(&rb, s->scratch, size, wake_flags())) {
			drop(s, size);
			return 0;
		}
		s->seq++;
		s->committed++;
		s->bytes += size;
		return 0;
	}
	if (bpf_ringbuf_reserve_dynptr(&rb, size, 0, &d)) {
		/* a failed dynptr still wants a release */
		bpf_ringbuf_discard_dynptr(&d, 0);
		drop(s, size);
		return 0;
	}
	if (raw & KRB_DISCARD) {
		bpf_ringbuf_discard_dynptr(&d, wake_flags());
		s->discarded++;
		return 0;
	}
	if (cfg_verify)
		build(s, size, s->seq);
	bpf_dynptr_write(&d, 0, s->scratch, size, 0);
	/* asked at submit time, as the selftests' get_flags() */
	bpf_ringbuf_submit_dynptr(&d, wake_flags());
	s->seq++;
	s->committed++;
	s->bytes += size;
	return 0;
}

static __always_inline int run_batch(__u32 id)
{
	struct batch_ctx bc;
	struct krb_slot *s;
	__u32 n;

	s = bpf_map_lookup_elem(&slots, &id);
	if (!s)
		return 0;
	bc.s = s;
	n = s->n;
	if (n > KRB_MAX_BATCH)
		n = KRB_MAX_BATCH;
	bpf_loop(n, one_record, &bc, 0);
	s->runs++;
	return 0;
}

/* --trigger test-run: BPF_PROG_TEST_RUN, no tracing involved */
SEC("syscall")
int krb_test_run(struct krb_ctx *ctx)
{
	return run_batch(ctx->id);
}

/* a getpgid(KRB_PID_BASE + id) from one of our producer threads? then its id */
static __always_inline int our_producer(__u64 pid)
{
	if ((bpf_get_current_pid_tgid() >> 32) != cfg_tgid)
		return -1;
	if (pid < KRB_PID_BASE || pid >= KRB_PID_BASE + cfg_nprod)
		return -1;
	return (int)(pid - KRB_PID_BASE);
}

/* --trigger syscall: the syscall tracepoint fires for getpgid() alone */
SEC("tp/syscalls/sys_enter_getpgid")
int krb_tp(struct trace_event_raw_sys_enter *ctx)
{
	int id = our_producer(ctx->args[0]);

	return id < 0 ? 0 : run_batch(id);
}

/* the same without syscall tracepoints: every system call passes here */
SEC("raw_tp/sys_enter")
int krb_raw_tp(struct bpf_raw_tracepoint_args *ctx)
{
	struct pt_regs *regs;
	int id;

	if (ctx->args[1] != cfg_nr_getpgid)
		return 0;
	regs = (struct pt_regs *)ctx->args[0];
	id = our_producer(PT_REGS_PARM1_CORE_SYSCALL(regs));
	return id < 0 ? 0 : run_batch(id);
}
