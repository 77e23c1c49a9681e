// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim model from the outside: the table, CSV and JSON of one variant on a
 * shipped machine (the published column where the file has the curve), the
 * plot, --check's rows, --probe's figures, and every bad input (exit 2, one
 * line, nothing on stdout, no plot written).
 */
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <criterion/criterion.h>

#include "sim/model_compare.h"
#include "tests/helpers/cli.h"
#include "tests/helpers/timeout.h"
#include "tests/helpers/tmpdir.h"

#define XEON "sim/machines/xeon-e5-2680v4.machine"
#define EPYC "sim/machines/epyc-9654.machine"

TestSuite(model_cli, .timeout = RBSIM_TEST_TIMEOUT(60));

Test(model_cli, table_with_the_published_column)
{
	const char *args[] = { "--machine", XEON, "--producers", "1,2,52", NULL };
	struct cli_run r = cli_cmd("model", args);

	cr_assert_eq(r.status, 0, "exit 0: %s", r.err);
	cr_expect(strstr(r.out, "workload of curve A"), "%s", r.out);
	/* p = 1 is the table's own point; p = 52 shows the published 2.074 beside the model */
	cr_expect(strstr(r.out, "        1     10.916"), "%s", r.out);
	cr_expect(strstr(r.out, "2.074\n"), "%s", r.out);
	cr_expect_eq(cli_lines(r.out), 5, "title, header, 3 rows");
	cli_free(&r);
}

Test(model_cli, csv_and_json_agree)
{
	const char *csv_args[] = { "--machine", EPYC, "--curve", "E", "--producers", "1-3",
				   "--reserve", "cas", "--format", "csv", NULL };
	const char *json_args[] = { "--machine", EPYC, "--curve", "E", "--producers", "1-3",
				    "--reserve", "cas", "--format", "json", NULL };
	struct cli_run c = cli_cmd("model", csv_args), j = cli_cmd("model", json_args);
	char v[64];
	double mps3;

	cr_assert_eq(c.status, 0, "%s", c.err);
	cr_assert_eq(j.status, 0, "%s", j.err);
	cr_expect_eq(cli_lines(c.out), 4, "header and 3 rows");
	cr_assert(cli_csv_value(c.out, "mps", v, sizeof(v)));
	cr_expect_str_eq(v, "32.1800", "p = 1: table E's own point");
	cr_expect(strstr(j.out, "\"reserve\":\"cas\""), "%s", j.out);
	cr_expect(strstr(j.out, "\"curve\":\"E\""), "%s", j.out);
	/* the third point of both */
	mps3 = atof(strstr(strstr(strstr(j.out, "\"producers\":3"), "\"mps\":"), ":") + 1);
	cr_expect(strstr(c.out, ",3,"), "%s", c.out);
	cr_expect_gt(mps3, 0);
	snprintf(v, sizeof(v), ",3,%.4f,", mps3);
	cr_expect(strstr(c.out, v), "CSV holds the JSON's %s: %s", v, c.out);
	cli_free(&c);
	cli_free(&j);
}

/*
 * --overwrite on a file without curves (this VM's): the reference workload on
 * overwrite-mode rings, the kernel chain a quarter of a transfer longer at two
 * producers (the closed form, which charges it on every record); one producer
 * the same
 */
Test(model_cli, overwrite_reference_workload)
{
	const char *args[] = { "--machine", "sim/machines/this-vm.machine", "--producers", "1-2",
			       "--no-consumer", "--engine", "closed", "--format", "csv", NULL,
			       NULL };
	struct cli_run n, o;
	const char *rn, *ro;
	double tn, to, mn, mo;

	n = cli_cmd("model", args);
	args[9] = "--overwrite";
	o = cli_cmd("model", args);
	cr_assert_eq(n.status, 0, "%s", n.err);
	cr_assert_eq(o.status, 0, "%s", o.err);
	/* the 2-producer row: producers,mps,drops_mps,serial_ns,transfers,... after the curve */
	rn = strstr(n.out, ",2,");
	ro = strstr(o.out, ",2,");
	cr_assert(rn && ro, "%s%s", n.out, o.out);
	cr_assert_eq(sscanf(rn, ",2,%lf,%*f,%*f,%lf", &mn, &tn), 2, "%s", rn);
	cr_assert_eq(sscanf(ro, ",2,%lf,%*f,%*f,%lf", &mo, &to), 2, "%s", ro);
	cr_expect_float_eq(to - tn, 0.25, 1e-3, "%.4f against %.4f", to, tn);
	cr_expect_lt(mo, mn, "a longer chain: %.4f against %.4f", mo, mn);
	cr_expect_eq(strncmp(strstr(n.out, ",1,"), strstr(o.out, ",1,"), 40), 0,
		     "one producer the same: %s%s", n.out, o.out);
	cli_free(&n);
	cli_free(&o);
}

/* table E's rings were overwrite-mode maps: the title says so, and that cas has no such mode */
Test(model_cli, overwrite_curve_says_so)
{
	const char *kernel_args[] = { "--machine", EPYC, "--curve", "E", "--producers", "1-2",
				      NULL };
	const char *cas_args[] = { "--machine", EPYC, "--curve", "E", "--producers", "1-2",
				   "--reserve", "cas", NULL };
	const char *d_args[] = { "--machine", EPYC, "--curve", "D", "--producers", "1-2", NULL };
	struct cli_run k = cli_cmd("model", kernel_args), c = cli_cmd("model", cas_args);
	struct cli_run d = cli_cmd("model", d_args);

	cr_assert_eq(k.status, 0, "%s", k.err);
	cr_assert_eq(c.status, 0, "%s", c.err);
	cr_assert_eq(d.status, 0, "%s", d.err);
	cr_expect(strstr(k.out, "workload of curve E (overwrite mode)\n"), "%s", k.out);
	cr_expect(strstr(c.out, "workload of curve E (overwrite mode; cas has none: modelled in "
			 "normal mode)\n"), "%s", c.out);
	cr_expect(strstr(d.out, "workload of curve D\n"), "%s", d.out);
	cli_free(&k);
	cli_free(&c);
	cli_free(&d);
}

