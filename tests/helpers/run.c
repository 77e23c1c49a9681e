// SPDX-License-Identifier: GPL-2.0-only
/* Helpers of the tests that run `rbsim run` and `rbsim compare` (see run.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <criterion/criterion.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/run.h"
#include "tests/helpers/tmpdir.h"

char *cx_slurp(FILE *f)
{
	size_t cap = 4096, len = 0, n;
	char *buf = malloc(cap);

	cr_assert(buf, "malloc");
	rewind(f);
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len - 1 == 0) {
			cap *= 2;
			buf = realloc(buf, cap);
			cr_assert(buf, "realloc");
		}
	}
	buf[len] = '\0';
	return buf;
}

/* a fresh path in a fresh directory (removed at exit); the file does not exist */
void cx_tmp_path(char *buf, size_t len, const char *name)
{
	char dir[192];

	tmp_dir(dir, sizeof(dir), "cli");
	cr_assert((size_t)snprintf(buf, len, "%s/%s", dir, name) < len, "path too long: %s", buf);
}

/* remove what cx_tmp_path() made: the file (if any), then its directory */
void cx_tmp_rm(const char *path)
{
	char dir[256];
	char *slash;

	unlink(path);
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		rmdir(dir);
	}
}

static void js_ws(struct cx_json *j)
{
	while (*j->p == ' ' || *j->p == '\n' || *j->p == '\t' || *j->p == '\r')
		j->p++;
}

static bool js_string(struct cx_json *j, char *out, size_t len)
{
	size_t n = 0;

	if (*j->p != '"')
		return false;
	j->p++;
	while (*j->p && *j->p != '"') {
		if (*j->p == '\\') {
			j->p++;
			if (*j->p == 'u') {
				if (strlen(j->p) < 5)
					return false;
				j->p += 4;
			} else if (!strchr("\"\\/bfnrt", *j->p)) {
				return false;
			}
		} else if ((unsigned char)*j->p < 0x20) {
			return false;
		}
		if (n + 1 < len)
			out[n++] = *j->p;
		j->p++;
	}
	if (*j->p != '"')
		return false;
	j->p++;
	out[n] = '\0';
	return true;
}

static bool js_value(struct cx_json *j, char *out, size_t len, int depth);

/* an array (the per-second series): its text, as far as out holds it */
static bool js_array(struct cx_json *j, char *out, size_t len, int depth)
{
	const char *start = j->p;
	char val[300];

	j->p++;
	js_ws(j);
	if (*j->p != ']') {
		for (;;) {
			js_ws(j);
			if (!js_value(j, val, sizeof(val), depth + 1))
				return false;
			js_ws(j);
			if (*j->p != ',')
				break;
			j->p++;
		}
	}
	if (*j->p != ']')
		return false;
	j->p++;
	snprintf(out, len, "%.*s", (int)(j->p - start), start);
	return true;
}

static bool js_object(struct cx_json *j, int depth)
{
	char key[40], val[300];

	if (*j->p != '{' || depth > 2)
		return false;
	j->p++;
	js_ws(j);
	if (*j->p == '}') {
		j->p++;
		return true;
	}
	for (;;) {
		js_ws(j);
		if (!js_string(j, key, sizeof(key)))
			return false;
		js_ws(j);
		if (*j->p++ != ':')
			return false;
		js_ws(j);
		if (!js_value(j, val, sizeof(val), depth))
			return false;
		if (depth == 0 && j->nkeys < 160) {
			snprintf(j->keys[j->nkeys], sizeof(j->keys[0]), "%s", key);
			snprintf(j->vals[j->nkeys], sizeof(j->vals[0]), "%s", val);
			j->nkeys++;
		}
		js_ws(j);
		if (*j->p == ',') {
			j->p++;
			continue;
		}
		if (*j->p == '}') {
			j->p++;
			return true;
		}
		return false;
	}
}

