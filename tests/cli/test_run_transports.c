// SPDX-License-Identifier: GPL-2.0-only
/*
 * `rbsim run` through the userspace transports besides the ring buffer port:
 * the perf buffer port (--transport perfbuf: per-producer CPU rings, LOST
 * records, the perf_buffer consumer) and liburcu's wfcqueue, from the outside.
 */
#include <string.h>
#include <criterion/criterion.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/timeout.h"

#define PG 4096UL

static struct cli_run run_buf;

TestSuite(run_transports, .timeout = RBSIM_TEST_TIMEOUT(60));

/* several producers, each its own CPU ring: every record arrives once, in order per producer */
Test(run_transports, sim_integrity_several_producers, .timeout = RBSIM_TEST_TIMEOUT(60))
{
	static const char *const argv[] = { "rbsim", "run", "--transport", "perfbuf", "-p", "3",
					    "--records", "90000", "--size", "uniform:8-300",
					    "--format", "json", "-q", NULL };
	struct cli_run *r = &run_buf;
	const double ring = 512 * 1024; /* rbsim run's default --ring-size */

	cli_exec_argv(r, argv);
	cli_assert_run_ok(r);
	cr_assert_eq(cli_json_num(r->out, "consumed"), cli_json_num(r->out, "produced"),
		     "consumed = produced");
	cr_assert_eq(cli_json_num(r->out, "attempted"), 90000, "attempted");
	cr_assert_eq(cli_json_num(r->out, "produced") + cli_json_num(r->out, "drops_no_space") +
		     cli_json_num(r->out, "drops_too_big"), 90000, "produced + drops = attempted");
	cr_assert_eq(cli_json_num(r->out, "mem_per_producer"), ring + PG,
		     "each CPU maps its data pages and a user page");
	cli_assert_perf_losses(r);
}

/* a small ring overflows: the LOST records account for every drop but the last unflushed ones */
Test(run_transports, sim_small_ring_losses_accounted, .timeout = RBSIM_TEST_TIMEOUT(60))
{
	static const char *const argv[] = { "rbsim", "run", "--transport", "perfbuf", "-p", "2",
					    "--perf-pages", "1", "--records", "60000", "--size",
					    "mix:16x5,29x5,36x2,200x1", "--format", "json", "-q",
					    NULL };
	struct cli_run *r = &run_buf;

	cli_exec_argv(r, argv);
	cli_assert_run_ok(r);
	cr_assert_gt(cli_json_num(r->out, "drops_no_space"), 0, "a 1-page ring overflows");
	cli_assert_perf_losses(r);
	cr_assert_eq(cli_json_num(r->out, "mem_per_producer"), 2 * PG, "one data page + user page");
}

/* one producer is one CPU stream: nothing can come out of timestamp order */
Test(run_transports, sim_single_cpu_stream_in_order, .timeout = RBSIM_TEST_TIMEOUT(60))
{
	static const char *const argv[] = { "rbsim", "run", "--transport", "perfbuf",
					    "--records", "50000", "--size", "64",
					    "--latency-every", "1", "--format", "json", "-q",
					    NULL };
	struct cli_run *r = &run_buf;

	cli_exec_argv(r, argv);
	cr_assert_eq(r->status, 0, "exit 0: %s", r->err);
	cr_assert_eq(cli_json_num(r->out, "ooo_checked"), cli_json_num(r->out, "consumed"),
		     "every record stamped and checked");
	cr_assert_eq(cli_json_num(r->out, "ooo_records"), 0, "one stream stays in order");
}

Test(run_transports, sim_bad_input, .timeout = RBSIM_TEST_TIMEOUT(30))
{
	static const char *const pages3[] = { "rbsim", "run", "--transport", "perfbuf",
					      "--perf-pages", "3", NULL };
	static const char *const pages0[] = { "rbsim", "run", "--transport", "perfbuf",
					      "--perf-pages", "0", NULL };
	static const char *const ring[] = { "rbsim", "run", "--transport", "perfbuf",
					    "--ring-size", "12288", NULL };
	static const char *const other[] = { "rbsim", "run", "--transport", "ringbuf",
					     "--perf-pages", "4", NULL };

	cli_expect_usage(&run_buf, pages3, "--perf-pages");
	cli_expect_usage(&run_buf, pages0, "--perf-pages");
	cli_expect_usage(&run_buf, ring, "--ring-size");
	cli_expect_usage(&run_buf, other, "--perf-pages");
}

/* ---- rbsim run --transport wfcqueue ---- */

Test(run_transports, sim_wfcqueue_integrity, .timeout = RBSIM_TEST_TIMEOUT(60))
{
	static const char *const argv[] = { "rbsim", "run", "--transport", "wfcqueue", "-p", "3",
					    "--records", "90000", "--size", "uniform:8-300",
					    "--format", "json", "-q", NULL };
	struct cli_run *r = &run_buf;
	double slot;

	cli_exec_argv(r, argv);
	cli_assert_run_ok(r);
	cr_assert_eq(cli_json_num(r->out, "consumed"), cli_json_num(r->out, "produced"),
		     "consumed = produced");
	/* a slot: 16-byte node header + the largest record, 8-aligned */
	slot = cli_json_num(r->out, "slot_bytes");
	cr_assert_eq(slot, (16 + 300 + 7) / 8 * 8, "slot size");
	cr_assert_eq(cli_json_num(r->out, "pool_slots"), (double)((512 * 1024 / 3) / (size_t)slot),
		     "pools share --ring-size");
}

Test(run_transports, sim_wfcqueue_bad_input, .timeout = RBSIM_TEST_TIMEOUT(30))
{
	static const char *const sampled[] = { "rbsim", "run", "--transport", "wfcqueue",
					       "--wakeup", "sampled:10", NULL };
	static const char *const pool[] = { "rbsim", "run", "--transport", "wfcqueue",
					    "--wfcq-pool", "8", NULL };

	cli_expect_usage(&run_buf, sampled, "--wakeup");
	cli_expect_usage(&run_buf, pool, "--wfcq-pool");
}
