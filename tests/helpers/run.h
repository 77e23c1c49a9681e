/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers of the tests that run `rbsim run` and `rbsim compare` from the
 * outside (tests/cli/test_run*.c, tests/bpf/test_kernel_run.c): temporary
 * output paths, a small reader of the one-line JSON summary, the balance a
 * drained run must show, a child rbsim whose stderr is read line by line
 * (under resource limits), and the bad-input check.
 */
#ifndef RBSIM_TESTS_RUN_H
#define RBSIM_TESTS_RUN_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/types.h>

/* all of f (rewound), NUL-terminated (free it); asserted */
char *cx_slurp(FILE *f);

/* a fresh path in a fresh directory (removed at exit); the file does not exist */
void cx_tmp_path(char *buf, size_t len, const char *name);

/* remove what cx_tmp_path() made: the file (if any), then its directory */
void cx_tmp_rm(const char *path);

/* ---- a small JSON reader: one object of scalars and one nested object ---- */

struct cx_json {
	const char *p;
	int nkeys;
	char keys[160][40];
	char vals[160][300];
	bool ok;
};

void cx_json_parse(struct cx_json *j, const char *text);
/* the value of key as written (strings unquoted); asserted */
const char *cx_json_get(const struct cx_json *j, const char *key);
unsigned long long cx_json_u(const struct cx_json *j, const char *key);

/* a run that drained: every attempt is accounted for and nothing is lost */
void cx_check_balanced(const struct cx_json *j, const char *what);

/*
 * --records 1 and 3 with -p 4: the producers without a share stop at once,
 * every record arrives (skips when the transport finds no usable kernel)
 */
void cx_records_below_producers(const char *transport);

/* a transport's name, as a test parameter */
struct cx_tname {
	char name[24];
};

/* split one CSV line (RFC 4180 quoting) into at most max fields; returns how many */
int cx_csv_split(const char *line, char fields[][300], int max);

/* ---- a child rbsim run whose stderr is read line by line ---- */

struct cx_child {
	pid_t pid;
	FILE *err;	/* its stderr, a pipe */
	int out;	/* its stdout, a memfd */
	char seen[8192];	/* the stderr lines read so far */
};

/* what the child runs under: limits (0 for none), capabilities dropped, one more variable */
struct cx_limits {
	rlim_t fsize, memlock;
	bool drop_ipc_lock;	/* no CAP_IPC_LOCK (nor CAP_SYS_RESOURCE to raise limits) */
	const char *env;	/* "NAME=value" or NULL */
};

/* `rbsim run args...` (NULL-terminated) under l, or under no limits */
void cx_spawn_lim(struct cx_child *ch, const char *const *args, const struct cx_limits *l);
void cx_spawn(struct cx_child *ch, const char *const *args);

/* read stderr up to a line holding `what`; false at its end */
bool cx_wait_line(struct cx_child *ch, const char *what);

/* the rest of stderr, then the exit; its stdout into *out (free it) */
int cx_finish(struct cx_child *ch, char **out);

/* ---- bad input: one line, exit 2, nothing written ---- */

/* parameters are copied into each test's process: arrays, not pointers */
struct cx_bad {
	char args[8][40];
	char msg[256];
};

/* `rbsim run --format csv -o FILE b->args...`: exit 2, one line saying b->msg, no FILE */
void cx_expect_bad(const struct cx_bad *b);

#endif /* RBSIM_TESTS_RUN_H */
