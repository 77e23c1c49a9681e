// SPDX-License-Identifier: GPL-2.0-only
/*
 * The calibrated port (--profile, sim/inject.h) pays what its profile says,
 * where it says: the ringbuf transport driven on this thread as the engine's
 * --b2b thread drives it (a batch, then a wait that finds it), once with a
 * synthetic profile of known charges and once with --profile none; the
 * difference in this thread's CPU time (CLOCK_THREAD_CPUTIME_ID, which time
 * spent preempted does not count in) must be the charges' sum within 10%.
 * The charges are tens of microseconds per batch, so that the port's own
 * cost is small beside them. A busy loop's speed still moves with what the
 * neighbours of its CPU do (an SMT sibling, the host of a VM): the sum is
 * measured as the CPU time of a reference loop of the same length, spun
 * between the two runs by the same calibration (sim/spin.h), and the
 * verdict is the median of 15 such comparisons (each alone was off by up
 * to 30% on a 2-CPU machine at load 12, their median by 6% at most). Also:
 * the per-record charge between and beyond the measured sizes.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "ringbuf/kernel_compat.h"
#include "sim/inject.h"
#include "sim/spin.h"
#include "sim/transport.h"
#include "tests/helpers/profile.h"
#include "tests/helpers/tmpdir.h"

TestSuite(inject, .timeout = 60);

#define BATCH 100

/* the port's costs in the synthetic profiles, and what the kernel pays on top */
static const struct rbsim_costs port = {
	.record_8 = 30, .record_256 = 40, .record_4096 = 200, .notify = 1200, .wakeup = 10000,
	.trigger_syscall = 30, .trigger_raw_syscall = 30, .trigger_test_run = 30, .wait = 1300,
};
/* a profile whose kernel pays extra on top of the port (and nothing more elsewhere) */
static void profile_file(char *path, size_t len, const struct rbsim_costs *extra)
{
	struct rbsim_costs kernel = port;
	char dir[256];

	for (int k = 0; k < RBSIM_NCOSTS; k++)
		*rbsim_cost_at(&kernel, k) += rbsim_cost_get(extra, k);
	tmp_dir(dir, sizeof(dir), "inject");
	tmp_path(path, len, "%s/synthetic.json", dir);
	tp_write(path, &kernel, &port);
}

struct drive {
	_Alignas(16) unsigned char topts[RBSIM_TOPTS_MAX];
	struct rbsim_cfg cfg;
	struct rbsim_transport t;
	struct rbsim_producer *p;
	struct rbsim_consumer *c;
	__u32 sizes[BATCH];
};

static void opt(const struct rbsim_transport_ops *ops, void *topts, const char *name,
		const char *arg)
{
	char why[512];

	cr_assert_eq(rbsim_opt_apply(rbsim_opt_find(ops->options, name), arg, topts, why,
				     sizeof(why)), 0, "--%s %s: %s", name, arg, why);
}

/* the ringbuf transport with --profile profile (NULL: none), records of size bytes */
static void drive_open(struct drive *d, const char *profile, const char *trigger,
		       enum rbsim_wakeup wakeup, __u32 size)
{
	const struct rbsim_transport_ops *ops = rbsim_transport_find("ringbuf");
	char err[512];

