// SPDX-License-Identifier: GPL-2.0-only
/*
 * The benchmark suite's prediction section (bench/prediction.scenario,
 * scripts/bench_prediction.py): the grid issue 15 asks for, the kernel, the
 * calibrated port, the pure port, the calibrated port with its round's
 * profile and the kernel again alternating run by run; and its tables
 * and plot written from a results folder's runs.csv (here runs of the port
 * labelled as each side, so that no kernel is needed).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/profile.h"
#include "tests/helpers/tmpdir.h"

TestSuite(bench_prediction, .timeout = 60);

/* the three sides every sitting has, the kernel's repeat, and the port with the round's profile */
static const char *const sides[] = { "kernel", "pure port", "calibrated port", "kernel again",
				     "calibrated now" };

#define NSIDES 5
#define RUNS (2 * NSIDES) /* a workload's runs in the quick suite: 2 rounds */

#define MAX_WL 64

struct grid {
	int n;
	char name[MAX_WL][32];
	char cmd[MAX_WL][RUNS][512]; /* the runs of a workload, in the order they run */
	int side[MAX_WL][RUNS];
	int runs[MAX_WL];
	int probes[MAX_WL]; /* "probe c2c" lines, each before its round's runs */
	int profiles[MAX_WL]; /* "probe profile" lines, likewise */
};

/* the workload named by the len bytes at name, added if new */
static int workload_of(struct grid *g, const char *name, size_t len)
{
	int w;

	for (w = 0; w < g->n; w++) {
		if (strlen(g->name[w]) == len && !strncmp(g->name[w], name, len))
			return w;
	}
	cr_assert_lt(g->n, MAX_WL, "workloads");
	snprintf(g->name[w], sizeof(g->name[w]), "%.*s", (int)len, name);
	return g->n++;
}

static int side_of(const char *s, size_t len)
{
	for (int i = 0; i < NSIDES; i++) {
		if (strlen(sides[i]) == len && !strncmp(s, sides[i], len))
			return i;
	}
	return -1;
}

/*
 * "prediction: SIDE x=NAME: COMMAND" lines of the dry run, by workload, and
 * "prediction: probe c2c x=NAME round N: COMMAND" and "prediction: probe
 * profile x=NAME round N: COMMAND" before each round
 */
static void read_grid(const char *out, struct grid *g)
{
	const char *line = out;

	memset(g, 0, sizeof(*g));
	while ((line = strstr(line, "prediction: "))) {
		const char *s = line + 12, *x = strstr(s, " x="), *colon, *eol;
		int w, side;

		cr_assert_not_null(x, "a run line: %.80s", line);
		eol = strchr(x, '\n');
		cr_assert_not_null(eol, "%.80s", line);
		if (!strncmp(s, "probe c2c x=", 12)) {
			const char *rnd = strstr(x, " round ");

			cr_assert(rnd && rnd < eol, "%.80s", line);
			w = workload_of(g, x + 3, (size_t)(rnd - x - 3));
			g->probes[w]++;
			cr_expect_eq(atoi(rnd + 7), g->probes[w], "%s: round %d's probe: %.80s",
				     g->name[w], g->probes[w], line);
			cr_expect_eq(g->runs[w], NSIDES * (g->probes[w] - 1),
				     "%s: the probe comes before its round's runs", g->name[w]);
			cr_expect(strstr(rnd, "model --probe") && strstr(rnd, "model --probe") < eol,
				  "the probe is rbsim model --probe: %.80s", line);
			line = eol;
			continue;
		}
		if (!strncmp(s, "probe profile x=", 16)) {
			const char *rnd = strstr(x, " round ");
			char want[64];

			cr_assert(rnd && rnd < eol, "%.80s", line);
			w = workload_of(g, x + 3, (size_t)(rnd - x - 3));
			g->profiles[w]++;
			cr_expect_eq(g->runs[w], NSIDES * (g->profiles[w] - 1),
				     "%s: the round's profile comes before its runs", g->name[w]);
			/* a short calibrate into the round's file */
			snprintf(want, sizeof(want), "/round-profiles/prediction-%s-%d.json",
				 g->name[w], g->profiles[w]);
			cr_expect(strstr(rnd, " calibrate --samples 200 --passes 1 ") &&
					  strstr(rnd, want) && strstr(rnd, want) < eol,
				  "the round's profile is made by rbsim calibrate into %s: %.160s",
				  want, line);
			line = eol;
			continue;
		}
		side = side_of(s, (size_t)(x - s));
		cr_assert_geq(side, 0, "a side of the five: %.80s", line);
		colon = strstr(x, ": ");
		cr_assert(colon && colon < eol, "%.80s", line);
		w = workload_of(g, x + 3, (size_t)(colon - x - 3));
		cr_assert_lt(g->runs[w], RUNS, "%s: at most 2 runs of %d sides", g->name[w],
			     NSIDES);
		snprintf(g->cmd[w][g->runs[w]], sizeof(g->cmd[w][0]), "%.*s", (int)(eol - colon - 2),
			 colon + 2);
		g->side[w][g->runs[w]++] = side;
		line = eol;
	}
}

static bool grid_has(const struct grid *g, const char *opt)
{
	for (int w = 0; w < g->n; w++) {
		if (strstr(g->cmd[w][0], opt))
			return true;
	}
	return false;
}

/* how many times sides a and b run one right after the other among n runs */
static int beside(const int *side, int n, int a, int b)
{
	int k = 0;

	for (int i = 1; i < n; i++)
		k += (side[i - 1] == a && side[i] == b) || (side[i - 1] == b && side[i] == a);
	return k;
}

