// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: a calibrated port's charges (sim/inject.h): --profile and --trigger,
 * and the costs turned into spin loops.
 */
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "ringbuf/kernel_compat.h"
#include "sim/clock.h"
#include "sim/inject.h"
#include "sim/kernel_transports.h"
#include "sim/spin.h"

/*
 * The profiles' samples that spread=drawn draws from: made once a profile,
 * kept for the process's life (options are copied by value, and more than
 * one may point at them)
 */
static struct rbsim_wake_draws *keep_draws(const struct rbsim_profile *p)
{
	static struct rbsim_wake_draws *kept;
	struct rbsim_wake_draws *d;

	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	for (unsigned int i = 0; i <= p->nidle; i++) {
		const struct rbsim_cost_stat *st = i ? &p->idle[i - 1].stat[RBSIM_SIDE_KERNEL] :
					       &p->stat[RBSIM_SIDE_KERNEL][RBSIM_COST_WAKEUP_BUSY];

		d->s[i] = malloc(st->n * sizeof(double));
		if (!d->s[i])
			break;
		memcpy(d->s[i], st->samples, st->n * sizeof(double));
		d->n[i] = st->n;
		d->median[i] = st->median;
	}
	d->next = kept;
	kept = d;
	return d;
}

int rbsim_inject_parse(const struct rbsim_opt *opt, const char *arg, void *base, char *why,
		       size_t len)
{
	struct rbsim_inject_opts *o = (void *)((char *)base + opt->off);
	struct rbsim_machine here;
	struct rbsim_profile p;
	char err[512], warn[512];
	size_t skip = strlen(arg) + 2;

	o->path = NULL;
	memset(&o->delta, 0, sizeof(o->delta));
	memset(&o->kernel, 0, sizeof(o->kernel));
	o->has_fail = false;
	o->has_wake = false;
	o->has_look = false;
	o->has_gap = false;
	o->kernel_write = false;
	o->nidle = 0;
	o->halt_max = 0;
	o->ntrains = 0;
	o->stop_period = o->stop_quota = o->stop_burst = 0;
	o->draws = NULL;
	if (!strcmp(arg, "none"))
		return 0;
	if (!*arg || strpbrk(arg, " \t\n")) {
		/* the report rows carry the options as words */
		snprintf(why, len, "a file name with no space in it");
		return -1;
	}
	if (rbsim_profile_read(arg, &p, err, sizeof(err))) {
		/* "FILE: problem": the option's message names the file already */
		snprintf(why, len, "%s", strlen(err) > skip ? err + skip : err);
		return -1;
	}
	rbsim_machine_here(&here);
	if (rbsim_profile_foreign(&p, &here, warn, sizeof(warn)))
		fprintf(stderr, "rbsim: warning: --profile %s: %s\n", arg, warn);
	rbsim_profile_delta(&p, &o->delta);
	o->kernel = p.side[RBSIM_SIDE_KERNEL];
	o->has_fail = p.version >= 5;
	o->has_wake = p.version >= 6;
	o->has_look = p.version >= 12;
	o->has_gap = p.version >= 15;
	o->kernel_write = p.port_write == RBSIM_WRITE_KERNEL;
	o->preempt = p.machine.preempt;
	o->nidle = p.nidle;
	for (unsigned int i = 0; i < p.nidle; i++) {
		o->idle_slept[i] = p.idle[i].slept_ns;
		o->idle_kernel[i] = p.idle[i].stat[RBSIM_SIDE_KERNEL].median;
	}
	o->halt_max = p.halt.max_ns;
	o->ntrains = p.halt.ntrains;
	for (unsigned int i = 0; i < p.halt.ntrains; i++) {
		o->train_slept[i] = p.halt.train[i].slept_ns;
		o->train_halts[i] = p.halt.train[i].halts;
	}
	o->stop_period = p.stops.period_ns;
	o->stop_quota = p.stops.quota_ns;
	o->stop_burst = p.stops.burst_ns;
	o->draws = keep_draws(&p);
	rbsim_profile_free(&p);
	o->path = arg;
	return 0;
}

void rbsim_inject_format(const struct rbsim_opt *opt, const void *base, char *buf, size_t len)
{
	const struct rbsim_inject_opts *o = (const void *)((const char *)base + opt->off);

	snprintf(buf, len, "%s", o->path ? o->path : "none");
}

double rbsim_inject_record_ns(const struct rbsim_costs *delta, __u32 size)
{
	static const double at[3] = { 8, 256, 4096 };
	const double c[3] = { delta->record_8, delta->record_256, delta->record_4096 };
	double s = size, ns;
	int i;

	if (s <= at[0])
		return c[0];
	i = s <= at[1] ? 0 : 1;
	/* the segment's line, and the last one's beyond 4096 bytes */
	ns = c[i] + (c[i + 1] - c[i]) * (s - at[i]) / (at[i + 1] - at[i]);
	return ns > 0 ? ns : 0;
}

