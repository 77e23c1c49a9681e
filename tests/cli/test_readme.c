// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every example of every README.md of the tree runs, so that none goes
 * stale (the convention is in tests/README.md, "The README examples"):
 *
 *   ```sh             each line a command, exit 0 or the trailing "# exit N"
 *   ```console        the lines after "$ " are commands, the rest output
 *   ```LANG file=NAME written to NAME in the example's directory first
 *   ```sh norun       shown, not run (make targets, result recipes)
 *   ```text, ```c     shown only; a fence with no language is an error,
 *                     and so is a command in an indented code block
 *
 * One test per runnable block, in a new directory, with `rbsim` on PATH (a
 * link to the binary under test), pkg-config finding the build's library
 * and headers as rbsim.pc would after `make install`, and no network. The
 * links between the READMEs are checked too: files and #anchors.
 *
 * The tests run from the top of the tree (make test does).
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/tmpdir.h"

#define RX_READMES_MAX	64
#define RX_BLOCKS_MAX	256
#define RX_PATH_MAX	256

enum rx_kind {
	RX_SH,		/* ```sh: every line a command */
	RX_CONSOLE,	/* ```console: "$ " lines are commands */
	RX_FILE,	/* ```LANG file=NAME: written to NAME */
	RX_SHOWN,	/* ```sh norun, ```text, ```c ...: not run */
	RX_BARE,	/* ``` with no language: refused */
};

struct rx_block {
	enum rx_kind kind;
	int line;			/* of the opening fence, from 1 */
	char file[64];			/* RX_FILE: its name */
	char *text;			/* the lines between the fences */
};

struct rx_readme {
	char path[RX_PATH_MAX];
	char error[RX_PATH_MAX + 64];
	int nblocks;
	struct rx_block blocks[RX_BLOCKS_MAX];
};

/*
 * The test parameter is the index of a runnable block in the order the tree
 * is read (README by README, sorted). A constant table: the test's process
 * may be a new exec of this binary, which sees only what the compiler wrote
 * (and the TSan runner has no cr_malloc); the test reads the tree again.
 */
#define RX_I4(n)	n, n + 1, n + 2, n + 3
#define RX_I16(n)	RX_I4(n), RX_I4(n + 4), RX_I4(n + 8), RX_I4(n + 12)
#define RX_I64(n)	RX_I16(n), RX_I16(n + 16), RX_I16(n + 32), RX_I16(n + 48)
static const int rx_index[RX_BLOCKS_MAX] = { RX_I64(0), RX_I64(64), RX_I64(128), RX_I64(192) };

/* ---- finding and parsing the READMEs ---- */

static char rx_found[RX_READMES_MAX][RX_PATH_MAX];
static int rx_nfound;

static int rx_visit(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	const char *base = path + ftw->base;

	(void)sb;
	if (flag == FTW_D && ftw->level > 0 && base[0] == '.')
		return FTW_SKIP_SUBTREE;	/* .git, .ci */
	if (flag == FTW_F && !strcmp(base, "README.md") && rx_nfound < RX_READMES_MAX)
		snprintf(rx_found[rx_nfound++], RX_PATH_MAX, "%s", path + 2);	/* no "./" */
	return FTW_CONTINUE;
}

static int rx_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* every README.md under the current directory, sorted; -1 if the tree cannot be read */
static int rx_find_readmes(void)
{
	rx_nfound = 0;
	if (nftw(".", rx_visit, 16, FTW_PHYS | FTW_ACTIONRETVAL) || rx_nfound >= RX_READMES_MAX)
		return -1;
	qsort(rx_found, rx_nfound, sizeof(rx_found[0]), rx_cmp);
	return rx_nfound;
}

/* the same, asserted, in a test: the top README must be among them */
static int rx_readmes(void)
{
	int n = rx_find_readmes();

	cr_assert(n > 0, "walk the tree for README.md files: %s", n ? strerror(errno) : "none");
	cr_assert(bsearch("README.md", rx_found, n, sizeof(rx_found[0]), rx_cmp),
		  "README.md not found: the tests run from the top of the tree");
	return n;
}

/* a fence: up to 3 spaces, then 3 or more ` or ~; *len its length, the info string after */
static const char *rx_fence(const char *line, char *ch, int *len)
{
	const char *p = line;
	int n = 0;

	while (*p == ' ' && p - line < 3)
		p++;
	if (*p != '`' && *p != '~')
		return NULL;
	while (p[n] == *p)
		n++;
	/* a backtick fence's info string has no backtick: else it is inline code */
	if (n < 3 || (*p == '`' && strchr(p + n, '`')))
		return NULL;
	*ch = *p;
	*len = n;
	return p + n;
}

