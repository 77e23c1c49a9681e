// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim --transport kernel-ringbuf and kernel-perfbuf: the producer side both
 * share (see kprod.h): --trigger, the slots, one batch per trigger.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>

#include "ringbuf/kernel_compat.h"
#include "sim/irqstat.h"
#include "sim/kernel_check.h"
#include "bpf/kprod.h"

_Static_assert(KSLOT_DISCARD == RBSIM_BATCH_DISCARD, "one discard mark for both sides");

#define SYSCALL_TP "/sys/kernel/tracing/events/syscalls/sys_enter_getpgid"

int kprod_validate(const char *name, const struct rbsim_cfg *cfg, char *err, size_t errlen)
{
	if (cfg->size_max > KSLOT_MAX_SIZE) {
		snprintf(err, errlen, "--size: records up to %u bytes with --transport "
			 "%s (its BPF program builds them in a %u-byte buffer)",
			 KSLOT_MAX_SIZE, name, KSLOT_MAX_SIZE);
		return -1;
	}
	if (cfg->batch > KSLOT_MAX_BATCH) {
		snprintf(err, errlen, "--batch %u: at most %u records per trigger with --transport "
			 "%s", cfg->batch, KSLOT_MAX_BATCH, name);
		return -1;
	}
	return 0;
}

int kprod_init(struct kprod *kp, const char *name, __u32 pid_base, enum kprod_trigger want,
	       char *err, size_t errlen)
{
	char what[160];
	int ret;

	kp->name = name;
	kp->pid_base = pid_base;
	kp->irq_work0 = -1;
	ret = kcheck_missing(KCHECK_BPF | KCHECK_BTF, what, sizeof(what));
	if (ret) {
		snprintf(err, errlen, "%s %s", name, what);
		return ret;
	}
	kp->trigger = want;
	if (kp->trigger == KPROD_TRIG_SYSCALL &&
	    (kcheck_missing(KCHECK_TRACEFS, what, sizeof(what)) || access(SYSCALL_TP, F_OK)))
		kp->trigger = KPROD_TRIG_RAW_SYSCALL;	/* no syscall tracepoints here */
	return 0;
}

void kprod_autoload(const struct kprod *kp, struct bpf_program *const progs[KPROD_TRIG_NR])
{
	for (int i = 0; i < KPROD_TRIG_NR; i++)
		bpf_program__set_autoload(progs[i], kp->trigger == (enum kprod_trigger)i);
}

int kprod_start(struct kprod *kp, struct bpf_program *const progs[KPROD_TRIG_NR],
		const struct bpf_map *slots, const struct rbsim_cfg *cfg, char *err,
		size_t errlen)
{
	struct bpf_program *prog = progs[kp->trigger];
	int ret;

	if (kp->trigger == KPROD_TRIG_TEST_RUN) {
		kp->prog_fd = bpf_program__fd(prog);
	} else {
		kp->link = bpf_program__attach(prog);
		if (!kp->link) {
			ret = -errno;
			snprintf(err, errlen, "%s: cannot attach the %s trigger: %s", kp->name,
				 kprod_trigger_names[kp->trigger], strerror(-ret));
			return ret == -EINVAL ? -EIO : ret;
		}
	}

	/* the slots: written by producers, read by the program (an mmap()able array) */
	kp->slots_len = round_up(cfg->producers * sizeof(struct kslot), PAGE_SIZE);
	kp->slots = mmap(NULL, kp->slots_len, PROT_READ | PROT_WRITE, MAP_SHARED,
			 bpf_map__fd(slots), 0);
	if (kp->slots == MAP_FAILED) {
		kp->slots = NULL;
		ret = -errno;
		snprintf(err, errlen, "%s: mmap of the slots map: %s", kp->name, strerror(-ret));
		return ret;
	}
	kp->nslots = cfg->producers;
	for (unsigned int i = 0; i < kp->nslots; i++) {
		kp->slots[i].id = i;
		/* --no-verify: the plain pattern once; every record is a prefix of it */
		if (!cfg->verify)
			rbsim_pattern_write(kp->slots[i].scratch, RBSIM_PLAIN_BASE, KSLOT_MAX_SIZE);
	}
	/* the notifications' count starts here: attached, and nothing runs the program yet */
	kp->irq_work0 = rbsim_irq_work_now();
	return 0;
}

void kprod_stop(struct kprod *kp)
{
	if (kp->slots)
		munmap(kp->slots, kp->slots_len);
	kp->slots = NULL;
	bpf_link__destroy(kp->link);
	kp->link = NULL;
}

int kprod_produce(struct kprod *kp, struct rbsim_producer *p, const struct rbsim_batch *b,
		  struct rbsim_batch_result *res, const void *ctx, size_t ctx_len)
{
	struct kslot *s = &kp->slots[p->id];
	__u64 runs = s->runs;
	int err;

	s->n = b->n;
	memcpy(s->sizes, b->size, b->n * sizeof(b->size[0]));
	s->seq = p->seq;
	s->committed = s->discarded = s->drop_no_space = s->drop_too_big = s->bytes = 0;

	/* the system call orders our stores before the program and its stores before ours */
	if (kp->trigger == KPROD_TRIG_TEST_RUN) {
		LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = ctx, .ctx_size_in = ctx_len);

		err = bpf_prog_test_run_opts(kp->prog_fd, &opts);
		if (err)
			return err;
	} else {
		/* no such process: ESRCH, after the tracepoint has run the batch */
		syscall(__NR_getpgid, (long)(kp->pid_base + p->id));
	}
	if (s->runs == runs)
		return -ENOEXEC;	/* the trigger did not reach the program */

	p->seq = s->seq;
	res->committed = (__u32)s->committed;
	res->discarded = (__u32)s->discarded;
	res->drops[RBSIM_DROP_NO_SPACE] = (__u32)s->drop_no_space;
	res->drops[RBSIM_DROP_TOO_BIG] = (__u32)s->drop_too_big;
	res->bytes = s->bytes;
	/* 0 unless stamped (cfg->stamp_batches) */
	res->t_first = s->t_first;
	res->t_last = s->t_last;
	return 0;
}

void kprod_notifications(const struct kprod *kp, struct rbsim_tstats *st)
{
	long long base = kp ? kp->irq_work0 : -1, now = base >= 0 ? rbsim_irq_work_now() : -1;

	/* a CPU gone offline takes its count out of the sum: then none */
	st->notify_count = now >= base && base >= 0 ? RBSIM_NOTIFY_IRQ_WORK : RBSIM_NOTIFY_NONE;
	st->notifications = st->notify_count == RBSIM_NOTIFY_IRQ_WORK ? (__u64)(now - base) : 0;
}

__u64 kprod_runs(const struct kprod *kp)
{
	__u64 runs = 0;

	for (unsigned int i = 0; kp->slots && i < kp->nslots; i++)
		runs += kp->slots[i].runs;
	return runs;
}
