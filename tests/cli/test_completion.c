// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bash completion, sim/rbsim.bash, run in bash as bash runs it: the
 * script sourced, COMP_WORDS and COMP_CWORD set, _rbsim called, COMPREPLY
 * read back. It must offer every command `rbsim --help` lists, each
 * command's options as its --help lists them, the transports `rbsim run
 * --help` lists, values of the options that take one of a fixed set (each
 * value one the command's --help names), files after -o, and nothing after an
 * option that takes a number.
 */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/cmdhelp.h"
#include "tests/helpers/tmpdir.h"

#define WORDS_MAX 128

struct words {
	char w[WORDS_MAX][64];
	int n;
};

static bool has(const struct words *s, const char *w)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->w[i], w))
			return true;
	return false;
}

static void add(struct words *s, const char *w, size_t len)
{
	char one[64];

	snprintf(one, sizeof(one), "%.*s", (int)len, w);
	if (has(s, one))
		return;
	cr_assert_lt(s->n, WORDS_MAX, "more than %d words", WORDS_MAX);
	snprintf(s->w[s->n++], sizeof(s->w[0]), "%s", one);
}

/*
 * What _rbsim offers for `rbsim <words>`: words as bash splits the line (at
 * blanks and at COMP_WORDBREAKS, "--format=c" is "--format = c"), the last
 * one being completed.
 */
static void complete(struct words *got, const char *words)
{
	static char bin[300];
	const char *env[] = { bin, NULL };
	char script[1024], *out, *p;
	const char *argv[] = { "bash", "--norc", "--noprofile", "-c", script, NULL };
	struct cli_run r = { 0 };

	snprintf(bin, sizeof(bin), "RBSIM=%s", cli_bin());
	snprintf(script, sizeof(script),
		 "source sim/rbsim.bash || exit 1\n"
		 "COMP_WORDS=(\"$RBSIM\" %s)\n"
		 "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
		 "_rbsim || exit 1\n"
		 "printf '%%s\\n' \"${COMPREPLY[@]}\"\n", words);
	cli_run_prog(&r, argv, &(struct cli_opts){ .env = env });
	cr_assert_eq(r.status, 0, "completing rbsim %s: status %d: %s", words, r.status, r.err);
	cr_assert_str_empty(r.err, "completing rbsim %s: stderr", words);
	out = r.out;
	r.out = NULL;
	cli_free(&r);
	got->n = 0;
	for (p = out; *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n'))
		if (*p != '\n')
			add(got, p, strcspn(p, "\n"));
	free(out);
}

static void assert_same(const struct words *got, const struct words *want, const char *what)
{
	int i;

	for (i = 0; i < want->n; i++)
		cr_expect(has(got, want->w[i]), "%s: '%s' not offered", what, want->w[i]);
	for (i = 0; i < got->n; i++)
		cr_expect(has(want, got->w[i]), "%s: '%s' offered, but not expected", what,
			  got->w[i]);
}

Test(completion, commands_from_rbsim_help)
{
	struct words got, want = { .n = 0 };
	char cmds[HELP_CMDS_MAX][32];
	int n = help_commands(cmds, HELP_CMDS_MAX), i;

	for (i = 0; i < n; i++)
		add(&want, cmds[i], strlen(cmds[i]));
	complete(&got, "''");
	assert_same(&got, &want, "rbsim <TAB>");

	want.n = 0;
	for (i = 0; i < n; i++)
		if (!strncmp(cmds[i], "va", 2))
			add(&want, cmds[i], strlen(cmds[i]));
	cr_assert_gt(want.n, 0, "no command starts with va");
	complete(&got, "va");
	assert_same(&got, &want, "rbsim va<TAB>");

	want.n = 0;
	add(&want, "--help", 6);
	add(&want, "--version", 9);
	add(&want, "-h", 2);
	add(&want, "-V", 2);
	complete(&got, "-");
	assert_same(&got, &want, "rbsim -<TAB>");
}

static void add_options(struct words *want, const char *cmd)
{
	static struct help_opt opts[HELP_OPTS_MAX];
	char *text = help_text(cmd);
	int n = help_options(text, opts, HELP_OPTS_MAX), i;

	for (i = 0; i < n; i++) {
		add(want, opts[i].name, strlen(opts[i].name));
		if (opts[i].shortname[0])
			add(want, opts[i].shortname, strlen(opts[i].shortname));
	}
	free(text);
}

Test(completion, each_commands_options_from_its_help)
{
	char cmds[HELP_CMDS_MAX][32], words[64];
	int n = help_commands(cmds, HELP_CMDS_MAX), i;
	struct words got, want;

	for (i = 0; i < n; i++) {
		want.n = 0;
		add_options(&want, cmds[i]);
		/* compare takes run's options too, for both of its sides */
		if (!strcmp(cmds[i], "compare"))
			add_options(&want, "run");
		snprintf(words, sizeof(words), "%.31s -", cmds[i]);
		complete(&got, words);
		assert_same(&got, &want, words);
	}
	complete(&got, "run --ring");
	cr_expect(got.n == 1 && !strcmp(got.w[0], "--ring-size"), "run --ring<TAB>: %s",
		  got.n ? got.w[0] : "nothing");
}

Test(completion, transports_from_run_help)
{
	char *text = help_text("run"), *line, *save = NULL;
	struct words got, want = { .n = 0 };
	bool on = false;

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "transports", 10) && line[strlen(line) - 1] == ':')
			on = true;
		else if (on && !strncmp(line, "  ", 2) && line[2] != ' ')
			add(&want, line + 2, strcspn(line + 2, " "));
		else if (on && line[0] != ' ')
			on = false;
	}
	free(text);
	cr_assert(has(&want, "ringbuf"), "rbsim run --help lists no ringbuf transport");
	complete(&got, "run --transport ''");
	assert_same(&got, &want, "run --transport <TAB>");
	/* bash splits "--transport=" at '=' (COMP_WORDBREAKS) into two words */
	complete(&got, "run --transport =");
	assert_same(&got, &want, "run --transport=<TAB>");
	complete(&got, "compare --kernel ''");
	assert_same(&got, &want, "compare --kernel <TAB>");
}

/* the fixed sets: each value offered is one the command's --help names */
Test(completion, fixed_values_named_by_help)
{
	static const struct {
		const char *cmd, *opt;
		int count;
	} sets[] = {
		{ "run", "--format", 3 },  { "overhead", "--format", 3 }, { "run", "--wakeup", 5 },
		{ "run", "--consumer", 2 }, { "run", "--poll", 2 },	  { "run", "--trigger", 3 },
		{ "run", "--inject", 4 },  { "run", "--size", 2 },
		{ "run", "--profile-trigger", 3 }, { "run", "--profile-preempt", 3 },
		{ "run", "--write", 3 },
	};
	struct words got;
	char words[64];
	size_t i;
	int k;

	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		char *text = help_text(sets[i].cmd);

		snprintf(words, sizeof(words), "%s %s ''", sets[i].cmd, sets[i].opt);
		complete(&got, words);
		cr_expect_eq(got.n, sets[i].count, "%s: %d values", words, got.n);
		for (k = 0; k < got.n; k++)
			cr_expect(strstr(text, got.w[k]), "%s: '%s' is not in rbsim %s --help",
				  words, got.w[k], sets[i].cmd);
		free(text);
	}
	complete(&got, "run --format = c");
	cr_expect(got.n == 1 && !strcmp(got.w[0], "csv"), "run --format=c<TAB>");
	complete(&got, "overhead --format j");
	cr_expect(got.n == 1 && !strcmp(got.w[0], "json"), "overhead --format j<TAB>");
}

Test(completion, files_after_output_nothing_after_a_number)
{
	char dir[192], path[256], words[300];
	struct words got, want = { .n = 0 };
	FILE *f;

	tmp_dir(dir, sizeof(dir), "compl");
	snprintf(path, sizeof(path), "%s/runs.csv", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f, "create %s", path);
	fclose(f);
	add(&want, path, strlen(path));
	snprintf(path, sizeof(path), "%s/runs.json", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f, "create %s", path);
	fclose(f);
	add(&want, path, strlen(path));

	snprintf(words, sizeof(words), "run -o %s/ru", dir);
	complete(&got, words);
	assert_same(&got, &want, "run -o DIR/ru<TAB>");
	snprintf(words, sizeof(words), "run --output %s/runs.c", dir);
	complete(&got, words);
	cr_expect(got.n == 1 && strstr(got.w[0], "runs.csv"), "run --output DIR/runs.c<TAB>");

	complete(&got, "run --seed ''");
	cr_expect_eq(got.n, 0, "run --seed <TAB> offers %d words (%s)", got.n,
		     got.n ? got.w[0] : "");
	complete(&got, "validate --steps 1");
	cr_expect_eq(got.n, 0, "validate --steps 1<TAB> offers %d words", got.n);
}

Test(completion, registered_for_rbsim)
{
	char *out = cli_sh("bash --norc --noprofile -c "
			   "'source sim/rbsim.bash && complete -p rbsim'", NULL);

	cr_assert_str_eq(out, "complete -F _rbsim rbsim\n", "the completion bash registers");
	free(out);
}
