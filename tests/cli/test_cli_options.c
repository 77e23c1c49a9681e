// SPDX-License-Identifier: GPL-2.0-only
/*
 * `rbsim run` options reach the report row, and the row reproduces the run.
 * For every transport, a few runs that together give every option of the
 * run that applies to it, and every option of the transport, a value other
 * than its default; for each:
 *  - the CSV row holds each value in its column, the transport's options in
 *    transport_opts and the options given, canonical, in `options`;
 *  - `rbsim run` with the row's `options` (and nothing else but the output
 *    options) makes a JSON row whose configuration, column for column, is
 *    the CSV row's: the text reads back as the same run.
 * A last test reads `rbsim run --help` and checks that these runs cover
 * every option it lists, for every transport it lists. The kernel
 * transports' runs skip without BPF (fail with RBSIM_REQUIRE_KERNEL=1).
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/profile.h"
#include "tests/helpers/tmpdir.h"
#include "tests/helpers/timeout.h"

#define MAXA 48

/*
 * One run: its arguments (CPU stands for a CPU this test may use, PROFILE
 * for a synthetic calibration profile of this machine), the
 * options text its row must carry (the same substitution), and columns with
 * the values they must hold ("" ends the list).
 */
struct opt_case {
	char transport[16];
	char args[MAXA][32];
	char options[400];
	char transport_opts[200];
	char cols[24][2][32];	/* PROFILE stands for the profile here too */
	bool fails; /* --inject: the verifier says FAIL, exit 1 */
};

/* the first run of each transport: most options, all but the defaults */
#define RUN_A "--producers", "2", "--records", "4K", "--seed", "7", "--batch", "64", \
	"--rate", "1M", "--discard", "10", "--poll", "busy", "--consumer-work", "1us", \
	"--affinity", "--prod-affinity", "CPU", "--cons-affinity", "CPU", "--latency-every", "4"
#define COLS_A { "producers", "2" }, { "records", "4096" }, { "seed", "7" }, \
	{ "batch", "64" }, { "rate", "1048576" }, { "discard_pct", "10.000" }, \
	{ "poll", "busy" }, { "consumer_work_ns", "1000" }, { "affinity", "1" }, \
	{ "latency_every", "4" }
/* its options text, in the table's order: head, [ring size], seed, size, rate, wakeup, ... */
#define A_HEAD(tr) "--transport " tr " --producers 2 --records 4096"
#define A_RATE " --rate 1048576 --batch 64 --wakeup "
#define A_TAIL " --poll busy --consumer-work 1000 --affinity --prod-affinity CPU " \
	"--cons-affinity CPU --latency-every 4"
/* a timed run without timestamps, with a fault injected */
#define RUN_C "--duration", "1", "--warmup", "0", "--no-latency", "--size", "8"
#define C_HEAD(tr) "--transport " tr " --duration 1 --warmup 0 --size 8"
#define COLS_C { "duration_s", "1" }, { "warmup_s", "0" }, { "records", "0" }, \
	{ "verify", "1" }, { "latency", "0" }

/* the workload's schedule: bursts at Poisson times, consumer stalls; and a trace */
#define RUN_D "--duration", "1", "--warmup", "0", "--arrivals", "poisson", "--burst", "50", \
	"--burst-every", "10ms", "--stall", "5", "--stall-every", "100"
#define D_OPTS(tr) "--transport " tr " --duration 1 --warmup 0 --arrivals poisson --burst 50 " \
	"--burst-every 10000 --stall 5 --stall-every 100"
#define COLS_D { "arrivals", "poisson" }, { "burst", "50" }, { "burst_every_ns", "10000000" }, \
	{ "stall_ns", "5000000" }, { "stall_every_ns", "100000000" }
/* the ports in virtual time, one cost changed */
#define RUN_V "--virtual", "--vcosts", "wake=5us", "--vplace", "shared"
#define V_OPTS " --virtual --vcosts produce=50,notify=1000,wake=5000,poll=2000,record=20," \
	"refuse=50 --vplace shared"