static bool js_value(struct cx_json *j, char *out, size_t len, int depth)
{
	const char *start = j->p;
	char *end;

	out[0] = '\0';
	if (*j->p == '"')
		return js_string(j, out, len);
	if (*j->p == '{')
		return js_object(j, depth + 1);
	if (*j->p == '[')
		return js_array(j, out, len, depth);
	if (!strncmp(j->p, "true", 4) || !strncmp(j->p, "false", 5)) {
		j->p += *j->p == 't' ? 4 : 5;
	} else if (!strncmp(j->p, "null", 4)) {
		j->p += 4;
	} else {
		strtod(j->p, &end);
		if (end == j->p || (*start != '-' && (*start < '0' || *start > '9')))
			return false;
		j->p = end;
	}
	snprintf(out, len, "%.*s", (int)(j->p - start), start);
	return true;
}

void cx_json_parse(struct cx_json *j, const char *text)
{
	memset(j, 0, sizeof(*j));
	j->p = text;
	js_ws(j);
	j->ok = js_object(j, 0);
	js_ws(j);
	j->ok = j->ok && *j->p == '\0';
}

const char *cx_json_get(const struct cx_json *j, const char *key)
{
	int i;

	for (i = 0; i < j->nkeys; i++) {
		if (!strcmp(j->keys[i], key))
			return j->vals[i];
	}
	cr_assert_fail("JSON key %s missing", key);
	return NULL;
}

unsigned long long cx_json_u(const struct cx_json *j, const char *key)
{
	return strtoull(cx_json_get(j, key), NULL, 10);
}

/* a run that drained: every attempt is accounted for and nothing is lost */
void cx_check_balanced(const struct cx_json *j, const char *what)
{
	unsigned long long att = cx_json_u(j, "attempted"), prod = cx_json_u(j, "produced");
	unsigned long long drops = cx_json_u(j, "drops_no_space") + cx_json_u(j, "drops_lock") +
				   cx_json_u(j, "drops_too_big");

	cr_expect_eq(att, prod + cx_json_u(j, "discarded") + drops,
		     "%s: attempted %llu = produced + discarded + drops", what, att);
	cr_expect_eq(cx_json_u(j, "consumed"), prod, "%s: consumed = produced (%llu)", what,
		     prod);
	cr_expect_str_eq(cx_json_get(j, "integrity"), "ok", "%s: integrity", what);
	cr_expect_gt(prod, 0, "%s: something was produced", what);
}

void cx_spawn_lim(struct cx_child *ch, const char *const *args, const struct cx_limits *l)
{
	const char *argv[32];
	int p[2], n = 0;

	argv[n++] = cli_bin();
	argv[n++] = "run";
	while (*args && n < 31)
		argv[n++] = *args++;
	argv[n] = NULL;
	memset(ch, 0, sizeof(*ch));
	cr_assert(!pipe(p), "pipe");
	ch->out = memfd_create("rbsim-out", 0);
	cr_assert(ch->out >= 0, "memfd_create");
	ch->pid = fork();
	cr_assert(ch->pid >= 0, "fork");
	if (!ch->pid) {
		struct rlimit fs = { l->fsize, l->fsize }, ml = { l->memlock, l->memlock };

		dup2(ch->out, 1);
		dup2(p[1], 2);
		close(p[0]);
		if ((l->fsize && setrlimit(RLIMIT_FSIZE, &fs)) ||
		    (l->memlock && setrlimit(RLIMIT_MEMLOCK, &ml)))
			_exit(126);
		/* the bounding set: what root's capabilities are after the exec */
		if (l->drop_ipc_lock && (prctl(PR_CAPBSET_DROP, CAP_IPC_LOCK, 0, 0, 0) ||
					 prctl(PR_CAPBSET_DROP, CAP_SYS_RESOURCE, 0, 0, 0)))
			_exit(126);
		if (l->env)
			putenv((char *)l->env);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(p[1]);
	ch->err = fdopen(p[0], "r");
	cr_assert(ch->err, "fdopen");
}

void cx_spawn(struct cx_child *ch, const char *const *args)
{
	cx_spawn_lim(ch, args, &(struct cx_limits){ 0 });
}

/* read stderr up to a line holding `what`; false at its end */
bool cx_wait_line(struct cx_child *ch, const char *what)
{
	char line[512];

	while (fgets(line, sizeof(line), ch->err)) {
		strncat(ch->seen, line, sizeof(ch->seen) - strlen(ch->seen) - 1);
		if (strstr(line, what))
			return true;
	}
	return false;
}

/* the rest of stderr, then the exit; its stdout into *out (free it) */
int cx_finish(struct cx_child *ch, char **out)
{
	off_t len;
	int st;

	cx_wait_line(ch, "\1never\1");
	fclose(ch->err);
	cr_assert_eq(waitpid(ch->pid, &st, 0), ch->pid, "waitpid");
	len = lseek(ch->out, 0, SEEK_END);
	*out = calloc(1, (size_t)len + 1);
	cr_assert(*out && pread(ch->out, *out, (size_t)len, 0) == len, "read stdout");
	close(ch->out);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st) + 1000;
}

