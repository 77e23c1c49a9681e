// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim calibrate: the measurements. Each takes cal->samples samples of a
 * cost on the kernel and on the port, the two sides alternating sample by
 * sample (and which goes first alternating too), so that whatever else the
 * machine does falls on both alike. What each one measures, and why that is
 * what a run pays, is in sim/calibration.md.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <linux/bpf.h>

#include "ringbuf/consumer.h"
#include "ringbuf/kernel_compat.h"
#include "sim/clock.h"
#include "sim/task_state.h"
#include "sim/kernel_transports.h"
#include "bpf/calibrate_internal.h"

#define WARMUP 16           /* untimed rounds before the samples */
#define WAITS 16            /* waits per wait sample */
#define NOTIFY_BATCH 64     /* records per call of a notify sample */
#define SPREAD_WARM 8       /* untimed samples a side before each spread block */

static const char *const side_name[RBSIM_NSIDES] = { "kernel", "port" };

/* the side that goes second in sample i: the order alternates */
static int side_at(unsigned int i, int k)
{
	return i % 2 ? RBSIM_NSIDES - 1 - k : k;
}

void cal_progress(const struct cal *cal, enum rbsim_cost k)
{
	struct rbsim_cost_stat st[RBSIM_NSIDES] = { 0 };
	double diff;

	if (cal->quiet)
		return;
	for (int s = 0; s < RBSIM_NSIDES; s++)
		rbsim_cost_stat_set(&st[s], cal->v[s][k], cal->samples);
	diff = st[RBSIM_SIDE_KERNEL].median - st[RBSIM_SIDE_PORT].median;
	fprintf(stderr, "calibrate: %-19s kernel %9.1f ns [%.1f-%.1f]  port %9.1f ns "
		"[%.1f-%.1f]  kernel - port %.1f ns\n", rbsim_cost_descs[k].name,
		st[0].median, st[0].p25, st[0].p75, st[1].median, st[1].p25, st[1].p75, diff);
	for (int s = 0; s < RBSIM_NSIDES; s++)
		free(st[s].samples);
}

/* ---- through the transports: a record, a batch's trigger ---- */

static int drive_pair(struct cal *cal, struct rbsim_drive d[RBSIM_NSIDES], const char *trigger,
		      __u32 size)
{
	int ret = cal_drive_open(&d[RBSIM_SIDE_KERNEL], KRB_NAME, trigger, size, cal->err,
				 sizeof(cal->err));

	if (!ret)
		ret = cal_drive_open(&d[RBSIM_SIDE_PORT], "ringbuf", NULL, size, cal->err,
				     sizeof(cal->err));
	/* round the ring twice: every page touched before the first sample */
	int rounds = WARMUP + 2 * 4;

	for (int w = 0; !ret && w < rounds; w++) {
		for (int s = 0; !ret && s < RBSIM_NSIDES; s++) {
			long long t = cal_drive_batch(&d[s], CAL_BATCH, cal->err, sizeof(cal->err));

			ret = t < 0 ? (int)t : 0;
		}
	}
	return ret;
}

static void drive_close(struct rbsim_drive d[RBSIM_NSIDES])
{
	for (int s = 0; s < RBSIM_NSIDES; s++)
		rbsim_drive_close(&d[s]);
}

/*
 * Per record: one batch of CAL_BATCH records less an empty batch, over
 * CAL_BATCH, so that the trigger's cost cancels out. The kernel's records are
 * written by kernel_ringbuf.bpf.c run with BPF_PROG_TEST_RUN, the port's by
 * the ringbuf transport: what a run's producers do per record.
 */
int cal_records(struct cal *cal)
{
	static const __u32 sizes[] = { 8, 256, 4096 };
	static const enum rbsim_cost cost[] = { RBSIM_COST_RECORD_8, RBSIM_COST_RECORD_256,
						RBSIM_COST_RECORD_4096 };

	for (int z = 0; z < 3; z++) {
		struct rbsim_drive d[RBSIM_NSIDES];
		int ret = drive_pair(cal, d, kprod_trigger_names[KPROD_TRIG_TEST_RUN], sizes[z]);

		for (unsigned int i = 0; !ret && i < cal->samples; i++) {
			for (int k = 0; !ret && k < RBSIM_NSIDES; k++) {
				int s = side_at(i, k);
				long long t0 = cal_drive_batch(&d[s], 0, cal->err, sizeof(cal->err));
				long long t1 = t0 < 0 ? t0 : cal_drive_batch(&d[s], CAL_BATCH,
									  cal->err,
									  sizeof(cal->err));

				if (t1 < 0)
					ret = (int)t1;
				else
					cal->v[s][cost[z]][i] = (double)(t1 - t0) / CAL_BATCH;
			}
		}
		drive_close(d);
		if (ret)
			return ret;
		cal_progress(cal, cost[z]);
	}
	return 0;
}

/* d's ring filled with batches of CAL_BATCH records, none consumed: 0, or -errno */
static int fill(struct rbsim_drive *d, char *err, size_t len)
{
	struct rbsim_batch_result res;

	/* the ring holds 4 batches (cal_drive_ring()): full within the fifth */
	for (int i = 0; i < 8; i++) {
		long long t = rbsim_drive_try(d, CAL_BATCH, &res, err, len);

		if (t < 0)
			return (int)t;
		if (res.committed < CAL_BATCH)
			return 0;
	}
	snprintf(err, len, "%s: the ring did not fill", d->t.ops->name);
	return -EIO;
}

/* one batch of CAL_BATCH records on a full ring less an empty one, over CAL_BATCH */
static int refused_batch(struct rbsim_drive *d, double *ns, char *err, size_t len)
{
	struct rbsim_batch_result res;
	long long t0 = rbsim_drive_try(d, 0, &res, err, len);
	long long t1 = t0 < 0 ? t0 : rbsim_drive_try(d, CAL_BATCH, &res, err, len);

	if (t1 < 0)
		return (int)t1;
	if (res.drops[RBSIM_DROP_NO_SPACE] != CAL_BATCH) {
		snprintf(err, len, "%s: %u of a batch of %u records refused for want of space, "
			 "not all", d->t.ops->name, res.drops[RBSIM_DROP_NO_SPACE], CAL_BATCH);
		return -EIO;
	}
	*ns = (double)(t1 - t0) / CAL_BATCH;
	return 0;
}

/*
 * A refused reservation: 8-byte records on a full ring, timed as a record
 * is (a batch less an empty one, over CAL_BATCH). The kernel's is what
 * kernel_ringbuf.bpf.c does with a failed bpf_ringbuf_reserve_dynptr(): the
 * helper call, the failed dynptr's release, the drop counted; the port's,
 * its failed bpf_ringbuf_reserve(). What a run's producer pays for each
 * record it loses to a full ring.
 */
int cal_reserve_fail(struct cal *cal)
{
	struct rbsim_drive d[RBSIM_NSIDES];
	int ret = drive_pair(cal, d, kprod_trigger_names[KPROD_TRIG_TEST_RUN], 8);
	double ns;

	for (int s = 0; !ret && s < RBSIM_NSIDES; s++)
		ret = fill(&d[s], cal->err, sizeof(cal->err));
	for (int w = 0; !ret && w < WARMUP; w++)
		for (int s = 0; !ret && s < RBSIM_NSIDES; s++)
			ret = refused_batch(&d[s], &ns, cal->err, sizeof(cal->err));
	for (unsigned int i = 0; !ret && i < cal->samples; i++) {
		for (int k = 0; !ret && k < RBSIM_NSIDES; k++) {
			int s = side_at(i, k);

			ret = refused_batch(&d[s], &cal->v[s][RBSIM_COST_RESERVE_FAIL][i],
					    cal->err, sizeof(cal->err));
		}
	}
	drive_close(d);
	if (ret)
		return ret;
	cal_progress(cal, RBSIM_COST_RESERVE_FAIL);
	return 0;
}

