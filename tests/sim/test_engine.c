// SPDX-License-Identifier: GPL-2.0-only
/*
 * The run engine's rounds (sim/engine_threads.c), watched through a
 * transport that wraps the ringbuf transport's produce() and consume().
 */
#include <string.h>
#include <criterion/criterion.h>

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
