// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fair scheduler's view of rbsim's threads at each wake-up and switch:
 * raw tracepoints sched_waking (before the wakee is placed), sched_wakeup
 * (placed, and the wake-up preemption decided: current's TIF flags) and
 * sched_switch (an rbsim thread switched in). Fields as Linux 6.18's struct
 * sched_entity and struct cfs_rq (kernel/sched/sched.h, fair.c).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "probe.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20);
} events SEC(".maps");

static bool is_rbsim(struct task_struct *p)
{
	char c[6];

	bpf_probe_read_kernel(c, sizeof(c), p->comm);
	return c[0] == 'r' && c[1] == 'b' && c[2] == 's' && c[3] == 'i' && c[4] == 'm';
}

static void emit(__u32 kind, struct task_struct *p)
{
	struct task_struct *cur = bpf_get_current_task_btf();
	struct cfs_rq *rq = BPF_CORE_READ(p, se.cfs_rq);
	struct ev *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e)
		return;
	e->t = bpf_ktime_get_ns();
	e->kind = kind;
	e->pid = BPF_CORE_READ(p, pid);
	e->cur_pid = BPF_CORE_READ(cur, pid);
	e->cpu = bpf_get_smp_processor_id();
	e->ti_flags = BPF_CORE_READ(cur, thread_info.flags);
	e->p_v = BPF_CORE_READ(p, se.vruntime);
	e->p_d = BPF_CORE_READ(p, se.deadline);
	e->p_vlag = BPF_CORE_READ(p, se.vlag);
	e->p_slice = BPF_CORE_READ(p, se.slice);
	e->p_w = BPF_CORE_READ(p, se.load.weight);
	e->p_delayed = BPF_CORE_READ(p, se.sched_delayed);
	e->p_on_rq = BPF_CORE_READ(p, se.on_rq);
	e->c_v = BPF_CORE_READ(cur, se.vruntime);
	e->c_d = BPF_CORE_READ(cur, se.deadline);
	e->c_vprot = BPF_CORE_READ(cur, se.vprot);
	e->c_slice = BPF_CORE_READ(cur, se.slice);
	e->c_w = BPF_CORE_READ(cur, se.load.weight);
	e->zero_v = BPF_CORE_READ(rq, zero_vruntime);
	e->sum_weight = BPF_CORE_READ(rq, sum_weight);
	e->sum_w_v = BPF_CORE_READ(rq, sum_w_vruntime);
	e->nr_queued = BPF_CORE_READ(rq, nr_queued);
	e->curr_is_cur = BPF_CORE_READ(rq, curr) == &cur->se;
	bpf_ringbuf_submit(e, 0);
}

SEC("raw_tp/sched_waking")
int BPF_PROG(on_waking, struct task_struct *p)
{
	if (is_rbsim(p))
		emit(EV_WAKING, p);
	return 0;
}

SEC("raw_tp/sched_wakeup")
int BPF_PROG(on_wakeup, struct task_struct *p)
{
	if (is_rbsim(p))
		emit(EV_WAKEUP, p);
	return 0;
}

SEC("raw_tp/sched_switch")
int BPF_PROG(on_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	if (is_rbsim(next))
		emit(EV_SWITCH_IN, next);
	return 0;
}