/* did the kernel transport of d fall back to the raw_tp for --trigger syscall? */
static bool raw_fallback(struct rbsim_drive *d)
{
	struct rbsim_tstats st = { 0 };

	d->t.ops->stats(&d->t, &st);
	for (unsigned int i = 0; i < st.nr_extra; i++) {
		if (!strcmp(st.extra[i].name, "raw_tp_trigger"))
			return st.extra[i].value != 0;
	}
	return false;
}

static const enum rbsim_cost trigger_cost[KPROD_TRIG_NR] = {
	[KPROD_TRIG_SYSCALL] = RBSIM_COST_TRIGGER_SYSCALL,
	[KPROD_TRIG_RAW_SYSCALL] = RBSIM_COST_TRIGGER_RAW_SYSCALL,
	[KPROD_TRIG_TEST_RUN] = RBSIM_COST_TRIGGER_TEST_RUN,
};

/* trigger g's samples [from, to) on the pair d into v, after warm untimed batches a side */
static int trigger_samples(struct cal *cal, struct rbsim_drive d[RBSIM_NSIDES], int g,
			   double *v[RBSIM_NSIDES][RBSIM_NCOSTS], unsigned int from,
			   unsigned int to, unsigned int warm)
{
	for (unsigned int i = 0; i < warm; i++) {
		for (int s = 0; s < RBSIM_NSIDES; s++) {
			long long t = cal_drive_batch(&d[s], 0, cal->err, sizeof(cal->err));

			if (t < 0)
				return (int)t;
		}
	}
	for (unsigned int i = from; i < to; i++) {
		for (int k = 0; k < RBSIM_NSIDES; k++) {
			int s = side_at(i, k);
			long long t = cal_drive_batch(&d[s], 0, cal->err, sizeof(cal->err));

			if (t < 0)
				return (int)t;
			v[s][trigger_cost[g]][i] = (double)t;
		}
	}
	return 0;
}

/* the pair of trigger g, its kernel side's fallback noted for the syscall trigger */
static int trigger_pair(struct cal *cal, struct rbsim_drive d[RBSIM_NSIDES], int g)
{
	int ret = drive_pair(cal, d, kprod_trigger_names[g], 8);

	if (!ret && g == KPROD_TRIG_SYSCALL)
		snprintf(cal->trigger_syscall, sizeof(cal->trigger_syscall), "%s",
			 kprod_trigger_names[raw_fallback(&d[RBSIM_SIDE_KERNEL]) ?
					     KPROD_TRIG_RAW_SYSCALL : g]);
	return ret;
}

/*
 * Per batch: an empty batch, for each --trigger. The kernel's is the
 * system call (getpgid or BPF_PROG_TEST_RUN), the tracepoint and the entry
 * and exit of the program; the port's an empty produce() call.
 */
int cal_triggers(struct cal *cal)
{
	for (int g = 0; g < KPROD_TRIG_NR; g++) {
		struct rbsim_drive d[RBSIM_NSIDES];
		int ret = trigger_pair(cal, d, g);

		if (!ret)
			ret = trigger_samples(cal, d, g, cal->v, 0, cal->samples, 0);
		drive_close(d);
		if (ret)
			return ret;
		cal_progress(cal, trigger_cost[g]);
	}
	return 0;
}

/* ---- the bare sides: a notification to a sleeping consumer, a wait ---- */

static int pin(pthread_t th, int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return -pthread_setaffinity_np(th, sizeof(set), &set);
}

struct pp_consumer {
	struct cal_side side;
	struct cal_pp pp;
	pthread_t th;
	bool started;
	int cpu;
};

/* the consumers' wait: pp_stop() wakes them with a record */
#define PP_POLL_MS 1000

static void *pp_consume(void *arg)
{
	struct pp_consumer *pc = arg;

	pin(pthread_self(), pc->cpu);
	/* published to the producer's load-acquire in wait_tid() */
	smp_store_release(&pc->pp.tid, gettid());
	while (!READ_ONCE(pc->pp.stop)) {
		/* P2: pairs with pp_one()'s load-acquire, once it has seen us asleep */
		smp_store_release(&pc->pp.wait_t, rbsim_now_ns());
		/* longer than any nap: a timeout inside one would wake the CPU it idles */
		pc->side.poll(&pc->side, PP_POLL_MS);
	}
	return NULL;
}

/* until a consumer thread has published its tid at *tid (store-release): 0 or -ETIMEDOUT */
static int wait_tid(const pid_t *tid)
{
	__u64 end = rbsim_now_ns() + 2000000000ULL;

	while (!smp_load_acquire(tid)) {
		if (rbsim_now_ns() > end)
			return -ETIMEDOUT;
		sched_yield();
	}
	return 0;
}

static void pp_stop(struct pp_consumer pc[RBSIM_NSIDES])
{
	for (int s = 0; s < RBSIM_NSIDES; s++) {
		__u64 ns;

		WRITE_ONCE(pc[s].pp.stop, 1);
		/* a record wakes the consumer to see stop (else its wait's timeout) */
		if (pc[s].started && pc[s].side.submit)
			pc[s].side.submit(&pc[s].side, BPF_RB_FORCE_WAKEUP, 0, 0, BPF_RB_NO_WAKEUP,
					  &ns);
		if (pc[s].started)
			pthread_join(pc[s].th, NULL);
		if (pc[s].side.close)
			pc[s].side.close(&pc[s].side);
	}
}

static int pp_start(struct cal *cal, struct pp_consumer pc[RBSIM_NSIDES], int cpu)
{
	int ret = 0;

	memset(pc, 0, RBSIM_NSIDES * sizeof(*pc));
	for (int s = 0; !ret && s < RBSIM_NSIDES; s++) {
		pc[s].cpu = cpu;
		pc[s].side.pp = &pc[s].pp;
		ret = s == RBSIM_SIDE_KERNEL ?
		      cal_kernel_side(&pc[s].side, cal->err, sizeof(cal->err)) :
		      cal_port_side(&pc[s].side, cal->err, sizeof(cal->err));
		if (ret)
			break;
		ret = -pthread_create(&pc[s].th, NULL, pp_consume, &pc[s]);
		pc[s].started = !ret;
		if (!ret)
			ret = wait_tid(&pc[s].pp.tid);
		if (ret)
			snprintf(cal->err, sizeof(cal->err), "the %s side's consumer thread did not "
				 "start", side_name[s]);
	}
	return ret;
}

/*
 * One notification to a consumer asleep in its wait: a record committed with
 * BPF_RB_FORCE_WAKEUP, then more records (tag 0, BPF_RB_NO_WAKEUP) in the
 * same call; with busy, more calls of the same until the consumer has the
 * first (a full ring drops them). The wake-up latency is from just before
 * that commit to the consumer's callback seeing the record; with wake, also
 * from there to the consumer's try_to_wake_up() (ks: the kernel side, whose
 * raw_tp sched_waking stamps it on either side), or -EAGAIN if it was not
 * stamped (woken before the commit by something else).
 */
