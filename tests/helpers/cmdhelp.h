/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim's --help texts, read by the tests that hold other things to them:
 * the man page, the bash completion, the rules every command follows.
 *
 * An option is a --help line indented by 1 to 8 spaces that starts with '-':
 *   "  -p, --producers N        producer threads, 1-256 (default: 1)"
 *   "      --trigger ARG  kernel-ringbuf producers: ..."
 * its names (comma-separated), then its argument if the next word starts
 * with a capital ("N", "KIND[@N]", "FILE.png"), then the description.
 * Descriptions continue on lines indented further, never starting with '-'.
 */
#ifndef RBSIM_TESTS_CMDHELP_H
#define RBSIM_TESTS_CMDHELP_H

#define HELP_CMDS_MAX 32
#define HELP_OPTS_MAX 128

struct help_opt {
	char spec[96];	/* names and argument, normalised: "-p, --producers N" */
	char name[48];	/* the first long name ("--producers"), else the short one */
	char shortname[4];	/* "-p", or "" */
	char arg[32];	/* "N"; "" for a switch */
};

/* `rbsim [cmd] --help`: status 0 and nothing on stderr asserted; free() the text */
char *help_text(const char *cmd);

/* the commands `rbsim --help` lists ("  name  summary" under "commands:"); at least one */
int help_commands(char (*names)[32], int max);

/*
 * Parse the option at the start of one line (a --help line, or a man page
 * tag with its font escapes removed): 1 and *o filled, or 0 when the line
 * is no option. indent_max: the most leading spaces an option line may have.
 */
int help_parse_opt(const char *line, int indent_max, struct help_opt *o);

/* the options of a --help text, in order, each spec once */
int help_options(const char *text, struct help_opt *opts, int max);

#endif /* RBSIM_TESTS_CMDHELP_H */
