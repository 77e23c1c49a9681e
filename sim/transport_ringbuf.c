// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: --transport ringbuf, the port of the BPF ring buffer (ringbuf/).
 *
 * Producers do what the selftests' ringbuf_bench.c BPF program does for each
 * record of a batch: bpf_ringbuf_reserve(), write, bpf_ringbuf_submit() with
 * the flags of --wakeup (or bpf_ringbuf_output() from a scratch copy with
 * --use-output). The consumer is either the port of libbpf's ring_buffer
 * (--consumer libbpf: consumer_pos stored after every record) or the
 * selftests' rb-custom loop over the mmap'ed ring (--consumer batch:
 * consumer_pos stored once per drained batch), from
 * tools/testing/selftests/bpf/benchs/bench_ringbufs.c (Linux 6.18); or none
 * (--consumer none, that file's --rb-bench-producer of the overwrite-mode
 * series, 6.19): producers alone, the ring read once at the end by
 * consumer_ring__snapshot().
 *
 * --reserve (sim/reserve.h): kernel (the port as is), cas (the map's
 * lock-free reservation), shard:K and percpu (one ring per K producers, or
 * per producer: producer i writes ring i / K, and the one consumer takes
 * all rings through one epoll set, as Falco's cpus_for_each_buffer). Rings
 * carry no global order; with the libbpf consumer the order it sees is
 * checked on the stamped records (ooo_* figures, as the perf buffer's).
 *
 * With --profile FILE it is a calibrated port (sim/inject.h): each producer
 * and the consumer also spend what the kernel pays beyond the port for each
 * record, batch, notification, wake-up and wait.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ringbuf/ringbuf.h"
#include "ringbuf/consumer.h"
#include "ringbuf/kernel_compat.h"
#include "sim/clock.h"
#include "sim/era.h"
#include "sim/inject.h"
#include "sim/kcopy.h"
#include "sim/perfbuf_sample.h"
#include "sim/reserve.h"
#include "sim/spin.h"
#include "sim/transport.h"
#include "sim/transport_ringbuf_int.h"

/* in enum ringbuf_lock_handoff's order */
static const char *const lock_names[] = { "ttas", "queued", NULL };
/* in enum ring_consumer_wait's order, then auto */
static const char *const wait_names[] = { "futex", "epoll", "repoll", "auto", NULL };
#define RB_WAIT_AUTO 3

/*
 * --wait auto: the futex sleep that decides at its re-poll with a --profile
 * that measured where the kernel's wait decides (wait_look, profile version
 * 12 on: the calibrated consumer makes that re-poll there), the futex sleep
 * that compares producer_pos otherwise
 */
int rb_wait_how(const struct rb_opts *ro)
{
	if (ro->wait != RB_WAIT_AUTO)
		return ro->wait;
	return ro->inject.path && ro->inject.has_look ? RING_CONSUMER_WAIT_FUTEX_REPOLL :
							RING_CONSUMER_WAIT_FUTEX;
}

/* the report says what auto came to, so that its options run the same again */
static void rb_wait_format(const struct rbsim_opt *opt, const void *base, char *buf, size_t len)
{
	(void)opt;
	snprintf(buf, len, "%s", wait_names[rb_wait_how(base)]);
}

/* --write as resolved: auto is kernel with a profile whose port side wrote so */
static int rb_write_how(const struct rb_opts *ro)
{
	if (ro->write != RBSIM_WRITE_AUTO)
		return ro->write;
	return ro->inject.path && ro->inject.kernel_write ? RBSIM_WRITE_KERNEL : RBSIM_WRITE_PLACE;
}

static int rb_write_parse(const struct rbsim_opt *opt, const char *arg, void *base, char *why,
			  size_t len)
{
	int *how = (void *)((char *)base + opt->off);

	for (int i = 0; i < RBSIM_WRITE_NR; i++) {
		if (!strcmp(arg, rbsim_write_names[i])) {
			*how = i;
			return 0;
		}
	}
	snprintf(why, len, "expected place, kernel or auto");
	return -1;
}

/* the report says what auto came to, so that its options run the same again */
static void rb_write_format(const struct rbsim_opt *opt, const void *base, char *buf, size_t len)
{
	(void)opt;
	snprintf(buf, len, "%s", rbsim_write_names[rb_write_how(base)]);
}

static const struct rbsim_opt rb_options[] = {
	{ .kind = RBSIM_OPT_CUSTOM, .name = "kernel", .metavar = "VER", .def = "6.18",
	  .parse = rbsim_kernel_opt_parse, .format = rbsim_kernel_opt_format,
	  .help = "the release whose ring buffer the map follows, 5.8 to 6.19 (its lock, "
		  "checks, pending_pos; ringbuf/README.md)", RBSIM_OPT_DST(struct rb_opts, kernel) },
	{ .kind = RBSIM_OPT_FLAG, .name = "overwrite",
	  .help = "overwrite mode (BPF_F_RB_OVERWRITE, 6.19): a full ring overwrites its oldest "
		  "records; the consumer counts what it lost", RBSIM_OPT_DST(struct rb_opts, overwrite) },
	{ .kind = RBSIM_OPT_UINT, .name = "nmi-rate", .metavar = "N", .min = 0, .max = 1000000,
	  .def_help = "0, none",
	  .help = "N times a second on each producer thread, a signal handler marked as NMI "
		  "context reserves 8 bytes and discards them, as a perf-event program: the "
		  "lock of the --kernel era decides whether it waits or fails (nmi_* figures)",
	  RBSIM_OPT_DST(struct rb_opts, nmi_rate) },
	{ .kind = RBSIM_OPT_CUSTOM, .name = "reserve", .metavar = "HOW", .def = "kernel",
	  .parse = rbsim_reserve_opt_parse, .format = rbsim_reserve_opt_format,
	  .help = RBSIM_RESERVE_HELP, RBSIM_OPT_DST(struct rb_opts, reserve) },
	{ .kind = RBSIM_OPT_CHOICE, .name = "lock", .metavar = "HOW", .def = "ttas",
	  .choices = lock_names,
	  .help = "how a ring's lock passes between producers: ttas, the port's (a holder "
		  "that comes back first takes it again), or queued, the kernel's (to the "
		  "waiting producer; give each thread a CPU of its own: a preempted waiter "
		  "holds up the others); ringbuf/README.md PORT 3",
	  RBSIM_OPT_DST(struct rb_opts, lock) },
	{ .kind = RBSIM_OPT_CHOICE, .name = "wait", .metavar = "HOW", .def = "auto",
	  .choices = wait_names, .format = rb_wait_format,
	  .help = "how the consumer (libbpf or batch) sleeps: futex, its last look at an emptied ring "
		  "made inside the system call that sleeps (a compare of producer_pos); "
		  "repoll, the same futex sleep deciding at its re-poll just before, with a "
		  "--profile's charge placing that re-poll where the kernel's epoll_wait() "
		  "decides; epoll, the re-poll and then epoll_wait() on the maps' eventfds; "
		  "auto: repoll with a --profile that measured where (rbsim calibrate, profile "
		  "version 12 on), futex otherwise; ringbuf/consumer.h",
	  RBSIM_OPT_DST(struct rb_opts, wait) },
	{ .kind = RBSIM_OPT_CUSTOM, .name = "write", .metavar = "HOW", .def = "auto",
	  .parse = rb_write_parse, .format = rb_write_format,
	  .help = "how a producer writes each record: place, word by word in its reservation "
		  "(the port's way), or kernel, built in a scratch buffer and copied in with "
		  "the kernel's memmove() (rep movsb where the CPU has FSRM or ERMS), as "
		  "kernel-ringbuf's BPF program does; auto: kernel with a --profile whose "
		  "port side was measured so (rbsim calibrate, profile version 8 on), place "
		  "otherwise; sim/calibration.md", RBSIM_OPT_DST(struct rb_opts, write) },
	RBSIM_INJECT_OPTIONS(struct rb_opts, inject),
	{ 0 }
};

static int rb_validate(const struct rbsim_cfg *cfg, char *err, size_t errlen)
{
	const struct rb_opts *ro = cfg->topts;
	struct ringbuf_era era;

	/* an option that would change nothing is refused, as the engine refuses its own */
	if (ro && !ro->inject.path && ro->inject.trigger != KPROD_TRIG_SYSCALL) {
		snprintf(err, errlen, "--profile-trigger %s: only with --profile FILE (the pure "
			 "port pays no trigger)", kprod_trigger_names[ro->inject.trigger]);
		return -EINVAL;
	}
	if (ro && !ro->inject.path && ro->inject.batch_atomic != RBSIM_INJECT_PREEMPT_AUTO) {
		snprintf(err, errlen, "--profile-preempt %s: only with --profile FILE (the pure "
			 "port's producers are scheduled as user threads)",
			 rbsim_inject_preempt_names[ro->inject.batch_atomic]);
		return -EINVAL;
	}
	/* the kernel's ringbuf_map_alloc() checks, with its reasons */
	if (cfg->ring_size > (1ULL << 31)) {
		snprintf(err, errlen, "--ring-size %llu: too large (max_entries is a u32; the "
			 "largest power of 2 it holds is 2147483648)",
			 (unsigned long long)cfg->ring_size);
		return -1;
	}
	if (!is_power_of_2(cfg->ring_size)) {
		snprintf(err, errlen, "--ring-size %llu: not a power of 2 (the kernel requires "
			 "max_entries to be a power of 2 and page aligned)",
			 (unsigned long long)cfg->ring_size);
		return -1;
	}
	if (!PAGE_ALIGNED(cfg->ring_size)) {
		snprintf(err, errlen, "--ring-size %llu: not page aligned (the kernel requires "
			 "max_entries to be a power of 2 and page aligned, at least %lu)",
			 (unsigned long long)cfg->ring_size, PAGE_SIZE);
		return -1;
	}
	if (ro->overwrite && (ringbuf_era(ro->kernel, &era) || !era.overwrite)) {
		snprintf(err, errlen, "--overwrite: kernel %u.%u has no overwrite mode "
			 "(BPF_F_RB_OVERWRITE arrived in 6.19; give --kernel 6.19)",
			 ro->kernel >> 8, ro->kernel & 0xff);
		return -1;
	}
	if (ro->overwrite && cfg->consumer == RBSIM_CONSUMER_BATCH) {
		snprintf(err, errlen, "--overwrite: --consumer batch (rb-custom) cannot read an "
			 "overwrite-mode ring; only the libbpf consumer's port can");
		return -1;
	}
	if (cfg->use_output && cfg->discard_pct > 0) {
		snprintf(err, errlen, "--discard needs reserve+submit: bpf_ringbuf_output() "
			 "cannot discard (drop --use-output)");
		return -1;
	}
	if (ro->reserve.kind != RBSIM_RESERVE_KERNEL && ro->overwrite) {
		snprintf(err, errlen, "--reserve: the variants run the normal mode only (drop "
			 "--overwrite or give --reserve kernel)");
		return -1;
	}
	if (ro->reserve.kind == RBSIM_RESERVE_CAS && ro->lock == RINGBUF_LOCK_QUEUED) {
		snprintf(err, errlen, "--lock queued: --reserve cas takes no lock (drop --lock, "
			 "or give another --reserve)");
		return -1;
	}
	if (ro->reserve.kind == RBSIM_RESERVE_CAS &&
	    (ringbuf_era(ro->kernel, &era) || !era.pending_pos)) {
		snprintf(err, errlen, "--reserve cas follows the eras with pending_pos (6.10 on), "
			 "not --kernel %u.%u", ro->kernel >> 8, ro->kernel & 0xff);
		return -1;
	}
	return 0;
}


/*
 * --profile-preempt batch: this producer thread's non-preemptible section
 * (sim/preempt.h), from the first wake-up in a batch of a consumer asleep on
 * this producer's CPU to the batch's end. What the sections cost the port is
 * a debt, taken from the thread's next charges: the kernel pays no system
 * call to stay unpreempted. So are the thread's eventfd writes
 * (rb_wake_hook()).
 */
static __thread struct {
	bool in_batch;          /* inside rb_produce()'s batch */
	bool held;              /* SCHED_FIFO since a wake-up of this batch */
	bool defer;             /* this producer's CPU is its consumer's: wake-ups deferred */
	bool deferred;          /* a notification of this batch is owed to its end */
	__u64 debt;             /* loops the sections and writes cost, not yet taken from a
				 * charge */
	__u64 owed;             /* loops of notifications still to pay: their part after the
				 * wake-up (rb_pay_owed()) */
	__u64 sections;
	__u64 apart;            /* wake-ups in a batch of a consumer asleep on another CPU */
	__u64 deferrals;        /* batches whose notification came at their end */
} rb_sec;

/* spin loops less what the sections and writes still owe; what was spun */
static inline __u64 rb_pay(__u64 loops)
{
	return rb_spin_less(&rb_sec.debt, loops);
}

/*
 * The notifications' part after their wake-ups, if any, before this
 * thread's next reservation or at its batch's end: what was spun. An
 * --nmi-rate handler's notification may add to it on this thread at any
 * instruction: one exchange, so that its part is paid now or later
 */
static inline __u64 rb_pay_owed(void)
{
	if (likely(!__atomic_load_n(&rb_sec.owed, __ATOMIC_RELAXED)))
		return 0;
	/* same thread as rb_notify_hook()'s add, or its signal handler: relaxed */
	return rb_pay(__atomic_exchange_n(&rb_sec.owed, 0, __ATOMIC_RELAXED));
}

/*
 * A producer on its consumer's CPU (both pinned there) takes its batch's
 * notifications over and makes one at the batch's end, as the kernel's woken
 * consumer cannot run on that CPU before the batch's system call returns;
 * the scheduler then decides whether it runs, by the fair class's own
 * accounting (an unpreempted section there ran the producer SCHED_FIFO,
 * which the fair class does not count, and the yield that ended it handed
 * the consumer the CPU at every batch: sim/calibration.md)
 */
static bool rb_notify_hook(void *ctx)
{
	struct rb_transport *rt = ctx;
	/*
	 * before the port's wake-up, as much as the kernel's wakes its consumer
	 * later after the commit (notify_wake); the rest after it, as the
	 * kernel's producer pays the IPI and the end of its irq_work after its
	 * try_to_wake_up() (rbsim_inject_notify_before_ns())
	 */
	__u64 spun = rb_pay(rt->inj.notify_before);

	/* same thread, or its signal handler: see rb_pay_owed() */
	if (rt->inj.notify_after)
		__atomic_fetch_add(&rb_sec.owed, rt->inj.notify_after, __ATOMIC_RELAXED);

	/* any producer may notify: one sum, read by rb_stats() after the run */
	__atomic_fetch_add(&rt->charged, spun, __ATOMIC_RELAXED);
	if (rb_sec.defer && rb_sec.in_batch) {
		rb_sec.deferred = true;
		return true;
	}
	return false;
}

/*
 * Whether the consumer a wake-up is for went to sleep on another CPU than
 * this producer's. Relaxed: a hint that only decides whether a section
 * opens; a producer may still see the CPU of the consumer's wait before (it
 * moved since), as the scheduler itself places by where the task last ran.
 * Pairs with the WRITE_ONCE() in rb_wait_charged().
 */
static inline bool rb_consumer_apart(const struct rb_transport *rt)
{
	int cpu = READ_ONCE(rt->cons_cpu);

	return cpu >= 0 && cpu != sched_getcpu();
}

/*
 * Before the eventfd write that may wake a consumer: where the kernel's
 * wake_up() lets the scheduler place it. With --profile-preempt, from here
 * to the batch's end no fair task preempts this producer, if the consumer
 * may be woken onto its CPU: it went to sleep on this CPU, or where is not
 * known. A consumer asleep on another, idle CPU is woken there
 * (select_task_rq_fair(): wake_affine_idle() and select_idle_sibling() keep
 * an idle previous CPU, kernel/sched/fair.c, 6.18), so a section would hold
 * nobody off and only cost the port its system calls, at the wake-up and at
 * the batch's end, where the kernel pays nothing: sim/calibration.md. A
 * wake-up from outside a batch (an --nmi-rate handler between two, the fd
 * handed out) opens none. The write is the port's own cost, which the
 * kernel's irq_work does not make: a debt, as a section's
 * (rbsim_inject_setup()).
 */
static void rb_wake_hook(void *ctx)
{
	struct rb_transport *rt = ctx;
	int saved = errno; /* a signal handler's commit may get here */

	rb_sec.debt += rt->inj.notify_write;
	if (rt->inj.batch_atomic && rb_sec.in_batch && !rb_sec.held) {
		if (rb_consumer_apart(rt)) {
			rb_sec.apart++;
		} else if (!rbsim_nopreempt_enter()) {
			rb_sec.held = true;
			rb_sec.debt += rt->inj.section;
			rb_sec.sections++;
		}
	}
	errno = saved;
}

static int rb_setup(struct rbsim_transport *t, char *err, size_t errlen)
{
	const struct rb_opts *ro = t->cfg->topts;
	struct ringbuf_map_opts mo = { .sz = sizeof(mo), .kernel = ro->kernel };
	struct rb_transport *rt = calloc(1, sizeof(*rt));
	struct rbsim_inject_opts inject;
	unsigned int i;

	if (!rt)
		return -ENOMEM;
	t->priv = rt;
	rt->cons_cpu = -1;
	rt->nmaps = rbsim_reserve_rings(&ro->reserve, t->cfg->producers);
	rt->per = ro->reserve.kind == RBSIM_RESERVE_SHARD ? ro->reserve.per : t->cfg->producers;
	t->own_rings = rt->nmaps == t->cfg->producers;
	rt->maps = calloc(rt->nmaps, sizeof(*rt->maps));
	if (!rt->maps)
		return -ENOMEM;
	for (i = 0; i < rt->nmaps; i++) {
		rt->maps[i] = ringbuf_map__new_opts((__u32)t->cfg->ring_size,
						    ro->overwrite ? BPF_F_RB_OVERWRITE : 0, &mo);
		if (!rt->maps[i]) {
			int e = errno;

			snprintf(err, errlen, "ringbuf_map__new_opts(%llu, kernel %u.%u), ring %u "
				 "of %u: %s", (unsigned long long)t->cfg->ring_size,
				 ro->kernel >> 8, ro->kernel & 0xff, i + 1, rt->nmaps, strerror(e));
			return -e;
		}
		if (ringbuf_map__set_lock_handoff(rt->maps[i],
						  (enum ringbuf_lock_handoff)ro->lock)) {
			snprintf(err, errlen, "--lock %s: refused by the map", lock_names[ro->lock]);
			return -EINVAL;
		}
		if (ro->reserve.kind == RBSIM_RESERVE_CAS &&
		    ringbuf_map__set_reserve(rt->maps[i], RINGBUF_RESERVE_CAS)) {
			snprintf(err, errlen, "--reserve cas: refused by the map");
			return -EINVAL;
		}
	}
	if (ro->nmi_rate) {
		struct sigaction sa = { .sa_handler = rb_nmi_handler, .sa_flags = SA_RESTART };

		if (sigaction(RB_NMI_SIGNAL, &sa, NULL))
			return -errno;
	}
	rt->kernel_write = rb_write_how(ro) == RBSIM_WRITE_KERNEL;
	rt->movsb_from = rbsim_kcopy_movsb_from();
	/* those on the consumer's CPU defer their wake-ups and open no section */
	inject = ro->inject;
	inject.futex_wake = rb_wait_how(ro) != RING_CONSUMER_WAIT_EPOLL;
	/* a sleep that decides at its re-poll pays the kernel's way to its look before it */
	inject.look_at_repoll = rb_wait_how(ro) != RING_CONSUMER_WAIT_FUTEX;
	/*
	 * batch_gap's share: only where a consumer thread drains beside the
	 * producers, on a CPU of its own (calibrate measured it so)
	 */
	inject.gap_batch = t->cfg->b2b || t->cfg->consumer == RBSIM_CONSUMER_NONE ||
			   t->cons_cpu_producers >= t->cfg->producers ? 0 : t->cfg->batch;
	rbsim_inject_setup(&rt->inj, &inject,
			   t->cfg->b2b ? 1 : t->cfg->producers - t->cons_cpu_producers);
	if (rt->inj.crowded_cpus)
		fprintf(stderr, "rbsim run: note: --profile-preempt auto: %u producers, %u CPU%s: "
			"no unpreempted sections (on every CPU they would hold the fair tasks "
			"off; sim/calibration.md)\n", t->cfg->producers, rt->inj.crowded_cpus,
			rt->inj.crowded_cpus == 1 ? "" : "s");
	if (rt->inj.section_err) {
		const char *why = strerror(-rt->inj.section_err);

		if (ro->inject.batch_atomic == RBSIM_INJECT_PREEMPT_BATCH) {
			snprintf(err, errlen, "--profile-preempt batch: a producer cannot run "
				 "SCHED_FIFO (%s): root or CAP_SYS_NICE needed", why);
			return rt->inj.section_err;
		}
		fprintf(stderr, "rbsim: warning: --profile-preempt auto: a producer cannot run "
			"SCHED_FIFO (%s): its batches stay preemptible, unlike the profile's "
			"kernel's (preempt=%s)\n", why, rbsim_preempt_names[ro->inject.preempt]);
	}
	/*
	 * where the kernel queues its irq_work: its extra cost, then the port's
	 * eventfd write (at the batch's end for a producer on its consumer's CPU)
	 */
	for (i = 0; (rt->inj.notify || (rt->inj.atomic && t->cons_pinned)) && i < rt->nmaps; i++)
		ringbuf_map__set_notify_hook(rt->maps[i], rb_notify_hook, rt);
	/* where it wakes a consumer: its write's debt, a section from there to the batch's end */
	for (i = 0; (rt->inj.batch_atomic || rt->inj.notify_write) && i < rt->nmaps; i++)
		ringbuf_map__set_wake_hook(rt->maps[i], rb_wake_hook, rt);
	return 0;
}

static void rb_teardown(struct rbsim_transport *t)
{
	struct rb_transport *rt = t->priv;
	unsigned int i;

	if (!rt)
		return;
	for (i = 0; rt->maps && i < rt->nmaps; i++)
		ringbuf_map__free(rt->maps[i]);
	free(rt->maps);
	free(rt->ooo);
	free(rt);
	t->priv = NULL;
}

static int rb_producer_init(struct rbsim_transport *t, struct rbsim_producer *p)
{
	const struct rb_opts *ro = t->cfg->topts;
	struct rb_producer *rp = calloc(1, sizeof(*rp));
	struct rb_transport *rt = t->priv;
	int err;

	if (!rp)
		return -ENOMEM;
	rp->map = rt->maps[rt->nmaps > 1 ? p->id / rt->per : 0];
	if (t->cfg->use_output || rt->kernel_write) {
		/* cache-line aligned, as the slot of kernel-ringbuf's program is a map value */
		rp->scratch = aligned_alloc(64, (t->cfg->size_max + 8 + 63) / 64 * 64);
		if (!rp->scratch) {
			free(rp);
			return -ENOMEM;
		}
		/* --no-verify: the kernel's program copies its scratch as it is, built once */
		if (!t->cfg->verify)
			rbsim_fill_plain(rp->scratch, t->cfg->size_max);
	}
	p->priv = rp;
	/* on this producer's thread: its batches' wake-ups wait for their ends */
	rb_sec.defer = rt->inj.atomic && t->cons_pinned && p->cpu == t->cons_cpu;
	if (ro->nmi_rate) {
		err = rb_nmi_start(rp, ro->nmi_rate);
		if (err)
			return err;
	}
	return 0;
}

static void rb_producer_fini(struct rbsim_transport *t, struct rbsim_producer *p)
{
	struct rb_producer *rp = p->priv;
	struct rb_transport *rt = t->priv;

	if (!rp)
		return;
	rb_nmi_stop(rt, rp);
	/* producers end on their own threads: one sum for all */
	__atomic_fetch_add(&rt->charged, rp->charged, __ATOMIC_RELAXED);
	/* relaxed: rb_stats() reads the sum after the producers' threads are joined */
	__atomic_fetch_add(&rt->sections, rb_sec.sections, __ATOMIC_RELAXED);
	__atomic_fetch_add(&rt->apart, rb_sec.apart, __ATOMIC_RELAXED);
	__atomic_fetch_add(&rt->deferrals, rb_sec.deferrals, __ATOMIC_RELAXED);
	/* the thread may produce for another run (a test's): it starts owing nothing */
	rb_sec.sections = 0;
	rb_sec.apart = 0;
	rb_sec.deferrals = 0;
	rb_sec.defer = false;
	rb_sec.debt = 0;
	rb_sec.owed = 0;
	free(rp->scratch);
	free(rp);
	p->priv = NULL;
}

/* why did reserve fail? this thread's reason, kept by the port (ringbuf_reserve_error()) */
static enum rbsim_drop rb_drop_reason(void)
{
	switch (ringbuf_reserve_error()) {
	case -EBUSY:
		return RBSIM_DROP_LOCK;
	case -E2BIG:
		return RBSIM_DROP_TOO_BIG;
	default:
		return RBSIM_DROP_NO_SPACE;
	}
}

/* --profile: pay for one record of sz bytes (the same size as the last is the rule) */
static inline void rb_record_charge(const struct rb_transport *rt, struct rb_producer *rp,
				    __u32 sz)
{
	if (sz != rp->inj_size) {
		rp->inj_size = sz;
		rp->inj_loops = rbsim_inject_record_loops(&rt->inj, sz);
	}
	rp->charged += rb_pay(rp->inj_loops);
}

/*
 * --use-output, refused for want of space: the kernel's program paid its
 * helper call and a failed reservation (reserve_fail), as a refused reserve
 * does, not a record's reserve, copy and commit. The record's charge was
 * paid before the call, which cannot be known to fail: what it paid beyond
 * the refusal's charge is taken back from the thread's next charges, and
 * what it paid short of it is paid now.
 */
static void rb_refused_output(const struct rb_transport *rt, struct rb_producer *rp)
{
	if (rp->inj_loops > rt->inj.fail)
		rb_sec.debt += rp->inj_loops - rt->inj.fail;
	else
		rp->charged += rb_pay(rt->inj.fail - rp->inj_loops);
}

/* --use-output: each record built in the producer's scratch buffer, then copied in */
static inline __attribute__((always_inline)) void
produce_output(struct rbsim_transport *t, struct rbsim_producer *p, const struct rbsim_batch *b,
	       struct rbsim_batch_result *res, const bool charged)
{
	const struct rbsim_cfg *cfg = t->cfg;
	struct rb_transport *rt = t->priv;
	struct rb_producer *rp = p->priv;
	struct bpf_ringbuf_map *map = rp->map;
	bool need_avail = rbsim_wakeup_needs_avail(cfg);
	__u64 flags = rbsim_wakeup_flags(cfg, 0);
	__u32 i;

	for (i = 0; i < b->n; i++) {
		__u32 sz = RBSIM_BATCH_SIZE(b->size[i]);

		if (charged)
			rp->charged += rb_pay_owed();
		rbsim_fill(cfg, p, rp->scratch, sz);
		if (charged)
			rb_record_charge(rt, rp, sz);
		if (need_avail)
			flags = rbsim_wakeup_flags(cfg, bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA));
		if (bpf_ringbuf_output(map, rp->scratch, sz, flags)) {
			enum rbsim_drop why = rb_drop_reason();

			p->seq--; /* not committed: the number is reused */
			if (charged && why == RBSIM_DROP_NO_SPACE)
				rb_refused_output(rt, rp);
			res->drops[why]++;
			continue;
		}
		res->committed++;
		res->bytes += sz;
	}
	if (charged)
		rp->charged += rb_pay_owed();
}

/*
 * A reservation refused: counted by its reason and, charged, the kernel's
 * refused attempt (its helper call, no write, no commit) owed and paid a step
 * at a time (RBSIM_INJECT_FAIL_STEP_NS), the rest at the batch's end
 */
static inline __attribute__((always_inline)) void
rb_refused(const struct rb_transport *rt, struct rb_producer *rp, struct rbsim_batch_result *res,
	   __u64 *fail_owed, const bool charged)
{
	enum rbsim_drop why = rb_drop_reason();

	if (charged && why == RBSIM_DROP_NO_SPACE) {
		*fail_owed += rt->inj.fail;
		if (*fail_owed >= rt->inj.fail_step) {
			rp->charged += rb_pay(*fail_owed);
			*fail_owed = 0;
		}
	}
	res->drops[why]++;
}

/*
 * One record of produce_uniform(): the charge owed, the reservation (or its
 * refusal, rb_refused()), the fill, the record's charge after it, the
 * commit. in_run: the fill is the run's word *w (rbsim_fill8_next()), else
 * rbsim_fill_local() with *seqp.
 */
static inline __attribute__((always_inline)) void
uniform_record(const struct rbsim_cfg *cfg, const struct rb_transport *rt,
	       struct rb_producer *rp, struct rbsim_producer *p, struct rbsim_batch_result *res,
	       __u64 flags, __u32 sz, __u64 *seqp, __u64 *w, __u64 *fail_owed, const bool verify,
	       const bool charged, const bool in_run)
{
	void *rec;

	if (charged)
		rp->charged += rb_pay_owed();
	rec = bpf_ringbuf_reserve(rp->map, sz, 0);
	if (unlikely(!rec)) {
		rb_refused(rt, rp, res, fail_owed, charged);
		return;
	}
	if (in_run)
		*w = rbsim_fill8_next(rec, *w);
	else
		rbsim_fill_local(cfg, p, rec, sz, seqp, verify);
	if (charged)
		rb_record_charge(rt, rp, sz);
	bpf_ringbuf_submit(rec, flags);
}

/*
 * produce_batch()'s loop for a uniform batch (every record the same size,
 * none discarded, no query before the commit, the record written in place),
 * of the pure port or, charged, of a calibrated one: the size read once, no
 * discard test; the same calls, fills, charges and counts as the general
 * loop, in the same order (rb_refused()). Verified 8-byte records between
 * two of the producer's events go in runs that write each record's word
 * without the per-record test of rbsim_fill_local() (rbsim_fill8_*(): a
 * refusal takes no seq, so a run stays short of the event). Returns the
 * bytes committed, with *seqp advanced a record each.
 */
static inline __attribute__((always_inline)) __u64
produce_uniform(const struct rbsim_cfg *cfg, const struct rb_transport *rt,
		struct rb_producer *rp, struct rbsim_producer *p, const struct rbsim_batch *b,
		struct rbsim_batch_result *res, __u64 flags, __u64 *seqp, __u64 *fail_owed,
		const bool verify, const bool charged)
{
	const __u32 sz = b->size[0], n = b->n;
	__u64 seq = *seqp, seq0 = seq, w = 0;
	__u32 i = 0;

	while (i < n) {
		if (verify && sz == 8 && seq != p->next_stamp) {
			__u32 end = i + rbsim_fill8_room(p, seq, n - i);
			__u64 w0 = w = rbsim_fill8_word(p, seq);

			for (; i < end; i++)
				uniform_record(cfg, rt, rp, p, res, flags, 8, &seq, &w, fail_owed,
					       verify, charged, true);
			seq += rbsim_fill8_count(w, w0);
			continue;
		}
		uniform_record(cfg, rt, rp, p, res, flags, sz, &seq, &w, fail_owed, verify,
			       charged, false);
		i++;
	}
	*seqp = seq;
	return (seq - seq0) * sz;
}

/*
 * The batch, once for the pure port and once for a calibrated one (charged:
 * a constant, so that the pure port's loop carries no test for it), and the
 * pure port's once more for the wake-up modes that query the ring before
 * each commit (may_avail: a constant false leaves the query and its test
 * out, and flags a constant of the batch); and with kwrite, --write kernel,
 * each record built in the producer's scratch buffer and copied in as
 * kernel-ringbuf's program does (sim/kcopy.h), for either (its constant
 * keeps the pure port's loop as it was). The charge of a record falls
 * between reserve and commit, after the write, where the kernel's program
 * builds and copies it.
 *
 * reserve + submit (or discard): the batch's constants (its size array and
 * count, the map, the wake-up mode, the producer's verify flag) are read
 * once into locals, the producer's seq kept in one (rbsim_fill_local()) and
 * stored back after the loop, and the counts summed in locals and added to
 * res once per batch; the compiler cannot keep them in registers itself,
 * since the ring's stores may alias them as far as it knows (this loop is
 * most of the simulator's own instructions per record in --b2b:
 * scripts/bench-speed.sh --callgrind).
 */
static inline __attribute__((always_inline)) int
produce_batch(struct rbsim_transport *t, struct rbsim_producer *p, const struct rbsim_batch *b,
	      struct rbsim_batch_result *res, const bool charged, const bool may_avail,
	      const bool kwrite)
{
	const struct rbsim_cfg *cfg = t->cfg;
	struct rb_transport *rt = t->priv;
	struct rb_producer *rp = p->priv;
	struct bpf_ringbuf_map *map = rp->map;
	const bool need_avail = may_avail && rbsim_wakeup_needs_avail(cfg);
	const bool fill_verify = p->fill_verify;
	__u64 flags = rbsim_wakeup_flags(cfg, 0), bytes = 0, seq, seq0, fail_owed = 0;
	const __u32 *size = b->size, n = b->n;
	__u32 i, discarded = 0;

	if (charged)
		rp->charged += rb_pay(rt->inj.trigger);
	/* where the kernel's program stamps (kslot.bpf.h): its trigger before */
	if (unlikely(cfg->stamp_batches))
		res->t_first = rbsim_now_ns();
	if (cfg->use_output) {
		produce_output(t, p, b, res, charged);
		if (unlikely(cfg->stamp_batches))
			res->t_last = rbsim_now_ns();
		return 0;
	}
	seq0 = seq = p->seq;
	if (!kwrite && !need_avail && b->uniform) {
		bytes = fill_verify ?
			produce_uniform(cfg, rt, rp, p, b, res, flags, &seq, &fail_owed, true,
					charged) :
			produce_uniform(cfg, rt, rp, p, b, res, flags, &seq, &fail_owed, false,
					charged);
		goto done;
	}
	for (i = 0; i < n; i++) {
		__u32 sz;
		void *rec;

		if (charged)
			rp->charged += rb_pay_owed();
		rec = bpf_ringbuf_reserve(map, RBSIM_BATCH_SIZE(size[i]), 0);
		if (unlikely(!rec)) {
			rb_refused(rt, rp, res, &fail_owed, charged);
			continue;
		}
		/* read again, not kept across the call: one register fewer to save */
		sz = RBSIM_BATCH_SIZE(size[i]);
		if (unlikely(size[i] & RBSIM_BATCH_DISCARD)) {
			if (charged)
				rb_record_charge(rt, rp, sz);
			if (need_avail)
				flags = rbsim_wakeup_flags(cfg, bpf_ringbuf_query(map,
									BPF_RB_AVAIL_DATA));
			bpf_ringbuf_discard(rec, flags);
			discarded++;
			continue;
		}
		if (kwrite) {
			/* kernel_ringbuf.bpf.c's one_record(): kslot_build(), bpf_dynptr_write() */
			if (fill_verify)
				rbsim_fill_local(cfg, p, rp->scratch, sz, &seq, true);
			else
				seq++;
			rbsim_kcopy(rec, rp->scratch, sz, rt->movsb_from);
		} else {
			rbsim_fill_local(cfg, p, rec, sz, &seq, fill_verify);
		}
		if (charged)
			rb_record_charge(rt, rp, sz);
		/* the selftests' get_flags(): asked at submit time */
		if (unlikely(need_avail))
			flags = rbsim_wakeup_flags(cfg, bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA));
		bpf_ringbuf_submit(rec, flags);
		bytes += sz;
	}
done:
	if (charged)
		rp->charged += rb_pay(fail_owed) + rb_pay_owed();
	p->seq = seq;
	/* a seq for each record filled, and each filled record is submitted */
	res->committed += seq - seq0;
	res->discarded += discarded;
	res->bytes += bytes;
	if (unlikely(cfg->stamp_batches))
		res->t_last = rbsim_now_ns();
	return 0;
}

