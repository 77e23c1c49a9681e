// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/drive.h with several producers on one transport, and the probe built
 * on it, rbsim_pair_probe() (sim/model_probe.h: the hand-off of
 * `rbsim model --probe` and --against-real): each producer's records land
 * intact and in its order on a shared ring, whether one thread drives them
 * in turn or each its own thread; the probe's samples are what it says
 * (at least min, at most asked for, every one a positive time) and every
 * record it made is checked; bad arguments are refused with the reason.
 *
 * Also built under ThreadSanitizer (scripts/run-tests.sh): the two
 * producers' threads, the probe's stretches and its stop flag run there.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "sim/drive.h"
#include "sim/model_probe.h"
#include "tests/helpers/timeout.h"

TestSuite(model_probe_mt, .timeout = RBSIM_TEST_TIMEOUT(60));

#ifdef __SANITIZE_THREAD__
#define BATCHES 40
#else
#define BATCHES 400
#endif

/* a drive of two producers on one ring (kernel: with the queued lock; cas has none) */
static void open_two(struct rbsim_drive *d, const char *reserve)
{
	const char *argv[] = { "run", "--transport", "ringbuf", "-p", "2", "--size", "8",
			       "--ring-size", "4M", "--batch", "50", "--reserve", reserve,
			       "--lock", "queued", NULL };
	int argc = sizeof(argv) / sizeof(argv[0]) - (strcmp(reserve, "cas") ? 1 : 3);
	char err[256] = "";

	cr_assert_eq(rbsim_drive_open(d, argc, (char **)argv, 50, err, sizeof(err)), 0, "%s",
		     err);
	cr_assert_eq(d->nprod, 2);
	cr_assert_eq(d->p, &d->prods[0], "producer 0 is the drive's p");
	cr_assert_eq(d->prods[0].id, 0);
	cr_assert_eq(d->prods[1].id, 1);
}

