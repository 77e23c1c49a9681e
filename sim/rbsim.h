/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the command table. Every subcommand (run, validate, compare,
 * overhead, ...) registers itself from its own file with RBSIM_COMMAND(), as
 * the selftests' bench registers its benchmarks, so adding one touches no
 * shared table.
 */
#ifndef RBSIM_RBSIM_H
#define RBSIM_RBSIM_H

#include <stdio.h>

struct rbsim_cmd {
	const char *name;
	const char *summary;                 /* one line for `rbsim --help` */
	int (*main)(int argc, char **argv);  /* argv[0] is the command name; returns exit status */
	struct rbsim_cmd *next;
};

void rbsim_register(struct rbsim_cmd *cmd);

#define RBSIM_COMMAND(ident, cmdname, text, fn)                                 \
	static struct rbsim_cmd rbsim_cmd_##ident = {                           \
		.name = (cmdname), .summary = (text), .main = (fn)              \
	};                                                                      \
	__attribute__((constructor)) static void rbsim_cmd_register_##ident(void) \
	{                                                                       \
		rbsim_register(&rbsim_cmd_##ident);                             \
	}

/* the release and the git description rbsim was built from (rbsim --version) */
const char *rbsim_release(void);
const char *rbsim_git(void);

/* exit statuses shared by every command */
#define RBSIM_EXIT_OK    0
#define RBSIM_EXIT_FAIL  1  /* the run itself found a problem (integrity, mismatch) */
#define RBSIM_EXIT_USAGE 2  /* bad input: one line on stderr naming the problem */

/* JSON output of any command: what to write for byte c of a string, itself or its escape */
static inline const char *rbsim_json_escape(unsigned char c, char esc[7])
{
	if (c == '"' || c == '\\')
		snprintf(esc, 7, "\\%c", c);
	else if (c < 0x20)
		snprintf(esc, 7, "\\u%04x", c);
	else
		snprintf(esc, 7, "%c", c);
	return esc;
}

#endif /* RBSIM_RBSIM_H */
