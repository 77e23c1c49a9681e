// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the READMEs only mention exists too (their examples are run by
 * test_readme.c): every path under a folder of the tree (ringbuf/, sim/,
 * bpf/, bench/, results/, tests/, scripts/), taken from the top or from the
 * README's own folder; every --option, which must be one of an rbsim
 * command's, of scripts/bench.sh or bench-size.py or of a tool listed in
 * rr_foreign[]; and every target of a `make ...` command, which a makefile
 * of the tree must define. So a file moved, an option renamed or a target
 * dropped cannot leave a README behind.
 *
 * The tests run from the top of the tree (make test does).
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/helpers/cmdhelp.h"
#include "tests/helpers/markdown.h"
#include "tests/helpers/timeout.h"
#include "tests/helpers/tmpdir.h"

#define RR_NAMES_MAX 1024
#define RR_NAME_LEN 48

struct rr_names {
	int n;
	char name[RR_NAMES_MAX][RR_NAME_LEN];
};

static char rr_found[MD_FILES_MAX][MD_PATH_MAX];

/* options the READMEs name that belong to other programs, or show a wrong one */
static const char *const rr_foreign[] = {
	"--rb-sampled", "--rb-sample-rate", "--rb-b2b", "--rb-batch-cnt",
	"--rb-use-output", "--rb-overwrite", "--rb-bench-producer", /* the selftests' bench */
	"--filter", "--tap", "--jobs",		/* a Criterion test binary */
	"--cflags", "--libs", "--static",	/* pkg-config */
	"--tool", "--callgrind-out-file",	/* valgrind */
	"--always", "--dirty",			/* git describe */
	"--dur",				/* the example of an unknown option */
};

static const char *const rr_tops[] = { "ringbuf/", "sim/", "bpf/", "bench/", "results/",
				       "tests/", "scripts/" };

static bool rr_has(const struct rr_names *s, const char *name, size_t len)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (strlen(s->name[i]) == len && !strncmp(s->name[i], name, len))
			return true;
	return false;
}

static void rr_add(struct rr_names *s, const char *name, size_t len)
{
	if (len >= RR_NAME_LEN || rr_has(s, name, len))
		return;
	cr_assert_lt(s->n, RR_NAMES_MAX, "more than %d names", RR_NAMES_MAX);
	snprintf(s->name[s->n++], RR_NAME_LEN, "%.*s", (int)len, name);
}

static bool rr_word(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_' || ch == '-';
}

/* the length of the option ("--name") at p, 0 if none starts there */
static size_t rr_option_at(const char *line, const char *p)
{
	size_t len = 2;

	if (strncmp(p, "--", 2) || !islower((unsigned char)p[2]) ||
	    (p > line && (rr_word(p[-1]) || p[-1] == '/')))
		return 0;
	while (islower((unsigned char)p[len]) || isdigit((unsigned char)p[len]) || p[len] == '-')
		len++;
	while (p[len - 1] == '-')
		len--;
	return len;
}

/* every --option of a text into s */
static void rr_options_of(struct rr_names *s, const char *text)
{
	const char *p;
	size_t len;

	for (p = text; (p = strstr(p, "--")); p += len ? len : 2) {
		len = rr_option_at(text, p);
		if (len)
			rr_add(s, p, len);
	}
}

/* the options of every rbsim command, of the bench scripts and of rr_foreign[] */
static void rr_known_options(struct rr_names *s)
{
	static const char *const scripts[] = { "scripts/bench.sh --help 2>&1",
					       "scripts/bench-size.py --help 2>&1" };
	char cmds[HELP_CMDS_MAX][32], buf[4096];
	int n = help_commands(cmds, HELP_CMDS_MAX), i;
	char *text = help_text(NULL);
	size_t k;
	FILE *f;

	rr_options_of(s, text);
	free(text);
	for (i = 0; i < n; i++) {
		text = help_text(cmds[i]);
		rr_options_of(s, text);
		free(text);
	}
	for (k = 0; k < sizeof(scripts) / sizeof(scripts[0]); k++) {
		f = popen(scripts[k], "r");
		cr_assert_not_null(f, "%s: %s", scripts[k], strerror(errno));
		while (fgets(buf, sizeof(buf), f))
			rr_options_of(s, buf);
		cr_assert_eq(pclose(f), 0, "%s fails", scripts[k]);
	}
	for (k = 0; k < sizeof(rr_foreign) / sizeof(rr_foreign[0]); k++)
		rr_add(s, rr_foreign[k], strlen(rr_foreign[k]));
}