	cr_assert_not_null(ops, "the ringbuf transport");
	memset(d, 0, sizeof(*d));
	cr_assert_eq(rbsim_opt_defaults(ops->options, d->topts, err, sizeof(err)), 0, "%s", err);
	if (profile)
		opt(ops, d->topts, "profile", profile);
	if (trigger)
		opt(ops, d->topts, "trigger", trigger);
	d->cfg = (struct rbsim_cfg){
		.transport = "ringbuf", .producers = 1, .records = 1, .ring_size = 1 << 20,
		.size_min = size, .size_max = size, .size_mean = size, .batch = BATCH, .b2b = true,
		.wakeup = wakeup, .consumer = RBSIM_CONSUMER_LIBBPF, .poll = RBSIM_POLL_EPOLL,
		.verify = true, .topts = d->topts,
	};
	d->t = (struct rbsim_transport){ .ops = ops, .cfg = &d->cfg };
	cr_assert_eq(ops->setup(&d->t, err, sizeof(err)), 0, "setup: %s", err);
	d->p = aligned_alloc(RBSIM_CACHELINE, sizeof(*d->p));
	d->c = aligned_alloc(RBSIM_CACHELINE, sizeof(*d->c));
	cr_assert(d->p && d->c, "alloc");
	memset(d->p, 0, sizeof(*d->p));
	memset(d->c, 0, sizeof(*d->c));
	rbsim_fill_init(&d->cfg, d->p);
	d->c->verify = true;
	d->c->nprod = 1;
	d->c->pc = calloc(1, sizeof(*d->c->pc));
	d->c->hist = calloc(1, sizeof(*d->c->hist));
	rbsim_consumer_arm(d->c);
	cr_assert_eq(ops->producer_init(&d->t, d->p), 0, "producer_init");
	cr_assert_eq(ops->consumer_init(&d->t, d->c), 0, "consumer_init");
	for (int i = 0; i < BATCH; i++)
		d->sizes[i] = size;
}

static void drive_close(struct drive *d)
{
	d->t.ops->consumer_fini(&d->t, d->c);
	d->t.ops->producer_fini(&d->t, d->p);
	d->t.ops->teardown(&d->t);
	free(d->c->pc);
	free(d->c->hist);
	free(d->c);
	free(d->p);
}

static double thread_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* this thread's CPU time for rounds of a batch of n and the wait that finds it (--b2b) */
static double b2b_ns(struct drive *d, int rounds, __u32 n)
{
	struct rbsim_batch b = { .n = n, .size = d->sizes };
	double t0 = thread_ns();

	for (int i = 0; i < rounds; i++) {
		struct rbsim_batch_result res = { 0 };

		cr_assert_eq(d->t.ops->produce(&d->t, d->p, &b, &res), 0, "produce");
		cr_assert_eq(res.committed, n, "a whole batch");
		cr_assert_eq(d->t.ops->consume(&d->t, d->c, 1000), (int)n, "consumed");
	}
	return thread_ns() - t0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

#define PAIRS 15

/* this thread's CPU time for a reference spin of ns, by the calibration the port uses */
static double reference_ns(double ns)
{
	__u64 loops = (__u64)(ns * rbsim_calibrate_work(1000000) / 1e6 + 0.5);
	double t0 = thread_ns();

	rbsim_spin(loops);
	return thread_ns() - t0;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(double), cmp_double);
	return v[n / 2];
}

/*
 * What the profile added over want, each pair of runs of the pure and the
 * calibrated port (the order alternating) against a reference spin of want:
 * the median of PAIRS of them.
 */
struct b2b_case {
	const char *trigger;
	enum rbsim_wakeup wakeup;
	__u32 size, batch;
	int rounds;
};

static double added_ratio(const char *profile, const struct b2b_case *c, double want)
{
	double ratio[PAIRS];

	for (int rep = 0; rep < PAIRS; rep++) {
		double ns[2];

		double ref = reference_ns(want);

		for (int k = 0; k < 2; k++) {
			int cal = (rep + k) % 2;
			struct drive d;

			drive_open(&d, cal ? profile : NULL, c->trigger, c->wakeup, c->size);
			b2b_ns(&d, 5, c->batch); /* the ring's pages, the caches */
			ns[cal] = b2b_ns(&d, c->rounds, c->batch);
			drive_close(&d);
		}
		/* the reference on both sides of the runs, as the machine changes */
		ref = (ref + reference_ns(want)) / 2;
		ratio[rep] = (ns[1] - ns[0]) / ref;
	}
	return median(ratio, PAIRS);
}