Test(model_cli, check_lists_every_curve)
{
	const char *args[] = { "--machine", EPYC, "--check", "--format", "csv", NULL };
	struct cli_run r = cli_cmd("model", args);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(cli_lines(r.out), 3, "header, D, E: %s", r.out);
	cr_expect(strstr(r.out, ",D,") && strstr(r.out, ",E,"), "%s", r.out);
	cli_free(&r);
}

Test(model_cli, plot_writes_png)
{
	char dir[512], png[600];
	const char *args[] = { "--machine", XEON, "--producers", "1-52", "--plot", png, NULL };
	unsigned char magic[8];
	struct cli_run r;
	struct stat st;
	int fd, n = 0;
	DIR *d;

	tmp_dir(dir, sizeof(dir), "model-plot");
	snprintf(png, sizeof(png), "%s/model.png", dir);
	r = cli_cmd("model", args);
	cr_assert_eq(r.status, 0, "exit 0 (stderr: %s)", r.err);
	cr_assert(!stat(png, &st), "%s exists", png);
	fd = open(png, O_RDONLY);
	cr_assert(fd >= 0);
	cr_assert_eq(read(fd, magic, 8), 8);
	close(fd);
	cr_expect(!memcmp(magic, "\x89PNG\r\n\x1a\n", 8), "PNG signature");
	d = opendir(dir);
	while (readdir(d))
		n++;
	closedir(d);
	cr_expect_eq(n, 3, "., .. and the plot: no temporary file left");
	cli_free(&r);
}

/* JSON figures a > 0 and a <= b <= c <= d: a probe's min, 5th percentile, median, max */
static void expect_in_order(const char *out, const char *a, const char *b, const char *c,
			    const char *d)
{
	cr_expect_gt(cli_json_num(out, a), 0, "%s", a);
	cr_expect_leq(cli_json_num(out, a), cli_json_num(out, b), "%s <= %s", a, b);
	cr_expect_leq(cli_json_num(out, b), cli_json_num(out, c), "%s <= %s", b, c);
	cr_expect_leq(cli_json_num(out, c), cli_json_num(out, d), "%s <= %s", c, d);
}

