/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim --transport kernel-ringbuf and kernel-perfbuf, userspace: the
 * producer side the two transports share. Producer threads fill their slot
 * (kslot.h) and trigger the transport's BPF program, which writes the batch:
 *   syscall      getpgid(pid_base + id), seen by the syscalls/sys_enter_getpgid
 *                tracepoint (the raw_tp sys_enter where it is missing)
 *   raw-syscall  the same through the raw_tp sys_enter
 *   test-run     BPF_PROG_TEST_RUN of the program, on the calling CPU
 * Each transport loads its own skeleton; this attaches the trigger, maps the
 * slots and runs the batches.
 */
#ifndef RBSIM_BPF_KPROD_H
#define RBSIM_BPF_KPROD_H

#include <stddef.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/types.h>
#include <bpf/libbpf.h>

#include "sim/transport.h"
#include "sim/kernel_transports.h"
#include "bpf/kslot.h"


struct kprod {
	const char *name;		/* the transport, for messages */
	__u32 pid_base;			/* getpgid(pid_base + id) runs producer id's batch */
	enum kprod_trigger trigger;	/* what was attached (syscall may fall back to raw) */
	struct bpf_link *link;
	int prog_fd;			/* test-run */
	struct kslot *slots;		/* the slots map, mmap()ed */
	size_t slots_len;
	unsigned int nslots;
	long long irq_work0;		/* IRQ work interrupts at kprod_start(), or -1 */
};

/*
 * The settings kslot.bpf.h defines, into the rodata of the skeleton of a
 * program that includes it, before load (a macro: each skeleton has its own
 * rodata type).
 */
#define kprod_set_rodata(rodata, cfg) do {				\
	(rodata)->cfg_verify = (cfg)->verify;				\
	(rodata)->cfg_latency = (cfg)->latency;				\
	(rodata)->cfg_lat_every = (cfg)->lat_every;			\
	(rodata)->cfg_tgid = getpid();					\
	(rodata)->cfg_nprod = (cfg)->producers;				\
	(rodata)->cfg_nr_getpgid = __NR_getpgid;			\
	(rodata)->cfg_stamp = (cfg)->stamp_batches;			\
} while (0)

/* what the program's slot takes: --size and --batch */
int kprod_validate(const char *name, const struct rbsim_cfg *cfg, char *err, size_t errlen);

/*
 * Before the skeleton is opened: the privileges and BTF the transport name
 * needs (0, or a negative errno with the message in err), and the trigger
 * that can run here (syscall falls back to raw-syscall without syscall
 * tracepoints).
 */
int kprod_init(struct kprod *kp, const char *name, __u32 pid_base, enum kprod_trigger want,
	       char *err, size_t errlen);

/* before load: only the program of the trigger in use is loaded (progs by trigger) */
void kprod_autoload(const struct kprod *kp, struct bpf_program *const progs[KPROD_TRIG_NR]);

/*
 * After load: attach the trigger's program and mmap() the slots map, one
 * slot per producer, ids set (and with --no-verify the plain pattern in
 * every scratch). 0, or a negative errno with the message in err.
 */
int kprod_start(struct kprod *kp, struct bpf_program *const progs[KPROD_TRIG_NR],
		const struct bpf_map *slots, const struct rbsim_cfg *cfg, char *err,
		size_t errlen);

/* undo kprod_start(); the skeleton is the caller's */
void kprod_stop(struct kprod *kp);

/*
 * One batch of producer p: into its slot, triggered, and what the program
 * did back into res and p->seq. ctx/ctx_len: the BPF_PROG_TEST_RUN context
 * for test-run.
 */
int kprod_produce(struct kprod *kp, struct rbsim_producer *p, const struct rbsim_batch *b,
		  struct rbsim_batch_result *res, const void *ctx, size_t ctx_len);

/*
 * The run's notifications into st: the kernel counts them nowhere user space
 * can read, but each one the ring (or perf event) queued raised an IRQ work
 * interrupt, counted since kprod_start() (sim/irqstat.h); none where
 * /proc/interrupts has no such line. kp may be NULL (setup failed).
 */
void kprod_notifications(const struct kprod *kp, struct rbsim_tstats *st);

/* batches the program ran, over all slots */
__u64 kprod_runs(const struct kprod *kp);

#endif /* RBSIM_BPF_KPROD_H */
