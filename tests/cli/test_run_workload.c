// SPDX-License-Identifier: GPL-2.0-only
/*
 * `rbsim run`'s workload options from the outside, on the real-time engine
 * and in virtual time alike: bursts and Poisson arrivals send exactly their
 * schedule (both engines draw the same one), a trace is replayed record for
 * record, a histogram file gives the sizes, and every bad input (a bad trace
 * line, unsorted times, a record no ring takes, a stall longer than the run,
 * options that exclude each other) is one line naming it, exit 2.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/tmpdir.h"
#include "tests/helpers/timeout.h"

TestSuite(run_workload, .timeout = RBSIM_TEST_TIMEOUT(60));

#define EXAMPLE_TRACE "bench/traces/example.trace"

/* `rbsim run args... --format json -q` that ended well: its JSON (free it) */
static char *run_json(const char *const *args)
{
	const char *argv[32];
	struct cli_run r = { 0 };
	char *out;
	int n = 0;

	while (args[n] && n < 28) {
		argv[n] = args[n];
		n++;
	}
	argv[n++] = "--format";
	argv[n++] = "json";
	argv[n++] = "-q";
	argv[n] = NULL;
	cli_exec(&r, "run", argv, NULL);
	cr_assert_eq(r.status, 0, "rbsim run %s ...: exit %d: %s", args[0], r.status, r.err);
	cli_assert_run_ok(&r);
	out = r.out;
	r.out = NULL;
	cli_free(&r);
	return out;
}

static double num(const char *json, const char *key)
{
	return cli_json_num(json, key);
}

/* a timed run sends its whole schedule when the producer keeps up: 4 bursts of 1000 */
Test(run_workload, bursts_send_their_schedule)
{
	const char *real[] = { "--burst", "1000", "--burst-every", "250ms", "-d", "1", "-w", "0",
			       NULL };
	const char *virt[] = { "--burst", "1000", "--burst-every", "250ms", "-d", "1", "-w", "0",
			       "--virtual", NULL };
	char *a = run_json(real), *b = run_json(virt), v[32];

	cr_expect_eq(num(a, "attempted"), 4000, "bursts at 0, 250, 500 and 750 ms: %s", a);
	cr_expect_eq(num(b, "attempted"), 4000, "virtual time: the same schedule");
	cr_expect(cli_json_value(a, "rate_met", v, sizeof(v)) && !strcmp(v, "true"),
		  "the schedule was met");
	cr_expect_eq(num(a, "burst"), 1000, "reported");
	cr_expect_eq(num(a, "burst_every_ns"), 250000000, "reported in ns");
	cr_expect(cli_json_value(b, "virtual", v, sizeof(v)) && !strcmp(v, "true"),
		  "the virtual run says so");
	free(a);
	free(b);
}

/* Poisson arrivals from the seed: the real and the virtual producer offer the same records */
Test(run_workload, poisson_schedule_is_the_seeds)
{
	const char *real[] = { "--rate", "20000", "--arrivals", "poisson", "--seed", "5", "-d",
			       "1", "-w", "0", NULL };
	const char *virt[] = { "--rate", "20000", "--arrivals", "poisson", "--seed", "5", "-d",
			       "1", "-w", "0", "--virtual", NULL };
	const char *other[] = { "--rate", "20000", "--arrivals", "poisson", "--seed", "6", "-d",
				"1", "-w", "0", "--virtual", NULL };
	char *a = run_json(real), *b = run_json(virt), *c = run_json(other);
	double n = num(b, "attempted");

	cr_expect_eq(num(a, "attempted"), n, "the same arrivals: %s", a);
	cr_expect(n > 19000 && n < 21000, "about 20000 in 1 s: %.0f", n);
	cr_expect_neq(num(c, "attempted"), n, "another seed, other arrivals");
	free(a);
	free(b);
	free(c);
}

/* the records of the example trace: not comments, not blank */
static unsigned int trace_records(const char *path, unsigned int *producers)
{
	char *text = cli_read_file(path, NULL), *line, *save = NULL;
	unsigned int n = 0, p, max = 0;

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#')
			continue;
		cr_assert_eq(sscanf(line, "%*s %u", &p), 1, "a record line: %s", line);
		max = p > max ? p : max;
		n++;
	}
	free(text);
	*producers = max + 1;
	return n;
}