#define COLS_V { "virtual", "1" }, { "vplace", "shared" }
#define TRACE "bench/traces/example.trace"
#define RUN_T "--producers", "2", "--trace", TRACE
#define T_OPTS(tr) "--transport " tr " --producers 2 --trace " TRACE

/* the ringbuf transport's options a run leaves at their defaults, as its rows print them */
#define RB_TOPTS_DEFAULT                                                                     \
	"--kernel 6.18 --reserve kernel --lock ttas --wait futex --write place --profile none " \
	"--profile-trigger syscall --profile-preempt auto"

static struct opt_case cases[] = {
	{ "ringbuf", { RUN_D, RUN_V }, D_OPTS("ringbuf") V_OPTS, RB_TOPTS_DEFAULT,
	  { COLS_D, COLS_V }, false },
	{ "ringbuf", { RUN_T }, T_OPTS("ringbuf"), RB_TOPTS_DEFAULT, { { "trace", TRACE } },
	  false },
	{ "perfbuf", { RUN_D, RUN_V }, D_OPTS("perfbuf") V_OPTS, "", { COLS_D, COLS_V }, false },
	{ "perfbuf", { RUN_T }, T_OPTS("perfbuf"), "", { { "trace", TRACE } }, false },
	{ "wfcqueue", { RUN_D }, D_OPTS("wfcqueue"), "", { COLS_D }, false },
	{ "wfcqueue", { RUN_T }, T_OPTS("wfcqueue"), "", { { "trace", TRACE } }, false },
	{ "kernel-ringbuf", { RUN_D }, D_OPTS("kernel-ringbuf"), "--trigger syscall", { COLS_D },
	  false },
	{ "kernel-ringbuf", { RUN_T }, T_OPTS("kernel-ringbuf"), "--trigger syscall",
	  { { "trace", TRACE } }, false },
	{ "kernel-perfbuf", { RUN_D }, D_OPTS("kernel-perfbuf"), "--trigger syscall", { COLS_D },
	  false },
	{ "kernel-perfbuf", { RUN_T }, T_OPTS("kernel-perfbuf"), "--trigger syscall",
	  { { "trace", TRACE } }, false },
	/* ringbuf */
	{ "ringbuf", { RUN_A, "--ring-size", "64K", "--size", "uniform:16-64",
		       "--wakeup", "sampled:8", "--consumer", "batch" },
	  A_HEAD("ringbuf") " --ring-size 65536 --seed 7 --size uniform:16-64" A_RATE
	  "sampled:8 --discard 10 --consumer batch" A_TAIL, RB_TOPTS_DEFAULT,
	  { COLS_A, { "ring_size", "65536" }, { "size", "uniform:16-64" },
	    { "wakeup", "sampled:8" }, { "consumer", "batch" } }, false },
	{ "ringbuf", { "--b2b", "--use-output", "--wakeup", "bytes:4K", "--no-verify",
		       "--records", "2000", "--consumer", "libbpf", "--reserve", "cas" },
	  "--transport ringbuf --records 2000 --b2b --wakeup bytes:4K --use-output "
	  "--consumer libbpf --no-verify --reserve cas",
	  "--kernel 6.18 --reserve cas --lock ttas --wait futex --write place --profile none "
	  "--profile-trigger syscall --profile-preempt auto",
	  { { "b2b", "1" }, { "use_output", "1" }, { "wakeup", "bytes:4K" },
	    { "wakeup_bytes", "4096" }, { "verify", "0" }, { "latency", "0" },
	    { "latency_every", "0" }, { "consumer", "libbpf" } }, false },
	{ "ringbuf", { RUN_C, "--wakeup", "force", "--inject", "lose@10" },
	  C_HEAD("ringbuf") " --wakeup force --no-latency --inject lose@10",
	  RB_TOPTS_DEFAULT, { COLS_C, { "wakeup", "force" } }, true },
	{ "ringbuf", { "--records", "2000", "--kernel", "6.19", "--overwrite", "--nmi-rate", "100",
		       "--no-verify", "--lock", "queued", "--wait", "epoll", "--write", "kernel" },
	  "--transport ringbuf --records 2000 --no-verify --kernel 6.19 --overwrite --nmi-rate 100 "
	  "--lock queued --wait epoll --write kernel",
	  "--kernel 6.19 --overwrite --nmi-rate 100 --reserve kernel --lock queued --wait epoll "
	  "--write kernel --profile none "
	  "--profile-trigger syscall --profile-preempt auto",
	  { { "verify", "0" } }, false },
	/* a calibrated port */
	{ "ringbuf", { "--profile", "PROFILE", "--profile-trigger", "test-run", "--records",
		       "2000", "--profile-preempt", "off" },
	  "--transport ringbuf --records 2000 --profile PROFILE --profile-trigger test-run "
	  "--profile-preempt off",
	  "--kernel 6.18 --reserve kernel --lock ttas --wait repoll --write place "
	  "--profile PROFILE --profile-trigger test-run --profile-preempt off",
	  { { "profile", "PROFILE" } },
	  false },
	/* perfbuf */
	{ "perfbuf", { RUN_A, "--perf-pages", "4", "--size", "mix:16x3,64x1",
		       "--wakeup", "bytes:1K" },
	  A_HEAD("perfbuf") " --seed 7 --size mix:16x3,64x1" A_RATE "bytes:1K --discard 10"
	  A_TAIL " --perf-pages 4", "--perf-pages 4",
	  { COLS_A, { "size", "mix:16x3,64x1" }, { "wakeup_bytes", "1024" } }, false },
	{ "perfbuf", { "--b2b", "--records", "2000", "--ring-size", "16K", "--wakeup", "sampled:4",
		       "--no-verify" },
	  "--transport perfbuf --records 2000 --ring-size 16384 --b2b --wakeup sampled:4 "
	  "--no-verify", "", { { "b2b", "1" }, { "ring_size", "16384" }, { "verify", "0" } },
	  false },
	{ "perfbuf", { RUN_C, "--wakeup", "none", "--inject", "dup@10" },
	  C_HEAD("perfbuf") " --wakeup none --no-latency --inject dup@10", "",
	  { COLS_C, { "wakeup", "none" } }, true },
	/* wfcqueue */
	{ "wfcqueue", { RUN_A, "--wfcq-pool", "64K", "--size", "uniform:16-32",
			"--wakeup", "force", "--use-output" },
	  A_HEAD("wfcqueue") " --seed 7 --size uniform:16-32" A_RATE "force --use-output "
	  "--discard 10" A_TAIL " --wfcq-pool 65536", "--wfcq-pool 65536",
	  { COLS_A, { "use_output", "1" } }, false },
	{ "wfcqueue", { "--b2b", "--records", "2000", "--ring-size", "16K", "--wakeup", "none",
			"--no-verify" },
	  "--transport wfcqueue --records 2000 --ring-size 16384 --b2b --wakeup none "
	  "--no-verify", "", { { "b2b", "1" }, { "ring_size", "16384" } }, false },
	{ "wfcqueue", { RUN_C, "--inject", "torn@10" },
	  C_HEAD("wfcqueue") " --no-latency --inject torn@10", "", { COLS_C }, true },
	/* the kernel's */
	{ "kernel-ringbuf", { RUN_A, "--trigger", "test-run", "--ring-size", "64K", "--size",
			      "uniform:16-64", "--wakeup", "sampled:8", "--consumer", "batch" },
	  A_HEAD("kernel-ringbuf") " --ring-size 65536 --seed 7 --size uniform:16-64" A_RATE
	  "sampled:8 --discard 10 --consumer batch" A_TAIL " --trigger test-run",
	  "--trigger test-run", { COLS_A, { "consumer", "batch" } }, false },
	{ "kernel-ringbuf", { "--trigger", "raw-syscall", "--b2b", "--use-output", "--records",
			      "2000", "--no-verify", "--wakeup", "force", "--consumer", "libbpf" },
	  "--transport kernel-ringbuf --records 2000 --b2b --wakeup force --use-output "
	  "--consumer libbpf --no-verify --trigger raw-syscall", "--trigger raw-syscall",
	  { { "b2b", "1" }, { "use_output", "1" } }, false },
	{ "kernel-ringbuf", { RUN_C, "--inject", "reorder@10" },
	  C_HEAD("kernel-ringbuf") " --no-latency --inject reorder@10", "--trigger syscall",
	  { COLS_C }, true },
	{ "kernel-perfbuf", { RUN_A, "--trigger", "test-run", "--perf-pages", "4", "--size",
			      "mix:16x3,64x1", "--wakeup", "bytes:1K" },
	  A_HEAD("kernel-perfbuf") " --seed 7 --size mix:16x3,64x1" A_RATE "bytes:1K "
	  "--discard 10" A_TAIL " --trigger test-run --perf-pages 4",
	  "--trigger test-run --perf-pages 4", { COLS_A }, false },
	{ "kernel-perfbuf", { "--b2b", "--records", "2000", "--ring-size", "16K", "--wakeup",
			      "sampled:4", "--no-verify" },
	  "--transport kernel-perfbuf --records 2000 --ring-size 16384 --b2b --wakeup sampled:4 "
	  "--no-verify", "--trigger syscall", { { "b2b", "1" } }, false },
	{ "kernel-perfbuf", { RUN_C, "--inject", "lose@10" },
	  C_HEAD("kernel-perfbuf") " --no-latency --inject lose@10", "--trigger syscall",
	  { COLS_C }, true },
};
#define NCASES (sizeof(cases) / sizeof(cases[0]))

