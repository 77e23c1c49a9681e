// SPDX-License-Identifier: GPL-2.0-only
/*
 * `rbsim run --transport kernel-ringbuf` and `rbsim compare` on the running
 * kernel: every trigger and consumer delivers every committed record intact
 * (the engine's integrity check: ids, sequence numbers, checksums), the
 * workload features the kernel side cannot do are refused with exit 2, and
 * compare prints both sides with their ratios. Needs root or
 * CAP_BPF+CAP_PERFMON: skipped without, a failure with RBSIM_REQUIRE_KERNEL.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <criterion/criterion.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/timeout.h"

static struct cli_run kbuf;

/* a run that must end with exit 0, integrity ok and every committed record consumed */
static void run_ok(const char *const *argv, const char *what)
{
	unsigned long att = 0, prod = 1, disc = 0, cons = 2;
	const char *l;

	cli_exec_argv(&kbuf, argv);
	cli_skip_without_kernel(&kbuf);
	cr_assert_eq(kbuf.status, 0, "%s: exit 0; stdout:\n%s\nstderr:\n%s", what, kbuf.out,
		     kbuf.err);
	cr_expect_not_null(strstr(kbuf.out, "integrity      ok"), "%s: integrity ok:\n%s", what,
			   kbuf.out);
	l = strstr(kbuf.out, "records        attempted ");
	cr_assert_not_null(l, "%s: a records line", what);
	cr_assert_eq(sscanf(l, "records        attempted %lu, produced %lu, discarded %lu, "
			    "consumed %lu", &att, &prod, &disc, &cons), 4,
		     "%s: records parse", what);
	cr_expect_eq(prod, cons, "%s: consumed (%lu) == produced (%lu)", what, cons, prod);
	cr_expect_gt(prod, 0, "%s: something was produced", what);
	cr_expect_leq(prod + disc, att, "%s: produced + discarded <= attempted", what);
}

TestSuite(kernel_ringbuf, .timeout = RBSIM_TEST_TIMEOUT(60));

Test(kernel_ringbuf, trigger_syscall_libbpf, .timeout = RBSIM_TEST_TIMEOUT(60))
{
	static const char *const a[] = { "rbsim", "run", "--transport", "kernel-ringbuf",
					 "--trigger", "syscall", "--records", "300000", "-q",
					 NULL };

	run_ok(a, "syscall/libbpf");
	cr_expect_not_null(strstr(kbuf.out, "transport      kernel-ringbuf"), "the kernel ran");
}

Test(kernel_ringbuf, trigger_raw_syscall_batch_consumer, .timeout = RBSIM_TEST_TIMEOUT(60))
{
	static const char *const a[] = { "rbsim", "run", "--transport", "kernel-ringbuf",
					 "--trigger", "raw-syscall", "--consumer", "batch",
					 "--size", "uniform:8-300", "--discard", "10",
					 "--records", "200000", "-q", NULL };

	run_ok(a, "raw-syscall/batch");
	cr_expect_not_null(strstr(kbuf.out, "raw_tp_trigger 1"), "the raw_tp was used");
}

Test(kernel_ringbuf, trigger_test_run_two_producers, .timeout = RBSIM_TEST_TIMEOUT(60))
{
	static const char *const a[] = { "rbsim", "run", "--transport", "kernel-ringbuf",
					 "--trigger", "test-run", "-p", "2", "--size",
					 "mix:16x5,64x3,1000x1", "--ring-size", "64K",
					 "--wakeup", "sampled:100", "--records", "300000", "-q",
					 NULL };

	run_ok(a, "test-run/2 producers");
}

Test(kernel_ringbuf, output_b2b_busy_poll, .timeout = RBSIM_TEST_TIMEOUT(60))
{
	static const char *const a[] = { "rbsim", "run", "--transport", "kernel-ringbuf",
					 "--trigger", "test-run", "--b2b", "--use-output",
					 "--size", "256", "--poll", "busy", "--records", "100000",
					 "-q", NULL };

	run_ok(a, "output/b2b/busy");
	cr_expect_not_null(strstr(kbuf.out, "drops          0:"),
			   "back-to-back never overruns the ring:\n%s", kbuf.out);
}

