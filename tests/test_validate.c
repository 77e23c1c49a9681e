// SPDX-License-Identifier: GPL-2.0-only
/*
 * `rbsim validate` against the running kernel: the port and the real
 * BPF_MAP_TYPE_RINGBUF must agree step by step (20,000 random steps plus the
 * targeted cases), the concurrent check must see every record, and both
 * checks must be able to fail (fault injection). Needs root or
 * CAP_BPF+CAP_PERFMON and BTF: without them the tests are skipped, unless
 * RBSIM_REQUIRE_KERNEL is set (CI), where that is a failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <criterion/criterion.h>

#define EXIT_SKIP 77
#define OUT_MAX (256 * 1024)

struct run {
	int status;	/* exit status, or 128 + signal */
	char out[OUT_MAX];
	char err[OUT_MAX];
};

static const char *rbsim_bin(void)
{
	const char *b = getenv("RBSIM_BIN");

	return b && *b ? b : "build/rbsim";
}

static bool kernel_required(void)
{
	const char *v = getenv("RBSIM_REQUIRE_KERNEL");

	return v && *v && strcmp(v, "0");
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

/*
 * Run rbsim with argv (NULL-terminated, argv[0] ignored). env: "NAME=value"
 * strings added to the environment (NULL-terminated or NULL). drop_caps: take
 * CAP_BPF, CAP_PERFMON and CAP_SYS_ADMIN out of the bounding set first, so
 * that even root runs without them.
 */
static void run_rbsim(struct run *r, const char *const *argv, const char *const *env,
		      bool drop_caps)
{
	int out = memfd_create("rbsim-out", 0), err = memfd_create("rbsim-err", 0);
	pid_t pid;
	int st;

	cr_assert(out >= 0 && err >= 0, "memfd_create: %s", strerror(errno));
	pid = fork();
	cr_assert(pid >= 0, "fork: %s", strerror(errno));
	if (!pid) {
		char *args[32];
		int i;

		dup2(out, 1);
		dup2(err, 2);
		for (i = 0; env && env[i]; i++)
			putenv((char *)env[i]);
		if (drop_caps) {
			if (prctl(PR_CAPBSET_DROP, CAP_BPF, 0, 0, 0) ||
			    prctl(PR_CAPBSET_DROP, CAP_PERFMON, 0, 0, 0) ||
			    prctl(PR_CAPBSET_DROP, CAP_SYS_ADMIN, 0, 0, 0))
				_exit(126);
		}
		args[0] = (char *)rbsim_bin();
		for (i = 1; argv[i] && i < 31; i++)
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

/* the kernel side is unavailable: skip, or fail when RBSIM_REQUIRE_KERNEL is set */
static void skip_unless_kernel(const struct run *r)
{
	if (r->status != EXIT_SKIP)
		return;
	cr_assert(!kernel_required(), "kernel unavailable but RBSIM_REQUIRE_KERNEL is set: %s",
		  r->err);
	cr_skip_test("kernel unavailable: %s", r->err);
}

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

static struct run run_buf;

TestSuite(validate, .timeout = 120);

Test(validate, random_and_targeted_identical, .timeout = 120)
{
	static const char *const argv[] = { "rbsim", "validate", "--no-concurrent", "--seed", "7",
					    "--steps", "20000", NULL };
	struct run *r = &run_buf;
	unsigned long steps = 0, a = 0, b = 1;
	const char *l;

	run_rbsim(r, argv, NULL, false);
	skip_unless_kernel(r);
	cr_assert_eq(r->status, 0, "validate exits 0; stdout:\n%s\nstderr:\n%s", r->out, r->err);
	cr_expect_not_null(strstr(r->out, "validate: targeted: 13 cases,"), "targeted cases ran");
	cr_expect_not_null(strstr(r->out, "validate: random: seed 7, ring 16384: "),
			   "the random script ran");
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

Test(validate, small_ring_other_seed_identical, .timeout = 120)
{
	static const char *const argv[] = { "rbsim", "validate", "--no-concurrent", "--no-targeted",
					    "--seed", "12345", "--ring-size", "4096", "--steps",
					    "5000", NULL };
	struct run *r = &run_buf;

	run_rbsim(r, argv, NULL, false);
	skip_unless_kernel(r);
	cr_assert_eq(r->status, 0, "validate exits 0; stdout:\n%s", r->out);
	cr_expect_not_null(strstr(r->out, "validate: random: seed 12345, ring 4096: "),
			   "the random script ran on a one-page ring");
	cr_expect_gt(coverage(r->out, "wrapped"), 0, "records wrapped on a one-page ring");
}

Test(validate, concurrent_nothing_lost, .timeout = 120)
{
	static const char *const argv[] = { "rbsim", "validate", "--concurrent", "--producers", "3",
					    "--records", "100000", NULL };
	struct run *r = &run_buf;
	unsigned long sub = 0, disc = 0, drops = 0, cons = 0, lost = 1, reord = 1, corrupt = 1;
	const char *l;

	run_rbsim(r, argv, NULL, false);
	skip_unless_kernel(r);
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
Test(validate, detects_a_flipped_byte, .timeout = 60)
{
	static const char *const argv[] = { "rbsim", "validate", "--no-concurrent", "--no-targeted",
					    "--seed", "7", "--steps", "2000", NULL };
	static const char *const env[] = { "RBSIM_VALIDATE_INJECT=300", NULL };
	struct run *r = &run_buf;

	run_rbsim(r, argv, env, false);
	skip_unless_kernel(r);
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

Test(validate, concurrent_detects_a_lost_record, .timeout = 60)
{
	static const char *const argv[] = { "rbsim", "validate", "--concurrent", "--records",
					    "20000", "--inject-fault", "1000", NULL };
	struct run *r = &run_buf;

	run_rbsim(r, argv, NULL, false);
	skip_unless_kernel(r);
	cr_assert_eq(r->status, 1, "a lost record exits 1; stdout:\n%s", r->out);
	cr_expect_not_null(strstr(r->out, "was next (lost or reordered)"), "the gap is named");
	cr_expect_not_null(strstr(r->out, " 1 lost,"), "one record counted lost:\n%s", r->out);
	cr_expect_not_null(strstr(r->out, "validate: concurrent: FAIL"), "FAIL line");
}

Test(validate, bad_options_exit_2, .timeout = 30)
{
	static const char *const bad[][6] = {
		{ "rbsim", "validate", "--ring-size", "1000", NULL },
		{ "rbsim", "validate", "--ring-size", "1048576", NULL },
		{ "rbsim", "validate", "--steps", "many", NULL },
		{ "rbsim", "validate", "--producers", "0", NULL },
		{ "rbsim", "validate", "--bogus", NULL },
		{ "rbsim", "validate", "extra", NULL },
	};
	struct run *r = &run_buf;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *nl;

		run_rbsim(r, bad[i], NULL, false);
		cr_expect_eq(r->status, 2, "%s %s: exit 2 (got %d)", bad[i][2],
			     bad[i][3] ? bad[i][3] : "", r->status);
		nl = strchr(r->err, '\n');
		cr_expect(nl && !nl[1], "%s: exactly one line on stderr: '%s'", bad[i][2], r->err);
		cr_expect_str_empty(r->out, "%s: nothing on stdout", bad[i][2]);
	}
}

/* without CAP_BPF/CAP_PERFMON (dropped from the bounding set, so even root) */
Test(validate, missing_privileges_skip_or_fail, .timeout = 30)
{
	static const char *const argv[] = { "rbsim", "validate", NULL };
	static const char *const req[] = { "RBSIM_REQUIRE_KERNEL=1", NULL };
	static const char *const noreq[] = { "RBSIM_REQUIRE_KERNEL=0", NULL };
	struct run *r = &run_buf;

	run_rbsim(r, argv, noreq, true);
	if (r->status == 126)
		cr_skip_test("cannot drop capabilities here (no CAP_SETPCAP)");
	cr_expect_eq(r->status, EXIT_SKIP, "skipped without privileges (got %d: %s)", r->status,
		     r->err);
	cr_expect_not_null(strstr(r->err, "validate: skipped: needs root or CAP_BPF+CAP_PERFMON"),
			   "names what is missing: %s", r->err);
	cr_expect_eq(strchr(r->err, '\n') - r->err + 1, (long)strlen(r->err), "one line");

	run_rbsim(r, argv, req, true);
	cr_expect_eq(r->status, 1, "RBSIM_REQUIRE_KERNEL=1 turns the skip into a failure");
	cr_expect_not_null(strstr(r->err, "validate: FAIL: needs root or CAP_BPF+CAP_PERFMON"),
			   "names what is missing: %s", r->err);
}