/* the configuration columns: what the run was asked, all of them */
static const char *const config_cols[] = {
	"transport", "transport_opts", "producers", "size", "size_mean", "ring_size", "batch",
	"b2b", "wakeup", "wakeup_bytes", "use_output", "discard_pct", "consumer", "poll",
	"consumer_work_ns", "rate", "records", "duration_s", "warmup_s", "seed", "verify",
	"latency", "latency_every", "affinity", "arrivals", "burst", "burst_every_ns", "trace",
	"stall_ns", "stall_every_ns", "virtual", "vcosts", "vplace", "options",
};

/* a CPU this process may run on, as text */
static void a_cpu(char *buf, size_t len)
{
	cpu_set_t set;
	int c;

	CPU_ZERO(&set);
	sched_getaffinity(0, sizeof(set), &set);
	for (c = 0; c < CPU_SETSIZE && !CPU_ISSET(c, &set); c++)
		;
	snprintf(buf, len, "%d", c);
}

/* the synthetic profile PROFILE stands for, written by profile_here() */
static char profile_path[256];

static void profile_here(const char *dir)
{
	static const struct rbsim_costs k = { .record_8 = 40, .notify = 3000, .wait = 1400 };
	static const struct rbsim_costs p = { .record_8 = 30, .notify = 1200, .wait = 1300 };

	snprintf(profile_path, sizeof(profile_path), "%s/profile.json", dir);
	tp_write(profile_path, &k, &p);
}

