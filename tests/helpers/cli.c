// SPDX-License-Identifier: GPL-2.0-only
/*
 * Running the rbsim command from the tests (see cli.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <criterion/criterion.h>

#include "tests/helpers/cli.h"

const char *cli_bin(void)
{
	const char *b = getenv("RBSIM_BIN");

	return b && *b ? b : "build/rbsim";
}

char *cli_slurp(int fd)
{
	off_t len = lseek(fd, 0, SEEK_END);
	char *buf;

	cr_assert(len >= 0, "lseek of the captured output");
	buf = malloc((size_t)len + 1);
	cr_assert_not_null(buf, "malloc");
	cr_assert_eq(pread(fd, buf, (size_t)len, 0), len, "read back the captured output");
	buf[len] = '\0';
	close(fd);
	return buf;
}

/*
 * In the child, before exec: make sure the program gets none of CAP_BPF,
 * CAP_PERFMON, CAP_SYS_ADMIN. Dropping them from the bounding set takes
 * CAP_SETPCAP; a process that is not root has no such capability to lose:
 * exec gives it only its ambient ones (rbsim has no file capabilities).
 */
static int drop_caps(const int *caps, size_t n)
{
	bool root = !getuid() || !geteuid();
	size_t i;

	for (i = 0; i < n; i++) {
		if (!prctl(PR_CAPBSET_DROP, caps[i], 0, 0, 0))
			continue;
		if (root || prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, caps[i], 0, 0))
			return -1;
	}
	return 0;
}

void cli_exec(struct cli_run *r, const char *sub, const char *const *args,
	      const struct cli_opts *opts)
{
	size_t n = 0, i;
	const char **argv;

	while (args[n])
		n++;
	argv = calloc(n + 3, sizeof(*argv));
	cr_assert_not_null(argv, "calloc");
	i = 0;
	argv[i++] = cli_bin();
	if (sub)
		argv[i++] = sub;
	memcpy(argv + i, args, n * sizeof(*argv));
	cli_run_prog(r, argv, opts);
	free(argv);
	cr_assert_neq(r->status, 127, "cannot exec %s (set RBSIM_BIN): %s", cli_bin(), r->err);
}

void cli_run_prog(struct cli_run *r, const char *const *argv, const struct cli_opts *opts)
{
	int out, err, st;
	pid_t pid;
	size_t i;

	cli_free(r);
	/* memfds, not pipes: a chatty child cannot block on a full pipe */
	out = memfd_create("rbsim-out", 0);
	err = memfd_create("rbsim-err", 0);
	cr_assert(out >= 0 && err >= 0, "memfd_create: %s", strerror(errno));
	pid = fork();
	cr_assert(pid >= 0, "fork: %s", strerror(errno));
	if (!pid) {
		dup2(out, 1);
		dup2(err, 2);
		for (i = 0; opts && opts->env && opts->env[i]; i++)
			putenv((char *)opts->env[i]);
		static const int kernel_caps[] = { CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN };
		static const int nice_cap[] = { CAP_SYS_NICE };

		if (opts && opts->drop_caps && drop_caps(kernel_caps, 3))
			_exit(126);
		if (opts && opts->drop_nice && drop_caps(nice_cap, 1))
			_exit(126);
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	cr_assert_eq(waitpid(pid, &st, 0), pid, "waitpid");
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	r->out = cli_slurp(out);
	r->err = cli_slurp(err);
}

struct cli_run cli_cmd(const char *sub, const char *const *args)
{
	struct cli_run r = { 0 };

	cli_exec(&r, sub, args, NULL);
	return r;
}

void cli_exec_argv(struct cli_run *r, const char *const *argv)
{
	cli_exec(r, NULL, argv + 1, NULL);
}

char *cli_sh(const char *script, const char *const *env)
{
	const char *argv[] = { "sh", "-c", script, NULL };
	struct cli_run r = { 0 };
	char *out;

	cli_run_prog(&r, argv, &(struct cli_opts){ .env = env });
	cr_assert_eq(r.status, 0, "sh -c '%s': status %d: %s", script, r.status, r.err);
	out = r.out;
	r.out = NULL;
	cli_free(&r);
	return out;
}

char *cli_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	cr_assert_not_null(f, "open %s: %s", path, strerror(errno));
	cr_assert_eq(fseek(f, 0, SEEK_END), 0, "seek %s", path);
	n = ftell(f);
	cr_assert_geq(n, 0, "size of %s", path);
	rewind(f);
	buf = malloc(n + 1);
	cr_assert_not_null(buf, "malloc");
	cr_assert_eq(fread(buf, 1, n, f), (size_t)n, "read %s", path);
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = n;
	return buf;
}

