// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim overhead --mix, --mix-file: an event mix under each reservation
 * strategy. The figures of a mix worked out by hand, the largest-struct
 * strategy against reservations on the port, the CSV and JSON columns,
 * --verify's port measurements, and every bad SPEC or file line (exit 2, one
 * exact line).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ringbuf/ringbuf.h"
#include "tests/helpers/cli.h"
#include "tests/helpers/overhead.h"
#include "tests/helpers/tmpdir.h"
#include "tests/helpers/timeout.h"

TestSuite(overhead_mix, .timeout = RBSIM_TEST_TIMEOUT(OV_TIMEOUT));

/*
 * The mix: a 24-byte event 6 times in 10, a 100-byte one 3 times, a
 * 2000-byte one once. Footprints, round_up(size + 8, 8): 32, 112, 2008.
 *  exact (and output, dynptr): (6 * 32 + 3 * 112 + 1 * 2008) / 10 = 2536 / 10
 *    = 253.6 bytes per event; payload (6 * 24 + 3 * 100 + 2000) / 10 = 244.4;
 *    wasted 1 - 2444 / 2536 = 92 / 2536 = 0.036278; per MiB 1048576 / 253.6 =
 *    4134.763407; a 512 KiB ring: floor(524287 * 10 / 2536) = 2067 events.
 *  max: 2008 bytes per event; wasted 1 - 244.4 / 2008 = 0.878287; per MiB
 *    1048576 / 2008 = 522.199203; the ring: floor(524287 / 2008) = 261.
 *  exact holds 2008 / 253.6 = 7.917981 times the events of max.
 */
/* a file name in a new temporary directory (removed at exit) */
static void mix_tmp(char *path, size_t len, const char *name)
{
	char dir[400];

	tmp_dir(dir, sizeof(dir), "mix");
	tmp_path(path, len, "%s/%s", dir, name);
}

#define MIX_SPEC "small:24:6,mid:100:3,big:2000:1"

static const char mix_csv[] =
	"strategy,ring_size,types,total_weight,max_size,bytes_per_event,payload_per_event,"
	"records_per_mib,wasted_fraction,ring_events,events_vs_max,ns_per_event_port\n"
	"exact,524288,3,10,2000,253.600000,244.400000,4134.763407,0.036278,2067,7.917981,\n"
	"max,524288,3,10,2000,2008.000000,244.400000,522.199203,0.878287,261,1.000000,\n"
	"output,524288,3,10,2000,253.600000,244.400000,4134.763407,0.036278,2067,7.917981,\n"
	"dynptr,524288,3,10,2000,253.600000,244.400000,4134.763407,0.036278,2067,7.917981,\n";

Test(overhead_mix, hand_computed_csv)
{
	static const char *const args[] = { "--format", "csv", "--mix", MIX_SPEC, NULL };
	struct cli_run r = cli_cmd("overhead", args);

	cr_assert_eq(r.status, 0, "exit 0 (stderr: %s)", r.err);
	cr_expect_str_eq(r.out, mix_csv);
	cr_expect_str_empty(r.err);
	cli_free(&r);
}

/* max's events per ring are what the port accepts of 2000-byte reservations */
Test(overhead_mix, max_ring_events_against_port)
{
	struct bpf_ringbuf_map *map = ringbuf_map__new(512 * 1024, 0);
	unsigned long n = 0;
	void *rec;

	cr_assert(map, "ringbuf_map__new");
	while ((rec = bpf_ringbuf_reserve(map, 2000, 0))) {
		bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
		n++;
	}
	ringbuf_map__free(map);
	cr_expect_eq(n, 261, "the port holds %lu 2000-byte records in 512 KiB", n);
}

Test(overhead_mix, text_verdict)
{
	static const char *const args[] = { "--mix", MIX_SPEC, NULL };
	struct cli_run r = cli_cmd("overhead", args);

	cr_assert_eq(r.status, 0, "exit 0 (stderr: %s)", r.err);
	cr_expect(strstr(r.out, "\nverdict: exact, output and dynptr hold 7.92x the events of max "
			 "in the same ring (253.60 vs 2008.00 bytes per event); output costs one "
			 "more copy per event (--verify times it on the port)\n"), "%s", r.out);
	cr_expect(strstr(r.out, "  max       the largest struct, 2000 bytes"), "%s", r.out);
	cli_free(&r);
}

/* the file form, with comments, blank lines and tabs, says the same as the SPEC */
Test(overhead_mix, file_same_as_spec)
{
	char path[512];
	const char *args[] = { "--format", "csv", "--mix-file", path, NULL };
	struct cli_run r;
	FILE *f;

	mix_tmp(path, sizeof(path), "mix-file.txt");
	f = fopen(path, "w");
	cr_assert(f, "fopen %s", path);
	fputs("# name size weight\n\nsmall\t24 6   # most events\n  mid 100 3\nbig 2000 1", f);
	fclose(f);
	r = cli_cmd("overhead", args);
	cr_assert_eq(r.status, 0, "exit 0 (stderr: %s)", r.err);
	cr_expect_str_eq(r.out, mix_csv);
	unlink(path);
	cli_free(&r);
}

