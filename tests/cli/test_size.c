// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim size from the outside, against answers known in closed form. The
 * workload: one producer sends bursts of 64 records of 56 bytes (64 bytes
 * each in the ring, header included: round_up(56 + 8, 8)) every 10 ms; the
 * consumer wakes 20 us after the first (the default --vcosts), long after
 * the burst is in (64 x 50 ns), and keeps up between bursts. A ring of N
 * bytes takes floor((N - 1) / 64) of them when empty (the kernel refuses a
 * reservation that would bring producer_pos - consumer_pos past the mask):
 * 4 KiB takes 63, one short, so each burst drops exactly one record (1/64
 * of them, every seed); 8 KiB takes the burst: the advised size. The perf
 * buffer's record is 72 bytes (8 + round_up(56 + 4, 8)): one page takes 56
 * of a burst, two pages all of it.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/tmpdir.h"
#include "tests/helpers/timeout.h"

TestSuite(size, .timeout = RBSIM_TEST_TIMEOUT(120));

#define BURSTS "--burst", "64", "--burst-every", "10ms", "--size", "56", "-d", "2", "-w", "0", \
	       "--max-ring", "1M", "-q"

/* `rbsim size args...`: its exit status asserted, its stdout (free it) */
static char *size_out(const char *const *args, int status)
{
	struct cli_run r = { 0 };
	char *out;

	cli_exec(&r, "size", args, NULL);
	cr_assert_eq(r.status, status, "rbsim size: exit %d, not %d: %s", r.status, status,
		     r.err);
	out = r.out;
	r.out = NULL;
	cli_free(&r);
	return out;
}

/* the CSV row of ring size ring (bytes, the second column): its value of column key */
static double row_num(const char *csv, unsigned long long ring, const char *key)
{
	char head[512], line[512], *hp = head, *lp = line, *hk, *lv;
	const char *p = csv;
	size_t n = strcspn(csv, "\n");

	cr_assert(csv[n] == '\n' && n < sizeof(head), "a CSV header: %s", csv);
	snprintf(head, sizeof(head), "%.*s", (int)n, csv);
	for (p += n + 1; *p; p += n + (p[n] == '\n')) {
		const char *c = strchr(p, ',');

		n = strcspn(p, "\n");
		if (c && (size_t)(c - p) < n && strtoull(c + 1, NULL, 10) == ring)
			break;
	}
	cr_assert(*p, "a row for %llu bytes: %s", ring, csv);
	snprintf(line, sizeof(line), "%.*s", (int)n, p);
	/* strsep: empty fields count */
	while ((hk = strsep(&hp, ",")) && (lv = strsep(&lp, ","))) {
		if (!strcmp(hk, key)) {
			cr_assert(*lv, "%s of %llu bytes is empty", key, ring);
			return strtod(lv, NULL);
		}
	}
	cr_assert_fail("no column %s", key);
	return 0;
}

Test(size, bursts_closed_form)
{
	const char *args[] = { BURSTS, "--format", "csv", NULL };
	char *csv = size_out(args, 0);

	cr_expect_eq(row_num(csv, 8192, "advised"), 1, "8 KiB advised: %s", csv);
	cr_expect_eq(row_num(csv, 8192, "drop_hi"), 0, "8 KiB holds every burst");
	cr_expect_eq(row_num(csv, 4096, "advised"), 0, "4 KiB is the next smaller");
	cr_expect_eq(row_num(csv, 4096, "drop"), 1.0 / 64, "one drop a burst at 4 KiB");
	cr_expect_eq(row_num(csv, 4096, "drop_lo"), 1.0 / 64, "the same at every seed");
	cr_expect_eq(row_num(csv, 4096, "drop_hi"), 1.0 / 64, "the same at every seed");
	cr_expect_eq(row_num(csv, 4096, "meets"), 0, "the next smaller does not meet");
	/* memory: kernel pages 3 + data; user space maps the 2 position pages and data twice */
	cr_expect_eq(row_num(csv, 8192, "phys_bytes"), 5 * 4096, "physical pages");
	cr_expect_eq(row_num(csv, 8192, "virt_bytes"), 6 * 4096, "address space");
	cr_expect_gt(row_num(csv, 8192, "mem_usage"), 5 * 4096, "mem_usage charges the pages");
	/*
	 * a stall from the start: 4 KiB overflows at the 64th record of the first
	 * burst (63 x 50 ns, and the first record's notification, 1000 ns);
	 * 8 KiB at the 64th of the second burst, 10 ms + 63 x 50 ns later
	 */
	cr_expect_eq(row_num(csv, 4096, "overflow_ns"), 63 * 50 + 1000, "4 KiB overflows");
	cr_expect_eq(row_num(csv, 8192, "overflow_ns"), 10000000 + 63 * 50, "8 KiB overflows");
	free(csv);
}

