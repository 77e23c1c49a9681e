// SPDX-License-Identifier: GPL-2.0-only
/*
 * The READMEs hide no command from test_readme.c (every fence names its
 * language, no command sits in an indented code block) and their links
 * resolve: each relative link names a file that exists, each #anchor a
 * heading of the file it points to (GitHub's anchors).
 *
 * The tests run from the top of the tree (make test does).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/helpers/markdown.h"
#include "tests/helpers/tmpdir.h"

static char rl_found[MD_FILES_MAX][MD_PATH_MAX];

/* every fence says what it holds, so that no command hides from the test */
Test(readme, fences_have_a_language)
{
	static struct md_file r;
	int count = md_readmes(rl_found), i, j, bad = 0;

	for (i = 0; i < count; i++) {
		cr_assert_eq(md_parse(&r, rl_found[i]), 0, "%s", r.error);
		for (j = 0; j < r.nblocks; j++) {
			if (r.blocks[j].kind != MD_BARE)
				continue;
			cr_log_error("%s:%d: a fence with no language (sh, console, text, ...)",
				     r.path, r.blocks[j].line);
			bad++;
		}
		md_free(&r);
	}
	cr_assert_eq(bad, 0, "%d fences without a language", bad);
}

/* 1 for an indented line that starts a command */
static int rl_indented_command(const char *path, int lineno, char *line, void *ctx)
{
	static const char *const starts[] = { "rbsim ", "$ ", "build/", "make ", "scripts/",
					      "valgrind " };
	const char *p = line + strspn(line, " \t");
	size_t k;

	(void)ctx;
	if (strncmp(line, "    ", 4) && *line != '\t')
		return 0;
	for (k = 0; k < sizeof(starts) / sizeof(starts[0]); k++) {
		if (strncmp(p, starts[k], strlen(starts[k])))
			continue;
		cr_log_error("%s:%d: a command in an indented block: fence it (```sh)", path, lineno);
		return 1;
	}
	return 0;
}

/*
 * A command in an indented code block would be shown but never run: outside
 * the fences, no line indented by 4 spaces or a tab starts a command.
 */
Test(readme, no_indented_commands)
{
	int count = md_readmes(rl_found), i, bad = 0, n;

	for (i = 0; i < count; i++) {
		n = md_prose(rl_found[i], rl_indented_command, NULL);
		cr_assert_geq(n, 0, "%s: %s", rl_found[i], strerror(errno));
		bad += n;
	}
	cr_assert_eq(bad, 0, "%d commands outside the fences", bad);
}

/* ---- links ---- */

/* check one link of readme; 0 if it resolves */
static int rl_check_link(const char *readme, int lineno, const char *target, size_t tlen)
{
	char t[MD_PATH_MAX], path[2 * MD_PATH_MAX], *hash;
	const char *slash = strrchr(readme, '/');
	struct stat st;

	tmp_path(t, sizeof(t), "%.*s", (int)tlen, target);
	if (strstr(t, "://") || !strncmp(t, "mailto:", 7))
		return 0;
	hash = strchr(t, '#');
	if (hash)
		*hash++ = '\0';
	if (!t[0])
		tmp_path(path, sizeof(path), "%s", readme);
	else if (slash)
		tmp_path(path, sizeof(path), "%.*s/%s", (int)(slash - readme), readme, t);
	else
		tmp_path(path, sizeof(path), "%s", t);
	if (stat(path, &st)) {
		cr_log_error("%s:%d: link to %s: no such file", readme, lineno, path);
		return 1;
	}
	if (hash && S_ISDIR(st.st_mode))
		tmp_path(path + strlen(path), sizeof(path) - strlen(path), "/README.md");
	if (hash && !md_has_anchor(path, hash)) {
		cr_log_error("%s:%d: link to %s#%s: no such heading", readme, lineno, path, hash);
		return 1;
	}
	return 0;
}

/* the links of a line: the bad ones returned, all counted in *ctx */
static int rl_links(const char *path, int lineno, char *line, void *ctx)
{
	char *p, *q, *end;
	int bad = 0;

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
		(*(int *)ctx)++;
		bad += rl_check_link(path, lineno, p, end - p);
	}
	return bad;
}

/* every relative link of every README names a file that exists and a heading it has */
Test(readme, links_resolve)
{
	int count = md_readmes(rl_found), i, bad = 0, links = 0, n;

	for (i = 0; i < count; i++) {
		n = md_prose(rl_found[i], rl_links, &links);
		cr_assert_geq(n, 0, "%s: %s", rl_found[i], strerror(errno));
		bad += n;
	}
	cr_assert_gt(links, 0, "no links found");
	cr_assert_eq(bad, 0, "%d of %d links do not resolve", bad, links);
}
