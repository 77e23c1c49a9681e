// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim calibrate, kernel side: one record committed with the flags asked,
 * stamped with bpf_ktime_get_ns() (the clock of rbsim_now_ns()) just before
 * its commit, so that the consumer can tell how long the notification took
 * to wake it. Run with BPF_PROG_TEST_RUN by bpf/calibrate_sides.c.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include "bpf/calibrate.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} cal_rb SEC(".maps");

SEC("syscall")
int cal_submit(struct cal_ctx *ctx)
{
	struct cal_rec *rec = bpf_ringbuf_reserve(&cal_rb, sizeof(*rec), 0);

	if (!rec) {
		ctx->err = -1;
		return 0;
	}
	rec->tag = ctx->tag;
	rec->stamp = bpf_ktime_get_ns();
	bpf_ringbuf_submit(rec, ctx->flags);
	ctx->err = 0;
	/* the rest of a batch, as a producer goes on after a notifying commit */
	for (__u64 i = 0; i < ctx->more && i < CAL_MORE_MAX; i++) {
		rec = bpf_ringbuf_reserve(&cal_rb, sizeof(*rec), 0);
		if (!rec)
			continue;
		rec->tag = 0;
		rec->stamp = 0;
		bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
	}
	return 0;
}
