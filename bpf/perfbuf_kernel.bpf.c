// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim --transport kernel-perfbuf, kernel side: the producer. Each trigger
 * writes a batch of records with bpf_perf_event_output(BPF_F_CURRENT_CPU)
 * into the running CPU's buffer of a BPF_MAP_TYPE_PERF_EVENT_ARRAY, as the
 * selftests' perfbuf_bench.c does (tools/testing/selftests/bpf/progs, Linux
 * 6.18). Sizes, discard marks and sequence numbers come from the producer's
 * slot (perfbuf_kernel.h); every record is the one sim/record.h describes,
 * byte for byte what the port's producers write, built in the slot's scratch
 * buffer (the helper copies; there is nothing to reserve).
 *
 * Triggers: the syscalls/sys_enter_getpgid tracepoint, the raw_tp sys_enter
 * where syscall tracepoints are missing, or BPF_PROG_TEST_RUN of a raw_tp
 * program (it runs on the calling CPU); only one is loaded.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "sim/record.h"
#include "bpf/perfbuf_kernel.h"

char LICENSE[] SEC("license") = "GPL";

/* set by the loader before load */
const volatile __u32 cfg_verify = 1;
const volatile __u32 cfg_latency = 1;
const volatile __u32 cfg_lat_every = 64;
const volatile __u64 cfg_ring_bytes = 4096;	/* data bytes of each CPU's buffer */
const volatile __u32 cfg_tgid;
const volatile __u32 cfg_nprod = 1;
const volatile __u32 cfg_nr_getpgid;

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);		/* one per producer, set by the loader */
	__type(key, __u32);
	__type(value, struct kpb_slot);
} slots SEC(".maps");

struct batch_ctx {
	void *ctx;			/* the program's context, for the helper */
	struct kpb_slot *s;
};

struct fill_ctx {
	__u8 *p;
	__u64 w;
};

static long fill_word(__u32 i, struct fill_ctx *fc)
{
	if (i >= KPB_MAX_SIZE / 8)
		return 1;
	*(__u64 *)(fc->p + 8 * (i & (KPB_MAX_SIZE / 8 - 1))) = fc->w;
	fc->w += RBSIM_PAT_STEP;
	return 0;
}

/* rbsim_rec_write() of sim/record.h, into the slot's scratch buffer */
static __always_inline void build(struct kpb_slot *s, __u64 size, __u64 seq)
{
	__u8 *p = s->scratch;
	__u64 hdr = RBSIM_HDR_BYTES(size), ts = 0, base, psum = 0;
	struct fill_ctx fc;

	if (cfg_latency && rbsim_should_stamp(seq, cfg_lat_every))
		ts = rbsim_ts_mark(bpf_ktime_get_ns());
	base = rbsim_pat_base(s->id, seq);
	/* pattern words after the header; the last one may spill into the spare 8 bytes */
	fc.p = p + hdr;
	fc.w = base;
	bpf_loop((__u32)((size - hdr + 7) / 8), fill_word, &fc, 0);
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

static long one_record(__u32 i, struct batch_ctx *bc)
{
	struct kpb_slot *s = bc->s;
	__u32 raw = s->sizes[i & (KPB_MAX_BATCH - 1)];
	__u64 size = raw & ~KPB_DISCARD;
	long ret;

	if (size > KPB_MAX_SIZE) {
		s->drop_too_big++;	/* refused by the loader already */
		return 0;
	}
	/* nothing to reserve: a program that drops a record just does not output it */
	if (raw & KPB_DISCARD) {
		s->discarded++;
		return 0;
	}
	if (cfg_verify)
		build(s, size, s->seq);
	ret = bpf_perf_event_output(bc->ctx, &events, BPF_F_CURRENT_CPU, s->scratch, size);
	if (ret) {
		/* the record (8 + round_up(size + 4, 8)) can never fit, or has no room now */
		if (8 + ((size + 4 + 7) & ~7ULL) > cfg_ring_bytes - 1)
			s->drop_too_big++;
		else
			s->drop_no_space++;
		return 0;
	}
	s->seq++;
	s->committed++;
	s->bytes += size;
	return 0;
}

static __always_inline int run_batch(void *ctx, __u32 id)
{
	struct batch_ctx bc;
	struct kpb_slot *s;
	__u32 n;

	s = bpf_map_lookup_elem(&slots, &id);
	if (!s)
		return 0;
	bc.ctx = ctx;
	bc.s = s;
	n = s->n;
	if (n > KPB_MAX_BATCH)
		n = KPB_MAX_BATCH;
	bpf_loop(n, one_record, &bc, 0);
	s->last_cpu = bpf_get_smp_processor_id();
	s->runs++;
	return 0;
}

/* --trigger test-run: BPF_PROG_TEST_RUN on the calling CPU; args[0] is the producer id */
SEC("raw_tp")
int kpb_test_run(struct bpf_raw_tracepoint_args *ctx)
{
	return run_batch(ctx, (__u32)ctx->args[0]);
}

/* a getpgid(KPB_PID_BASE + id) from one of our producer threads? then its id */
static __always_inline int our_producer(__u64 pid)
{
	if ((bpf_get_current_pid_tgid() >> 32) != cfg_tgid)
		return -1;
	if (pid < KPB_PID_BASE || pid >= KPB_PID_BASE + cfg_nprod)
		return -1;
	return (int)(pid - KPB_PID_BASE);
}

/* --trigger syscall: the syscall tracepoint fires for getpgid() alone */
SEC("tp/syscalls/sys_enter_getpgid")
int kpb_tp(struct trace_event_raw_sys_enter *ctx)
{
	int id = our_producer(ctx->args[0]);

	return id < 0 ? 0 : run_batch(ctx, id);
}

/* the same without syscall tracepoints: every system call passes here */
SEC("raw_tp/sys_enter")
int kpb_raw_tp(struct bpf_raw_tracepoint_args *ctx)
{
	struct pt_regs *regs;
	int id;

	if (ctx->args[1] != cfg_nr_getpgid)
		return 0;
	regs = (struct pt_regs *)ctx->args[0];
	id = our_producer(PT_REGS_PARM1_CORE_SYSCALL(regs));
	return id < 0 ? 0 : run_batch(ctx, id);
}