static int pp_one(struct cal *cal, struct pp_consumer *pc, __u64 tag, __u32 more, bool busy,
		  double *wakeup, struct cal_side *ks, double *wake, __u64 nap_ns, double *slept)
{
	struct cal_side *s = &pc->side;
	struct timespec nap = { .tv_sec = (time_t)(nap_ns / 1000000000ULL),
				.tv_nsec = (long)(nap_ns % 1000000000ULL) };
	__u64 ns, end, waking, asleep, idle_from;
	int ret;

	ret = rbsim_wait_asleep(pc->pp.tid, 2000000000ULL);
	if (ret) {
		snprintf(cal->err, sizeof(cal->err), "the %s side's consumer never went to sleep",
			 s->name);
		return ret;
	}
	asleep = idle_from = rbsim_now_ns();
	/*
	 * the consumer's CPU left idle: the producer sleeps too, as a paced one
	 * does; or spins, its own CPU kept busy (cal->nap_spin: the halt-polling
	 * trains, whose consumer then sleeps the nap, not the nap and the
	 * producer's own way back from it)
	 */
	if (nap_ns && cal->nap_spin)
		while (rbsim_now_ns() - asleep < nap_ns)
			;
	else
		while (nap_ns && clock_nanosleep(CLOCK_MONOTONIC, 0, &nap, &nap) == EINTR)
			;
	/*
	 * the consumers' CPU idle since the later of their entries into their
	 * waits (both sides' consumers share it; the other's ran last): P2
	 */
	if (slept && cal->idle_pcs) {
		idle_from = 0;
		for (int k = 0; k < RBSIM_NSIDES; k++) {
			__u64 wt = smp_load_acquire(&cal->idle_pcs[k].pp.wait_t);

			if (wt > idle_from)
				idle_from = wt;
		}
		if (!idle_from)
			idle_from = asleep;
	}
	if (wake)
		cal_kernel_wake_arm(ks, pc->pp.tid);
	ret = s->submit(s, BPF_RB_FORCE_WAKEUP, tag, more, BPF_RB_NO_WAKEUP, &ns);
	if (ret) {
		snprintf(cal->err, sizeof(cal->err), "the %s side: a commit failed: %s", s->name,
			 strerror(-ret));
		return ret;
	}
	end = rbsim_now_ns() + 2000000000ULL;
	/* P1: pairs with the consumer's store-release of done, after lat_ns and stamp */
	while (smp_load_acquire(&pc->pp.done) != tag) {
		if (rbsim_now_ns() > end) {
			snprintf(cal->err, sizeof(cal->err), "the %s side's consumer was not woken "
				 "by a forced notification within 2 s", s->name);
			return -ETIMEDOUT;
		}
		/* the producer goes on with its next batches, unnotified (a full ring drops them) */
		if (busy)
			s->submit(s, BPF_RB_NO_WAKEUP, 0, more, BPF_RB_NO_WAKEUP, &ns);
	}
	*wakeup = (double)pc->pp.lat_ns;
	/*
	 * from the consumers' last entry into a wait (or, without their stamps,
	 * from this one seen asleep) to the commit's stamp (published by P1,
	 * as lat_ns)
	 */
	if (slept)
		*slept = pc->pp.stamp > idle_from ? (double)(pc->pp.stamp - idle_from) : 0;
	if (!wake)
		return 0;
	/* stamped by the waker before the consumer ran, published to us by P1 */
	waking = cal_kernel_wake_stamp(ks);
	if (!waking || waking < pc->pp.stamp)
		return -EAGAIN;
	*wake = (double)(waking - pc->pp.stamp);
	return 0;
}

/* tries at a sample whose wake-up was not stamped before calibrate gives up */
#define WAKE_TRIES 10

/*
 * Two wake-ups of a consumer asleep in its wait on the other CPU, sample by
 * sample: wakeup, the producer idle after its notifying commit (it only
 * watches for the consumer), and wakeup_busy, the producer going on as a
 * run's does: CAL_BATCH more records in the same call, then call after call
 * of the same until the consumer has the notifying record; of the latter,
 * notify_wake too: from the commit to the consumer's try_to_wake_up(), on the
 * kernel inside the irq_work that the commit raised, on the port inside its
 * eventfd write.
 */
int cal_pingpong(struct cal *cal)
{
	struct pp_consumer pc[RBSIM_NSIDES];
	int ret = pp_start(cal, pc, cal->cons_cpu);
	struct cal_side *ks = &pc[RBSIM_SIDE_KERNEL].side;
	__u64 tag = 0;
	double w, x;

	if (!ret)
		ret = cal_kernel_trace_wakes(ks, cal->err, sizeof(cal->err));
	for (int i = 0; !ret && i < WARMUP; i++) {
		for (int s = 0; !ret && s < RBSIM_NSIDES; s++) {
			ret = pp_one(cal, &pc[s], ++tag, 0, false, &w, ks, NULL, 0, NULL);
			if (!ret)
				ret = pp_one(cal, &pc[s], ++tag, CAL_BATCH, true, &w, ks, &x, 0,
					     NULL);
			if (ret == -EAGAIN)
				ret = 0;
		}
	}
	for (unsigned int i = 0; !ret && i < cal->samples; i++) {
		for (int k = 0; !ret && k < RBSIM_NSIDES; k++) {
			int s = side_at(i, k), tries = 0;

			ret = pp_one(cal, &pc[s], ++tag, 0, false,
				     &cal->v[s][RBSIM_COST_WAKEUP][i], ks, NULL, 0, NULL);
			/* a sample whose wake-up went unstamped is taken again */
			while (!ret) {
				ret = pp_one(cal, &pc[s], ++tag, CAL_BATCH, true,
					     &cal->v[s][RBSIM_COST_WAKEUP_BUSY][i], ks,
					     &cal->v[s][RBSIM_COST_NOTIFY_WAKE][i], 0, NULL);
				if (ret != -EAGAIN)
					break;
				ret = ++tries < WAKE_TRIES ? 0 : ret;
			}
			if (ret == -EAGAIN)
				snprintf(cal->err, sizeof(cal->err), "the raw_tp sched_waking "
					 "stamped none of %d wake-ups in a row of the %s side's "
					 "consumer after the notifying commit", tries,
					 pc[s].side.name);
		}
	}
	/* the kernel side's close detaches the raw_tp too */
	pp_stop(pc);
	if (ret)
		return ret;
	cal_progress(cal, RBSIM_COST_WAKEUP);
	cal_progress(cal, RBSIM_COST_WAKEUP_BUSY);
	cal_progress(cal, RBSIM_COST_NOTIFY_WAKE);
	return 0;
}

/* the sleeps after which a wake-up is timed: a profile's idle_wakeups */
static const __u64 idle_sleeps_ns[] = { 20000, 100000, 150000, 200000, 300000, 1000000,
					 10000000, 50000000 };
#define NR_IDLE (sizeof(idle_sleeps_ns) / sizeof(idle_sleeps_ns[0]))
_Static_assert(NR_IDLE <= RBSIM_PROFILE_MAX_IDLE, "the idle wake-ups fit a profile");

/*
 * The wake-up of a consumer asleep in its wait on the other CPU after the
 * producer, pinned on its own, slept idle_sleeps_ns[i] more: both CPUs left
 * idle that long, as between the records of a slow paced workload. A virtual
 * machine's idle vCPU may be off its physical CPU, and then wakes slower the
 * longer it slept (sim/calibration.md). cal->idle_ms of sleep per length and
 * side, about: --samples at most, 5 at least. The sides alternate. A
 * point's sleep is the median of both sides' times from the consumers'
 * CPU left idle to the commit: from the later of the two consumers'
 * entries into their waits (both run on that CPU; the other side's ran
 * last), as virtual time times a sleep from the end of its consumer's
 * round; the nap, and the producer's own way back from it. A point whose
 * sleep is no longer than the one before's is left out. Timed from this
 * side's consumer seen asleep (profile version 9), about 22 us late on the
 * EPYC VM, the step came that much early; timed from this side's own entry,
 * late by the other side's sample (0.37-0.47 ms; sim/calibration.md).
 */