static void expect_within(double ratio, double want, const char *what)
{
	cr_expect(fabs(ratio - 1) <= 0.1, "%s: the profile added %.0f ns, expected %.0f "
		  "(within 10%%)", what, ratio * want, want);
}

/* one charge made large, the others 0: what the calibrated port adds is that charge alone */
static void expect_charge(const struct rbsim_costs *extra, const struct b2b_case *c, double want,
			  const char *what)
{
	char path[300];

	profile_file(path, sizeof(path), extra);
	expect_within(added_ratio(path, c, want), want, what);
}

/* per record, between reserve and commit */
Test(inject, charges_per_record)
{
	const struct rbsim_costs extra = { .record_8 = 2000 };
	const struct b2b_case c = { .wakeup = RBSIM_WAKEUP_ADAPTIVE, .size = 8, .batch = BATCH,
				    .rounds = 100 };

	expect_charge(&extra, &c, c.rounds * BATCH * 2000.0, "8-byte records");
}

/* a size between two measured ones: the line between their charges */
Test(inject, charges_per_record_by_size)
{
	const struct rbsim_costs extra = { .record_256 = 3000, .record_4096 = 5000 };
	const struct b2b_case c = { .wakeup = RBSIM_WAKEUP_ADAPTIVE, .size = 1000, .batch = BATCH,
				    .rounds = 60 };

	expect_charge(&extra, &c, c.rounds * BATCH * 3387.5, "1000-byte records");
}

/* per produce() call, the trigger of --trigger */
Test(inject, charges_per_batch)
{
	const struct rbsim_costs extra = { .trigger_syscall = 1000000, .trigger_test_run = 50000 };
	const struct b2b_case c = { .trigger = "test-run", .wakeup = RBSIM_WAKEUP_ADAPTIVE,
				    .size = 8, .batch = 1, .rounds = 400 };

	expect_charge(&extra, &c, c.rounds * 50000.0, "--trigger test-run, batches of 1");
}

/* every commit notifies: the notification's charge on the committing thread */
Test(inject, charges_per_notification)
{
	const struct rbsim_costs extra = { .notify = 5000 };
	const struct b2b_case c = { .wakeup = RBSIM_WAKEUP_FORCE, .size = 8, .batch = BATCH,
				    .rounds = 40 };

	expect_charge(&extra, &c, c.rounds * BATCH * 5000.0, "--wakeup force");
}

/* per wait of the consumer (here one that finds the batch: no wake-up) */
Test(inject, charges_per_wait)
{
	const struct rbsim_costs extra = { .wait = 100000 };
	const struct b2b_case c = { .wakeup = RBSIM_WAKEUP_ADAPTIVE, .size = 8, .batch = BATCH,
				    .rounds = 200 };

	expect_charge(&extra, &c, c.rounds * 100000.0, "a wait per batch");
}

/* ---- the wake-up: charged on the consumer, after a wait that slept ---- */

struct waker {
	struct drive *d;
	__u64 consumed;      /* consumer: store-release per record (W1) */
	int stop;
	pid_t tid;
	double cpu_ns;       /* consumer: its CPU time, read after the join */
	double want, ref_ns; /* consumer: its reference spin of want, after the run */
};

static void *consumer_thread(void *arg)
{
	struct waker *w = arg;
	double t0, ref = reference_ns(w->want);

	t0 = thread_ns();
	/* W1: publishes tid to the load-acquire in asleep() */
	smp_store_release(&w->tid, gettid());
	while (!READ_ONCE(w->stop)) {
		int n = w->d->t.ops->consume(&w->d->t, w->d->c, 100);

		/* W1: pairs with the producer's load-acquire of consumed */
		if (n > 0)
			smp_store_release(&w->consumed, w->consumed + (__u64)n);
	}
	w->cpu_ns = thread_ns() - t0;
	w->ref_ns = (ref + reference_ns(w->want)) / 2;
	return NULL;
}