static int rb_produce(struct rbsim_transport *t, struct rbsim_producer *p,
		      const struct rbsim_batch *b, struct rbsim_batch_result *res)
{
	const struct rb_transport *rt = t->priv;
	int ret;

	if (likely(!rt->inj.on)) {
		if (unlikely(rt->kernel_write))
			return produce_batch(t, p, b, res, false, true, true);
		if (unlikely(rbsim_wakeup_needs_avail(t->cfg)))
			return produce_batch(t, p, b, res, false, true, false);
		return produce_batch(t, p, b, res, false, false, false);
	}
	/* the wake hook opens a section only inside a batch of a calibrated port that asks */
	rb_sec.in_batch = rt->inj.batch_atomic || rb_sec.defer;
	ret = rt->kernel_write ? produce_batch(t, p, b, res, true, true, true) :
				 produce_batch(t, p, b, res, true, true, false);
	rb_sec.in_batch = false;
	/* the batch's system call returns: its notification now (rb_notify_hook()) */
	if (rb_sec.deferred) {
		rb_sec.deferred = false;
		rb_sec.deferrals++;
		ringbuf_map__notify(((struct rb_producer *)p->priv)->map);
	}
	/* the batch's system call returns: the consumer it held off may run now */
	if (rb_sec.held) {
		rb_sec.held = false;
		rbsim_nopreempt_leave(true);
	}
	return ret;
}