/* the targets the makefiles of the tree define (lines "name ...: ", not "name :=") */
static void rr_known_targets(struct rr_names *s)
{
	static const char *const files[] = { "Makefile", "*/*.mk" };
	char line[1024];
	glob_t g = { 0 };
	size_t i, k;

	for (k = 0; k < 2; k++)
		cr_assert_eq(glob(files[k], k ? GLOB_APPEND : 0, NULL, &g), 0, "%s", files[k]);
	for (i = 0; i < g.gl_pathc; i++) {
		FILE *f = fopen(g.gl_pathv[i], "r");

		cr_assert_not_null(f, "%s: %s", g.gl_pathv[i], strerror(errno));
		while (fgets(line, sizeof(line), f)) {
			size_t end = strspn(line, "abcdefghijklmnopqrstuvwxyz0123456789_- ");
			char *w, *save = NULL;

			if (!islower((unsigned char)line[0]) || line[end] != ':' ||
			    line[end + 1] == '=')
				continue;
			line[end] = '\0';
			for (w = strtok_r(line, " ", &save); w; w = strtok_r(NULL, " ", &save))
				rr_add(s, w, strlen(w));
		}
		fclose(f);
	}
	globfree(&g);
	cr_assert(rr_has(s, "test", 4), "no target 'test' found in the makefiles");
}

struct rr_ctx {
	struct rr_names options, targets;
	int checked, bad;
	bool block;	/* the line is in a fenced block */
	bool quiet;	/* log nothing: an error logged fails the binary's exit status */
};

#define rr_report(c, ...)						\
	do {								\
		if (!(c)->quiet)					\
			cr_log_error(__VA_ARGS__);			\
	} while (0)

/* does path, or any file starting with it when prefix, exist? */
static bool rr_exists(const char *path, bool prefix)
{
	char pattern[2 * MD_PATH_MAX];
	struct stat st;
	glob_t g;
	bool found;

	if (!prefix)
		return !stat(path, &st);
	tmp_path(pattern, sizeof(pattern), "%s*", path);
	found = !glob(pattern, 0, NULL, &g);
	if (found)
		globfree(&g);
	return found;
}

/* the path of the tree at p, if one starts there: 1 if it names nothing */
static int rr_check_path(struct rr_ctx *c, const char *readme, int lineno, const char *line,
			 const char *p, size_t *used)
{
	const char *q = p, *slash = strrchr(readme, '/');
	char path[MD_PATH_MAX], where[2 * MD_PATH_MAX];
	bool prefix;
	size_t k, len;

	*used = 1;
	if (p > line && (isalnum((unsigned char)p[-1]) || strchr("_.-/$", p[-1])))
		return 0;
	while (!strncmp(q, "../", 3))
		q += 3;
	for (k = 0; k < sizeof(rr_tops) / sizeof(rr_tops[0]); k++)
		if (!strncmp(q, rr_tops[k], strlen(rr_tops[k])))
			break;
	if (k == sizeof(rr_tops) / sizeof(rr_tops[0]))
		return 0;
	len = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-/");
	*used = len;
	prefix = p[len] && strchr("<*{", p[len]);	/* a pattern: some file starts so */
	while (len && p[len - 1] == '.')		/* the end of a sentence */
		len--;
	tmp_path(path, sizeof(path), "%.*s", (int)len, p);
	c->checked++;
	if (q == p && rr_exists(path, prefix))
		return 0;
	tmp_path(where, sizeof(where), "%.*s%s", slash ? (int)(slash - readme + 1) : 0, readme,
		 path);
	if (rr_exists(where, prefix))
		return 0;
	rr_report(c, "%s:%d: %s%s: no such file in the tree", readme, lineno, path,
		     prefix ? "..." : "");
	return 1;
}

