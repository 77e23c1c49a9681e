// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ringbuf transport's NMI analog (--nmi-rate), moved out of
 * transport_ringbuf.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ringbuf/kernel_compat.h"
#include "sim/spin.h"
#include "sim/transport_ringbuf_int.h"

/*
 * --nmi-rate: the NMI analog. A POSIX timer per producer thread sends it
 * RB_NMI_SIGNAL; the handler, inside ringbuf_nmi_enter(), reserves 8 bytes
 * and discards them, as a BPF program on a perf event would interrupt
 * whatever the CPU was doing, a reserve of this thread included. A spinlock
 * era only tries the lock in NMI (it fails if any thread holds it); an
 * rqspinlock era waits for another holder and fails on its own (AA). The
 * handler's failures are counted apart, not as the workload's drops; it may
 * overwrite the reason the thread's last failed reserve kept, which only
 * the per-second drop split reads (the totals come from the map).
 */
#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid /* glibc before 2.35 names it so */
#endif
static _Thread_local struct rb_producer *rb_nmi_self;

void rb_nmi_handler(int sig)
{
	struct rb_producer *rp = rb_nmi_self;
	int saved = errno;
	void *rec;

	(void)sig;
	if (!rp)
		return;
	ringbuf_nmi_enter();
	rec = bpf_ringbuf_reserve(rp->map, 8, 0); /* the ring of the thread it interrupts */
	if (rec)
		bpf_ringbuf_discard(rec, 0); /* adaptive: it may be the record the consumer waits on */
	else if (ringbuf_reserve_error() == -EBUSY)
		rp->nmi_fail_lock++;
	else
		rp->nmi_fail_no_space++;
	ringbuf_nmi_exit();
	/* this thread's own counters: the handler interrupts only the thread that owns them */
	rp->nmi_runs++;
	/*
	 * the next one a period after this one ended, not after it began: a
	 * handler that spun out the rqspinlock timeout (it interrupted its own
	 * thread between the lock word and the held-locks entry) would
	 * otherwise find the next signal pending and run again at once, for
	 * ever: the kind of NMI lock-up that took 6.17 off rqspinlock (27861fc720be)
	 */
	timer_settime(rp->nmi_timer, 0, &rp->nmi_period, NULL);
	errno = saved;
}

int rb_nmi_start(struct rb_producer *rp, __u64 rate)
{
	struct sigevent sev = { .sigev_notify = SIGEV_THREAD_ID, .sigev_signo = RB_NMI_SIGNAL };
	__u64 ns = 1000000000ULL / rate;

	rp->nmi_period.it_value.tv_sec = (time_t)(ns / 1000000000ULL);
	rp->nmi_period.it_value.tv_nsec = (long)(ns % 1000000000ULL);
	sev.sigev_notify_thread_id = gettid();
	rb_nmi_self = rp;
	if (timer_create(CLOCK_MONOTONIC, &sev, &rp->nmi_timer))
		return -errno;
	rp->has_timer = true;
	if (timer_settime(rp->nmi_timer, 0, &rp->nmi_period, NULL))
		return -errno;
	return 0;
}

void rb_nmi_stop(struct rb_transport *rt, struct rb_producer *rp)
{
	if (!rp->has_timer)
		return;
	timer_delete(rp->nmi_timer);
	rp->has_timer = false;
	/* a signal still pending finds no producer */
	rb_nmi_self = NULL;
	/* the producers stop concurrently: atomic adds, read by stats() after the joins */
	__atomic_fetch_add(&rt->nmi_runs, rp->nmi_runs, __ATOMIC_RELAXED);
	__atomic_fetch_add(&rt->nmi_fail_lock, rp->nmi_fail_lock, __ATOMIC_RELAXED);
	__atomic_fetch_add(&rt->nmi_fail_no_space, rp->nmi_fail_no_space, __ATOMIC_RELAXED);
}