Test(model_cli, probe_figures_in_order)
{
	const char *args[] = { "--probe", "--format", "json", NULL };
	struct cli_run r;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		cr_skip_test("the probe needs CPUs 0 and 1");
	r = cli_cmd("model", args);
	cr_assert_eq(r.status, 0, "%s", r.err);
	expect_in_order(r.out, "min_ns", "p5_ns", "median_ns", "max_ns");
	cr_expect_eq(cli_json_num(r.out, "samples"), 2000);
	/* the store-and-load bursts, the same order */
	expect_in_order(r.out, "rw_min_ns", "rw_p5_ns", "rw_median_ns", "rw_max_ns");
	/*
	 * the hand-off (the port's two producers on one ring), the same order,
	 * over 20 to 200 stretches the two ran together
	 */
	expect_in_order(r.out, "handoff_min_ns", "handoff_p5_ns", "handoff_ns", "handoff_max_ns");
	cr_expect_geq(cli_json_num(r.out, "handoff_samples"), 20);
	cr_expect_leq(cli_json_num(r.out, "handoff_samples"), 200);
	/* and with the CAS reservation */
	expect_in_order(r.out, "handoff_cas_min_ns", "handoff_cas_p5_ns", "handoff_cas_ns",
			"handoff_cas_max_ns");
	cr_expect_geq(cli_json_num(r.out, "handoff_cas_samples"), 20);
	cr_expect_leq(cli_json_num(r.out, "handoff_cas_samples"), 200);
	/* every stretch looked at, the kept among them, and the rate over all of them */
	cr_expect_geq(cli_json_num(r.out, "handoff_stretches"),
		      cli_json_num(r.out, "handoff_samples"));
	cr_expect_gt(cli_json_num(r.out, "handoff_all_ns"), 0);
	cr_expect_geq(cli_json_num(r.out, "handoff_cas_stretches"),
		      cli_json_num(r.out, "handoff_cas_samples"));
	cr_expect_gt(cli_json_num(r.out, "handoff_cas_all_ns"), 0);
	/* the machine file's per-record figures, each median above its 5th percentile */
	cr_expect_eq(cli_json_num(r.out, "cost_samples"), 500);
	cr_expect_gt(cli_json_num(r.out, "record_p5_ns"), 0);
	cr_expect_leq(cli_json_num(r.out, "record_p5_ns"), cli_json_num(r.out, "record_ns"));
	cr_expect_gt(cli_json_num(r.out, "consumer_p5_ns"), 0);
	cr_expect_leq(cli_json_num(r.out, "consumer_p5_ns"), cli_json_num(r.out, "consumer_ns"));
	cr_expect_gt(cli_json_num(r.out, "batch_p5_ns"), 0);
	cr_expect_leq(cli_json_num(r.out, "batch_p5_ns"), cli_json_num(r.out, "batch_ns"));
	/*
	 * the consumer's loop: a notification to a consumer asleep makes a
	 * system call (the eventfd write and its wake-up) that one to a
	 * consumer polling does not; the wake-up and a poll round take time
	 */
	cr_expect_eq(cli_json_num(r.out, "wake_samples"), 200);
	cr_expect_gt(cli_json_num(r.out, "notify_sleep_ns"), cli_json_num(r.out, "notify_ns"));
	cr_expect_leq(cli_json_num(r.out, "notify_sleep_p5_ns"),
		      cli_json_num(r.out, "notify_sleep_ns"));
	cr_expect_gt(cli_json_num(r.out, "wake_p5_ns"), 0);
	cr_expect_leq(cli_json_num(r.out, "wake_p5_ns"), cli_json_num(r.out, "wake_ns"));
	cr_expect_gt(cli_json_num(r.out, "poll_p5_ns"), 0);
	cr_expect_leq(cli_json_num(r.out, "poll_p5_ns"), cli_json_num(r.out, "poll_ns"));
	/*
	 * the consumer's way to sleep: its wait call that returns at once, and
	 * a notification to it announced and not asleep, which makes a system
	 * call (the FUTEX_WAKE_OP) that one to a consumer polling does not
	 */
	cr_expect_gt(cli_json_num(r.out, "wait_p5_ns"), 0);
	cr_expect_leq(cli_json_num(r.out, "wait_p5_ns"), cli_json_num(r.out, "wait_ns"));
	cr_expect_gt(cli_json_num(r.out, "notify_wake_ns"), cli_json_num(r.out, "notify_ns"));
	cr_expect_leq(cli_json_num(r.out, "notify_wake_p5_ns"),
		      cli_json_num(r.out, "notify_wake_ns"));
	/*
	 * the scheduler's turn of two busy threads on CPU 0 (300 ms hold dozens
	 * at any tick from HZ 100 to 1000; the probe fails below 4), its
	 * percentiles in order; the wake-ups' 20 quantiles in order
	 */
	cr_expect_geq(cli_json_num(r.out, "slice_turns"), 4);
	cr_expect_gt(cli_json_num(r.out, "slice_p10_ns"), 0);
	cr_expect_leq(cli_json_num(r.out, "slice_p10_ns"), cli_json_num(r.out, "slice_ns"));
	cr_expect_leq(cli_json_num(r.out, "slice_ns"), cli_json_num(r.out, "slice_p90_ns"));
	{
		char list[512], *tok, *save = NULL;
		double last = 0;
		unsigned int n = 0;

		cr_assert(cli_json_value(r.out, "wake_draw_ns", list, sizeof(list)), "%s", r.out);
		for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save), n++) {
			cr_expect_geq(atof(tok), last, "quantile %u in order", n);
			last = atof(tok);
		}
		cr_expect_eq(n, 20, "%s", r.out);
	}
	/*
	 * a consumer right behind the producer: its fills' medians, and
	 * follow_ns their difference to 0.01 ns, 0.01 at least
	 */
	cr_expect_eq(cli_json_num(r.out, "follow_samples"), 100);
	cr_expect_gt(cli_json_num(r.out, "fill_alone_ns"), 0);
	cr_expect_float_eq(cli_json_num(r.out, "follow_ns"),
			   fmax(cli_json_num(r.out, "fill_follow_ns") -
				cli_json_num(r.out, "fill_alone_ns"), 0.01), 0.011, "%s", r.out);
	/*
	 * five rings, each its own figure and its transfer before and after
	 * it; follow_ns the middle of those taken at the c2c transfer (both
	 * looks within 25% of median_ns), of all five where none was
	 */
	{
		const char *p = strstr(r.out, "\"follow_rings_ns\":[");
		const char *lk = strstr(r.out, "\"follow_rings_c2c_ns\":[");
		double fig[8], fol = cli_json_num(r.out, "follow_ns"), b, a;
		double c2c = cli_json_num(r.out, "median_ns");
		unsigned int n = 0, m = 0, in = 0, below = 0, above = 0, same = 0, pool, k;
		bool counted[8] = { false };
		char list[256];
		int used;

		cr_assert(p && lk, "%s", r.out);
		p += strlen("\"follow_rings_ns\":[");
		snprintf(list, sizeof(list), "%.*s", (int)strcspn(p, "]"), p);
		while (n < 8 && sscanf(p, "%lf%n", &fig[n], &used) == 1) {
			cr_expect_geq(fig[n], 0.01);
			n++;
			p += used;
			if (*p != ',')
				break;
			p++;
		}
		cr_expect_eq(n, 5, "%s", r.out);
		lk += strlen("\"follow_rings_c2c_ns\":[");
		while (m < 8 && sscanf(lk, "[%lf,%lf]%n", &b, &a, &used) == 2) {
			cr_expect(b > 0 && a > 0, "ring %u's looks: %g, %g", m, b, a);
			counted[m] = fabs(b / c2c - 1) <= 0.25 && fabs(a / c2c - 1) <= 0.25;
			in += counted[m++];
			lk += used;
			if (*lk != ',')
				break;
			lk++;
		}
		cr_expect_eq(m, 5, "%s", r.out);
		cr_expect_eq(cli_json_num(r.out, "follow_rings_at_c2c"), in, "rings at %g ns: %s",
			     c2c, r.out);
		for (k = 0; k < n && k < m; k++) {
			if (!counted[k] && in)
				continue;
			below += fig[k] < fol;
			above += fig[k] > fol;
			same += fig[k] == fol;
		}
		pool = in ? in : 5;
		cr_expect(same >= 1 && below <= pool / 2 && above <= (pool - 1) / 2,
			  "the middle of those counted of %s: %g", list, fol);
	}
	cli_free(&r);
}

/* the CSV row of a --crossover output whose reserve column is variant */
static const char *crossover_row(const char *out, const char *variant)
{
	char key[32];

	snprintf(key, sizeof(key), ",%s,", variant);
	return strstr(out, key);
}

/* the model's throughput at p producers, from its own CSV */
static double model_mps(const char *machine, const char *reserve, const char *p)
{
	const char *args[] = { "--machine", machine, "--reserve", reserve, "--producers", p,
			       "--oversubscribe", "--format", "csv", NULL };
	struct cli_run r = cli_cmd("model", args);
	char v[64];
	double mps;

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(cli_csv_value(r.out, "mps", v, sizeof(v)));
	mps = atof(v);
	cli_free(&r);
	return mps;
}

