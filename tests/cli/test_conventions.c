// SPDX-License-Identifier: GPL-2.0-only
/*
 * What every rbsim command owes its user, checked from the outside:
 * `rbsim --version` names the release, the tree's git description and the
 * kernel the port follows; every command (as `rbsim --help` lists them, so a
 * new one is held to the same rules) keeps its --help within 80 columns and
 * words bad input alike: one line on stderr starting "rbsim CMD: ", nothing
 * on stdout, exit status 2, an unknown option and a missing argument said in
 * the same words as `rbsim run` says them.
 */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ringbuf/ringbuf.h"
#include "tests/helpers/cli.h"
#include "tests/helpers/cmdhelp.h"
#include "tests/helpers/tmpdir.h"

#ifndef RBSIM_VERSION
#error "RBSIM_VERSION comes from the Makefile (scripts/install.mk)"
#endif

/* `scripts/git-version.sh dir`: the description the Makefile gives rbsim, "unknown" outside */
static void git_version(char *buf, size_t len, const char *dir)
{
	char script[256], *out;

	snprintf(script, sizeof(script), "sh scripts/git-version.sh %s", dir);
	out = cli_sh(script, NULL);
	cr_assert_eq(cli_lines(out), 1, "one line from git-version.sh: '%s'", out);
	snprintf(buf, len, "%.*s", (int)strcspn(out, "\n"), out);
	free(out);
}

Test(conventions, version_names_release_git_description_and_kernel)
{
	static const char *const spellings[] = { "--version", "-V" };
	const char *args[] = { NULL, NULL };
	char desc[128], want[256];
	struct cli_run r = { 0 };
	size_t i;

	/* make test rebuilt rbsim just now: the tree has the description rbsim was built with */
	git_version(desc, sizeof(desc), ".");
	snprintf(want, sizeof(want), "rbsim %s (git %s), BPF ring buffer port of Linux %s\n",
		 RBSIM_VERSION, desc, RBSIM_KERNEL_VERSION);
	for (i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++) {
		args[0] = spellings[i];
		cli_exec(&r, NULL, args, NULL);
		cr_assert_eq(r.status, 0, "rbsim %s: status %d", spellings[i], r.status);
		cr_assert_str_eq(r.out, want, "rbsim %s says '%s', not '%s' (built before the "
				 "tree changed? make rebuilds it)", spellings[i], r.out, want);
		cr_assert_str_empty(r.err, "rbsim %s: nothing on stderr", spellings[i]);
	}
	cli_free(&r);
}

Test(conventions, git_description_is_unknown_outside_a_checkout)
{
	char dir[192], desc[128];

	tmp_dir(dir, sizeof(dir), "nogit");
	git_version(desc, sizeof(desc), dir);
	cr_assert_str_eq(desc, "unknown", "a directory outside any repository");
	/* a tree unpacked inside some other repository must not take its description */
	git_version(desc, sizeof(desc), "sim");
	cr_assert_str_eq(desc, "unknown", "sim/, inside the checkout but not its top");
}

/* ---- the rules every command follows ---- */

enum rule {
	RULE_WIDTH,	/* every --help line fits 80 columns */
	RULE_UNKNOWN,	/* an unknown option: status 2, one line, worded as run words it */
	RULE_MISSING,	/* an option without its argument: the same */
	RULE_NUMBER,	/* a number that is not one: status 2, one line naming option and value */
};

static const char *const rule_text[] = {
	[RULE_WIDTH] = "--help within 80 columns",
	[RULE_UNKNOWN] = "unknown option",
	[RULE_MISSING] = "missing argument",
	[RULE_NUMBER] = "bad number",
};

/* the command whose wording the others follow: the largest parser, the shared one's model */
#define REFERENCE_CMD "run"

/* what went wrong over all commands, asserted empty at the end of a test */
struct verdicts {
	char text[8192];
	int bad;
};