Test(overhead_mix, json_document)
{
	static const char *const args[] = { "--format", "json", "--mix", MIX_SPEC, NULL };
	struct cli_run r = cli_cmd("overhead", args);

	cr_assert_eq(r.status, 0, "exit 0 (stderr: %s)", r.err);
	ov_expect_jq(r.out, ".ring_size == 524288 and .total_weight == 10 and "
		     ".max_size == 2000 and "
		     "([.types[].name] == [\"small\", \"mid\", \"big\"]) and "
		     "([.types[].footprint] == [32, 112, 2008]) and .types[0].share == 0.6 and "
		     "all(.types[]; .measured == null) and "
		     "([.strategies[].name] == [\"exact\", \"max\", \"output\", \"dynptr\"]) and "
		     "all(.strategies[]; .applies and .ns_per_event_port == null) and "
		     ".strategies[0].bytes_per_event == 253.6 and "
		     ".strategies[0].ring_events == 2067 and "
		     ".strategies[1].bytes_per_event == 2008 and "
		     ".strategies[1].ring_events == 261 and "
		     "(.verdict | startswith(\"exact, output and dynptr hold 7.92x\"))");
	cli_free(&r);
}

/* --verify: every strategy's footprint on the port as computed, and a time for each */
Test(overhead_mix, verify_on_port)
{
	static const char *const args[] = { "--verify", "--format", "json", "--mix", MIX_SPEC,
					    NULL };
	struct cli_run r = cli_cmd("overhead", args);

	cr_assert_eq(r.status, 0, "exit 0 (stderr: %s)", r.err);
	ov_expect_jq(r.out, "all(.types[]; .measured.exact.footprint == .footprint and "
		     ".measured.output.footprint == .footprint and "
		     ".measured.dynptr.footprint == .footprint and "
		     ".measured.max.footprint == 2008 and "
		     "([.measured[].ns_per_record] | all(. > 0))) and "
		     "all(.strategies[]; .ns_per_event_port > 0) and "
		     "(.verdict | test(\"; output costs [-+][0-9.]+ ns per event on the port\"))");
	cli_free(&r);
}

/*
 * A type above bpf_ringbuf_reserve_dynptr()'s 16 MiB - 1 leaves dynptr out,
 * and a record larger than the ring holds none: 16777216 + 8 bytes in a 4 KiB
 * ring. exact: (16777224 + 16) / 2 = 8388620 bytes per event, 0 in the ring;
 * max: 16777224, 16777224 / 8388620 = 1.999998 times exact's.
 */
Test(overhead_mix, dynptr_limit_and_oversized)
{
	static const char *const args[] = { "--format", "csv", "--ring-size", "4096", "--mix",
					    "huge:16M:1,tiny:8:1", NULL };
	static const char *const text[] = { "--ring-size", "4096", "--mix", "huge:16M:1,tiny:8:1",
					    NULL };
	struct cli_run r = cli_cmd("overhead", args);

	cr_assert_eq(r.status, 0, "exit 0 (stderr: %s)", r.err);
	cr_expect(strstr(r.out, "\nexact,4096,2,2,16777216,8388620.000000,8388612.000000,"
			 "0.125000,0.000001,0,1.999998,\n"), "%s", r.out);
	cr_expect(strstr(r.out, "\ndynptr,4096,2,2,16777216,,,,,,,\n"), "%s", r.out);
	cli_free(&r);
	r = cli_cmd("overhead", text);
	cr_assert_eq(r.status, 0, "exit 0 (stderr: %s)", r.err);
	cr_expect(strstr(r.out, "verdict: exact and output hold 2.00x"), "%s", r.out);
	cr_expect(strstr(r.out, "note: type huge (16777224 bytes in the ring) is as large as "
			 "the ring or larger: every one is refused\n"), "%s", r.out);
	cli_free(&r);
}

/*
 * A record exactly as large as the ring is refused (new_prod_pos - cons_pos
 * would exceed the mask): --verify leaves it untimed and measures the rest.
 * 4088 + 8 = 4096 bytes in a 4096-byte ring.
 */
Test(overhead_mix, verify_record_as_large_as_ring)
{
	static const char *const args[] = { "--verify", "--format", "json", "--ring-size", "4096",
					    "--mix", "whole:4088:1,small:8:1", NULL };
	struct cli_run r = cli_cmd("overhead", args);

	cr_assert_eq(r.status, 0, "exit 0 (stderr: %s)", r.err);
	ov_expect_jq(r.out, "([.types[0].measured[]] == [null, null, null, null]) and "
		     ".types[1].measured.exact.footprint == 16 and "
		     ".types[1].measured.max == null and .strategies[1].ring_events == 0 and "
		     "all(.strategies[]; .ns_per_event_port == null)");
	cli_free(&r);
}

Test(overhead_mix, plot_writes_png)
{
	ov_expect_plot("--mix", MIX_SPEC);
}

