// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel commands' options (sim/validate_opts.c, sim/compare_opts.c):
 * rbsim validate, validate-perfbuf (and validate --perfbuf) and compare read
 * their options with the shared parser, in a full build and in one without
 * bpf/ alike (sim/nokernel.c parses the same way before it says the command
 * was not built), so none of these needs the kernel: every bad input is one
 * exact line, exit status 2, nothing on stdout; compare hands each side the
 * options its transport has.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/tmpdir.h"
#include "tests/helpers/timeout.h"

TestSuite(kernel_cmd_options, .timeout = RBSIM_TEST_TIMEOUT(30));

struct bad_case {
	const char *cmd;
	const char *args[8];
	const char *err;	/* the whole of stderr, without its newline */
};

/* rbsim CMD ARGS: exit 2, nothing on stdout, exactly `err` on stderr */
static void expect_bad(const struct bad_case *c)
{
	struct cli_run r = cli_cmd(c->cmd, c->args);
	char want[512];

	snprintf(want, sizeof(want), "%s\n", c->err);
	cr_expect_eq(r.status, 2, "rbsim %s %s: exit 2, got %d", c->cmd, c->args[0], r.status);
	cr_expect_str_eq(r.err, want, "rbsim %s %s: stderr", c->cmd, c->args[0]);
	cr_expect_str_empty(r.out, "rbsim %s %s: nothing on stdout", c->cmd, c->args[0]);
	cli_free(&r);
}

static void expect_all_bad(const struct bad_case *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		expect_bad(&c[i]);
}

#define NCASES(a) (sizeof(a) / sizeof((a)[0]))

Test(kernel_cmd_options, validate_bad_input)
{
	static const struct bad_case cases[] = {
		{ "validate", { "--ring-size", "1000" },
		  "rbsim validate: --ring-size 1000: out of range (4096-262144)" },
		{ "validate", { "--ring-size", "1M" },
		  "rbsim validate: --ring-size 1M: out of range (4096-262144)" },
		{ "validate", { "--ring-size", "12K" },
		  "rbsim validate: --ring-size 12K: not a power of 2" },
		{ "validate", { "--steps", "many" }, "rbsim validate: --steps many: not a number" },
		{ "validate", { "--steps", "0" },
		  "rbsim validate: --steps 0: out of range (1-100000000)" },
		{ "validate", { "-p", "0" }, "rbsim validate: --producers 0: out of range (1-64)" },
		{ "validate", { "--producers", "65" },
		  "rbsim validate: --producers 65: out of range (1-64)" },
		{ "validate", { "--seed", "-1" }, "rbsim validate: --seed -1: negative" },
		{ "validate", { "--no-random", "--no-targeted", "--no-concurrent" },
		  "rbsim validate: nothing to check: the random script, the targeted cases and "
		  "the concurrent check are all turned off" },
		{ "validate", { "--concurrent", "--no-concurrent" },
		  "rbsim validate: --concurrent runs the concurrent check alone, --no-concurrent "
		  "skips it: one or the other" },
		{ "validate", { "--bogus" },
		  "rbsim validate: unknown option '--bogus' (see rbsim validate --help)" },
		{ "validate", { "extra" },
		  "rbsim validate: unexpected argument 'extra' (see rbsim validate --help)" },
	};

	expect_all_bad(cases, NCASES(cases));
}

Test(kernel_cmd_options, validate_inject_from_the_environment)
{
	static const char *const env[] = { "RBSIM_VALIDATE_INJECT=0", NULL };
	static const char *const args[] = { "--steps", "10", NULL };
	struct cli_run r = { 0 };

	cli_exec(&r, "validate", args, &(struct cli_opts){ .env = env });
	cr_expect_eq(r.status, 2, "exit 2, got %d", r.status);
	cr_expect_str_eq(r.err, "rbsim validate: RBSIM_VALIDATE_INJECT=0: out of range "
			 "(1-18446744073709551615)\n", "stderr");
	cli_free(&r);
}

Test(kernel_cmd_options, validate_perfbuf_bad_input)
{
	static char cpu[32];
	static struct bad_case cases[] = {
		{ "validate-perfbuf", { "--pages", "2" }, "rbsim validate-perfbuf: --pages: "
		  "renamed --perf-pages (see rbsim validate-perfbuf --help)" },
		{ "validate-perfbuf", { "--perf-pages", "3" },
		  "rbsim validate-perfbuf: --perf-pages 3: not a power of 2" },
		{ "validate-perfbuf", { "--perf-pages", "128" },
		  "rbsim validate-perfbuf: --perf-pages 128: out of range (1-64)" },
		{ "validate-perfbuf", { "--steps", "x" },
		  "rbsim validate-perfbuf: --steps x: not a number" },
		{ "validate-perfbuf", { "--cpu", "4096" },
		  "rbsim validate-perfbuf: --cpu 4096: out of range (0-1023)" },
		{ "validate-perfbuf", { "--cpu", cpu },
		  NULL },
		/* validate --perfbuf: the same options, its own name in the messages */
		{ "validate", { "--perfbuf", "--steps", "x" },
		  "rbsim validate --perfbuf: --steps x: not a number" },
		{ "validate", { "--seed", "3", "--perfbuf", "--bogus" },
		  "rbsim validate --perfbuf: unknown option '--bogus' (see rbsim validate "
		  "--perfbuf --help)" },
	};
	static char want[128];

	/* a CPU past the last one configured is not one this process may run on */
	snprintf(cpu, sizeof(cpu), "%ld", sysconf(_SC_NPROCESSORS_CONF));
	snprintf(want, sizeof(want), "rbsim validate-perfbuf: --cpu %s: not a CPU this process "
		 "may run on", cpu);
	cases[5].err = want;
	expect_all_bad(cases, NCASES(cases));
}

