// SPDX-License-Identifier: GPL-2.0-only
/*
 * The run engine's rounds (sim/engine_threads.c), watched through a
 * transport that wraps the ringbuf transport's produce() and consume().
 */
#include <string.h>
#include <criterion/criterion.h>

#include "sim/clock.h"
#include "sim/drive.h"
#include "sim/engine.h"
#include "tests/helpers/timeout.h"

TestSuite(engine, .timeout = RBSIM_TEST_TIMEOUT(30));

static const struct rbsim_transport_ops *inner;
static __u64 records, attempted;
/* consume() calls that may wait (timeout > 0) made once every record was produced */
static unsigned int waits_after_last, empty_waits_after_last;

static int watch_produce(struct rbsim_transport *t, struct rbsim_producer *p,
			 const struct rbsim_batch *b, struct rbsim_batch_result *res)
{
	attempted += b->n;
	return inner->produce(t, p, b, res);
}

static int watch_consume(struct rbsim_transport *t, struct rbsim_consumer *c, int timeout_ms)
{
	int n = inner->consume(t, c, timeout_ms);

	if (attempted == records && timeout_ms > 0) {
		waits_after_last++;
		empty_waits_after_last += n == 0;
	}
	return n;
}

/*
 * --b2b: the consumer thread is the only producer. Once its last batch is
 * taken, no record and no notification can come: a round that waits then
 * sleeps until its timeout (50 ms), and that sleep was counted in the run's
 * elapsed time (1 M records took 0.15 s instead of 0.02). The last batch
 * (one record here, so that the consumer is back well before the main
 * thread has seen the end) is the last wait.
 */
Test(engine, b2b_does_not_wait_after_its_last_batch)
{
	const char *argv[] = { "run", "--b2b", "--records", "1001", "--batch", "500", "--size",
			       "8", "--consumer", "batch", "-q", NULL };
	static struct rbsim_opts o;
	struct rbsim_transport_ops ops;
	struct rbsim_result r;
	char err[512];
	int round;

	for (round = 0; round < 20; round++) {
		memset(&o, 0, sizeof(o));
		cr_assert_eq(rbsim_run_parse(sizeof(argv) / sizeof(argv[0]) - 1, (char **)argv,
					     &o, err, sizeof(err)), 0, "parse: %s", err);
		inner = o.ops;
		ops = *inner;
		ops.produce = watch_produce;
		ops.consume = watch_consume;
		o.ops = &ops;
		records = 1001;
		attempted = 0;
		waits_after_last = 0;
		empty_waits_after_last = 0;
		cr_assert_eq(rbsim_engine_run(&o, &r, err, sizeof(err)), 0, "run: %s", err);
		cr_expect_eq(r.consumed, 1001, "every record consumed");
		cr_expect(r.integrity.ok, "integrity: %s", r.integrity.first);
		cr_expect_eq(waits_after_last, 1, "round %d: one waiting round after the last batch "
			     "(the one that takes it), got %u", round, waits_after_last);
		cr_expect_eq(empty_waits_after_last, 0, "round %d: no wait on the empty ring",
			     round);
		rbsim_result_free(&r);
		rbsim_opts_free(&o);
	}
}

/*
 * The ringbuf transport driven stamped (sim/drive.h, as calibrate's
 * batch_gap drives it): each batch's first record stamped after the call
 * began, its last after its first, the next batch's first after that and
 * its last before the call returned; driven unstamped, 0. The kernel
 * transports stamp in their program: calibrate's end_to_end fails on a
 * batch they leave unstamped (tests/bpf/test_calibrate.c).
 */
Test(engine, batches_stamped_where_their_records_are_written)
{
	const char *argv[] = { "run", "--transport", "ringbuf", "--size", "8", "--ring-size",
			       "64K", "--wakeup", "none", "--consumer", "batch", NULL };

	for (int stamped = 1; stamped >= 0; stamped--) {
		struct rbsim_batch_result a, b;
		struct rbsim_drive d;
		char err[512] = "";
		__u64 t0, t1;
		int ret = stamped ? rbsim_drive_open_stamped(&d, 11, (char **)argv, 100, err,
							     sizeof(err)) :
				    rbsim_drive_open(&d, 11, (char **)argv, 100, err, sizeof(err));

		cr_assert_eq(ret, 0, "open: %s", err);
		t0 = rbsim_now_ns();
		cr_assert_geq(rbsim_drive_try(&d, 100, &a, err, sizeof(err)), 0, "%s", err);
		cr_assert_geq(rbsim_drive_try(&d, 100, &b, err, sizeof(err)), 0, "%s", err);
		t1 = rbsim_now_ns();
		cr_expect_eq(a.committed + b.committed, 200, "every record");
		if (!stamped)
			cr_expect(!a.t_first && !a.t_last && !b.t_first && !b.t_last,
				  "unstamped: 0");
		else
			cr_expect(t0 <= a.t_first && a.t_first < a.t_last && a.t_last < b.t_first &&
				  b.t_first < b.t_last && b.t_last <= t1,
				  "%llu <= %llu < %llu < %llu < %llu <= %llu", (unsigned long long)t0,
				  (unsigned long long)a.t_first, (unsigned long long)a.t_last,
				  (unsigned long long)b.t_first, (unsigned long long)b.t_last,
				  (unsigned long long)t1);
		cr_expect_geq(rbsim_drive_consume(&d, err, sizeof(err)), 0, "%s", err);
		rbsim_drive_close(&d);
	}
}
