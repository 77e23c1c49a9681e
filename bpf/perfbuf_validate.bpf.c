// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim validate --perfbuf, kernel side: bpf_perf_event_output() calls as
 * the step in the `step` map lists them, into the one slot of a
 * BPF_MAP_TYPE_PERF_EVENT_ARRAY. The loader runs it with BPF_PROG_TEST_RUN
 * on one CPU (BPF_F_TEST_RUN_ON_CPU), the CPU whose perf event fills the
 * slot, and does the same calls on the port; both rings must then agree
 * byte for byte.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include "bpf/perfbuf_validate.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
	__uint(max_entries, 1);		/* set by the loader: the CPU's index + 1 */
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct pbv_step);
} step SEC(".maps");

SEC("raw_tp")
int pbv_output(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 zero = 0, i, n, size, off;
	struct pbv_step *s;

	s = bpf_map_lookup_elem(&step, &zero);
	if (!s)
		return 1;
	n = s->n;
	for (i = 0; i < PBV_MAX_OPS; i++) {
		if (i >= n)
			break;
		size = s->size[i];
		off = s->off[i] & (PBV_MAX_SIZE - 1);
		/* the loader keeps size <= PBV_MAX_SIZE; the verifier wants to see it */
		if (size > PBV_MAX_SIZE)
			size = PBV_MAX_SIZE;
		s->ret[i] = bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU,
						  s->payload + off, size);
	}
	return 0;
}