int cal_idle_wakeups(struct cal *cal)
{
	struct pp_consumer pc[RBSIM_NSIDES];
	struct cal_side *ks;
	__u64 tag = 0;
	double w;
	int ret, slack;

	cal->nidle = 0;
	if (!cal->idle_ms)
		return 0;
	/* sleeps as long as asked: no timer slack (50 us by default) */
	slack = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
	prctl(PR_SET_TIMERSLACK, 1, 0, 0, 0);
	ret = pp_start(cal, pc, cal->cons_cpu);
	cal->idle_pcs = pc;
	ks = &pc[RBSIM_SIDE_KERNEL].side;
	for (int i = 0; !ret && i < WARMUP / 4; i++)
		for (int s = 0; !ret && s < RBSIM_NSIDES; s++)
			ret = pp_one(cal, &pc[s], ++tag, 0, false, &w, ks, NULL, 0, NULL);
	for (unsigned int p = 0; !ret && p < NR_IDLE; p++) {
		__u64 want = (__u64)cal->idle_ms * 1000000ULL / idle_sleeps_ns[p];
		unsigned int n = want > cal->samples ? cal->samples : want < 5 ? 5 : (unsigned)want;
		unsigned int q = cal->nidle; /* this point's place among those kept */
		double *slept = calloc(2 * (size_t)n, sizeof(double));

		for (int s = 0; s < RBSIM_NSIDES; s++) {
			cal->iv[s][q] = calloc(n, sizeof(double));
			if (!cal->iv[s][q] || !slept) {
				snprintf(cal->err, sizeof(cal->err), "out of memory");
				ret = -ENOMEM;
			}
		}
		cal->in[q] = n;
		cal->idle_nap[q] = (double)idle_sleeps_ns[p];
		cal->nidle = q + 1; /* freed with cal's from here */
		for (unsigned int i = 0; !ret && i < n; i++)
			for (int k = 0; !ret && k < RBSIM_NSIDES; k++) {
				int s = side_at(i, k);

				ret = pp_one(cal, &pc[s], ++tag, 0, false, &cal->iv[s][q][i], ks,
					     NULL, idle_sleeps_ns[p], &slept[2 * i + k]);
			}
		if (!ret) {
			struct rbsim_cost_stat st = { 0 };

			ret = rbsim_cost_stat_set(&st, slept, 2 * n);
			cal->idle_slept[q] = st.median;
			free(st.samples);
		}
		free(slept);
		if (ret)
			break;
		/*
		 * a point's sleep must be above the one before (a profile's rule):
		 * on a loaded machine a short nap can outlast a longer one, and
		 * the point is left out, with a warning
		 */
		if (q && cal->idle_slept[q] <= cal->idle_slept[q - 1]) {
			fprintf(stderr, "rbsim calibrate: warning: the wake-up after a nap of %.3f ms "
				"left out: the consumer slept %.3f ms in the median, no longer than "
				"after the nap before (%.3f ms): a loaded machine?\n",
				idle_sleeps_ns[p] / 1e6, cal->idle_slept[q] / 1e6,
				cal->idle_slept[q - 1] / 1e6);
			for (int s = 0; s < RBSIM_NSIDES; s++) {
				free(cal->iv[s][q]);
				cal->iv[s][q] = NULL;
			}
			cal->nidle = q;
			continue;
		}
		if (!cal->quiet) {
			struct rbsim_cost_stat st[RBSIM_NSIDES] = { 0 };

			for (int s = 0; s < RBSIM_NSIDES; s++)
				rbsim_cost_stat_set(&st[s], cal->iv[s][q], n);
			fprintf(stderr, "calibrate: wakeup after %6.2f ms asleep (%.3f asked): kernel "
				"%9.1f ns [%.1f-%.1f]  port %9.1f ns [%.1f-%.1f]  (%u samples)\n",
				cal->idle_slept[q] / 1e6, idle_sleeps_ns[p] / 1e6, st[0].median,
				st[0].p25, st[0].p75, st[1].median, st[1].p25, st[1].p75, n);
			for (int s = 0; s < RBSIM_NSIDES; s++)
				free(st[s].samples);
		}
	}
	cal->idle_pcs = NULL;
	pp_stop(pc);
	if (slack > 0)
		prctl(PR_SET_TIMERSLACK, (unsigned long)slack, 0, 0, 0);
	return ret;
}

/* the long naps before the halt-polling trains, and the trains of each */
static const __u64 train_naps_ns[] = { 2000000, 4000000, 12000000, 30000000, 50000000 };
#define NR_TRAINS (sizeof(train_naps_ns) / sizeof(train_naps_ns[0]))
#define TRAIN_REPS 15 /* odd: a count's median is one of them */
#define TRAIN_SHORT (RBSIM_PROFILE_HALT_PLACES - 1)
_Static_assert(NR_TRAINS <= RBSIM_PROFILE_MAX_IDLE, "the trains fit a profile");

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double cal_median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * The host's halt polling (sim/calibration.md, "Halt polling"). KVM polls a
 * halted vCPU up to a window of its own before it gives up the CPU; the
 * window grows after short sleeps and halves after long ones, so a wake-up
 * depends on the sleeps before it too. The idle wake-ups show the window's
 * most as a step: the first point whose kernel wake-up is at least twice the
 * one before's (none: no polling seen, nothing measured). Then, on the
 * kernel side, TRAIN_REPS trains after each long nap of train_naps_ns: the
 * nap, then TRAIN_SHORT naps of the last polled point's nap, each wake-up
 * timed, the producer spinning through its naps (asleep, its own late
 * return lengthens the consumer's first short sleep, by 30-60 us after 10
 * ms on the EPYC VM); the slow ones in a row after the long nap (above the geometric
 * mean of the two points about the step) are the halts the window was
 * halved by. A train whose sleep is not above MAX and the one before's is
 * left out.
 */