Test(model_cli, crossover_from_the_model_curves)
{
	const char *args[] = { "--machine", XEON, "--crossover", "--producers", "1-52",
			       "--oversubscribe", "--format", "csv", NULL };
	struct cli_run r = cli_cmd("model", args);
	const char *row;
	char line[256];
	double ratio;

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(cli_lines(r.out), 4, "header and cas, shard:2, percpu: %s", r.out);
	cr_expect(strstr(r.out, "machine,curve,batch,reserve,beats_at,first,ratio_8,ratio_16,"
			 "ratio_52\n"), "%s", r.out);
	/* the ratio at 52 is the two curves' own figures at 52, divided */
	ratio = model_mps(XEON, "percpu", "52") / model_mps(XEON, "kernel", "52");
	row = crossover_row(r.out, "percpu");
	cr_assert(row, "%s", r.out);
	snprintf(line, sizeof(line), "%.*s", (int)strcspn(row, "\n"), row);
	cr_expect_float_eq(atof(strrchr(line, ',') + 1), ratio, 1e-3, "%s", line);
	/*
	 * cas beats the kernel from 2 producers (its publication's 2 transfers
	 * against the lock's 3) and not at 8 (7 failures a success)
	 */
	cr_expect_gt(model_mps(XEON, "cas", "2"), model_mps(XEON, "kernel", "2"));
	cr_expect_lt(model_mps(XEON, "cas", "8"), model_mps(XEON, "kernel", "8"));
	row = crossover_row(r.out, "cas");
	cr_assert(row);
	cr_expect(!strncmp(row, ",cas,2", 6), "first 2: %s", row);
	cli_free(&r);
}

/* a figure of --against-real's first point, from its JSON or its CSV */
static double fig(const char *out, bool csv, const char *key)
{
	char v[64];

	if (!csv)
		return cli_json_num(out, key);
	cr_assert(cli_csv_value(out, key, v, sizeof(v)), "%s in %s", key, out);
	return atof(v);
}

/* a yes-or-no figure of the same: JSON's true or false, the CSV's 1 or 0 */
static bool flag(const char *out, bool csv, const char *key)
{
	char v[16];

	if (csv)
		return fig(out, csv, key) != 0;
	cr_assert(cli_json_value(out, key, v, sizeof(v)), "%s in %s", key, out);
	cr_assert(!strcmp(v, "true") || !strcmp(v, "false"), "%s: %s", key, v);
	return !strcmp(v, "true");
}

/* a CSV whose first row has as many fields as its header names (quoted ones without '"') */
static void expect_csv_names_every_field(const char *out)
{
	const char *row = strchr(out, '\n');
	int names = 1, fields = 1;

	cr_assert(row, "%s", out);
	for (const char *c = out; c < row; c++)
		names += *c == ',';
	for (const char *c = row + 1, *q = NULL; *c && *c != '\n'; c++) {
		if (*c == '"')
			q = q ? NULL : c;
		else if (*c == ',' && !q)
			fields++;
	}
	cr_expect_eq(fields, names, "%s", out);
}

/* a text field of --against-real's first point, CSV or JSON; false: none (or null) */
static bool text_field(const char *out, bool csv, const char *key, char *v, size_t len)
{
	bool got = csv ? cli_csv_value(out, key, v, len) : cli_json_value(out, key, v, len);

	cr_assert(got, "%s in %s", key, out);
	return v[0] && strcmp(v, "null");
}

/*
 * this-vm.machine with the figures --against-real measured for its first
 * point (c2c_ns, record_ns, consumer_ns, batch_ns, handoff_ns, the
 * consumer's loop with its wait call and the wake call to it, and where it
 * measured them the wake-ups' quantiles, the scheduler's turn, a following
 * consumer's cost and the CAS reservation's hand-off) in place of the
 * file's, at dir/now.machine
 */
#define NOW_KEYS 11
static void machine_now(const char *res, bool csv, const char *dir, char *path, size_t len)
{
	static const char *const keys[NOW_KEYS] = { "c2c_l3_ns", "record_ns", "consumer_ns",
						    "batch_ns", "handoff_ns", "notify_ns",
						    "notify_sleep_ns", "wake_ns", "poll_ns",
						    "wait_ns", "notify_wake_ns" };
	static const char *const fields[NOW_KEYS] = { "c2c_ns", "record_ns", "consumer_ns",
						      "batch_ns", "handoff_ns", "notify_ns",
						      "notify_sleep_ns", "wake_ns", "poll_ns",
						      "wait_ns", "notify_wake_ns" };
	static const char *const lists[] = { "wake_draw_ns", "slice_ns", "follow_ns",
					     "handoff_cas_ns" };
	char line[1024], v[512];
	FILE *in, *out;
	unsigned int k;

	snprintf(path, len, "%s/now.machine", dir);
	in = fopen("sim/machines/this-vm.machine", "r");
	out = fopen(path, "w");
	cr_assert(in && out, "machine files");
	while (fgets(line, sizeof(line), in)) {
		for (k = 0; k < NOW_KEYS; k++)
			if (!strncmp(line, keys[k], strlen(keys[k])) &&
			    line[strlen(keys[k])] == ' ')
				break;
		if (k < NOW_KEYS)
			fprintf(out, "%s %.4f | measured by --against-real\n", keys[k],
				fig(res, csv, fields[k]));
		else if (strncmp(line, "wake_draw_ns ", 13) && strncmp(line, "slice_ns ", 9) &&
			 strncmp(line, "follow_ns ", 10) && strncmp(line, "handoff_cas_ns ", 15))
			fputs(line, out);
	}
	/* the figures the file may not have: as measured, or n/a */
	for (k = 0; k < sizeof(lists) / sizeof(lists[0]); k++)
		fprintf(out, "%s %s | measured by --against-real\n", lists[k],
			text_field(res, csv, lists[k], v, sizeof(v)) ? v : "n/a");
	fclose(in);
	cr_assert_eq(fclose(out), 0, "%s", path);
}

