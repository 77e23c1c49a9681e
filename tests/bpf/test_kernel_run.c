// SPDX-License-Identifier: GPL-2.0-only
/*
 * `rbsim run` on the kernel transports (kernel-ringbuf, kernel-perfbuf) and
 * `rbsim compare` from the outside: their bad input, their figures, and the
 * exit-status rule when privileges are missing (77 skipped, 1 with
 * RBSIM_REQUIRE_KERNEL=1). Where the kernel cannot be used the tests skip,
 * unless RBSIM_REQUIRE_KERNEL is set.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/run.h"
#include "tests/helpers/timeout.h"

TestSuite(kernel_run, .timeout = RBSIM_TEST_TIMEOUT(60));

/* ---- bad input: one line, exit 2, nothing written ---- */

static struct cx_bad cx_bad_inputs[] = {
	{ { "--transport", "kernel-ringbuf", "--size", "4090", "--ring-size", "4096" }, "a 4090-byte "
	  "record never fits the ring of --transport kernel-ringbuf (4080 bytes at most)" },
	{ { "--transport", "kernel-perfbuf", "--consumer", "batch" }, "--consumer batch does not "
	  "apply to --transport kernel-perfbuf" },
	{ { "--transport", "kernel-perfbuf", "--use-output" }, "--use-output does not apply to "
	  "--transport kernel-perfbuf" },
};

ParameterizedTestParameters(kernel_run, bad_input)
{
	return cr_make_param_array(struct cx_bad, cx_bad_inputs,
				   sizeof(cx_bad_inputs) / sizeof(cx_bad_inputs[0]));
}

ParameterizedTest(struct cx_bad *b, kernel_run, bad_input)
{
	cx_expect_bad(b);
}

/* ---- fewer records than producers: the producers without a share stop at once ---- */

static struct cx_tname cx_transports[] = { { "kernel-ringbuf" }, { "kernel-perfbuf" } };

ParameterizedTestParameters(kernel_run, records_below_producers)
{
	return cr_make_param_array(struct cx_tname, cx_transports,
				   sizeof(cx_transports) / sizeof(cx_transports[0]));
}

/* a hang shows as the timeout */
ParameterizedTest(struct cx_tname *t, kernel_run, records_below_producers,
		  .timeout = RBSIM_TEST_TIMEOUT(20))
{
	cx_records_below_producers(t->name);
}

Test(kernel_run, compare_records_below_producers, .timeout = RBSIM_TEST_TIMEOUT(20))
{
	const char *args[] = { "--records", "1", "-p", "2", "--rounds", "1", NULL };
	struct cli_run r = { 0 };

	cli_exec(&r, "compare", args, NULL);
	cli_skip_without_kernel(&r);
	cr_assert_eq(r.status, 0, "compare --records 1 -p 2: exit 0, got %d: %s", r.status, r.err);
	cr_expect(strstr(r.out, "integrity                  ok (1/1)"), "both sides ok: %s", r.out);
	cli_free(&r);
}

/* ---- figures a transport does not have are not printed as if it did ---- */

/*
 * The kernel counts its notifications nowhere user space can read, but each
 * one queues an irq_work, whose interrupt /proc/interrupts counts: with a
 * forced wake-up at every commit (kernel-ringbuf) or every sample
 * (kernel-perfbuf, libbpf's wakeup_events 1), the run's notifications are at
 * least half its records (one already pending is not queued again), and the
 * text says where they come from.
 */
static struct cx_tname cx_notifying[] = { { "kernel-ringbuf" }, { "kernel-perfbuf" } };

ParameterizedTestParameters(kernel_run, notifications_are_irq_work_interrupts)
{
	return cr_make_param_array(struct cx_tname, cx_notifying,
				   sizeof(cx_notifying) / sizeof(cx_notifying[0]));
}

ParameterizedTest(struct cx_tname *t, kernel_run, notifications_are_irq_work_interrupts,
		  .timeout = RBSIM_TEST_TIMEOUT(30))
{
	bool rb = !strcmp(t->name, "kernel-ringbuf");
	const char *json[] = { "--transport", t->name, "--records", "20000", "--format", "json",
			       "-q", rb ? "--wakeup" : NULL, "force", NULL };
	const char *text[] = { "--transport", t->name, "--records", "2000", "-q", NULL };
	struct cli_run r = { 0 };
	struct cx_json j;
	const char *v;
	double notif, produced;

	cli_exec(&r, "run", json, NULL);
	cli_skip_without_kernel(&r);
	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cx_json_parse(&j, r.out);
	cr_assert(j.ok, "JSON parses: %s", r.out);
	v = cx_json_get(&j, "notifications");
	cr_assert_str_neq(v, "null", "%s: notifications counted", t->name);
	notif = atof(v);
	produced = atof(cx_json_get(&j, "produced"));
	cr_expect_geq(notif, produced / 2, "%s: %.0f notifications of %.0f records", t->name, notif,
		      produced);
	if (rb) {
		cr_expect_str_eq(cx_json_get(&j, "drops_lock"), "null",
				 "lock failures count as no space");
		cr_expect_str_neq(cx_json_get(&j, "drops_mean_mps"), "null", "a drop rate");
	}
	cli_exec(&r, "run", text, NULL);
	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cr_expect(strstr(r.out, " per record; the machine's IRQ work interrupts), "),
		  "%s: the text says where they come from: %s", t->name, r.out);
	cli_free(&r);
}

