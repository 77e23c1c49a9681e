// SPDX-License-Identifier: GPL-2.0-only
/* rbsim's --help texts, read by the tests (see cmdhelp.h). */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/cmdhelp.h"

char *help_text(const char *cmd)
{
	const char *args[] = { "--help", NULL };
	struct cli_run r = { 0 };
	char *text;

	cli_exec(&r, cmd, args, NULL);
	cr_assert_eq(r.status, 0, "rbsim %s --help: status %d: %s", cmd ? cmd : "", r.status,
		     r.err);
	cr_assert_str_empty(r.err, "rbsim %s --help: nothing on stderr", cmd ? cmd : "");
	text = r.out;
	r.out = NULL;
	cli_free(&r);
	return text;
}

int help_commands(char (*names)[32], int max)
{
	char *text = help_text(NULL);
	char *line, *save = NULL;
	bool in = false;
	int n = 0;

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strcmp(line, "commands:")) {
			in = true;
			continue;
		}
		/* a name is indented by two; its summary's continuation lines by more */
		if (!in || strncmp(line, "  ", 2) || line[2] == ' ')
			continue;
		cr_assert_lt(n, max, "more than %d commands", max);
		snprintf(names[n], sizeof(names[n]), "%.*s", (int)strcspn(line + 2, " "), line + 2);
		n++;
	}
	free(text);
	cr_assert_gt(n, 0, "rbsim --help lists no command");
	return n;
}

int help_parse_opt(const char *line, int indent_max, struct help_opt *o)
{
	const char *p = line, *end;
	size_t len, gap = 0;
	int indent;

	indent = strspn(p, " ");
	if (indent < 1 || indent > indent_max || p[indent] != '-')
		return 0;
	p += indent;
	memset(o, 0, sizeof(*o));
	/* the names: "-p," "--producers" */
	while (*p == '-') {
		len = strcspn(p, " ,");
		cr_assert_lt(len, sizeof(o->name), "option name too long: %s", line);
		if (p[1] != '-' && len == 2 && !o->shortname[0])
			snprintf(o->shortname, sizeof(o->shortname), "%.2s", p);
		if (p[1] == '-' && !o->name[0])
			snprintf(o->name, sizeof(o->name), "%.*s", (int)len, p);
		snprintf(o->spec + strlen(o->spec), sizeof(o->spec) - strlen(o->spec), "%s%.*s",
			 o->spec[0] ? ", " : "", (int)len, p);
		p += len;
		if (*p == ',')
			p++;
		gap = strspn(p, " ");
		p += gap;
	}
	if (!o->name[0])
		snprintf(o->name, sizeof(o->name), "%s", o->shortname);
	/* the argument: one word starting with a capital, one space after the names */
	if (gap == 1 && isupper((unsigned char)*p)) {
		end = p + strcspn(p, " ");
		snprintf(o->arg, sizeof(o->arg), "%.*s", (int)(end - p), p);
		snprintf(o->spec + strlen(o->spec), sizeof(o->spec) - strlen(o->spec), " %s",
			 o->arg);
	}
	return 1;
}

int help_options(const char *text, struct help_opt *opts, int max)
{
	const char *line = text;
	char buf[512];
	int n = 0, i;

	while (*line) {
		size_t len = strcspn(line, "\n");
		struct help_opt o;

		snprintf(buf, sizeof(buf), "%.*s", (int)len, line);
		line += len + (line[len] == '\n');
		if (!help_parse_opt(buf, 8, &o))
			continue;
		for (i = 0; i < n && strcmp(opts[i].spec, o.spec); i++)
			;
		if (i < n)
			continue;
		cr_assert_lt(n, max, "more than %d options", max);
		opts[n++] = o;
	}
	return n;
}