static void rb_stats(struct rbsim_transport *t, struct rbsim_tstats *st)
{
	const struct rb_opts *ro = t->cfg->topts;
	struct rb_transport *rt = t->priv;
	struct ringbuf_stats s, one;
	__u64 mem = 0;
	unsigned int i;

	/* every ring's counters added up (--reserve shard, percpu: several) */
	memset(&s, 0, sizeof(s));
	for (i = 0; i < rt->nmaps; i++) {
		ringbuf_map__stats(rt->maps[i], &one);
		mem += ringbuf_map__mem_usage(rt->maps[i]);
		s.notifications += one.notifications;
		s.notify_dedup += one.notify_dedup;
		s.fail_too_big += one.fail_too_big;
		s.fail_lock += one.fail_lock;
		s.fail_no_space += one.fail_no_space;
		s.overwritten += one.overwritten;
		/* the system calls that wake a sleeper: eventfd writes and FUTEX_WAKE_OPs */
		s.notify_writes += one.notify_writes + one.notify_wakes;
		s.notify_reads += one.notify_reads;
	}
	st->notifications = s.notifications;
	st->wakeups = rt->wakeups;
	st->have_drop_reasons = true;
	/* the NMI handlers' failures are not the workload's */
	st->drops[RBSIM_DROP_NO_SPACE] = s.fail_no_space - rt->nmi_fail_no_space;
	st->drops[RBSIM_DROP_LOCK] = s.fail_lock - rt->nmi_fail_lock;
	st->drops[RBSIM_DROP_TOO_BIG] = s.fail_too_big;
	st->nr_extra = 4;
	st->extra[0].name = "notify_dedup";
	st->extra[0].value = (double)s.notify_dedup;
	/* what the kernel would charge for all the rings */
	st->extra[1].name = "mem_bytes";
	st->extra[1].value = (double)mem;
	/*
	 * the notifications that made the system call that wakes a sleeper (an
	 * eventfd write, or a FUTEX_WAKE_OP for the consumer's futex sleep): a
	 * consumer may have slept
	 */
	st->extra[2].name = "notify_writes";
	st->extra[2].value = (double)s.notify_writes;
	/* ... and the consumers' reads that took them back */
	st->extra[3].name = "notify_reads";
	st->extra[3].value = (double)s.notify_reads;
	if (t->cfg->consumer == RBSIM_CONSUMER_LIBBPF) {
		/*
		 * its walks that stopped at a record not committed yet: a
		 * producer kept from its commit (preempted, oversubscribed)
		 */
		st->extra[st->nr_extra].name = "busy_stops";
		st->extra[st->nr_extra++].value = (double)rt->busy_stops;
	}
	if (rt->nmaps > 1) {
		st->extra[st->nr_extra].name = "rings";
		st->extra[st->nr_extra++].value = rt->nmaps;
		/* with the libbpf consumer (rb-custom walks the rings itself, unchecked) */
		if (rt->ooo && t->cfg->consumer == RBSIM_CONSUMER_LIBBPF) {
			perfbuf_ooo_extras(rt->ooo, st, st->nr_extra);
			st->nr_extra += 4;
		}
	}
	if (rt->inj.on) {
		/*
		 * --profile: what the charges came to, in ns by the run's
		 * calibration, once the producers and the consumer have ended
		 */
		st->extra[st->nr_extra].name = "charged_ns";
		st->extra[st->nr_extra++].value = (double)__atomic_load_n(&rt->charged,
									   __ATOMIC_RELAXED) /
						  rt->inj.loops_per_ns;
		/*
		 * how charges below 500 ns were held: the TSC's ticks a ns (0 for
		 * counted loops), a call's own ns, and the shortest so held
		 */
		st->extra[st->nr_extra].name = "spin_tsc_per_ns";
		st->extra[st->nr_extra++].value = rbsim_spin_tsc_per_ns;
		st->extra[st->nr_extra].name = "spin_tsc_call_ns";
		st->extra[st->nr_extra++].value = rbsim_spin_tsc_extra_ns;
		st->extra[st->nr_extra].name = "spin_tsc_min_ns";
		st->extra[st->nr_extra++].value = rbsim_spin_tsc_min_ns;
		/* what each batch's trigger charge held for the gap a run's batch leaves */
		st->extra[st->nr_extra].name = "batch_gap_ns";
		st->extra[st->nr_extra++].value = rt->inj.gap_ns;
	}
	if (rt->inj.notify_write) {
		/* --profile: what an eventfd write cost the port, taken from its charges */
		st->extra[st->nr_extra].name = "notify_write_ns";
		st->extra[st->nr_extra++].value = rt->inj.notify_write_ns;
	}
	if (rt->inj.read_back) {
		/* --profile: what an eventfd read cost the port's consumer, taken likewise */
		st->extra[st->nr_extra].name = "read_back_ns";
		st->extra[st->nr_extra++].value = rt->inj.read_back_ns;
	}
	if (rt->inj.on && t->cfg->poll == RBSIM_POLL_EPOLL) {
		/* --profile: the consumer's charged waits, and those it slept in and was woken */
		st->extra[st->nr_extra].name = "waits";
		st->extra[st->nr_extra++].value = (double)rt->cons_waits;
		st->extra[st->nr_extra].name = "woken_waits";
		st->extra[st->nr_extra++].value = (double)rt->cons_woken;
	}
	if (rt->inj.atomic && t->cons_pinned) {
		/* --profile-preempt, the producers on their consumer's CPU: see rb_notify_hook() */
		st->extra[st->nr_extra].name = "deferred_wakeups";
		st->extra[st->nr_extra++].value = (double)__atomic_load_n(&rt->deferrals,
									  __ATOMIC_RELAXED);
	}
	if (rt->inj.batch_atomic) {
		/* --profile-preempt: the unpreempted sections, and what one costs the port */
		st->extra[st->nr_extra].name = "preempt_sections";
		st->extra[st->nr_extra++].value = (double)__atomic_load_n(&rt->sections,
									  __ATOMIC_RELAXED);
		st->extra[st->nr_extra].name = "preempt_apart";
		st->extra[st->nr_extra++].value = (double)__atomic_load_n(&rt->apart,
									  __ATOMIC_RELAXED);
		st->extra[st->nr_extra].name = "section_ns";
		st->extra[st->nr_extra++].value = rt->inj.section_ns;
	}
	if (ro->nmi_rate) {
		st->extra[st->nr_extra].name = "nmi_reserves";
		st->extra[st->nr_extra++].value = (double)rt->nmi_runs;
		st->extra[st->nr_extra].name = "nmi_lock_fails";
		st->extra[st->nr_extra++].value = (double)rt->nmi_fail_lock;
		st->extra[st->nr_extra].name = "nmi_no_space";
		st->extra[st->nr_extra++].value = (double)rt->nmi_fail_no_space;
	}
	if (!ro->overwrite)
		return;
	/*
	 * overwrite mode: records the consumer never saw are the ring's to
	 * lose, up to the records reserve overwrote; the reader's own counts
	 * say how it lost them (skipped bytes, copies dropped as torn)
	 */
	st->lossy = true;
	st->lost_bound = s.overwritten;
	st->extra[st->nr_extra].name = "overwritten";
	st->extra[st->nr_extra++].value = (double)s.overwritten;
	if (t->cfg->consumer == RBSIM_CONSUMER_NONE)
		return; /* no reader, no reads lost */
	st->extra[st->nr_extra].name = "ow_lost_bytes";
	st->extra[st->nr_extra++].value = (double)rt->ow.lost_bytes;
	st->extra[st->nr_extra].name = "ow_dropped";
	st->extra[st->nr_extra++].value = (double)rt->ow.dropped;
}

