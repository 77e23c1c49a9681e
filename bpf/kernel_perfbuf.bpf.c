// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim --transport kernel-perfbuf, kernel side: the producer. Each trigger
 * writes a batch of records with bpf_perf_event_output(BPF_F_CURRENT_CPU)
 * into the running CPU's buffer of a BPF_MAP_TYPE_PERF_EVENT_ARRAY, as the
 * selftests' perfbuf_bench.c does (tools/testing/selftests/bpf/progs, Linux
 * 6.18). Sizes, discard marks and sequence numbers come from the producer's
 * slot (kslot.h); every record is the one sim/record.h describes, byte for
 * byte what the port's producers write, built in the slot's scratch buffer
 * (the helper copies; there is nothing to reserve). What it does as
 * kernel_ringbuf.bpf.c does is in kslot.bpf.h.
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
#include "bpf/kernel_perfbuf.h"
#include "bpf/kslot.bpf.h"

char LICENSE[] SEC("license") = "GPL";

/* set by the loader before load */
const volatile __u64 cfg_ring_bytes = 4096;	/* data bytes of each CPU's buffer */

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

static long one_record(__u32 i, struct kslot_batch *bc)
{
	struct kslot *s = bc->s;
	__u32 raw;
	__u64 size = kslot_size(s, i, &raw);
	long ret;

	if (size > KSLOT_MAX_SIZE) {
		s->drop_too_big++;	/* refused by the loader already */
		return 0;
	}
	/* nothing to reserve: a program that drops a record just does not output it */
	if (raw & KSLOT_DISCARD) {
		s->discarded++;
		return 0;
	}
	if (cfg_verify)
		kslot_build(s, size, s->seq);
	ret = bpf_perf_event_output(bc->ctx, &events, BPF_F_CURRENT_CPU, s->scratch, size);
	if (ret) {
		/* the record (8 + round_up(size + 4, 8)) can never fit, or has no room now */
		if (8 + ((size + 4 + 7) & ~7ULL) > cfg_ring_bytes - 1)
			s->drop_too_big++;
		else
			s->drop_no_space++;
		return 0;
	}
	kslot_committed(s, size);
	return 0;
}

static __always_inline int run_batch(void *ctx, __u32 id)
{
	return kslot_run_batch(id, ctx, one_record);
}

/* --trigger test-run: BPF_PROG_TEST_RUN on the calling CPU; args[0] is the producer id */
SEC("raw_tp")
int kpb_test_run(struct bpf_raw_tracepoint_args *ctx)
{
	return run_batch(ctx, (__u32)ctx->args[0]);
}

/* --trigger syscall: the syscall tracepoint fires for getpgid() alone */
SEC("tp/syscalls/sys_enter_getpgid")
int kpb_tp(struct trace_event_raw_sys_enter *ctx)
{
	int id = kslot_producer(ctx->args[0], KPB_PID_BASE);

	return id < 0 ? 0 : run_batch(ctx, id);
}

/* the same without syscall tracepoints: every system call passes here */
SEC("raw_tp/sys_enter")
int kpb_raw_tp(struct bpf_raw_tracepoint_args *ctx)
{
	int id = kslot_raw_producer(ctx, KPB_PID_BASE);

	return id < 0 ? 0 : run_batch(ctx, id);
}
