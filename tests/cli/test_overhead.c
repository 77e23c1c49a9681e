// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim overhead: the calculator's figures against the ports. Each test runs
 * build/rbsim (env RBSIM_BIN), parses its CSV or JSON, and checks the numbers
 * against reservations on the ring buffer port and records written through the
 * perf buffer port, so a wrong formula in the command and a wrong port cannot
 * agree by accident. (--btf and the kernel part of --verify:
 * tests/bpf/test_overhead_kernel.c.)
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "ringbuf/ringbuf.h"
#include "ringbuf/perfbuf.h"
#include "tests/helpers/cli.h"
#include "tests/helpers/overhead.h"
#include "tests/helpers/tmpdir.h"
#include "tests/helpers/timeout.h"

/* ---- the ports, as the oracle ---- */

/* producer_pos move of one reservation of size bytes on a fresh port ring */
static uint64_t ov_port_rb_footprint(uint64_t size)
{
	struct bpf_ringbuf_map *map = ringbuf_map__new(1 << 20, 0);
	uint64_t before, after;
	void *rec;

	cr_assert(map, "ringbuf_map__new");
	before = bpf_ringbuf_query(map, BPF_RB_PROD_POS);
	rec = bpf_ringbuf_reserve(map, size, 0);
	cr_assert(rec, "reserve %llu bytes on a 1 MiB ring", (unsigned long long)size);
	bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
	after = bpf_ringbuf_query(map, BPF_RB_PROD_POS);
	ringbuf_map__free(map);
	return after - before;
}

/* records an empty port ring of ring_size bytes accepts before the first refusal */
static uint64_t ov_port_rb_capacity(uint32_t ring_size, uint64_t size)
{
	struct bpf_ringbuf_map *map = ringbuf_map__new(ring_size, 0);
	uint64_t n = 0;
	void *rec;

	cr_assert(map, "ringbuf_map__new(%u)", ring_size);
	while ((rec = bpf_ringbuf_reserve(map, size, 0))) {
		bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
		n++;
	}
	ringbuf_map__free(map);
	return n;
}

/* a perf buffer on simulated CPU 0, read through the libbpf-like consumer port */
struct ov_pb {
	struct perf_event_array *array;
	struct perfbuf_consumer *pb;
	struct perf_event_mmap_page *hdr;
	char payload[65536];
	uint32_t last_size; /* size the last sample callback got */
	uint64_t samples, lost;
};

static void ov_pb_sample(void *ctx, int cpu, void *data, __u32 size)
{
	struct ov_pb *p = ctx;

	(void)cpu, (void)data;
	p->last_size = size;
	p->samples++;
}

static void ov_pb_lost(void *ctx, int cpu, __u64 cnt)
{
	struct ov_pb *p = ctx;

	(void)cpu;
	p->lost += cnt;
}

static struct ov_pb *ov_pb_new(size_t pages)
{
	struct ov_pb *p = calloc(1, sizeof(*p));

	cr_assert(p, "calloc");
	cr_assert_eq(perf_cpu__set_current(0), 0, "perf_cpu__set_current(0)");
	p->array = perf_event_array__new(1);
	cr_assert(p->array, "perf_event_array__new(1)");
	p->pb = perfbuf_consumer__new(p->array, pages, ov_pb_sample, ov_pb_lost, p, NULL);
	cr_assert(p->pb, "perfbuf_consumer__new(%zu pages)", pages);
	p->hdr = perf_ring__mmap_page(perfbuf_consumer__ring(p->pb, 0));
	cr_assert(p->hdr, "the CPU 0 buffer's user page");
	return p;
}

static void ov_pb_free(struct ov_pb *p)
{
	perfbuf_consumer__free(p->pb);
	perf_event_array__free(p->array);
	free(p);
}

/* bpf_perf_event_output() of size bytes on CPU 0 */
static long ov_pb_out(struct ov_pb *p, uint64_t size)
{
	return bpf_perf_event_output(p->array, BPF_F_CURRENT_CPU, p->payload, size);
}

static uint64_t ov_pb_head(struct ov_pb *p)
{
	/* (C): pairs with the producer's data_head store-release (B, ringbuf/perfbuf.c) */
	return __atomic_load_n(&p->hdr->data_head, __ATOMIC_ACQUIRE);
}

