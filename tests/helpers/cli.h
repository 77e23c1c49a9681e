/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers for the tests that drive the rbsim command: fork/exec it with
 * stdout and stderr captured, and the skip rule of the tests that need the
 * running kernel's BPF.
 */
#ifndef RBSIM_TESTS_CLI_H
#define RBSIM_TESTS_CLI_H

#include <stdbool.h>

#define CLI_EXIT_SKIP 77	/* rbsim's "skipped" status (RBSIM_EXIT_SKIP) */

struct cli_run {
	int status;	/* exit status, or 128 + signal */
	char *out;	/* all of stdout, NUL-terminated (free with cli_free) */
	char *err;	/* all of stderr */
};

struct cli_opts {
	const char *const *env;	/* "NAME=value" added to the environment, NULL-terminated */
	bool drop_caps;		/* no CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN, even as root
				 * (the child exits 126 if it cannot make sure of it) */
};

/* the binary under test: $RBSIM_BIN, else build/rbsim (make test runs from the repo root) */
const char *cli_bin(void);

/*
 * Run `rbsim [sub] args...` (args NULL-terminated; sub NULL for none) and
 * wait for it; opts may be NULL. Fails the test if it cannot be run.
 * Frees what r held from an earlier run first (r zeroed, or from cli_exec).
 */
void cli_exec(struct cli_run *r, const char *sub, const char *const *args,
	      const struct cli_opts *opts);

/* cli_exec() without options, the result returned (cli_free() it) */
struct cli_run cli_cmd(const char *sub, const char *const *args);

/* the same with a whole argv, argv[0] (a name for the reader) replaced by the binary */
void cli_exec_argv(struct cli_run *r, const char *const *argv);

void cli_free(struct cli_run *r);

/* newlines in s */
int cli_lines(const char *s);

/* the number after "key": in a one-line JSON object (rbsim run --format json); asserted */
double cli_json_num(const char *json, const char *key);

/* a JSON run (--format json) that ended well: exit 0, "integrity":"ok"; asserted */
void cli_assert_run_ok(const struct cli_run *r);

/*
 * A perf buffer run in JSON: every failed output is a loss the kernel
 * counted, reported in LOST records or not yet (lost_records +
 * lost_unreported = drops_no_space); asserted
 */
void cli_assert_perf_losses(const struct cli_run *r);

/* argv is bad input: exit 2, one line on stderr naming names, nothing on stdout; asserted */
void cli_expect_usage(struct cli_run *r, const char *const *argv, const char *names);

/* RBSIM_REQUIRE_KERNEL set to something other than "" or "0" (CI sets it) */
bool cli_kernel_required(void);

/*
 * A run that found no usable BPF (the skip status, or a transport's message
 * about privileges or BTF): skip the test, giving as its reason the line of
 * stderr that names what is missing, or fail it when the kernel is required.
 */
void cli_skip_without_kernel(const struct cli_run *r);

#endif /* RBSIM_TESTS_CLI_H */
