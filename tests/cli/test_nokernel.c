// SPDX-License-Identifier: GPL-2.0-only
/*
 * An rbsim built without bpf/ (make KERNEL=0; the Makefile builds this file
 * only then): the kernel commands, the kernel transports, overhead's --struct
 * and the kernel side of --verify say in one line that this rbsim was built
 * without them, and end by the skip rule: 77, or 1 with
 * RBSIM_REQUIRE_KERNEL=1. What does not need the kernel still runs.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/tmpdir.h"
#include "tests/helpers/timeout.h"

#define NOT_BUILT "this rbsim was built without its kernel parts ("

static const char *const noreq[] = { "RBSIM_REQUIRE_KERNEL=0", NULL };
static const char *const req[] = { "RBSIM_REQUIRE_KERNEL=1", NULL };

TestSuite(nokernel, .timeout = RBSIM_TEST_TIMEOUT(30));

/*
 * rbsim SUB args: 77 and "rbsim SUB: skipped: WHAT" + NOT_BUILT, alone on
 * stderr; with RBSIM_REQUIRE_KERNEL=1, 1 and "rbsim SUB: FAIL: ..."
 */
static void expect_not_built(const char *sub, const char *const *args, const char *what)
{
	struct cli_run r = { 0 };
	char want[256];

	cli_exec(&r, sub, args, &(struct cli_opts){ .env = noreq });
	cr_expect_eq(r.status, CLI_EXIT_SKIP, "rbsim %s: skipped, got %d: %s", sub, r.status,
		     r.err);
	snprintf(want, sizeof(want), "rbsim %s: skipped: %s" NOT_BUILT, sub, what);
	cr_expect(!strncmp(r.err, want, strlen(want)) && cli_lines(r.err) == 1,
		  "one line: want '%s...', got '%s'", want, r.err);
	cr_expect_str_empty(r.out, "nothing on stdout");

	cli_exec(&r, sub, args, &(struct cli_opts){ .env = req });
	cr_expect_eq(r.status, 1, "rbsim %s with RBSIM_REQUIRE_KERNEL=1: 1, got %d", sub,
		     r.status);
	snprintf(want, sizeof(want), "rbsim %s: FAIL: %s" NOT_BUILT, sub, what);
	cr_expect(!strncmp(r.err, want, strlen(want)) &&
		  strstr(r.err, "(RBSIM_REQUIRE_KERNEL is set)\n") && cli_lines(r.err) == 1,
		  "one line: want '%s...', got '%s'", want, r.err);
	cli_free(&r);
}

/* their options are read first, as in a full build (tests/cli/test_kernel_cmd_options.c) */
Test(nokernel, kernel_commands)
{
	static const char *const none[] = { NULL };
	static const char *const steps[] = { "--steps", "10", NULL };
	static const char *const perfbuf[] = { "--perfbuf", "--perf-pages", "2", NULL };
	static const char *const rounds[] = { "--rounds", "1", "--records", "100", NULL };
	static const char *const samples[] = { "--samples", "5", "-q", NULL };

	expect_not_built("validate", none, "");
	expect_not_built("validate", steps, "");
	expect_not_built("validate", perfbuf, "");
	expect_not_built("validate-perfbuf", none, "");
	expect_not_built("compare", rounds, "");
	expect_not_built("calibrate", none, "");
	expect_not_built("calibrate", samples, "");
}

/* compare's -o FILE, opened by its parse, is not left behind by a command that cannot run */
Test(nokernel, compare_leaves_no_file)
{
	char dir[192], path[256];
	const char *args[] = { "-o", path, "--format", "csv", NULL };
	struct cli_run r = { 0 };

	tmp_dir(dir, sizeof(dir), "nok-cmp");
	snprintf(path, sizeof(path), "%s/runs.csv", dir);
	cli_exec(&r, "compare", args, &(struct cli_opts){ .env = noreq });
	cr_expect_eq(r.status, CLI_EXIT_SKIP, "skipped, got %d: %s", r.status, r.err);
	cr_expect(access(path, F_OK), "%s is not left behind", path);
	cli_free(&r);
	rmdir(dir);
}

Test(nokernel, kernel_transports)
{
	static const char *const krb[] = { "--transport", "kernel-ringbuf", "--records", "100",
					   NULL };
	static const char *const kpb[] = { "--transport", "kernel-perfbuf", "--records", "100",
					   "--perf-pages", "4", NULL };

	expect_not_built("run", krb, "--transport kernel-ringbuf: ");
	expect_not_built("run", kpb, "--transport kernel-perfbuf: ");
}

/* the generic options are judged as in a full build: bad input is still exit 2 */
Test(nokernel, kernel_transport_options_judged_alike)
{
	static const char *const args[] = { "--transport", "kernel-perfbuf", "--consumer", "batch",
					    NULL };
	struct cli_run r = cli_cmd("run", args);

	cr_expect_eq(r.status, 2, "exit 2, got %d: %s", r.status, r.err);
	cr_expect(strstr(r.err, "rbsim run: --consumer batch does not apply to --transport "
			 "kernel-perfbuf: its consumer is perf_buffer (transports with a choice: "
			 "kernel-ringbuf, ringbuf)\n"), "as in a full build: %s", r.err);
	cli_free(&r);
}

Test(nokernel, overhead_struct)
{
	static const char *const args[] = { "--struct", "task_struct", NULL };

	expect_not_built("overhead", args, "--struct: ");
}

/* --verify: the ports are measured, the kernel side is a note (a failure if required) */
Test(nokernel, overhead_verify)
{
	static const char *const args[] = { "--verify", "--format", "csv", "8", "100", NULL };
	struct cli_run r = { 0 };

	cli_exec(&r, "overhead", args, &(struct cli_opts){ .env = noreq });
	cr_expect_eq(r.status, 0, "the port part runs: exit 0, got %d: %s", r.status, r.err);
	cr_expect(strstr(r.err, "rbsim overhead: kernel: skipped (--verify on the kernel: "
			 NOT_BUILT), "the note: %s", r.err);
	cr_expect_eq(cli_lines(r.out), 3, "a header and two rows: %s", r.out);
	cr_expect(strstr(r.out, "\n8,") && strstr(r.out, ",ok\n"), "verified rows: %s", r.out);

	cli_exec(&r, "overhead", args, &(struct cli_opts){ .env = req });
	cr_expect_eq(r.status, 1, "RBSIM_REQUIRE_KERNEL=1: exit 1, got %d: %s", r.status, r.err);
	cr_expect(strstr(r.err, "rbsim overhead: kernel: FAIL: --verify on the kernel: "
			 NOT_BUILT), "says why: %s", r.err);
	cli_free(&r);
}

/* the commands stay listed, each under its name */
Test(nokernel, help_lists_them)
{
	static const char *const args[] = { "--help", NULL };
	struct cli_run r = cli_cmd(NULL, args);

	cr_expect_eq(r.status, 0, "exit 0");
	cr_expect(strstr(r.out, "\n  compare ") && strstr(r.out, "\n  calibrate ") &&
		  strstr(r.out, "\n  validate ") &&
		  strstr(r.out, "\n  validate-perfbuf "), "the kernel commands: %s", r.out);
	cli_free(&r);
}
