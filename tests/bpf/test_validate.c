// SPDX-License-Identifier: GPL-2.0-only
/*
 * `rbsim validate` against the running kernel: the port and the real
 * BPF_MAP_TYPE_RINGBUF must agree step by step (20,000 random steps plus the
 * targeted cases), the concurrent check must see every record, and both
 * checks must be able to fail (fault injection). Needs root or
 * CAP_BPF+CAP_PERFMON and BTF: without them the tests are skipped, unless
 * RBSIM_REQUIRE_KERNEL is set (CI), where that is a failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>
#include <criterion/criterion.h>

#include "tests/helpers/cli.h"
#include "ringbuf/kernel_compat.h"
#include "bpf/validate.h"
#include "tests/helpers/timeout.h"

/* value of key=N in a "validate: coverage:" line */
static unsigned long coverage(const char *out, const char *key)
{
	const char *line = strstr(out, "validate: coverage:");
	char pat[64];
	const char *at;

	cr_assert_not_null(line, "a coverage line is printed");
	snprintf(pat, sizeof(pat), " %s=", key);
	at = strstr(line, pat);
	cr_assert_not_null(at, "coverage has %s", key);
	return strtoul(at + strlen(pat), NULL, 10);
}

static struct cli_run run_buf;

TestSuite(validate, .timeout = RBSIM_TEST_TIMEOUT(120));

Test(validate, random_and_targeted_identical, .timeout = RBSIM_TEST_TIMEOUT(120))
{
	static const char *const argv[] = { "rbsim", "validate", "--no-concurrent", "--seed", "7",
					    "--steps", "20000", NULL };
	struct cli_run *r = &run_buf;
	unsigned long steps = 0, a = 0, b = 1;
	const char *l;

	cli_exec_argv(r, argv);
	cli_skip_without_kernel(r);
	cr_assert_eq(r->status, 0, "validate exits 0; stdout:\n%s\nstderr:\n%s", r->out, r->err);
	cr_expect_not_null(strstr(r->out, "validate: targeted: 13 cases,"), "targeted cases ran");
	cr_expect_not_null(strstr(r->out, "validate: random: seed 7, ring 16384: "
				  "20000/20000 steps identical"),
			   "--steps 20000 compares 20000 steps");
	/* the total "N/N steps identical" line follows the coverage line */
	l = strstr(r->out, "validate: coverage:");
	cr_assert_not_null(l, "coverage line");
	l = strchr(l, '\n');
	cr_assert_eq(sscanf(l, "\nvalidate: %lu/%lu steps identical", &a, &b), 2,
		     "total line follows the coverage line");
	cr_expect_eq(a, b, "every step identical (%lu/%lu)", a, b);
	steps = a;
	cr_expect_geq(steps, 20000, "at least 20,000 steps compared (%lu)", steps);
	/* the script reached the cases it is meant to reach */
	cr_expect_gt(coverage(r->out, "wrapped"), 0, "records wrapped past the end");
	cr_expect_gt(coverage(r->out, "refused_no_space"), 0, "reservations refused for space");
	cr_expect_gt(coverage(r->out, "refused_too_big"), 0, "reservations refused as too big");
	cr_expect_gt(coverage(r->out, "pauses"), 0, "BUSY records held across steps");
	cr_expect_gt(coverage(r->out, "busy_stops"), 0, "consumers stopped at BUSY records");
	cr_expect_gt(coverage(r->out, "hostile"), 0, "hostile consumer_pos writes");
	cr_expect_gt(coverage(r->out, "verdicts"), 0, "interpreter verdicts compared");
	cr_expect_str_empty(r->err, "nothing on stderr: %s", r->err);
}

Test(validate, small_ring_other_seed_identical, .timeout = RBSIM_TEST_TIMEOUT(120))
{
	static const char *const argv[] = { "rbsim", "validate", "--no-concurrent", "--no-targeted",
					    "--seed", "12345", "--ring-size", "4096", "--steps",
					    "5000", NULL };
	struct cli_run *r = &run_buf;

	cli_exec_argv(r, argv);
	cli_skip_without_kernel(r);
	cr_assert_eq(r->status, 0, "validate exits 0; stdout:\n%s", r->out);
	cr_expect_not_null(strstr(r->out, "validate: random: seed 12345, ring 4096: "),
			   "the random script ran on a one-page ring");
	cr_expect_gt(coverage(r->out, "wrapped"), 0, "records wrapped on a one-page ring");
}