Test(kernel_run, compare_leaves_out_a_missing_drop_rate, .timeout = RBSIM_TEST_TIMEOUT(60))
{
	const char *args[] = { "--port", "wfcqueue", "--records", "20000", "--rounds", "1",
			       NULL };
	struct cli_run r = { 0 };

	cli_exec(&r, "compare", args, NULL);
	cli_skip_without_kernel(&r);
	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cr_expect(strstr(r.out, "  drops (M/s)                -  "), "no port drop rate: %s", r.out);
	cr_expect(!strstr(r.out, "\u00b1"), "no deviation out of one round: %s", r.out);
	cli_free(&r);
}

/* ---- no privilege, no kernel feature: 77 (skipped), 1 with RBSIM_REQUIRE_KERNEL=1 ---- */

ParameterizedTestParameters(kernel_run, kernel_transport_without_privileges)
{
	return cr_make_param_array(struct cx_tname, cx_transports,
				   sizeof(cx_transports) / sizeof(cx_transports[0]));
}

ParameterizedTest(struct cx_tname *t, kernel_run, kernel_transport_without_privileges)
{
	static const char *const noreq[] = { "RBSIM_REQUIRE_KERNEL=0", NULL };
	static const char *const req[] = { "RBSIM_REQUIRE_KERNEL=1", NULL };
	char path[256], want[256];
	const char *args[] = { "--transport", t->name, "--records", "100", "--format", "csv", "-o",
			       path, NULL };
	struct cli_run r = { 0 };

	cx_tmp_path(path, sizeof(path), "none.csv");
	cli_exec(&r, "run", args, &(struct cli_opts){ .env = noreq, .drop_caps = true });
	cr_expect_eq(r.status, 77, "%s: skipped, got %d: %s", t->name, r.status, r.err);
	snprintf(want, sizeof(want), "rbsim run: skipped: %s needs root or CAP_BPF+CAP_PERFMON "
		 "(missing ", t->name);
	cr_expect(!strncmp(r.err, want, strlen(want)) && cli_lines(r.err) == 1,
		  "one line: want '%s...', got '%s'", want, r.err);
	cr_expect(access(path, F_OK), "no -o file left");

	cli_exec(&r, "run", args, &(struct cli_opts){ .env = req, .drop_caps = true });
	cr_expect_eq(r.status, 1, "%s with RBSIM_REQUIRE_KERNEL=1: exit 1, got %d", t->name,
		     r.status);
	snprintf(want, sizeof(want), "rbsim run: FAIL: %s needs root or CAP_BPF+CAP_PERFMON ",
		 t->name);
	cr_expect(!strncmp(r.err, want, strlen(want)) &&
		  strstr(r.err, "(RBSIM_REQUIRE_KERNEL is set)\n"), "want '%s...', got '%s'", want,
		  r.err);
	cr_expect(access(path, F_OK), "no -o file left");
	cli_free(&r);
	cx_tmp_rm(path);
}

/*
 * Beyond perf_event_mlock_kb per CPU, perf buffers count against
 * RLIMIT_MEMLOCK unless the caller has CAP_IPC_LOCK: root has it, so the
 * child loses it (and CAP_SYS_RESOURCE, with which libbpf could raise the
 * limit; libbpf 1.1 does so only on kernels without memcg accounting).
 * 1024 pages per CPU is over 516 KiB on any machine.
 */
Test(kernel_run, kernel_perfbuf_memlock_named, .timeout = RBSIM_TEST_TIMEOUT(30))
{
	const char *args[] = { "--transport", "kernel-perfbuf", "--perf-pages", "1024",
			       "--records", "1000", "-q", NULL };
	static const char *const env[] = { "RBSIM_REQUIRE_KERNEL=0", "RBSIM_REQUIRE_KERNEL=1" };
	struct cx_child ch;
	char *out;
	int i, status;

	for (i = 0; i < 2; i++) {
		struct cx_limits l = { .memlock = 64 * 1024, .drop_ipc_lock = true,
				       .env = env[i] };
		struct cli_run r = { 0 };

		cx_spawn_lim(&ch, args, &l);
		status = cx_finish(&ch, &out);
		r.status = status;
		r.err = ch.seen;
		if (strstr(ch.seen, "needs root") || strstr(ch.seen, "no kernel BTF"))
			cli_skip_without_kernel(&r);
		cr_expect_eq(status, i ? 1 : 77, "%s: exit %d, got %d: %s", env[i], i ? 1 : 77,
			     status, ch.seen);
		cr_expect(strstr(ch.seen, i ? "rbsim run: FAIL: kernel-perfbuf: its perf buffers " :
				 "rbsim run: skipped: kernel-perfbuf: its perf buffers ") &&
			  strstr(ch.seen, "RLIMIT_MEMLOCK (64 KiB) without CAP_IPC_LOCK") &&
			  cli_lines(ch.seen) == 1, "one line naming RLIMIT_MEMLOCK: %s", ch.seen);
		free(out);
	}
}