Test(bench_prediction, grid_alternates_five_sides)
{
	static const char *const dims[] = {
		" -p 2 ", "--size 8 ", "--size 256 ", "--size 4096 ", "--wakeup sampled:",
		"--wakeup force", "--wakeup bytes:", "--consumer batch", "--b2b", "--rate ",
		"--consumer-work ", "--ring-size 16K",
	};
	const char *argv[] = { "scripts/bench.sh", "quick", "--only", "prediction", "--dry-run",
			       "--rbsim", cli_bin(), NULL };
	struct cli_run r = { 0 };
	struct grid *g = malloc(sizeof(*g));

	cr_assert_not_null(g);
	cli_run_prog(&r, argv, NULL);
	cr_assert_eq(r.status, 0, "dry run: exit %d: %s", r.status, r.err);
	read_grid(r.out, g);
	cr_expect_geq(g->n, 16, "a grid of at least 16 workloads, got %d", g->n);
	for (int w = 0; w < g->n; w++) {
		int count[NSIDES] = { 0 };

		cr_assert_eq(g->runs[w], RUNS, "%s: 2 rounds of %d sides, got %d runs", g->name[w],
			     NSIDES, g->runs[w]);
		cr_expect_eq(g->probes[w], 2, "%s: a c2c probe before each of the 2 rounds, got %d",
			     g->name[w], g->probes[w]);
		cr_expect_eq(g->profiles[w], 2, "%s: a profile before each of the 2 rounds, got %d",
			     g->name[w], g->profiles[w]);
		for (int i = 0; i < RUNS; i++) {
			const char *c = g->cmd[w][i];
			int s = g->side[w][i];

			count[s]++;
			/* and the kernel's repeat on the kernel itself, with the same options */
			if (s == 0 || s == 3)
				cr_expect(strstr(c, "--transport kernel-ringbuf") &&
					  !strstr(c, "--profile"), "%s: %s", sides[s], c);
			else
				cr_expect(strstr(c, "--transport ringbuf --profile ") &&
					  !strstr(c, "--profile none") == (s == 2 || s == 4) &&
					  !strstr(c, "/round-profiles/prediction-") == (s != 4),
					  "%s: %s", sides[s], c);
			/* the calibrated port with this round's profile, the one made before it */
			if (s == 4) {
				char want[64];

				snprintf(want, sizeof(want), "/round-profiles/prediction-%s-%d.json ",
					 g->name[w], i / NSIDES + 1);
				cr_expect(strstr(c, want), "%s: round %d's profile: %s", g->name[w],
					  i / NSIDES + 1, c);
			}
		}
		for (int s = 0; s < NSIDES; s++)
			cr_expect_eq(count[s], 2, "%s: %s twice", g->name[w], sides[s]);
		/* one after the other, round by round, the first of each round rotating */
		for (int i = 1; i < NSIDES; i++)
			cr_expect_neq(g->side[w][i - 1], g->side[w][i], "%s: the sides alternate",
				      g->name[w]);
		cr_expect_neq(g->side[w][0], g->side[w][NSIDES], "%s: the first rotates",
			      g->name[w]);
		/*
		 * the calibrated port and the repeat each run next to the kernel as
		 * often (a round's last run is next to the next round's first)
		 */
		cr_expect_eq(beside(g->side[w], RUNS, 0, 2), beside(g->side[w], RUNS, 0, 3),
			     "%s: the calibrated port and the kernel's repeat next to the kernel "
			     "as often", g->name[w]);
	}
	for (size_t i = 0; i < sizeof(dims) / sizeof(dims[0]); i++)
		cr_expect(grid_has(g, dims[i]), "the grid has a workload with '%s'", dims[i]);
	free(g);
	cli_free(&r);
}

/* one run of the port into dir/runs.csv, labelled as side's run rep of workload */
static void labelled_run(const char *dir, const char *side, const char *workload, int rep,
			 const char *profile, const char *opts)
{
	char label[128], out[300];
	const char *args[] = { "--records", "20000", "-q", "--format", "csv", "-o", out, "--label",
			       label, "--profile", profile, "--size", opts, NULL };
	struct cli_run r = { 0 };

	snprintf(label, sizeof(label), "prediction|%s|%s|%d", side, workload, rep);
	snprintf(out, sizeof(out), "%s/runs.csv", dir);
	cli_exec(&r, "run", args, NULL);
	cr_assert_eq(r.status, 0, "%s: %s", label, r.err);
	cli_free(&r);
}

