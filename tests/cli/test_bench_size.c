// SPDX-License-Identifier: GPL-2.0-only
/*
 * scripts/bench-size.py (make bench-size): its virtual side, short (--test
 * --no-kernel): the engine's speed line and, for the checks of
 * bench/sizing.checks, the sizes advised with the consumer apart and on the
 * producer's CPU, with the virtual drop fractions at each (bursts: 2000
 * records of 136 bytes; apart the consumer drains a burst as it comes and
 * 256 KiB holds it; shared it waits out the burst, and 256 KiB drops the 73
 * that do not fit, 0.0365, so 512 KiB is advised; stalls: 2000 records of
 * 72 bytes arrive in a 100 ms stall, 144000 bytes, both placements alike);
 * the folder it writes (env.txt with the host-stop probe's lines,
 * bench-size.json, summary.txt: what it printed); and its bad input. The
 * kernel side is a benchmark, not a test: it runs in make bench-size.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/timeout.h"
#include "tests/helpers/tmpdir.h"

TestSuite(bench_size, .timeout = RBSIM_TEST_TIMEOUT(120));

/* all of dir/name (asserted readable; free it) */
static char *slurp(const char *dir, const char *name)
{
	char path[512], *text;

	tmp_path(path, sizeof(path), "%s/%s", dir, name);
	text = cli_read_file(path, NULL);
	cr_assert_not_null(text, "%s written", path);
	return text;
}

Test(bench_size, virtual_side)
{
	char dir[256];
	const char *argv[] = { "scripts/bench-size.py", "--rbsim", cli_bin(), "--test",
			       "--no-kernel", "--only", "stalls,bursts", "--out", dir, NULL };
	struct cli_run r = { 0 };
	char *env, *summary, *raw;

	tmp_dir(dir, sizeof(dir), "bench-size");
	cli_run_prog(&r, argv, NULL);
	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cr_expect(strstr(r.out, "virtual time, 8-byte records, 1 producer, no verification: "
				"2000000 records, "), "the speed line: %s", r.out);
	cr_expect(strstr(r.out, "\nstalls   advised apart 256 KiB, peak fill "),
		  "the advice: %s", r.out);
	/* 1923 records of 136 bytes held at once apart, the 2000 of a burst shared */
	cr_expect(strstr(r.out, "\nbursts   advised apart 256 KiB, peak fill 99.8%; shared 512 KiB, "
				"peak fill 51.9% ("), "a burst waited out on the producer's CPU: %s",
		  r.out);
	cr_expect(strstr(r.out, "\n         256 KiB           0                 0.0365   "),
		  "256 KiB's drop fraction in each placement: %s", r.out);
	cr_expect(strstr(r.out, "\n         kernel: skipped (--no-kernel)\n"), "%s", r.out);
	cr_expect(!strstr(r.out, "steady"), "--only: %s", r.out);
	env = slurp(dir, "env.txt");
	cr_expect(strstr(env, "\ncpu gaps, 1 busy:  "), "the host-stop probe: %s", env);
	cr_expect(strstr(env, "\nkernel transports: kernel-ringbuf skipped (--no-kernel)\n"),
		  "%s", env);
	summary = slurp(dir, "summary.txt");
	cr_expect_str_eq(summary, r.out, "summary.txt is what it printed");
	raw = slurp(dir, "bench-size.json");
	cr_expect(strstr(raw, "\"advised\": 524288"), "the raw advice: %.300s", raw);
	free(env);
	free(summary);
	free(raw);
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
		{ { "--out", "/proc/version/x" }, "--out /proc/version/x: " },
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