void cx_expect_bad(const struct cx_bad *b)
{
	const char *args[16];
	char path[256];
	struct cli_run r;
	struct stat st;
	int i, n = 0;

	cx_tmp_path(path, sizeof(path), "out.csv");
	args[n++] = "--format";
	args[n++] = "csv";
	args[n++] = "-o";
	args[n++] = path;
	for (i = 0; i < 8 && b->args[i][0]; i++)
		args[n++] = b->args[i];
	args[n] = NULL;
	r = cli_cmd("run", args);
	cr_expect_eq(r.status, 2, "%s: exit status 2, got %d", b->args[0], r.status);
	cr_expect_eq(cli_lines(r.err), 1, "%s: exactly one line on stderr, got:\n%s", b->args[0],
		     r.err);
	cr_expect(!strncmp(r.err, "rbsim run: ", 11), "%s: message starts with 'rbsim run: ': %s",
		  b->args[0], r.err);
	cr_expect(strstr(r.err, b->msg), "%s: message names the problem: want '%s', got '%s'",
		  b->args[0], b->msg, r.err);
	cr_expect_str_empty(r.out, "%s: nothing on stdout", b->args[0]);
	cr_expect(stat(path, &st) && errno == ENOENT, "%s: -o file not created", b->args[0]);
	cli_free(&r);
}

void cx_records_below_producers(const char *transport)
{
	static const char *const recs[] = { "1", "3" };
	struct cli_run r = { 0 };
	struct cx_json j;
	size_t i;

	for (i = 0; i < 2; i++) {
		const char *args[] = { "--transport", transport, "--records", recs[i], "-p", "4",
				       "--format", "json", "-q", NULL };

		cli_exec(&r, "run", args, NULL);
		cli_skip_without_kernel(&r);
		cr_assert_eq(r.status, 0, "%s --records %s -p 4: exit 0, got %d: %s", transport,
			     recs[i], r.status, r.err);
		cx_json_parse(&j, r.out);
		cr_assert(j.ok, "%s: JSON parses: %s", transport, r.out);
		cr_expect_eq(cx_json_u(&j, "attempted"), strtoull(recs[i], NULL, 10),
			     "%s --records %s: attempted", transport, recs[i]);
		cx_check_balanced(&j, transport);
	}
	cli_free(&r);
}

/* split one CSV line (RFC 4180 quoting) into fields; returns how many */
int cx_csv_split(const char *line, char fields[][300], int max)
{
	int n = 0;
	size_t k;

	for (;;) {
		k = 0;
		cr_assert(n < max, "too many CSV fields");
		if (*line == '"') {
			line++;
			while (*line && !(*line == '"' && line[1] != '"')) {
				if (*line == '"')
					line++;
				if (k + 1 < 300)
					fields[n][k++] = *line;
				line++;
			}
			cr_assert(*line == '"', "unterminated quoted CSV field");
			line++;
		} else {
			while (*line && *line != ',' && *line != '\n') {
				if (k + 1 < 300)
					fields[n][k++] = *line;
				line++;
			}
		}
		fields[n++][k] = '\0';
		if (*line != ',')
			return n;
		line++;
	}
}