static double trigger_ns(const struct rbsim_costs *c, int trigger)
{
	return trigger == KPROD_TRIG_RAW_SYSCALL ? c->trigger_raw_syscall :
	       trigger == KPROD_TRIG_TEST_RUN ? c->trigger_test_run : c->trigger_syscall;
}

static __u64 round_ns(double ns)
{
	return ns > 0 ? (__u64)(ns + 0.5) : 0;
}

_Static_assert(RBSIM_PROFILE_MAX_IDLE == RBSIM_VIDLE_MAX, "a profile's idle wake-ups fit idle=");
_Static_assert(RBSIM_PROFILE_MAX_HALTS == RBSIM_HALTPOLL_MAX_HALTS,
	       "a profile's halts fit haltpoll=");

void rbsim_inject_vcosts(const struct rbsim_inject_opts *o, double size, unsigned int batch,
			 unsigned int gap_batch, unsigned int keep, struct rbsim_vcosts *vc)
{
	const struct rbsim_costs *k = &o->kernel;
	double gap = o->has_gap ? rbsim_inject_gap_ns(k, gap_batch) : 0;
	double trig = (trigger_ns(k, o->trigger) + gap) / (batch ? batch : 1);
	__u64 produce = round_ns(rbsim_inject_record_ns(k, size > 0 ? (__u32)(size + 0.5) : 0) +
				 trig);
	/* in --vcosts' order: bit i of keep is field i; record (4) is not measured */
	__u64 *field[] = { &vc->produce_ns, &vc->notify_ns, &vc->wake_ns, &vc->poll_ns, NULL,
			   &vc->refuse_ns };
	__u64 v[] = {
		produce, round_ns(k->notify), round_ns(k->wakeup_busy), round_ns(k->wait), 0,
		/* a profile before reserve_fail: a refusal costs a record, as it did */
		o->has_fail ? round_ns(k->reserve_fail + trig) : produce,
	};

	for (unsigned int i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (field[i] && !(keep & (1u << i)))
			*field[i] = v[i];
	/* a profile's idle wake-ups (version 9 on): the kernel's, after each sleep */
	if (!(keep & RBSIM_VCOST_IDLE)) {
		vc->nidle = o->nidle;
		for (unsigned int i = 0; i < o->nidle; i++) {
			vc->slept_ns[i] = round_ns(o->idle_slept[i]);
			vc->idle_wake_ns[i] = round_ns(o->idle_kernel[i]);
		}
	}
	/*
	 * the profile's halt polling (version 10 on): MAX, and each train whose
	 * long sleep counted other halts than the one before (1 at first: a
	 * sleep beyond MAX halves the window once unless haltpoll= says more,
	 * or none, where the host kept polling)
	 */
	if (!(keep & RBSIM_VCOST_HALTPOLL)) {
		unsigned int last = 1;

		vc->haltpoll_ns = round_ns(o->halt_max);
		vc->nhalts = 0;
		for (unsigned int i = 0; vc->haltpoll_ns && i < o->ntrains; i++) {
			__u64 slept = round_ns(o->train_slept[i]);

			if (o->train_halts[i] == last || slept <= vc->haltpoll_ns ||
			    (vc->nhalts && slept <= vc->halts_slept_ns[vc->nhalts - 1]))
				continue;
			vc->halts_slept_ns[vc->nhalts] = slept;
			vc->halts[vc->nhalts++] = last = o->train_halts[i];
		}
	}
	/* the profile's host stops (version 11 on): its period, quota and carried part */
	if (!(keep & RBSIM_VCOST_HOSTSTOP)) {
		vc->hoststop_period_ns = round_ns(o->stop_period);
		vc->hoststop_quota_ns = vc->hoststop_period_ns ? round_ns(o->stop_quota) : 0;
		vc->hoststop_burst_ns = vc->hoststop_period_ns ? round_ns(o->stop_burst) : 0;
	}
	/* the samples spread=drawn draws from: those of the points idle= has, and the busy */
	for (unsigned int i = 0; i <= RBSIM_VIDLE_MAX; i++) {
		bool have = o->draws && (i == 0 || (i <= vc->nidle && i <= o->nidle &&
						    !(keep & RBSIM_VCOST_IDLE)));

		vc->draw[i] = have ? o->draws->s[i] : NULL;
		vc->ndraw[i] = have ? o->draws->n[i] : 0;
		vc->draw_median[i] = have ? o->draws->median[i] : 0;
	}
}

double rbsim_inject_notify_before_ns(const struct rbsim_costs *delta, bool has_wake)
{
	/*
	 * notify_wake is timed from the notifying commit to the consumer's
	 * try_to_wake_up() on each side: the kernel's irq_work wakes it after
	 * its self-IPI, and goes on to send the IPI and return; the port's
	 * eventfd write wakes it a system call's entry after the charge. So
	 * the difference, paid before the write, has the port wake its
	 * consumer when the kernel does; the rest of the charge comes after.
	 * A profile that did not measure it (before version 6): all before
	 */
	double notify = delta->notify > 0 ? delta->notify : 0;
	double before = has_wake ? delta->notify_wake : notify;

	if (before < 0)
		return 0;
	return before < notify ? before : notify;
}

static __u64 loops(const struct rbsim_inject *inj, double ns)
{
	double l = ns * inj->loops_per_ns + 0.5;

	return l > 0 ? (__u64)l : 0;
}

double rbsim_inject_lpns;

static void calibrate_once(void)
{
	const __u64 ms = 1000000;

	rbsim_inject_lpns = (double)rbsim_calibrate_work(ms) / ms;
}

double rbsim_inject_loops_per_ns(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	/* pthread_once orders the store before every caller's read */
	pthread_once(&once, calibrate_once);
	return rbsim_inject_lpns;
}

const char *const rbsim_inject_preempt_names[RBSIM_INJECT_PREEMPT_NR + 1] = {
	[RBSIM_INJECT_PREEMPT_AUTO] = "auto",
	[RBSIM_INJECT_PREEMPT_BATCH] = "batch",
	[RBSIM_INJECT_PREEMPT_OFF] = "off",
	[RBSIM_INJECT_PREEMPT_NR] = NULL,
};

/*
 * What one call on the port's notification eventfd costs the caller when no
 * thread sleeps on it: a write (the producer's, that wakes a consumer) or a
 * read (the consumer's, that takes the writes back: ringbuf_map__take_wakeups()),
 * the system call and the eventfd's own work, the median of rounds calls on an
 * eventfd of its own (the other call between them, untimed). The kernel makes
 * neither: its irq_work wakes the consumer from the interrupt, and its
 * epoll_wait() takes the map off the ready list (sim/calibration.md). 0 if no
 * eventfd can be had.
 */
static double eventfd_call_ns(unsigned int rounds, bool reads)
{
	struct rbsim_cost_stat st = { 0 };
	__u64 one = 1, val, t0, t1;
	double *ns, med = 0;
	int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	unsigned int n = 0;

	if (fd < 0)
		return 0;
	ns = malloc(rounds * sizeof(*ns));
	for (unsigned int i = 0; ns && i < rounds; i++) {
		t0 = rbsim_now_ns();
		if (write(fd, &one, sizeof(one)) != sizeof(one))
			break;
		t1 = rbsim_now_ns();
		if (read(fd, &val, sizeof(val)) != sizeof(val))
			break;
		ns[n++] = (double)(reads ? rbsim_now_ns() - t1 : t1 - t0);
	}
	/* the median as a profile's costs take it (sim/profile.c) */
	if (n && !rbsim_cost_stat_set(&st, ns, n))
		med = st.median;
	free(st.samples);
	free(ns);
	close(fd);
	return med;
}

/*
 * The median of rounds wake-up calls on a word nobody sleeps on: the
 * FUTEX_WAKE_OP that adds one to the map's futex word and wakes a consumer
 * that sleeps there (bpf_ringbuf_notify_futex() in ringbuf/ringbuf.c)
 */
static double futex_wake_ns(unsigned int rounds)
{
	struct rbsim_cost_stat st = { 0 };
	double *ns = malloc(rounds * sizeof(*ns)), med = 0;
	__u32 word = 0;
	unsigned int n = 0;

	for (unsigned int i = 0; ns && i < rounds; i++) {
		__u64 t0 = rbsim_now_ns();

		if (ringbuf_futex_wake_op(&word) < 0)
			break;
		ns[n++] = (double)(rbsim_now_ns() - t0);
	}
	if (n && !rbsim_cost_stat_set(&st, ns, n))
		med = st.median;
	free(st.samples);
	free(ns);
	return med;
}

/* the CPUs this process may run on */
static unsigned int cpus_allowed(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set))
		return 1;
	return (unsigned int)CPU_COUNT(&set);
}

