// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: one binary, many subcommands, registered from their own files with
 * RBSIM_COMMAND() (see rbsim.h), like the selftests' bench and its table of
 * benchmarks.
 */
#include <stdio.h>
#include <string.h>

#include "sim/rbsim.h"
#include "ringbuf/ringbuf.h"

/* both come from the Makefile (scripts/install.mk): the release and `git describe` */
#ifndef RBSIM_VERSION
#error "RBSIM_VERSION is defined by the Makefile"
#endif
#ifndef RBSIM_GIT
#error "RBSIM_GIT is defined by the Makefile"
#endif

#define HELP_WIDTH 80	/* every --help line fits */

const char *rbsim_release(void)
{
	return RBSIM_VERSION;
}

const char *rbsim_git(void)
{
	return RBSIM_GIT;
}

static struct rbsim_cmd *cmds;

void rbsim_register(struct rbsim_cmd *cmd)
{
	struct rbsim_cmd **p = &cmds;

	/* keep the table sorted by name so --help is stable */
	while (*p && strcmp((*p)->name, cmd->name) < 0)
		p = &(*p)->next;
	cmd->next = *p;
	*p = cmd;
}

/* "  name  summary", names padded to width, the summary wrapped at words to HELP_WIDTH */
static void print_summary(FILE *f, const struct rbsim_cmd *c, int width)
{
	const int indent = 2 + width + 2;
	const char *p = c->summary;
	int col;

	col = fprintf(f, "  %-*s  ", width, c->name);
	while (*p) {
		int len = strcspn(p, " ");

		if (col > indent && col + 1 + len > HELP_WIDTH) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', f);
			col++;
		}
		col += fprintf(f, "%.*s", len, p);
		p += len;
		p += strspn(p, " ");
	}
	fputc('\n', f);
}

static void usage(FILE *f)
{
	const struct rbsim_cmd *c;
	int width = 0;

	for (c = cmds; c; c = c->next)
		if ((int)strlen(c->name) > width)
			width = strlen(c->name);
	fprintf(f, "usage: rbsim COMMAND [options]   (rbsim COMMAND --help for its options,\n"
		   "                                  rbsim --version)\n\n"
		   "A kernel-free simulator and benchmark suite of the BPF ring buffer\n"
		   "(a port of Linux %s kernel/bpf/ringbuf.c and libbpf's consumer).\n\n"
		   "commands:\n", RBSIM_KERNEL_VERSION);
	for (c = cmds; c; c = c->next)
		print_summary(f, c, width);
}

int main(int argc, char **argv)
{
	const struct rbsim_cmd *c;

	/* bad input, as in every command: one line naming the problem, exit 2 */
	if (argc < 2) {
		fprintf(stderr, "rbsim: missing command (see rbsim --help)\n");
		return RBSIM_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return RBSIM_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		/* one line: scripts read the first (bench.py's env.txt) */
		printf("rbsim %s (git %s), BPF ring buffer port of Linux %s\n", RBSIM_VERSION,
		       RBSIM_GIT, RBSIM_KERNEL_VERSION);
		return RBSIM_EXIT_OK;
	}
	for (c = cmds; c; c = c->next) {
		if (!strcmp(c->name, argv[1]))
			return c->main(argc - 1, argv + 1);
	}
	fprintf(stderr, "rbsim: unknown %s '%s' (see rbsim --help)\n",
		argv[1][0] == '-' ? "option" : "command", argv[1]);
	return RBSIM_EXIT_USAGE;
}
