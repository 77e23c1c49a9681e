/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim --transport kernel-ringbuf and kernel-perfbuf, kernel side: what the
 * two BPF producers (kernel_ringbuf.bpf.c, kernel_perfbuf.bpf.c) do alike.
 * They find the producer's slot (kslot.h), build each record there as
 * sim/record.h describes it, byte for byte what the port's producers write,
 * and hand it to their buffer; only that last step differs.
 *
 * Included by one BPF program, after vmlinux.h, <bpf/bpf_helpers.h>,
 * <bpf/bpf_tracing.h>, <bpf/bpf_core_read.h>, sim/record.h and bpf/kslot.h;
 * it defines, for that program, the settings both loaders (kprod.c's users)
 * set and the slots map.
 */
#ifndef RBSIM_BPF_KSLOT_BPF_H
#define RBSIM_BPF_KSLOT_BPF_H

/* set by the loader before load; the verifier prunes what they rule out */
const volatile __u32 cfg_verify = 1;
const volatile __u32 cfg_latency = 1;
const volatile __u32 cfg_lat_every = 64;
const volatile __u32 cfg_tgid;
const volatile __u32 cfg_nprod = 1;
const volatile __u32 cfg_nr_getpgid;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);		/* one per producer, set by the loader */
	__type(key, __u32);
	__type(value, struct kslot);
} slots SEC(".maps");

/* what bpf_loop() hands each record's callback */
struct kslot_batch {
	void *ctx;			/* the program's context, for helpers that want it */
	struct kslot *s;
};

/* rbsim_rec_write() of sim/record.h, into the slot's scratch buffer */
static __always_inline void kslot_build(struct kslot *s, __u64 size, __u64 seq)
{
	__u8 *p = s->scratch;
	__u64 hdr = RBSIM_HDR_BYTES(size), ts = 0, base, psum = 0, w, nw, i;

	if (cfg_latency && rbsim_should_stamp(seq, cfg_lat_every))
		ts = rbsim_ts_mark(bpf_ktime_get_ns());
	base = rbsim_pat_base(s->id, seq);
	/* pattern words after the header; the last one may spill into the spare 8 bytes */
	nw = (size - hdr + 7) / 8;
	w = base;
	for (i = 0; i < KSLOT_MAX_SIZE / 8; i++) {
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

/* record i of the batch: its size, and in *raw its sizes[] entry with the discard mark */
static __always_inline __u64 kslot_size(const struct kslot *s, __u32 i, __u32 *raw)
{
	*raw = s->sizes[i & (KSLOT_MAX_BATCH - 1)];
	return *raw & ~KSLOT_DISCARD;
}

/* a record the buffer took */
static __always_inline void kslot_committed(struct kslot *s, __u64 size)
{
	s->seq++;
	s->committed++;
	s->bytes += size;
}

/* the batch of producer id: one_record(i, struct kslot_batch *) for each of its records */
static __always_inline int kslot_run_batch(__u32 id, void *ctx, void *one_record)
{
	struct kslot_batch bc;
	struct kslot *s;
	__u32 n;

	s = bpf_map_lookup_elem(&slots, &id);
	if (!s)
		return 0;
	bc.ctx = ctx;
	bc.s = s;
	n = s->n;
	if (n > KSLOT_MAX_BATCH)
		n = KSLOT_MAX_BATCH;
	bpf_loop(n, one_record, &bc, 0);
	s->last_cpu = bpf_get_smp_processor_id();
	s->runs++;
	return 0;
}

/* a getpgid(pid_base + id) from one of our producer threads? then its id, else -1 */
static __always_inline int kslot_producer(__u64 pid, __u32 pid_base)
{
	if ((bpf_get_current_pid_tgid() >> 32) != cfg_tgid)
		return -1;
	if (pid < pid_base || pid >= pid_base + cfg_nprod)
		return -1;
	return (int)(pid - pid_base);
}

/* the same seen from the raw_tp sys_enter, where every system call passes */
static __always_inline int kslot_raw_producer(struct bpf_raw_tracepoint_args *ctx,
					      __u32 pid_base)
{
	struct pt_regs *regs;

	if (ctx->args[1] != cfg_nr_getpgid)
		return -1;
	regs = (struct pt_regs *)ctx->args[0];
	return kslot_producer(PT_REGS_PARM1_CORE_SYSCALL(regs), pid_base);
}

#endif /* RBSIM_BPF_KSLOT_BPF_H */