static void rx_info(struct rx_block *b, const char *info)
{
	char lang[32] = "", word[96];
	bool norun = false;
	int off = 0, n;

	b->kind = RX_BARE;
	b->file[0] = '\0';
	while (sscanf(info + off, "%95s%n", word, &n) == 1) {
		off += n;
		if (!lang[0])
			snprintf(lang, sizeof(lang), "%.31s", word);
		else if (!strcmp(word, "norun"))
			norun = true;
		else if (!strncmp(word, "file=", 5))
			snprintf(b->file, sizeof(b->file), "%.63s", word + 5);
	}
	if (!lang[0])
		return;
	if (b->file[0])
		b->kind = RX_FILE;
	else if (norun)
		b->kind = RX_SHOWN;
	else if (!strcmp(lang, "sh"))
		b->kind = RX_SH;
	else if (!strcmp(lang, "console"))
		b->kind = RX_CONSOLE;
	else
		b->kind = RX_SHOWN;
}

/*
 * The fenced blocks of a README. -1 with r->error set when it cannot be read,
 * has too many blocks or leaves a fence open (the blocks so far are kept).
 */
static int rx_parse(struct rx_readme *r, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *text = NULL, ch = 0, c;
	size_t cap = 0, tlen = 0;
	int lineno = 0, len = 0, l;
	struct rx_block *b = NULL;
	const char *rest;

	snprintf(r->path, sizeof(r->path), "%s", path);
	r->nblocks = 0;
	r->error[0] = '\0';
	if (!f) {
		snprintf(r->error, sizeof(r->error), "%s: %s", path, strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		rest = rx_fence(line, &c, &l);
		if (!b && rest) {
			if (r->nblocks == RX_BLOCKS_MAX) {
				snprintf(r->error, sizeof(r->error), "%s:%d: more than %d blocks",
					 path, lineno, RX_BLOCKS_MAX);
				break;
			}
			b = &r->blocks[r->nblocks++];
			b->line = lineno;
			rx_info(b, rest);
			ch = c;
			len = l;
			text = NULL;
			tlen = 0;
			continue;
		}
		if (b && rest && c == ch && l >= len && strspn(rest, " \t\n") == strlen(rest)) {
			b->text = text ? text : strdup("");
			b = NULL;
			continue;
		}
		if (b) {
			size_t n = strlen(line);
			char *more = realloc(text, tlen + n + 1);

			if (!more)
				abort();
			text = more;
			memcpy(text + tlen, line, n + 1);
			tlen += n;
		}
	}
	free(line);
	fclose(f);
	if (b) {
		b->text = text ? text : strdup("");
		snprintf(r->error, sizeof(r->error), "%s:%d: a fence that is never closed", path,
			 b->line);
	}
	return r->error[0] ? -1 : 0;
}

/* rx_parse() in a test: asserted */
static void rx_parse_ok(struct rx_readme *r, const char *path)
{
	cr_assert_eq(rx_parse(r, path), 0, "%s", r->error);
}

static void rx_free(struct rx_readme *r)
{
	int i;

	for (i = 0; i < r->nblocks; i++)
		free(r->blocks[i].text);
	r->nblocks = 0;
}

static bool rx_runnable(const struct rx_block *b)
{
	return b->kind == RX_SH || (b->kind == RX_CONSOLE && strstr(b->text, "$ "));
}

/*
 * Find the k-th runnable block of the tree: its README parsed into r, the
 * block returned; with k < 0, count them. The tree is read the same way
 * each time, so the runner and the test's process agree on k.
 */
static int rx_nth_runnable(struct rx_readme *r, int k, const struct rx_block **found)
{
	int count = rx_find_readmes(), n = 0, i, j;

	for (i = 0; i < count; i++) {
		rx_parse(r, rx_found[i]);
		for (j = 0; j < r->nblocks; j++) {
			if (!rx_runnable(&r->blocks[j]))
				continue;
			if (n++ == k) {
				*found = &r->blocks[j];
				return n;
			}
		}
		rx_free(r);
	}
	return n;
}

/* ---- the commands of a block ---- */

/*
 * The next command of a block from *pos: a line (after "$ " in a console
 * block) and the lines its trailing backslashes continue. NULL at the end.
 */
static char *rx_next_command(const struct rx_block *b, const char **pos, int *line)
{
	const char *p = *pos, *eol;
	char *cmd = NULL;
	size_t len = 0, n;
	bool more = false;

	while (*p) {
		eol = strchrnul(p, '\n');
		n = eol - p;
		(*line)++;
		if (!more) {
			const char *s = p;

			if (b->kind == RX_CONSOLE) {
				if (strncmp(p, "$ ", 2)) {
					p = *eol ? eol + 1 : eol;
					continue;	/* output */
				}
				s = p + 2;
			}
			while (s < eol && isspace((unsigned char)*s))
				s++;
			if (s == eol || *s == '#') {
				p = *eol ? eol + 1 : eol;
				continue;	/* blank, a comment */
			}
			n = eol - s;
			p = s;
		}
		cmd = realloc(cmd, len + n + 2);
		cr_assert_not_null(cmd, "realloc");
		memcpy(cmd + len, p, n);
		len += n;
		cmd[len++] = '\n';
		cmd[len] = '\0';
		p = *eol ? eol + 1 : eol;
		more = n > 0 && eol[-1] == '\\';
		if (!more)
			break;
	}
	*pos = p;
	return cmd;
}

/* the status a trailing "# exit N" asks for, else 0 */
static int rx_expected(const char *cmd)
{
	const char *at = NULL, *p;

	for (p = cmd; (p = strstr(p, "# exit ")); p++)
		if (p == cmd || isspace((unsigned char)p[-1]))
			at = p;
	return at && isdigit((unsigned char)at[7]) ? atoi(at + 7) : 0;
}

/* run one command with bash in dir, its environment in env; the result in r */
static void rx_run(struct cli_run *r, const char *cmd, const char *dir, char *const *env)
{
	int out = memfd_create("readme-out", 0), err = memfd_create("readme-err", 0), st;
	pid_t pid;

	cr_assert(out >= 0 && err >= 0, "memfd_create: %s", strerror(errno));
	pid = fork();
	cr_assert(pid >= 0, "fork: %s", strerror(errno));
	if (!pid) {
		int in = open("/dev/null", O_RDONLY);

		dup2(in, 0);
		dup2(out, 1);
		dup2(err, 2);
		/* no network: a namespace of our own where we may make one */
		if (unshare(CLONE_NEWNET) && errno != EPERM)
			_exit(126);
		if (chdir(dir))
			_exit(126);
		execle("/bin/bash", "bash", "-o", "pipefail", "-c", cmd, (char *)NULL, env);
		_exit(127);
	}
	cr_assert_eq(waitpid(pid, &st, 0), pid, "waitpid");
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	r->out = cli_slurp(out);
	r->err = cli_slurp(err);
}

/* ---- the example's directory ---- */

/* snprintf into a path buffer, asserted to fit */
static __attribute__((format(printf, 3, 4))) void rx_path(char *buf, size_t len,
							   const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	cr_assert(n >= 0 && (size_t)n < len, "path too long: %s", buf);
}

static void rx_write(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	cr_assert(!strchr(name, '/'), "file=%s: a name, not a path", name);
	rx_path(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	fputs(text, f);
	cr_assert_eq(fclose(f), 0, "write %s", path);
}

/* the -fsanitize flags the library was built with ($(OUTPUT)/.flags), for programs linking it */
static void rx_san_flags(const char *libdir, char *buf, size_t len)
{
	char path[PATH_MAX], word[256];
	size_t n = 0;
	FILE *f;

	buf[0] = '\0';
	rx_path(path, sizeof(path), "%s/.flags", libdir);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fscanf(f, "%255s", word) == 1)
		if (!strncmp(word, "-fsanitize", 10) || !strncmp(word, "-fno-sanitize", 13))
			n += snprintf(buf + n, n < len ? len - n : 0, " %s", word);
	fclose(f);
	cr_assert(n < len, "sanitizer flags too long");
}

/*
 * <top>/bin/rbsim -> the binary under test; <top>/include/rbsim -> ringbuf/
 * and <top>/pkgconfig/rbsim.pc: the installed layout of `make install`,
 * pointing at the build. The commands run in <top>/work.
 */
static void rx_setup(const char *top, char *work, size_t wlen, char *path_env, size_t plen,
		     char *pc_env, size_t clen)
{
	char bin[PATH_MAX], libdir[PATH_MAX], src[PATH_MAX], p[PATH_MAX], san[512];
	const char *slash;
	FILE *f;

	cr_assert_not_null(realpath(cli_bin(), bin), "%s: %s", cli_bin(), strerror(errno));
	cr_assert_not_null(realpath("ringbuf", src), "ringbuf/: %s", strerror(errno));
	slash = strrchr(bin, '/');
	rx_path(libdir, sizeof(libdir), "%.*s", (int)(slash - bin), bin);
	rx_san_flags(libdir, san, sizeof(san));

	rx_path(p, sizeof(p), "%s/bin", top);
	cr_assert_eq(mkdir(p, 0755), 0, "mkdir %s", p);
	rx_path(p, sizeof(p), "%s/bin/rbsim", top);
	cr_assert_eq(symlink(bin, p), 0, "symlink %s", p);
	rx_path(p, sizeof(p), "%s/include", top);
	cr_assert_eq(mkdir(p, 0755), 0, "mkdir %s", p);
	rx_path(p, sizeof(p), "%s/include/rbsim", top);
	cr_assert_eq(symlink(src, p), 0, "symlink %s", p);
	rx_path(p, sizeof(p), "%s/pkgconfig", top);
	cr_assert_eq(mkdir(p, 0755), 0, "mkdir %s", p);
	rx_path(p, sizeof(p), "%s/pkgconfig/rbsim.pc", top);
	f = fopen(p, "w");
	cr_assert_not_null(f, "%s", p);
	fprintf(f, "Name: rbsim\nDescription: the build tree, laid out as installed\nVersion: 0\n"
		"Cflags: -I%s/include%s\nLibs: -L%s -lrbsim -pthread%s\n", top, san, libdir, san);
	cr_assert_eq(fclose(f), 0, "write %s", p);
	rx_path(work, wlen, "%s/work", top);
	cr_assert_eq(mkdir(work, 0755), 0, "mkdir %s", work);

	rx_path(path_env, plen, "PATH=%s/bin:%s", top, getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	rx_path(pc_env, clen, "PKG_CONFIG_PATH=%s/pkgconfig", top);
}

/*
 * The environment of the commands: ours, with PATH and PKG_CONFIG_PATH
 * replaced and the runner's relative RBSIM_BPF_DIR made absolute, since the
 * commands run elsewhere (bpf_env is its buffer).
 */
static char **rx_env(char *path_env, char *pc_env, char *bpf_env, size_t blen)
{
	extern char **environ;
	const char *bpf = getenv("RBSIM_BPF_DIR");
	char abs[PATH_MAX];
	size_t n = 0, i, k = 0;
	char **env;

	while (environ[n])
		n++;
	env = calloc(n + 4, sizeof(*env));
	cr_assert_not_null(env, "calloc");
	for (i = 0; i < n; i++)
		if (strncmp(environ[i], "PATH=", 5) && strncmp(environ[i], "PKG_CONFIG_PATH=", 16) &&
		    strncmp(environ[i], "RBSIM_BPF_DIR=", 14))
			env[k++] = environ[i];
	env[k++] = path_env;
	env[k++] = pc_env;
	if (bpf && *bpf) {
		rx_path(bpf_env, blen, "RBSIM_BPF_DIR=%s", realpath(bpf, abs) ? abs : bpf);
		env[k++] = bpf_env;
	}
	return env;
}

/* ---- the tests ---- */

ParameterizedTestParameters(readme, example)
{
	static struct rx_readme r;
	const struct rx_block *b;
	int n = rx_nth_runnable(&r, -1, &b);

	/* past the table, the rest would not run: readme::found fails then */
	return cr_make_param_array(int, (int *)rx_index, n < RX_BLOCKS_MAX ? n : RX_BLOCKS_MAX);
}

ParameterizedTest(int *k, readme, example, .timeout = 120)
{
	static struct rx_readme r;
	char top[RX_PATH_MAX], work[PATH_MAX], path_env[PATH_MAX + 4096], pc_env[PATH_MAX];
	char bpf_env[PATH_MAX + 16];
	const struct rx_block *b = NULL;
	struct cli_run res = { 0 };
	const char *pos;
	char **env, *cmd;
	int i, line, want;

	rx_nth_runnable(&r, *k, &b);
	cr_assert_not_null(b, "runnable block %d: not found (did a README change?)", *k);
	cr_assert_eq(r.error[0], '\0', "%s", r.error);

	tmp_dir(top, sizeof(top), "readme");
	rx_setup(top, work, sizeof(work), path_env, sizeof(path_env), pc_env, sizeof(pc_env));
	env = rx_env(path_env, pc_env, bpf_env, sizeof(bpf_env));
	for (i = 0; i < r.nblocks; i++)
		if (r.blocks[i].kind == RX_FILE)
			rx_write(work, r.blocks[i].file, r.blocks[i].text);

	pos = b->text;
	line = b->line;
	while ((cmd = rx_next_command(b, &pos, &line))) {
		want = rx_expected(cmd);
		rx_run(&res, cmd, work, env);
		if (res.status == CLI_EXIT_SKIP && want != CLI_EXIT_SKIP)
			cli_skip_without_kernel(&res);
		/* an example that expects 1 must not pass on a kernel that was required */
		cr_assert_null(strstr(res.err, "(RBSIM_REQUIRE_KERNEL is set)"),
			       "%s:%d: kernel unavailable but RBSIM_REQUIRE_KERNEL is set:\n%s",
			       r.path, line, res.err);
		cr_assert_eq(res.status, want, "%s:%d: exit status %d, not %d, of\n%s"
			     "stdout:\n%.2000s\nstderr:\n%.2000s", r.path, line, res.status, want,
			     cmd, res.out, res.err);
		cli_free(&res);
		free(cmd);
	}
	free(env);
	rx_free(&r);
}

/* the harness found the READMEs and their examples: a parser that finds nothing fails here */
Test(readme, found)
{
	static struct rx_readme r;
	int count = rx_readmes(), i, j, run = 0, shown = 0;

	for (i = 0; i < count; i++) {
		rx_parse_ok(&r, rx_found[i]);
		for (j = 0; j < r.nblocks; j++) {
			run += rx_runnable(&r.blocks[j]);
			shown += r.blocks[j].kind == RX_SHOWN;
		}
		rx_free(&r);
	}
	cr_assert_geq(count, 2, "README.md files found: %d", count);
	cr_assert_gt(run, 0, "runnable examples found: %d", run);
	cr_assert_leq(run, RX_BLOCKS_MAX, "%d runnable blocks, more than the %d the test can run",
		      run, RX_BLOCKS_MAX);
	cr_log_info("%d README.md files, %d runnable blocks, %d shown only", count, run, shown);
}

/* every fence says what it holds, so that no command hides from the test */
Test(readme, fences_have_a_language)
{
	static struct rx_readme r;
	int count = rx_readmes(), i, j, bad = 0;

	for (i = 0; i < count; i++) {
		rx_parse_ok(&r, rx_found[i]);
		for (j = 0; j < r.nblocks; j++) {
			if (r.blocks[j].kind != RX_BARE)
				continue;
			cr_log_error("%s:%d: a fence with no language (sh, console, text, ...)",
				     r.path, r.blocks[j].line);
			bad++;
		}
		rx_free(&r);
	}
	cr_assert_eq(bad, 0, "%d fences without a language", bad);
}

/*
 * A command in an indented code block would be shown but never run: outside
 * the fences, no line indented by 4 spaces or a tab starts a command.
 */
Test(readme, no_indented_commands)
{
	static const char *const starts[] = { "rbsim ", "$ ", "build/", "make ", "scripts/",
					      "valgrind " };
	int count = rx_readmes(), i, bad = 0, lineno, l;
	char *line = NULL, c;
	bool fenced;
	size_t cap = 0, k;

	for (i = 0; i < count; i++) {
		FILE *f = fopen(rx_found[i], "r");

		cr_assert_not_null(f, "%s", rx_found[i]);
		fenced = false;
		lineno = 0;
		while (getline(&line, &cap, f) > 0) {
			const char *p = line;

			lineno++;
			if (rx_fence(line, &c, &l)) {
				fenced = !fenced;
				continue;
			}
			if (fenced || (strncmp(p, "    ", 4) && *p != '\t'))
				continue;
			p += strspn(p, " \t");
			for (k = 0; k < sizeof(starts) / sizeof(starts[0]); k++) {
				if (strncmp(p, starts[k], strlen(starts[k])))
					continue;
				cr_log_error("%s:%d: a command in an indented block: fence it (```sh)",
					     rx_found[i], lineno);
				bad++;
				break;
			}
		}
		fclose(f);
	}
	free(line);
	cr_assert_eq(bad, 0, "%d commands outside the fences", bad);
}

/* ---- links ---- */

/* GitHub's anchor of a heading: lowercase, punctuation dropped, spaces to hyphens */
static void rx_slug(const char *heading, char *out, size_t len)
{
	size_t n = 0;
	const char *p;

	for (p = heading; *p && n + 1 < len; p++) {
		unsigned char ch = *p;

		if (ch == '[' || ch == ']')
			continue;
		if (ch == '(' && p > heading && p[-1] == ']') {
			p = strchrnul(p, ')');	/* a link's target: its text stays */
			if (!*p)
				break;
			continue;
		}
		if (isalnum(ch) || ch == '-' || ch == '_')
			out[n++] = tolower(ch);
		else if (ch == ' ')
			out[n++] = '-';
	}
	out[n] = '\0';
}

/* is #anchor a heading of the markdown file path? */
static bool rx_has_anchor(const char *path, const char *anchor)
{
	char *line = NULL, slug[256], seen[128][256];
	int nseen = 0, i, dup;
	bool fenced = false, found = false;
	size_t cap = 0;
	FILE *f = fopen(path, "r");
	char c;
	int l;

	if (!f)
		return false;
	while (!found && getline(&line, &cap, f) > 0) {
		if (rx_fence(line, &c, &l)) {
			fenced = !fenced;
			continue;
		}
		if (fenced || line[0] != '#')
			continue;
		line[strcspn(line, "\n")] = '\0';
		rx_slug(line + strspn(line, "# "), slug, sizeof(slug));
		for (i = 0, dup = 0; i < nseen; i++)
			dup += !strcmp(seen[i], slug);
		if (nseen < 128)
			snprintf(seen[nseen++], sizeof(seen[0]), "%s", slug);
		if (dup)
			snprintf(slug + strlen(slug), sizeof(slug) - strlen(slug), "-%d", dup);
		found = !strcmp(slug, anchor);
	}
	free(line);
	fclose(f);
	return found;
}

/* check one link of readme; 0 if it resolves */
static int rx_check_link(const char *readme, int lineno, const char *target, size_t tlen)
{
	char t[RX_PATH_MAX], path[2 * RX_PATH_MAX], *hash;
	const char *slash = strrchr(readme, '/');
	struct stat st;

	rx_path(t, sizeof(t), "%.*s", (int)tlen, target);
	if (strstr(t, "://") || !strncmp(t, "mailto:", 7))
		return 0;
	hash = strchr(t, '#');
	if (hash)
		*hash++ = '\0';
	if (!t[0])
		rx_path(path, sizeof(path), "%s", readme);
	else if (slash)
		rx_path(path, sizeof(path), "%.*s/%s", (int)(slash - readme), readme, t);
	else
		rx_path(path, sizeof(path), "%s", t);
	if (stat(path, &st)) {
		cr_log_error("%s:%d: link to %s: no such file", readme, lineno, path);
		return 1;
	}
	if (hash && S_ISDIR(st.st_mode))
		rx_path(path + strlen(path), sizeof(path) - strlen(path), "/README.md");
	if (hash && !rx_has_anchor(path, hash)) {
		cr_log_error("%s:%d: link to %s#%s: no such heading", readme, lineno, path, hash);
		return 1;
	}
	return 0;
}

/* every relative link of every README names a file that exists and a heading it has */
Test(readme, links_resolve)
{
	int count = rx_readmes(), i, bad = 0, links = 0, lineno, l;
	bool fenced;
	char *line = NULL, c;
	size_t cap = 0;

	for (i = 0; i < count; i++) {
		FILE *f = fopen(rx_found[i], "r");

		cr_assert_not_null(f, "%s", rx_found[i]);
		fenced = false;
		lineno = 0;
		while (getline(&line, &cap, f) > 0) {
			char *p, *q, *end;

			lineno++;
			if (rx_fence(line, &c, &l)) {
				fenced = !fenced;
				continue;
			}
			if (fenced)
				continue;
			/* inline code holds no links: blank it out */
			for (p = line; (p = strchr(p, '`'));) {
				size_t ticks = strspn(p, "`");
				char close[8];

				snprintf(close, sizeof(close), "%.*s", (int)(ticks < 7 ? ticks : 7), p);
				q = strstr(p + ticks, close);
				if (!q)
					break;
				memset(p, ' ', q + ticks - p);
				p = q + ticks;
			}
			for (p = line; (p = strstr(p, "](")); p = end) {
				p += 2;
				end = strchr(p, ')');
				if (!end)
					break;
				links++;
				bad += rx_check_link(rx_found[i], lineno, p, end - p);
			}
		}
		fclose(f);
	}
	free(line);
	cr_assert_gt(links, 0, "no links found");
	cr_assert_eq(bad, 0, "%d of %d links do not resolve", bad, links);
}
