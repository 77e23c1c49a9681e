// SPDX-License-Identifier: GPL-2.0-only
/*
 * The man page, sim/rbsim.1: groff renders it without a warning, it has a
 * subsection per command `rbsim --help` lists (and none for a command that
 * does not exist), and each lists exactly the options `rbsim CMD --help`
 * lists, names and argument alike. An option added to a command without its
 * man entry, or one removed with its entry left, fails here.
 *
 * In the page, a command is a subsection under COMMANDS titled
 * "rbsim CMD ...", an option the tag of a .TP paragraph written
 * \fB\-p\fR, \fB\-\-producers\fR \fIN\fR; a tag that is a macro line
 * (.B ringbuf, .I SIZE) names something else.
 */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/cmdhelp.h"

#define MAN_PAGE "sim/rbsim.1"
#define SECTIONS_MAX 32

struct man_section {
	char cmd[32];
	struct help_opt opts[HELP_OPTS_MAX];
	int nopts;
};

/* a roff text line as it reads: font changes and \& dropped, \- a hyphen */
static void unroff(char *out, size_t len, const char *in)
{
	size_t o = 0;

	while (*in && o + 1 < len) {
		if (in[0] == '\\' && in[1] == 'f' && in[2]) {
			in += 3;
		} else if (in[0] == '\\' && in[1] == '&') {
			in += 2;
		} else if (in[0] == '\\' && in[1] == '-') {
			out[o++] = '-';
			in += 2;
		} else if (*in == '"') {
			in++;
		} else {
			out[o++] = *in++;
		}
	}
	out[o] = '\0';
}

/*
 * room for SECTIONS_MAX sections, on the heap: three quarters of a megabyte
 * in .bss would be read by LeakSanitizer at the exit of every test of the
 * binary (each page a fault, costly in a VM)
 */
static struct man_section *man_sections_new(void)
{
	struct man_section *secs = calloc(SECTIONS_MAX, sizeof(*secs));

	cr_assert_not_null(secs, "out of memory");
	return secs;
}

/* the subsections under COMMANDS and the options of each */
static int man_sections(struct man_section *secs)
{
	char *page = cli_read_file(MAN_PAGE, NULL), *line, *save = NULL;
	char text[512], tagged[520];
	struct man_section *cur = NULL;
	bool in_commands = false, tag_next = false;
	int n = 0;

	for (line = strtok_r(page, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, ".SH ", 4)) {
			in_commands = !strcmp(line, ".SH COMMANDS");
			cur = NULL;
		} else if (in_commands && !strncmp(line, ".SS ", 4)) {
			unroff(text, sizeof(text), line + 4);
			cr_assert(!strncmp(text, "rbsim ", 6), "%s: '%s' is not 'rbsim CMD ...'",
				  MAN_PAGE, line);
			cr_assert_lt(n, SECTIONS_MAX, "more than %d commands", SECTIONS_MAX);
			cur = &secs[n++];
			memset(cur, 0, sizeof(*cur));
			snprintf(cur->cmd, sizeof(cur->cmd), "%.*s", (int)strcspn(text + 6, " "),
				 text + 6);
		} else if (!strcmp(line, ".TP")) {
			tag_next = true;
			continue;
		} else if (tag_next && cur && line[0] != '.') {
			struct help_opt o;
			int i;

			unroff(text, sizeof(text), line);
			snprintf(tagged, sizeof(tagged), " %s", text);
			if (help_parse_opt(tagged, 1, &o)) {
				for (i = 0; i < cur->nopts; i++)
					if (!strcmp(cur->opts[i].spec, o.spec))
						break;
				cr_assert_lt(cur->nopts, HELP_OPTS_MAX, "too many options");
				if (i == cur->nopts)
					cur->opts[cur->nopts++] = o;
			}
		}
		tag_next = false;
	}
	free(page);
	return n;
}

static bool has_spec(const struct help_opt *opts, int n, const char *spec)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(opts[i].spec, spec))
			return true;
	return false;
}

Test(manpage, renders_without_warnings)
{
	const char *groff[] = { "groff", "-man", "-Tutf8", "-ww", "-z", MAN_PAGE, NULL };
	struct cli_run r = { 0 };

	cli_run_prog(&r, groff, NULL);
	cr_assert_eq(r.status, 0, "groff: status %d: %s", r.status, r.err);
	cr_assert_str_empty(r.err, "groff -ww warns about " MAN_PAGE ":\n%s", r.err);
	cli_free(&r);
}

Test(manpage, a_section_per_command)
{
	struct man_section *secs = man_sections_new();
	char cmds[HELP_CMDS_MAX][32];
	int n = help_commands(cmds, HELP_CMDS_MAX), m = man_sections(secs), i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < m && strcmp(secs[k].cmd, cmds[i]); k++)
			;
		cr_expect_lt(k, m, MAN_PAGE " has no section for rbsim %s", cmds[i]);
	}
	for (k = 0; k < m; k++) {
		for (i = 0; i < n && strcmp(secs[k].cmd, cmds[i]); i++)
			;
		cr_expect_lt(i, n, MAN_PAGE " documents rbsim %s, which rbsim --help does not list",
			     secs[k].cmd);
	}
	free(secs);
}

Test(manpage, each_section_lists_the_options_help_lists)
{
	struct man_section *secs = man_sections_new();
	static struct help_opt opts[HELP_OPTS_MAX];
	int m = man_sections(secs), k, i, n, checked = 0;

	for (k = 0; k < m; k++) {
		char *text = help_text(secs[k].cmd);

		n = help_options(text, opts, HELP_OPTS_MAX);
		for (i = 0; i < n; i++)
			cr_expect(has_spec(secs[k].opts, secs[k].nopts, opts[i].spec),
				  "rbsim %s --help lists '%s', its man section does not",
				  secs[k].cmd, opts[i].spec);
		for (i = 0; i < secs[k].nopts; i++)
			cr_expect(has_spec(opts, n, secs[k].opts[i].spec),
				  "the man section of rbsim %s lists '%s', its --help does not",
				  secs[k].cmd, secs[k].opts[i].spec);
		checked += n;
		free(text);
	}
	free(secs);
	cr_assert_gt(checked, 0, "no option checked");
}