/* a figure of this-vm.machine, which has it */
static double this_vm_key(const char *key)
{
	char line[1024], *end;
	size_t n = strlen(key);
	double v = -1;
	FILE *f = fopen("sim/machines/this-vm.machine", "r");

	cr_assert(f, "sim/machines/this-vm.machine");
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ' ') {
			v = strtod(line + n, &end);
			break;
		}
	fclose(f);
	cr_assert_gt(v, 0, "this-vm.machine has %s", key);
	return v;
}

/* this-vm.machine's handoff_cas_ns */
static double this_vm_handoff_cas(void)
{
	return this_vm_key("handoff_cas_ns");
}

/*
 * --against-real: one short run, its figures checked against each other, never
 * for speed: the machine's figures are measured now and positive, the model
 * column is `rbsim model`'s own on a file with those figures, the ratio is
 * the printed model over the printed real figure and the verdict follows from
 * it; the real runs take the kernel's hand-off (--lock queued). Without a
 * consumer, two producers fit the 2 CPUs and run on rings sized for twice
 * the model's rate (command holds a %s for the ring: rbsim_real_ring() of the
 * printed model figure, or 2G where that ring filled and the run went again
 * on the largest); that run reads its figures from the CSV (every field
 * named), the other from JSON.
 */
static void against_real(const char *producers, bool consumer, const char *reserve,
			 const char *command)
{
	bool csv = !consumer;
	/* a ring that two producers share: the kernel's and cas with two */
	bool shared = !strcmp(producers, "2") && strcmp(reserve, "percpu");
	const char *args[] = { "--machine", "sim/machines/this-vm.machine", "--against-real",
			       "--producers", producers, "--real-runs", consumer ? "2" : "1",
			       "--real-duration", "1", "--reserve", reserve, "--format",
			       csv ? "csv" : "json", consumer ? NULL : "--no-consumer", NULL };
	char dir[512], now[600], v[64];
	struct cli_run r;
	double model, real, ratio;
	bool moved;

	if (sysconf(_SC_NPROCESSORS_ONLN) != 2)
		cr_skip_test("this-vm.machine describes 2 CPUs");
	r = cli_cmd("model", args);
	cr_assert_eq(r.status, 0, "%s", r.err);
	if (csv)
		expect_csv_names_every_field(r.out);
	cr_expect_gt(fig(r.out, csv, "c2c_ns"), 0);
	cr_expect_gt(fig(r.out, csv, "c2c_after_ns"), 0);
	cr_expect_gt(fig(r.out, csv, "handoff_ns"), 0);
	cr_expect_gt(fig(r.out, csv, "record_ns"), 0);
	cr_expect_gt(fig(r.out, csv, "notify_sleep_ns"), fig(r.out, csv, "notify_ns"));
	cr_expect_gt(fig(r.out, csv, "wake_ns"), 0);
	cr_expect_gt(fig(r.out, csv, "poll_ns"), 0);
	/* the consumer's way to sleep: its wait call, and the wake call to it on its way */
	cr_expect_gt(fig(r.out, csv, "wait_ns"), 0);
	cr_expect_gt(fig(r.out, csv, "notify_wake_ns"), 0);
	cr_expect_eq(fig(r.out, csv, "announce_ns"), this_vm_key("announce_ns"),
		     "the file's: --probe does not measure it");
	/* what a consumer right behind a producer costs it: measured with a consumer only */
	if (consumer)
		cr_expect_geq(fig(r.out, csv, "follow_ns"), 0.01);
	else
		cr_expect(!text_field(r.out, csv, "follow_ns", v, sizeof(v)), "%s", r.out);
	/* the model's notifications that found the consumer asleep, of all of them */
	cr_expect_leq(fig(r.out, csv, "model_woke_per_rec"),
		      fig(r.out, csv, "model_notify_per_rec"));
	cr_expect_leq(fig(r.out, csv, "woke_per_rec"), fig(r.out, csv, "notify_per_rec"),
		      "eventfd writes are notifications");
	/*
	 * measured again when the transfer (after the runs, or at the end of
	 * any), record_ns or, where two producers share a ring, the variant's
	 * hand-off moved by more than 25% in the runs
	 */
	cr_expect_gt(fig(r.out, csv, "record_after_ns"), 0);
	{
		double c2c = fig(r.out, csv, "c2c_ns");
		double lo = fig(r.out, csv, "c2c_end_min_ns"), hi = fig(r.out, csv, "c2c_end_max_ns");

		/* a look at the end of every run: one run, the two the same */
		cr_expect(lo > 0 && lo <= hi, "%s", r.out);
		if (!consumer)
			cr_expect_float_eq(lo, hi, 1e-4, "one run: %s", r.out);
		moved = fabs(fig(r.out, csv, "c2c_after_ns") / c2c - 1) > 0.25 ||
			fabs(lo / c2c - 1) > 0.25 || fabs(hi / c2c - 1) > 0.25 ||
			fabs(fig(r.out, csv, "record_after_ns") / fig(r.out, csv, "record_ns") - 1) >
				0.25;
	}
	/*
	 * with a consumer, follow_ns again: moved by a quarter of a followed
	 * record's cost, or taken from none of its five rings at the row's
	 * transfer, before or after
	 */
	if (consumer) {
		double f = fig(r.out, csv, "follow_ns"), fa = fig(r.out, csv, "follow_after_ns");
		double at = fig(r.out, csv, "follow_at_c2c");
		double after_at = fig(r.out, csv, "follow_after_at_c2c");

		cr_expect_geq(fa, 0.01, "%s", r.out);
		cr_expect(at == floor(at) && at >= 0 && at <= 5 && after_at == floor(after_at) &&
			  after_at >= 0 && after_at <= 5, "counts of five rings: %s", r.out);
		moved = moved || fabs(fa - f) > 0.25 * (fig(r.out, csv, "record_ns") + f) ||
			at == 0 || after_at == 0;
	} else {
		cr_expect(!text_field(r.out, csv, "follow_after_ns", v, sizeof(v)),
			  "no consumer: no follow_ns after: %s", r.out);
		cr_expect(!text_field(r.out, csv, "follow_at_c2c", v, sizeof(v)) &&
			  !text_field(r.out, csv, "follow_after_at_c2c", v, sizeof(v)),
			  "no consumer: no follow rings: %s", r.out);
	}
	if (shared) {
		const char *key = strcmp(reserve, "cas") ? "handoff_ns" : "handoff_cas_ns";
		double ho = fig(r.out, csv, key);

		cr_expect_gt(fig(r.out, csv, "handoff_after_ns"), 0);
		moved = moved || fabs(fig(r.out, csv, "handoff_after_ns") / ho - 1) > 0.25;
	} else {
		cr_expect(!text_field(r.out, csv, "handoff_after_ns", v, sizeof(v)),
			  "no ring two producers share: no hand-off measured after: %s", r.out);
	}
	cr_expect_eq(flag(r.out, csv, "moved"), moved, "%s", r.out);
	cr_expect(fig(r.out, csv, "tries") >= 1 && fig(r.out, csv, "tries") <= 3);
	/*
	 * the runs' lowest and highest hits about their mean (one run: all
	 * three the same), and held: the figures not moved and the runs within
	 * the tolerance of each other
	 */
	{
		double lo = fig(r.out, csv, "real_min_mps"), hi = fig(r.out, csv, "real_max_mps");
		double mean = fig(r.out, csv, "real_mps");

		cr_expect(lo > 0 && lo <= mean + 1e-4 && mean <= hi + 1e-4, "%s", r.out);
		if (!consumer)
			cr_expect_float_eq(hi, lo, 1e-4, "one run: %s", r.out);
		else
			cr_expect_float_eq(hi - lo, fig(r.out, csv, "real_sd_mps") * sqrt(2), 2e-3,
					   "two runs: their sample sd is their gap over sqrt 2: %s",
					   r.out);
		cr_expect_eq(flag(r.out, csv, "held"), !moved && hi <= lo * 1.3 + 1e-4, "%s",
			     r.out);
		/* a count not held is measured again until it is, three tries at most */
		cr_expect(flag(r.out, csv, "held") || fig(r.out, csv, "tries") == 3, "%s",
			  r.out);
	}
	if (!csv)
		cr_expect_eq(fig(r.out, csv, "file_c2c_ns"), 220, "the file's figure beside it");
	/* the CAS reservation's hand-off measured for cas; the file's for the others */
	if (!strcmp(reserve, "cas"))
		cr_expect_gt(fig(r.out, csv, "handoff_cas_ns"), 0);
	else
		cr_expect_eq(fig(r.out, csv, "handoff_cas_ns"), this_vm_handoff_cas(), "%s",
			     r.out);
	model = fig(r.out, csv, "model_mps");
	real = fig(r.out, csv, "real_mps");
	ratio = fig(r.out, csv, "ratio");
	cr_expect_gt(real, 0);
	tmp_dir(dir, sizeof(dir), "model-now");
	machine_now(r.out, csv, dir, now, sizeof(now));
	{
		/* the model the row ran: the port's threads, preemptible (--preempt auto) */
		const char *again[] = { "--machine", now, "--reserve", reserve, "--producers",
					producers, "--format", "csv", "--preempt", "user",
					consumer ? NULL : "--no-consumer", NULL };
		struct cli_run m = cli_cmd("model", again);

		cr_assert_eq(m.status, 0, "%s", m.err);
		cr_assert(cli_csv_value(m.out, "mps", v, sizeof(v)));
		cr_expect_float_eq(model, atof(v), 1e-3 * model, "%s against %s", r.out, m.out);
		cli_free(&m);
	}
	cr_expect_float_eq(ratio, model / real, 1e-3 * ratio + 1e-4, "%s", r.out);
	cr_expect_eq(flag(r.out, csv, "within"), fabs(ratio - 1) <= 0.3, "%s", r.out);
	cr_expect_eq(fig(r.out, csv, "real_runs"), consumer ? 2 : 1);
	cr_expect_eq(fig(r.out, csv, "real_seconds"), 1, "as asked, and never fewer");
	cr_expect_eq(fig(r.out, csv, "tolerance"), 0.3);
	cr_expect(!flag(r.out, csv, "oversubscribed"), "%s fit the 2 CPUs", producers);
	if (consumer) {
		cr_expect(strstr(r.out, command), "%s", r.out);
	} else {
		char ring[16], want[2][512];
		unsigned int busiest = shared ? 2 : 1;

		rbsim_real_ring_arg(rbsim_real_ring(1, model, 2, busiest), ring, sizeof(ring));
		snprintf(want[0], sizeof(want[0]), command, ring);
		snprintf(want[1], sizeof(want[1]), command, "2G");
		cr_expect(strstr(r.out, want[0]) || strstr(r.out, want[1]),
			  "the ring for twice the model's %.4f M/s, %s, or the largest: %s", model,
			  ring, r.out);
	}
	/*
	 * the model of the port's threads (--preempt auto); with a consumer the
	 * wake-ups' 20 quantiles it measured and draws from, in order, the
	 * median (wake_ns) between the middle two (without one, the file's
	 * figures, unused)
	 */
	{
		char list[512], *tok, *save = NULL;
		double q[32], w;
		unsigned int nq = 0;

		cr_expect(text_field(r.out, csv, "preempt", list, sizeof(list)) &&
			  !strcmp(list, "user"), "%s", r.out);
		cr_expect(text_field(r.out, csv, "wake_draw_ns", list, sizeof(list)) || !consumer,
			  "%s", r.out);
		for (tok = strtok_r(list, ",", &save); consumer && tok && nq < 32;
		     tok = strtok_r(NULL, ",", &save))
			q[nq++] = atof(tok);
		if (consumer) {
			cr_assert_eq(nq, 20, "%s", r.out);
			for (unsigned int k = 1; k < nq; k++)
				cr_expect_leq(q[k - 1], q[k], "quantile %u", k);
			w = fig(r.out, csv, "wake_ns");
			cr_expect(q[9] <= w && w <= q[10], "median %.2f between %.2f and %.2f", w,
				  q[9], q[10]);
		}
	}
	/*
	 * the runs a host stop hit (a record waited 90 ms, or a producer looked
	 * at the clock that late: the text marks the row), counted without a
	 * consumer too, and the others' mean and the model against it
	 */
	{
		double runs = consumer ? 2 : 1, stopped = fig(r.out, csv, "stopped");
		double clear = fig(r.out, csv, "clear_runs");

		cr_expect(stopped == floor(stopped) && stopped >= 0 && stopped <= runs,
			  "a count of the %.0f runs: %s", runs, r.out);
		cr_expect_eq(clear, runs - stopped, "%s", r.out);
		if (clear > 0) {
			double cmps = fig(r.out, csv, "clear_mps");

			cr_expect_gt(cmps, 0);
			cr_expect_float_eq(fig(r.out, csv, "clear_ratio"), model / cmps,
					   1e-3 * model / cmps + 1e-4, "%s", r.out);
			if (!stopped)
				cr_expect_float_eq(cmps, real, 1e-4 + 1e-3 * real,
						   "no run hit: every run's mean: %s", r.out);
		} else if (csv) {
			cr_assert(cli_csv_value(r.out, "clear_mps", v, sizeof(v)), "%s", r.out);
			cr_expect_str_empty(v, "no run left: %s", r.out);
		} else {
			cr_assert(cli_json_value(r.out, "clear_mps", v, sizeof(v)), "%s", r.out);
			cr_expect_str_eq(v, "null", "no run left: %s", r.out);
		}
	}
	/*
	 * without a consumer, where each producer has a ring of its own
	 * (percpu, or one producer), the share of their time the producers
	 * lost and the rate over the time they ran (one run: the real mean
	 * over 1 less the share) and the model against it; null on one ring
	 * (its lock passed along) and with a consumer (its wake-ups)
	 */
	{
		bool own = !consumer && (!strcmp(reserve, "percpu") || !strcmp(producers, "1"));
		double f = own ? fig(r.out, csv, "lost_frac") : 0;

		if (own)
			cr_expect(f >= 0 && f < 1, "a share: %s", r.out);
		else
			cr_expect(!text_field(r.out, csv, "lost_frac", v, sizeof(v)), "%s", r.out);
		if (own) {
			double ran = fig(r.out, csv, "ran_mps");

			cr_expect_float_eq(ran, real / (1 - f), 1e-3 * ran, "%s", r.out);
			cr_expect_float_eq(fig(r.out, csv, "ran_ratio"), model / ran,
					   1e-3 * model / ran + 1e-4, "%s", r.out);
		} else {
			cr_expect(!text_field(r.out, csv, "ran_mps", v, sizeof(v)), "%s", r.out);
			cr_expect(!text_field(r.out, csv, "ran_ratio", v, sizeof(v)), "%s", r.out);
		}
	}
	cli_free(&r);
}