int cal_halt_trains(struct cal *cal)
{
	struct pp_consumer pc[RBSIM_NSIDES];
	struct pp_consumer *k = &pc[RBSIM_SIDE_KERNEL];
	struct rbsim_halt_poll *h = &cal->halt;
	double med[RBSIM_PROFILE_MAX_IDLE], cut, w, slept[TRAIN_REPS];
	double place[RBSIM_PROFILE_HALT_PLACES][TRAIN_REPS], count[TRAIN_REPS];
	unsigned int q;
	__u64 tag = 1000000000ULL, nap;
	int ret, slack;

	memset(h, 0, sizeof(*h));
	for (q = 0; q < cal->nidle; q++) {
		struct rbsim_cost_stat st = { 0 };

		if (rbsim_cost_stat_set(&st, cal->iv[RBSIM_SIDE_KERNEL][q], cal->in[q]))
			return -ENOMEM;
		med[q] = st.median;
		free(st.samples);
		if (q && med[q] >= 2 * med[q - 1])
			break;
	}
	if (!cal->idle_ms || q >= cal->nidle) {
		if (cal->idle_ms && !cal->quiet)
			fprintf(stderr, "calibrate: no wake-up after a sleep twice the one before's: "
				"no halt polling seen\n");
		return 0;
	}
	cut = sqrt(med[q - 1] * med[q]);
	nap = (__u64)cal->idle_nap[q - 1];
	slack = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
	prctl(PR_SET_TIMERSLACK, 1, 0, 0, 0);
	ret = pp_start(cal, pc, cal->cons_cpu);
	cal->idle_pcs = pc;
	cal->nap_spin = true;
	/* a train of short naps first: the window as after any train */
	for (int i = 0; !ret && i < TRAIN_SHORT; i++)
		ret = pp_one(cal, k, ++tag, 0, false, &w, &k->side, NULL, nap, NULL);
	for (unsigned int t = 0; !ret && t < NR_TRAINS; t++) {
		struct rbsim_halt_train *tr = &h->train[h->ntrains];

		for (unsigned int r = 0; !ret && r < TRAIN_REPS; r++) {
			ret = pp_one(cal, k, ++tag, 0, false, &place[0][r], &k->side, NULL,
				     train_naps_ns[t], &slept[r]);
			for (int i = 1; !ret && i <= TRAIN_SHORT; i++)
				ret = pp_one(cal, k, ++tag, 0, false, &place[i][r], &k->side, NULL,
					     nap, NULL);
			count[r] = 0;
			while (count[r] < TRAIN_SHORT && place[(int)count[r] + 1][r] > cut)
				count[r]++;
		}
		if (ret)
			break;
		tr->slept_ns = cal_median(slept, TRAIN_REPS);
		tr->halts = (unsigned int)cal_median(count, TRAIN_REPS);
		for (int i = 0; i < RBSIM_PROFILE_HALT_PLACES; i++)
			tr->place_ns[i] = cal_median(place[i], TRAIN_REPS);
		if (tr->slept_ns <= (h->ntrains ? h->train[h->ntrains - 1].slept_ns :
					cal->idle_slept[q])) {
			fprintf(stderr, "rbsim calibrate: warning: the train after a nap of %.3f ms "
				"left out: the consumer slept %.3f ms in the median, no longer than "
				"the one before: a loaded machine?\n", train_naps_ns[t] / 1e6,
				tr->slept_ns / 1e6);
			continue;
		}
		h->ntrains++;
		if (!cal->quiet)
			fprintf(stderr, "calibrate: halt polling: after %6.2f ms asleep, %u slow "
				"wake-ups in a row (kernel: %.1f us, then %.1f, %.1f, %.1f ... %.1f)\n",
				tr->slept_ns / 1e6, tr->halts, tr->place_ns[0] / 1e3,
				tr->place_ns[1] / 1e3, tr->place_ns[2] / 1e3, tr->place_ns[3] / 1e3,
				tr->place_ns[TRAIN_SHORT] / 1e3);
	}
	cal->nap_spin = false;
	cal->idle_pcs = NULL;
	pp_stop(pc);
	if (slack > 0)
		prctl(PR_SET_TIMERSLACK, (unsigned long)slack, 0, 0, 0);
	if (ret) {
		memset(h, 0, sizeof(*h));
		return ret;
	}
	h->max_ns = cal->idle_slept[q];
	h->short_nap_ns = (double)nap;
	return 0;
}

static int side_fail(struct cal *cal, const struct cal_side *s, const char *what, int ret)
{
	snprintf(cal->err, sizeof(cal->err), "the %s side: %s: %s", s->name, what,
		 ret < 0 ? strerror(-ret) : "nothing");
	return ret < 0 ? ret : -EIO;
}

/*
 * The consumer registered (its epoll set holds the map, as in a run) but not
 * waiting, the ring empty and off epoll's ready list, as after a consumer
 * caught up:
 *   notify  NOTIFY_BATCH records committed with BPF_RB_NO_WAKEUP in one
 *           call, then as many with BPF_RB_FORCE_WAKEUP: what the second
 *           call took beyond the first, a record. In a batch, as a run's
 *           producer commits them: on the family 26 EPYC guest the kernel's
 *           batches of forced records took 0.2 us a record less than one
 *           record a call (results/vm-2026-12-03-13/diag/notify).
 *           The kernel's irq_work, its self-IPI, the interrupt that runs
 *           bpf_ringbuf_notify() and its wake_up_all(); the port's count of
 *           the wake-up in the map (it writes its eventfd only while a
 *           consumer may sleep on it): a few atomics, about 20 ns there,
 *           which only a batch lifts above the timing's noise. A difference
 *           below 0 is recorded as 0 (a cost is not negative; the profile
 *           refuses a median below 0).
 *           Waking a sleeping consumer (try_to_wake_up, an IPI to its
 *           CPU) comes on top on both sides alike: it is left out here, where
 *           the idle states of the consumer's CPU would swamp the difference,
 *           and is in the wake-up latency (cal_pingpong). Timed by hand in
 *           the ping-pong, the notifying call cost 5.7 us more with the
 *           consumer asleep on the kernel and 6.1 on the port (its
 *           FUTEX_WAKE then), 916 samples a side on the family 26 EPYC guest
 *           (results/sleep-vm-2026-12-04/wake).
 *   wait    with records in the ring, so that the map stays ready
 *           (level-triggered), WAITS waits: their mean. The kernel's is
 *           epoll_wait() on the map's fd as libbpf sets it up; the port's
 *           ring_consumer__wait().
 */
static int notify_wait_sample(struct cal *cal, struct cal_side *s, double *notify, double *wait)
{
	__u64 quiet, force, t0;
	int ret = s->consume(s);

	/* a wait that finds nothing takes the map off the ready list */
	if (ret >= 0)
		ret = s->wait(s, 0);
	if (ret)
		return side_fail(cal, s, "draining the ring", ret < 0 ? ret : -EBUSY);
	ret = s->submit(s, BPF_RB_NO_WAKEUP, 0, NOTIFY_BATCH - 1, BPF_RB_NO_WAKEUP, &quiet);
	if (!ret)
		ret = s->submit(s, BPF_RB_FORCE_WAKEUP, 0, NOTIFY_BATCH - 1, BPF_RB_FORCE_WAKEUP,
				&force);
	if (ret)
		return side_fail(cal, s, "a commit failed", ret);
	*notify = force > quiet ? (double)(force - quiet) / NOTIFY_BATCH : 0;
	t0 = rbsim_now_ns();
	for (int i = 0; i < WAITS; i++) {
		ret = s->wait(s, 1000);
		if (ret <= 0)
			return side_fail(cal, s, "a wait on a ring holding records", ret);
	}
	*wait = (double)(rbsim_now_ns() - t0) / WAITS;
	return 0;
}

/* notify's and wait's samples [from, to) on sides into v, after warm untimed ones a side */
static int notify_wait_samples(struct cal *cal, struct cal_side sides[RBSIM_NSIDES],
			       double *v[RBSIM_NSIDES][RBSIM_NCOSTS], unsigned int from,
			       unsigned int to, unsigned int warm)
{
	double n, w;
	int ret = 0;

	for (unsigned int i = 0; !ret && i < warm; i++) {
		for (int s = 0; !ret && s < RBSIM_NSIDES; s++)
			ret = notify_wait_sample(cal, &sides[s], &n, &w);
	}
	for (unsigned int i = from; !ret && i < to; i++) {
		for (int k = 0; !ret && k < RBSIM_NSIDES; k++) {
			int s = side_at(i, k);

			ret = notify_wait_sample(cal, &sides[s], &v[s][RBSIM_COST_NOTIFY][i],
						 &v[s][RBSIM_COST_WAIT][i]);
		}
	}
	return ret;
}

/* the two bare sides, their consumer's callback on pp: 0, or -errno with the reason in cal->err */
static int bare_sides(struct cal *cal, struct cal_side sides[RBSIM_NSIDES], struct cal_pp *pp)
{
	int ret;

	sides[RBSIM_SIDE_KERNEL].pp = sides[RBSIM_SIDE_PORT].pp = pp;
	ret = cal_kernel_side(&sides[RBSIM_SIDE_KERNEL], cal->err, sizeof(cal->err));
	if (!ret)
		ret = cal_port_side(&sides[RBSIM_SIDE_PORT], cal->err, sizeof(cal->err));
	return ret;
}

static void bare_close(struct cal_side sides[RBSIM_NSIDES])
{
	for (int s = 0; s < RBSIM_NSIDES; s++) {
		if (sides[s].close)
			sides[s].close(&sides[s]);
	}
}

