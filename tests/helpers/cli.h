/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers for the tests that drive the rbsim command: fork/exec it with
 * stdout and stderr captured, and the skip rule of the tests that need the
 * running kernel's BPF.
 */
#ifndef RBSIM_TESTS_CLI_H
#define RBSIM_TESTS_CLI_H

#include <stdbool.h>
#include <stddef.h>

#define CLI_EXIT_SKIP 77	/* rbsim's "skipped" status (RBSIM_EXIT_SKIP) */

struct cli_run {
	int status;	/* exit status, or 128 + signal */
	char *out;	/* all of stdout, NUL-terminated (free with cli_free) */
	char *err;	/* all of stderr */
};

struct cli_opts {
	const char *const *env;	/* "NAME=value" added to the environment, "NAME" removed
				 * (glibc's putenv), NULL-terminated */
	bool drop_caps;		/* no CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN, even as root
				 * (the child exits 126 if it cannot make sure of it) */
	bool drop_nice;		/* no CAP_SYS_NICE (no SCHED_FIFO), likewise */
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

/*
 * Run any program, argv[0] looked up in $PATH, and wait for it, as
 * cli_exec() does (127: it could not be run, the reason in r->err).
 */
void cli_run_prog(struct cli_run *r, const char *const *argv, const struct cli_opts *opts);

/* `sh -c script` with env added (as cli_opts.env): status 0 asserted, stdout returned (free it) */
char *cli_sh(const char *script, const char *const *env);

/* all of a file, NUL-terminated (free it); its length in *len unless len is NULL */
char *cli_read_file(const char *path, size_t *len);

/* cli_exec() without options, the result returned (cli_free() it) */
struct cli_run cli_cmd(const char *sub, const char *const *args);

/* the same with a whole argv, argv[0] (a name for the reader) replaced by the binary */
void cli_exec_argv(struct cli_run *r, const char *const *argv);

void cli_free(struct cli_run *r);

/* all of a file (a memfd of captured output) as a NUL-terminated string; fd is closed */
char *cli_slurp(int fd);

/* newlines in s */
int cli_lines(const char *s);

/* the number after "key": in a one-line JSON object (rbsim run --format json); asserted */
double cli_json_num(const char *json, const char *key);

/*
 * The value of key in a one-line JSON object of rbsim run (a string without
 * its quotes and escapes, or a number, true, false, null as written) into
 * out; false if the object has no such key.
 */
bool cli_json_value(const char *json, const char *key, char *out, size_t len);

/*
 * The field of column key in the first row of a CSV text (header line, then
 * rows; quoted fields unquoted) into out; false if there is no such column.
 */
bool cli_csv_value(const char *csv, const char *key, char *out, size_t len);

/* a JSON run (--format json) that ended well: exit 0, "integrity":"ok"; asserted */
void cli_assert_run_ok(const struct cli_run *r);

/*
 * A JSON run (what names it) of records 5 ms apart for a second (--rate
 * 200, batches of one, -d 1 -w 0) that ended well, its consumer asleep in
 * its wait for each record: it slept once a record, less the few that came
 * while it was still taking the one before (none of its 50 ms waits times
 * out between two), and a few times more: before the first record, after
 * the last and while the run stops (2 or 3 more than the records in six
 * runs, on the kernel's transport and the port's); asserted
 */
void cli_assert_sleeps_once_a_record(const struct cli_run *r, const char *what);

/*
 * A JSON run of `records` records under several threads that kept every
 * record (what names the case in messages): exit 0, integrity ok, nothing
 * lost, duplicated, reordered or torn, every record attempted, attempted =
 * produced + discarded + drops, consumed = produced > 0; asserted
 */
void cli_assert_run_intact(const struct cli_run *r, const char *what, double records);

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
