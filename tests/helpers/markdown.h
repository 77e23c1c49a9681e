/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading the README.md files of the tree for the tests that check them
 * (tests/cli/test_readme*.c): their fenced blocks, the lines outside the
 * fences, and GitHub's anchors of their headings. CommonMark's rules as far
 * as these files use them: fences of 3 or more ` or ~ after up to 3 spaces,
 * ATX headings.
 */
#ifndef RBSIM_TESTS_MARKDOWN_H
#define RBSIM_TESTS_MARKDOWN_H

#include <stdbool.h>
#include <stddef.h>

#define MD_FILES_MAX	512	/* README.md files in the tree (results/ has one a run) */
#define MD_BLOCKS_MAX	256
#define MD_PATH_MAX	256

enum md_kind {
	MD_SH,		/* ```sh: every line a command */
	MD_CONSOLE,	/* ```console: "$ " lines are commands, the rest output */
	MD_FILE,	/* ```LANG file=NAME: the text of a file NAME */
	MD_SHOWN,	/* ```sh norun, ```text, ```c ...: shown only */
	MD_BARE,	/* ``` with no language */
};

struct md_block {
	enum md_kind kind;
	int line;		/* of the opening fence, from 1 */
	char file[64];		/* MD_FILE: its name */
	char *text;		/* the lines between the fences */
};

struct md_file {
	char path[MD_PATH_MAX];
	char error[MD_PATH_MAX + 64];	/* why md_parse() failed */
	int nblocks;
	struct md_block blocks[MD_BLOCKS_MAX];
};

/*
 * Every README.md under the current directory but hidden ones, sorted, into
 * found (paths without "./"); their number, -1 if the tree cannot be read,
 * -2 if it holds MD_FILES_MAX or more.
 */
int md_find_readmes(char (*found)[MD_PATH_MAX]);

/* the same in a test, asserted: the top README.md must be among them */
int md_readmes(char (*found)[MD_PATH_MAX]);

/* a fence line: the info string after it, the fence's character and length; else NULL */
const char *md_fence(const char *line, char *ch, int *len);

/*
 * The fenced blocks of the file at path into f: 0, or -1 with f->error set
 * when it cannot be read, has too many blocks or leaves a fence open (the
 * blocks so far are kept). md_free() it in either case.
 */
int md_parse(struct md_file *f, const char *path);
void md_free(struct md_file *f);

/* the block holds commands (```sh, or ```console with a "$ " line) */
bool md_runnable(const struct md_block *b);

/*
 * Call fn on every line of the file at path outside its fences (the line
 * may be changed); the sum of what fn returns, -1 if it cannot be read.
 */
typedef int (*md_line_fn)(const char *path, int lineno, char *line, void *ctx);
int md_prose(const char *path, md_line_fn fn, void *ctx);

/* does the markdown file at path have a heading whose GitHub anchor is anchor? */
bool md_has_anchor(const char *path, const char *anchor);

#endif /* RBSIM_TESTS_MARKDOWN_H */
