// SPDX-License-Identifier: GPL-2.0-only
/*
 * `rbsim run --transport kernel-ringbuf` and `rbsim compare` on the running
 * kernel: every trigger and consumer delivers every committed record intact
 * (the engine's integrity check: ids, sequence numbers, checksums), the
 * workload features the kernel side cannot do are refused with exit 2, and
 * compare prints both sides with their ratios. Needs root or
 * CAP_BPF+CAP_PERFMON: skipped without, a failure with RBSIM_REQUIRE_KERNEL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <criterion/criterion.h>

#define OUT_MAX (64 * 1024)

struct krun {
	int status;
	char out[OUT_MAX];
	char err[OUT_MAX];
};

static const char *rbsim_bin(void)
{
	const char *b = getenv("RBSIM_BIN");

	return b && *b ? b : "build/rbsim";
}

static void slurp(int fd, char *buf)
{
	ssize_t n;
	size_t len = 0;

	lseek(fd, 0, SEEK_SET);
	while (len < OUT_MAX - 1 && (n = read(fd, buf + len, OUT_MAX - 1 - len)) > 0)
		len += n;
	buf[len] = '\0';
	close(fd);
}

/* run "rbsim ARGS..." (a NULL-terminated list after argv[0]) */
static void krun(struct krun *r, const char *const *argv)
{
	int out = memfd_create("krun-out", 0), err = memfd_create("krun-err", 0);
	pid_t pid;
	int st;

	cr_assert(out >= 0 && err >= 0, "memfd_create: %s", strerror(errno));
	pid = fork();
	cr_assert(pid >= 0, "fork");
	if (!pid) {
		char *args[48];
		int i;

		dup2(out, 1);
		dup2(err, 2);
		args[0] = (char *)rbsim_bin();
		for (i = 1; argv[i] && i < 47; i++)
			args[i] = (char *)argv[i];
		args[i] = NULL;
		execv(args[0], args);
		_exit(127);
	}
	cr_assert_eq(waitpid(pid, &st, 0), pid, "waitpid");
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	slurp(out, r->out);
	slurp(err, r->err);
	cr_assert_neq(r->status, 127, "cannot exec %s (set RBSIM_BIN)", rbsim_bin());
}

/* no BPF here: skip, unless RBSIM_REQUIRE_KERNEL says it must be there */
static void skip_without_kernel(const struct krun *r)
{
	const char *req = getenv("RBSIM_REQUIRE_KERNEL");

	if (r->status != 77 && !strstr(r->err, "needs root or CAP_BPF+CAP_PERFMON") &&
	    !strstr(r->err, "no kernel BTF"))
		return;
	cr_assert(!(req && *req && strcmp(req, "0")),
		  "kernel unavailable but RBSIM_REQUIRE_KERNEL is set: %s", r->err);
	cr_skip_test("kernel unavailable: %s", r->err);
}

static struct krun kbuf;

/* a run that must end with exit 0, integrity ok and every committed record consumed */
static void run_ok(const char *const *argv, const char *what)
{
	unsigned long att = 0, prod = 1, disc = 0, cons = 2;
	const char *l;

	krun(&kbuf, argv);
	skip_without_kernel(&kbuf);
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

TestSuite(kernel_ringbuf, .timeout = 60);

Test(kernel_ringbuf, trigger_syscall_libbpf, .timeout = 60)
{
	static const char *const a[] = { "rbsim", "run", "--transport", "kernel-ringbuf",
					 "--trigger", "syscall", "--records", "300000", "-q",
					 NULL };

	run_ok(a, "syscall/libbpf");
	cr_expect_not_null(strstr(kbuf.out, "transport      kernel-ringbuf"), "the kernel ran");
}

Test(kernel_ringbuf, trigger_raw_syscall_batch_consumer, .timeout = 60)
{
	static const char *const a[] = { "rbsim", "run", "--transport", "kernel-ringbuf",
					 "--trigger", "raw-syscall", "--consumer", "batch",
					 "--size", "uniform:8-300", "--discard", "10",
					 "--records", "200000", "-q", NULL };

	run_ok(a, "raw-syscall/batch");
	cr_expect_not_null(strstr(kbuf.out, "raw_tp_trigger 1"), "the raw_tp was used");
}

Test(kernel_ringbuf, trigger_test_run_two_producers, .timeout = 60)
{
	static const char *const a[] = { "rbsim", "run", "--transport", "kernel-ringbuf",
					 "--trigger", "test-run", "-p", "2", "--size",
					 "mix:16x5,64x3,1000x1", "--ring-size", "64K",
					 "--wakeup", "sampled:100", "--records", "300000", "-q",
					 NULL };

	run_ok(a, "test-run/2 producers");
}

Test(kernel_ringbuf, output_b2b_busy_poll, .timeout = 60)
{
	static const char *const a[] = { "rbsim", "run", "--transport", "kernel-ringbuf",
					 "--trigger", "test-run", "--b2b", "--use-output",
					 "--size", "256", "--poll", "busy", "--records", "100000",
					 "-q", NULL };

	run_ok(a, "output/b2b/busy");
	cr_expect_not_null(strstr(kbuf.out, "drops          0:"),
			   "back-to-back never overruns the ring:\n%s", kbuf.out);
}

Test(kernel_ringbuf, no_verify_counts_balance, .timeout = 60)
{
	static const char *const a[] = { "rbsim", "run", "--transport", "kernel-ringbuf",
					 "--no-verify", "--size", "4", "--wakeup", "force",
					 "--records", "100000", "-q", NULL };

	run_ok(a, "no-verify");
}

Test(kernel_ringbuf, unsupported_workloads_exit_2, .timeout = 30)
{
	static const char *const bad[][12] = {
		{ "rbsim", "run", "--transport", "kernel-ringbuf", "--size", "20000", NULL },
		{ "rbsim", "run", "--transport", "kernel-ringbuf", "--batch", "5000", NULL },
		{ "rbsim", "run", "--transport", "kernel-ringbuf", "--trigger", "kprobe", NULL },
		{ "rbsim", "run", "--transport", "kernel-ringbuf", "--ring-size", "12K", NULL },
		{ "rbsim", "run", "--transport", "kernel-ringbuf", "--use-output", "--discard", "5",
		  NULL },
		{ "rbsim", "run", "--trigger", "test-run", NULL },
		{ "rbsim", "compare", "--rounds", "0", NULL },
		{ "rbsim", "compare", "--transport", "ringbuf", NULL },
		{ "rbsim", "compare", "--kernel", "no-such", NULL },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *nl;

		krun(&kbuf, bad[i]);
		cr_expect_eq(kbuf.status, 2, "case %zu (%s %s): exit 2, got %d (%s)", i, bad[i][2],
			     bad[i][3] ? bad[i][3] : "", kbuf.status, kbuf.err);
		nl = strchr(kbuf.err, '\n');
		cr_expect(nl && !nl[1], "case %zu: one line on stderr: '%s'", i, kbuf.err);
	}
}

Test(kernel_ringbuf, compare_prints_ratios, .timeout = 60)
{
	static const char *const a[] = { "rbsim", "compare", "--rounds", "2", "--records",
					 "100000", "--trigger", "test-run", "--size", "64", NULL };
	double hits = 0;
	const char *l;

	krun(&kbuf, a);
	skip_without_kernel(&kbuf);
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
	cr_expect_not_null(strstr(kbuf.err, "round 2 ringbuf"), "round 2 ran the port");
	cr_expect_not_null(strstr(kbuf.err, "round 2 kernel-ringbuf"), "and the kernel");
}