/*
 * Short random scripts on every ring size validate takes, several seeds each.
 * Seed 288 on a one-page ring walks a garbage header at offset 0xffe after a
 * misaligned consumer_pos (step 724): a checker that read len bytes there ran
 * past the double mapping and reported a port that is right as wrong.
 */
Test(validate, many_seeds_every_ring_size, .timeout = RBSIM_TEST_TIMEOUT(120))
{
	static const char *const seeds[] = { "288", "1", "2", "3", "4", "5" };
	struct cli_run *r = &run_buf;
	char ring[16], want[64];

	for (unsigned long rs = PAGE_SIZE; rs <= VAL_FILL_MAX; rs *= 2) {
		for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
			const char *const argv[] = { "rbsim", "validate", "--no-concurrent",
						     "--no-targeted", "--seed", seeds[i],
						     "--ring-size", ring, "--steps", "1000", NULL };

			snprintf(ring, sizeof(ring), "%lu", rs);
			cli_exec_argv(r, argv);
			cli_skip_without_kernel(r);
			cr_assert_eq(r->status, 0, "seed %s, ring %lu: exit 0; stdout:\n%s\n%s",
				     seeds[i], rs, r->out, r->err);
			snprintf(want, sizeof(want),
				 "validate: random: seed %s, ring %lu: 1000/1000 steps identical",
				 seeds[i], rs);
			cr_expect_not_null(strstr(r->out, want), "%s:\n%s", want, r->out);
		}
	}
}

Test(validate, concurrent_nothing_lost, .timeout = RBSIM_TEST_TIMEOUT(120))
{
	static const char *const argv[] = { "rbsim", "validate", "--concurrent", "--producers", "3",
					    "--records", "100000", NULL };
	struct cli_run *r = &run_buf;
	unsigned long sub = 0, disc = 0, drops = 0, cons = 0, lost = 1, reord = 1, corrupt = 1;
	const char *l;

	cli_exec_argv(r, argv);
	cli_skip_without_kernel(r);
	cr_assert_eq(r->status, 0, "validate --concurrent exits 0; stdout:\n%s", r->out);
	l = strstr(r->out, "records, ring 65536: ");
	cr_assert_not_null(l, "a summary line: %s", r->out);
	cr_assert_eq(sscanf(l, "records, ring 65536: %lu submitted, %lu discarded, %lu drops, "
			    "%lu consumed, %lu lost, %lu reordered, %lu corrupt",
			    &sub, &disc, &drops, &cons, &lost, &reord, &corrupt), 7,
		     "summary parses: %s", l);
	cr_expect_eq(sub + disc, 3 * 100000UL, "every record reserved once: %lu + %lu", sub, disc);
	cr_expect_eq(disc, 3 * 100000UL / 8, "one in eight discarded");
	cr_expect_eq(cons, sub, "consumed == submitted");
	cr_expect_eq(lost + reord + corrupt, 0, "nothing lost, reordered or corrupt");
}

