// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim overhead's parts that need libbpf or the running kernel: struct sizes
 * read from BTF (--btf, on build/bpf/overhead_example.bpf.o, env
 * RBSIM_BPF_DIR, whose struct sizes the BPF compiler checks) and the kernel
 * side of --verify without privileges (skipped with a note, or a failure when
 * the kernel is required).
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/overhead.h"
#include "tests/helpers/tmpdir.h"
#include "tests/helpers/timeout.h"

TestSuite(overhead_kernel, .timeout = RBSIM_TEST_TIMEOUT(OV_TIMEOUT));

Test(overhead_kernel, btf_struct_sizes_from_bpf_object)
{
	const char *obj = ov_bpf_obj();
	const char *args[] = { "--struct", "ov_exec_event", "--struct", "struct ov_packed_event",
			       "--struct", "ov_net_event", "--struct", "ov_sample", "--btf", obj,
			       NULL };
	static const char *const names[] = { "ov_exec_event", "struct ov_packed_event",
					     "ov_net_event", "ov_sample" };
	static const long long want[][2] = { { 112, 120 }, { 39, 48 }, { 38, 48 }, { 8, 16 } };
	struct ov_csv c;
	size_t i;

	cr_assert(!access(obj, R_OK), "%s exists (make builds it; set RBSIM_BPF_DIR)", obj);
	ov_csv_run(&c, args);
	cr_assert_eq(c.nrows, 4, "one row per struct");
	for (i = 0; i < 4; i++) {
		cr_expect_str_eq(ov_cell(&c, i, "struct"), names[i], "struct column of row %zu", i);
		cr_expect_eq(ov_num(&c, i, "size"), want[i][0], "BTF size of %s", names[i]);
		cr_expect_eq(ov_num(&c, i, "rb_footprint"), want[i][1], "footprint of %s",
			     names[i]);
	}
	ov_csv_free(&c);
}

/* every bad --btf: exit 2, one line on stderr, nothing on stdout, no file written */
Test(overhead_kernel, bad_input)
{
	char dir[512], png[600], junk[600];
	const char *obj = ov_bpf_obj();
	struct {
		const char *args[8];
		const char *says;
	} cases[] = {
		{ { "--struct", "no_such_struct", "--btf", obj }, "not found" },
		{ { "--struct", "ov_exec_event", "--btf", junk }, "not a BPF object with BTF nor a "
		  "raw BTF file (it starts with neither the ELF magic nor the BTF magic 0xeb9f)\n" },
		{ { "--struct", "ov_exec_event", "--btf", cli_bin() }, "an ELF file without BTF (no "
		  ".BTF section; a BPF object built with clang -g has one)\n" },
		{ { "--struct", "ov_exec_event", "--btf", "/nonexistent/x.o" }, "cannot read" },
		{ { "--btf", obj, "8" }, "needs --struct" },
		{ { "--plot", png, "--struct", "nope", "--btf", obj }, "not found" },
	};
	size_t i;
	int fd;

	tmp_dir(dir, sizeof(dir), "ov-bad");
	snprintf(png, sizeof(png), "%s/bad.png", dir);
	snprintf(junk, sizeof(junk), "%s/junk.o", dir);
	fd = open(junk, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	cr_assert(fd >= 0, "create the junk file");
	cr_assert_eq(write(fd, "this is not BTF\n", 16), 16, "write the junk file");
	close(fd);

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ov_expect_bad(i, cases[i].args, cases[i].says);
	cr_expect(access(png, F_OK), "no plot written by a bad command");
	cr_expect_eq(tmp_count_entries(dir), 1, "only the junk file in %s", dir);
	unlink(junk);
	rmdir(dir);
}

/* the kernel part of --verify: skipped with a note, or a failure when the kernel is required */
Test(overhead_kernel, verify_without_privileges)
{
	static const char *const noreq[] = { "RBSIM_REQUIRE_KERNEL=0", NULL };
	static const char *const req[] = { "RBSIM_REQUIRE_KERNEL=1", NULL };
	static const char *const args[] = { "--verify", "8", "16", NULL };
	struct cli_run r = { 0 };

	cli_exec(&r, "overhead", args, &(struct cli_opts){ .env = noreq, .drop_caps = true });
	cr_expect_eq(r.status, 0, "the port part still runs: exit 0, got %d: %s", r.status, r.err);
	cr_expect(strstr(r.err, "rbsim overhead: kernel: skipped (needs root or "
			 "CAP_BPF+CAP_PERFMON (missing "), "the skip is noted: %s", r.err);
	cr_expect(strstr(r.out, "8"), "the table: %s", r.out);

	cli_exec(&r, "overhead", args, &(struct cli_opts){ .env = req, .drop_caps = true });
	cr_expect_eq(r.status, 1, "RBSIM_REQUIRE_KERNEL=1: exit 1, got %d: %s", r.status, r.err);
	cr_expect(strstr(r.err, "rbsim overhead: kernel: FAIL: needs root or CAP_BPF+CAP_PERFMON "
			 "(missing ") && strstr(r.err, "(RBSIM_REQUIRE_KERNEL is set)\n"),
		  "says why: %s", r.err);
	cli_free(&r);
}