/* ---- tests ---- */

TestSuite(overhead, .timeout = RBSIM_TEST_TIMEOUT(OV_TIMEOUT));

Test(overhead, seed_cases)
{
	static const char *const args[] = { "112", "38", "39", "8", NULL };
	static const long long want[][3] = {
		/* size, footprint, padding */
		{ 112, 120, 0 }, { 38, 48, 2 }, { 39, 48, 1 }, { 8, 16, 0 },
	};
	struct ov_csv c;
	size_t i;

	ov_csv_run(&c, args);
	cr_assert_eq(c.nrows, 4, "one row per size");
	for (i = 0; i < 4; i++) {
		cr_expect_eq(ov_num(&c, i, "size"), want[i][0], "size of row %zu", i);
		cr_expect_eq(ov_num(&c, i, "rb_footprint"), want[i][1], "ringbuf footprint of %lld",
			     want[i][0]);
		cr_expect_eq(ov_num(&c, i, "rb_header"), 8, "ringbuf header of %lld", want[i][0]);
		cr_expect_eq(ov_num(&c, i, "rb_padding"), want[i][2], "ringbuf padding of %lld",
			     want[i][0]);
		cr_expect_eq((uint64_t)ov_num(&c, i, "rb_footprint"),
			     ov_port_rb_footprint((uint64_t)want[i][0]),
			     "footprint of %lld as the port reserves it", want[i][0]);
	}
	ov_csv_free(&c);
}

/* every size 0..512: data_head moves and callback sizes of the perf buffer port */
Test(overhead, perf_formula_0_to_512_against_port)
{
	static const char *const args[] = { "--sweep", "0-512", NULL };
	struct ov_pb *p = ov_pb_new(128);
	struct ov_csv c;
	size_t i;

	ov_csv_run(&c, args);
	cr_assert_eq(c.nrows, 513, "sizes 0..512");
	for (i = 0; i < c.nrows; i++) {
		uint64_t size = (uint64_t)ov_num(&c, i, "size"), before, fp;

		cr_assert_eq(size, i, "row %zu is size %zu", i, i);
		before = ov_pb_head(p);
		cr_assert_eq(ov_pb_out(p, size), 0, "perf output of %zu bytes", i);
		fp = ov_pb_head(p) - before;
		cr_expect_eq((uint64_t)ov_num(&c, i, "pf_footprint"), fp,
			     "perf footprint of %zu: data_head moved %llu", i,
			     (unsigned long long)fp);
		cr_expect_eq(ov_num(&c, i, "pf_footprint") - ov_num(&c, i, "rb_footprint"),
			     ov_num(&c, i, "pf_minus_rb"), "pf_minus_rb of %zu", i);
		cr_assert_eq(perfbuf_consumer__consume(p->pb), 0, "consume");
		cr_expect_eq(p->samples, i + 1, "sample %zu delivered", i);
		cr_expect_eq((long long)p->last_size, ov_num(&c, i, "pf_raw_size"),
			     "raw size the callback gets for %zu", i);
		cr_expect_eq(ov_num(&c, i, "pf_padding"),
			     ov_num(&c, i, "pf_footprint") - 12 - (long long)size,
			     "perf padding of %zu", i);
	}
	cr_expect_eq(p->lost, 0, "no record lost");
	ov_csv_free(&c);
	ov_pb_free(p);
}

Test(overhead, ringbuf_capacity_against_port_reservations)
{
	static const char *const rings[] = { "4096", "8192", "64K", "1M" };
	static const uint32_t ring_bytes[] = { 4096, 8192, 65536, 1 << 20 };
	static const char *const sizes[] = { "0", "1", "8", "39", "112", "1000", "4080", "4088",
					     "4089", "5000", NULL };
	size_t r, i;

	for (r = 0; r < 4; r++) {
		const char *args[16] = { "--ring-size", rings[r] };
		struct ov_csv c;
		int n = 2;

		for (i = 0; sizes[i]; i++)
			args[n++] = sizes[i];
		ov_csv_run(&c, args);
		cr_assert_eq(c.nrows, i, "one row per size");
		for (i = 0; i < c.nrows; i++) {
			uint64_t size = (uint64_t)ov_num(&c, i, "size");

			cr_expect_eq(ov_num(&c, i, "ring_size"), ring_bytes[r], "ring_size column");
			cr_expect_eq((uint64_t)ov_num(&c, i, "rb_capacity"),
				     ov_port_rb_capacity(ring_bytes[r], size),
				     "records of %llu bytes in a %u-byte ring, as the port takes",
				     (unsigned long long)size, ring_bytes[r]);
		}
		ov_csv_free(&c);
	}
}