/* the comparison can fail: a flipped byte on the port side is caught and reported */
Test(validate, detects_a_flipped_byte, .timeout = RBSIM_TEST_TIMEOUT(60))
{
	static const char *const argv[] = { "rbsim", "validate", "--no-concurrent", "--no-targeted",
					    "--seed", "7", "--steps", "2000", NULL };
	static const char *const env[] = { "RBSIM_VALIDATE_INJECT=300", NULL };
	struct cli_run *r = &run_buf;

	cli_exec(r, NULL, argv + 1, &(struct cli_opts){ .env = env });
	cli_skip_without_kernel(r);
	cr_assert_eq(r->status, 1, "a difference exits 1; stdout:\n%s", r->out);
	cr_expect_not_null(strstr(r->out, "validate: MISMATCH at step 300 (random, seed 7, ring "
				  "16384): data differs"), "mismatch named at the injected step:\n%s",
			   r->out);
	cr_expect_not_null(strstr(r->out, "data: 1 byte differs"), "exactly one byte");
	cr_expect_not_null(strstr(r->out, "kernel"), "side by side: kernel");
	cr_expect_not_null(strstr(r->out, "| port"), "side by side: port");
	cr_expect_not_null(strstr(r->out, "consumer_pos"), "positions printed");
	cr_expect_not_null(strstr(r->out, "pending_pos"), "pending_pos printed");
	cr_expect_not_null(strstr(r->out, "records near the difference"), "records decoded");
	cr_expect_not_null(strstr(r->out, "reproduce: rbsim validate"), "how to reproduce");
	cr_expect_null(strstr(r->out, "steps identical"), "no success line after a mismatch");
}

/* the line of out that starts with prefix (at a line start), copied into buf */
static const char *line_of(const char *out, const char *prefix, char *buf, size_t len)
{
	for (const char *l = out; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		size_t n = strcspn(l, "\n");

		if (!strncmp(l, prefix, strlen(prefix)) && n < len) {
			memcpy(buf, l, n);
			buf[n] = '\0';
			return buf;
		}
	}
	return NULL;
}

/* the description --verbose printed for step n ("  step n: ..."), or NULL */
static const char *step_line(const char *out, unsigned long n, char *buf, size_t len)
{
	char prefix[40];

	snprintf(prefix, sizeof(prefix), "  step %lu: ", n);
	return line_of(out, prefix, buf, len);
}

/*
 * A fault injected at step k is reported at step k, and the reproduce command
 * printed with the report, run as printed, fails at that same step. The steps
 * are taken from a --verbose run: the part of a batch that ends at a pause,
 * a consumer step taken during that pause, the part after it (the batch goes
 * on in the kernel after each, and the run must stop there all the same).
 * The first runs include the targeted cases, which number their own steps.
 */
Test(validate, reproduce_command_reproduces, .timeout = RBSIM_TEST_TIMEOUT(120))
{
	static const char *const scan_argv[] = { "rbsim", "validate", "--no-concurrent",
						 "--no-targeted", "--seed", "7", "--ring-size",
						 "8192", "--steps", "600", "--verbose", NULL };
	static struct cli_run scan, rep;
	struct cli_run *r = &run_buf;
	unsigned long after = 0, k[3];
	char line[512], want[512], got[512], cmd[512], num[24], prefix[80];

	cli_exec_argv(&scan, scan_argv);
	cli_skip_without_kernel(&scan);
	cr_assert_eq(scan.status, 0, "the scan run exits 0:\n%s", scan.out);
	/* the first part of a batch that does not start at op 0: it follows a pause */
	for (unsigned long n = 1; n <= 600 && !after; n++) {
		if (step_line(scan.out, n, line, sizeof(line)) && strstr(line, ": ops ") &&
		    !strstr(line, ": ops 0.."))
			after = n;
	}
	cr_assert_gt(after, 2, "a paused batch in 600 steps of seed 7");
	k[2] = after;
	k[1] = after - 1;	/* the last consumer step of the pause */
	for (k[0] = after - 1; k[0] > 1; k[0]--) {
		if (step_line(scan.out, k[0], line, sizeof(line)) && strstr(line, ": ops "))
			break;	/* the part of the batch that ended at the pause */
	}
	cr_assert(strstr(step_line(scan.out, k[0], line, sizeof(line)), ": ops 0.."),
		  "step %lu ends at a pause: %s", k[0], line);

	for (int i = 0; i < 3; i++) {
		const char *argv[] = { "rbsim", "validate", "--no-concurrent", "--seed", "7",
				       "--ring-size", "8192", "--steps", "600", "--inject-fault",
				       num, NULL };
		const char *rargv[32];
		char *save = NULL;
		int n = 0;

		snprintf(num, sizeof(num), "%lu", k[i]);
		cli_exec_argv(r, argv);
		cr_assert_eq(r->status, 1, "fault at step %lu: exit 1:\n%s", k[i], r->out);
		snprintf(prefix, sizeof(prefix), "validate: MISMATCH at step %lu (random, seed 7, "
			 "ring 8192): data differs", k[i]);
		cr_assert_not_null(line_of(r->out, prefix, want, sizeof(want)),
				   "the fault is reported at its step: %s\n%s", prefix, r->out);
		cr_assert_not_null(line_of(r->out, "  reproduce: rbsim ", cmd, sizeof(cmd)),
				   "a reproduce command:\n%s", r->out);
		for (char *w = strtok_r(cmd + strlen("  reproduce: "), " ", &save); w && n < 31;
		     w = strtok_r(NULL, " ", &save))
			rargv[n++] = w;
		rargv[n] = NULL;

		cli_exec_argv(&rep, rargv);
		cr_assert_eq(rep.status, 1, "the reproduce command (step %lu) exits 1:\n%s", k[i],
			     rep.out);
		cr_expect_not_null(line_of(rep.out, prefix, got, sizeof(got)),
				   "it fails at the same step %lu:\n%s", k[i], rep.out);
		/* the same step, not one of the same number: its ops or consumer step */
		cr_expect_str_eq(step_line(rep.out, k[i], got, sizeof(got)),
				 step_line(scan.out, k[i], line, sizeof(line)),
				 "step %lu is the same", k[i]);
		cr_expect_null(step_line(rep.out, k[i] + 1, got, sizeof(got)),
			       "nothing after step %lu", k[i]);
	}
	cli_free(&scan);
	cli_free(&rep);
}