Test(kernel_ringbuf, no_verify_counts_balance, .timeout = RBSIM_TEST_TIMEOUT(60))
{
	static const char *const a[] = { "rbsim", "run", "--transport", "kernel-ringbuf",
					 "--no-verify", "--size", "4", "--wakeup", "force",
					 "--records", "100000", "-q", NULL };

	run_ok(a, "no-verify");
}

/*
 * The consumer's sleeps counted as the port's are (tests/cli/test_run.c):
 * libbpf's consumer, records 5 ms apart, sleeps in epoll_wait() about once
 * a record.
 */
Test(kernel_ringbuf, consumer_sleeps_once_a_paced_record, .timeout = RBSIM_TEST_TIMEOUT(30))
{
	static const char *const a[] = { "rbsim", "run", "--transport", "kernel-ringbuf",
					 "--rate", "200", "--batch", "1", "-d", "1", "-w", "0",
					 "--format", "json", "-q", NULL };

	cli_exec_argv(&kbuf, a);
	cli_skip_without_kernel(&kbuf);
	cli_assert_sleeps_once_a_record(&kbuf, "kernel-ringbuf");
}

Test(kernel_ringbuf, unsupported_workloads_exit_2, .timeout = RBSIM_TEST_TIMEOUT(30))
{
	static const char *const bad[][12] = {
		{ "rbsim", "run", "--transport", "kernel-ringbuf", "--size", "20000", NULL },
		{ "rbsim", "run", "--transport", "kernel-ringbuf", "--batch", "5000", NULL },
		{ "rbsim", "run", "--transport", "kernel-ringbuf", "--trigger", "kprobe", NULL },
		{ "rbsim", "run", "--transport", "kernel-ringbuf", "--ring-size", "12K", NULL },
		{ "rbsim", "run", "--transport", "kernel-ringbuf", "--use-output", "--discard", "5",
		  NULL },
		{ "rbsim", "run", "--trigger", "test-run", NULL },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *nl;

		cli_exec_argv(&kbuf, bad[i]);
		cr_expect_eq(kbuf.status, 2, "case %zu (%s %s): exit 2, got %d (%s)", i, bad[i][2],
			     bad[i][3] ? bad[i][3] : "", kbuf.status, kbuf.err);
		nl = strchr(kbuf.err, '\n');
		cr_expect(nl && !nl[1], "case %zu: one line on stderr: '%s'", i, kbuf.err);
	}
}

Test(kernel_ringbuf, compare_prints_ratios, .timeout = RBSIM_TEST_TIMEOUT(60))
{
	static const char *const a[] = { "rbsim", "compare", "--rounds", "2", "--records",
					 "100000", "--trigger", "test-run", "--size", "64", NULL };
	double hits = 0;
	const char *l, *eol;

	cli_exec_argv(&kbuf, a);
	cli_skip_without_kernel(&kbuf);
	cr_assert_eq(kbuf.status, 0, "compare exits 0; stdout:\n%s\nstderr:\n%s", kbuf.out,
		     kbuf.err);
	cr_expect_not_null(strstr(kbuf.out, "compare: ringbuf (port) vs kernel-ringbuf (kernel), "
				  "2 rounds"), "header:\n%s", kbuf.out);
	cr_expect_not_null(strstr(kbuf.out, "kernel side: --trigger test-run"),
			   "--trigger went to the kernel side only");
	cr_expect_not_null(strstr(kbuf.out, "ok (2/2)"), "both sides ok in both rounds");
	l = strstr(kbuf.out, "compare: ratio hits=");
	cr_assert_not_null(l, "a ratio line");
	cr_assert_eq(sscanf(l, "compare: ratio hits=%lf", &hits), 1, "ratio parses");
	cr_expect_gt(hits, 0, "a positive hits ratio");
	/* both sides count their notifications: the kernel's as IRQ work interrupts */
	cr_expect(strstr(l, " notifications=") && strstr(l, " wakeups="), "%s", l);
	l = strstr(kbuf.out, "  notifications/s (k) ");
	cr_assert_not_null(l, "a notifications row:\n%s", kbuf.out);
	eol = strchr(l, '\n');
	cr_assert_not_null(eol);
	cr_expect(isdigit((unsigned char)eol[-1]), "with a ratio: %.*s", (int)(eol - l), l);
	cr_expect_not_null(strstr(kbuf.err, "round 2 ringbuf"), "round 2 ran the port");
	cr_expect_not_null(strstr(kbuf.err, "round 2 kernel-ringbuf"), "and the kernel");
}