Test(overhead, perf_capacity_against_port)
{
	static const char *const pages[] = { "1", "2", "8" };
	static const char *const sizes[] = { "0", "8", "112", "1000", "4084", "4085", "5000",
					     NULL };
	size_t pg, i;

	for (pg = 0; pg < 3; pg++) {
		const char *args[16] = { "--perf-pages", pages[pg], "--cpus", "3" };
		struct ov_csv c;
		int n = 4;

		for (i = 0; sizes[i]; i++)
			args[n++] = sizes[i];
		ov_csv_run(&c, args);
		for (i = 0; i < c.nrows; i++) {
			struct ov_pb *p = ov_pb_new((size_t)atoi(pages[pg]));
			uint64_t size = (uint64_t)ov_num(&c, i, "size"), got = 0;

			while (!ov_pb_out(p, size))
				got++;
			cr_expect_eq((uint64_t)ov_num(&c, i, "pf_capacity_per_cpu"), got,
				     "records of %llu bytes in %s perf pages, as the port takes",
				     (unsigned long long)size, pages[pg]);
			cr_expect_eq(ov_num(&c, i, "pf_capacity_all_cpus"),
				     3 * ov_num(&c, i, "pf_capacity_per_cpu"), "3 CPUs' worth");
			ov_pb_free(p);
		}
		ov_csv_free(&c);
	}
}

/* perf_event_header.size is a u16: the largest raw payload the perf buffer port takes */
Test(overhead, perf_record_limit)
{
	static const char *const args[] = { "65516", "65517", NULL };
	struct ov_pb *p = ov_pb_new(32);
	struct ov_csv c;
	uint64_t before = ov_pb_head(p);

	ov_csv_run(&c, args);
	cr_assert_eq(ov_pb_out(p, 65516), 0, "the port takes 65516 bytes");
	cr_expect_eq(ov_num(&c, 0, "pf_footprint"), (long long)(ov_pb_head(p) - before),
		     "65516 bytes: footprint as data_head moved");
	cr_expect_eq(ov_pb_out(p, 65517), -E2BIG, "the port refuses 65517 bytes");
	cr_expect_eq(ov_num(&c, 1, "pf_footprint"), -1, "65517 bytes: no perf footprint");
	cr_expect_eq(ov_num(&c, 1, "pf_capacity_per_cpu"), -1, "65517 bytes: no perf capacity");
	cr_expect_eq(ov_num(&c, 1, "rb_footprint"), 65528, "65517 bytes: ringbuf footprint");
	ov_csv_free(&c);
	ov_pb_free(p);
}

