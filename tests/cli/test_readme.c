// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every example of every README.md of the tree runs, so that none goes
 * stale (the convention is in tests/README.md, "The README examples"):
 *
 *   ```sh             each line a command, exit 0 or the trailing "# exit N"
 *   ```console        the lines after "$ " are commands, the rest output
 *   ```LANG file=NAME written to NAME in the example's directory first
 *   ```sh norun       shown, not run (make targets, result recipes)
 *   ```text, ```c     shown only (test_readme_links.c refuses a fence with no
 *                     language and a command in an indented code block)
 *
 * One test per runnable block, in a new directory, with `rbsim` on PATH (a
 * link to the binary under test), pkg-config finding the build's library
 * and headers as rbsim.pc would after `make install`, and no network.
 *
 * The tests run from the top of the tree (make test does).
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/markdown.h"
#include "tests/helpers/tmpdir.h"
#include "tests/helpers/timeout.h"

/*
 * The test parameter is the index of a runnable block in the order the tree
 * is read (README by README, sorted). A constant table: the test's process
 * may be a new exec of this binary, which sees only what the compiler wrote
 * (and the TSan runner has no cr_malloc); the test reads the tree again.
 */
#define RX_I4(n)	n, n + 1, n + 2, n + 3
#define RX_I16(n)	RX_I4(n), RX_I4(n + 4), RX_I4(n + 8), RX_I4(n + 12)
#define RX_I64(n)	RX_I16(n), RX_I16(n + 16), RX_I16(n + 32), RX_I16(n + 48)
static const int rx_index[MD_BLOCKS_MAX] = { RX_I64(0), RX_I64(64), RX_I64(128), RX_I64(192) };

static char rx_found[MD_FILES_MAX][MD_PATH_MAX];

/*
 * Find the k-th runnable block of the tree: its README parsed into r, the
 * block returned; with k < 0, count them. The tree is read the same way
 * each time, so the runner and the test's process agree on k.
 */
static int rx_nth_runnable(struct md_file *r, int k, const struct md_block **found)
{
	int count = md_find_readmes(rx_found), n = 0, i, j;

	for (i = 0; i < count; i++) {
		md_parse(r, rx_found[i]);
		for (j = 0; j < r->nblocks; j++) {
			if (!md_runnable(&r->blocks[j]))
				continue;
			if (n++ == k) {
				*found = &r->blocks[j];
				return n;
			}
		}
		md_free(r);
	}
	return n;
}

/* ---- the commands of a block ---- */

/*
 * The next command of a block from *pos: a line (after "$ " in a console
 * block) and the lines its trailing backslashes continue. NULL at the end.
 */
static char *rx_next_command(const struct md_block *b, const char **pos, int *line)
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

			if (b->kind == MD_CONSOLE) {
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

static void rx_write(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	cr_assert(!strchr(name, '/'), "file=%s: a name, not a path", name);
	tmp_path(path, sizeof(path), "%s/%s", dir, name);
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
	tmp_path(path, sizeof(path), "%s/.flags", libdir);
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
	tmp_path(libdir, sizeof(libdir), "%.*s", (int)(slash - bin), bin);
	rx_san_flags(libdir, san, sizeof(san));

	tmp_path(p, sizeof(p), "%s/bin", top);
	cr_assert_eq(mkdir(p, 0755), 0, "mkdir %s", p);
	tmp_path(p, sizeof(p), "%s/bin/rbsim", top);
	cr_assert_eq(symlink(bin, p), 0, "symlink %s", p);
	tmp_path(p, sizeof(p), "%s/include", top);
	cr_assert_eq(mkdir(p, 0755), 0, "mkdir %s", p);
	tmp_path(p, sizeof(p), "%s/include/rbsim", top);
	cr_assert_eq(symlink(src, p), 0, "symlink %s", p);
	tmp_path(p, sizeof(p), "%s/pkgconfig", top);
	cr_assert_eq(mkdir(p, 0755), 0, "mkdir %s", p);
	tmp_path(p, sizeof(p), "%s/pkgconfig/rbsim.pc", top);
	f = fopen(p, "w");
	cr_assert_not_null(f, "%s", p);
	fprintf(f, "Name: rbsim\nDescription: the build tree, laid out as installed\nVersion: 0\n"
		"Cflags: -I%s/include%s\nLibs: -L%s -lrbsim -pthread%s\n", top, san, libdir, san);
	cr_assert_eq(fclose(f), 0, "write %s", p);
	tmp_path(work, wlen, "%s/work", top);
	cr_assert_eq(mkdir(work, 0755), 0, "mkdir %s", work);

	tmp_path(path_env, plen, "PATH=%s/bin:%s", top, getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	tmp_path(pc_env, clen, "PKG_CONFIG_PATH=%s/pkgconfig", top);
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
		tmp_path(bpf_env, blen, "RBSIM_BPF_DIR=%s", realpath(bpf, abs) ? abs : bpf);
		env[k++] = bpf_env;
	}
	return env;
}

/* ---- the tests ---- */

ParameterizedTestParameters(readme, example)
{
	static struct md_file r;
	const struct md_block *b;
	int n = rx_nth_runnable(&r, -1, &b);

	/* past the table, the rest would not run: readme::found fails then */
	return cr_make_param_array(int, (int *)rx_index, n < MD_BLOCKS_MAX ? n : MD_BLOCKS_MAX);
}

ParameterizedTest(int *k, readme, example, .timeout = RBSIM_TEST_TIMEOUT(120))
{
	static struct md_file r;
	char top[MD_PATH_MAX], work[PATH_MAX], path_env[PATH_MAX + 4096], pc_env[PATH_MAX];
	char bpf_env[PATH_MAX + 16];
	const struct md_block *b = NULL;
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
		if (r.blocks[i].kind == MD_FILE)
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
	md_free(&r);
}

/* the harness found the READMEs and their examples: a parser that finds nothing fails here */
Test(readme, found)
{
	static struct md_file r;
	int count = md_readmes(rx_found), i, j, run = 0, shown = 0;

	for (i = 0; i < count; i++) {
		cr_assert_eq(md_parse(&r, rx_found[i]), 0, "%s", r.error);
		for (j = 0; j < r.nblocks; j++) {
			run += md_runnable(&r.blocks[j]);
			shown += r.blocks[j].kind == MD_SHOWN;
		}
		md_free(&r);
	}
	cr_assert_geq(count, 2, "README.md files found: %d", count);
	cr_assert_gt(run, 0, "runnable examples found: %d", run);
	cr_assert_leq(run, MD_BLOCKS_MAX, "%d runnable blocks, more than the %d the test can run",
		      run, MD_BLOCKS_MAX);
	cr_log_info("%d README.md files, %d runnable blocks, %d shown only", count, run, shown);
}
