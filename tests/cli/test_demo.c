// SPDX-License-Identifier: GPL-2.0-only
/*
 * `rbsim demo`: each CVE reproduced on every era that had it, with the
 * overwritten bytes named, and refused on every era that fixed it; the
 * overwrite-mode example position for position.
 */
#include <stdio.h>
#include <string.h>
#include <criterion/criterion.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/timeout.h"

TestSuite(demo, .timeout = RBSIM_TEST_TIMEOUT(60));

static struct cli_run run_buf;

static const char *const eras[] = { "5.8", "5.12", "5.13", "5.15", "6.1", "6.6", "6.9", "6.10",
				    "6.12", "6.15", "6.17", "6.18", "6.19" };
#define NR_ERAS (sizeof(eras) / sizeof(eras[0]))

static void expect_has(const struct cli_run *r, const char *era, const char *s)
{
	cr_expect_not_null(strstr(r->out, s), "%s: '%s' in:\n%s", era, s, r->out);
}

/* before 5.13 a record of 3 rings is accepted and written past the ring; from 5.13 refused */
Test(demo, cve_2021_3489_per_era)
{
	struct cli_run *r = &run_buf;
	unsigned int i;

	for (i = 0; i < NR_ERAS; i++) {
		const char *const argv[] = { "rbsim", "demo", "cve-2021-3489", "--kernel", eras[i],
					     NULL };
		bool vulnerable = !strcmp(eras[i], "5.8") || !strcmp(eras[i], "5.12");

		cli_exec_argv(r, argv);
		cr_expect_eq(r->status, 0, "%s: as the kernel did: %s", eras[i], r->err);
		expect_has(r, eras[i], "  as the kernel did\n");
		if (vulnerable) {
			expect_has(r, eras[i], "reserve B of 12264 bytes in a 4096-byte ring: "
				   "accepted at 0x48, producer_pos now 0x3038");
			/* 8192 bytes of mapping, B's sample from ring offset 0x50: 0x1fb0 fit */
			expect_has(r, eras[i], "the write faulted at B's sample byte 0x1fb0");
			expect_has(r, eras[i], "A's header bytes [0, 0x8) overwritten (8 bytes");
			expect_has(r, eras[i], "A's sample bytes [0, 0x40) overwritten (64 bytes");
		} else {
			expect_has(r, eras[i], "refused (E2BIG)");
			expect_has(r, eras[i], "record A intact: yes");
		}
	}
}

/* before 6.10 B's sample covers the BUSY A's header and its first 0x2008 bytes */
Test(demo, cve_2024_41009_per_era)
{
	struct cli_run *r = &run_buf;
	unsigned int i;

	for (i = 0; i < NR_ERAS; i++) {
		const char *const argv[] = { "rbsim", "demo", "cve-2024-41009", "--kernel",
					     eras[i], NULL };
		bool vulnerable = i < 7; /* up to 6.9 */

		cli_exec_argv(r, argv);
		cr_expect_eq(r->status, 0, "%s: as the kernel did: %s", eras[i], r->err);
		expect_has(r, eras[i], "  as the kernel did\n");
		if (vulnerable) {
			expect_has(r, eras[i], "reserve B of 0x3000 bytes: accepted at 0x3008, "
				   "producer_pos 0x6010");
			expect_has(r, eras[i], "A's header bytes [0, 0x8) overwritten (8 bytes");
			expect_has(r, eras[i], "A's sample bytes [0, 0x2008) overwritten (8200 "
				   "bytes");
			expect_has(r, eras[i], "len 0xbbbbbbbb, pg_off 0xbbbbbbbb");
		} else {
			expect_has(r, eras[i], "refused (ENOSPC): it would end more than a ring "
				   "past pending_pos 0");
			expect_has(r, eras[i], "record A intact: yes");
		}
	}
}

/* without --kernel: the last vulnerable release, then the fixed one */
Test(demo, both_sides_by_default)
{
	static const char *const names[][3] = {
		{ "cve-2021-3489", "kernel 5.12 (era 5.8", "kernel 5.13 (era 5.13" },
		{ "cve-2024-41009", "kernel 6.9 (era 5.13", "kernel 6.10 (era 6.10" },
	};
	struct cli_run *r = &run_buf;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		const char *const argv[] = { "rbsim", "demo", names[i][0], NULL };
		const char *vul, *fix;

		cli_exec_argv(r, argv);
		cr_expect_eq(r->status, 0, "%s: %s", names[i][0], r->err);
		vul = strstr(r->out, names[i][1]);
		fix = strstr(r->out, names[i][2]);
		cr_expect(vul && fix && vul < fix, "%s: both eras, in order:\n%s", names[i][0],
			  r->out);
		cr_expect_null(strstr(r->out, "NOT as the kernel did"), "%s", r->out);
	}
}

/* the commit message's example, position by position */
Test(demo, overwrite_example)
{
	static const char *const argv[] = { "rbsim", "demo", "overwrite", NULL };
	static const char *const rows[] = {
		"reserve A (512)                    producer_pos   512  pending_pos     0  "
		"overwrite_pos     0",
		"reserve C (2048)                   producer_pos  3584  pending_pos     0  "
		"overwrite_pos     0",
		"reserve D (1536): over A and B     producer_pos  5120  pending_pos  1536  "
		"overwrite_pos  1536",
		"reserve E (1024): refused, C BUSY  producer_pos  5120  pending_pos  1536  "
		"overwrite_pos  1536",
	};
	struct cli_run *r = &run_buf;
	unsigned int i;

	cli_exec_argv(r, argv);
	cr_assert_eq(r->status, 0, "%s", r->err);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		expect_has(r, "6.19", rows[i]);
}

Test(demo, bad_input)
{
	static const struct {
		const char *args[4];
		const char *says;
	} cases[] = {
		{ { NULL }, "rbsim demo: which demo?" },
		{ { "cve-1" }, "rbsim demo: unknown demo 'cve-1'" },
		{ { "overwrite", "--kernel", "6.18" }, "--kernel 6.18: no overwrite mode" },
		{ { "cve-2021-3489", "--kernel", "4.19" }, "--kernel 4.19: no era of the port" },
		{ { "cve-2021-3489", "overwrite" }, "one demo at a time" },
	};
	struct cli_run *r = &run_buf;
	unsigned int i, j;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *argv[8] = { "rbsim", "demo" };

		for (j = 0; j < 4 && cases[i].args[j]; j++)
			argv[2 + j] = cases[i].args[j];
		cli_exec_argv(r, argv);
		cr_expect_eq(r->status, 2, "%s: exit 2", cases[i].says);
		cr_expect_eq(cli_lines(r->err), 1, "one line: %s", r->err);
		cr_expect_not_null(strstr(r->err, cases[i].says), "'%s'", r->err);
		cr_expect_str_empty(r->out, "nothing on stdout");
	}
}
