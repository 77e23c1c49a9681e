// SPDX-License-Identifier: GPL-2.0-only
/*
 * The wfcqueue transport (sim/transport_wfcqueue.c, liburcu's wait-free
 * queue) under concurrency: `rbsim run --transport wfcqueue` with several
 * producer threads and its consumer, every record checked by the run's
 * verifier (producer, sequence, checksum). Checked: integrity ok (nothing
 * lost, duplicated, reordered or torn), every attempt accounted for
 * (attempted = produced + discarded + drops), consumed = produced.
 *
 * Also built under ThreadSanitizer, where scripts/run-tests.sh points
 * RBSIM_BIN at an rbsim of that build: the producers' enqueues, the
 * consumer's splices and the nodes' way back to their pools then run under
 * TSan (liburcu's own false positives are suppressed in tests/tsan.supp).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/timeout.h"

#ifdef __SANITIZE_THREAD__
#define RECORDS "5000"
#else
#define RECORDS "200000"
#endif
#define MAX_PRODUCERS 8

TestSuite(wfcqueue_mt, .timeout = RBSIM_TEST_TIMEOUT(120));

/* arrays, not pointers: Criterion copies a parameter into the test's process */
struct wq_case {
	char what[64];
	char args[8][24];	/* added to the run's options, up to the first empty one */
	bool recycles;		/* --b2b with a pool small enough that nodes must be reused */
};

/*
 * Unpaced producers outrun the consumer on a few CPUs: they empty their pools
 * and drop the rest of their quota before it runs. Pacing (--rate, records/s
 * per producer) or forced wake-ups keep records flowing through the queue
 * while producers enqueue; nothing here depends on how many.
 */
static struct wq_case wq_cases[] = {
	{ "paced, adaptive wake-ups, consumer asleep in poll",
	  { "--rate", "100000", "--batch", "10", "--size", "uniform:8-300" }, false },
	{ "force wake-ups, 5% discarded", { "--wakeup", "force", "--discard", "5" }, false },
	{ "paced, no wake-ups, busy consumer",
	  { "--rate", "100000", "--batch", "10", "--wakeup", "none", "--poll", "busy" }, false },
	{ "output from a scratch copy, force wake-ups",
	  { "--use-output", "--wakeup", "force", "--size", "mix:16x5,200x1" }, false },
	/* back to back: every batch takes the nodes the last drain gave back */
	{ "4 KiB pool, back to back: nodes reused", { "--b2b", "--wfcq-pool", "4K" }, true },
};

ParameterizedTestParameters(wfcqueue_mt, run_is_intact)
{
	return cr_make_param_array(struct wq_case, wq_cases, sizeof(wq_cases) / sizeof(wq_cases[0]));
}

/* one producer per CPU, at least two: the queue's tail is contended */
static int producer_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 2 ? 2 : n > MAX_PRODUCERS ? MAX_PRODUCERS : (int)n;
}

ParameterizedTest(struct wq_case *c, wfcqueue_mt, run_is_intact)
{
	const char *argv[24] = { "--transport", "wfcqueue", "--records", RECORDS, "--format",
				 "json", "-q" };
	struct cli_run r = { 0 };
	double produced, slots;
	char np[16];
	int n = 7, i;

	if (!c->recycles) {
		snprintf(np, sizeof(np), "%d", producer_count());
		argv[n++] = "-p";
		argv[n++] = np;
	}
	for (i = 0; i < 8 && c->args[i][0]; i++)
		argv[n++] = c->args[i];
	argv[n] = NULL;

	cli_exec(&r, "run", argv, NULL);
	cli_assert_run_intact(&r, c->what, strtod(RECORDS, NULL));
	produced = cli_json_num(r.out, "produced");
	if (c->recycles) {
		/* more records than the pool holds: nodes came back and were reused */
		slots = cli_json_num(r.out, "pool_slots");
		cr_expect_gt(produced, 2 * slots, "%s: %g records through %g slots", c->what,
			     produced, slots);
	}
	cli_free(&r);
}