int cal_notify_wait(struct cal *cal)
{
	struct cal_side sides[RBSIM_NSIDES] = { 0 };
	struct cal_pp pp = { 0 };
	int ret = bare_sides(cal, sides, &pp);

	if (!ret)
		ret = notify_wait_samples(cal, sides, cal->v, 0, cal->samples, WARMUP);
	bare_close(sides);
	if (ret)
		return ret;
	cal_progress(cal, RBSIM_COST_NOTIFY);
	cal_progress(cal, RBSIM_COST_WAIT);
	return 0;
}

/*
 * Where a wait that finds records ready re-polls the ring: the kernel's
 * epoll_wait() enters its system call, and ep_poll() re-polls the map
 * (ringbuf_map_poll_kern()) among its first steps, then copies the event out
 * and returns. With calibrate.bpf.c's raw_tp sys_enter and sys_exit attached
 * for this thread, each of WAITS waits is stamped just before the call and
 * at its system call's entry and exit: a sample is the mean of call to
 * entry. The exit's stamp only checks that the call was stamped whole. The
 * port's ring_consumer__wait() re-polls first thing: 0.
 * The programs run at every system call of the machine while attached, and
 * cal_sys_enter's own cost falls in the part it measures (tens of ns,
 * against the 1.5 us of the whole wait on the EPYC VM), so the wait itself
 * is measured untraced (cal_notify_wait()).
 */
int cal_wait_enter(struct cal *cal)
{
	struct cal_side k = { 0 };
	struct cal_pp pp = { 0 };
	int ret;

	k.pp = &pp;
	ret = cal_kernel_side(&k, cal->err, sizeof(cal->err));
	if (!ret)
		ret = cal_kernel_trace_waits(&k, true, cal->err, sizeof(cal->err));
	/* a record in the ring, left there, its wake-up putting the map on the ready list */
	if (!ret) {
		__u64 ns;

		ret = k.submit(&k, BPF_RB_FORCE_WAKEUP, 0, 0, BPF_RB_NO_WAKEUP, &ns);
		if (ret)
			ret = side_fail(cal, &k, "a commit failed", ret);
	}
	for (unsigned int i = 0; !ret && i < WARMUP + cal->samples; i++) {
		double sum = 0;

		for (int w = 0; !ret && w < WAITS; w++) {
			__u64 t0 = rbsim_now_ns(), enter, exit;

			ret = k.wait(&k, 1000);
			if (ret <= 0) {
				ret = side_fail(cal, &k, "a wait on a ring holding records", ret);
				break;
			}
			ret = cal_kernel_wait_stamps(&k, &enter, &exit);
			if (ret || enter < t0) {
				ret = side_fail(cal, &k, "the wait's system call was not stamped",
						-EIO);
				break;
			}
			sum += (double)(enter - t0);
		}
		if (!ret && i >= WARMUP) {
			cal->v[RBSIM_SIDE_KERNEL][RBSIM_COST_WAIT_ENTER][i - WARMUP] = sum / WAITS;
			cal->v[RBSIM_SIDE_PORT][RBSIM_COST_WAIT_ENTER][i - WARMUP] = 0;
		}
	}
	if (k.priv) {
		cal_kernel_trace_waits(&k, false, NULL, 0);
		k.close(&k);
	}
	if (ret)
		return ret;
	cal_progress(cal, RBSIM_COST_WAIT_ENTER);
	return 0;
}

/*
 * ---- where a wait on an empty ring decides to sleep (wait_look) ----
 *
 * A consumer thread on the ping-pong's CPU calls its wait (each side's
 * poll(): libbpf's ring_buffer__poll(), the port's ring_consumer__poll() in
 * RING_CONSUMER_WAIT_FUTEX_REPOLL, the sleep rbsim's calibrated consumer
 * makes) at a time set beforehand, the ring empty; the producer commits
 * one record without a notification a chosen delay from that call. If the
 * wait looked at the ring after the commit, it returns with the record;
 * if before, it sleeps, and the producer ends the sleep LOOK_SLEPT_NS later
 * with a notifying record (tag 0). A sample is one bisection of the delay
 * (LOOK_STEPS trials, each on the delay the trials before left open,
 * narrowed by the delay each trial really had: the commit's stamp less the
 * consumer's clock just before its call), from LOOK_LO_NS to LOOK_HI_NS.
 * Both sides count the record's way to the consumer's CPU in their delay;
 * the charge is their difference (sim/calibration.md, "Where a wait looks").
 *
 * Cross-thread words (struct look_consumer):
 *   at, tag  producer: the call's time (WRITE_ONCE), then store-release of
 *         the trial's tag (L1); consumer: load-acquire of tag (L1), then
 *         READ_ONCE of at
 *   ack   consumer: store-release of the tag once it took the trial's
 *         record, after t_call (L2); producer: load-acquire (L2)
 *   pp    the callback's done / stamp (P1, as the ping-pong's)
 */
#define LOOK_LO_NS (-500.0)
#define LOOK_HI_NS 4000.0
#define LOOK_STEPS 7
#define LOOK_AHEAD_NS 10000ULL  /* the call's time set this far ahead */
#define LOOK_SLEPT_NS 30000ULL  /* not taken by then: it slept */
#define LOOK_LATE_NS 2000ULL    /* a call later than this after its time: the trial again */
#define LOOK_TRIES 2000         /* such trials in a row before giving up (a loaded machine) */
#define LOOK_TIMEOUT_NS 2000000000ULL
#define LOOK_QUIT (~0ULL)
/* the submit-to-commit time a side's trials aim with before they have timed one, ns */
static const double look_lead0[RBSIM_NSIDES] = { [RBSIM_SIDE_KERNEL] = 1000,
						 [RBSIM_SIDE_PORT] = 50 };

struct look_consumer {
	struct cal_side side;
	struct cal_pp pp;
	pthread_t th;
	bool started;
	int cpu;
	__u64 at __attribute__((aligned(128)));  /* L1: the call's time, before tag */
	__u64 tag;                               /* L1: the trial; LOOK_QUIT: done */
	__u64 t_call __attribute__((aligned(128))); /* L2: published by ack */
	__u64 ack;
};

static void *look_consume(void *arg)
{
	struct look_consumer *lc = arg;
	__u64 seen = 0, tag, at, t;

	pin(pthread_self(), lc->cpu);
	for (;;) {
		/* L1: pairs with the producer's store-release of tag, after at */
		tag = smp_load_acquire(&lc->tag);
		if (tag == LOOK_QUIT)
			break;
		if (tag == seen) {
			/* the other side's consumer shares the CPU: let it run */
			sched_yield();
			continue;
		}
		seen = tag;
		at = READ_ONCE(lc->at);
		while ((t = rbsim_now_ns()) < at)
			cpu_relax();
		lc->t_call = t;
		/*
		 * until the trial's record is taken: at once, or after the
		 * producer's notifying record ended a sleep (P1 pairs with the
		 * callback's store-release of done)
		 */
		do {
			lc->side.poll(&lc->side, 100);
		} while (smp_load_acquire(&lc->pp.done) != tag && !READ_ONCE(lc->pp.stop));
		/* L2: publishes t_call; pairs with the producer's load-acquire of ack */
		smp_store_release(&lc->ack, tag);
	}
	return NULL;
}

/*
 * one trial on side lc at delay d (ns from the call to the commit, aimed at
 * with lead, the side's submit-to-commit time so far): the delay it had and
 * whether the wait slept; 0, -EAGAIN if the consumer called its wait more
 * than LOOK_LATE_NS after its time (preempted: its record may have waited
 * for it, not for a look), or -errno with the reason in cal->err
 */