/* s with every "CPU" replaced by cpu, every "PROFILE" by profile_path */
static void subst(const char *s, const char *cpu, char *out, size_t len)
{
	size_t n = 0;

	while (*s && n + 8 < len) {
		if (!strncmp(s, "CPU", 3)) {
			n += snprintf(out + n, len - n, "%s", cpu);
			s += 3;
		} else if (!strncmp(s, "PROFILE", 7)) {
			n += snprintf(out + n, len - n, "%s", profile_path);
			s += 7;
		} else {
			out[n++] = *s++;
		}
	}
	out[n] = '\0';
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	cr_assert_not_null(f, "%s written", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	cr_assert_not_null(buf, "calloc");
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n, "read %s", path);
	fclose(f);
	return buf;
}

/* run `rbsim run args... -q --format FMT -o path`; the file's text, or NULL when skipped */
static char *run_row(const char *const *args, int n, const char *fmt, const char *path,
		     bool fails)
{
	const char *argv[MAXA + 8];
	struct cli_run r = { 0 };
	int i, k = 0;

	for (i = 0; i < n; i++)
		argv[k++] = args[i];
	argv[k++] = "-q";
	argv[k++] = "--format";
	argv[k++] = fmt;
	argv[k++] = "-o";
	argv[k++] = path;
	argv[k] = NULL;
	unlink(path);
	cli_exec(&r, "run", argv, NULL);
	cli_skip_without_kernel(&r);
	cr_assert_eq(r.status, fails ? 1 : 0, "exit %d, got %d: %s", fails ? 1 : 0, r.status,
		     r.err);
	cli_free(&r);
	return slurp(path);
}