Test(size, perf_buffer_pages_per_cpu)
{
	/* notify=0: the perf buffer wakes for each sample, whose cost would space the burst */
	const char *args[] = { BURSTS, "--transport", "perfbuf", "--vcosts", "notify=0",
			       "--format", "json", NULL };
	char *json = size_out(args, 0);

	cr_expect_eq(cli_json_num(json, "advised_bytes"), 8192, "two pages a CPU: %s", json);
	cr_expect(strstr(json, "{\"ring_bytes\":4096,\"pages\":1,") &&
		  strstr(json, "\"mem_usage\":null,\"peak_bytes\":4032,\"meets\":false}"),
		  "one page drops, full at 56 samples of 72 bytes: %s", json);
	cr_expect(strstr(json, "{\"ring_bytes\":8192,\"pages\":2,") &&
		  strstr(json, "\"peak_bytes\":4608,\"meets\":true}"),
		  "two pages hold the burst's 64 whole: %s", json);
	free(json);
}

Test(size, same_options_same_report)
{
	const char *args[] = { "--rate", "20000", "--arrivals", "poisson", "--stall", "20",
			       "--stall-every", "300", "-d", "2", "-w", "0", "--max-ring", "256K",
			       "--format", "json", "-q", NULL };
	char *a = size_out(args, 0), *b = size_out(args, 0);

	cr_expect_str_eq(a, b, "byte for byte");
	free(a);
	free(b);
}

/*
 * --vcosts idle=: a consumer apart that slept 50 ms before each burst of
 * 2000 (made in 100 us) wakes 200 us after its first notification, after
 * the burst, and 256 KiB drops the 2000 - 262144 / 136 of it that do not
 * fit, all but the first burst (at 0, after no sleep: woken in wake, 20
 * us): 19 of the 20 of a second. 512 KiB is advised, as on the producer's
 * CPU. The JSON says the costs the search ran with, and no profile.
 */
Test(size, idle_wake_ups_move_the_advice)
{
	const char *args[] = { "--burst", "2000", "--burst-every", "50ms", "--size", "128",
			       "--consumer-work", "1us", "-d", "1", "-w", "0", "--max-drop", "1e-3",
			       "--min-ring", "256K", "--max-ring", "1M", "-q", "--format", "json",
			       "--vcosts", "idle=1ms:200us", NULL };
	char *a = size_out(args, 0), want[200];

	cr_expect_eq(cli_json_num(a, "advised_bytes"), 524288, "512 KiB apart: %s", a);
	snprintf(want, sizeof(want), "{\"ring_bytes\":262144,\"pages\":64,\"seeds\":5,"
		 "\"drop\":%g,", 19.0 * (2000 - 262144 / 136) / 40000);
	cr_expect(strstr(a, want), "%s at 256 KiB: %s", want, a);
	cr_expect(strstr(a, "\"vcosts\":\"produce=50,notify=1000,wake=20000,poll=2000,"
			    "record=20,refuse=50,idle=1000000:200000\",\"profile\":null,"),
		  "the costs: %s", a);
	free(a);
}

/*
 * The host's stops (--vcosts hoststop=, the consumer polled between records
 * 20 us apart so that both CPUs run): the advice holds a stop's records;
 * the search again without them advises what a run without hoststop=
 * advises, and the report says both, with each size's stops (none without)
 */
#define STEADY "--rate", "50000", "--size", "64", "--consumer-work", "2us", "-d", "3", "-w", \
	       "0", "--max-drop", "1e-3", "--seeds", "3", "-q"