static struct rbsim_transport_ops ringbuf_ops = {
	.name = "ringbuf",
	.options = rb_options,
	.opts_size = sizeof(struct rb_opts),
	.caps = RBSIM_CAP_CONSUMER_KIND | RBSIM_CAP_OUTPUT | RBSIM_CAP_WAKEUP_AVAIL |
		RBSIM_CAP_DROP_RATE | RBSIM_CAP_NOTIFY_COUNT | RBSIM_CAP_DROP_LOCK |
		RBSIM_CAP_DROP_TOO_BIG | RBSIM_CAP_NO_CONSUMER,
	.summary = "the port of the BPF ring buffer (Linux " RBSIM_KERNEL_VERSION
		   " kernel/bpf/ringbuf.c, libbpf consumer)",
	.validate = rb_validate,
	.max_record = rbsim_ringbuf_max_record,
	.wakeup_max = rbsim_ringbuf_wakeup_max,
	.setup = rb_setup,
	.teardown = rb_teardown,
	.producer_init = rb_producer_init,
	.producer_fini = rb_producer_fini,
	.produce = rb_produce,
	.consumer_init = rb_consumer_init,
	.consumer_fini = rb_consumer_fini,
	.consume = rb_consume,
	.stats = rb_stats,
};
RBSIM_TRANSPORT(ringbuf, ringbuf_ops);