Test(model_probe_mt, two_producers_in_turn_on_one_thread)
{
	struct rbsim_batch_result res;
	struct rbsim_drive d;
	char err[256] = "";
	unsigned int i;

	open_two(&d, "kernel");
	for (i = 0; i < 10; i++) {
		cr_assert_geq(rbsim_drive_produce_on(&d, i & 1, 50, err, sizeof(err)), 0, "%s",
			      err);
	}
	cr_expect_eq(d.prods[0].seq, 250);
	cr_expect_eq(d.prods[1].seq, 250);
	/* producer 0 by the one-producer call, as before */
	cr_assert_geq(rbsim_drive_produce(&d, 7, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(d.prods[0].seq, 257);
	/* no producer 2 */
	cr_expect_eq(rbsim_drive_try_on(&d, 2, 1, &res, err, sizeof(err)), -EINVAL);
	cr_expect(strstr(err, "producer 2 of 2"), "%s", err);
	cr_expect_eq(res.committed, 0);
	/* both producers' records, each in its order and intact */
	cr_assert_geq(rbsim_drive_consume(&d, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(d.c->ctr.consumed, 507);
	rbsim_drive_close(&d);
}

struct side {
	struct rbsim_drive *d;
	unsigned int i;
	long long ret;
	char err[256];
};

static void *produce_side(void *arg)
{
	struct side *s = arg;
	unsigned int k;

	for (k = 0; k < BATCHES && s->ret >= 0; k++)
		s->ret = rbsim_drive_produce_on(s->d, s->i, 50, s->err, sizeof(s->err));
	return NULL;
}

/* each producer on a thread of its own, at once: every record of the two intact */
static void two_threads(const char *reserve)
{
	struct side s[2] = { { .i = 0 }, { .i = 1 } };
	struct rbsim_drive d;
	pthread_t t[2];
	char err[256] = "";
	unsigned int k;

	open_two(&d, reserve);
	for (k = 0; k < 2; k++) {
		s[k].d = &d;
		cr_assert_eq(pthread_create(&t[k], NULL, produce_side, &s[k]), 0);
	}
	for (k = 0; k < 2; k++) {
		pthread_join(t[k], NULL);
		cr_expect_geq(s[k].ret, 0, "producer %u: %s", k, s[k].err);
		cr_expect_eq(d.prods[k].seq, BATCHES * 50, "producer %u", k);
	}
	cr_assert_geq(rbsim_drive_consume(&d, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(d.c->ctr.consumed, 2 * BATCHES * 50);
	rbsim_drive_close(&d);
}

Test(model_probe_mt, two_producers_on_threads_of_their_own)
{
	two_threads("kernel");
}

Test(model_probe_mt, two_producers_on_threads_cas)
{
	two_threads("cas");
}

/* CPUs 0 and 1 both allowed this process, or the test is skipped */
static void need_two_cpus(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) || !CPU_ISSET(0, &set) ||
	    !CPU_ISSET(1, &set))
		cr_skip_test("the pair probe needs CPUs 0 and 1");
}

/* the kernel's reservation under the queued lock, and cas's: records intact, samples kept */
static void pair_probe_samples(const char *reserve)
{
	struct rbsim_pair_all all = { 99, -1 };
	double ns[40];
	unsigned int n = 99, k;
	char err[256] = "";
	cpu_set_t before, after;

	need_two_cpus();
	cr_assert_eq(sched_getaffinity(0, sizeof(before), &before), 0);
	memset(ns, 0, sizeof(ns));
	cr_assert_eq(rbsim_pair_probe(0, 1, reserve, 30, 4, ns, &n, &all, err, sizeof(err)), 0,
		     "%s: %s", reserve, err);
	cr_expect_geq(n, 4);
	/* every stretch after the warm-up counted, those kept among them */
	cr_expect_geq(all.tried, n);
	cr_expect_gt(all.ns, 0);
	cr_expect_leq(n, 30);
	for (k = 0; k < n; k++)
		cr_expect_gt(ns[k], 0, "sample %u", k);
	for (; k < 40; k++)
		cr_expect_eq(ns[k], 0, "sample %u: past the %u kept", k, n);
	/* the caller's CPUs back */
	cr_assert_eq(sched_getaffinity(0, sizeof(after), &after), 0);
	cr_expect(CPU_EQUAL(&before, &after), "the caller's CPUs are put back");
}

Test(model_probe_mt, pair_probe_samples)
{
	pair_probe_samples("kernel");
}

Test(model_probe_mt, pair_probe_samples_cas)
{
	pair_probe_samples("cas");
}

/*
 * the notifications' probe, its three phases with the consumer on its own
 * thread (asleep in its wait, polling, announced and not asleep) and the
 * wait call: every sample a time, the wake-ups and the calls positive, the
 * caller's CPUs back
 */
Test(model_probe_mt, wake_probe_samples)
{
	static double buf[RBSIM_WAKE_NR][12];
	double *v[RBSIM_WAKE_NR];
	char err[256] = "";
	cpu_set_t before, after;
	unsigned int f, k;

	need_two_cpus();
	cr_assert_eq(sched_getaffinity(0, sizeof(before), &before), 0);
	for (f = 0; f < RBSIM_WAKE_NR; f++) {
		for (k = 0; k < 12; k++)
			buf[f][k] = -1e9;
		v[f] = buf[f];
	}
	cr_assert_eq(rbsim_wake_probe(1, 0, 10, v, err, sizeof(err)), 0, "%s", err);
	for (f = 0; f < RBSIM_WAKE_NR; f++) {
		for (k = 0; k < 10; k++)
			cr_expect_gt(buf[f][k], -1e9, "figure %u, sample %u taken", f, k);
		for (; k < 12; k++)
			cr_expect_eq(buf[f][k], -1e9, "figure %u, sample %u: past the 10", f, k);
	}
	for (k = 0; k < 10; k++) {
		cr_expect_gt(buf[RBSIM_WAKE_LATENCY][k], 0, "wake-up %u", k);
		cr_expect_gt(buf[RBSIM_WAKE_POLL][k], 0, "poll %u", k);
		cr_expect_gt(buf[RBSIM_WAKE_WAIT][k], 0, "wait call %u", k);
	}
	cr_assert_eq(sched_getaffinity(0, sizeof(after), &after), 0);
	cr_expect(CPU_EQUAL(&before, &after), "the caller's CPUs are put back");
}

/*
 * the follow probe (what a consumer right behind a producer costs it), with
 * the kernel's reservation and with cas's: the producer on CPU 1, the
 * consumer's thread on CPU 0 consuming beside it; every fill a time, alone
 * and followed, none past those asked for, the caller's CPUs back; the
 * transfer looked at before and after where asked, not otherwise
 */
static void follow_probe_samples(bool cas, bool looks)
{
	double alone[8], follow[8], look[2] = { -1, -1 };
	char err[256] = "";
	cpu_set_t before, after;
	unsigned int k;

	need_two_cpus();
	for (k = 0; k < 8; k++)
		alone[k] = follow[k] = -1;
	cr_assert_eq(sched_getaffinity(0, sizeof(before), &before), 0);
	cr_assert_eq(rbsim_follow_probe(1, 0, cas, 6, alone, follow, looks ? look : NULL, err,
					sizeof(err)), 0, "%s", err);
	/* a transfer before the first fill and after the last; none asked for, none taken */
	if (looks)
		cr_expect(look[0] > 0 && look[1] > 0 && isfinite(look[0]) && isfinite(look[1]),
			  "the looks: %g, %g", look[0], look[1]);
	else
		cr_expect(look[0] == -1 && look[1] == -1, "no looks: %g, %g", look[0], look[1]);
	for (k = 0; k < 6; k++) {
		cr_expect_gt(alone[k], 0, "fill %u alone", k);
		cr_expect_gt(follow[k], 0, "fill %u followed", k);
	}
	for (; k < 8; k++)
		cr_expect(alone[k] == -1 && follow[k] == -1, "sample %u: past the 6", k);
	cr_assert_eq(sched_getaffinity(0, sizeof(after), &after), 0);
	cr_expect(CPU_EQUAL(&before, &after), "the caller's CPUs are put back");
}

Test(model_probe_mt, follow_probe_samples)
{
	follow_probe_samples(false, true);
}

Test(model_probe_mt, follow_probe_samples_cas)
{
	follow_probe_samples(true, true);
}

Test(model_probe_mt, follow_probe_samples_no_looks)
{
	follow_probe_samples(false, false);
}

Test(model_probe_mt, pair_probe_refuses_bad_arguments)
{
	struct rbsim_pair_all all = { 99, -1 };
	double ns[4];
	unsigned int n = 99;
	char err[256] = "";

	cr_expect_eq(rbsim_pair_probe(0, 0, "kernel", 4, 1, ns, &n, NULL, err, sizeof(err)),
		     -EINVAL);
	cr_expect(strstr(err, "two different CPUs"), "%s", err);
	cr_expect_eq(n, 0);
	/* a hand-off of the kernel's lock or of cas: shards take the lock, percpu none */
	n = 99;
	cr_expect_eq(rbsim_pair_probe(0, 1, "shard:2", 4, 1, ns, &n, &all, err, sizeof(err)),
		     -EINVAL);
	cr_expect(strstr(err, "'shard:2': kernel or cas"), "%s", err);
	cr_expect_eq(n, 0);
	cr_expect(all.tried == 0 && all.ns == 0, "nothing looked at: %u, %g", all.tried, all.ns);
	need_two_cpus();
	n = 99;
	cr_expect_eq(rbsim_pair_probe(0, 1, "kernel", 4, 0, ns, &n, NULL, err, sizeof(err)),
		     -EINVAL);
	cr_expect(strstr(err, "at least one"), "%s", err);
	cr_expect_eq(n, 0);
	cr_expect_eq(rbsim_pair_probe(0, 1, "kernel", 4, 5, ns, &n, NULL, err, sizeof(err)),
		     -EINVAL);
	cr_expect(strstr(err, "no more than asked for"), "%s", err);
}

/*
 * the transfer's median: the bursts sorted in place, the median the middle
 * one; two different CPUs or nothing measured, the median left as it was
 */
Test(model_probe_mt, c2c_median_of_sorted_bursts)
{
	double ns[21], median = -1;
	char err[256] = "";
	unsigned int k;

	cr_expect_eq(rbsim_c2c_median(0, 0, 21, 2100, ns, &median, err, sizeof(err)), -EINVAL);
	cr_expect(strstr(err, "two different CPUs"), "%s", err);
	cr_expect_eq(median, -1);
	need_two_cpus();
	cr_assert_eq(rbsim_c2c_median(0, 1, 21, 2100, ns, &median, err, sizeof(err)), 0, "%s",
		     err);
	for (k = 0; k < 21; k++)
		cr_expect_gt(ns[k], 0, "burst %u", k);
	for (k = 1; k < 21; k++)
		cr_expect_leq(ns[k - 1], ns[k], "sorted at %u", k);
	cr_expect_eq(median, ns[10]);
}