Test(model_cli, against_real_arithmetic)
{
	against_real("1", true, "kernel", "rbsim run --transport ringbuf -p 1 --batch 50 --size 8 "
		     "--ring-size 512K --consumer libbpf --reserve kernel --lock queued -a -w 1 "
		     "-d 1");
}

Test(model_cli, against_real_without_a_consumer)
{
	against_real("2", false, "cas", "rbsim run --transport ringbuf -p 2 --batch 50 --size 8 "
		     "--ring-size %s --consumer none --reserve cas -a -w 0 -d 1");
}

Test(model_cli, against_real_rings_of_their_own)
{
	against_real("2", false, "percpu", "rbsim run --transport ringbuf -p 2 --batch 50 --size "
		     "8 --ring-size %s --consumer none --reserve percpu --lock queued "
		     "-a -w 0 -d 1");
}

/*
 * the text's last line: the counts within the tolerance, and of those the
 * host held still (neither marked moved nor with its runs apart), those
 * within: one count of two real runs, its row's verdict and marks
 */
Test(model_cli, against_real_text_counts_the_rows_held_still)
{
	const char *args[] = { "--machine", "sim/machines/this-vm.machine", "--against-real",
			       "--producers", "1", "--no-consumer", "--real-runs", "2",
			       "--real-duration", "1", NULL };
	const char *row, *last;
	struct cli_run r;
	unsigned int w, h, n, k;
	bool within, still;
	char want[256];

	if (sysconf(_SC_NPROCESSORS_ONLN) != 2)
		cr_skip_test("this-vm.machine describes 2 CPUs");
	r = cli_cmd("model", args);
	cr_assert_eq(r.status, 0, "%s", r.err);
	/* the count's row: the one that starts with its producer count */
	row = strstr(r.out, "\n        1 ");
	cr_assert(row, "%s", r.out);
	within = strstr(row, " yes ") && strstr(row, " yes ") < strchr(row + 1, '\n');
	still = !strstr(row, "moved during the runs]") && !strstr(row, "% apart]");
	/* a look at a run's end that moved is a move of the row */
	if (strstr(row, "[the transfer at the runs' ends "))
		cr_expect(strstr(row, "moved during the runs]"), "%s", row);
	last = strstr(r.out, "\nwithin 30%: ");
	cr_assert(last, "%s", r.out);
	cr_assert_eq(sscanf(last, "\nwithin 30%%: %u of %u; of the counts the host held still "
			    "(the figures within 25%% before, at the runs' ends and after, the runs "
			    "within 30%% of each other), %u of %u", &w, &n, &h, &k), 4, "%s", last);
	snprintf(want, sizeof(want), "%u %u %u %u", w, n, h, k);
	cr_expect_eq(n, 1, "%s", want);
	cr_expect_eq(w, within, "%s: %s", want, r.out);
	cr_expect_eq(k, still, "%s: %s", want, r.out);
	cr_expect_eq(h, still && within, "%s: %s", want, r.out);
	cli_free(&r);
}