Test(size, host_stops_move_the_advice)
{
	const char *plain[] = { STEADY, "--vcosts", "haltpoll=194us", "--format", "json", NULL };
	const char *stops[] = { STEADY, "--vcosts", "haltpoll=194us,hoststop=185ms/100ms/80ms",
				"--format", "json", NULL };
	char *a = size_out(plain, 0), *b, want[96];
	double without = cli_json_num(a, "advised_bytes"), with;
	const char *pt;

	cr_expect(strstr(a, "\"advised_without_host_stops_bytes\":null"), "not asked: %s", a);
	cr_expect(strstr(a, "\"host_stops\":null,\"host_stops_consumer\":null,"),
		  "no stops: %s", a);
	b = size_out(stops, 0);
	with = cli_json_num(b, "advised_bytes");
	cr_expect_eq(cli_json_num(b, "advised_without_host_stops_bytes"), without,
		     "the search without the stops: %g, alone %g", cli_json_num(b,
		     "advised_without_host_stops_bytes"), without);
	/* 5,000 records of 72 bytes a 100 ms stop: a ring that holds them */
	cr_expect_geq(with, 5000 * 72, "a stop's records: %g", with);
	snprintf(want, sizeof(want), "{\"ring_bytes\":%.0f,", with);
	pt = strstr(b, want);
	cr_assert_not_null(pt, "the advised size's point: %s", b);
	pt = strstr(pt, "\"host_stops\":");
	cr_assert_not_null(pt, "its stops: %s", b);
	cr_expect_gt(strtod(pt + strlen("\"host_stops\":"), NULL), 0, "stopped: %s", pt);
	free(a);
	free(b);

	stops[18] = "text";
	b = size_out(stops, 0);
	snprintf(want, sizeof(want), "; without them %.0f KiB would do\n", without / 1024);
	cr_expect(strstr(b, "\n  host stops   ") && strstr(b, want), "the text: %s: %s", want, b);
	free(b);
	stops[18] = "csv";
	b = size_out(stops, 0);
	cr_expect(strstr(b, ",advised,host_stops,host_stops_consumer\n"), "the CSV: %s", b);
	free(b);
}

/* drops that vary by seed: an interval around the mean, and the advised size meets */
Test(size, interval_over_seeds)
{
	const char *args[] = { "--rate", "20000", "--arrivals", "poisson", "--stall", "20",
			       "--stall-every", "300", "-d", "2", "-w", "0", "--max-ring", "256K",
			       "--min-ring", "4K", "--format", "csv", "-q", NULL };
	char *csv = size_out(args, 0);
	double lo = row_num(csv, 4096, "drop_lo"), m = row_num(csv, 4096, "drop"),
	       hi = row_num(csv, 4096, "drop_hi");

	cr_expect(lo < m && m < hi, "4 KiB: %g < %g < %g", lo, m, hi);
	free(csv);
}

Test(size, no_ring_meets_exit_1)
{
	/* a wake-up costs 20 us: no ring brings p99 under 5 us */
	const char *args[] = { BURSTS, "--max-p99", "5", NULL };
	char *out = size_out(args, 1);

	cr_expect(strstr(out, "no ring up to 1 MiB meets the target"), "said: %s", out);
	free(out);
}

Test(size, text_report)
{
	const char *args[] = { BURSTS, NULL };
	char *out = size_out(args, 0);

	cr_expect(strstr(out, "\nadvised: --ring-size 8K (8 KiB)\n"), "%s", out);
	cr_expect(strstr(out, "\n  a full stall of the consumer overflows it after 10.0 ms\n"),
		  "%s", out);
	cr_expect(strstr(out, "\n  memory       5 pages physical (20 KiB); 6 pages of user "
			      "address space (24 KiB: the data mapped twice); mem_usage "),
		  "%s", out);
	cr_expect(strstr(out, "\nnext smaller, 4 KiB: drop 0.0156 [0.0156, 0.0156], p99 "), "%s",
		  out);
	/* the burst whole, 64 records of 64 bytes, before the consumer wakes; 4 KiB: 63 */
	cr_expect(strstr(out, "\n  peak fill    4096 bytes, 50.0% of the ring: 4096 bytes to "
			      "spare at its fullest\n"), "%s", out);
	cr_expect(strstr(out, "              98.4%      no\n"), "4 KiB's 63 records: %s", out);
	free(out);
}