Test(validate, concurrent_detects_a_lost_record, .timeout = RBSIM_TEST_TIMEOUT(60))
{
	static const char *const argv[] = { "rbsim", "validate", "--concurrent", "--records",
					    "20000", "--inject-fault", "1000", NULL };
	struct cli_run *r = &run_buf;

	cli_exec_argv(r, argv);
	cli_skip_without_kernel(r);
	cr_assert_eq(r->status, 1, "a lost record exits 1; stdout:\n%s", r->out);
	cr_expect_not_null(strstr(r->out, "was next (lost or reordered)"), "the gap is named");
	cr_expect_not_null(strstr(r->out, " 1 lost,"), "one record counted lost:\n%s", r->out);
	cr_expect_not_null(strstr(r->out, "validate: concurrent: FAIL"), "FAIL line");
}

/* without CAP_BPF/CAP_PERFMON (dropped from the bounding set, so even root) */
Test(validate, missing_privileges_skip_or_fail, .timeout = RBSIM_TEST_TIMEOUT(30))
{
	static const char *const argv[] = { "rbsim", "validate", NULL };
	static const char *const req[] = { "RBSIM_REQUIRE_KERNEL=1", NULL };
	static const char *const noreq[] = { "RBSIM_REQUIRE_KERNEL=0", NULL };
	struct cli_run *r = &run_buf;

	cli_exec(r, NULL, argv + 1, &(struct cli_opts){ .env = noreq, .drop_caps = true });
	if (r->status == 126)
		cr_skip_test("cannot drop capabilities here (no CAP_SETPCAP)");
	cr_expect_eq(r->status, CLI_EXIT_SKIP, "skipped without privileges (got %d: %s)", r->status,
		     r->err);
	cr_expect_not_null(strstr(r->err, "validate: skipped: needs root or CAP_BPF+CAP_PERFMON"),
			   "names what is missing: %s", r->err);
	cr_expect_eq(strchr(r->err, '\n') - r->err + 1, (long)strlen(r->err), "one line");

	cli_exec(r, NULL, argv + 1, &(struct cli_opts){ .env = req, .drop_caps = true });
	cr_expect_eq(r->status, 1, "RBSIM_REQUIRE_KERNEL=1 turns the skip into a failure");
	cr_expect_not_null(strstr(r->err, "validate: FAIL: needs root or CAP_BPF+CAP_PERFMON"),
			   "names what is missing: %s", r->err);
}
