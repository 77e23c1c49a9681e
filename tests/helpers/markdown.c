// SPDX-License-Identifier: GPL-2.0-only
/* Reading the README.md files of the tree (see markdown.h). */
#include <ctype.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>

#include "tests/helpers/markdown.h"

static char (*md_found)[MD_PATH_MAX];
static int md_nfound;

static int md_visit(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	const char *base = path + ftw->base;

	(void)sb;
	if (flag == FTW_D && ftw->level > 0 && base[0] == '.')
		return FTW_SKIP_SUBTREE;	/* .git, .ci */
	if (flag == FTW_F && !strcmp(base, "README.md") && md_nfound < MD_FILES_MAX)
		snprintf(md_found[md_nfound++], MD_PATH_MAX, "%s", path + 2);	/* no "./" */
	return FTW_CONTINUE;
}

static int md_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

int md_find_readmes(char (*found)[MD_PATH_MAX])
{
	md_found = found;
	md_nfound = 0;
	if (nftw(".", md_visit, 16, FTW_PHYS | FTW_ACTIONRETVAL))
		return -1;
	if (md_nfound >= MD_FILES_MAX)
		return -2;
	qsort(found, md_nfound, MD_PATH_MAX, md_cmp);
	return md_nfound;
}

int md_readmes(char (*found)[MD_PATH_MAX])
{
	int n = md_find_readmes(found);

	cr_assert(n != -2, "more than %d README.md files in the tree: raise MD_FILES_MAX",
		  MD_FILES_MAX - 1);
	cr_assert(n > 0, "walk the tree for README.md files: %s", n ? strerror(errno) : "none");
	cr_assert(bsearch("README.md", found, n, MD_PATH_MAX, md_cmp),
		  "README.md not found: the tests run from the top of the tree");
	return n;
}

const char *md_fence(const char *line, char *ch, int *len)
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

/* the kind of a block from its info string: a language, then "norun" or "file=NAME" */
static void md_info(struct md_block *b, const char *info)
{
	char lang[32] = "", word[96];
	bool norun = false;
	int off = 0, n;

	b->kind = MD_BARE;
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
		b->kind = MD_FILE;
	else if (norun)
		b->kind = MD_SHOWN;
	else if (!strcmp(lang, "sh"))
		b->kind = MD_SH;
	else if (!strcmp(lang, "console"))
		b->kind = MD_CONSOLE;
	else
		b->kind = MD_SHOWN;
}

/* append line to the text of a block */
static void md_append(char **text, size_t *len, const char *line)
{
	size_t n = strlen(line);
	char *more = realloc(*text, *len + n + 1);

	if (!more)
		abort();
	memcpy(more + *len, line, n + 1);
	*text = more;
	*len += n;
}

int md_parse(struct md_file *f, const char *path)
{
	FILE *in = fopen(path, "r");
	char *line = NULL, *text = NULL, ch = 0, c;
	size_t cap = 0, tlen = 0;
	int lineno = 0, len = 0, l;
	struct md_block *b = NULL;
	const char *rest;

	snprintf(f->path, sizeof(f->path), "%s", path);
	f->nblocks = 0;
	f->error[0] = '\0';
	if (!in) {
		snprintf(f->error, sizeof(f->error), "%s: %s", path, strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, in) > 0) {
		lineno++;
		rest = md_fence(line, &c, &l);
		if (!b && rest) {
			if (f->nblocks == MD_BLOCKS_MAX) {
				snprintf(f->error, sizeof(f->error), "%s:%d: more than %d blocks",
					 path, lineno, MD_BLOCKS_MAX);
				break;
			}
			b = &f->blocks[f->nblocks++];
			b->line = lineno;
			md_info(b, rest);
			ch = c;
			len = l;
			text = NULL;
			tlen = 0;
		} else if (b && rest && c == ch && l >= len && !rest[strspn(rest, " \t\n")]) {
			b->text = text ? text : strdup("");
			b = NULL;
		} else if (b) {
			md_append(&text, &tlen, line);
		}
	}
	free(line);
	fclose(in);
	if (b) {
		b->text = text ? text : strdup("");
		snprintf(f->error, sizeof(f->error), "%s:%d: a fence that is never closed", path,
			 b->line);
	}
	return f->error[0] ? -1 : 0;
}

void md_free(struct md_file *f)
{
	int i;

	for (i = 0; i < f->nblocks; i++)
		free(f->blocks[i].text);
	f->nblocks = 0;
}

bool md_runnable(const struct md_block *b)
{
	return b->kind == MD_SH || (b->kind == MD_CONSOLE && strstr(b->text, "$ "));
}

int md_prose(const char *path, md_line_fn fn, void *ctx)
{
	FILE *in = fopen(path, "r");
	int lineno = 0, sum = 0, l;
	bool fenced = false;
	char *line = NULL, c;
	size_t cap = 0;

	if (!in)
		return -1;
	while (getline(&line, &cap, in) > 0) {
		lineno++;
		if (md_fence(line, &c, &l))
			fenced = !fenced;
		else if (!fenced)
			sum += fn(path, lineno, line, ctx);
	}
	free(line);
	fclose(in);
	return sum;
}

/* GitHub's anchor of a heading: lowercase, punctuation dropped, spaces to hyphens */
static void md_slug(const char *heading, char *out, size_t len)
{
	size_t n = 0;
	const char *p;

	for (p = heading; *p && n + 1 < len; p++) {
		unsigned char ch = *p;

		if (ch == '(' && p > heading && p[-1] == ']') {
			p = strchrnul(p, ')');	/* a link's target: its text stays */
			if (!*p)
				break;
		} else if (isalnum(ch) || ch == '-' || ch == '_') {
			out[n++] = tolower(ch);
		} else if (ch == ' ') {
			out[n++] = '-';
		}
	}
	out[n] = '\0';
}

struct md_anchors {
	const char *want;
	int nseen;
	char seen[128][256];	/* the slugs so far: a repeated one gets -1, -2, ... */
};

/* 1 for the heading whose anchor is a->want */
static int md_heading(const char *path, int lineno, char *line, void *ctx)
{
	struct md_anchors *a = ctx;
	char slug[256];
	int i, dup = 0;

	(void)path;
	(void)lineno;
	if (line[0] != '#')
		return 0;
	line[strcspn(line, "\n")] = '\0';
	md_slug(line + strspn(line, "# "), slug, sizeof(slug));
	for (i = 0; i < a->nseen; i++)
		dup += !strcmp(a->seen[i], slug);
	if (a->nseen < 128)
		snprintf(a->seen[a->nseen++], sizeof(a->seen[0]), "%s", slug);
	if (dup)
		snprintf(slug + strlen(slug), sizeof(slug) - strlen(slug), "-%d", dup);
	return !strcmp(slug, a->want);
}

bool md_has_anchor(const char *path, const char *anchor)
{
	static struct md_anchors a;

	a.want = anchor;
	a.nseen = 0;
	return md_prose(path, md_heading, &a) > 0;
}