/*
 * The advised size with the consumer placed the other way: bursts of 2000
 * records of 136 bytes in the ring, 50 ms apart. Apart, the consumer drains
 * a burst as it comes and 256 KiB holds it; on the producer's CPU it waits
 * the burst out, and 256 KiB drops what does not fit of each (2000 - 262144
 * / 136), so the search with --vplace shared advises 512 KiB, where apart
 * drops nothing either. The small bursts of BURSTS fit either way.
 */
Test(size, advice_with_the_consumer_placed_the_other_way)
{
	const char *apart[] = { "--burst", "2000", "--burst-every", "50ms", "--size", "128",
				"--consumer-work", "1us", "-d", "1", "-w", "0", "--max-drop", "1e-3",
				"--min-ring", "128K", "--max-ring", "1M", "-q", "--format", "json",
				NULL };
	const char *shared[] = { "--burst", "2000", "--burst-every", "50ms", "--size", "128",
				 "--consumer-work", "1us", "-d", "1", "-w", "0", "--max-drop",
				 "1e-3", "--min-ring", "128K", "--max-ring", "1M", "-q", "--format",
				 "json", "--vplace", "shared", NULL };
	const char *text[] = { BURSTS, NULL };
	char *a = size_out(apart, 0), *b = size_out(shared, 0), *t = size_out(text, 0), want[200];
	const char *other;

	cr_expect_eq(cli_json_num(a, "advised_bytes"), 262144, "apart: %s", a);
	other = strstr(a, "\"other_vplace\":{\"vplace\":\"shared\",\"point\":");
	cr_assert_not_null(other, "the shared placement measured: %s", a);
	snprintf(want, sizeof(want), "{\"ring_bytes\":262144,\"pages\":64,\"seeds\":5,"
		 "\"drop\":%g,", (2000 - 262144 / 136) / 2000.0);
	cr_expect(strstr(other, want), "%s of each burst dropped there: %s", want, other);
	cr_expect(strstr(other, "\"meets\":false}}"), "it misses: %s", other);
	cr_expect(strstr(a, "\"vplace\":\"apart\""), "%s", a);
	cr_expect_eq(cli_json_num(b, "advised_bytes"), 524288, "shared: %s", b);
	cr_expect(strstr(b, "\"other_vplace\":{\"vplace\":\"apart\",\"point\":{\"ring_bytes\":"
			    "524288,") && strstr(b, "\"meets\":true}}"), "apart meets too: %s", b);
	cr_expect(strstr(t, "\n  placement    with the consumer on the first producer's CPU "
			    "(--vplace shared), drop 0 [0, 0]: meets the target too\n"), "%s", t);
	/*
	 * The peak fill, at the burst's last commit: apart, the producer takes
	 * 1050 ns for the first record (its notification) and 50 for each
	 * other, done at 101000 ns; the consumer, woken 20 us after the first
	 * commit and polling 2, has then given back floor((101000 - 22000) /
	 * 1020) = 77 records, so 1923 of 136 bytes are held. Shared, it gives
	 * back none: at 256 KiB the 1927 that fit, at 512 KiB all 2000.
	 */
	cr_expect(strstr(a, "{\"ring_bytes\":262144,") &&
		  strstr(strstr(a, "{\"ring_bytes\":262144,"), "\"peak_bytes\":261528,"),
		  "apart: 1923 records held at the fullest: %s", a);
	cr_expect(strstr(other, "\"peak_bytes\":262072,"), "shared at 256 KiB: 1927: %s", other);
	cr_expect(strstr(b, "{\"ring_bytes\":524288,") &&
		  strstr(strstr(b, "{\"ring_bytes\":524288,"), "\"peak_bytes\":272000,"),
		  "shared at 512 KiB: the whole burst: %s", b);
	free(a);
	free(b);
	free(t);
}

