/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the kernel's preemption model, and a calibrated port's batch that
 * the scheduler cannot preempt, as a BPF program's cannot be on a kernel
 * without kernel preemption.
 *
 * A kernel built or booted with preempt=none or voluntary never preempts a
 * task inside a system call that does not reach a preemption point, and a
 * BPF program has none: a consumer that a commit's irq_work wakes onto the
 * producer's CPU runs when the batch's system call returns. With lazy
 * preemption (6.13 on) a fair task's wake-up only asks for a switch at the
 * next tick or return to user space: the same for a batch of microseconds.
 * With full preemption (or PREEMPT_RT) the consumer may run at once.
 *
 * The port's producer is a user thread, which the scheduler may switch out
 * at any instruction. The calibrated port (sim/inject.h) emulates the
 * first three: from the first wake-up in a batch of a consumer that went to
 * sleep on the producer's CPU to the batch's end the producer runs
 * SCHED_FIFO (priority 1), which no fair task preempts, wherever the
 * scheduler places the consumer; at the end it returns to SCHED_OTHER and
 * yields, as the kernel's return from the system call schedules. A consumer
 * asleep on another CPU is woken there (its idle previous CPU), and the
 * section would hold nobody off: none opens. What the two system calls and
 * the yield cost the port, which the kernel does not pay, is taken from the
 * producer's later charges (rbsim_nopreempt_cost_ns()).
 */
#ifndef RBSIM_PREEMPT_H
#define RBSIM_PREEMPT_H

#include <stdbool.h>
#include <stddef.h>

/* the kernel's preemption models, as Linux names them */
enum rbsim_preempt {
	RBSIM_PREEMPT_UNKNOWN,
	RBSIM_PREEMPT_NONE,
	RBSIM_PREEMPT_VOLUNTARY,
	RBSIM_PREEMPT_LAZY,
	RBSIM_PREEMPT_FULL,
	RBSIM_PREEMPT_RT,
	RBSIM_PREEMPT_NR,
};

/* "unknown", "none", "voluntary", "lazy", "full", "rt", by enum; NULL-terminated */
extern const char *const rbsim_preempt_names[RBSIM_PREEMPT_NR + 1];

/* a name of rbsim_preempt_names, or RBSIM_PREEMPT_NR for none of them */
enum rbsim_preempt rbsim_preempt_from_name(const char *name);

/* does a BPF program's batch run to its end unpreempted under model m? */
bool rbsim_preempt_batch_atomic(enum rbsim_preempt m);

/*
 * The running kernel's model, and where it was read (from, len: one line,
 * e.g. "/sys/kernel/debug/sched/preempt"); in order: debugfs's sched/preempt
 * (the current one of a PREEMPT_DYNAMIC kernel; not read where lockdown
 * shuts debugfs, below), the command line's preempt=, the boot log's
 * "Dynamic Preempt:" line (root), the kernel's version string (a kernel
 * built without PREEMPT_DYNAMIC says PREEMPT or PREEMPT_RT there, or
 * neither), its config (/boot/config-RELEASE, then /proc/config.gz: the
 * boot's model when the command line sets none). RBSIM_PREEMPT_UNKNOWN when
 * none says.
 */
enum rbsim_preempt rbsim_preempt_here(char *from, size_t len);

/*
 * The parsers behind it, on a file's text (tests feed them):
 *   debugfs "none (voluntary) full lazy" -> the parenthesised one
 *   a command line's "preempt=X"
 *   a log's "Dynamic Preempt: X" (its last)
 *   uname -v: "PREEMPT_RT" -> rt, "PREEMPT_LAZY" -> lazy, "PREEMPT_DYNAMIC"
 *   alone -> unknown (a config's default, the log says), "PREEMPT" -> full,
 *   none of them -> unknown (none or voluntary: the config says which)
 *   a config's CONFIG_PREEMPT_{NONE,VOLUNTARY,LAZY,RT}=y, CONFIG_PREEMPT=y
 * Each gives RBSIM_PREEMPT_UNKNOWN when its text does not say.
 */
enum rbsim_preempt rbsim_preempt_parse_debugfs(const char *text);
enum rbsim_preempt rbsim_preempt_parse_cmdline(const char *text);
enum rbsim_preempt rbsim_preempt_parse_log(const char *text, size_t len);
enum rbsim_preempt rbsim_preempt_parse_uname(const char *version);
enum rbsim_preempt rbsim_preempt_parse_config(const char *text);

/*
 * Does a text say that lockdown shuts debugfs (integrity or confidentiality,
 * security/lockdown/lockdown.c)? securityfs's lockdown file ("none
 * [integrity] confidentiality"), a command line's lockdown=, a config's
 * CONFIG_LOCK_DOWN_KERNEL_FORCE_{INTEGRITY,CONFIDENTIALITY}=y.
 * rbsim_preempt_here() leaves debugfs unread where one of them says so (in
 * that order: securityfs's file, where mounted, is the current level), as
 * every read of it would log a refusal.
 */
bool rbsim_lockdown_parse_securityfs(const char *text);
bool rbsim_lockdown_parse_cmdline(const char *text);
bool rbsim_lockdown_parse_config(const char *text);

/*
 * The non-preemptible section, on the calling thread: enter makes it
 * SCHED_FIFO priority 1 (0, or -errno: EPERM without CAP_SYS_NICE), leave
 * returns it to SCHED_OTHER (its nice value kept) and, with yield, gives
 * the CPU to a task the section held off.
 */
int rbsim_nopreempt_enter(void);
void rbsim_nopreempt_leave(bool yield);

/*
 * What one section costs the calling thread, enter + leave + yield with
 * nothing to yield to (median of rounds, ns), or -errno when it cannot
 * enter one
 */
double rbsim_nopreempt_cost_ns(unsigned int rounds);

#endif /* RBSIM_PREEMPT_H */