static bool same_value(const char *a, const char *b)
{
	/* CSV says 1/0 where JSON says true/false */
	if (!strcmp(a, "1") && !strcmp(b, "true"))
		return true;
	if (!strcmp(a, "0") && !strcmp(b, "false"))
		return true;
	/* and an empty field where JSON says null (a setting not given: --trace, --vcosts) */
	if (!*a && !strcmp(b, "null"))
		return true;
	return !strcmp(a, b);
}

ParameterizedTestParameters(cli_options, row_reproduces_the_run)
{
	return cr_make_param_array(struct opt_case, cases, NCASES);
}

ParameterizedTest(struct opt_case *c, cli_options, row_reproduces_the_run,
		  .timeout = RBSIM_TEST_TIMEOUT(60))
{
	char cpu[16], dir[192], csv_path[256], json_path[256], want[400], got[400], buf[400];
	char argbuf[MAXA][256], words[400], *tok, *save = NULL;
	const char *args[MAXA + 2];
	char *csv, *json;
	int n = 0, i;

	a_cpu(cpu, sizeof(cpu));
	tmp_dir(dir, sizeof(dir), "opts");
	snprintf(csv_path, sizeof(csv_path), "%s/row.csv", dir);
	snprintf(json_path, sizeof(json_path), "%s/row.json", dir);
	profile_here(dir);
	args[n++] = "--transport";
	args[n++] = c->transport;
	for (i = 0; i < MAXA && c->args[i][0]; i++) {
		subst(c->args[i], cpu, argbuf[i], sizeof(argbuf[i]));
		args[n++] = argbuf[i];
	}

	/* the CSV row: every value where it belongs */
	csv = run_row(args, n, "csv", csv_path, c->fails);
	cr_assert(cli_csv_value(csv, "options", got, sizeof(got)), "an options column: %s", csv);
	subst(c->options, cpu, want, sizeof(want));
	cr_expect_str_eq(got, want, "%s: options\n want '%s'\n  got '%s'", c->transport, want,
			 got);
	cr_assert(cli_csv_value(csv, "transport_opts", got, sizeof(got)), "transport_opts");
	subst(c->transport_opts, cpu, want, sizeof(want));
	cr_expect_str_eq(got, want, "%s: transport_opts '%s'", c->transport, got);
	for (i = 0; i < 24 && c->cols[i][0][0]; i++) {
		cr_assert(cli_csv_value(csv, c->cols[i][0], got, sizeof(got)), "column %s",
			  c->cols[i][0]);
		subst(c->cols[i][1], cpu, want, sizeof(want));
		cr_expect_str_eq(got, want, "%s: column %s is '%s'", c->transport, c->cols[i][0],
				 got);
	}

	/* the row's options, read back: the same configuration in the JSON row */
	cr_assert(cli_csv_value(csv, "options", words, sizeof(words)), "options");
	n = 0;
	for (tok = strtok_r(words, " ", &save); tok && n < MAXA; tok = strtok_r(NULL, " ", &save))
		args[n++] = tok;
	json = run_row(args, n, "json", json_path, c->fails);
	for (i = 0; i < (int)(sizeof(config_cols) / sizeof(config_cols[0])); i++) {
		cr_assert(cli_csv_value(csv, config_cols[i], buf, sizeof(buf)), "CSV %s",
			  config_cols[i]);
		cr_assert(cli_json_value(json, config_cols[i], got, sizeof(got)), "JSON %s: %s",
			  config_cols[i], json);
		cr_expect(same_value(buf, got), "%s: %s is '%s' in the row, '%s' in its rerun",
			  c->transport, config_cols[i], buf, got);
	}
	free(csv);
	free(json);
	unlink(csv_path);
	unlink(json_path);
	rmdir(dir);
}

