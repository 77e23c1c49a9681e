// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ringbuf transport's --write: kernel builds each record in the
 * producer's scratch buffer and copies it in (sim/kcopy.h), as kernel-ringbuf's
 * BPF program does; place writes it in the reservation. Every record must
 * come through either way, whatever its size, layout, discard or producer;
 * auto follows the profile (kernel where its port side was measured so,
 * version 8 on), and the report says what it came to. The copy itself, byte
 * for byte: tests/sim/test_kcopy.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "sim/profile.h"
#include "tests/helpers/cli.h"
#include "tests/helpers/profile.h"
#include "tests/helpers/timeout.h"
#include "tests/helpers/tmpdir.h"

TestSuite(run_write, .timeout = RBSIM_TEST_TIMEOUT(60));

#define RECORDS "20000"

/* arrays, not pointers: Criterion copies the parameters into the test's process */
struct write_case {
	char what[40];
	char args[8][24];
};

static struct write_case write_cases[] = {
	{ "8-byte records", { "--size", "8" } },
	{ "256 bytes", { "--size", "256" } },
	{ "4096 bytes, batch consumer", { "--size", "4096", "--consumer", "batch" } },
	{ "every layout, discards", { "--size", "uniform:8-5000", "--discard", "10" } },
	{ "a full ring", { "--size", "256", "--ring-size", "16K", "--consumer-work", "2000" } },
	{ "two producers", { "--size", "mix:16x3,300x1", "-p", "2" } },
	{ "no verify", { "--size", "256", "--no-verify" } },
	{ "odd sizes", { "--size", "uniform:9-47" } },
};

ParameterizedTestParameters(run_write, kernel_write_keeps_every_record)
{
	return cr_make_param_array(struct write_case, write_cases,
				   sizeof(write_cases) / sizeof(write_cases[0]));
}

ParameterizedTest(struct write_case *c, run_write, kernel_write_keeps_every_record)
{
	const char *argv[24] = { "rbsim", "run", "--write", "kernel", "--records", RECORDS,
				 "--format", "json", "-q" };
	struct cli_run r = { 0 };
	char opts[512], integ[32];
	int n = 9;

	for (int i = 0; i < 8 && c->args[i][0]; i++)
		argv[n++] = c->args[i];
	argv[n] = NULL;
	cli_exec_argv(&r, argv);
	cr_assert_eq(r.status, 0, "%s: %s", c->what, r.err);
	cr_assert(cli_json_value(r.out, "transport_opts", opts, sizeof(opts)), "transport_opts");
	cr_expect(strstr(opts, "--write kernel"), "%s: the report says how: %s", c->what, opts);
	cr_assert(cli_json_value(r.out, "integrity", integ, sizeof(integ)), "integrity");
	if (strcmp(c->what, "no verify")) {
		cli_assert_run_intact(&r, c->what, strtod(RECORDS, NULL));
	} else {
		/* plain records: counted, not checked, as --write place's */
		cr_expect_str_eq(integ, "counts-ok", "%s", c->what);
		cr_expect_eq(cli_json_num(r.out, "consumed"), cli_json_num(r.out, "produced"),
			     "%s: every record consumed", c->what);
	}
	cli_free(&r);
}

/* run [--profile path] [--write how] with 256-byte records: into opts, what --write came to */
static void write_of(const char *path, const char *how, char *opts, size_t len)
{
	const char *argv[16] = { "rbsim", "run", "--records", "2000", "--size", "256",
				 "--format", "json", "-q" };
	struct cli_run r = { 0 };
	char word[16];
	const char *at;
	int n = 9;

	if (path) {
		argv[n++] = "--profile";
		argv[n++] = path;
		argv[n++] = "--profile-preempt";
		argv[n++] = "off";
	}
	if (how) {
		argv[n++] = "--write";
		argv[n++] = how;
	}
	argv[n] = NULL;
	cli_exec_argv(&r, argv);
	cli_assert_run_ok(&r);
	cr_assert(cli_json_value(r.out, "transport_opts", opts, len), "transport_opts");
	at = strstr(opts, "--write ");
	cr_assert_not_null(at, "--write in %s", opts);
	cr_assert_eq(sscanf(at, "--write %15s", word), 1, "its value: %s", opts);
	snprintf(opts, len, "%s", word);
	cli_free(&r);
}

/* a profile whose port side wrote as port_write says, into dir */
static void profile_of(char *path, size_t len, const char *dir, int port_write)
{
	static const struct rbsim_costs k = { .record_8 = 20, .record_256 = 30, .record_4096 = 90 };
	static const struct rbsim_costs p = { .record_8 = 10, .record_256 = 20, .record_4096 = 80 };
	struct rbsim_profile prof;
	char err[512];

	tmp_path(path, len, "%s/%s.json", dir, rbsim_write_names[port_write]);
	tp_make(&prof, &k, &p, 3);
	prof.port_write = port_write;
	cr_assert_eq(rbsim_profile_write(path, &prof, err, sizeof(err)), 0, "%s", err);
	rbsim_profile_free(&prof);
}

/*
 * auto is kernel with a profile whose port side was measured writing so,
 * place with one measured in place and without a profile; either can be
 * asked for over it, and what the report names runs the same again
 */
Test(run_write, auto_follows_the_profile)
{
	char dir[256], kern[300], place[300], how[512];

	tmp_dir(dir, sizeof(dir), "write");
	profile_of(kern, sizeof(kern), dir, RBSIM_WRITE_KERNEL);
	profile_of(place, sizeof(place), dir, RBSIM_WRITE_PLACE);
	write_of(kern, NULL, how, sizeof(how));
	cr_expect_str_eq(how, "kernel", "a profile measured writing as the kernel");
	write_of(kern, "auto", how, sizeof(how));
	cr_expect_str_eq(how, "kernel", "auto, said");
	write_of(kern, "place", how, sizeof(how));
	cr_expect_str_eq(how, "place", "place over such a profile");
	write_of(place, NULL, how, sizeof(how));
	cr_expect_str_eq(how, "place", "a profile measured in place");
	write_of(place, "kernel", how, sizeof(how));
	cr_expect_str_eq(how, "kernel", "kernel over it");
	write_of(NULL, NULL, how, sizeof(how));
	cr_expect_str_eq(how, "place", "the pure port");
	write_of(NULL, "kernel", how, sizeof(how));
	cr_expect_str_eq(how, "kernel", "the pure port, asked");
}

Test(run_write, bad_values)
{
	static const char *const word[] = { "rbsim", "run", "--write", "copy", NULL };
	static const char *const empty[] = { "rbsim", "run", "--write", "", NULL };
	static const char *const perf[] = { "rbsim", "run", "--transport", "perfbuf", "--write",
					    "kernel", NULL };
	static const char *const virt[] = { "rbsim", "run", "--virtual", "--write", "kernel",
					    NULL };
	struct cli_run r = { 0 };

	cli_expect_usage(&r, word, "--write copy: expected place, kernel or auto");
	cli_expect_usage(&r, empty, "--write");
	cli_expect_usage(&r, perf, "--write");
	cli_expect_usage(&r, virt, "--write");
	cli_free(&r);
}