/* a ring the run cannot fill, at --min-ring: no overflow, no smaller size */
Test(size, text_report_without_overflow_or_smaller)
{
	const char *args[] = { "--rate", "100", "-d", "1", "-w", "0", "--min-ring", "1M",
			       "--max-ring", "1M", "-q", NULL };
	char *out = size_out(args, 0);

	cr_expect(strstr(out, "\n  a full stall of the consumer does not overflow it within the "
			      "run\n"), "%s", out);
	cr_expect(strstr(out, "\nnext smaller: none, 1 MiB is --min-ring\n"), "%s", out);
	cr_expect(strstr(out, "  never in the run "), "the table says it too: %s", out);
	free(out);
}

Test(size, plot_writes_png)
{
	char dir[512], png[600];
	const char *args[] = { BURSTS, "--plot", png, NULL };
	char *out;

	tmp_dir(dir, sizeof(dir), "size-plot");
	snprintf(png, sizeof(png), "%s/size.png", dir);
	out = size_out(args, 0);
	tmp_expect_png(png);
	cr_expect_eq(tmp_count_entries(dir), 1, "no temporary file left beside the plot");
	free(out);
}

Test(size, bad_input_is_one_line)
{
	char dir[512], png[600];
	static struct {
		const char *args[16];
		const char *says;
	} cases[] = {
		{ { "--max-drop", "2" }, "--max-drop" },
		{ { "--max-drop", "x" }, "--max-drop" },
		{ { "--confidence", "1.5" }, "--confidence" },
		{ { "--confidence", "0.2" }, "--confidence" },
		{ { "--seeds", "1" }, "--seeds" },
		{ { "--min-ring", "1M", "--max-ring", "64K" }, "--min-ring" },
		{ { "--min-ring", "5000" }, "--min-ring" },
		{ { "--ring-size", "8K" }, "--ring-size does not apply to rbsim size" },
		{ { "--virtual" }, "--virtual does not apply" },
		{ { "--transport", "perfbuf", "--perf-pages", "4" }, "--perf-pages" },
		{ { "--transport", "wfcqueue" }, "wfcqueue" },
		{ { "--nmi-rate", "100" }, "--nmi-rate does not apply to virtual time" },
		{ { "--size", "70000", "--max-ring", "64K" }, "--size 70000" },
		{ { "--stall", "3000", "--stall-every", "4000", "-d", "2" }, "longer than the run" },
		{ { "--max-p99", "10", "--no-latency" }, "--max-p99" },
		{ { "--rate", "1000", "--consumer-work", "2ms", "-d", "10", "--max-ring", "64K" },
		  "--max-drop 0.0001: impossible" },
		{ { "--plot", "x.pdf" }, ".png" },
		{ { "--plot", "/nonexistent/x.png" }, "cannot write" },
		{ { "--plot", NULL, "--max-drop", "2" }, "--max-drop" },
	};
	size_t i;

	tmp_dir(dir, sizeof(dir), "size-bad");
	snprintf(png, sizeof(png), "%s/bad.png", dir);
	cases[sizeof(cases) / sizeof(cases[0]) - 1].args[1] = png;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *argv[20] = { "rbsim", "size" };
		struct cli_run r = { 0 };
		size_t n;

		for (n = 0; cases[i].args[n]; n++)
			argv[2 + n] = cases[i].args[n];
		cli_expect_usage(&r, argv, cases[i].says);
		cli_free(&r);
	}
	cr_expect_eq(tmp_count_entries(dir), 0, "no plot written by a bad command");
}

Test(size, verbose_says_the_workload)
{
	const char *args[] = { "-v", "--rate", "1000", "-d", "1", "-w", "0", "-q", NULL };
	struct cli_run r = cli_cmd("size", args);

	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cr_expect(strstr(r.err, "rbsim size: workload: --transport ringbuf --duration 1 --warmup 0 "
				"--rate 1000\n"), "%s", r.err);
	cli_free(&r);
}

Test(size, help_lists_its_options)
{
	const char *args[] = { "--help", NULL };
	struct cli_run r = cli_cmd("size", args);
	const char *opts[] = { "--max-drop", "--max-p99", "--confidence", "--seeds", "--min-ring",
			       "--max-ring", "--plot" };
	size_t i;

	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		cr_expect(strstr(r.out, opts[i]), "%s in --help", opts[i]);
	cli_free(&r);
}