/* is the consumer asleep in its wait? (its state, twice in a row) */
static bool asleep(const struct waker *w)
{
	char path[64], buf[512], *p;
	int seen = 0;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", smp_load_acquire(&w->tid));
	while (seen < 2) {
		FILE *f = fopen(path, "r");
		size_t n;

		cr_assert_not_null(f, "%s", path);
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[n] = '\0';
		p = strrchr(buf, ')');
		seen = p && p[1] == ' ' && p[2] == 'S' ? seen + 1 : 0;
	}
	return true;
}

/*
 * One record at a time, each after the consumer went to sleep on an empty
 * ring: the consumer's CPU time, and its reference spin of want in *ref
 */
static double woken_ns(const char *profile, int records, double want, double *ref)
{
	struct rbsim_batch b;
	struct waker w = { 0 };
	struct drive d;
	pthread_t th;

	drive_open(&d, profile, NULL, RBSIM_WAKEUP_ADAPTIVE, 8);
	b = (struct rbsim_batch){ .n = 1, .size = d.sizes };
	w.d = &d;
	w.want = want;
	cr_assert_eq(pthread_create(&th, NULL, consumer_thread, &w), 0, "thread");
	while (!smp_load_acquire(&w.tid))
		;
	for (int i = 1; i <= records; i++) {
		struct rbsim_batch_result res = { 0 };

		asleep(&w);
		cr_assert_eq(d.t.ops->produce(&d.t, d.p, &b, &res), 0, "produce");
		/* W1 */
		while (smp_load_acquire(&w.consumed) != (__u64)i)
			;
	}
	WRITE_ONCE(w.stop, 1);
	pthread_join(th, NULL);
	drive_close(&d);
	*ref = w.ref_ns;
	return w.cpu_ns;
}

/* per wake-up: on the consumer, after a wait that slept on an empty ring */
Test(inject, charges_per_wakeup)
{
	const struct rbsim_costs extra = { .wakeup = 150000 };
	const int records = 100;
	const double want = records * 150000.0;
	double ratio[PAIRS];
	char path[300];

	profile_file(path, sizeof(path), &extra);
	for (int rep = 0; rep < PAIRS; rep++) {
		double ns[2], ref[2];

		for (int k = 0; k < 2; k++) {
			int cal = (rep + k) % 2;

			ns[cal] = woken_ns(cal ? path : NULL, records, want, &ref[cal]);
		}
		ratio[rep] = (ns[1] - ns[0]) / ref[1];
	}
	cr_expect(fabs(median(ratio, PAIRS) - 1) <= 0.1, "the consumer paid %.0f ns more, "
		  "expected %.0f (within 10%%)", median(ratio, PAIRS) * want, want);
}

Test(inject, record_charge_by_size)
{
	struct rbsim_costs d = { .record_8 = 10, .record_256 = 20, .record_4096 = 180 };

	cr_expect(rbsim_inject_record_ns(&d, 0) == 10, "below 8 bytes: the 8-byte charge");
	cr_expect(rbsim_inject_record_ns(&d, 8) == 10, "8");
	cr_expect(rbsim_inject_record_ns(&d, 132) == 15, "halfway to 256: %g",
		  rbsim_inject_record_ns(&d, 132));
	cr_expect(rbsim_inject_record_ns(&d, 256) == 20, "256");
	cr_expect(rbsim_inject_record_ns(&d, 2176) == 100, "halfway to 4096: %g",
		  rbsim_inject_record_ns(&d, 2176));
	cr_expect(rbsim_inject_record_ns(&d, 4096) == 180, "4096");
	cr_expect(rbsim_inject_record_ns(&d, 7936) == 340, "beyond, the last segment's slope");
	d.record_4096 = 0;
	cr_expect(rbsim_inject_record_ns(&d, 16384) == 0, "never below 0");
}