/* "same cost up to" and "cheaper at", checked by reserving the neighbours on the port */
Test(overhead, advice_against_port)
{
	static const char *const args[] = { "0", "1", "7", "8", "9", "38", "39", "112", "113",
					    "4096", NULL };
	struct ov_csv c;
	size_t i;

	ov_csv_run(&c, args);
	for (i = 0; i < c.nrows; i++) {
		uint64_t size = (uint64_t)ov_num(&c, i, "size");
		uint64_t fp = ov_port_rb_footprint(size);
		long long grow = ov_num(&c, i, "rb_same_cost_up_to");
		long long cheap = ov_num(&c, i, "rb_cheaper_at");

		cr_assert_geq(grow, (long long)size, "room to grow of %llu is not negative",
			      (unsigned long long)size);
		cr_expect_eq(ov_port_rb_footprint((uint64_t)grow), fp,
			     "%lld costs as much as %llu", grow, (unsigned long long)size);
		cr_expect_gt(ov_port_rb_footprint((uint64_t)grow + 1), fp,
			     "%lld costs more than %llu", grow + 1, (unsigned long long)size);
		if (size == 0) {
			cr_expect_eq(cheap, -1, "nothing is cheaper than an empty record");
			cr_expect_eq(ov_num(&c, i, "rb_saves"), -1, "no saving below 0");
			continue;
		}
		cr_assert_geq(cheap, 0, "a cheaper payload exists below %llu",
			      (unsigned long long)size);
		cr_expect_lt(ov_port_rb_footprint((uint64_t)cheap), fp, "%lld is cheaper than %llu",
			     cheap, (unsigned long long)size);
		cr_expect_eq(ov_port_rb_footprint((uint64_t)cheap + 1), fp,
			     "%lld is the largest cheaper payload below %llu", cheap,
			     (unsigned long long)size);
		cr_expect_eq((uint64_t)ov_num(&c, i, "rb_saves"),
			     fp - ov_port_rb_footprint((uint64_t)cheap), "bytes saved at %lld",
			     cheap);
	}
	/* the example: 39 -> 38 saves nothing, 32 is the first that does */
	cr_expect_eq(ov_num(&c, 6, "rb_cheaper_at"), 32, "39 bytes: cheaper at 32");
	cr_expect_eq(ov_num(&c, 6, "rb_same_cost_up_to"), 40, "39 bytes: same cost up to 40");
	ov_csv_free(&c);
}

Test(overhead, perf_advice_against_port)
{
	static const char *const args[] = { "0", "4", "5", "12", "13", "112", NULL };
	struct ov_csv c;
	size_t i;

	ov_csv_run(&c, args);
	for (i = 0; i < c.nrows; i++) {
		struct ov_pb *p = ov_pb_new(16);
		uint64_t size = (uint64_t)ov_num(&c, i, "size"), fp, fg, fg1, fc = 0, fc1 = 0;
		long long grow = ov_num(&c, i, "pf_same_cost_up_to");
		long long cheap = ov_num(&c, i, "pf_cheaper_at");
		uint64_t h0 = ov_pb_head(p);

		/* one record each of size, grow, grow + 1, cheap, cheap + 1 */
		cr_assert_eq(ov_pb_out(p, size), 0, "perf output of %llu",
			     (unsigned long long)size);
		fp = ov_pb_head(p) - h0, h0 += fp;
		cr_assert_eq(ov_pb_out(p, (uint64_t)grow), 0, "perf output of %lld", grow);
		fg = ov_pb_head(p) - h0, h0 += fg;
		cr_assert_eq(ov_pb_out(p, (uint64_t)grow + 1), 0, "perf output of %lld", grow + 1);
		fg1 = ov_pb_head(p) - h0, h0 += fg1;
		cr_expect_eq(fg, fp, "perf: %lld costs as much as %llu", grow,
			     (unsigned long long)size);
		cr_expect_gt(fg1, fp, "perf: %lld costs more", grow + 1);
		if (cheap >= 0) {
			cr_assert_eq(ov_pb_out(p, (uint64_t)cheap), 0, "perf output of %lld",
				     cheap);
			fc = ov_pb_head(p) - h0, h0 += fc;
			cr_assert_eq(ov_pb_out(p, (uint64_t)cheap + 1), 0, "perf output of %lld",
				     cheap + 1);
			fc1 = ov_pb_head(p) - h0;
			cr_expect_lt(fc, fp, "perf: %lld is cheaper than %llu", cheap,
				     (unsigned long long)size);
			cr_expect_eq(fc1, fp, "perf: %lld is the largest cheaper payload", cheap);
			cr_expect_eq((uint64_t)ov_num(&c, i, "pf_saves"), fp - fc, "perf saving");
		} else {
			/* 0..4 bytes all cost 16: nothing is cheaper */
			cr_expect_leq(size, 4, "perf: no cheaper payload only for 0..4 bytes");
			cr_expect_eq(fp, 16, "perf: the smallest record");
		}
		ov_pb_free(p);
	}
	ov_csv_free(&c);
}