void rbsim_inject_setup(struct rbsim_inject *inj, const struct rbsim_inject_opts *o,
			unsigned int producers)
{
	double trig, sec, before;

	memset(inj, 0, sizeof(*inj));
	if (!o || !o->path)
		return;
	inj->on = true;
	inj->loops_per_ns = rbsim_inject_loops_per_ns();
	inj->rec_ns[0] = o->delta.record_8;
	inj->rec_ns[1] = o->delta.record_256;
	inj->rec_ns[2] = o->delta.record_4096;
	trig = trigger_ns(&o->delta, o->trigger);
	/*
	 * with a consumer draining beside the producers on a CPU of its own, as
	 * calibrate measured it: what such a batch adds; not where the
	 * producers leave the consumer no CPU (they and it oversubscribe them)
	 */
	if (o->has_gap && o->gap_batch && producers + 1 <= cpus_allowed())
		inj->gap_ns = rbsim_inject_gap_ns(&o->delta, o->gap_batch);
	inj->trigger = loops(inj, trig + inj->gap_ns);
	inj->notify = loops(inj, o->delta.notify);
	inj->notify_before = loops(inj, rbsim_inject_notify_before_ns(&o->delta, o->has_wake));
	if (inj->notify_before > inj->notify)
		inj->notify_before = inj->notify; /* rounded apart */
	inj->notify_after = inj->notify - inj->notify_before;
	inj->wait = loops(inj, o->delta.wait);
	inj->fail = loops(inj, o->delta.reserve_fail);
	inj->fail_step = loops(inj, RBSIM_INJECT_FAIL_STEP_NS);
	if (inj->fail_step < inj->fail)
		inj->fail_step = inj->fail;
	/*
	 * a notification that writes the eventfd or wakes the futex (a
	 * consumer may sleep): the port pays the call itself, which the
	 * profile's notify does not hold (taken there with no consumer
	 * waiting); the charge pays the rest, no less than 0
	 */
	if (inj->notify) {
		inj->notify_write = loops(inj, o->futex_wake ? futex_wake_ns(64) :
					  eventfd_call_ns(64, false));
		if (inj->notify_write > inj->notify)
			inj->notify_write = inj->notify;
		inj->notify_write_ns = (double)inj->notify_write / inj->loops_per_ns;
	}
	/*
	 * the consumer's read of the writes back: a system call where the
	 * kernel's epoll_wait() takes the map off its ready list within the
	 * wait (its cost in the wait charge); the charge pays the rest
	 */
	if (inj->wait) {
		inj->read_back = loops(inj, eventfd_call_ns(64, true));
		if (inj->read_back > inj->wait)
			inj->read_back = inj->wait;
		inj->read_back_ns = (double)inj->read_back / inj->loops_per_ns;
	}
	/*
	 * where the kernel's wait decides to sleep: before the wait, the
	 * kernel's way there beyond the port's (wait_look) for a consumer that
	 * decides at its re-poll, else its way into the system call
	 * (wait_enter, and the futex sleep's compare decides later); the rest
	 * after
	 */
	before = o->has_look && o->look_at_repoll ? o->delta.wait_look : o->delta.wait_enter;
	inj->wait_before = loops(inj, before < o->delta.wait ? before : o->delta.wait);
	if (o->batch_atomic == RBSIM_INJECT_PREEMPT_OFF ||
	    (o->batch_atomic == RBSIM_INJECT_PREEMPT_AUTO && !rbsim_preempt_batch_atomic(o->preempt)))
		return;
	inj->atomic = true;
	if (!producers)
		return; /* every producer defers its wake-ups to its batch's end */
	if (o->batch_atomic == RBSIM_INJECT_PREEMPT_AUTO) {
		unsigned int cpus = cpus_allowed();

		if (producers >= cpus) {
			inj->crowded_cpus = cpus;
			return;
		}
	}
	/* 16 rounds: a few tens of us, the first of which pays the policy's first switch */
	sec = rbsim_nopreempt_cost_ns(16);
	if (sec < 0) {
		inj->section_err = (int)sec;
		return;
	}
	inj->batch_atomic = true;
	inj->section_ns = sec;
	inj->section = loops(inj, sec);
}

double rbsim_inject_gap_ns(const struct rbsim_costs *costs, unsigned int batch)
{
	double beyond = costs->batch_gap - costs->trigger_syscall;

	if (beyond <= 0 || !batch)
		return 0;
	return batch >= RBSIM_GAP_BATCH ? beyond : beyond * batch / RBSIM_GAP_BATCH;
}

__u64 rbsim_inject_record_loops(const struct rbsim_inject *inj, __u32 size)
{
	struct rbsim_costs d = { .record_8 = inj->rec_ns[0], .record_256 = inj->rec_ns[1],
				 .record_4096 = inj->rec_ns[2] };

	return loops(inj, rbsim_inject_record_ns(&d, size));
}
