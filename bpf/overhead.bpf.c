// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim overhead --verify on the running kernel: the two programs that
 * measure what a record costs in a BPF ring buffer (producer_pos) and in a
 * perf buffer (data_head), loaded by bpf/overhead.c through the skeleton.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include "bpf/overhead.h"

char LICENSE[] SEC("license") = "GPL";

/* the source of every perf record; ring buffer records are reserved in place */
char ov_payload[OV_PERF_MAX_PAYLOAD + 4];

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 512 * 1024); /* user space sets --ring-size before load */
} ov_rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} ov_pb SEC(".maps");

struct ov_rb_loop {
	__u32 size;
	__u32 done;
	long err;
};

static long ov_rb_one(__u32 i, void *data)
{
	struct ov_rb_loop *l = data;
	struct bpf_dynptr ptr;
	long err;

	/* dynptr: the size is known only at run time */
	err = bpf_ringbuf_reserve_dynptr(&ov_rb, l->size, 0, &ptr);
	if (err) {
		/* a failed reservation must still be released */
		bpf_ringbuf_discard_dynptr(&ptr, 0);
		l->err = err;
		return 1;
	}
	bpf_ringbuf_submit_dynptr(&ptr, BPF_RB_NO_WAKEUP);
	l->done++;
	return 0;
}

SEC("syscall")
int ov_ringbuf_fill(struct ov_rb_args *args)
{
	struct ov_rb_loop l = { .size = args->size };

	bpf_loop(args->count, ov_rb_one, &l, 0);
	args->done = l.done;
	args->err = l.err;
	return 0;
}

struct ov_pb_loop {
	void *ctx;
	__u32 size;
	__u32 done;
};

static long ov_pb_one(__u32 i, void *data)
{
	struct ov_pb_loop *l = data;
	__u32 size = l->size;

	if (size > OV_PERF_MAX_PAYLOAD)
		return 1;
	if (bpf_perf_event_output(l->ctx, &ov_pb, BPF_F_CURRENT_CPU, ov_payload, size))
		return 1;
	l->done++;
	return 0;
}

/*
 * args[0]: payload size, args[1]: records to try. Returns the number written
 * (the perf buffer has no per-record busy bit: data_head counts them all).
 */
SEC("raw_tp")
int ov_perf_fill(struct bpf_raw_tracepoint_args *ctx)
{
	struct ov_pb_loop l = { .ctx = ctx, .size = ctx->args[0] };

	if (ctx->args[0] > OV_PERF_MAX_PAYLOAD)
		return -OV_E2BIG;
	bpf_loop(ctx->args[1], ov_pb_one, &l, 0);
	return l.done;
}