Test(model_cli, bad_input)
{
	char dir[512], png[600], bad[600];
	struct {
		const char *args[10];
		const char *says;
	} cases[] = {
		{ { "--producers", "1-4" }, "--machine FILE is required" },
		{ { "--machine", "sim/machines/none.machine" }, "No such file" },
		{ { "--machine", bad }, ":1: unknown key 'fast'" },
		{ { "--machine", XEON, "--reserve", "mutex" }, "--reserve" },
		{ { "--machine", XEON, "--reserve", "shard:0" }, "out of range (1-256)" },
		{ { "--machine", XEON, "--producers", "56" }, "--oversubscribe" },
		{ { "--machine", EPYC, "--curve", "E", "--producers", "193" }, "--oversubscribe" },
		{ { "--machine", XEON, "--producers", "4-2" }, "--producers" },
		{ { "--machine", XEON, "--producers", "0" }, "--producers" },
		{ { "--machine", XEON, "--producers", "2,1" }, "must increase" },
		{ { "--machine", XEON, "--curve", "Z" }, "no such curve" },
		{ { "--machine", XEON, "--batch", "0" }, "--batch" },
		{ { "--machine", XEON, "--engine", "exact" }, "--engine" },
		{ { "--machine", XEON, "--engine", "" }, "--engine" },
		{ { "--machine", XEON, "--seed", "-1" }, "--seed" },
		{ { "--machine", "sim/machines/this-vm.machine", "--check" },
		  "no published curve" },
		{ { "--probe", "--machine", XEON }, "--probe" },
		{ { "--machine", XEON, "--producers", "56", "--plot", png }, "--oversubscribe" },
		{ { "--machine", XEON, "--check", "--crossover" }, "one at a time" },
		{ { "--machine", XEON, "--crossover", "--reserve", "cas" }, "no --reserve" },
		{ { "--machine", XEON, "--crossover", "--plot", png }, "--plot" },
		{ { "--machine", XEON, "--real-runs", "2" }, "go with --against-real" },
		{ { "--machine", XEON, "--against-real" }, "describes 56 CPUs" },
		{ { "--machine", XEON, "--against-real", "--curve", "A" }, "no --curve" },
		{ { "--machine", XEON, "--no-consumer", "--curve", "A" }, "has its own" },
		{ { "--machine", XEON, "--no-consumer" }, "without --curve models the first, A" },
		{ { "--machine", XEON, "--overwrite" }, "without --curve models the first, A" },
		{ { "--machine", XEON, "--overwrite", "--curve", "A" }, "has its own mode" },
		{ { "--machine", "sim/machines/this-vm.machine", "--overwrite", "--reserve", "cas" },
		  "has no overwrite mode" },
		{ { "--machine", "sim/machines/this-vm.machine", "--overwrite", "--against-real" },
		  "not with --against-real" },
		{ { "--machine", XEON, "--against-real", "--real-runs", "0" }, "--real-runs" },
		{ { "--machine", XEON, "--against-real", "--real-duration", "0" },
		  "--real-duration" },
		{ { "--machine", XEON, "--preempt", "maybe" }, "expected auto, kernel or user" },
		{ { "--machine", XEON, "--preempt", "user", "--engine", "closed" },
		  "--preempt user runs in virtual time" },
		{ { "--machine", XEON, "--preempt", "user", "--producers", "56", "--oversubscribe" },
		  "has no slice_ns" },
		{ { "--machine", XEON, "--preempt", "user", "--check" }, "not with --preempt user" },
	};
	struct cli_run r;
	unsigned int i;
	FILE *f;

	tmp_dir(dir, sizeof(dir), "model-bad");
	snprintf(png, sizeof(png), "%s/never.png", dir);
	snprintf(bad, sizeof(bad), "%s/bad.machine", dir);
	f = fopen(bad, "w");
	cr_assert(f);
	fputs("fast yes | a\n", f);
	fclose(f);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = cli_cmd("model", cases[i].args);
		cr_expect_eq(r.status, 2, "case %u: exit 2, got %d: %s", i, r.status, r.err);
		cr_expect_eq(cli_lines(r.err), 1, "case %u: one line: %s", i, r.err);
		cr_expect(strstr(r.err, cases[i].says), "case %u: '%s' in: %s", i, cases[i].says,
			  r.err);
		cr_expect_str_eq(r.out, "", "case %u: nothing on stdout", i);
		cli_free(&r);
	}
	cr_expect_neq(access(png, F_OK), 0, "no plot written");
	/* an oversubscribed run is allowed when asked for */
	{
		const char *ok[] = { "--machine", XEON, "--producers", "56-60", "--oversubscribe",
				     NULL };

		r = cli_cmd("model", ok);
		cr_expect_eq(r.status, 0, "%s", r.err);
		cli_free(&r);
	}
}