void cli_free(struct cli_run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

int cli_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

double cli_json_num(const char *json, const char *key)
{
	char pat[64];
	const char *at;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	at = strstr(json, pat);
	cr_assert_not_null(at, "the JSON has %s: %s", key, json);
	return strtod(at + strlen(pat), NULL);
}

bool cli_json_value(const char *json, const char *key, char *out, size_t len)
{
	char pat[64];
	const char *at;
	size_t n = 0;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	at = strstr(json, pat);
	if (!at)
		return false;
	at += strlen(pat);
	if (*at != '"') {
		n = strcspn(at, ",}");
		snprintf(out, len, "%.*s", (int)n, at);
		return true;
	}
	for (at++; *at && *at != '"' && n + 1 < len; at++) {
		if (*at == '\\' && at[1])
			at++; /* rbsim escapes only quotes, backslashes and control characters */
		out[n++] = *at;
	}
	out[n] = '\0';
	return true;
}

/* the next CSV field of *p into out (NULL: skipped); false at the end of the line */
static bool csv_next(const char **p, char *out, size_t len)
{
	const char *s = *p;
	size_t n = 0;
	bool quoted = *s == '"';

	if (quoted)
		s++;
	for (; *s && (quoted || (*s != ',' && *s != '\n')); s++) {
		if (quoted && *s == '"') {
			if (s[1] != '"') {
				quoted = false;
				continue;
			}
			s++;
		}
		if (out && n + 1 < len)
			out[n++] = *s;
	}
	if (out)
		out[n] = '\0';
	*p = *s == ',' ? s + 1 : s;
	return *s == ',';
}

bool cli_csv_value(const char *csv, const char *key, char *out, size_t len)
{
	const char *h = csv, *row = strchr(csv, '\n');
	char name[64];
	int col = 0, i;
	bool more = true;

	if (!row)
		return false;
	row++;
	for (;;) {
		more = csv_next(&h, name, sizeof(name));
		if (!strcmp(name, key))
			break;
		if (!more)
			return false;
		col++;
	}
	for (i = 0; i < col; i++) {
		if (!csv_next(&row, NULL, 0))
			return false;
	}
	csv_next(&row, out, len);
	return true;
}

void cli_assert_run_ok(const struct cli_run *r)
{
	cr_assert_eq(r->status, 0, "exit 0: %s", r->err);
	cr_assert_not_null(strstr(r->out, "\"integrity\":\"ok\""), "integrity ok: %s", r->out);
}

void cli_assert_sleeps_once_a_record(const struct cli_run *r, const char *what)
{
	double cons, sleeps;

	cli_assert_run_ok(r);
	cons = cli_json_num(r->out, "consumed");
	sleeps = cli_json_num(r->out, "cons_sleeps");
	cr_expect_geq(cons, 150, "%s: a second at 200 records/s: %.0f consumed", what, cons);
	cr_expect(sleeps >= 0.9 * cons && sleeps <= cons + 5, "%s: records 5 ms apart: %.0f "
		  "sleeps for %.0f records, not about one each", what, sleeps, cons);
	cr_expect_lt(cli_json_num(r->out, "cons_preempts"), cons, "%s: preempted at most now "
		     "and then", what);
}

void cli_assert_run_intact(const struct cli_run *r, const char *what, double records)
{
	double attempted, produced;

	cr_assert_eq(r->status, 0, "%s: exit 0 (got %d): %s", what, r->status, r->err);
	cr_assert_not_null(strstr(r->out, "\"integrity\":\"ok\""), "%s: integrity ok: %s",
			   what, r->out);
	cr_expect_eq(cli_json_num(r->out, "lost") + cli_json_num(r->out, "duplicated") +
		     cli_json_num(r->out, "reordered") + cli_json_num(r->out, "torn"), 0,
		     "%s: nothing lost, duplicated, reordered or torn", what);
	attempted = cli_json_num(r->out, "attempted");
	produced = cli_json_num(r->out, "produced");
	cr_expect_eq(attempted, records, "%s: every record attempted", what);
	/* drops_lock: a holder descheduled past the lock's timeout (null, 0, without a lock) */
	cr_expect_eq(produced + cli_json_num(r->out, "discarded") +
		     cli_json_num(r->out, "drops_no_space") + cli_json_num(r->out, "drops_lock"),
		     attempted, "%s: attempted = produced + discarded + drops", what);
	cr_expect_eq(cli_json_num(r->out, "consumed"), produced, "%s: consumed = produced", what);
	cr_expect_gt(produced, 0, "%s: records went through", what);
}

void cli_assert_perf_losses(const struct cli_run *r)
{
	cr_assert_eq(cli_json_num(r->out, "lost_records") + cli_json_num(r->out, "lost_unreported"),
		     cli_json_num(r->out, "drops_no_space"), "LOST counts match the -ENOSPC drops");
}

void cli_expect_usage(struct cli_run *r, const char *const *argv, const char *names)
{
	cli_exec_argv(r, argv);
	cr_assert_eq(r->status, 2, "bad input: exit 2 (%s)", r->err);
	cr_assert_eq(cli_lines(r->err), 1, "exactly one line on stderr: %s", r->err);
	cr_assert_not_null(strstr(r->err, names), "the line names %s: %s", names, r->err);
	cr_assert_eq(r->out[0], '\0', "nothing on stdout");
}

bool cli_kernel_required(void)
{
	const char *v = getenv("RBSIM_REQUIRE_KERNEL");

	return v && *v && strcmp(v, "0");
}

void cli_skip_without_kernel(const struct cli_run *r)
{
	/* what rbsim says when it finds no usable BPF, in the order a reason is looked for */
	static const char *const said[] = { "needs root or CAP_BPF+CAP_PERFMON", "no kernel BTF",
					    "skipped" };
	const char *at = NULL, *end;
	size_t i;

	if (r->status != CLI_EXIT_SKIP && !strstr(r->err, said[0]) && !strstr(r->err, said[1]))
		return;
	cr_assert(!cli_kernel_required(), "kernel unavailable but RBSIM_REQUIRE_KERNEL is set: %s",
		  r->err);
	/* the reason is the line naming what is missing: notes (oversubscription) may come first */
	for (i = 0; i < sizeof(said) / sizeof(said[0]) && !at; i++)
		at = strstr(r->err, said[i]);
	if (!at)
		at = r->err;
	while (at > r->err && at[-1] != '\n')
		at--;
	end = strchr(at, '\n');
	cr_skip_test("kernel unavailable: %.*s", end ? (int)(end - at) : (int)strlen(at), at);
}
