// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim calibrate, kernel side: one record committed with the flags asked,
 * stamped with bpf_ktime_get_ns() (the clock of rbsim_now_ns()) just before
 * its commit, so that the consumer can tell how long the notification took
 * to wake it. Run with BPF_PROG_TEST_RUN by bpf/calibrate_sides.c.
 *
 * And where the kernel's wait re-polls the ring: cal_sys_enter and
 * cal_sys_exit, attached only while it is measured, stamp the entry and the
 * exit of the epoll_wait() system calls of one thread, which that thread
 * sets against its own clock read just before the call (calibrate_measure.c).
 *
 * And when a notification wakes the sleeping consumer: cal_waking, attached
 * only while the wake-ups are measured, stamps the first try_to_wake_up() of
 * one thread (the consumer of either side: the kernel's irq_work and the
 * port's eventfd write both wake it there) after user space armed it.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>

#include "bpf/calibrate.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} cal_rb SEC(".maps");

/* set by user space before the two programs are attached (the .bss is mmap()ed) */
__u32 cal_tid;			/* the waiting thread */
long cal_nr_wait[2];		/* epoll_wait, epoll_pwait (-1 where missing) */
/* written here, read by the thread after its call returned: one call at a time */
__u64 cal_enter_ns, cal_exit_ns;
__u32 cal_open;			/* an epoll_wait() of cal_tid entered and not yet left */
/*
 * cal_waking: the thread whose wake-up is stamped, set with cal_waking_ns 0
 * before the notifying commit; the stamp is read after the thread ran
 */
__u32 cal_wake_tid;
__u64 cal_waking_ns;

SEC("raw_tp/sys_enter")
int cal_sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
	long id = (long)ctx->args[1];

	if ((__u32)bpf_get_current_pid_tgid() != cal_tid ||
	    (id != cal_nr_wait[0] && id != cal_nr_wait[1]))
		return 0;
	cal_enter_ns = bpf_ktime_get_ns();
	cal_open = 1;
	return 0;
}

SEC("raw_tp/sys_exit")
int cal_sys_exit(struct bpf_raw_tracepoint_args *ctx)
{
	if ((__u32)bpf_get_current_pid_tgid() != cal_tid || !cal_open)
		return 0;
	cal_exit_ns = bpf_ktime_get_ns();
	cal_open = 0;
	return 0;
}

/* TP_PROTO(struct task_struct *p): the task being woken, on the waker's CPU */
SEC("raw_tp/sched_waking")
int cal_waking(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *p = (struct task_struct *)ctx->args[0];

	if (cal_waking_ns || (__u32)BPF_CORE_READ(p, pid) != cal_wake_tid)
		return 0;
	cal_waking_ns = bpf_ktime_get_ns();
	return 0;
}

/*
 * One of a batch's records after the first, a bpf_loop() callback: as a
 * plain loop up to CAL_MORE_MAX the verifier walked 164 000 instructions,
 * 200 ms for each load (Linux 6.18, 2-vCPU EPYC VM of family 25 (Zen 3), 2026-12-06)
 */
static long cal_more(__u32 i, __u64 *flags)
{
	struct cal_rec *rec = bpf_ringbuf_reserve(&cal_rb, sizeof(*rec), 0);

	if (!rec)
		return 0;
	rec->tag = 0;
	rec->stamp = 0;
	bpf_ringbuf_submit(rec, *flags);
	return 0;
}

SEC("syscall")
int cal_submit(struct cal_ctx *ctx)
{
	struct cal_rec *rec = bpf_ringbuf_reserve(&cal_rb, sizeof(*rec), 0);
	__u64 flags;

	if (!rec) {
		ctx->err = -1;
		return 0;
	}
	rec->tag = ctx->tag;
	rec->stamp = bpf_ktime_get_ns();
	bpf_ringbuf_submit(rec, ctx->flags);
	ctx->err = 0;
	/* the rest of a batch: a producer going on after a notifying commit, or notifying too */
	flags = ctx->more_flags;
	bpf_loop(ctx->more < CAL_MORE_MAX ? ctx->more : CAL_MORE_MAX, cal_more, &flags, 0);
	return 0;
}