/* exit 2, exactly this line on stderr, nothing on stdout */
static void mix_expect_bad(size_t i, const char *const *args, const char *line)
{
	struct cli_run r = cli_cmd("overhead", args);
	char want[1024];

	snprintf(want, sizeof(want), "rbsim overhead: %s\n", line);
	cr_expect_eq(r.status, 2, "case %zu: exit 2, got %d", i, r.status);
	cr_expect_str_empty(r.out, "case %zu: nothing on stdout", i);
	cr_expect_str_eq(r.err, want, "case %zu", i);
	cli_free(&r);
}

Test(overhead_mix, bad_spec)
{
	struct {
		const char *args[6];
		const char *line;
	} cases[] = {
		{ { "--mix", "a:24" }, "--mix a:24: entry 1: expected name:size:weight, "
		  "e.g. exec:112:10" },
		{ { "--mix", "a:1:1:1" }, "--mix a:1:1:1: entry 1: expected name:size:weight, "
		  "e.g. exec:112:10" },
		{ { "--mix", "" }, "--mix '': entry 1: expected name:size:weight, "
		  "e.g. exec:112:10" },
		{ { "--mix", "a:1:1," }, "--mix a:1:1,: entry 2: expected name:size:weight, "
		  "e.g. exec:112:10" },
		{ { "--mix", "a:24:0" }, "--mix a:24:0: entry 1 (a): weight 0: out of range "
		  "(1-4294967295)" },
		{ { "--mix", "a:24:5G" }, "--mix a:24:5G: entry 1 (a): weight 5G: out of range "
		  "(1-4294967295)" },
		{ { "--mix", "a:-1:1" }, "--mix a:-1:1: entry 1 (a): size -1: out of range "
		  "(0-1073741823)" },
		{ { "--mix", "a:x:1" }, "--mix a:x:1: entry 1 (a): size x: not a number" },
		{ { "--mix", "a:1G:1" }, "--mix a:1G:1: entry 1 (a): size 1G: out of range "
		  "(0-1073741823)" },
		{ { "--mix", "a:1:1,b:2:x" }, "--mix a:1:1,b:2:x: entry 2 (b): weight x: not a "
		  "number" },
		{ { "--mix", "a:1:1,a:2:2" }, "--mix a:1:1,a:2:2: entry 2: type a named twice" },
		{ { "--mix", ":1:1" }, "--mix :1:1: entry 1: a name of 1 to 31 characters is "
		  "needed" },
		{ { "--mix", "a/b:1:1" }, "--mix a/b:1:1: entry 1: name 'a/b': letters, digits, "
		  "'_', '.' and '-' only" },
		{ { "--mix", "a:1:1", "--mix", "b:1:1" }, "--mix b:1:1: given twice: one SPEC "
		  "holds every type, name:size:weight,..." },
		{ { "--mix", "a:1:1", "8" }, "--mix describes the events: no SIZE, --sweep or "
		  "--struct with it" },
		{ { "--mix", "a:1:1", "--sweep", "1-4" }, "--mix describes the events: no SIZE, "
		  "--sweep or --struct with it" },
		{ { "--mix" }, "--mix: needs an argument" },
		{ { "--mix", "a:1:1", "--btf", "x.o" }, "--btf x.o needs --struct NAME" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		mix_expect_bad(i, cases[i].args, cases[i].line);
}

Test(overhead_mix, bad_file)
{
	struct {
		const char *text;
		const char *line; /* after "--mix-file PATH: " */
	} cases[] = {
		{ "a 24\n", "line 1: expected 'name size weight', got 2 fields" },
		{ "# types\na 24 1 x\n", "line 2: expected 'name size weight', got more than 3 "
		  "fields" },
		{ "a\n", "line 1: expected 'name size weight', got 1 fields" },
		{ "a x 1\n", "line 1 (a): size x: not a number" },
		{ "a 24 0\n", "line 1 (a): weight 0: out of range (1-4294967295)" },
		{ "a 24 1\n\na 32 1\n", "line 3: type a named twice" },
		{ "a,b 24 1\n", "line 1: name 'a,b': letters, digits, '_', '.' and '-' only" },
		{ "# nothing\n\n", "no event types in it" },
		{ "", "no event types in it" },
	};
	char path[512], dir[512], want[1024];
	const char *args[] = { "--mix-file", path, NULL };
	size_t i;
	FILE *f;

	mix_tmp(path, sizeof(path), "mix-bad.txt");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		f = fopen(path, "w");
		cr_assert(f, "fopen %s", path);
		fputs(cases[i].text, f);
		fclose(f);
		snprintf(want, sizeof(want), "--mix-file %s: %s", path, cases[i].line);
		mix_expect_bad(i, args, want);
	}
	unlink(path);
	snprintf(want, sizeof(want), "--mix-file %s: cannot read: No such file or directory",
		 path);
	mix_expect_bad(100, args, want);
	tmp_dir(dir, sizeof(dir), "mix-dir");
	args[1] = dir;
	snprintf(want, sizeof(want), "--mix-file %s: cannot read: Is a directory", dir);
	mix_expect_bad(101, args, want);
	{
		static const char *const both[] = { "--mix", "a:1:1", "--mix-file", "x", NULL };

		mix_expect_bad(102, both, "--mix and --mix-file: give one of them");
	}
}