/* the targets of the make command at p ("make [VAR=x] [-s] target..."): the bad ones */
static int rr_check_make(struct rr_ctx *c, const char *readme, int lineno, const char *p)
{
	size_t len;
	int bad = 0;

	for (p += 5; *p && !strchr("`#;&|)", *p); p += len) {
		p += strspn(p, " ");
		len = strcspn(p, " `#;&|)");
		if (!len || *p == '-' || memchr(p, '=', len) || memchr(p, '$', len))
			continue;
		c->checked++;
		if (rr_has(&c->targets, p, len))
			continue;
		rr_report(c, "%s:%d: make %.*s: no such target", readme, lineno, (int)len, p);
		bad++;
	}
	return bad;
}

static int rr_line(const char *readme, int lineno, char *line, void *ctx)
{
	struct rr_ctx *c = ctx;
	const char *p, *cmd = line + strspn(line, " ");
	size_t len;
	int bad = 0;

	if (c->block && !strncmp(cmd, "$ ", 2))
		cmd += 2;
	if (c->block && !strncmp(cmd, "make ", 5))
		bad += rr_check_make(c, readme, lineno, cmd);
	for (p = line; !c->block && (p = strstr(p, "`make ")); p++)
		bad += rr_check_make(c, readme, lineno, p + 1);
	for (p = line; *p; p += len) {
		len = rr_option_at(line, p);
		if (len) {
			c->checked++;
			if (!rr_has(&c->options, p, len)) {
				rr_report(c, "%s:%d: %.*s: no command has this option", readme,
					     lineno, (int)len, p);
				bad++;
			}
			continue;
		}
		bad += rr_check_path(c, readme, lineno, line, p, &len);
	}
	return bad;
}

/* the lines of the fenced blocks of readme through rr_line() */
static int rr_blocks(struct rr_ctx *c, const char *readme)
{
	static struct md_file r;
	int j, bad = 0, lineno;
	char *text, *line, *save = NULL;

	cr_assert_eq(md_parse(&r, readme), 0, "%s", r.error);
	c->block = true;
	for (j = 0; j < r.nblocks; j++) {
		text = strdup(r.blocks[j].text);
		cr_assert_not_null(text);
		lineno = r.blocks[j].line;
		/* strtok_r skips empty lines: the line numbers may run short */
		for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
			bad += rr_line(readme, ++lineno, line, c);
		free(text);
	}
	c->block = false;
	md_free(&r);
	return bad;
}

/* every path, --option and make target a README names exists */
Test(readme, named_things_exist, .timeout = RBSIM_TEST_TIMEOUT(60))
{
	static struct rr_ctx c;
	int count = md_readmes(rr_found), i, n;

	rr_known_options(&c.options);
	rr_known_targets(&c.targets);
	for (i = 0; i < count; i++) {
		n = md_prose(rr_found[i], rr_line, &c);
		cr_assert_geq(n, 0, "%s: %s", rr_found[i], strerror(errno));
		c.bad += n + rr_blocks(&c, rr_found[i]);
	}
	cr_assert_gt(c.checked, 100, "only %d names checked", c.checked);
	cr_assert_eq(c.bad, 0, "%d of %d names in the READMEs name nothing", c.bad, c.checked);
}

/* the check can fail: a path, an option and a target that do not exist are caught */
Test(readme, names_that_do_not_exist_are_caught, .timeout = RBSIM_TEST_TIMEOUT(60))
{
	static struct rr_ctx c = { .quiet = true };
	char line[] = "`sim/no_such_file.c` takes `--no-such-option`; `make no-such-target`";

	rr_known_options(&c.options);
	rr_known_targets(&c.targets);
	cr_assert_eq(rr_line("README.md", 1, line, &c), 3);
	cr_assert_eq(c.checked, 3);
}