/* one command's result for a rule: problem is "" when it follows the rule */
static void judge(struct verdicts *v, const char *cmd, enum rule rule, const char *problem)
{
	size_t len = strlen(v->text);

	if (!*problem)
		return;
	snprintf(v->text + len, sizeof(v->text) - len, "\n  rbsim %s: %s: %s", cmd,
		 rule_text[rule], problem);
	v->bad++;
}

static void problem(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (*buf)
		return;	/* the first problem is the one reported */
	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

/* columns of a line: UTF-8 code points (compare's "±" is one) */
static int columns(const char *s, size_t len)
{
	int n = 0;
	size_t i;

	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

/* the first line of a --help text wider than 80 columns, into why */
static void check_width(const char *text, char *why, size_t len)
{
	const char *line = text;
	int no = 1;

	for (; *line; no++) {
		size_t n = strcspn(line, "\n");

		if (columns(line, n) > 80)
			problem(why, len, "line %d has %d columns: %.40s...", no, columns(line, n),
				line);
		line += n + (line[n] == '\n');
	}
}

Test(conventions, help_fits_80_columns)
{
	char cmds[HELP_CMDS_MAX][32], why[256];
	struct verdicts v = { .bad = 0 };
	char *text;
	int n, i;

	text = help_text(NULL);
	why[0] = '\0';
	check_width(text, why, sizeof(why));
	cr_expect_str_empty(why, "rbsim --help: %s", why);
	free(text);

	n = help_commands(cmds, HELP_CMDS_MAX);
	for (i = 0; i < n; i++) {
		text = help_text(cmds[i]);
		why[0] = '\0';
		check_width(text, why, sizeof(why));
		judge(&v, cmds[i], RULE_WIDTH, why);
		free(text);
	}
	cr_assert_eq(v.bad, 0, "%d commands against the rule:%s", v.bad, v.text);
}

/*
 * Bad input to `rbsim cmd args...`: status 2, nothing on stdout, one line on
 * stderr that starts "rbsim cmd: " and names each of `names` (NULL-ended).
 * The line, without its newline, goes to msg; the first problem to why ("" if none).
 */
static void bad_input(const char *cmd, const char *const *args, const char *const *names,
		      char *msg, size_t msglen, char *why, size_t whylen)
{
	struct cli_run r = { 0 };
	char prefix[64];
	size_t i;

	why[0] = msg[0] = '\0';
	cli_exec(&r, cmd, args, NULL);
	snprintf(prefix, sizeof(prefix), "rbsim %s: ", cmd);
	snprintf(msg, msglen, "%.*s", (int)strcspn(r.err, "\n"), r.err);
	if (r.status != 2)
		problem(why, whylen, "%s: status %d, not 2", args[0], r.status);
	if (*r.out)
		problem(why, whylen, "%s: stdout is not empty: %.60s", args[0], r.out);
	if (cli_lines(r.err) != 1)
		problem(why, whylen, "%s: %d lines on stderr, not 1: %.120s", args[0],
			cli_lines(r.err), r.err);
	if (strncmp(r.err, prefix, strlen(prefix)))
		problem(why, whylen, "'%s' does not start with '%s'", msg, prefix);
	for (i = 0; names && names[i]; i++)
		if (!strstr(msg, names[i]))
			problem(why, whylen, "'%s' does not name %s", msg, names[i]);
	cli_free(&r);
}

/* msg with the command's name (a whole word) made "CMD" and the option "OPT" */
static void wording(char *out, size_t len, const char *msg, const char *cmd, const char *opt)
{
	const char *p = msg;
	size_t o = 0, clen = strlen(cmd), olen = strlen(opt);

	while (*p && o + 4 < len) {
		bool start = p == msg || !(p[-1] == '-' || (p[-1] >= 'a' && p[-1] <= 'z'));
		bool end = !(p[clen] == '-' || (p[clen] >= 'a' && p[clen] <= 'z'));

		if (start && end && !strncmp(p, cmd, clen)) {
			o += snprintf(out + o, len - o, "CMD");
			p += clen;
		} else if (!strncmp(p, opt, olen)) {
			o += snprintf(out + o, len - o, "OPT");
			p += olen;
		} else {
			out[o++] = *p++;
		}
	}
	out[o] = '\0';
}

#define NO_SUCH "--no-such-option"

static void unknown_option(const char *cmd, char *words, size_t wlen, char *why, size_t ylen)
{
	const char *args[] = { NO_SUCH, NULL }, *names[] = { NO_SUCH, NULL };
	char msg[256];

	bad_input(cmd, args, names, msg, sizeof(msg), why, ylen);
	wording(words, wlen, msg, cmd, NO_SUCH);
}

Test(conventions, unknown_option_worded_alike)
{
	char cmds[HELP_CMDS_MAX][32], ref[256], words[256], why[512];
	struct verdicts v = { .bad = 0 };
	int n, i;

	unknown_option(REFERENCE_CMD, ref, sizeof(ref), why, sizeof(why));
	cr_assert_str_empty(why, "rbsim " REFERENCE_CMD ": %s", why);
	n = help_commands(cmds, HELP_CMDS_MAX);
	for (i = 0; i < n; i++) {
		unknown_option(cmds[i], words, sizeof(words), why, sizeof(why));
		if (strcmp(words, ref))
			problem(why, sizeof(why), "'%s', not '%s' (rbsim %s's words)", words,
				ref, REFERENCE_CMD);
		judge(&v, cmds[i], RULE_UNKNOWN, why);
	}
	cr_assert_eq(v.bad, 0, "%d commands against the rule:%s", v.bad, v.text);
}

/* every option of cmd that takes an argument, long and short spelling, given none */
static void missing_argument(const char *cmd, const char *ref, char *refout, size_t reflen,
			     char *why, size_t ylen)
{
	struct help_opt opts[HELP_OPTS_MAX];
	char *text = help_text(cmd);
	int n = help_options(text, opts, HELP_OPTS_MAX), i, s, tried = 0;
	char msg[256], words[256], one[512];

	why[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *spell[] = { opts[i].name, opts[i].shortname };

		if (!opts[i].arg[0])
			continue;
		for (s = 0; s < 2 && spell[s][0]; s++) {
			const char *args[] = { spell[s], NULL }, *names[] = { spell[s], NULL };

			bad_input(cmd, args, names, msg, sizeof(msg), one, sizeof(one));
			wording(words, sizeof(words), msg, cmd, spell[s]);
			if (!ref) {	/* the reference command's first option sets the words */
				snprintf(refout, reflen, "%s", words);
				ref = refout;
			}
			if (!*one && strcmp(words, ref))
				snprintf(one, sizeof(one), "%s: '%s', not '%s' (rbsim %s's words)",
					 spell[s], words, ref, REFERENCE_CMD);
			problem(why, ylen, "%s", one);
			tried++;
		}
	}
	cr_assert_gt(tried, 0, "rbsim %s --help lists no option with an argument", cmd);
	free(text);
}

Test(conventions, missing_argument_worded_alike)
{
	char cmds[HELP_CMDS_MAX][32], ref[256], why[512];
	struct verdicts v = { .bad = 0 };
	int n, i;

	missing_argument(REFERENCE_CMD, NULL, ref, sizeof(ref), why, sizeof(why));
	cr_assert_str_empty(why, "rbsim " REFERENCE_CMD ": %s", why);
	n = help_commands(cmds, HELP_CMDS_MAX);
	for (i = 0; i < n; i++) {
		missing_argument(cmds[i], ref, NULL, 0, why, sizeof(why));
		judge(&v, cmds[i], RULE_MISSING, why);
	}
	cr_assert_eq(v.bad, 0, "%d commands against the rule:%s", v.bad, v.text);
}

/* the arguments --help shows for a number */
static bool numeric(const char *arg)
{
	static const char *const kinds[] = { "N", "SEC", "BYTES", "NS", "PCT" };
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(arg, kinds[i]))
			return true;
	return false;
}

#define NOT_A_NUMBER "q7"

Test(conventions, bad_number_names_option_and_value)
{
	char cmds[HELP_CMDS_MAX][32], msg[256], why[512];
	struct help_opt opts[HELP_OPTS_MAX];
	struct verdicts v = { .bad = 0 };
	int n, i, k, m, tried = 0;

	n = help_commands(cmds, HELP_CMDS_MAX);
	for (i = 0; i < n; i++) {
		char *text = help_text(cmds[i]);

		m = help_options(text, opts, HELP_OPTS_MAX);
		why[0] = '\0';
		for (k = 0; k < m; k++) {
			const char *args[] = { opts[k].name, NOT_A_NUMBER, NULL };
			const char *names[] = { opts[k].name, NOT_A_NUMBER, NULL };
			char one[512];

			if (!numeric(opts[k].arg))
				continue;
			bad_input(cmds[i], args, names, msg, sizeof(msg), one, sizeof(one));
			problem(why, sizeof(why), "%s", one);
			tried++;
		}
		judge(&v, cmds[i], RULE_NUMBER, why);
		free(text);
	}
	cr_assert_gt(tried, 0, "no command lists a numeric option");
	cr_assert_eq(v.bad, 0, "%d commands against the rule:%s", v.bad, v.text);
}

/* in with every `from` replaced by `to` */
static void replace_all(char *out, size_t len, const char *in, const char *from, const char *to)
{
	size_t o = 0, flen = strlen(from);

	while (*in && o + strlen(to) + 1 < len) {
		if (!strncmp(in, from, flen)) {
			o += snprintf(out + o, len - o, "%s", to);
			in += flen;
		} else {
			out[o++] = *in++;
		}
	}
	out[o] = '\0';
}

/* rbsim itself: the same rules with the prefix "rbsim: " */
Test(conventions, top_level_bad_input)
{
	const char *none[] = { NULL }, *opt[] = { NO_SUCH, NULL }, *cmd[] = { "no-such-cmd", NULL };
	char ref[256], why[512], want[256], tmp[256];
	struct cli_run r = { 0 };

	cli_exec(&r, NULL, none, NULL);
	cr_expect_eq(r.status, 2, "rbsim alone: status %d", r.status);
	cr_expect_str_empty(r.out, "rbsim alone: nothing on stdout");
	cr_expect(cli_lines(r.err) == 1 && !strncmp(r.err, "rbsim: ", 7),
		  "rbsim alone: one line 'rbsim: ...': %s", r.err);

	cli_exec(&r, NULL, cmd, NULL);
	cr_expect_eq(r.status, 2, "rbsim no-such-cmd: status %d", r.status);
	cr_expect_str_empty(r.out, "rbsim no-such-cmd: nothing on stdout");
	cr_expect(cli_lines(r.err) == 1 && !strncmp(r.err, "rbsim: ", 7) &&
		  strstr(r.err, "'no-such-cmd'"), "one line 'rbsim: ...' naming it: %s", r.err);

	/* an unknown option in run's words, "rbsim CMD" read "rbsim" */
	unknown_option(REFERENCE_CMD, ref, sizeof(ref), why, sizeof(why));
	replace_all(tmp, sizeof(tmp), ref, "rbsim CMD", "rbsim");
	replace_all(want, sizeof(want) - 1, tmp, "OPT", NO_SUCH);
	strcat(want, "\n");
	cli_exec(&r, NULL, opt, NULL);
	cr_expect_eq(r.status, 2, "rbsim " NO_SUCH ": status %d", r.status);
	cr_expect_str_empty(r.out, "rbsim " NO_SUCH ": nothing on stdout");
	cr_expect_str_eq(r.err, want, "rbsim " NO_SUCH " in rbsim " REFERENCE_CMD "'s words");
	cli_free(&r);
}
