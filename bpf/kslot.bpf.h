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
/* stamp each batch's records in its slot (t_first, t_last): calibrate's batch_gap */
const volatile __u32 cfg_stamp;

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

/*
 * The pattern words a record's build writes in a plain loop: 64 words, all
 * of a record of up to 512 bytes after its header; a larger record's others
 * go by steps of as many (kslot_fill_step(), a bpf_loop() callback). The
 * verifier walks a bounded loop once per iteration on every path that
 * reaches it: a plain loop over a largest record's 2048 words took 60 700
 * instructions and 150 to 200 ms to verify for each load of each producer
 * program, this 8 800 to 10 200 instructions, a load in 30 to 45 ms (Linux
 * 6.18, 2-vCPU EPYC VM of family 25 (Zen 3), 2026-12-06). At run time a record of 4096 bytes
 * pays 7 callback calls besides: the kernel's hits back to back, batch
 * consumer, medians of 5 runs alternating, 0.82 against 0.79 M/s (1024
 * bytes 2.33 against 2.40, 8 bytes 6.73 against 6.88; as noisy as ever).
 */
#define KSLOT_FILL_WORDS (KSLOT_FILL_BYTES / 8)

/* what kslot_fill_rest() hands bpf_loop(): a step finds its words from k, and writes none of it */
struct kslot_fill {
	struct kslot *s;
	__u64 hdr;			/* where the pattern starts in scratch */
	__u64 nw;			/* its words */
	__u64 base;			/* its first word */
};

/*
 * step k: words KSLOT_FILL_WORDS * (k + 1) on, as many or those left. The
 * verifier needs one bound a step (scratch has a step's bytes to spare), and
 * each word one comparison with the words left.
 */
static long kslot_fill_step(__u32 k, struct kslot_fill *f)
{
	__u64 first = (__u64)KSLOT_FILL_WORDS * (k + 1), hdr = f->hdr, at, w, n, i;
	__u8 *p;

	if (k >= KSLOT_MAX_SIZE / 8 / KSLOT_FILL_WORDS || hdr > 32 || first >= f->nw)
		return 1;
	at = hdr + 8 * first;
	/* the offset checked is the one used: clang would compute it again, unbounded */
	barrier_var(at);
	if (at > KSLOT_MAX_SIZE)
		return 1;
	p = f->s->scratch + at;
	n = f->nw - first;
	w = f->base + first * RBSIM_PAT_STEP;
	for (i = 0; i < KSLOT_FILL_WORDS; i++) {
		if (i >= n)
			break;
		*(__u64 *)(p + 8 * i) = w;
		w += RBSIM_PAT_STEP;
	}
	return 0;
}

/*
 * The words of a record past its first KSLOT_FILL_WORDS. A global function:
 * the verifier checks it once, on its own, where a static one would be
 * walked again for every state of its callers that reaches it
 */
__noinline int kslot_fill_rest(struct kslot *s, __u64 hdr, __u64 nw, __u64 base)
{
	struct kslot_fill f = { .s = s, .hdr = hdr, .nw = nw, .base = base };
	__u64 steps = (nw - 1) / KSLOT_FILL_WORDS;

	if (!s || nw <= KSLOT_FILL_WORDS)
		return 0;
	/*
	 * Bounded in 64 bits: left to itself clang computed (nw - 1) / 64 as
	 * (nw + 2^38 - 1) >> 6, right in the low 32 bits of the helper's u32
	 * nr_loops, and bpf_loop() returned without a step: the verifier
	 * inlines the call (kernel/bpf/verifier.c, inline_bpf_loop(), Linux
	 * 6.18), and the inlined bound check compares the whole register with
	 * BPF_MAX_LOOPS (a 64-bit BPF_JMP_IMM) where the helper takes a u32.
	 * Every record past 520 bytes failed its checksum.
	 */
	if (steps > KSLOT_MAX_SIZE / 8 / KSLOT_FILL_WORDS)
		steps = KSLOT_MAX_SIZE / 8 / KSLOT_FILL_WORDS;
	bpf_loop(steps, kslot_fill_step, &f, 0);
	return 0;
}

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
	for (i = 0; i < KSLOT_FILL_WORDS; i++) {
		if (i >= nw)
			break;
		*(__u64 *)(p + hdr + 8 * i) = w;
		w += RBSIM_PAT_STEP;
	}
	if (nw > KSLOT_FILL_WORDS)
		kslot_fill_rest(s, hdr, nw, base);
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
	if (cfg_stamp)
		s->t_first = bpf_ktime_get_ns();
	bpf_loop(n, one_record, &bc, 0);
	if (cfg_stamp)
		s->t_last = bpf_ktime_get_ns();
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