/* the JSON document is valid and holds the same figures (checked with jq) */
Test(overhead, json_output)
{
	static const char *const args[] = { "--format", "json", "--cpus", "4", "--verify", "112",
					    "39", "70000", NULL };
	char path[512], cmd[2048];
	struct cli_run r = cli_cmd("overhead", args);
	int fd, st;

	cr_assert_eq(r.status, 0, "exit 0 (stderr: %s)", r.err);
	snprintf(path, sizeof(path), "%s/rbsim-ov-json-XXXXXX", tmp_base());
	fd = mkstemp(path);
	cr_assert(fd >= 0, "mkstemp");
	cr_assert_eq(write(fd, r.out, strlen(r.out)), (ssize_t)strlen(r.out), "write JSON");
	close(fd);
	snprintf(cmd, sizeof(cmd),
		 "jq -e '.cpus == 4 and (.sizes | length) == 3 and "
		 ".sizes[0].ringbuf.footprint == 120 and .sizes[0].perfbuf.footprint == 128 and "
		 ".sizes[0].perfbuf.capacity_all_cpus == "
		 "4 * .sizes[0].perfbuf.capacity_per_cpu and "
		 ".sizes[1].ringbuf.cheaper_at == 32 and .sizes[2].perfbuf == null and "
		 ".sizes[0].measured.ringbuf_port.footprint == 120 and "
		 ".sizes[0].measured.perfbuf_port.footprint == 128 and "
		 "all(.sizes[]; .measured.result == \"ok\") and "
		 ".memory.ringbuf.physical_bytes == (.ring_size + 3 * .page_size) and "
		 ".memory.ringbuf.kernel_virtual_bytes == (2 * .ring_size + 3 * .page_size) and "
		 ".memory.perfbuf.physical_bytes == "
		 "(.cpus * (.perf_pages + 1) * .page_size)' %s >/dev/null", path);
	st = system(cmd);
	unlink(path);
	cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 0, "jq accepts the document: %s", r.out);
	cli_free(&r);
}

/* --verify: every measurement on the ports (and the kernel, when it ran) equals the sums */
Test(overhead, verify_sweep)
{
	static const char *const args[] = { "--verify", "--ring-size", "8192", "--perf-pages", "2",
					    "--sweep", "0-300", "8185", "9000", NULL };
	struct ov_csv c;
	size_t i;

	ov_csv_run(&c, args);
	cr_assert_eq(c.nrows, 303, "303 sizes");
	for (i = 0; i < c.nrows; i++) {
		long long cap = ov_num(&c, i, "rb_capacity");
		long long pcap = ov_num(&c, i, "pf_capacity_per_cpu");
		long long fp = cap ? ov_num(&c, i, "rb_footprint") : 0;
		long long pfp = pcap ? ov_num(&c, i, "pf_footprint") : 0;

		cr_expect_str_eq(ov_cell(&c, i, "verify"), "ok", "verify column of row %zu", i);
		cr_expect_eq(ov_num(&c, i, "rb_footprint_port"), fp, "port footprint, row %zu", i);
		cr_expect_eq(ov_num(&c, i, "rb_capacity_port"), cap, "port capacity, row %zu", i);
		cr_expect_eq(ov_num(&c, i, "pf_footprint_port"), pfp,
			     "perf port footprint, row %zu", i);
		cr_expect_eq(ov_num(&c, i, "pf_capacity_port"), pcap, "perf port capacity, row %zu",
			     i);
		/* kernel columns are empty where the kernel side could not run */
		if (*ov_cell(&c, i, "rb_footprint_kernel")) {
			cr_expect_eq(ov_num(&c, i, "rb_footprint_kernel"), fp, "kernel footprint");
			cr_expect_eq(ov_num(&c, i, "rb_capacity_kernel"), cap, "kernel capacity");
		}
		if (*ov_cell(&c, i, "pf_footprint_kernel")) {
			cr_expect_eq(ov_num(&c, i, "pf_footprint_kernel"), pfp,
				     "kernel perf footprint, row %zu", i);
			cr_expect_eq(ov_num(&c, i, "pf_capacity_kernel"), pcap,
				     "kernel perf capacity, row %zu", i);
		}
	}
	/* 8185 and 9000 bytes do not fit an 8 KiB ring: refused, nothing moves */
	cr_expect_eq(ov_num(&c, 301, "rb_capacity"), 0, "8185 bytes: no room in 8192");
	cr_expect_eq(ov_num(&c, 302, "pf_capacity_per_cpu"), 0, "9000 bytes: no room in 2 pages");
	ov_csv_free(&c);
}