static int look_trial(struct cal *cal, struct look_consumer *lc, __u64 tag, double d,
		      double *lead, double *delay, bool *slept)
{
	__u64 at = rbsim_now_ns() + LOOK_AHEAD_NS, t0, ns, end;
	double aim = (double)at + d - *lead;
	bool taken;
	int ret;

	WRITE_ONCE(lc->at, at);
	/* L1: publishes at; pairs with the consumer's load-acquire of tag */
	smp_store_release(&lc->tag, tag);
	while ((double)(t0 = rbsim_now_ns()) < aim)
		cpu_relax();
	ret = lc->side.submit(&lc->side, BPF_RB_NO_WAKEUP, tag, 0, BPF_RB_NO_WAKEUP, &ns);
	if (ret)
		return side_fail(cal, &lc->side, "a commit failed", ret);
	end = rbsim_now_ns() + LOOK_SLEPT_NS;
	/* P1: pairs with the callback's store-release of done */
	while (!(taken = smp_load_acquire(&lc->pp.done) == tag) && rbsim_now_ns() < end)
		cpu_relax();
	if (!taken) {
		/* asleep: a notifying record (tag 0, which the callback skips) ends it */
		ret = lc->side.submit(&lc->side, BPF_RB_FORCE_WAKEUP, 0, 0, BPF_RB_NO_WAKEUP, &ns);
		if (ret)
			return side_fail(cal, &lc->side, "a commit failed", ret);
	}
	end = rbsim_now_ns() + LOOK_TIMEOUT_NS;
	/* L2: pairs with the consumer's store-release of ack, after t_call */
	while (smp_load_acquire(&lc->ack) != tag) {
		if (rbsim_now_ns() > end)
			return side_fail(cal, &lc->side, "the consumer did not take a record "
					 "within 2 s", -ETIMEDOUT);
		cpu_relax();
	}
	/* the commit's stamp: published with done (P1), which ack follows */
	*lead = 0.75 * *lead + 0.25 * (double)((__s64)(lc->pp.stamp - t0));
	*delay = (double)((__s64)(lc->pp.stamp - lc->t_call));
	*slept = !taken;
	return lc->t_call - at > LOOK_LATE_NS ? -EAGAIN : 0;
}

static void look_stop(struct look_consumer lc[RBSIM_NSIDES])
{
	for (int s = 0; s < RBSIM_NSIDES; s++) {
		if (lc[s].started) {
			WRITE_ONCE(lc[s].pp.stop, 1);
			/* L1: pairs with the consumer's load-acquire of tag */
			smp_store_release(&lc[s].tag, LOOK_QUIT);
			pthread_join(lc[s].th, NULL);
		}
		if (lc[s].side.close)
			lc[s].side.close(&lc[s].side);
	}
}

/* both sides' look consumers, on the consumer's CPU: 0, or -errno (look_stop() either way) */
static int look_start(struct cal *cal, struct look_consumer lc[RBSIM_NSIDES])
{
	int ret = 0;

	memset(lc, 0, RBSIM_NSIDES * sizeof(*lc));
	for (int s = 0; !ret && s < RBSIM_NSIDES; s++) {
		lc[s].cpu = cal->cons_cpu;
		lc[s].side.pp = &lc[s].pp;
		ret = s == RBSIM_SIDE_KERNEL ?
		      cal_kernel_side(&lc[s].side, cal->err, sizeof(cal->err)) :
		      cal_port_side_wait(&lc[s].side, RING_CONSUMER_WAIT_FUTEX_REPOLL, cal->err,
					 sizeof(cal->err));
		if (!ret) {
			ret = -pthread_create(&lc[s].th, NULL, look_consume, &lc[s]);
			lc[s].started = !ret;
			if (ret)
				snprintf(cal->err, sizeof(cal->err), "the %s side's consumer thread "
					 "did not start", side_name[s]);
		}
	}
	return ret;
}

/* one sample of side s: the middle of the bracket its trials left */
static int look_sample(struct cal *cal, struct look_consumer *lc, int s, __u64 *tag,
		       double *lead, double *v)
{
	double lo = LOOK_LO_NS, hi = LOOK_HI_NS, delay = 0;
	bool slept = false;
	int ret = 0;

	for (int step = 0, late = 0; step < LOOK_STEPS; step++) {
		ret = look_trial(cal, lc, ++*tag, (lo + hi) / 2, lead, &delay, &slept);
		if (ret == -EAGAIN && ++late < LOOK_TRIES) {
			step--;
			continue;
		}
		if (ret == -EAGAIN)
			snprintf(cal->err, sizeof(cal->err), "the %s side's consumer called its "
				 "wait late %d times in a row", side_name[s], late);
		if (ret)
			return ret;
		late = 0;
		/* the delay it really had narrows the bracket, as far as it can */
		if (slept && delay < hi)
			hi = delay > lo ? delay : lo;
		else if (!slept && delay > lo)
			lo = delay < hi ? delay : hi;
	}
	*v = (lo + hi) / 2;
	return 0;
}

/* wait_look's samples [from, to) into v, after warm untimed ones a side */
static int look_samples(struct cal *cal, struct look_consumer lc[RBSIM_NSIDES],
			double lead[RBSIM_NSIDES], __u64 *tag,
			double *v[RBSIM_NSIDES][RBSIM_NCOSTS], unsigned int from, unsigned int to,
			unsigned int warm)
{
	double x;
	int ret = 0;

	for (unsigned int i = 0; !ret && i < warm; i++) {
		for (int k = 0; !ret && k < RBSIM_NSIDES; k++) {
			int s = side_at(i, k);

			ret = look_sample(cal, &lc[s], s, tag, &lead[s], &x);
		}
	}
	for (unsigned int i = from; !ret && i < to; i++) {
		for (int k = 0; !ret && k < RBSIM_NSIDES; k++) {
			int s = side_at(i, k);

			ret = look_sample(cal, &lc[s], s, tag, &lead[s],
					  &v[s][RBSIM_COST_WAIT_LOOK][i]);
		}
	}
	return ret;
}

int cal_wait_look(struct cal *cal)
{
	struct look_consumer lc[RBSIM_NSIDES];
	double lead[RBSIM_NSIDES] = { look_lead0[0], look_lead0[1] };
	__u64 tag = 0;
	int ret = look_start(cal, lc);

	if (!ret)
		ret = look_samples(cal, lc, lead, &tag, cal->v, 0, cal->samples, WARMUP);
	look_stop(lc);
	if (ret)
		return ret;
	cal_progress(cal, RBSIM_COST_WAIT_LOOK);
	return 0;
}

/* ---- spread: the costs a host moves from second to second, across the gaps ---- */

int cal_spread_open(struct cal *cal, struct cal_spread *sp)
{
	memset(sp, 0, sizeof(*sp));
	memcpy(sp->lead, look_lead0, sizeof(sp->lead));
	return bare_sides(cal, sp->sides, &sp->pp);
}

/*
 * each trigger's pair opened for its block alone: two kernel-ringbuf
 * transports open at once would each run its program at the other's
 * getpgid() (the tracepoint and the raw_tp both look at its argument); the
 * look's consumers too, started after the others' samples, as in a pass
 * (their threads keep the consumer's CPU busy while they wait for a trial)
 */
int cal_spread_block(struct cal *cal, struct cal_spread *sp, unsigned int from, unsigned int to)
{
	struct look_consumer lc[RBSIM_NSIDES];
	int ret = notify_wait_samples(cal, sp->sides, cal->sv, from, to, SPREAD_WARM);

	for (int g = 0; !ret && g < KPROD_TRIG_NR; g++) {
		struct rbsim_drive d[RBSIM_NSIDES];

		ret = trigger_pair(cal, d, g);
		if (!ret)
			ret = trigger_samples(cal, d, g, cal->sv, from, to, SPREAD_WARM);
		drive_close(d);
	}
	if (ret)
		return ret;
	ret = look_start(cal, lc);
	if (!ret)
		ret = look_samples(cal, lc, sp->lead, &sp->tag, cal->sv, from, to, SPREAD_WARM);
	look_stop(lc);
	return ret;
}