Test(run_workload, trace_is_replayed_record_for_record)
{
	const char *real[] = { "--trace", EXAMPLE_TRACE, NULL };
	const char *virt[] = { "--trace", EXAMPLE_TRACE, "--virtual", NULL };
	unsigned int producers, n = trace_records(EXAMPLE_TRACE, &producers);
	char *a = run_json(real), *b = run_json(virt), v[256];
	int i;

	for (i = 0; i < 2; i++) {
		const char *j = i ? b : a;

		cr_expect_eq(num(j, "attempted"), n, "every record of the trace (%u): %.300s", n, j);
		cr_expect_eq(num(j, "consumed"), n, "consumed");
		cr_expect_eq(num(j, "records"), n, "reported as the records");
		cr_expect_eq(num(j, "producers"), producers, "producers from the trace");
		cr_expect(cli_json_value(j, "trace", v, sizeof(v)) && !strcmp(v, EXAMPLE_TRACE),
			  "the trace named: %s", v);
	}
	free(a);
	free(b);
}

Test(run_workload, histogram_file_gives_the_sizes)
{
	char dir[256], path[512], spec[600];
	const char *args[] = { "--size", spec, "--records", "20000", NULL };
	FILE *f;
	char *j;
	double mean;

	tmp_dir(dir, sizeof(dir), "workload");
	tmp_path(path, sizeof(path), "%s/sizes.hist", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	fputs("# size count\n64 3\n256 1\n", f);
	fclose(f);
	snprintf(spec, sizeof(spec), "hist:%s", path);
	j = run_json(args);
	cr_expect_eq(num(j, "size_mean"), (64 * 3 + 256) / 4.0, "the histogram's mean");
	mean = num(j, "bytes_per_s") / (num(j, "hits_mean_mps") * 1e6);
	cr_expect(mean > 100 && mean < 124, "records of 64 and 256 bytes, 3:1: %.1f", mean);
	free(j);
}

/* ---- bad input: one line naming the problem, exit 2, nothing written ---- */

/* parameters are copied into each test's process: arrays, not pointers */
struct bad {
	char args[12][48];
	char file[48];         /* written to FILE first ("": none), FILE given where named */
	char msg[256];
};

static struct bad bad_inputs[] = {
	{ { "--trace", "FILE" }, "0 0 8\n1ms 0 8\n1 1\n", "--trace FILE: line 3: expected TIME "
	  "PRODUCER SIZE" },
	{ { "--trace", "FILE" }, "0 0 8\n2ms 1 8\n1ms 0 8\n", "--trace FILE: line 3: time 1ms "
	  "is before the line above's (2000000 ns): the records must be in time order" },
	{ { "--trace", "FILE", "--ring-size", "4K" }, "0 0 8\n1 0 5000\n", "--trace FILE: line "
	  "2: a 5000-byte record never fits the ring of --transport ringbuf (4080 bytes at most)" },
	{ { "--trace", "FILE" }, "0 0 8\n1 0 99999999\n", "--trace FILE: line 2: size 99999999: "
	  "out of range" },
	{ { "--trace", "FILE" }, "0 0 4\n", "--trace FILE: records below 8 bytes cannot carry" },
	{ { "--trace", "FILE", "--rate", "100" }, "0 0 8\n", "it sets the producers, times, "
	  "sizes and records, and excludes --rate" },
	{ { "--trace", "FILE", "-p", "1" }, "0 1 8\n", "--producers 1: --trace FILE has records "
	  "of producers 0 to 1" },
	{ { "--trace", "/no/such/trace" }, "", "--trace /no/such/trace: cannot read: No such "
	  "file" },
	{ { "--size", "hist:FILE" }, "64 1\n64x 1\n", "--size hist:FILE: line 2: expected SIZE "
	  "COUNT" },
	{ { "--stall", "2s", "--stall-every", "1s", "-d", "1", "-w", "0" }, "",
	  "--stall 2000ms: as long as its period or longer" },
	{ { "--stall", "500ms", "--stall-every", "900ms", "-d", "1", "-w", "0" }, "",
	  "--stall 500ms every 900ms: longer than the run (1.000 s)" },
	{ { "--stall", "10" }, "", "--stall needs --stall-every" },
	{ { "--stall-every", "10" }, "", "--stall-every needs --stall" },
	{ { "--burst", "10" }, "", "--burst needs --burst-every" },
	{ { "--burst", "10", "--burst-every", "1ms", "--rate", "5" }, "",
	  "--burst N --burst-every T sets the rate (N/T records/s per producer): it excludes "
	  "--rate" },
	{ { "--arrivals", "poisson" }, "", "--arrivals poisson shapes --rate or --burst" },
	{ { "--arrivals", "uniform" }, "", "--arrivals uniform: expected const or poisson" },
	{ { "--burst-every", "1.5us", "--burst", "2" }, "", "--burst-every 1.5us: " },
	{ { "--b2b", "--burst", "4", "--burst-every", "1ms" }, "", "--b2b: the consumer "
	  "thread triggers every batch; --burst does not apply" },
	{ { "--vcosts", "wake=5us" }, "", "--vcosts sets the costs of --virtual, which was "
	  "not given" },
	{ { "--virtual", "--vcosts", "sleep=5us" }, "", "--vcosts sleep=5us: 'sleep=5us': "
	  "expected NAME=NS with NAME one of produce, notify, wake, poll, record, refuse, or "
	  "idle=SLEPT:NS/..., spread=drawn|none, haltpoll=MAX/SLEPT:N/..., "
	  "hoststop=QUOTA/PERIOD/BURST" },
	{ { "--virtual", "--vcosts", "haltpoll=" }, "", "--vcosts haltpoll=: haltpoll=: "
	  "expected MAX/SLEPT:N/... (MAX the longest polled sleep) or none" },
	{ { "--virtual", "--vcosts", "haltpoll=2xs" }, "", "--vcosts haltpoll=2xs: "
	  "haltpoll=2xs: " },
	{ { "--virtual", "--vcosts", "haltpoll=200us/1ms" }, "", "--vcosts haltpoll=200us/1ms: "
	  "haltpoll=200us/1ms: '1ms': expected SLEPT:N, the halts a sleep that long counts" },
	{ { "--virtual", "--vcosts", "haltpoll=200us/1ms:65" }, "", "--vcosts "
	  "haltpoll=200us/1ms:65: haltpoll=200us/1ms:65: '65': the halts must be a whole number "
	  "from 0 to 64" },
	{ { "--virtual", "--vcosts", "haltpoll=200us/1ms:2x" }, "", "--vcosts "
	  "haltpoll=200us/1ms:2x: haltpoll=200us/1ms:2x: '2x': the halts must be a whole number "
	  "from 0 to 64" },
	{ { "--virtual", "--vcosts", "haltpoll=200us/100us:2" }, "", "--vcosts "
	  "haltpoll=200us/100us:2: haltpoll=200us/100us:2: the times slept must rise beyond MAX "
	  "(100us after 200000 ns)" },
	{ { "--virtual", "--vcosts", "haltpoll=1/2:1/3:1/4:1/5:1/6:1/7:1/8:1/9:1/10:1" }, "",
	  "--vcosts haltpoll=1/2:1/3:1/4:1/5:1/6:1/7:1/8:1/9:1/10:1: "
	  "haltpoll=1/2:1/3:1/4:1/5:1/6:1/7:1/8:1/9:1/10:1: more than 8 SLEPT:N" },
	{ { "--virtual", "--vcosts", "hoststop=" }, "", "--vcosts hoststop=: hoststop=: "
	  "expected QUOTA/PERIOD[/BURST] (the CPU time the host allows a PERIOD, what it "
	  "carries at most) or none" },
	{ { "--virtual", "--vcosts", "hoststop=150ms" }, "", "--vcosts hoststop=150ms: "
	  "hoststop=150ms: expected QUOTA/PERIOD[/BURST]" },
	{ { "--virtual", "--vcosts", "hoststop=150ms/100us" }, "", "--vcosts "
	  "hoststop=150ms/100us: hoststop=150ms/100us: PERIOD: out of range "
	  "(1000000-3600000000000)" },
	{ { "--virtual", "--vcosts", "hoststop=0/100ms" }, "", "--vcosts hoststop=0/100ms: "
	  "hoststop=0/100ms: QUOTA: out of range" },
	{ { "--virtual", "--vcosts", "hoststop=1ms/100ms/2xs" }, "", "--vcosts "
	  "hoststop=1ms/100ms/2xs: hoststop=1ms/100ms/2xs: BURST: " },
	{ { "--virtual", "--vcosts", "hoststop=1/2ms/3/4" }, "", "--vcosts hoststop=1/2ms/3/4: "
	  "hoststop=1/2ms/3/4: expected QUOTA/PERIOD/BURST, at most three parts" },
	{ { "--virtual", "--b2b", "--vcosts", "hoststop=150ms/100ms" }, "", "--vcosts hoststop= "
	  "with --b2b: a back-to-back run is one thread on one CPU; the host's stops need a "
	  "producer's and a consumer's" },
	{ { "--virtual", "--vcosts", "spread=wide" }, "", "--vcosts spread=wide: spread=wide: "
	  "expected spread=drawn or spread=none" },
	{ { "--virtual", "--vcosts", "spread=drawn" }, "", "--vcosts spread=drawn draws each "
	  "wake-up from --profile's samples: give --profile, a profile of rbsim calibrate" },
	{ { "--virtual", "--vcosts", "idle=1ms" }, "", "--vcosts idle=1ms: idle=1ms: '1ms': "
	  "expected SLEPT:NS, points joined by '/'" },
	{ { "--virtual", "--vcosts", "idle=" }, "", "--vcosts idle=: idle=: expected "
	  "SLEPT:NS/... or none" },
	{ { "--virtual", "--vcosts", "idle=1ms:2us/1ms:3us" }, "", "--vcosts "
	  "idle=1ms:2us/1ms:3us: idle=1ms:2us/1ms:3us: the times slept must rise (1ms after "
	  "1000000 ns)" },
	{ { "--virtual", "--vcosts", "idle=0:2us" }, "", "--vcosts idle=0:2us: idle=0:2us: " },
	{ { "--virtual", "--vcosts", "idle=1ms:2xs" }, "", "--vcosts idle=1ms:2xs: "
	  "idle=1ms:2xs: " },
	{ { "--virtual", "--vcosts", "idle=1:1/2:1/3:1/4:1/5:1/6:1/7:1/8:1/9:1" }, "",
	  "--vcosts idle=1:1/2:1/3:1/4:1/5:1/6:1/7:1/8:1/9:1: "
	  "idle=1:1/2:1/3:1/4:1/5:1/6:1/7:1/8:1/9:1: more than 8 points" },
	{ { "--virtual", "--vcosts", "wake=5xs" }, "", "--vcosts wake=5xs: wake=5xs: " },
	{ { "--virtual", "--transport", "wfcqueue" }, "", "--virtual runs the ports: "
	  "--transport ringbuf or perfbuf, not wfcqueue" },
	{ { "--virtual", "-a" }, "", "--affinity pins threads; --virtual runs on one thread" },
	{ { "--vplace", "shared" }, "", "--vplace places the consumer of --virtual, which was "
	  "not given" },
	{ { "--virtual", "--vplace", "near" }, "", "--vplace near: expected apart or shared" },
	{ { "--virtual", "--vplace", "shared", "--b2b" }, "", "--vplace shared: --b2b produces "
	  "on the consumer's thread already" },
	{ { "--virtual", "--kernel", "5.8" }, "", "--kernel does not apply to virtual time "
	  "(--virtual, rbsim size), which runs the 6.18 port as it is" },
	{ { "--virtual", "--overwrite" }, "", "--overwrite does not apply to virtual time" },
	{ { "--virtual", "--vcosts", "produce=0" }, "", "--vcosts produce=0: a producer "
	  "without a schedule would send without end" },
	{ { "--virtual", "--vcosts", "refuse=0" }, "", "--vcosts refuse=0: a producer "
	  "without a schedule would retry a full ring without end at one instant" },
};

ParameterizedTestParameters(run_workload, bad_input_is_one_line)
{
	return cr_make_param_array(struct bad, bad_inputs, sizeof(bad_inputs) / sizeof(bad_inputs[0]));
}

/* s with every FILE replaced by path */
static void subst(char *out, size_t len, const char *s, const char *path)
{
	const char *at = strstr(s, "FILE");

	if (!at)
		snprintf(out, len, "%s", s);
	else
		snprintf(out, len, "%.*s%s%s", (int)(at - s), s, path, at + 4);
}

ParameterizedTest(struct bad *b, run_workload, bad_input_is_one_line)
{
	char dir[256], path[512], out[512], args[12][600], msg[1200];
	const char *argv[20];
	struct cli_run r = { 0 };
	struct stat st;
	int i, n = 0;

	tmp_dir(dir, sizeof(dir), "workload");
	tmp_path(path, sizeof(path), "%s/input", dir);
	tmp_path(out, sizeof(out), "%s/out.csv", dir);
	if (b->file[0]) {
		FILE *f = fopen(path, "w");

		cr_assert_not_null(f, "%s", path);
		fputs(b->file, f);
		fclose(f);
	}
	argv[n++] = "-o";
	argv[n++] = out;
	argv[n++] = "--format";
	argv[n++] = "csv";
	for (i = 0; i < 12 && b->args[i][0]; i++) {
		subst(args[i], sizeof(args[i]), b->args[i], path);
		argv[n++] = args[i];
	}
	argv[n] = NULL;
	subst(msg, sizeof(msg), b->msg, path);
	cli_exec(&r, "run", argv, NULL);
	cr_expect_eq(r.status, 2, "%s: exit 2, got %d: %s", b->args[0], r.status, r.err);
	cr_expect_eq(cli_lines(r.err), 1, "%s: one line: %s", b->args[0], r.err);
	cr_expect(!strncmp(r.err, "rbsim run: ", 11), "%s: 'rbsim run: ...': %s", b->args[0],
		  r.err);
	cr_expect(strstr(r.err, msg), "%s: says '%s': %s", b->args[0], msg, r.err);
	cr_expect_str_empty(r.out, "%s: nothing on stdout", b->args[0]);
	cr_expect(stat(out, &st) && errno == ENOENT, "%s: -o file not created", b->args[0]);
	cli_free(&r);
}
