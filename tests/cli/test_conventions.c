// SPDX-License-Identifier: GPL-2.0-only
/*
 * What every rbsim command owes its user, checked from the outside:
 * `rbsim --version` names the release, the tree's git description and the
 * kernel the port follows.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "ringbuf/ringbuf.h"
#include "tests/helpers/cli.h"
#include "tests/helpers/tmpdir.h"

#ifndef RBSIM_VERSION
#error "RBSIM_VERSION comes from the Makefile (scripts/install.mk)"
#endif

/* `scripts/git-version.sh dir`: the description the Makefile gives rbsim, "unknown" outside */
static void git_version(char *buf, size_t len, const char *dir)
{
	const char *argv[] = { "sh", "scripts/git-version.sh", dir, NULL };
	struct cli_run r = { 0 };

	cli_run_prog(&r, argv, NULL);
	cr_assert_eq(r.status, 0, "scripts/git-version.sh %s: status %d: %s", dir, r.status, r.err);
	cr_assert_eq(cli_lines(r.out), 1, "one line from git-version.sh: '%s'", r.out);
	snprintf(buf, len, "%.*s", (int)strcspn(r.out, "\n"), r.out);
	cli_free(&r);
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
		cr_assert_str_eq(r.out, want, "rbsim %s", spellings[i]);
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