static void copy_file(const char *from, const char *to)
{
	size_t len;
	char *text = cli_read_file(from, &len);
	FILE *f = fopen(to, "w");

	cr_assert(text && f, "%s -> %s", from, to);
	fwrite(text, 1, len, f);
	fclose(f);
	free(text);
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

Test(bench_prediction, tables_and_plot_from_runs)
{
	static const struct rbsim_costs k = { .record_8 = 40, .record_256 = 60,
					      .record_4096 = 300, .notify = 4000, .wakeup = 5000,
					      .trigger_syscall = 1200, .wait = 1400 };
	static const struct rbsim_costs p = { .record_8 = 30, .record_256 = 50,
					      .record_4096 = 200, .notify = 1200, .wakeup = 4000,
					      .trigger_syscall = 30, .wait = 1300 };
	static const char *const workloads[] = { "w8", "w256" }, *const sizes[] = { "8", "256" };
	char dir[256], prof[300], path[400];
	const char *argv[] = { "scripts/bench.sh", "plot", dir, NULL };
	struct cli_run r = { 0 };
	struct stat st;
	char *md, *runs, *pts;

	tmp_dir(dir, sizeof(dir), "prediction");
	tmp_path(prof, sizeof(prof), "%s/profile.json", dir);
	tp_write(prof, &k, &p);
	snprintf(path, sizeof(path), "%s/points.csv", dir);
	copy_file("tests/fixtures/bench/points.csv", path);
	snprintf(path, sizeof(path), "%s/env.txt", dir);
	copy_file("tests/fixtures/bench/env.txt", path);
	for (int w = 0; w < 2; w++) {
		for (int rep = 1; rep <= 2; rep++) {
			for (int s = 0; s < 3; s++)
				labelled_run(dir, sides[s], workloads[w], rep,
					     s == 2 ? prof : "none", sizes[w]);
		}
	}
	cli_run_prog(&r, argv, NULL);
	cr_assert_eq(r.status, 0, "bench.sh plot: exit %d: %s%s", r.status, r.out, r.err);

	snprintf(path, sizeof(path), "%s/prediction.md", dir);
	md = cli_read_file(path, NULL);
	cr_assert_not_null(md, "prediction.md");
	cr_expect(strstr(md, "Within every band: calibrated port "), "the verdict line: %s", md);
	cr_expect(strstr(md, "| w8 | ") && strstr(md, "| w256 | "), "a row per workload");
	cr_expect(strstr(md, "### hits") && strstr(md, "### drop fraction") &&
		  strstr(md, "### wake-ups per record") &&
		  strstr(md, "### notifications per record") &&
		  strstr(md, "### consumer sleeps per record") && strstr(md, "### latency p50") &&
		  strstr(md, "### latency p99") && strstr(md, "## Regimes") &&
		  strstr(md, "## Every run"), "every table: %s", md);

	snprintf(path, sizeof(path), "%s/prediction.csv", dir);
	runs = cli_read_file(path, NULL);
	cr_assert_not_null(runs, "prediction.csv");
	cr_expect_eq(count_lines(runs), 1 + 12, "a header and every run: %s", runs);
	cr_expect(strstr(runs, "w8,pure port,1,none,") && strstr(runs, "w8,calibrated port,2,"),
		  "the sides and the profiles: %s", runs);
	cr_expect(strstr(runs, prof), "the calibrated runs name their profile");

	snprintf(path, sizeof(path), "%s/prediction-points.csv", dir);
	pts = cli_read_file(path, NULL);
	cr_assert_not_null(pts, "prediction-points.csv");
	cr_expect_eq(count_lines(pts), 1 + 2 * 7, "7 figures of 2 workloads: %s", pts);

	snprintf(path, sizeof(path), "%s/plots/prediction.png", dir);
	cr_expect(!stat(path, &st) && st.st_size > 1000, "the plot %s", path);
	snprintf(path, sizeof(path), "%s/plots/prediction.svg", dir);
	cr_expect(!stat(path, &st) && st.st_size > 1000, "the plot %s", path);
	free(md);
	free(runs);
	free(pts);
	cli_free(&r);
}

/* the runs.csv columns the tests below write: without and with each run's longest latency */
#define RUNS_COLS_HEAD "label,integrity,hits_mean_mps,attempted,consumed,drops_no_space," \
		       "drops_lock,drops_too_big,wakeups,lat_samples,lat_p50_ns,lat_p99_ns,"
#define RUNS_COLS_TAIL "regime_caught_up_pct,oversubscribed,profile,notifications\n"
static const char runs_cols[] = RUNS_COLS_HEAD RUNS_COLS_TAIL;
static const char runs_cols_max[] = RUNS_COLS_HEAD "lat_max_ns," RUNS_COLS_TAIL;

/* dir/runs.csv opened for writing, header its first line (header ends in a newline) */
static FILE *runs_csv(const char *dir, const char *header)
{
	char path[400];
	FILE *f;

	snprintf(path, sizeof(path), "%s/runs.csv", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	fputs(header, f);
	return f;
}

/*
 * runs.csv of three sides of two workloads, wa's calibrated hits twice the
 * kernel's; 1000 records each, 10 wake-ups, and 20 notifications on the
 * kernel, 40 on each port
 */
static void write_runs(const char *dir)
{
	FILE *f = runs_csv(dir, runs_cols);

	for (int w = 0; w < 2; w++) {
		for (int s = 0; s < 3; s++)
			fprintf(f, "prediction|%s|%s|1,ok,%g,1000,1000,0,0,0,10,100,5000,9000,100,0,"
				"%s,%d\n", sides[s], w ? "wb" : "wa", !w && s == 2 ? 2.0 : 1.0,
				s == 2 ? "p.json" : "none", s ? 40 : 20);
	}
	fclose(f);
}

/* a new results folder named name: the suite's fixture files and write_runs()'s runs.csv */
static void runs_folder(char *dir, size_t len, const char *name)
{
	char path[400];

	tmp_dir(dir, len, name);
	snprintf(path, sizeof(path), "%s/points.csv", dir);
	copy_file("tests/fixtures/bench/points.csv", path);
	snprintf(path, sizeof(path), "%s/env.txt", dir);
	copy_file("tests/fixtures/bench/env.txt", path);
	write_runs(dir);
}

/* write text to dir/name */
static void folder_file(const char *dir, const char *name, const char *text)
{
	char path[400];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	fputs(text, f);
	fclose(f);
}

/*
 * scripts/bench.sh plot on dir, asserted, with env's variables (NULL: none);
 * dir's prediction.md, to free. Its tables and scripts only (--no-plots):
 * rendering them was two thirds of such a test's time, and
 * tables_and_plot_from_runs checks the plot
 */
static char *plot_prediction_env(const char *dir, const char *const *env)
{
	const char *argv[] = { "scripts/bench.sh", "plot", "--no-plots", dir, NULL };
	const struct cli_opts o = { .env = env };
	struct cli_run r = { 0 };
	char path[400], *md;

	cli_run_prog(&r, argv, &o);
	cr_assert_eq(r.status, 0, "bench.sh plot: exit %d: %s%s", r.status, r.out, r.err);
	cli_free(&r);
	snprintf(path, sizeof(path), "%s/prediction.md", dir);
	md = cli_read_file(path, NULL);
	cr_assert_not_null(md, "prediction.md");
	return md;
}

static char *plot_prediction(const char *dir)
{
	return plot_prediction_env(dir, NULL);
}

/* the tables, prediction-points.csv and the plot's script of dir, drawn from its runs.csv */
static void plot_prediction_all(const char *dir, char **md, char **pts, char **gp)
{
	char path[400];

	*md = plot_prediction(dir);
	snprintf(path, sizeof(path), "%s/prediction-points.csv", dir);
	*pts = cli_read_file(path, NULL);
	cr_assert_not_null(*pts, "%s", path);
	snprintf(path, sizeof(path), "%s/plots/prediction.gp", dir);
	*gp = cli_read_file(path, NULL);
	cr_assert_not_null(*gp, "%s", path);
}

/* does the line of text that starts with start end with end? */
static bool row_ends(const char *text, const char *start, const char *end)
{
	const char *line = strstr(text, start), *eol;

	if (!line)
		return false;
	eol = strchr(line, '\n');
	if (!eol)
		eol = line + strlen(line);
	return (size_t)(eol - line) >= strlen(end) &&
	       !strncmp(eol - strlen(end), end, strlen(end));
}

/*
 * Each run carries the cache-line transfer probed before its round
 * (c2c.csv, bench.py's probe c2c): in prediction.md's every-run table and
 * prediction.csv, with the sitting's range above the tables; another
 * scenario's probes and a probe that gave nothing are not taken for one
 */
Test(bench_prediction, every_run_carries_its_rounds_c2c)
{
	char dir[256], path[400];
	char *md, *csv;

	runs_folder(dir, sizeof(dir), "c2c");
	folder_file(dir, "c2c.csv",
		    "scenario,x,round,time,c2c_ns,c2c_rw_ns,note\n"
		    "prediction,wa,1,10:00:00,41.2,60.1,\n"
		    "prediction,wb,1,10:00:09,225.4,301.0,\n"
		    "prediction,wb,2,10:00:18,,,exit 1\n"
		    "other,wa,1,10:00:27,999,999,\n");
	md = plot_prediction(dir);
	cr_expect(strstr(md, "41 to 225 ns over the sitting, median 133, in 2 rounds"),
		  "the sitting's range: %s", md);
	cr_expect(row_ends(md, "| wa | calibrated port | 1 | ", " | 41 |"), "wa's round: %s", md);
	cr_expect(row_ends(md, "| wb | kernel | 1 | ", " | 225 |"), "wb's round: %s", md);
	snprintf(path, sizeof(path), "%s/prediction.csv", dir);
	csv = cli_read_file(path, NULL);
	cr_assert_not_null(csv, "prediction.csv");
	cr_expect(strstr(csv, ",sec_hits_mps,c2c_ns,stalled\n"), "the column: %s", csv);
	cr_expect(strstr(csv, ",wakeups_per_rec,notif_per_rec,") &&
		  strstr(csv, "wa,kernel,1,none,0,1,0,0.01,0.02,"), "notifications a record: %s",
		  csv);
	cr_expect(strstr(csv, ",41.2,0\n") && strstr(csv, ",225.4,0\n") && !strstr(csv, "999"),
		  "each run's round, no other scenario's: %s", csv);
	free(md);
	free(csv);
}

/*
 * A bistable workload's seconds in each regime per side, with the vCPUs near
 * (a probe below 100 ns) or far apart: ws's kernel caught up in its far round
 * and ahead in its near one, both ports caught up in both; a round without a
 * probe is left out of the table
 */
Test(bench_prediction, bistable_regimes_by_placement)
{
	static const char *const regime[3][3] = {
		{ "c", "a", "a" }, { "c", "c", "c" }, { "c", "c", "a" },
	};
	char dir[256], path[400], runs[1024];
	size_t n;
	char *md;

	runs_folder(dir, sizeof(dir), "placement");
	n = (size_t)snprintf(runs, sizeof(runs), "label,integrity,hits_mean_mps,attempted,"
			     "consumed,wakeups,sec_regime,sec_hits_mps\n");
	for (int round = 1; round <= 3; round++)
		for (int s = 0; s < 3; s++)
			n += (size_t)snprintf(runs + n, sizeof(runs) - n,
					      "prediction|%s|ws|%d,ok,1,1000,1000,10,%s,1\n",
					      sides[s], round, regime[s][round - 1]);
	cr_assert_lt(n, sizeof(runs), "runs.csv fits");
	folder_file(dir, "runs.csv", runs);
	folder_file(dir, "c2c.csv",
		    "scenario,x,round,time,c2c_ns,c2c_rw_ns,note\n"
		    "prediction,ws,1,10:00:00,221.5,300.2,\n"
		    "prediction,ws,2,10:00:09,35.1,50.3,\n"
		    "prediction,ws,3,10:00:18,,,exit 1\n");
	md = plot_prediction(dir);
	cr_expect(strstr(md, "| ws (bistable) |"), "ws is bistable: %s", md);
	cr_expect(strstr(md, "| ws | near | 1 | 0 / 1 | 1 / 0 | 1 / 0 |\n"), "near: %s", md);
	cr_expect(strstr(md, "| ws | far | 1 | 1 / 0 | 1 / 0 | 1 / 0 |\n"), "far: %s", md);
	cr_expect(strstr(md, "| all | near | 1 | 0 / 1 | 1 / 0 | 1 / 0 |\n"), "total: %s", md);
	free(md);

	/* without probes, no table */
	snprintf(path, sizeof(path), "%s/c2c.csv", dir);
	cr_assert_eq(unlink(path), 0, "%s", path);
	md = plot_prediction(dir);
	cr_expect(!strstr(md, "by placement"), "no probes, no placement table: %s", md);
	free(md);
}

/*
 * prediction.md ends with each miss of the calibrated port and the measured
 * cause its causes file gives (here $BENCH_PREDICTION_CAUSES): wa's hits
 * (x2.00, above the kernel) name cause 1 and not a cause of a miss below it,
 * with the host its results folder's env.txt names and this run's own, wb
 * has no miss; a malformed causes file stops the
 * plot with one line naming file and line, and nothing of the prediction
 * written
 */
Test(bench_prediction, misses_name_their_measured_causes)
{
	char dir[256], causes[300], env_causes[340], path[400];
	const char *argv[] = { "scripts/bench.sh", "plot", "--no-plots", dir, NULL };
	const char *env[] = { env_causes, NULL };
	const struct cli_opts o = { .env = env };
	struct cli_run r = { 0 };
	struct stat st;
	char *md, *sec;
	FILE *f;

	runs_folder(dir, sizeof(dir), "causes");
	tmp_path(causes, sizeof(causes), "%s/causes", dir);
	snprintf(env_causes, sizeof(env_causes), "BENCH_PREDICTION_CAUSES=%s", causes);
	f = fopen(causes, "w");
	cr_assert_not_null(f);
	/* a committed folder whose hand-written env.txt names its host */
	fprintf(f, "# a comment\n\nwb | drops | results/y | not used\n"
		   "wa | hits- | results/y | the other way\n"
		   "wa wb | hits+ wakeups | results/vm-2026-12-02-6 | the cause of wa's hits\n");
	fclose(f);

	cli_run_prog(&r, argv, &o);
	cr_assert_eq(r.status, 0, "bench.sh plot: exit %d: %s%s", r.status, r.out, r.err);
	snprintf(path, sizeof(path), "%s/prediction.md", dir);
	md = cli_read_file(path, NULL);
	cr_assert_not_null(md, "prediction.md");
	sec = strstr(md, "## The calibrated port's misses and their measured causes");
	cr_assert_not_null(sec, "the section: %s", md);
	cr_expect(strstr(sec, causes), "names the causes file: %s", sec);
	/* the ports' notifications a record, twice the kernel's, are shown, not judged */
	cr_expect(strstr(md, "| wa | 0.0200 | 0.0400 | x2.00 | 0.0400 | x2.00 |\n"),
		  "notifications a record: %s", md);
	cr_expect(strstr(sec, "\n- **wa**: hits x2.00 [1]\n"), "wa's miss and its cause: %s", sec);
	cr_expect(strstr(sec, "\n1. the cause of wa's hits (results/vm-2026-12-02-6; AMD EPYC "
			  "(family 26, model 2), 2 vCPUs, 1 thread per core, 6.18.44-fc-v1045)\n"),
		  "the cause and the host it was measured on: %s", sec);
	/* and this run's host, from its own env.txt (tests/fixtures/bench/env.txt) */
	cr_expect(strstr(sec, "this run's host: Intel(R) Xeon(R) Processor @ 2.50GHz, "
			  "6.18.44-fc-v595."), "this run's host: %s", sec);
	cr_expect(!strstr(sec, "**wb**") && !strstr(sec, "not used"), "nothing of wb: %s", sec);
	/* wa's port is above the kernel: a cause of a miss below it is not wa's */
	cr_expect(!strstr(sec, "the other way"), "a cause of the other way: %s", sec);
	cr_expect(strstr(md, "Within every band: calibrated port 1 of 2"), "%s", md);
	free(md);

	/* a malformed file: one line naming it and its line, exit 2, nothing written */
	for (size_t i = 0; i < 4; i++) {
		static const char *const bad[] = { "wa | hits bogus | results/x | why\n",
						   "wa | hits | results/x\n",
						   "wa | share@ahead | results/x | why\n",
						   "wa | hits@asleep+ | results/x | why\n" };
		static const char *const says[] = { ":1: unknown figure 'bogus'",
						    ":1: expected WORKLOADS | FIGURES | RESULTS |"
						    " CAUSE",
						    ":1: unknown figure 'share@ahead'",
						    ":1: unknown figure 'hits@asleep+'" };

		f = fopen(causes, "w");
		cr_assert_not_null(f);
		fputs(bad[i], f);
		fclose(f);
		/* the good run's, removed (the first time round) */
		snprintf(path, sizeof(path), "%s/prediction.md", dir);
		cr_assert(!unlink(path) || errno == ENOENT, "%s", path);
		snprintf(path, sizeof(path), "%s/prediction.csv", dir);
		cr_assert(!unlink(path) || errno == ENOENT, "%s", path);
		cli_run_prog(&r, argv, &o);
		cr_expect_eq(r.status, 2, "%s: exit 2, got %d: %s", bad[i], r.status, r.err);
		cr_expect(strstr(r.err, causes) && strstr(r.err, says[i]) &&
			  strchr(r.err, '\n') == r.err + strlen(r.err) - 1,
			  "one line naming the file, its line and the problem: %s", r.err);
		cr_expect(stat(path, &st) && errno == ENOENT, "no prediction.csv written");
		snprintf(path, sizeof(path), "%s/prediction.md", dir);
		cr_expect(stat(path, &st) && errno == ENOENT, "no prediction.md written");
	}
	cli_free(&r);
}

/*
 * of two causes of one miss, the one measured on the run's host: by its CPU
 * family and model where both env.txt files give them, else by the whole text
 */
Test(bench_prediction, misses_prefer_a_cause_measured_on_this_host)
{
	char dir[256], env_causes[340];
	const char *env[] = { env_causes, NULL };
	char *md, *sec;

	runs_folder(dir, sizeof(dir), "causes-host");
	snprintf(env_causes, sizeof(env_causes), "BENCH_PREDICTION_CAUSES=%s/causes", dir);
	/* the fixture's host (tests/fixtures/bench/env.txt) is vm-2026-11-22's, the second */
	folder_file(dir, "causes", "wa | hits+ | results/vm-2026-12-02-6 | the family 26 host's\n"
				   "wa | hits | results/vm-2026-11-22 | the Xeon host's\n");
	md = plot_prediction_env(dir, env);
	sec = strstr(md, "## The calibrated port's misses and their measured causes");
	cr_assert_not_null(sec, "the section: %s", md);
	cr_expect(strstr(sec, "\n- **wa**: hits x2.00 [1]\n"), "wa's miss: %s", sec);
	cr_expect(strstr(sec, "\n1. the Xeon host's (results/vm-2026-11-22; Intel(R) Xeon(R) "
			  "Processor @ 2.50GHz, 6.18.44-fc-v595)\n"), "this host's cause: %s", sec);
	cr_expect(!strstr(sec, "the family 26 host's"), "the other host's, not used: %s", sec);
	free(md);

	/*
	 * a run on a family 26, model 2 host of another kernel build: the first
	 * one; its hand-written kernel line without "Linux" still names the release
	 */
	folder_file(dir, "env.txt", "cpu:      AMD EPYC\n"
				    "cpu id:   AuthenticAMD family 26, model 2, stepping 1\n"
				    "kernel:   6.18.44-other (#1 SMP PREEMPT_DYNAMIC)\n");
	md = plot_prediction_env(dir, env);
	sec = strstr(md, "## The calibrated port's misses and their measured causes");
	cr_assert_not_null(sec, "the section: %s", md);
	cr_expect(strstr(sec, "\n1. the family 26 host's (results/vm-2026-12-02-6; AMD EPYC "
			  "(family 26, model 2)"), "the same CPU's cause: %s", sec);
	cr_expect(strstr(sec, "this run's host: AMD EPYC, AuthenticAMD family 26, model 2, "
			  "stepping 1, 6.18.44-other."), "this run's host: %s", sec);
	cr_expect(!strstr(sec, "the Xeon host's"), "the other host's, not used: %s", sec);
	free(md);
}

/*
 * the committed causes: every workload a case of bench/prediction.scenario,
 * every results folder there with its README
 */
Test(bench_prediction, committed_causes_name_real_cases_and_results)
{
	char *scen = cli_read_file("bench/prediction.scenario", NULL);
	char *text = cli_read_file("bench/prediction.causes", NULL);
	char *save = NULL, *line;
	int n = 0;

	cr_assert(scen && text);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *bar = strchr(line, '|'), *res, *end, *tok, *s2 = NULL, path[300];
		struct stat st;

		if (*line == '#' || !bar)
			continue;
		n++;
		*bar = '\0';
		for (tok = strtok_r(line, " ", &s2); tok; tok = strtok_r(NULL, " ", &s2)) {
			char want[64];
			const char *at = scen;
			bool found = false;

			snprintf(want, sizeof(want), " %s ", tok);
			/* "case      NAME    | ...": the name between spaces on a case line */
			while ((at = strstr(at, want))) {
				const char *bol = at;

				while (bol > scen && bol[-1] != '\n')
					bol--;
				if (!strncmp(bol, "case ", 5) &&
				    !memchr(bol, '|', (size_t)(at - bol)))
					found = true;
				at++;
			}
			cr_expect(found, "causes: '%s' is no case of bench/prediction.scenario",
				  tok);
		}
		res = strchr(bar + 1, '|');
		cr_assert_not_null(res, "a RESULTS field");
		res++;
		while (*res == ' ')
			res++;
		end = strchr(res, '|');
		cr_assert_not_null(end, "a CAUSE field");
		while (end > res && end[-1] == ' ')
			end--;
		snprintf(path, sizeof(path), "%.*s/README.md", (int)(end - res), res);
		cr_expect(!stat(path, &st), "causes: %s exists", path);
	}
	cr_expect_gt(n, 0, "at least one cause");
	free(scen);
	free(text);
}

/*
 * A workload is bistable by the share of caught-up seconds over all of the
 * kernel's runs, each run of one second its own sample (a median over runs
 * would read c, a, c as 100%), and is then judged by that share and by each
 * figure per regime, never by the medians that mix them: wb's kernel runs c,
 * a, c (67%), the pure port's c, c, c (100%: a share miss), the calibrated
 * port's a, c and a run that switched, ca (2 of 4 seconds: within 20
 * points); the switched run gives its seconds' hits to each regime and no
 * other figure. The calibrated port's only miss is its ahead wake-ups
 * (x2.00). wa, every run caught up, is judged by its medians as before.
 * That miss takes only a cause that names its regime and way
 * (wakeups@ahead+): one of wb's wake-ups over its runs explains a median
 * over regimes, not a figure within one.
 */
Test(bench_prediction, bistable_judged_per_regime_over_all_seconds)
{
	static const struct {
		const char *side, *sec;
		double hits;
		const char *sec_hits;
		int wakeups, pct;
	} wb[] = {
		{ "kernel", "c", 1.0, "1.0", 200, 100 },
		{ "kernel", "a", 4.0, "4.0", 10, 0 },
		{ "kernel", "c", 1.2, "1.2", 200, 100 },
		{ "pure port", "c", 5.0, "5.0", 200, 100 },
		{ "pure port", "c", 5.0, "5.0", 200, 100 },
		{ "pure port", "c", 5.0, "5.0", 200, 100 },
		{ "calibrated port", "a", 4.4, "4.4", 20, 0 },
		{ "calibrated port", "c", 1.1, "1.1", 200, 100 },
		{ "calibrated port", "ca", 2.75, "1.1;4.4", 100, 50 },
	};
	char dir[256], path[400];
	const char *argv[] = { "scripts/bench.sh", "plot", "--no-plots", dir, NULL };
	struct cli_run r = { 0 };
	char *md, *sec;
	int rep[3] = { 0 };
	FILE *f;

	runs_folder(dir, sizeof(dir), "bistable");
	f = runs_csv(dir, "label,integrity,hits_mean_mps,attempted,consumed,drops_no_space,"
		     "drops_lock,drops_too_big,wakeups,lat_samples,lat_p50_ns,lat_p99_ns,"
		     "regime_caught_up_pct,oversubscribed,profile,notifications,sec_regime,"
		     "sec_hits_mps\n");
	for (int s = 0; s < 3; s++)
		fprintf(f, "prediction|%s|wa|1,ok,%g,1000,1000,0,0,0,10,100,5000,9000,100,0,%s,20,"
			"c,%g\n", sides[s], s == 2 ? 2.0 : 1.0, s == 2 ? "p.json" : "none",
			s == 2 ? 2.0 : 1.0);
	for (size_t i = 0; i < sizeof(wb) / sizeof(wb[0]); i++) {
		int s = side_of(wb[i].side, strlen(wb[i].side));

		fprintf(f, "prediction|%s|wb|%d,ok,%g,1000,1000,0,0,0,%d,100,5000,9000,%d,0,%s,20,"
			"%s,%s\n", wb[i].side, ++rep[s], wb[i].hits, wb[i].wakeups, wb[i].pct,
			s == 2 ? "p.json" : "none", wb[i].sec, wb[i].sec_hits);
	}
	fclose(f);
	cli_run_prog(&r, argv, NULL);
	cr_assert_eq(r.status, 0, "bench.sh plot: exit %d: %s%s", r.status, r.out, r.err);

	snprintf(path, sizeof(path), "%s/prediction.md", dir);
	md = cli_read_file(path, NULL);
	cr_assert_not_null(md, "prediction.md");
	cr_expect(strstr(md, "\n1 bistable workload(s).\n"), "wb bistable, wa not: %s", md);
	cr_expect(strstr(md, "| wb (bistable) | 67% | 100% **miss** | 50% ok | 1.1 / 4 | "
			  "5 **miss** / - | 1.1 ok / 4.4 ok |\n"), "the shares, hits per regime: %s",
		  md);
	cr_expect(strstr(md, "| wa | 100% | 100% | 100% | 1 / - | 1 / - | 2 / - |\n"),
		  "wa's regimes: %s", md);
	/* the medians over both regimes are shown, not judged */
	cr_expect(strstr(md, "| wb (bistable: judged per regime) | 1.2 | 5 | x4.17 | 2.75 | "
			  "x2.29 |\n"), "wb's hits unjudged: %s", md);
	cr_expect(strstr(md, "| wa | 1 | 1 | x1.00 ok | 2 | x2.00 **miss** |\n"),
		  "wa's judged: %s", md);
	cr_expect(strstr(md, "| wb | caught up | 2/3/1 | wake-ups per record | 0.2000 | 0.2000 "
			  "| x1.00 ok | 0.2000 | x1.00 ok |\n"), "caught-up wake-ups: %s", md);
	cr_expect(strstr(md, "| wb | ahead | 1/0/1 | wake-ups per record | 0.0100 | - | - | "
			  "0.0200 | x2.00 **miss** |\n"), "ahead wake-ups, from run 1 only: %s", md);
	cr_expect(strstr(md, "| wb | ahead | 1/0/1 | hits | 4 | - | - | 4.4 | x1.10 ok |\n"),
		  "ahead hits, from the seconds of runs 1 and 3: %s", md);
	sec = strstr(md, "## The calibrated port's misses and their measured causes");
	cr_assert_not_null(sec, "the section: %s", md);
	cr_expect(strstr(sec, "\n- **wb**: wake-ups per record ahead x2.00 [none]\n"),
		  "wb's one miss: %s", sec);
	cr_expect(strstr(md, "Within every band: calibrated port 0 of 2 workloads that fit the "
			  "CPUs, pure port 1 of 2."), "the score: %s", md);
	free(md);

	/*
	 * a cause of wb's wake-ups over its runs, or within the other regime,
	 * or of a miss below the kernel, is not one of its wake-ups ahead
	 */
	for (int i = 0; i < 2; i++) {
		char causes[300], env_causes[340];
		const char *env[] = { env_causes, NULL };
		const struct cli_opts o = { .env = env };

		tmp_path(causes, sizeof(causes), "%s/causes", dir);
		snprintf(env_causes, sizeof(env_causes), "BENCH_PREDICTION_CAUSES=%s", causes);
		f = fopen(causes, "w");
		cr_assert_not_null(f, "%s", causes);
		fputs("wb | wakeups | results/y | over the runs\n"
		      "wb | wakeups@caught-up | results/y | caught up\n"
		      "wb | wakeups@ahead- | results/y | below\n", f);
		if (i)
			fputs("wb | hits wakeups@ahead+ | results/vm-2026-12-02-6 | within ahead\n",
			      f);
		fclose(f);
		cli_run_prog(&r, argv, &o);
		cr_assert_eq(r.status, 0, "bench.sh plot: exit %d: %s%s", r.status, r.out, r.err);
		md = cli_read_file(path, NULL);
		cr_assert_not_null(md, "prediction.md");
		sec = strstr(md, "## The calibrated port's misses and their measured causes");
		cr_assert_not_null(sec, "the section: %s", md);
		cr_expect(strstr(sec, i ? "\n- **wb**: wake-ups per record ahead x2.00 [1]\n" :
					  "\n- **wb**: wake-ups per record ahead x2.00 [none]\n"),
			  "wb's miss, cause %d: %s", i, sec);
		cr_expect(!strstr(sec, "over the runs") && !strstr(sec, "caught up (") &&
			  !strstr(sec, "below ("), "no other regime's or way's cause: %s", sec);
		cr_expect(!i || strstr(sec, "\n1. within ahead (results/vm-2026-12-02-6; "),
			  "the cause within the regime: %s", sec);
		free(md);
	}
	cli_free(&r);
}

/*
 * The kernel's repeat ("kernel again") is judged against the kernel by the
 * same bands and bounds what a prediction can meet: wa's repeat misses its
 * hits (x1.50) where the calibrated port misses them too (x2.00), wb's
 * misses its wake-ups a record (x2.00) where the calibrated port is within,
 * and its drop fraction, none against the kernel's 1% (no ratio: both
 * figures);
 * each calibrated miss says whether the kernel missed it too, and the score
 * line gives the kernel's own. A sitting where a workload lacks the repeat
 * is read as one without it.
 */
Test(bench_prediction, kernel_against_itself_by_the_same_bands)
{
	char dir[256];
	char *md, *sec, *pts, *gp;
	FILE *f;

	runs_folder(dir, sizeof(dir), "again"); /* its runs.csv rewritten below */
	for (int lacking = 0; lacking < 2; lacking++) {
		f = runs_csv(dir, runs_cols);
		for (int w = 0; w < 2; w++) {
			for (int s = 0; s < 4 - (lacking && w); s++) {
				double hits = !w && s == 2 ? 2.0 : !w && s == 3 ? 1.5 : 1.0;

				fprintf(f, "prediction|%s|%s|1,ok,%g,1000,1000,%d,0,0,%d,100,5000,"
					"9000,100,0,%s,20\n", sides[s], w ? "wb" : "wa", hits,
					w && s != 3 ? 10 : 0, w && s == 3 ? 20 : 10,
					s == 2 ? "p.json" : "none");
			}
		}
		fclose(f);
		plot_prediction_all(dir, &md, &pts, &gp);
		if (lacking) {
			cr_expect(strstr(md, "Within every band: calibrated port 1 of 2 workloads that "
					  "fit the CPUs, pure port 2 of 2.\n"), "no repeat: %s", md);
			cr_expect(!strstr(md, "kernel again") && !strstr(md, "against itself") &&
				  !strstr(md, "kernel too"), "nothing of the repeat: %s", md);
			cr_expect(strstr(pts, "workload,figure,oversubscribed,kernel,pure,calibrated\n"),
				  "three sides' medians: %s", pts);
			cr_expect(!strstr(gp, "kernel again"), "no repeat in the plot");
		} else {
			cr_expect(strstr(md, "Within every band: calibrated port 1 of 2 workloads that "
					  "fit the CPUs, pure port 2 of 2; the kernel against itself 0 "
					  "of 2 (its section).\n"), "the scores: %s", md);
			cr_expect(strstr(md, "| workload | kernel | pure port | ratio | calibrated port "
					  "| ratio | kernel again | ratio |\n"), "the columns: %s", md);
			cr_expect(strstr(md, "| wa | 1 | 1 | x1.00 ok | 2 | x2.00 **miss** | 1.5 | "
					  "x1.50 **miss** |\n"), "wa's hits: %s", md);
			cr_expect(strstr(md, "| wb | 0.0100 | 0.0100 | x1.00 ok | 0.0100 | x1.00 ok | "
					  "0.0200 | x2.00 **miss** |\n"), "wb's wake-ups: %s", md);
			sec = strstr(md, "## The calibrated port's misses and their measured causes");
			cr_assert_not_null(sec, "%s", md);
			cr_expect(strstr(sec, "\n- **wa**: hits x2.00 [none] (kernel too: x1.50)\n"),
				  "the calibrated miss the kernel missed too: %s", sec);
			sec = strstr(md, "## The kernel against itself");
			cr_assert_not_null(sec, "the repeat's section: %s", md);
			cr_expect(strstr(md, "**wb**") > sec, "wb: no calibrated miss: %s", md);
			cr_expect(strstr(sec, "Within every band: 0 of 2 workloads that fit the CPUs "
					  "(the calibrated port 1)."), "%s", sec);
			cr_expect(strstr(sec, "\n- **wa**: hits x1.50 (calibrated port missed it "
					  "too)\n- **wb**: drop fraction 0.00% against 1.00%, wake-ups "
					  "per record x2.00\n"),
				  "the repeat's misses: %s", sec);
			cr_expect(strstr(pts, "workload,figure,oversubscribed,kernel,pure,calibrated,"
					  "kernel_again\nwa,hits,0,1,1,2,1.5\n"), "four sides: %s", pts);
			cr_expect(strstr(gp, "\"kernel_again\", 1)) with points") &&
				  strstr(gp, "title \"kernel again\""), "the repeat in the plot: %s",
				  gp);
		}
		free(md);
		free(pts);
		free(gp);
	}
}

/*
 * The calibrated port with its round's profile ("calibrated now", the fifth
 * side) is judged against the kernel by the same bands as the calibrated
 * port: wa's hits x1.10 within where the calibrated port's x2.00 miss, wb's
 * wake-ups a record x2.00 out; its score on the score line, its columns in
 * the tables, prediction-points.csv and the plot, after the kernel's repeat.
 * A sitting where a workload lacks it is read as one without it.
 */
Test(bench_prediction, calibrated_now_by_the_same_bands)
{
	char dir[256];
	char *md, *pts, *gp;
	FILE *f;

	runs_folder(dir, sizeof(dir), "now"); /* its runs.csv rewritten below */
	for (int lacking = 0; lacking < 2; lacking++) {
		f = runs_csv(dir, runs_cols);
		for (int w = 0; w < 2; w++) {
			for (int s = 0; s < NSIDES - (lacking && w); s++) {
				double hits = !w && s == 2 ? 2.0 : !w && s == 4 ? 1.1 : 1.0;

				fprintf(f, "prediction|%s|%s|1,ok,%g,1000,1000,0,0,0,%d,100,5000,"
					"9000,100,0,%s,20\n", sides[s], w ? "wb" : "wa", hits,
					w && s == 4 ? 20 : 10,
					s == 2 ? "p.json" : s == 4 ? "round-profiles/x.json" : "none");
			}
		}
		fclose(f);
		plot_prediction_all(dir, &md, &pts, &gp);
		if (lacking) {
			cr_expect(strstr(md, "Within every band: calibrated port 1 of 2 workloads that "
					  "fit the CPUs, pure port 2 of 2; the kernel against itself 2 "
					  "of 2 (its section).\n"), "no round's profile: %s", md);
			cr_expect(!strstr(md, "calibrated now"), "nothing of it: %s", md);
			cr_expect(strstr(pts, "workload,figure,oversubscribed,kernel,pure,calibrated,"
					  "kernel_again\n"), "four sides' medians: %s", pts);
			cr_expect(!strstr(gp, "calibrated_now"), "not in the plot: %s", gp);
		} else {
			cr_expect(strstr(md, "Within every band: calibrated port 1 of 2 workloads that "
					  "fit the CPUs, pure port 2 of 2; the calibrated port with its "
					  "round's profile (\"calibrated now\", a one-second rbsim "
					  "calibrate before each round) 1 of 2; the kernel against "
					  "itself 2 of 2 (its section).\n"), "the scores: %s", md);
			cr_expect(strstr(md, "| workload | kernel | pure port | ratio | calibrated port "
					  "| ratio | kernel again | ratio | calibrated now | ratio |\n"),
				  "the columns: %s", md);
			cr_expect(strstr(md, "| wa | 1 | 1 | x1.00 ok | 2 | x2.00 **miss** | 1 | "
					  "x1.00 ok | 1.1 | x1.10 ok |\n"), "wa's hits: %s", md);
			cr_expect(strstr(md, "| wb | 0.0100 | 0.0100 | x1.00 ok | 0.0100 | x1.00 ok | "
					  "0.0100 | x1.00 ok | 0.0200 | x2.00 **miss** |\n"),
				  "wb's wake-ups: %s", md);
			cr_expect(strstr(pts, "workload,figure,oversubscribed,kernel,pure,calibrated,"
					  "kernel_again,calibrated_now\nwa,hits,0,1,1,2,1,1.1\n"),
				  "five sides: %s", pts);
			cr_expect(strstr(gp, "\"calibrated_now\", 1)) with points") &&
				  strstr(gp, "title \"calibrated now\""), "it in the plot: %s", gp);
			cr_expect(strstr(gp, "\"kernel_again\", 1)) with points"),
				  "and the repeat: %s", gp);
		}
		free(md);
		free(pts);
		free(gp);
	}
}

/*
 * A run in which a record waited 90 ms or more (STALL_NS) is one a host
 * stall hit: counted per side with its drop fraction and p99 beside the
 * other runs', marked in the every-run table and in prediction.csv, and
 * still in the medians (whether a stall hits a run depends on the run)
 */
Test(bench_prediction, host_stalled_runs_counted_and_kept)
{
	char dir[256], path[400];
	char *md, *sec, *csv;
	FILE *f;

	runs_folder(dir, sizeof(dir), "stall"); /* its runs.csv rewritten below */
	f = runs_csv(dir, runs_cols_max);
	/*
	 * wa, three rounds of three sides: the kernel's round 2 stalled (a
	 * record 100 ms late, 900 of 1000 dropped), the calibrated port's round
	 * 3 at 89.999 ms (not one); every other run drops 100
	 */
	for (int rep = 1; rep <= 3; rep++) {
		for (int s = 0; s < 3; s++) {
			bool hit = !s && rep == 2;

			fprintf(f, "prediction|%s|wa|%d,ok,1,1000,%d,%d,0,0,10,100,5000,%d,%d,100,0,"
				"%s,20\n", sides[s], rep, hit ? 100 : 900, hit ? 900 : 100,
				hit ? 100000000 : 9000, hit ? 100000000 : s == 2 && rep == 3 ?
				89999000 : 20000, s == 2 ? "p.json" : "none");
		}
	}
	fclose(f);
	md = plot_prediction(dir);
	sec = strstr(md, "## Runs a host stall hit");
	cr_assert_not_null(sec, "the section: %s", md);
	cr_expect(strstr(sec, "Runs hit: kernel 1 of 3, pure port 0 of 3, calibrated port 0 of "
			  "3.\n"), "the counts: %s", sec);
	cr_expect(strstr(sec, "\n| wa | drop fraction | 1 of 3 | 90.00% / 10.00% | 0 of 3 | - / "
			  "10.00% | 0 of 3 | - / 10.00% |\n"), "wa's drop fractions: %s", sec);
	cr_expect(strstr(sec, "\n| wa | p99 (us) | 1 of 3 | 100000 / 9 | 0 of 3 | - / 9 | "
			  "0 of 3 | - / 9 |\n"), "wa's p99: %s", sec);
	/* kept in the medians: the kernel's of 10%, 90%, 10% is 10%; its p99 of 9, 100000, 9 */
	cr_expect(strstr(md, "\n| wa | 10.00% | 10.00% | x1.00 ok | 10.00% | x1.00 ok |\n"),
		  "the drop fractions' medians: %s", md);
	cr_expect(strstr(md, "| wa | kernel | 2 stalled | 1 | "), "the every-run mark: %s",
		  md);
	cr_expect(!strstr(md, "| wa | calibrated port | 3 stalled |"),
		  "89.999 ms is no stall: %s", md);
	snprintf(path, sizeof(path), "%s/prediction.csv", dir);
	csv = cli_read_file(path, NULL);
	cr_assert_not_null(csv, "%s", path);
	cr_expect(strstr(csv, ",sec_hits_mps,c2c_ns,stalled\n"), "the column: %s", csv);
	cr_expect(strstr(csv, "\nwa,kernel,2,none,0,") && row_ends(csv, "wa,kernel,2,", ",1") &&
		  row_ends(csv, "wa,kernel,1,", ",0") &&
		  row_ends(csv, "wa,calibrated port,3,", ",0"), "stalled per run: %s", csv);
	free(md);
	free(csv);
	/* a folder of runs without any stall still has the section, with its counts */
	runs_folder(dir, sizeof(dir), "nostall");
	md = plot_prediction(dir);
	cr_expect(strstr(md, "## Runs a host stall hit") &&
		  strstr(md, "Runs hit: kernel 0 of 2, pure port 0 of 2, calibrated port 0 of 2.\n"),
		  "no stall: %s", md);
	free(md);
}

/*
 * rbsim run's own counts, where runs.csv has them: a run with a stamped
 * record that waited 90 ms or more (lat_host_waits) or a paced producer
 * that looked at the clock 90 ms or more late (prod_host_stops) was hit,
 * whatever its longest latency; one with neither was not, a longest
 * latency of 100 ms notwithstanding (a stall of the workload's own)
 */
Test(bench_prediction, host_hits_counted_by_the_runs_own_figures)
{
	static const char cols[] = RUNS_COLS_HEAD "lat_max_ns,lat_host_waits,prod_host_stops,"
				   RUNS_COLS_TAIL;
	/* per side: lat_max_ns, lat_host_waits, prod_host_stops */
	static const char *const figs[] = { "20000,0,1", "100000000,3,0", "100000000,0,0" };
	char dir[256];
	char *md;
	FILE *f;

	runs_folder(dir, sizeof(dir), "stall"); /* its runs.csv rewritten below */
	f = runs_csv(dir, cols);
	for (int rep = 1; rep <= 2; rep++)
		for (int s = 0; s < 3; s++)
			fprintf(f, "prediction|%s|wd|%d,ok,1,1000,900,100,0,0,10,100,5000,9000,%s,"
				"100,0,%s,20\n", sides[s], rep, rep == 1 ? figs[s] : "20000,0,0",
				s == 2 ? "p.json" : "none");
	fclose(f);
	md = plot_prediction(dir);
	cr_expect(strstr(md, "Runs hit: kernel 1 of 2, pure port 1 of 2, calibrated port 0 of "
			  "2.\n"), "the producer's stop and the consumer's, not the stall: %s", md);
	free(md);
}

/*
 * A miss that the stalled runs make: wb's calibrated port drops 90% in the
 * two of its three runs a host stall hit and 10% in the other, as the
 * kernel in all three: its median (90%) misses, and on the runs no stall
 * hit it is the kernel's (x1.00), which the misses section says in place
 * of [none]. wc's calibrated port drops 50% in every run, no stall: still
 * [none]. The verdicts themselves stay on every run.
 */
Test(bench_prediction, a_miss_the_stalled_runs_make_says_so)
{
	char dir[256];
	char *md, *sec;
	FILE *f;

	runs_folder(dir, sizeof(dir), "stall"); /* its runs.csv rewritten below */
	f = runs_csv(dir, runs_cols_max);
	for (int rep = 1; rep <= 3; rep++) {
		for (int s = 0; s < 3; s++) {
			bool hit = s == 2 && rep != 2;
			int wc = s == 2 ? 500 : 100;

			/* a wake-up every 10 records consumed: that figure alike everywhere */
			fprintf(f, "prediction|%s|wb|%d,ok,1,1000,%d,%d,0,0,%d,100,5000,9000,%d,"
				"100,0,%s,20\n", sides[s], rep, hit ? 100 : 900, hit ? 900 : 100,
				hit ? 10 : 90, hit ? 100000000 : 20000, s == 2 ? "p.json" : "none");
			fprintf(f, "prediction|%s|wc|%d,ok,1,1000,%d,%d,0,0,%d,100,5000,9000,20000,"
				"100,0,%s,20\n", sides[s], rep, 1000 - wc, wc, (1000 - wc) / 10,
				s == 2 ? "p.json" : "none");
		}
	}
	fclose(f);
	md = plot_prediction(dir);
	cr_expect(strstr(md, "\n| wb | 10.00% | 10.00% | x1.00 ok | 90.00% | x9.00 **miss** |\n"),
		  "judged on every run: %s", md);
	sec = strstr(md, "## The calibrated port's misses and their measured causes");
	cr_assert_not_null(sec, "the section: %s", md);
	cr_expect(strstr(sec, "\n- **wb**: drop fraction x9.00 [host stalls: x1.00 on the runs none "
			      "hit; hit: the kernel's 0 of 3, this side's 2 of 3]\n"),
		  "wb's miss is the stalls': %s", sec);
	cr_expect(strstr(sec, "\n- **wc**: drop fraction x5.00 [none]\n"), "wc's is not: %s",
		  sec);
	free(md);
}

/*
 * Without the kernel (--no-kernel) the series that need it, the calibrated
 * port of the round's profile among them, are left out, and so is the
 * probe that makes that profile: no rbsim calibrate runs, no
 * round-profiles.csv; the pure port runs alone, with its c2c probe
 */
Test(bench_prediction, no_kernel_no_round_profile)
{
	char out[256], dir[600], path[700];
	const char *argv[] = { "scripts/bench.sh", "quick", "--only", "prediction", "--cases",
			       "b2b", "--repeats", "1", "--no-kernel", "--no-plots", "--out",
			       out, "--rbsim", cli_bin(), NULL };
	struct cli_run r = { 0 };
	char *log, *runs;

	tmp_dir(out, sizeof(out), "nokernel");
	cli_run_prog(&r, argv, NULL);
	cr_assert_eq(r.status, 0, "bench.sh: exit %d: %s%s", r.status, r.out, r.err);
	cr_expect(strstr(r.out, " 0 failures"), "no failure: %s", r.out);
	cli_free(&r);
	tmp_only_entry(out, dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/round-profiles.csv", dir);
	cr_expect(access(path, F_OK) != 0, "no round's profile without the kernel: %s", path);
	snprintf(path, sizeof(path), "%s/log.txt", dir);
	log = cli_read_file(path, NULL);
	cr_assert_not_null(log, "%s", path);
	cr_expect(!strstr(log, " calibrate ") && !strstr(log, "probe profile"),
		  "nothing calibrated: %s", log);
	cr_expect(strstr(log, "probe c2c"), "the c2c probe still runs: %s", log);
	snprintf(path, sizeof(path), "%s/runs.csv", dir);
	runs = cli_read_file(path, NULL);
	cr_assert_not_null(runs, "%s", path);
	cr_expect(strstr(runs, ",prediction|pure port|b2b|1,") &&
			  !strstr(runs, ",prediction|calibrated") &&
			  !strstr(runs, ",prediction|kernel"),
		  "the pure port alone: %s", runs);
	free(log);
	free(runs);
}
