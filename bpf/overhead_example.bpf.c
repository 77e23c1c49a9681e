// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim overhead: example event structs for `rbsim overhead --struct NAME
 * --btf overhead_example.bpf.o`, and the two programs `--verify` runs on the
 * real kernel to measure what a record costs in a BPF ring buffer
 * (producer_pos) and in a perf buffer (data_head).
 *
 * The sizes below are checked at compile time, so the BTF the test reads can
 * only disagree with them if the BTF lookup is wrong.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

#define OV_E2BIG 7

/* perf_event_header.size is a u16: 8 + 4 + round_up(65516 + 4, 8) - 4 = 65528 */
#define OV_PERF_PAYLOAD_MAX 65516

/* a typical exec event: 112 bytes, no padding, costs 120 in the ring buffer */
struct ov_exec_event {
	__u32 pid;
	__u32 ppid;
	__u32 uid;
	__u32 gid;
	__u64 ts_ns;
	__u64 cgroup_id;
	char comm[16];
	char filename[64];
};
_Static_assert(sizeof(struct ov_exec_event) == 112, "ov_exec_event is 112 bytes");

/* packed to 39 bytes: costs 48, as does the 38-byte ov_net_event */
struct ov_packed_event {
	__u64 ts_ns;
	__u32 pid;
	__u16 sport;
	__u16 dport;
	__u8 proto;
	char comm[16];
	__u8 flags[6];
} __attribute__((packed));
_Static_assert(sizeof(struct ov_packed_event) == 39, "ov_packed_event is 39 bytes");

/* 2-byte aligned, 38 bytes */
struct ov_net_event {
	__u16 family;
	__u16 sport;
	__u16 dport;
	__u8 saddr[16];
	__u8 daddr[16];
};
_Static_assert(sizeof(struct ov_net_event) == 38, "ov_net_event is 38 bytes");

/* the selftests' ringbuf benchmark record: 8 bytes, 16 in the ring */
struct ov_sample {
	__u64 value;
};
_Static_assert(sizeof(struct ov_sample) == 8, "ov_sample is 8 bytes");

/* one object of each type so that clang emits their BTF */
struct ov_exec_event ov_exec_event_example;
struct ov_packed_event ov_packed_event_example;
struct ov_net_event ov_net_event_example;
struct ov_sample ov_sample_example;

/* the source of every perf record; ring buffer records are reserved in place */
char ov_payload[OV_PERF_PAYLOAD_MAX + 4];

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 512 * 1024); /* user space sets --ring-size before load */
} ov_rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} ov_pb SEC(".maps");

/* ctx of ov_ringbuf_fill, read and written back through BPF_PROG_TEST_RUN */
struct ov_rb_args {
	__u32 size;  /* payload bytes of each record */
	__u32 count; /* records to try, at most BPF_MAX_LOOPS */
	__u32 done;  /* records reserved and submitted */
	__s32 err;   /* error of the first refused reservation, 0 if none */
};

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

	if (size > OV_PERF_PAYLOAD_MAX)
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

	if (ctx->args[0] > OV_PERF_PAYLOAD_MAX)
		return -OV_E2BIG;
	bpf_loop(ctx->args[1], ov_pb_one, &l, 0);
	return l.done;
}
