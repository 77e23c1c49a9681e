// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim --transport kernel-ringbuf, kernel side: the producer. Like the
 * selftests' ringbuf_bench.c (tools/testing/selftests/bpf/progs, Linux 6.18)
 * each trigger writes a batch of records to a BPF_MAP_TYPE_RINGBUF: here the
 * sizes, discard marks and sequence numbers come from the producer's slot
 * (kslot.h) and every record is the one sim/record.h describes, byte for
 * byte what the port's producers write, so the same consumer-side
 * verification applies. What it does as kernel_perfbuf.bpf.c does is in
 * kslot.bpf.h.
 *
 * Triggers: a tracepoint on getpgid() (the selftests attach fentry to
 * sys_getpgid), the raw_tp sys_enter when syscall tracepoints are missing,
 * or BPF_PROG_TEST_RUN of a syscall program; only one is loaded.
 *
 * PORT: a reservation of a run-time size is only reachable through a dynptr,
 * so the record is built in the slot's scratch buffer and copied in with one
 * bpf_dynptr_write(); the port's producers write in place, or as this does
 * with the ringbuf transport's --write kernel (sim/kcopy.h), which a
 * calibrated port takes: beside a consumer on another CPU the second write
 * costs more than a record measured alone (sim/calibration.md).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "sim/record.h"
#include "bpf/kernel_ringbuf.h"
#include "bpf/kslot.bpf.h"

char LICENSE[] SEC("license") = "GPL";

#define RINGBUF_MAX_RECORD_SZ (0xffffffffu / 4)

/* set by the loader before load; the verifier prunes what they rule out */
const volatile __u32 cfg_wakeup = KRB_WAKEUP_ADAPTIVE;
const volatile __u64 cfg_wakeup_bytes;
const volatile __u32 cfg_use_output;
const volatile __u64 cfg_ring_size = 4096;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);	/* --ring-size, set by the loader */
} rb SEC(".maps");

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

static __always_inline void drop(struct kslot *s, __u64 size)
{
	/* as the port's fail_too_big: a record as long as the ring never fits either */
	if (size > RINGBUF_MAX_RECORD_SZ ||
	    ((size + BPF_RINGBUF_HDR_SZ + 7) & ~7ULL) >= cfg_ring_size)
		s->drop_too_big++;
	else
		s->drop_no_space++;	/* or the ring's lock failed: the helpers cannot tell */
}

static long one_record(__u32 i, struct kslot_batch *bc)
{
	struct kslot *s = bc->s;
	__u32 raw;
	__u64 size = kslot_size(s, i, &raw);
	struct bpf_dynptr d;

	if (size > KSLOT_MAX_SIZE) {
		s->drop_too_big++;	/* refused by the loader already */
		return 0;
	}
	if (cfg_use_output) {
		if (cfg_verify)
			kslot_build(s, size, s->seq);
		if (bpf_ringbuf_output(&rb, s->scratch, size, wake_flags())) {
			drop(s, size);
			return 0;
		}
		kslot_committed(s, size);
		return 0;
	}
	if (bpf_ringbuf_reserve_dynptr(&rb, size, 0, &d)) {
		/* a failed dynptr still wants a release */
		bpf_ringbuf_discard_dynptr(&d, 0);
		drop(s, size);
		return 0;
	}
	if (raw & KSLOT_DISCARD) {
		bpf_ringbuf_discard_dynptr(&d, wake_flags());
		s->discarded++;
		return 0;
	}
	if (cfg_verify)
		kslot_build(s, size, s->seq);
	bpf_dynptr_write(&d, 0, s->scratch, size, 0);
	/* asked at submit time, as the selftests' get_flags() */
	bpf_ringbuf_submit_dynptr(&d, wake_flags());
	kslot_committed(s, size);
	return 0;
}

static __always_inline int run_batch(__u32 id)
{
	return kslot_run_batch(id, NULL, one_record);
}

/* --trigger test-run: BPF_PROG_TEST_RUN, no tracing involved */
SEC("syscall")
int krb_test_run(struct krb_ctx *ctx)
{
	return run_batch(ctx->id);
}

/* --trigger syscall: the syscall tracepoint fires for getpgid() alone */
SEC("tp/syscalls/sys_enter_getpgid")
int krb_tp(struct trace_event_raw_sys_enter *ctx)
{
	int id = kslot_producer(ctx->args[0], KRB_PID_BASE);

	return id < 0 ? 0 : run_batch(id);
}

/* the same without syscall tracepoints: every system call passes here */
SEC("raw_tp/sys_enter")
int krb_raw_tp(struct bpf_raw_tracepoint_args *ctx)
{
	int id = kslot_raw_producer(ctx, KRB_PID_BASE);

	return id < 0 ? 0 : run_batch(id);
}
