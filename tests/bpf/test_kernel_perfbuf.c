// SPDX-License-Identifier: GPL-2.0-only
/*
 * The real perf buffer: `rbsim validate-perfbuf` (the port against the running
 * kernel, byte for byte) and `rbsim run --transport kernel-perfbuf` (the
 * kernel's per-CPU buffers read by libbpf's perf_buffer). Without root or
 * CAP_BPF+CAP_PERFMON the tests skip, unless RBSIM_REQUIRE_KERNEL is set.
 */
#include <string.h>
#include <criterion/criterion.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/timeout.h"

#define PG 4096UL

static struct cli_run run_buf;

TestSuite(kernel_perfbuf, .timeout = RBSIM_TEST_TIMEOUT(60));

/* ---- rbsim validate --perfbuf: the port against the running kernel ---- */

/* overflowing rings of 1 and 2 pages: LOST records, wraps, every byte identical */
Test(kernel_perfbuf, validate_against_kernel, .timeout = RBSIM_TEST_TIMEOUT(120))
{
	static const char *const one[] = { "rbsim", "validate-perfbuf", "--steps", "3000", NULL };
	static const char *const two[] = { "rbsim", "validate-perfbuf", "--steps", "3000",
					   "--perf-pages", "2", "--seed", "7", NULL };
	struct cli_run *r = &run_buf;

	cli_exec_argv(r, one);
	cli_skip_without_kernel(r);
	cr_assert_eq(r->status, 0, "identical on 1 page: %s%s", r->out, r->err);
	cr_assert_not_null(strstr(r->out, ": ok: 3000 steps"), "ok line: %s", r->out);
	/* the script must have reached the cases it is for */
	cr_assert_null(strstr(r->out, " 0 LOST records"), "LOST records compared: %s", r->out);
	cr_assert_null(strstr(r->out, " 0 wrapped"), "wrapped records compared: %s", r->out);

	cli_exec_argv(r, two);
	cr_assert_eq(r->status, 0, "identical on 2 pages: %s%s", r->out, r->err);
}

/* ---- rbsim run --transport kernel-perfbuf: the real perf buffer ---- */

/* every record through the kernel's per-CPU buffers and libbpf's perf_buffer, once, in order */
Test(kernel_perfbuf, sim_kernel_perfbuf_integrity, .timeout = RBSIM_TEST_TIMEOUT(60))
{
	static const char *const tp[] = { "rbsim", "run", "--transport", "kernel-perfbuf",
					  "-p", "2", "--records", "60000", "--size",
					  "uniform:8-300", "--format", "json", "-q", NULL };
	static const char *const run[] = { "rbsim", "run", "--transport", "kernel-perfbuf",
					   "--trigger", "test-run", "-p", "2",
					   "--perf-pages", "1",
					   "--records", "30000", "--size", "mix:16x5,29x5,36x2",
					   "--format", "json", "-q", NULL };
	struct cli_run *r = &run_buf;

	cli_exec_argv(r, tp);
	cli_skip_without_kernel(r);
	cli_assert_run_ok(r);
	cr_assert_eq(cli_json_num(r->out, "consumed"), cli_json_num(r->out, "produced"),
		     "consumed = produced");
	cli_assert_perf_losses(r);

	/* a 1-page buffer per CPU overflows; small records of every padding */
	cli_exec_argv(r, run);
	cli_assert_run_ok(r);
	cli_assert_perf_losses(r);
	cr_assert_eq(cli_json_num(r->out, "mem_per_cpu"), 2 * PG, "one data page + user page");
}

Test(kernel_perfbuf, sim_kernel_perfbuf_bad_input, .timeout = RBSIM_TEST_TIMEOUT(30))
{
	static const char *const big[] = { "rbsim", "run", "--transport", "kernel-perfbuf",
					   "--size", "20000", NULL };
	static const char *const trig[] = { "rbsim", "run", "--transport", "kernel-perfbuf",
					    "--trigger", "nope", NULL };

	cli_expect_usage(&run_buf, big, "--size");
	cli_expect_usage(&run_buf, trig, "--trigger");
}