void cal_spread_close(struct cal_spread *sp)
{
	bare_close(sp->sides);
}

/*
 * ---- the gap between full batches beside a draining consumer (batch_gap) ----
 *
 * calibrate's triggers are empty batches back to back, with no consumer. In
 * a run the kernel's producer leaves more between one batch's last record
 * and the next's first, full batches with a consumer draining them on the
 * other CPU meanwhile (771-1002 ns against
 * an empty trigger's ~430 on the Zen 4 guest: results/section-vm-2026-12-07,
 * gap/). Here each side's transport runs as a run's, adaptive wake-ups and
 * the libbpf consumer on its own thread; a sample waits for that consumer
 * to be asleep, then produces three batches of RBSIM_GAP_BATCH records back
 * to back, each stamped where its records are written (the kernel: in its
 * program), and takes the gap between the second and the third: the first
 * wakes the consumer, which then drains all the while, as beside a run's
 * batches (the gap right after the waking batch read 50-200 ns longer on
 * the Zen 4 guest, and charged so the polling consumer slept 1.3-1.6 times
 * as often as the kernel's: results/gappos-vm-2026-12-07).
 */

#define GAP_POLL_MS 100     /* the consumers' wait: how long a stop may take to be seen */
#define GAP_RING 65536      /* three batches of 8-byte records, twice over and more */

struct gap_side {
	struct rbsim_drive d;
	pthread_t th;
	bool started, opened;
	int cpu;
	pid_t tid;          /* the consumer's: published once (P1) */
	int stop;           /* set by the producer, read by the consumer each round (P2) */
	int err;            /* the consumer's consume() error, or 0 (P3) */
};

static void *gap_consume(void *arg)
{
	struct gap_side *g = arg;

	pin(pthread_self(), g->cpu);
	/* P1: pairs with wait_tid()'s load-acquire in gap_start() */
	smp_store_release(&g->tid, gettid());
	/* P2: gap_stop()'s WRITE_ONCE, a flag alone (the join orders the rest) */
	while (!READ_ONCE(g->stop)) {
		int n = g->d.t.ops->consume(&g->d.t, g->d.c, GAP_POLL_MS);

		if (n < 0) {
			/* P3: gap_one()'s READ_ONCE, a value alone */
			WRITE_ONCE(g->err, n);
			break;
		}
	}
	return NULL;
}

static void gap_stop(struct gap_side g[RBSIM_NSIDES])
{
	for (int s = 0; s < RBSIM_NSIDES; s++) {
		struct rbsim_batch_result r;
		char err[128];

		/* P2 */
		WRITE_ONCE(g[s].stop, 1);
		/* a record wakes the consumer to see it, else its wait's timeout does */
		if (g[s].started) {
			rbsim_drive_try(&g[s].d, 1, &r, err, sizeof(err));
			pthread_join(g[s].th, NULL);
		}
		if (g[s].opened)
			rbsim_drive_close(&g[s].d);
	}
}

static int gap_start(struct cal *cal, struct gap_side g[RBSIM_NSIDES])
{
	char ring[24];
	int ret = 0;

	snprintf(ring, sizeof(ring), "%d", GAP_RING);
	memset(g, 0, RBSIM_NSIDES * sizeof(*g));
	for (int s = 0; !ret && s < RBSIM_NSIDES; s++) {
		bool port = s == RBSIM_SIDE_PORT;
		/* the port's records written as the kernel's program writes them (cal_drive_open()) */
		const char *argv[] = { "run", "--transport", port ? "ringbuf" : KRB_NAME,
				       "--size", "8", "--ring-size", ring,
				       port ? "--write" : "--trigger", port ? "kernel" : "syscall",
				       NULL };

		g[s].cpu = cal->cons_cpu;
		ret = rbsim_drive_open_stamped(&g[s].d, 9, (char **)argv, RBSIM_GAP_BATCH,
					       cal->err, sizeof(cal->err));
		g[s].opened = true;
		if (ret)
			break;
		ret = -pthread_create(&g[s].th, NULL, gap_consume, &g[s]);
		g[s].started = !ret;
		/* P1 */
		if (!ret)
			ret = wait_tid(&g[s].tid);
		if (ret)
			snprintf(cal->err, sizeof(cal->err), "the %s side's consumer thread did not "
				 "start", side_name[s]);
	}
	return ret;
}

/*
 * one gap of side g: its consumer asleep, three full batches; the ns between
 * the second and the third
 */
static int gap_one(struct cal *cal, struct gap_side *g, double *gap)
{
	struct rbsim_batch_result w, a, b;
	long long t;
	int ret = rbsim_wait_asleep(g->tid, 2000000000ULL);

	if (ret) {
		snprintf(cal->err, sizeof(cal->err), "batch_gap: %s: the consumer never went to "
			 "sleep", g->d.t.ops->name);
		return ret;
	}
	/* w wakes the consumer; a and b follow while it drains */
	t = rbsim_drive_try(&g->d, RBSIM_GAP_BATCH, &w, cal->err, sizeof(cal->err));
	if (t >= 0)
		t = rbsim_drive_try(&g->d, RBSIM_GAP_BATCH, &a, cal->err, sizeof(cal->err));
	if (t >= 0)
		t = rbsim_drive_try(&g->d, RBSIM_GAP_BATCH, &b, cal->err, sizeof(cal->err));
	if (t < 0)
		return (int)t;
	if (w.committed + a.committed + b.committed != 3 * RBSIM_GAP_BATCH) {
		snprintf(cal->err, sizeof(cal->err), "batch_gap: %s: %u, %u and %u of three batches "
			 "of %u records committed", g->d.t.ops->name, w.committed, a.committed,
			 b.committed, RBSIM_GAP_BATCH);
		return -EIO;
	}
	if (!a.t_last || b.t_first < a.t_last) {
		snprintf(cal->err, sizeof(cal->err), "batch_gap: %s: its batches were not stamped",
			 g->d.t.ops->name);
		return -EIO;
	}
	*gap = (double)(b.t_first - a.t_last);
	/* P3 */
	ret = READ_ONCE(g->err);
	if (ret)
		snprintf(cal->err, sizeof(cal->err), "batch_gap: %s: consume: %s",
			 g->d.t.ops->name, strerror(-ret));
	return ret;
}

/* batch_gap's samples [from, to) into v, after warm untimed ones a side */
static int gap_samples(struct cal *cal, double *v[RBSIM_NSIDES][RBSIM_NCOSTS], unsigned int from,
		       unsigned int to, unsigned int warm)
{
	struct gap_side g[RBSIM_NSIDES];
	double untimed;
	int ret = gap_start(cal, g);

	for (unsigned int i = 0; !ret && i < warm; i++)
		for (int s = 0; !ret && s < RBSIM_NSIDES; s++)
			ret = gap_one(cal, &g[s], &untimed);
	for (unsigned int i = from; !ret && i < to; i++) {
		for (int k = 0; !ret && k < RBSIM_NSIDES; k++) {
			int s = side_at(i, k);

			ret = gap_one(cal, &g[s], &v[s][RBSIM_COST_BATCH_GAP][i]);
		}
	}
	gap_stop(g);
	return ret;
}

int cal_batch_gap(struct cal *cal)
{
	int ret = gap_samples(cal, cal->v, 0, cal->samples, WARMUP);

	if (!ret)
		cal_progress(cal, RBSIM_COST_BATCH_GAP);
	return ret;
}
