// SPDX-License-Identifier: GPL-2.0-only
/*
 * scripts/bench-size.py (make bench-size): its virtual side, short (--test
 * --no-kernel): the engine's speed line and, for a check of
 * bench/sizing.checks, the advised size with the virtual drop fractions at it
 * and at half of it (the stalls check: 2000 records of 72 bytes arrive in a
 * 100 ms stall, 144000 bytes: 256 KiB holds them, 128 KiB does not); and its
 * bad input. The kernel side is a benchmark, not a test: it runs in make
 * bench-size on a quiet machine.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/timeout.h"

TestSuite(bench_size, .timeout = RBSIM_TEST_TIMEOUT(120));

Test(bench_size, virtual_side)
{
	const char *argv[] = { "scripts/bench-size.py", "--rbsim", cli_bin(), "--test",
			       "--no-kernel", "--only", "stalls", NULL };
	struct cli_run r = { 0 };

	cli_run_prog(&r, argv, NULL);
	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cr_expect(strstr(r.out, "virtual time, 8-byte records, 1 producer, no verification: "
				"2000000 records, "), "the speed line: %s", r.out);
	cr_expect(strstr(r.out, "\nstalls   advised 256 KiB in "), "the advice: %s", r.out);
	cr_expect(strstr(r.out, "(virtual drop 0, half 0."), "the figures at both: %s", r.out);
	cr_expect(strstr(r.out, "\n         kernel: skipped (--no-kernel)\n"), "%s", r.out);
	cr_expect(!strstr(r.out, "steady"), "--only: %s", r.out);
	cli_free(&r);
}

Test(bench_size, bad_input)
{
	static const struct {
		const char *args[4];
		const char *says;
	} cases[] = {
		{ { "--rounds", "0" }, "--rounds 0" },
		{ { "--only", "nosuch" }, "no check nosuch" },
		{ { "--bogus" }, "unknown option" },
		{ { "--rbsim", "/nonexistent" }, "not built" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *argv[8] = { "scripts/bench-size.py", "--no-kernel" };
		struct cli_run r = { 0 };
		size_t n;

		for (n = 0; cases[i].args[n]; n++)
			argv[2 + n] = cases[i].args[n];
		cli_run_prog(&r, argv, NULL);
		cr_expect_eq(r.status, 2, "%s: exit 2: %s", cases[i].args[0], r.err);
		cr_expect_eq(cli_lines(r.err), 1, "one line: %s", r.err);
		cr_expect(strstr(r.err, cases[i].says), "names %s: %s", cases[i].says, r.err);
		cli_free(&r);
	}
}