/* does some run of transport t give option --name? */
static bool given_in(const char *t, const char *name)
{
	char opt[40];
	size_t k;
	int a;

	snprintf(opt, sizeof(opt), "--%s", name);
	for (k = 0; k < NCASES; k++) {
		for (a = 0; a < MAXA && cases[k].args[a][0]; a++) {
			if (!strcmp(cases[k].transport, t) && !strcmp(cases[k].args[a], opt))
				return true;
		}
	}
	return false;
}

/* a generic option the transport refuses (enum rbsim_cap) needs no run */
static bool refused(const char *t, const char *name)
{
	bool consumer_kind = !strcmp(t, "ringbuf") || !strcmp(t, "kernel-ringbuf");

	bool port = !strcmp(t, "ringbuf") || !strcmp(t, "perfbuf");

	return (!strcmp(name, "consumer") && !consumer_kind) ||
	       (!strcmp(name, "use-output") && strstr(t, "perfbuf")) ||
	       ((!strcmp(name, "virtual") || !strcmp(name, "vcosts") || !strcmp(name, "vplace")) &&
		!port);
}

/* the runs above give every option --help lists, for every transport it lists */
Test(cli_options, the_runs_cover_every_option)
{
	/* output and help options, not part of a run's configuration; --transport is in all */
	static const char *const not_config[] = { "format", "output", "label", "quiet", "verbose",
						  "dump-sizes", "help", "transport", NULL };
	static const char *const transports[] = { "kernel-perfbuf", "kernel-ringbuf", "perfbuf",
						  "ringbuf", "wfcqueue" };
	const char *args[] = { "--help", NULL };
	struct cli_run r = cli_cmd("run", args);
	char *text, *line, *save = NULL, name[32], t[32] = "";
	bool in_transports = false;
	int listed = 0;
	size_t k;

	cr_assert_eq(r.status, 0, "--help");
	text = r.out;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "transports", 10)) {
			in_transports = true;
			continue;
		}
		/* "  NAME    summary": a transport, its own options follow */
		if (in_transports && line[0] == ' ' && line[1] == ' ' && line[2] != ' ') {
			sscanf(line + 2, "%31s", t);
			listed++;
			for (k = 0; k < 5 && strcmp(transports[k], t); k++)
				;
			cr_expect_lt(k, 5, "transport %s has runs here", t);
			continue;
		}
		/* "  -p, --name ARG  text" or "      --name ARG  text" */
		if (strncmp(line, "      --", 8) &&
		    !(line[2] == '-' && !strncmp(line + 4, ", --", 4)))
			continue;
		sscanf(strstr(line, "--") + 2, "%31[a-z0-9-]", name);
		for (k = 0; not_config[k] && strcmp(not_config[k], name); k++)
			;
		if (not_config[k])
			continue;
		if (in_transports) {
			cr_expect(given_in(t, name), "--%s of %s is given in some run", name, t);
			continue;
		}
		for (k = 0; k < 5; k++)
			cr_expect(refused(transports[k], name) || given_in(transports[k], name),
				  "--%s is given in some run of %s", name, transports[k]);
	}
	cr_expect_eq(listed, 5, "--help lists the five transports that have runs here");
	cli_free(&r);
}