Test(kernel_cmd_options, validate_perfbuf_help_under_both_names)
{
	static const char *const help[] = { "--help", NULL };
	static const char *const pb_help[] = { "--perfbuf", "--help", NULL };
	struct cli_run a = cli_cmd("validate-perfbuf", help);
	struct cli_run b = cli_cmd("validate", pb_help);

	cr_expect_eq(a.status, 0, "validate-perfbuf --help: exit 0");
	cr_expect_eq(b.status, 0, "validate --perfbuf --help: exit 0");
	cr_expect(!strncmp(a.out, "usage: rbsim validate-perfbuf [options]\n", 40), "%s", a.out);
	cr_expect(!strncmp(b.out, "usage: rbsim validate --perfbuf [options]\n", 41), "%s", b.out);
	/* the same text after the usage line */
	cr_expect_str_eq(strchr(a.out, '\n'), strchr(b.out, '\n'), "the same options");
	cli_free(&a);
	cli_free(&b);
}

Test(kernel_cmd_options, compare_bad_input)
{
	static const struct bad_case cases[] = {
		{ "compare", { "--rounds", "0" },
		  "rbsim compare: --rounds 0: out of range (1-100)" },
		{ "compare", { "--rounds" }, "rbsim compare: --rounds: needs an argument" },
		{ "compare", { "--transport", "ringbuf" }, "rbsim compare: --transport: compare "
		  "runs both sides; choose them with --port and --kernel" },
		{ "compare", { "--kernel", "no-such" }, "rbsim compare: --kernel no-such: no such "
		  "transport (rbsim run --help lists them)" },
		{ "compare", { "--bogus" },
		  "rbsim compare: unknown option '--bogus' (see rbsim compare --help)" },
		{ "compare", { "-p", "0" }, "rbsim compare: --producers 0: out of range (1-256)" },
		{ "compare", { "--dump-sizes", "3" },
		  "rbsim compare: --dump-sizes: use rbsim run" },
		/* each side of its kind */
		{ "compare", { "--port", "kernel-ringbuf" },
		  "rbsim compare: --port kernel-ringbuf: a kernel transport (the port side takes "
		  "perfbuf, ringbuf, wfcqueue)" },
		{ "compare", { "--kernel", "ringbuf" }, "rbsim compare: --kernel ringbuf: not a "
		  "kernel transport (the kernel side takes kernel-perfbuf, kernel-ringbuf)" },
		{ "compare", { "--port", "perfbuf", "--consumer", "batch" }, "rbsim compare: "
		  "--consumer batch does not apply to --transport perfbuf: its consumer is "
		  "perf_buffer (transports with a choice: kernel-ringbuf, ringbuf)" },
	};

	expect_all_bad(cases, NCASES(cases));
}

/* a transport's option goes to the side whose transport has it, to both when both have it */
Test(kernel_cmd_options, compare_hands_each_side_its_options)
{
	static const struct bad_case cases[] = {
		/* the kernel side's own: the port (ringbuf) would refuse --trigger */
		{ "compare", { "--trigger", "kprobe" }, "rbsim compare: --trigger kprobe: expected "
		  "syscall, raw-syscall or test-run" },
		/* neither side's: both get it, the port refuses it first */
		{ "compare", { "--port", "wfcqueue", "--perf-pages", "8" }, "rbsim compare: "
		  "--perf-pages does not apply to --transport wfcqueue" },
		/* the port side's own */
		{ "compare", { "--port", "wfcqueue", "--wfcq-pool", "0" }, "rbsim compare: "
		  "--wfcq-pool 0: out of range" },
		{ "compare", { "--port", "perfbuf", "--kernel", "kernel-perfbuf", "--perf-pages",
			       "3" }, "rbsim compare: --perf-pages 3: not a power of 2" },
	};
	size_t i;

	for (i = 0; i < NCASES(cases); i++) {
		struct cli_run r = cli_cmd(cases[i].cmd, cases[i].args);

		cr_expect_eq(r.status, 2, "case %zu: exit 2, got %d: %s", i, r.status, r.err);
		cr_expect(!strncmp(r.err, cases[i].err, strlen(cases[i].err)) &&
			  cli_lines(r.err) == 1, "case %zu: want '%s...', got '%s'", i,
			  cases[i].err, r.err);
		cli_free(&r);
	}
}

/* -o FILE is created by the first side's parse: a refusal by the second leaves no file */
Test(kernel_cmd_options, compare_bad_input_leaves_no_file)
{
	char dir[192], path[256];
	const char *args[] = { "-o", path, "--kernel", "kernel-perfbuf", "--perf-pages", "3",
			       NULL };
	struct cli_run r;

	tmp_dir(dir, sizeof(dir), "cmp-o");
	snprintf(path, sizeof(path), "%s/runs.csv", dir);
	r = cli_cmd("compare", args);
	cr_expect_eq(r.status, 2, "exit 2, got %d: %s", r.status, r.err);
	cr_expect_str_eq(r.err, "rbsim compare: --perf-pages 3: not a power of 2\n", "stderr");
	cr_expect(access(path, F_OK), "%s is not left behind", path);
	cli_free(&r);
	rmdir(dir);
}
