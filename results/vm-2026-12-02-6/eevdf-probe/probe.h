/* SPDX-License-Identifier: GPL-2.0-only */
/* one scheduler event of an rbsim thread, from probe.bpf.c to probe.c */
#ifndef PROBE_H
#define PROBE_H

enum { EV_WAKING, EV_WAKEUP, EV_SWITCH_IN };

struct ev {
	__u64 t;                 /* bpf_ktime_get_ns() */
	__u32 kind, pid, cur_pid, cpu;
	__u64 ti_flags;          /* current's thread_info.flags (TIF_NEED_RESCHED...) */
	/* the woken (or switched-in) task's sched_entity */
	__u64 p_v, p_d, p_vlag, p_slice, p_w;
	__u32 p_delayed, p_on_rq;
	/* current's (the waker's CPU's) */
	__u64 c_v, c_d, c_vprot, c_slice, c_w;
	/* the woken task's cfs_rq: avg_vruntime's terms */
	__u64 zero_v, sum_weight;
	__s64 sum_w_v;
	__u32 nr_queued, curr_is_cur;
};
#endif