Test(overhead, plot_writes_png)
{
	char dir[512], png[600];
	const char *args[] = { "--plot", png, "--sweep", "0-256", NULL };
	struct cli_run r;

	tmp_dir(dir, sizeof(dir), "ov-plot");
	snprintf(png, sizeof(png), "%s/overhead.png", dir);
	r = cli_cmd("overhead", args);
	cr_assert_eq(r.status, 0, "exit 0 (stderr: %s)", r.err);
	tmp_expect_png(png);
	cr_expect_eq(tmp_count_entries(dir), 1, "no temporary file left beside the plot");
	unlink(png);
	rmdir(dir);
	cli_free(&r);
}

/* every bad input: exit 2, one line on stderr, nothing on stdout, no file written */
Test(overhead, bad_input)
{
	char dir[512], png[600];
	struct {
		const char *args[8];
		const char *says;
	} cases[] = {
		{ { "-5" }, "size -5: out of range (0-1073741823)" },
		{ { "8", "-1" }, "size -1: out of range" },
		{ { "abc" }, "size abc: not a number" },
		{ { "12abc" }, "size 12abc: not a number" },
		{ { "1073741824" }, "size 1073741824: out of range (0-1073741823)" },
		{ { "99999999999999999999999" }, "out of range (0-1073741823)" },
		{ { "--sweep", "10-5" }, "--sweep 10-5: start 10 is above end 5" },
		{ { "--sweep", "abc" }, "--sweep abc: expected A-B[:STEP]" },
		{ { "--sweep", "1-x" }, "--sweep 1-x: expected A-B[:STEP]" },
		{ { "--sweep", "1-10:0" }, "--sweep 1-10:0: a STEP of 0" },
		{ { "--sweep", "1-10:-2" }, "--sweep 1-10:-2: negative" },
		{ { "--sweep", "-1-10" }, "--sweep -1-10: out of range (0-1073741823)" },
		{ { "--sweep", "0-1073741824" }, "--sweep 0-1073741824: out of range" },
		{ { "--sweep", "0-1073741823" }, "1073741824 sizes, more than 1048576" },
		{ { "--sweep" }, "--sweep: needs an argument" },
		{ { "--ring-size", "1000", "8" }, "--ring-size 1000: out of range (4096-" },
		{ { "--ring-size", "0", "8" }, "--ring-size 0: out of range" },
		{ { "--ring-size", "12K", "8" }, "--ring-size 12K: not a power of 2" },
		{ { "--ring-size", "8G", "8" }, "--ring-size 8G: out of range (4096-2147483648)" },
		{ { "--ring-size", "abc", "8" }, "--ring-size abc: not a number" },
		{ { "--ring-size", "-4096", "8" }, "--ring-size -4096: out of range" },
		{ { "--perf-pages", "3", "8" }, "--perf-pages 3: not a power of 2" },
		{ { "--cpus", "0", "8" }, "--cpus 0: out of range (1-65536)" },
		{ { "--format", "xml", "8" }, "--format xml: expected text, csv or json" },
		{ { "--bogus", "8" }, "unknown option '--bogus' (see rbsim overhead --help)" },
		{ { NULL }, "no sizes" },
		{ { "--plot", "out.txt", "8" }, ".png" },
		{ { "--plot", "/nonexistent/x.png", "8" }, "cannot write" },
		/* the plot file named in a bad command is never created */
		{ { "--plot", png, "-5" }, "size -5: out of range" },
	};
	size_t i;

	tmp_dir(dir, sizeof(dir), "ov-bad");
	snprintf(png, sizeof(png), "%s/bad.png", dir);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ov_expect_bad(i, cases[i].args, cases[i].says);
	cr_expect(access(png, F_OK), "no plot written by a bad command");
	cr_expect_eq(tmp_count_entries(dir), 0, "nothing left in %s", dir);
	rmdir(dir);
}
