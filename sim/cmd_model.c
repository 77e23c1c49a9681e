// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim model: the many-CPU contention model (sim/model.h) on a described
 * machine (sim/machine.h): throughput, drops and the reservation's wait
 * against producers for one reservation variant, as a table, CSV or JSON,
 * and a gnuplot plot with the published curve on the same axes where the
 * machine file has one. --check compares the model with every published
 * curve of the file (issue 14's check). --engine vtime (the default) runs
 * the port on the machine's virtual CPUs; closed is the closed form.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/rbsim.h"
#include "sim/machine.h"
#include "sim/model.h"
#include "sim/model_compare.h"
#include "sim/model_probe.h"
#include "sim/options.h"
#include "sim/verify.h"

#define MAX_POINTS 4096

enum { FMT_TEXT, FMT_CSV, FMT_JSON };
static const char *const format_names[] = { "text", "csv", "json", NULL };
/* in enum rbsim_model_engine's order */
static const char *const engine_names[] = { "vtime", "closed", NULL };
enum { PREEMPT_AUTO, PREEMPT_KERNEL, PREEMPT_USER };
static const char *const preempt_names[] = { "auto", "kernel", "user", NULL };

struct model_opts {
	const char *machine;
	struct rbsim_reserve reserve;
	unsigned int batch;
	const char *curve;
	int format;
	int engine;
	int preempt;
	__u64 seed;
	struct rbsim_model_how how; /* engine and seed, for every point */
	const char *plot;
	bool oversubscribe, check, probe, against_real, crossover, no_consumer, overwrite;
	unsigned int real_duration, real_runs;
	char producers_text[128];
	unsigned int np;
	unsigned int p[MAX_POINTS];
};

/* --preempt: user, or kernel (auto: user with --against-real, in virtual time) */
static bool user_mode(const struct model_opts *o)
{
	return o->preempt == PREEMPT_USER ||
	       (o->preempt == PREEMPT_AUTO && o->against_real && o->engine == RBSIM_MODEL_VTIME);
}

/* what showed a real run the host's stop (rbsim_real_stopped()) */
static const char *stop_seen(const struct rbsim_real_how *rh)
{
	return rh->consumer ? "a record waited, or a producer looked at the clock," :
	       "a producer looked at the clock";
}

/* --producers 1-64 or 1,2,4,8-12 */
static int producers_parse(const struct rbsim_opt *opt, const char *arg, void *base, char *why,
			   size_t len)
{
	struct model_opts *o = base;
	const char *s = arg;

	(void)opt;
	o->np = 0;
	if (strlen(arg) >= sizeof(o->producers_text)) {
		snprintf(why, len, "too long");
		return -1;
	}
	snprintf(o->producers_text, sizeof(o->producers_text), "%s", arg);
	while (*s) {
		const char *end;
		__u64 a, b;
		int ret = rbsim_num_scan(s, &end, false, &a);

		if (ret || !a || a > MAX_POINTS) {
			snprintf(why, len, "expected N, A-B or a comma list of them, each 1 to %d",
				 MAX_POINTS);
			return -1;
		}
		b = a;
		s = end;
		if (*s == '-') {
			ret = rbsim_num_scan(s + 1, &end, false, &b);
			if (ret || b < a || b > MAX_POINTS) {
				snprintf(why, len, "range %llu-...: expected A-B with A <= B <= %d",
					 (unsigned long long)a, MAX_POINTS);
				return -1;
			}
			s = end;
		}
		for (; a <= b; a++) {
			if (o->np && a <= o->p[o->np - 1]) {
				snprintf(why, len, "counts must increase (%llu after %u)",
					 (unsigned long long)a, o->p[o->np - 1]);
				return -1;
			}
			if (o->np == MAX_POINTS) {
				snprintf(why, len, "more than %d counts", MAX_POINTS);
				return -1;
			}
			o->p[o->np++] = (unsigned int)a;
		}
		if (*s == ',' && s[1])
			s++;
		else if (*s) {
			snprintf(why, len, "expected N, A-B or a comma list of them");
			return -1;
		}
	}
	return 0;
}

static void producers_format(const struct rbsim_opt *opt, const void *base, char *buf, size_t len)
{
	(void)opt;
	snprintf(buf, len, "%s", ((const struct model_opts *)base)->producers_text);
}

#define DST(f) RBSIM_OPT_DST(struct model_opts, f)
static const struct rbsim_opt model_options[] = {
	{ .kind = RBSIM_OPT_STRING, .name = "machine", .metavar = "FILE",
	  .flags = RBSIM_OPTF_NONEMPTY, .def_help = "required",
	  .help = "machine description (sim/machines/*.machine)", DST(machine) },
	{ .kind = RBSIM_OPT_CUSTOM, .name = "producers", .metavar = "LIST", .def = "1-64",
	  .parse = producers_parse, .format = producers_format,
	  .help = "producer counts: N, A-B or a comma list, e.g. 1-8,16,32" },
	{ .kind = RBSIM_OPT_CUSTOM, .name = "reserve", .metavar = "HOW", .def = "kernel",
	  .parse = rbsim_reserve_opt_parse, .format = rbsim_reserve_opt_format,
	  .help = RBSIM_RESERVE_HELP, DST(reserve) },
	{ .kind = RBSIM_OPT_UINT, .name = "batch", .metavar = "N", .min = 1, .max = 65536,
	  .def = "50", .help = "records per trigger (system call), the selftests' batch count",
	  DST(batch) },
	{ .kind = RBSIM_OPT_STRING, .name = "curve", .metavar = "ID",
	  .flags = RBSIM_OPTF_NONEMPTY, .def_help = "the file's first curve",
	  .help = "the published curve whose workload to model and show", DST(curve) },
	{ .kind = RBSIM_OPT_CHOICE, .name = "engine", .metavar = "E", .def = "vtime",
	  .choices = engine_names,
	  .help = "vtime: the port run in virtual time on the machine's CPUs, each hand-off "
		  "charged by the distance it crosses; closed: the closed form at the mean "
		  "distance", DST(engine) },
	{ .kind = RBSIM_OPT_CHOICE, .name = "preempt", .metavar = "HOW", .def = "auto",
	  .choices = preempt_names,
	  .help = "kernel: a producer runs from its reservation to its commit with preemption "
		  "off, as a BPF program; user: the port on threads, preemptible anywhere: "
		  "a producer on the consumer's CPU may be preempted holding a reserved "
		  "record (the consumer polls at its BUSY header), the two taking turns of "
		  "the machine's slice_ns (vtime only); auto: user with --against-real, whose "
		  "real runs are such threads, else kernel", DST(preempt) },
	{ .kind = RBSIM_OPT_UINT, .name = "seed", .metavar = "N", .min = 0, .max = ~0ULL,
	  .def = "1", .help = "vtime: where in its first batch each producer starts",
	  DST(seed) },
	{ .kind = RBSIM_OPT_FLAG, .name = "oversubscribe",
	  .help = "allow more producers than the machine has CPUs (they wrap, as the bench's "
		  "-a)", DST(oversubscribe) },
	{ .kind = RBSIM_OPT_FLAG, .name = "check",
	  .help = "compare the model with every published curve of the file: the 1 to 2 "
		  "producer step and the plateau (mean of 16-52, relative to 1) within 35%",
	  DST(check) },
	{ .kind = RBSIM_OPT_FLAG, .name = "probe", .flags = RBSIM_OPTF_NOREPORT,
	  .help = "measure this machine's cache-line transfer latency between CPUs 0 and 1 "
		  "(CAS ping-pong in 2000 short bursts; and a store loaded by the other CPU), "
		  "a queued lock's hand-off between them with its lines, and the port's "
		  "per-record figures instead; no --machine", DST(probe) },
	{ .kind = RBSIM_OPT_FLAG, .name = "no-consumer",
	  .help = "the reference workload (a machine file without curves) without a "
		  "consumer: producers only, their commits counted, as the selftests' "
		  "--rb-bench-producer",
	  DST(no_consumer) },
	{ .kind = RBSIM_OPT_FLAG, .name = "overwrite",
	  .help = "the reference workload (a machine file without curves) on overwrite-mode "
		  "rings (6.19, BPF_F_RB_OVERWRITE), as table E: the kernel reservation's walk "
		  "over the record it overwrites joins its chain; not with --reserve cas (the "
		  "port's CAS reservation has no overwrite mode), --against-real, --crossover or "
		  "--check",
	  DST(overwrite) },
	{ .kind = RBSIM_OPT_FLAG, .name = "against-real", .flags = RBSIM_OPTF_NOREPORT,
	  .help = "measure this machine's figures (as --probe) before each producer count and "
		  "model it with them, then run the same workload on real threads here "
		  "(rbsim run -p N --batch B --size 8 --ring-size 512K --consumer libbpf "
		  "--reserve HOW --lock queued; no consumer: --ring-size 2G --consumer none "
		  "-w 0) "
		  "and show model / real, within 30% or not, and whether the host held the "
		  "count still (its figures within 25% before, at the end of each run and after, "
		  "its runs within 30%; up to three tries until it does); --machine must "
		  "describe this machine", DST(against_real) },
	{ .kind = RBSIM_OPT_UINT, .name = "real-duration", .metavar = "SEC", .min = 1,
	  .max = 3600, .def = "2", .flags = RBSIM_OPTF_NOREPORT,
	  .help = "--against-real: measured seconds of each run (after 1 s of warm-up; "
		  "no consumer: none, and fewer seconds where the 2 GiB ring would not hold "
		  "twice the predicted rate)",
	  DST(real_duration) },
	{ .kind = RBSIM_OPT_UINT, .name = "real-runs", .metavar = "N", .min = 1, .max = 100,
	  .def = "3", .flags = RBSIM_OPTF_NOREPORT,
	  .help = "--against-real: runs a producer count, their mean and sd", DST(real_runs) },
	{ .kind = RBSIM_OPT_FLAG, .name = "crossover", .flags = RBSIM_OPTF_NOREPORT,
	  .help = "where each variant (cas, shard:2, percpu) beats the kernel's reservation "
		  "over --producers, and by how much at 8, 16 and 52 producers", DST(crossover) },
	{ .kind = RBSIM_OPT_CHOICE, .name = "format", .metavar = "FMT", .def = "text",
	  .choices = format_names, .flags = RBSIM_OPTF_NOREPORT,
	  .help = "text, csv or json", DST(format) },
	{ .kind = RBSIM_OPT_STRING, .name = "plot", .metavar = "FILE.png",
	  .flags = RBSIM_OPTF_NONEMPTY | RBSIM_OPTF_NOREPORT,
	  .help = "draw throughput against producers with gnuplot, with the published curve",
	  DST(plot) },
	RBSIM_OPT_HELP_ENTRY,
	{ 0 }
};
#undef DST

static void model_usage(FILE *f)
{
	fputs("usage: rbsim model --machine FILE [options]\n\n", f);
	rbsim_help_wrap(f, 0, 0, "The many-CPU contention model: producers on the described "
			"machine contend for the ring's lock (or CAS word, or their shard); each "
			"record's serial chain is charged in cache-line transfers at the "
			"latency of the CPUs involved. Predicted throughput, drops and the "
			"reservation's wait against producers. sim/README.md says what it "
			"counts and lacks.");
	fputc('\n', f);
	rbsim_opt_usage(f, model_options);
}

static const struct rbsim_curve *find_curve(const struct rbsim_machine *m, const char *id)
{
	unsigned int i;

	if (!id)
		return m->ncurves ? &m->curve[0] : NULL;
	for (i = 0; i < m->ncurves; i++)
		if (!strcmp(m->curve[i].id, id))
			return &m->curve[i];
	return NULL;
}

/* the published figure at p producers, or < 0 */
static double published(const struct rbsim_curve *c, unsigned int p)
{
	unsigned int i;

	for (i = 0; c && i < c->n; i++)
		if (c->p[i] == p)
			return c->mps[i];
	return -1;
}

static void print_points(const struct model_opts *o, const struct rbsim_machine *m,
			 const struct rbsim_curve *c, const struct rbsim_model_point *pts)
{
	char how[32];
	unsigned int i;

	rbsim_reserve_format(&o->reserve, how, sizeof(how));
	if (o->format == FMT_TEXT) {
		printf("machine %s (%u CPUs), --reserve %s, batch %u%s%s%s%s\n", m->name,
		       m->cpus, how, o->batch, c ? ", workload of curve " : "", c ? c->id : "",
		       c && c->overwrite ? (o->reserve.kind == RBSIM_RESERVE_CAS ?
		       " (overwrite mode; cas has none: modelled in normal mode)" :
		       " (overwrite mode)") : o->overwrite ? ", overwrite mode" : "",
		       user_mode(o) ? ", --preempt user" : "");
		printf("%9s %10s %10s %10s %10s %9s %9s %10s\n", "producers", "M/s", "drops M/s",
		       "chain ns", "transfers", "c2c ns", "wait ns", "published");
	} else if (o->format == FMT_CSV) {
		puts("machine,reserve,batch,curve,producers,mps,drops_mps,serial_ns,transfers,"
		     "c2c_ns,wait_ns,cycle_ns,saturated,consumer_bound,published_mps,pc_stalls,"
		     "pp_stalls,notify_per_rec,woke_per_rec,wakeup_per_rec,yields,preempt,"
		     "turns_per_s,spins_per_rec");
	} else {
		printf("{\"machine\":\"%s\",\"reserve\":\"%s\",\"batch\":%u,\"curve\":%s%s%s,"
		       "\"preempt\":\"%s\",\"points\":[", m->name, how, o->batch, c ? "\"" : "",
		       c ? c->id : "null", c ? "\"" : "", user_mode(o) ? "user" : "kernel");
	}
	for (i = 0; i < o->np; i++) {
		const struct rbsim_model_point *pt = &pts[i];
		double pub = published(c, pt->producers);

		if (o->format == FMT_TEXT) {
			printf("%9u %10.3f %10.3f %10.1f %10.1f %9.1f %9.1f ", pt->producers,
			       pt->mps, pt->drops_mps, pt->serial_ns, pt->transfers, pt->c2c_ns,
			       pt->wait_ns);
			if (pub >= 0)
				printf("%10.3f\n", pub);
			else
				printf("%10s\n", "-");
		} else if (o->format == FMT_CSV) {
			printf("\"%s\",%s,%u,%s,%u,%.4f,%.4f,%.2f,%.2f,%.2f,%.2f,%.2f,%d,%d,",
			       m->name, how, o->batch, c ? c->id : "", pt->producers, pt->mps,
			       pt->drops_mps,
			       pt->serial_ns, pt->transfers, pt->c2c_ns, pt->wait_ns, pt->cycle_ns,
			       pt->saturated, pt->consumer_bound);
			if (pub >= 0)
				printf("%.3f", pub);
			printf(",%.5f,%.5f,%.5f,%.5f,%.5f,%.5f,%s,%.1f,%.5f\n", pt->pc_stalls,
			       pt->pp_stalls, pt->notes, pt->woke, pt->wakeups, pt->yields,
			       user_mode(o) ? "user" : "kernel", pt->turns, pt->spins);
		} else {
			printf("%s{\"producers\":%u,\"mps\":%.4f,\"drops_mps\":%.4f,"
			       "\"serial_ns\":%.2f,\"transfers\":%.2f,\"c2c_ns\":%.2f,"
			       "\"wait_ns\":%.2f,\"cycle_ns\":%.2f,\"saturated\":%s,"
			       "\"consumer_bound\":%s,\"published_mps\":",
			       i ? "," : "", pt->producers, pt->mps, pt->drops_mps, pt->serial_ns,
			       pt->transfers, pt->c2c_ns, pt->wait_ns, pt->cycle_ns,
			       pt->saturated ? "true" : "false",
			       pt->consumer_bound ? "true" : "false");
			if (pub >= 0)
				printf("%.3f", pub);
			else
				printf("null");
			printf(",\"pc_stalls\":%.5f,\"pp_stalls\":%.5f,\"notify_per_rec\":%.5f,"
			       "\"woke_per_rec\":%.5f,\"wakeup_per_rec\":%.5f,\"yields\":%.5f,"
			       "\"turns_per_s\":%.1f,\"spins_per_rec\":%.5f}",
			       pt->pc_stalls, pt->pp_stalls, pt->notes, pt->woke, pt->wakeups,
			       pt->yields, pt->turns, pt->spins);
		}
	}
	if (o->format == FMT_JSON)
		puts("]}");
}

static int print_check(const struct model_opts *o, const struct rbsim_machine *m,
		       const struct rbsim_model_how *how)
{
	unsigned int i, miss = 0;
	char err[512];

	if (o->format == FMT_CSV)
		puts("machine,curve,pub_step,model_step,step_ok,pub_plateau,model_plateau,"
		     "plateau_err,plateau_ok");
	else if (o->format == FMT_JSON)
		printf("{\"machine\":\"%s\",\"curves\":[", m->name);
	else
		printf("%-8s %9s %10s %5s %11s %13s %8s %5s\n", "curve", "step pub",
		       "step model", "ok", "plateau pub", "plateau model", "error", "ok");
	for (i = 0; i < m->ncurves; i++) {
		const struct rbsim_curve *c = &m->curve[i];
		struct rbsim_model_check k;

		if (rbsim_model_check(m, c, how, &k, err, sizeof(err))) {
			fprintf(stderr, "rbsim model: --check, curve %s: %s\n", c->id, err);
			return -1;
		}
		miss += !k.step_ok || !k.plateau_ok;
		if (o->format == FMT_CSV)
			printf("\"%s\",%s,%.4f,%.4f,%d,%.4f,%.4f,%.4f,%d\n", m->name, c->id,
			       k.pub_step, k.model_step, k.step_ok, k.pub_plateau, k.model_plateau,
			       k.plateau_err, k.plateau_ok);
		else if (o->format == FMT_JSON)
			printf("%s{\"curve\":\"%s\",\"pub_step\":%.4f,\"model_step\":%.4f,"
			       "\"step_ok\":%s,\"pub_plateau\":%.4f,\"model_plateau\":%.4f,"
			       "\"plateau_err\":%.4f,\"plateau_ok\":%s}", i ? "," : "", c->id,
			       k.pub_step, k.model_step, k.step_ok ? "true" : "false",
			       k.pub_plateau, k.model_plateau, k.plateau_err,
			       k.plateau_ok ? "true" : "false");
		else
			printf("%-8s %9.3f %10.3f %5s %11.3f %13.3f %+7.0f%% %5s\n", c->id,
			       k.pub_step, k.model_step, k.step_ok ? "yes" : "MISS", k.pub_plateau,
			       k.model_plateau, 100 * k.plateau_err, k.plateau_ok ? "yes" : "MISS");
	}
	if (o->format == FMT_JSON)
		puts("]}");
	return miss;
}

/* gnuplot: predicted and published throughput on the same axes, into FILE.png */
static int plot(const struct model_opts *o, const struct rbsim_machine *m,
		const struct rbsim_curve *c, const struct rbsim_model_point *pts,
		const char *tmp)
{
	char how[32];
	unsigned int i;
	FILE *gp;

	rbsim_reserve_format(&o->reserve, how, sizeof(how));
	gp = popen("gnuplot", "w");
	if (!gp)
		return -1;
	fprintf(gp, "set terminal pngcairo size 900,600 font ',10' noenhanced\n"
		"set output '%s'\n$model << EOD\n", tmp);
	for (i = 0; i < o->np; i++)
		fprintf(gp, "%u %.4f %.4f\n", pts[i].producers, pts[i].mps, pts[i].drops_mps);
	fputs("EOD\n$pub << EOD\n", gp);
	for (i = 0; c && i < c->n; i++)
		fprintf(gp, "%u %.4f\n", c->p[i], c->mps[i]);
	fputs("EOD\n", gp);
	fprintf(gp, "set title \"rbsim model: %s, --reserve %s, batch %u\"\n"
		"set xlabel 'producers'\nset ylabel 'M records/s'\nset grid\nset key top right\n"
		"set yrange [0:*]\n", m->name, how, o->batch);
	fputs("plot $model using 1:2 with linespoints pointtype 7 title 'model: hits', "
	      "$model using 1:3 with lines dashtype 2 title 'model: drops'", gp);
	if (c && o->reserve.kind == RBSIM_RESERVE_KERNEL && o->batch == 50)
		fprintf(gp, ", $pub using 1:2 with linespoints pointtype 5 title 'published: "
			"curve %s'", c->id);
	fputc('\n', gp);
	return pclose(gp) ? -1 : 0;
}

#define PROBE_SAMPLES 2000
/* rbsim_slice_probe(): its milliseconds, and the turns it keeps at most */
#define SLICE_MS 300
#define SLICE_MAX 1024
#define PROBE_ROUNDS 400000
#define COST_SAMPLES 500
#define WAKE_SAMPLES 200
#define FOLLOW_SAMPLES 100
/*
 * rbsim_pair_probe()'s stretches of about 2000 records: 200 (0.05-0.2 s on
 * the VM of sim/machines/this-vm.machine), 20 at least
 */
#define PAIR_SAMPLES 200
#define PAIR_MIN 20

/* rbsim_wake_probe()'s figures: their machine-file keys, and what each is */
static const char *const wake_key[RBSIM_WAKE_NR] = { "notify_ns", "notify_sleep_ns", "wake_ns",
						     "poll_ns", "wait_ns", "notify_wake_ns" };
static const char *const wake_what[RBSIM_WAKE_NR] = {
	"a producer's ns beyond an unnotified commit, on CPU 1, for a notification to the "
	"consumer polling on CPU 0 (the ready list)",
	"the same for a notification to the consumer asleep in its wait (the port's eventfd "
	"write and the wake-up it makes)",
	"from just before that notifying commit on CPU 1 to the consumer's callback on CPU 0 "
	"seeing the record",
	"a poll of the consumer on CPU 0 that returned a record written on CPU 1, less its "
	"callback: a round of its loop",
	"the consumer's wait call that returns at once (futex_waitv() on a word that moved, "
	"or epoll_wait() without a timeout), on CPU 1",
	"a producer's ns beyond an unnotified commit, on CPU 1, for a notification to the "
	"consumer on CPU 0 that announced its sleep and is not asleep (the FUTEX_WAKE_OP or "
	"eventfd write that finds no sleeper)",
};

/*
 * follow_ns from rbsim_follow_probe()'s samples (sorted in place): the
 * median followed less the median alone, to 0.01 ns, 0.01 at least (as the
 * wake-up figures: a charge of nothing is noise)
 */
static double follow_figure(double *alone, double *follow, unsigned int n)
{
	double d = rbsim_probe_median(follow, n, NULL) - rbsim_probe_median(alone, n, NULL);

	return fmax(round(d * 100) / 100, 0.01);
}

/*
 * The follow probe on FOLLOW_RINGS fresh rings, each with a look at the
 * transfer before and after it; the figure the middle one's of the rings
 * taken at ref. What a fill costs follows the host's placement of the two
 * vCPUs: on the Zen 4 EPYC guest of results/follow-placement-vm-2026-12-08
 * (605 rings, each between two looks), follow_ns read 35-36 where both looks
 * read 10 ns, 44-81 (median 70.9) where both read 26-29, and 84-146 (median
 * 127) where both read 95-110; a ring whose looks differ, anything between.
 * Figures taken in one placement describe a run in that placement only (the
 * model's transfer is the row's, ref), so a ring counts where both its
 * looks lie within PLACEMENT_TOL of ref, and the figure is the middle of
 * those (by figure; the upper of two). ref <= 0: every ring counts. *at:
 * how many counted; none (the placement moved away from ref for all five):
 * the middle of all five, for the caller to say so. alone[] and follow[] get
 * that ring's samples in the order taken, figs[] and looks[] (FOLLOW_RINGS
 * each) every ring's figure and looks in the order taken; the figure, or < 0
 * with err set
 */
#define FOLLOW_RINGS 5
#define PLACEMENT_TOL 0.25

static bool near_ref(double ns, double ref)
{
	return fabs(ns / ref - 1) <= PLACEMENT_TOL;
}

static double follow_rings(bool cas, double ref, double *alone, double *follow, double *figs,
			   double (*looks)[2], unsigned int *at, char *err, size_t len)
{
	static double a[FOLLOW_RINGS][FOLLOW_SAMPLES], f[FOLLOW_RINGS][FOLLOW_SAMPLES];
	static double sa[FOLLOW_SAMPLES], sf[FOLLOW_SAMPLES];
	double sorted[FOLLOW_RINGS];
	bool in[FOLLOW_RINGS];
	unsigned int k, n = 0, m = 0, mid = 0;

	for (k = 0; k < FOLLOW_RINGS; k++) {
		if (rbsim_follow_probe(1, 0, cas, FOLLOW_SAMPLES, a[k], f[k], looks[k], err, len))
			return -1;
		memcpy(sa, a[k], sizeof(sa));
		memcpy(sf, f[k], sizeof(sf));
		figs[k] = follow_figure(sa, sf, FOLLOW_SAMPLES);
		in[k] = ref <= 0 || (near_ref(looks[k][0], ref) && near_ref(looks[k][1], ref));
		n += in[k];
	}
	*at = n;
	for (k = 0; k < FOLLOW_RINGS; k++)
		if (in[k] || !n)
			sorted[m++] = figs[k];
	rbsim_probe_median(sorted, m, NULL);
	for (k = 0; k < FOLLOW_RINGS; k++)
		if ((in[k] || !n) && figs[k] == sorted[m / 2]) {
			mid = k;
			break;
		}
	memcpy(alone, a[mid], sizeof(a[mid]));
	memcpy(follow, f[mid], sizeof(f[mid]));
	return figs[mid];
}

/* the machine's wake_draw_ns from n sorted wake-ups: the middle of each twentieth, to 0.01 ns */
static void wake_quantiles(const double *sorted, unsigned int n, struct rbsim_machine *m)
{
	unsigned int k;

	m->nwake_draw = RBSIM_WAKE_DRAW;
	for (k = 0; k < RBSIM_WAKE_DRAW; k++)
		m->wake_draw_ns[k] = round(sorted[(2 * k + 1) * n / (2 * RBSIM_WAKE_DRAW)] * 100) /
				     100;
}

/* a machine's wake_draw_ns as its file has it: N,N,... (empty: n/a) */
static void wake_draw_text(const struct rbsim_machine *m, char *buf, size_t len)
{
	size_t used = 0;
	unsigned int k;

	buf[0] = '\0';
	for (k = 0; k < m->nwake_draw && used < len; k++)
		used += (size_t)snprintf(buf + used, len - used, "%s%.2f", k ? "," : "",
					 m->wake_draw_ns[k]);
}

static int probe(const struct model_opts *o)
{
	static double ns[PROBE_SAMPLES], sorted[PROBE_SAMPLES];
	static double rw[PROBE_SAMPLES], sorted_rw[PROBE_SAMPLES];
	static double ho[PAIR_SAMPLES], sorted_ho[PAIR_SAMPLES];
	static double hc[PAIR_SAMPLES], sorted_hc[PAIR_SAMPLES];
	unsigned int nho = 0, nhc = 0;
	struct rbsim_pair_all hoall, hcall;
	static double cost[3][COST_SAMPLES], sorted_cost[3][COST_SAMPLES];
	static double wake[RBSIM_WAKE_NR][WAKE_SAMPLES], sorted_wake[RBSIM_WAKE_NR][WAKE_SAMPLES];
	static const char *const cost_key[3] = { "record_ns", "consumer_ns", "batch_ns" };
	static const char *const cost_what[3] = {
		"a producer's ns per record at batch 50",
		"the libbpf consumer's ns per record, on CPU 0, of records written on CPU 1",
		"an empty produce() call, the port's trigger",
	};
	double med[3], p5[3], wmed[RBSIM_WAKE_NR], wp5[RBSIM_WAKE_NR];
	double *wv[RBSIM_WAKE_NR] = { wake[0], wake[1], wake[2], wake[3], wake[4], wake[5] };
	static double runs[SLICE_MAX];
	static double alone[FOLLOW_SAMPLES], follow[FOLLOW_SAMPLES];
	static double sorted_alone[FOLLOW_SAMPLES], sorted_follow[FOLLOW_SAMPLES];
	double rings[FOLLOW_RINGS], looks[FOLLOW_RINGS][2];
	static struct rbsim_machine q;
	unsigned int nruns = 0, at = 0;
	char err[256], draw[RBSIM_WAKE_DRAW * 16];
	double fol;
	unsigned int i, k;

	if (o->machine || o->check || o->plot)
		return rbsim_usage_error("model", "--probe measures this machine: no --machine, "
					 "--check or --plot with it");
	if (rbsim_c2c_probe(0, 1, RBSIM_C2C_CAS, PROBE_SAMPLES, PROBE_ROUNDS, ns, err,
			    sizeof(err)) ||
	    rbsim_c2c_probe(0, 1, RBSIM_C2C_RW, PROBE_SAMPLES, PROBE_ROUNDS, rw, err,
			    sizeof(err)) ||
	    rbsim_pair_probe(0, 1, "kernel", PAIR_SAMPLES, PAIR_MIN, ho, &nho, &hoall, err,
			     sizeof(err)) ||
	    rbsim_pair_probe(0, 1, "cas", PAIR_SAMPLES, PAIR_MIN, hc, &nhc, &hcall, err,
			     sizeof(err)) ||
	    rbsim_cost_probe(1, 0, "kernel", true, COST_SAMPLES, cost[0], cost[2], cost[1], err,
			     sizeof(err)) ||
	    rbsim_wake_probe(1, 0, WAKE_SAMPLES, wv, err, sizeof(err)) ||
	    rbsim_slice_probe(0, SLICE_MS, runs, SLICE_MAX, &nruns, err, sizeof(err))) {
		fprintf(stderr, "rbsim model: --probe: %s\n", err);
		return RBSIM_EXIT_FAIL;
	}
	memcpy(sorted, ns, sizeof(ns));
	rbsim_probe_median(sorted, PROBE_SAMPLES, NULL);
	/* follow_ns at the transfer of the c2c line, as --against-real takes it */
	if (follow_rings(false, sorted[PROBE_SAMPLES / 2], alone, follow, rings, looks, &at, err,
			 sizeof(err)) < 0) {
		fprintf(stderr, "rbsim model: --probe: %s\n", err);
		return RBSIM_EXIT_FAIL;
	}
	memcpy(sorted_ho, ho, sizeof(ho));
	rbsim_probe_median(sorted_ho, nho, NULL);
	memcpy(sorted_hc, hc, sizeof(hc));
	rbsim_probe_median(sorted_hc, nhc, NULL);
	memcpy(sorted_rw, rw, sizeof(rw));
	rbsim_probe_median(sorted_rw, PROBE_SAMPLES, NULL);
	memcpy(sorted_cost, cost, sizeof(cost));
	for (k = 0; k < 3; k++)
		med[k] = rbsim_probe_median(sorted_cost[k], COST_SAMPLES, &p5[k]);
	memcpy(sorted_wake, wake, sizeof(wake));
	for (k = 0; k < RBSIM_WAKE_NR; k++)
		wmed[k] = rbsim_probe_median(sorted_wake[k], WAKE_SAMPLES, &wp5[k]);
	wake_quantiles(sorted_wake[RBSIM_WAKE_LATENCY], WAKE_SAMPLES, &q);
	/* sorted by it: the percentiles below read it */
	rbsim_probe_median(runs, nruns, NULL);
	wake_draw_text(&q, draw, sizeof(draw));
	memcpy(sorted_alone, alone, sizeof(alone));
	memcpy(sorted_follow, follow, sizeof(follow));
	fol = follow_figure(sorted_alone, sorted_follow, FOLLOW_SAMPLES);
	if (o->format == FMT_JSON) {
		printf("{\"cpus\":[0,1],\"samples\":%d,\"round_trips\":%d,\"min_ns\":%.2f,"
		       "\"p5_ns\":%.2f,\"median_ns\":%.2f,\"max_ns\":%.2f,\"cost_samples\":%d",
		       PROBE_SAMPLES, PROBE_ROUNDS, sorted[0], sorted[PROBE_SAMPLES / 20],
		       sorted[PROBE_SAMPLES / 2], sorted[PROBE_SAMPLES - 1], COST_SAMPLES);
		printf(",\"rw_min_ns\":%.2f,\"rw_p5_ns\":%.2f,\"rw_median_ns\":%.2f,"
		       "\"rw_max_ns\":%.2f", sorted_rw[0], sorted_rw[PROBE_SAMPLES / 20],
		       sorted_rw[PROBE_SAMPLES / 2], sorted_rw[PROBE_SAMPLES - 1]);
		printf(",\"handoff_samples\":%u,\"handoff_min_ns\":%.2f,\"handoff_p5_ns\":%.2f,"
		       "\"handoff_ns\":%.2f,\"handoff_max_ns\":%.2f", nho, sorted_ho[0],
		       sorted_ho[nho / 20], sorted_ho[nho / 2], sorted_ho[nho - 1]);
		printf(",\"handoff_stretches\":%u,\"handoff_all_ns\":%.2f", hoall.tried,
		       hoall.ns);
		printf(",\"handoff_cas_samples\":%u,\"handoff_cas_min_ns\":%.2f,"
		       "\"handoff_cas_p5_ns\":%.2f,\"handoff_cas_ns\":%.2f,"
		       "\"handoff_cas_max_ns\":%.2f", nhc, sorted_hc[0], sorted_hc[nhc / 20],
		       sorted_hc[nhc / 2], sorted_hc[nhc - 1]);
		printf(",\"handoff_cas_stretches\":%u,\"handoff_cas_all_ns\":%.2f", hcall.tried,
		       hcall.ns);
		for (k = 0; k < 3; k++)
			printf(",\"%s\":%.2f,\"%.*s_p5_ns\":%.2f", cost_key[k], med[k],
			       (int)strlen(cost_key[k]) - 3, cost_key[k], p5[k]);
		printf(",\"wake_samples\":%d", WAKE_SAMPLES);
		for (k = 0; k < RBSIM_WAKE_NR; k++)
			printf(",\"%s\":%.2f,\"%.*s_p5_ns\":%.2f", wake_key[k], wmed[k],
			       (int)strlen(wake_key[k]) - 3, wake_key[k], wp5[k]);
		printf(",\"wake_draw_ns\":\"%s\",\"slice_turns\":%u,\"slice_ns\":%.0f,"
		       "\"slice_p10_ns\":%.0f,\"slice_p90_ns\":%.0f", draw, nruns, runs[nruns / 2],
		       runs[nruns / 10], runs[nruns * 9 / 10]);
		printf(",\"follow_samples\":%d,\"fill_alone_ns\":%.2f,\"fill_follow_ns\":%.2f,"
		       "\"follow_ns\":%.2f,\"follow_rings_ns\":[", FOLLOW_SAMPLES,
		       sorted_alone[FOLLOW_SAMPLES / 2], sorted_follow[FOLLOW_SAMPLES / 2], fol);
		for (k = 0; k < FOLLOW_RINGS; k++)
			printf("%s%.2f", k ? "," : "", rings[k]);
		printf("],\"follow_rings_c2c_ns\":[");
		for (k = 0; k < FOLLOW_RINGS; k++)
			printf("%s[%.2f,%.2f]", k ? "," : "", looks[k][0], looks[k][1]);
		printf("],\"follow_rings_at_c2c\":%u}\n", at);
	} else if (o->format == FMT_CSV) {
		puts("figure,sample,ns");
		for (i = 0; i < PROBE_SAMPLES; i++)
			printf("c2c,%u,%.2f\n", i, ns[i]);
		for (i = 0; i < PROBE_SAMPLES; i++)
			printf("c2c_rw,%u,%.2f\n", i, rw[i]);
		for (i = 0; i < nho; i++)
			printf("handoff,%u,%.2f\n", i, ho[i]);
		for (i = 0; i < nhc; i++)
			printf("handoff_cas,%u,%.2f\n", i, hc[i]);
		for (k = 0; k < 3; k++)
			for (i = 0; i < COST_SAMPLES; i++)
				printf("%s,%u,%.2f\n", cost_key[k], i, cost[k][i]);
		for (k = 0; k < RBSIM_WAKE_NR; k++)
			for (i = 0; i < WAKE_SAMPLES; i++)
				printf("%s,%u,%.2f\n", wake_key[k], i, wake[k][i]);
		/* the turns sorted, not in the order seen */
		for (i = 0; i < nruns; i++)
			printf("slice,%u,%.0f\n", i, runs[i]);
		/* the middle ring's fills alone and followed, in the order taken */
		for (i = 0; i < FOLLOW_SAMPLES; i++)
			printf("fill_alone,%u,%.2f\nfill_follow,%u,%.2f\n", i, alone[i], i,
			       follow[i]);
		/* each ring's follow_ns and its looks at the transfer, in the order taken */
		for (k = 0; k < FOLLOW_RINGS; k++)
			printf("follow_ring,%u,%.2f\nfollow_ring_c2c_before,%u,%.2f\n"
			       "follow_ring_c2c_after,%u,%.2f\n", k, rings[k], k, looks[k][0], k,
			       looks[k][1]);
	} else {
		printf("c2c CPU 0 <-> CPU 1, one-way: min %.1f ns, 5th percentile %.1f ns, median "
		       "%.1f ns, max %.1f ns (%d bursts of %d CAS round trips; slow bursts: a "
		       "thread was off its CPU)\n", sorted[0], sorted[PROBE_SAMPLES / 20],
		       sorted[PROBE_SAMPLES / 2], sorted[PROBE_SAMPLES - 1], PROBE_SAMPLES,
		       PROBE_ROUNDS / PROBE_SAMPLES);
		printf("c2c_rw CPU 0 <-> CPU 1, one-way: min %.1f ns, 5th percentile %.1f ns, "
		       "median %.1f ns, max %.1f ns (the same bursts of round trips of a store "
		       "on each side's own line, loaded by the other)\n", sorted_rw[0],
		       sorted_rw[PROBE_SAMPLES / 20], sorted_rw[PROBE_SAMPLES / 2],
		       sorted_rw[PROBE_SAMPLES - 1]);
		printf("the port, 8-byte records, batch 50, 512 KiB ring, libbpf consumer, no "
		       "wake-ups; medians of %d samples of %d records (machine-file lines):\n",
		       COST_SAMPLES, 3200);
		for (k = 0; k < 3; k++)
			printf("%-14s %-8.1f | rbsim model --probe: %s (median; 5th percentile "
			       "%.1f)\n", cost_key[k], med[k], cost_what[k], p5[k]);
		printf("%-14s %-8.1f | rbsim model --probe: the port's two producers on CPUs 0 "
		       "and 1 reserving on one ring at once (the kernel reservation, the queued "
		       "lock, batches of 50, no consumer), ns a record of the two together "
		       "(median of %u stretches of about 2000 records, in which each made 30%% "
		       "of the records or more, of %u looked at; 5th percentile %.1f; %.2f "
		       "transfers of the c2c line above; over all of them %.1f)\n",
		       "handoff_ns", sorted_ho[nho / 2], nho, hoall.tried, sorted_ho[nho / 20],
		       sorted_ho[nho / 2] / sorted[PROBE_SAMPLES / 2], hoall.ns);
		printf("%-14s %-8.1f | rbsim model --probe: the same with the CAS reservation "
		       "(--reserve cas, no lock): median of %u stretches of %u; 5th percentile "
		       "%.1f; %.2f transfers of the c2c line above; over all of them %.1f\n",
		       "handoff_cas_ns", sorted_hc[nhc / 2], nhc, hcall.tried,
		       sorted_hc[nhc / 20], sorted_hc[nhc / 2] / sorted[PROBE_SAMPLES / 2],
		       hcall.ns);
		for (k = 0; k < RBSIM_WAKE_NR; k++)
			printf("%-14s %-8.1f | rbsim model --probe: %s (median of %d samples; 5th "
			       "percentile %.1f)\n", wake_key[k], wmed[k], wake_what[k],
			       WAKE_SAMPLES, wp5[k]);
		printf("%-14s %s | rbsim model --probe: the wake-ups of %s, the middle of each "
		       "twentieth of the %d samples\n", "wake_draw_ns", draw, wake_key[2],
		       WAKE_SAMPLES);
		printf("%-14s %-8.0f | rbsim model --probe: two busy threads pinned to CPU 0, "
		       "each timing its runs between the other's: the scheduler's turn (median "
		       "of %u turns in %d ms; 10th percentile %.0f, 90th %.0f)\n", "slice_ns",
		       runs[nruns / 2], nruns, SLICE_MS, runs[nruns / 10], runs[nruns * 9 / 10]);
		printf("%-14s %-8.2f | rbsim model --probe: a producer's ns a record on CPU 1 "
		       "beyond its own with a libbpf consumer on CPU 0 consuming right behind it: "
		       "median %.2f followed less median %.2f alone, %d fills of the empty 512 KiB "
		       "ring each; ", "follow_ns", fol, sorted_follow[FOLLOW_SAMPLES / 2],
		       sorted_alone[FOLLOW_SAMPLES / 2], FOLLOW_SAMPLES);
		if (at)
			printf("the middle of the %u of %d rings taken at the c2c transfer above "
			       "(the transfer before and after each within %.0f%% of it): ", at,
			       FOLLOW_RINGS, 100 * PLACEMENT_TOL);
		else
			printf("none of %d rings taken at the c2c transfer above (the transfer "
			       "before and after each within %.0f%% of it): the middle of them all: ",
			       FOLLOW_RINGS, 100 * PLACEMENT_TOL);
		for (k = 0; k < FOLLOW_RINGS; k++)
			printf("%s%.2f (transfer %.1f, %.1f)", k ? ", " : "", rings[k], looks[k][0],
			       looks[k][1]);
		putchar('\n');
	}
	return fflush(stdout) ? RBSIM_EXIT_FAIL : RBSIM_EXIT_OK;
}

/*
 * --against-real: this machine's figures now, as --probe measures them (a
 * VM's host moves its vCPUs, and the transfer and the per-record work move
 * with the placement): the CAS transfer between CPUs 0 and 1 (at their
 * distance; the file's other distances stay), the hand-off (the CAS
 * reservation's for cas, the lock's otherwise), the port's
 * per-record figures with the variant's reservation on the workload of the
 * real runs (with the consumer, or without: a ring never gone round), and
 * with a consumer its loop (notifications, wake-up, poll), the wake-ups'
 * quantiles and what it costs a producer it follows closely (follow_ns),
 * and with turns the scheduler's turn on CPU 0, replace the
 * file's in *m; to 0.01 ns (the turn to 1 ns), as printed, so that a machine
 * file with the printed figures models the same
 */
static int reprobe(struct rbsim_machine *m, const char *reserve, bool consumer, bool turns,
		   unsigned int *follow_at)
{
	static double alone[FOLLOW_SAMPLES], follow[FOLLOW_SAMPLES];
	double rings[FOLLOW_RINGS], looks[FOLLOW_RINGS][2];
	enum rbsim_dist d = rbsim_machine_dist(m, 0, 1);
	static double runs[SLICE_MAX];
	unsigned int nruns;
	static double ns[PROBE_SAMPLES], ho[PAIR_SAMPLES], cost[3][COST_SAMPLES];
	unsigned int nho = 0;
	static double wake[RBSIM_WAKE_NR][WAKE_SAMPLES];
	double *wv[RBSIM_WAKE_NR] = { wake[0], wake[1], wake[2], wake[3], wake[4], wake[5] };
	double *fig[RBSIM_WAKE_NR] = { &m->notify_ns, &m->notify_sleep_ns, &m->wake_ns,
				       &m->poll_ns, &m->wait_ns, &m->notify_wake_ns };
	/* the hand-off of the variant's reservation: cas's own, the lock's otherwise */
	bool cas = !strcmp(reserve, "cas");
	char err[256];
	unsigned int k;

	if (rbsim_c2c_probe(0, 1, RBSIM_C2C_CAS, PROBE_SAMPLES, PROBE_ROUNDS, ns, err,
			    sizeof(err)) ||
	    rbsim_pair_probe(0, 1, cas ? "cas" : "kernel", PAIR_SAMPLES, PAIR_MIN, ho, &nho, NULL,
			     err, sizeof(err)) ||
	    rbsim_cost_probe(1, 0, reserve, consumer, COST_SAMPLES, cost[0], cost[2], cost[1],
			     err, sizeof(err)) ||
	    (consumer && rbsim_wake_probe(1, 0, WAKE_SAMPLES, wv, err, sizeof(err))) ||
	    /* follow_ns at the transfer just measured: the model's (follow_rings()) */
	    (consumer &&
	     (m->follow_ns = follow_rings(cas, rbsim_probe_median(ns, PROBE_SAMPLES, NULL), alone,
					  follow, rings, looks, follow_at, err, sizeof(err))) < 0) ||
	    (turns && rbsim_slice_probe(0, SLICE_MS, runs, SLICE_MAX, &nruns, err, sizeof(err)))) {
		fprintf(stderr, "rbsim model: --against-real: probing this machine: %s\n", err);
		return -1;
	}
	/* the turns of a consumer and the producer beside it (--preempt user) */
	if (turns)
		m->slice_ns = round(rbsim_probe_median(runs, nruns, NULL));
	m->c2c_ns[d] = round(rbsim_probe_median(ns, PROBE_SAMPLES, NULL) * 100) / 100;
	*(cas ? &m->handoff_cas_ns : &m->handoff_ns) =
		round(rbsim_probe_median(ho, nho, NULL) * 100) / 100;
	m->record_ns = round(rbsim_probe_median(cost[0], COST_SAMPLES, NULL) * 100) / 100;
	m->batch_ns = round(rbsim_probe_median(cost[2], COST_SAMPLES, NULL) * 100) / 100;
	/* without a consumer, its figures are not used: the file's stay */
	if (!consumer)
		return 0;
	m->consumer_ns = round(rbsim_probe_median(cost[1], COST_SAMPLES, NULL) * 100) / 100;
	/* a median below 0.01 (noise, where a notification costs nothing more): 0.01 */
	for (k = 0; k < RBSIM_WAKE_NR; k++)
		*fig[k] = fmax(round(rbsim_probe_median(wake[k], WAKE_SAMPLES, NULL) * 100) / 100,
			       0.01);
	/*
	 * the wake-ups' quantiles (sorted by rbsim_probe_median()), each the
	 * middle of a twentieth: the model draws its wake-ups from them
	 */
	wake_quantiles(wake[RBSIM_WAKE_LATENCY], WAKE_SAMPLES, m);
	return 0;
}

/* the CAS transfer between CPUs 0 and 1 now, ns (median), or < 0 */
static double c2c_now(void)
{
	static double ns[PROBE_SAMPLES];
	double median;
	char err[256];

	if (rbsim_c2c_median(0, 1, PROBE_SAMPLES, PROBE_ROUNDS, ns, &median, err, sizeof(err))) {
		fprintf(stderr, "rbsim model: --against-real: probing this machine: %s\n", err);
		return -1;
	}
	return median;
}

/* the port's record_ns now with the variant's reservation (as reprobe()), or < 0 */
static double record_now(const char *reserve, bool consumer)
{
	static double cost[3][COST_SAMPLES];
	char err[256];

	if (rbsim_cost_probe(1, 0, reserve, consumer, COST_SAMPLES, cost[0], cost[2], cost[1],
			     err, sizeof(err))) {
		fprintf(stderr, "rbsim model: --against-real: probing this machine: %s\n", err);
		return -1;
	}
	return rbsim_probe_median(cost[0], COST_SAMPLES, NULL);
}

/* the hand-off of reservation cas or the kernel's now (as reprobe()), ns (median), or < 0 */
static double handoff_now(bool cas)
{
	static double ns[PAIR_SAMPLES];
	unsigned int n = 0;
	char err[256];

	if (rbsim_pair_probe(0, 1, cas ? "cas" : "kernel", PAIR_SAMPLES, PAIR_MIN, ns, &n, NULL,
			     err, sizeof(err))) {
		fprintf(stderr, "rbsim model: --against-real: probing this machine: %s\n", err);
		return -1;
	}
	return rbsim_probe_median(ns, n, NULL);
}

/*
 * follow_ns now with the variant's reservation (as reprobe()), the rings
 * taken at transfer ref counted in *at, or < 0
 */
static double follow_now(bool cas, double ref, unsigned int *at)
{
	static double alone[FOLLOW_SAMPLES], follow[FOLLOW_SAMPLES];
	double rings[FOLLOW_RINGS], looks[FOLLOW_RINGS][2], fig;
	char err[256];

	fig = follow_rings(cas, ref, alone, follow, rings, looks, at, err, sizeof(err));
	if (fig < 0)
		fprintf(stderr, "rbsim model: --against-real: probing this machine: %s\n", err);
	return fig;
}

/*
 * a point of --against-real: the figures measured, the model with them, the
 * real runs with a look at the transfer as each ends, the transfer and
 * record_ns measured again, where producers share a ring the hand-off, and
 * with a consumer follow_ns (moved: by more than PLACEMENT_TOL of a followed
 * record's cost, record_ns + follow_ns, which is what the model charges, or
 * none of its rings before or after taken at the row's transfer);
 * when any moved by more than PLACEMENT_TOL (the
 * host moved the vCPUs, or another guest took a share of their cores, in
 * between) or the runs lie further apart than the check's tolerance (the row
 * not held), all again, up to PLACEMENT_TRIES times
 */
#define PLACEMENT_TRIES 3

struct real_row {
	struct rbsim_machine now;
	struct rbsim_model_point pt;
	struct rbsim_real_point rp;
	struct rbsim_model_vs_real v;
	double c2c_after, record_after;
	double handoff_after;      /* < 0: not measured (no ring with two producers) */
	double follow_after;       /* < 0: not measured (no consumer) */
	/*
	 * with a consumer, of the FOLLOW_RINGS rings of follow_ns before and
	 * after the runs, those taken at the row's transfer (follow_rings());
	 * none is a move: the fills' cost is the placement's
	 */
	unsigned int follow_at, follow_after_at;
	unsigned int tries;
	bool moved;
	bool end_moved;            /* moved by the looks at the runs' ends (rbsim_real_how) */
	/*
	 * held: the host held the row still, its figures not moved and its
	 * runs within the check's tolerance of each other (max / min no more
	 * than 1 + RBSIM_MODEL_REAL_TOL; one run: the figures alone). What
	 * moved under a row that is not, no figure taken before it describes
	 * (on the EPYC guests of results/model-real-spread-vm-2026-12-07, the
	 * host moving the vCPUs)
	 */
	bool held;
};

static int real_row(const struct model_opts *o, const struct rbsim_machine *file,
		    const struct rbsim_model_cfg *cfg_in, const struct rbsim_real_how *rh,
		    unsigned int producers, struct real_row *row)
{
	struct rbsim_model_cfg cfg = *cfg_in;
	enum rbsim_dist d = rbsim_machine_dist(file, 0, 1);
	struct rbsim_real_how fit = *rh;
	bool cas = o->reserve.kind == RBSIM_RESERVE_CAS;
	bool shared = rbsim_reserve_rings(&o->reserve, producers) < producers;
	double ho;
	char err[512];
	int ret;

	for (row->tries = 1;; row->tries++) {
		row->now = *file;
		row->follow_at = row->follow_after_at = 0;
		/* a producer on the consumer's CPU 0 (-a wraps): their turns, for --preempt user */
		if (reprobe(&row->now, rh->reserve, rh->consumer,
			    cfg.user && rh->consumer && producers >= file->cpus, &row->follow_at))
			return -1;
		cfg.record_ns = row->now.record_ns;
		if (rbsim_model_eval(&row->now, &cfg, producers, &o->how, &row->pt, err,
				     sizeof(err))) {
			fprintf(stderr, "rbsim model: %s\n", err);
			return -1;
		}
		if (!rh->consumer) {
			unsigned int rings = rbsim_reserve_rings(&o->reserve, producers);
			unsigned int busiest = (producers + rings - 1) / rings;

			/* the run the largest ring holds at the predicted rate, its ring */
			fit.duration = rbsim_real_fit(rh->duration, row->pt.mps, producers,
						      busiest);
			fit.ring = rbsim_real_ring(fit.duration, row->pt.mps, producers, busiest);
		}
		ret = rbsim_real_point(&fit, producers, &row->rp, err, sizeof(err));
		/* a ring the real rate filled (the model read under half of it): the largest */
		if (ret == -ENOSPC && fit.ring && fit.ring < RBSIM_REAL_BARE_RING) {
			fit.ring = RBSIM_REAL_BARE_RING;
			ret = rbsim_real_point(&fit, producers, &row->rp, err, sizeof(err));
		}
		if (ret) {
			fprintf(stderr, "rbsim model: --against-real: %s\n", err);
			return -1;
		}
		row->c2c_after = c2c_now();
		row->record_after = record_now(rh->reserve, rh->consumer);
		row->handoff_after = shared ? handoff_now(cas) : -1;
		row->follow_after = rh->consumer ?
			follow_now(cas, row->now.c2c_ns[d], &row->follow_after_at) : -1;
		if (row->c2c_after < 0 || row->record_after < 0 ||
		    (shared && row->handoff_after < 0) || (rh->consumer && row->follow_after < 0))
			return -1;
		ho = cas ? row->now.handoff_cas_ns : row->now.handoff_ns;
		/* the looks at the runs' ends too: a run that moved away and back */
		row->end_moved =
			fabs(row->rp.end_c2c_min_ns / row->now.c2c_ns[d] - 1) > PLACEMENT_TOL ||
			fabs(row->rp.end_c2c_max_ns / row->now.c2c_ns[d] - 1) > PLACEMENT_TOL;
		row->moved = row->end_moved ||
			     fabs(row->c2c_after / row->now.c2c_ns[d] - 1) > PLACEMENT_TOL ||
			     fabs(row->record_after / row->now.record_ns - 1) > PLACEMENT_TOL ||
			     (shared && fabs(row->handoff_after / ho - 1) > PLACEMENT_TOL) ||
			     (rh->consumer && fabs(row->follow_after - row->now.follow_ns) >
				PLACEMENT_TOL * (row->now.record_ns + row->now.follow_ns)) ||
			     (rh->consumer && (!row->follow_at || !row->follow_after_at));
		row->held = !row->moved && row->rp.min_mps > 0 &&
			    row->rp.max_mps <= row->rp.min_mps * (1 + RBSIM_MODEL_REAL_TOL);
		/*
		 * runs further apart than the check's tolerance say the host was
		 * not in one state while they ran, as a moved figure does: again
		 */
		if (row->held || row->tries == PLACEMENT_TRIES)
			break;
	}
	rbsim_model_vs_real(row->pt.mps, row->rp.mps, &row->v);
	return 0;
}

/* a hand-off figure to 0.0001 ns, or "" where n/a (< 0) */
static void handoff_text(double ns, char *buf, size_t len)
{
	if (ns < 0)
		buf[0] = '\0';
	else
		snprintf(buf, len, "%.4f", ns);
}

/*
 * --against-real: the model against the same workload on real threads here,
 * each producer count with the machine's figures measured just before it
 */
static int against_real(const struct model_opts *o, const struct rbsim_machine *m,
			const struct rbsim_model_cfg *cfg)
{
	struct rbsim_real_how rh = { .batch = o->batch, .duration = o->real_duration,
				     .runs = o->real_runs, .consumer = !o->no_consumer,
				     .look_at_end = true };
	enum rbsim_dist d = rbsim_machine_dist(m, 0, 1);
	static struct real_row row;
	const struct rbsim_machine *n = &row.now;
	char how[32], fcas[32], cas[32], sleep[3][32];
	const double sleep_ns[3] = { m->announce_ns, m->wait_ns, m->notify_wake_ns };
	unsigned int i, within = 0, held = 0, held_within = 0;

	rbsim_reserve_format(&o->reserve, how, sizeof(how));
	rh.reserve = how;
	handoff_text(m->handoff_cas_ns, fcas, sizeof(fcas));
	for (i = 0; i < 3; i++)
		handoff_text(sleep_ns[i], sleep[i], sizeof(sleep[i]));
	if (o->format == FMT_TEXT)
		printf("machine %s (%u CPUs), --reserve %s, batch %u, %s, --preempt %s: the model "
		       "against real threads here (%u run%s of %u s a count%s; model/real within "
		       "%.0f%%?)\n"
		       "the file's figures, each measured again before each count: c2c %.1f ns, "
		       "handoff_ns %.1f, handoff_cas_ns %s, record_ns %.1f, consumer_ns %.1f, "
		       "batch_ns %.1f, "
		       "notify_ns %.1f, notify_sleep_ns %.1f, wake_ns %.1f, poll_ns %.1f, "
		       "follow_ns %.1f, wait_ns %s, notify_wake_ns %s; the file's in every count: "
		       "announce_ns %s\n"
		       "per record, model / real: notifications, those that made a wake-up call (a "
		       "consumer asleep or on its way), the consumer's wake-ups\n"
		       "%9s %9s %9s %7s %10s %7s %10s %17s %17s %17s %8s %8s %8s %7s %9s %8s %8s %8s %8s\n",
		       m->name, m->cpus, how, o->batch,
		       rh.consumer ? "libbpf consumer" : "no consumer",
		       user_mode(o) ? "user" : "kernel", o->real_runs,
		       o->real_runs > 1 ? "s" : "", o->real_duration, rh.consumer ?
		       " after 1 s of warm-up" : ", no warm-up, fewer where the ring would fill",
		       100 * RBSIM_MODEL_REAL_TOL,
		       m->c2c_ns[d], m->handoff_ns, fcas[0] ? fcas : "n/a", m->record_ns,
		       m->consumer_ns, m->batch_ns, m->notify_ns, m->notify_sleep_ns, m->wake_ns,
		       m->poll_ns, m->follow_ns, sleep[1][0] ? sleep[1] : "n/a",
		       sleep[2][0] ? sleep[2] : "n/a", sleep[0][0] ? sleep[0] : "n/a",
		       "producers",
		       "model M/s", "real M/s", "real sd",
		       "model/real", "within", "real drops", "notify/rec", "woke/rec",
		       "wakeup/rec", "c2c", "c2c after", "handoff", "record", "rec after", "notify",
		       "n.sleep", "wake", "poll");
	else if (o->format == FMT_CSV)
		puts("machine,reserve,batch,consumer,producers,threads,cpus,oversubscribed,"
		     "model_mps,model_drops_mps,real_mps,real_sd_mps,real_runs,real_drops_mps,ratio,"
		     "within,tolerance,notify_per_rec,wakeup_per_rec,c2c_ns,c2c_after_ns,moved,"
		     "tries,handoff_ns,handoff_cas_ns,record_ns,consumer_ns,batch_ns,woke_per_rec,"
		     "model_notify_per_rec,model_woke_per_rec,model_wakeup_per_rec,notify_ns,"
		     "notify_sleep_ns,wake_ns,poll_ns,record_after_ns,handoff_after_ns,"
		     "real_seconds,stopped,"
		     "clear_runs,clear_mps,clear_ratio,preempt,slice_ns,wake_draw_ns,"
		     "model_turns_per_s,model_spins_per_rec,busy_per_rec,follow_ns,"
		     "model_pc_stalls,lost_frac,ran_mps,ran_ratio,announce_ns,wait_ns,"
		     "notify_wake_ns,real_min_mps,real_max_mps,held,c2c_end_min_ns,c2c_end_max_ns,"
		     "follow_after_ns,follow_at_c2c,follow_after_at_c2c,command");
	else
		printf("{\"machine\":\"%s\",\"reserve\":\"%s\",\"batch\":%u,\"consumer\":%s,"
		       "\"tolerance\":%.2f,\"file_c2c_ns\":%.4f,\"file_handoff_ns\":%.4f,"
		       "\"file_handoff_cas_ns\":%s,\"file_record_ns\":%.4f,\"file_notify_ns\":%.4f,"
		       "\"file_notify_sleep_ns\":%.4f,\"file_wake_ns\":%.4f,\"file_poll_ns\":%.4f,"
		       "\"file_announce_ns\":%s,\"file_wait_ns\":%s,\"file_notify_wake_ns\":%s,"
		       "\"preempt\":\"%s\",\"points\":[", m->name, how, o->batch,
		       rh.consumer ? "true" : "false",
		       RBSIM_MODEL_REAL_TOL, m->c2c_ns[d], m->handoff_ns, fcas[0] ? fcas : "null",
		       m->record_ns, m->notify_ns, m->notify_sleep_ns, m->wake_ns, m->poll_ns,
		       sleep[0][0] ? sleep[0] : "null", sleep[1][0] ? sleep[1] : "null",
		       sleep[2][0] ? sleep[2] : "null", user_mode(o) ? "user" : "kernel");
	for (i = 0; i < o->np; i++) {
		char fitted[96] = "", stopped[160] = "", nstop[16], nclear[16], cmps[32], cratio[32];
		char turns[192] = "", slice[32] = "", draw[RBSIM_WAKE_DRAW * 16];
		char fol[32] = "", follows[224] = "", hafter[32], fafter[32];
		char rmps[32], rratio[32], lfrac[32], ran[128] = "";
		char nsleep[3][32], way[128] = "", apart[128] = "", ends[128] = "";
		char fat[2][16];

		if (real_row(o, m, cfg, &rh, o->p[i], &row)) {
			fflush(stdout);
			return RBSIM_EXIT_FAIL;
		}
		within += row.v.within;
		held += row.held;
		held_within += row.held && row.v.within;
		if (!row.moved && !row.held)
			snprintf(apart, sizeof(apart), "  [its runs %.3f to %.3f M/s: more than "
				 "%.0f%% apart]", row.rp.min_mps, row.rp.max_mps,
				 100 * RBSIM_MODEL_REAL_TOL);
		if (row.end_moved)
			snprintf(ends, sizeof(ends), "  [the transfer at the runs' ends %.1f to "
				 "%.1f ns]", row.rp.end_c2c_min_ns, row.rp.end_c2c_max_ns);
		if (row.rp.duration < rh.duration)
			snprintf(fitted, sizeof(fitted), "  [%u s a run: what the 2 GiB ring "
				 "holds at twice the model's rate]", row.rp.duration);
		if (row.rp.stopped && row.rp.clear_runs)
			snprintf(stopped, sizeof(stopped), "  [a host stop hit %u of %u runs: %s "
				 "%.0f ms or more; the other%s: %.3f M/s, ratio %.3f]",
				 row.rp.stopped, row.rp.runs, stop_seen(&rh),
				 RBSIM_HOST_STOP_NS / 1e6, row.rp.clear_runs > 1 ? "s" : "",
				 row.rp.clear_mps, row.pt.mps / row.rp.clear_mps);
		else if (row.rp.stopped)
			snprintf(stopped, sizeof(stopped), "  [a host stop hit %u of %u runs: %s "
				 "%.0f ms or more]", row.rp.stopped, row.rp.runs, stop_seen(&rh),
				 RBSIM_HOST_STOP_NS / 1e6);
		/* the runs a host stop hit, and the mean of the others (none without runs) */
		cmps[0] = cratio[0] = '\0';
		snprintf(nstop, sizeof(nstop), "%u", row.rp.stopped);
		snprintf(nclear, sizeof(nclear), "%u", row.rp.clear_runs);
		if (row.rp.clear_runs) {
			snprintf(cmps, sizeof(cmps), "%.4f", row.rp.clear_mps);
			snprintf(cratio, sizeof(cratio), "%.4f", row.pt.mps / row.rp.clear_mps);
		}
		wake_draw_text(n, draw, sizeof(draw));
		handoff_text(n->handoff_cas_ns, cas, sizeof(cas));
		handoff_text(row.handoff_after, hafter, sizeof(hafter));
		handoff_text(row.follow_after, fafter, sizeof(fafter));
		/* the follow rings at the row's transfer, where measured (with a consumer) */
		fat[0][0] = fat[1][0] = '\0';
		if (rh.consumer) {
			snprintf(fat[0], sizeof(fat[0]), "%u", row.follow_at);
			snprintf(fat[1], sizeof(fat[1]), "%u", row.follow_after_at);
		}
		/* --preempt user, a producer on the consumer's CPU: the turns they took */
		if (n->slice_ns > 0 && user_mode(o) && rh.consumer &&
		    o->p[i] >= m->cpus) {
			snprintf(slice, sizeof(slice), "%.0f", n->slice_ns);
			snprintf(turns, sizeof(turns), "  [turns of %.2f ms: %.0f a second; polls "
				 "at a held record %.4f a record, the real walks stopped at one "
				 "%.4f]", n->slice_ns / 1e6, row.pt.turns, row.pt.spins,
				 row.rp.busy_per_rec);
		}
		/* counted without a consumer only: the rate over the time the producers ran */
		rmps[0] = rratio[0] = lfrac[0] = '\0';
		if (row.rp.have_lost && row.rp.ran_mps > 0) {
			snprintf(lfrac, sizeof(lfrac), "%.5f", row.rp.lost_frac);
			snprintf(rmps, sizeof(rmps), "%.4f", row.rp.ran_mps);
			snprintf(rratio, sizeof(rratio), "%.4f", row.pt.mps / row.rp.ran_mps);
			snprintf(ran, sizeof(ran), "  [%.1f%% of the producers' time lost: %.3f M/s "
				 "over the time they ran, ratio %.3f]", 100 * row.rp.lost_frac,
				 row.rp.ran_mps, row.pt.mps / row.rp.ran_mps);
		}
		/* the consumer's way to sleep, as measured (n/a: the file's has none) */
		handoff_text(n->announce_ns, nsleep[0], sizeof(nsleep[0]));
		handoff_text(n->wait_ns, nsleep[1], sizeof(nsleep[1]));
		handoff_text(n->notify_wake_ns, nsleep[2], sizeof(nsleep[2]));
		if (nsleep[0][0] && nsleep[1][0] && nsleep[2][0] && rh.consumer)
			snprintf(way, sizeof(way), "  [its way to sleep: announced %.0f ns after a "
				 "round, a wait call of %.0f, a wake call %.0f]", n->announce_ns,
				 n->wait_ns, n->notify_wake_ns);
		/* what a consumer right behind a producer costs it, where measured */
		if (n->follow_ns > 0 && rh.consumer) {
			snprintf(fol, sizeof(fol), "%.2f", n->follow_ns);
			snprintf(follows, sizeof(follows), "  [follow_ns %.1f, %.1f after the runs "
				 "(from %u and %u of %d rings at the row's transfer): paid at %.2f "
				 "of the reservations]", n->follow_ns, row.follow_after,
				 row.follow_at, row.follow_after_at, FOLLOW_RINGS, row.pt.pc_stalls);
		}
		if (o->format == FMT_TEXT)
			printf("%9u %9.3f %9.3f %7.3f %10.3f %7s %10.3f %8.4f/%-8.4f "
			       "%8.4f/%-8.4f %8.4f/%-8.4f %8.1f %8.1f %8.1f %7.1f %8.1f %8.1f "
			       "%8.1f %8.1f %8.1f%s%s%s%s%s%s%s%s%s%s\n",
			       o->p[i], row.pt.mps, row.rp.mps, row.rp.sd_mps, row.v.ratio,
			       row.v.within ? "yes" : "NO", row.rp.drops_mps, row.pt.notes,
			       row.rp.notify_per_rec, row.pt.woke, row.rp.woke_per_rec,
			       row.pt.wakeups, row.rp.wakeup_per_rec, n->c2c_ns[d],
			       row.c2c_after, o->reserve.kind == RBSIM_RESERVE_CAS ?
			       n->handoff_cas_ns : n->handoff_ns, n->record_ns, row.record_after,
			       n->notify_ns, n->notify_sleep_ns, n->wake_ns, n->poll_ns,
			       row.rp.oversubscribed ? "  [oversubscribed: more threads than CPUs]" :
			       "", row.moved ? "  [the transfer, record_ns, the hand-off or follow_ns "
			       "moved during the runs]" : "", ends, apart, fitted, stopped, ran, turns,
			       follows, way);
		else if (o->format == FMT_CSV)
			printf("\"%s\",%s,%u,%s,%u,%u,%u,%d,%.4f,%.4f,%.4f,%.4f,%u,%.4f,%.4f,%d,"
			       "%.2f,%.5f,%.5f,%.4f,%.4f,%d,%u,%.4f,%s,%.4f,%.4f,%.4f,%.5f,%.5f,"
			       "%.5f,%.5f,%.4f,%.4f,%.4f,%.4f,%.4f,%s,%u,%s,%s,%s,%s,%s,%s,\"%s\","
			       "%.1f,%.5f,%.5f,%s,%.5f,%s,%s,%s,%s,%s,%s,%.4f,%.4f,%d,%.4f,%.4f,"
			       "%s,%s,%s,\"%s\"\n",
			       m->name,
			       how, o->batch, rh.consumer ? "libbpf" : "none", o->p[i],
			       row.rp.threads, row.rp.cpus, row.rp.oversubscribed, row.pt.mps,
			       row.pt.drops_mps, row.rp.mps, row.rp.sd_mps, row.rp.runs,
			       row.rp.drops_mps, row.v.ratio, row.v.within, RBSIM_MODEL_REAL_TOL,
			       row.rp.notify_per_rec, row.rp.wakeup_per_rec, n->c2c_ns[d],
			       row.c2c_after, row.moved, row.tries, n->handoff_ns, cas,
			       n->record_ns, n->consumer_ns, n->batch_ns, row.rp.woke_per_rec,
			       row.pt.notes, row.pt.woke, row.pt.wakeups, n->notify_ns,
			       n->notify_sleep_ns, n->wake_ns, n->poll_ns, row.record_after,
			       hafter, row.rp.duration, nstop, nclear, cmps, cratio,
			       user_mode(o) ? "user" : "kernel", slice,
			       draw, row.pt.turns, row.pt.spins, row.rp.busy_per_rec, fol,
			       row.pt.pc_stalls, lfrac, rmps, rratio, nsleep[0], nsleep[1],
			       nsleep[2], row.rp.min_mps, row.rp.max_mps, row.held,
			       row.rp.end_c2c_min_ns, row.rp.end_c2c_max_ns, fafter, fat[0], fat[1],
			       row.rp.command);
		else
			printf("%s{\"producers\":%u,\"threads\":%u,\"cpus\":%u,"
			       "\"oversubscribed\":%s,\"model_mps\":%.4f,\"model_drops_mps\":%.4f,"
			       "\"real_mps\":%.4f,\"real_sd_mps\":%.4f,\"real_runs\":%u,"
			       "\"real_drops_mps\":%.4f,\"ratio\":%.4f,\"within\":%s,"
			       "\"notify_per_rec\":%.5f,\"wakeup_per_rec\":%.5f,\"c2c_ns\":%.4f,"
			       "\"c2c_after_ns\":%.4f,\"moved\":%s,\"tries\":%u,"
			       "\"handoff_ns\":%.4f,\"handoff_cas_ns\":%s,\"record_ns\":%.4f,"
			       "\"consumer_ns\":%.4f,"
			       "\"batch_ns\":%.4f,\"woke_per_rec\":%.5f,"
			       "\"model_notify_per_rec\":%.5f,\"model_woke_per_rec\":%.5f,"
			       "\"model_wakeup_per_rec\":%.5f,\"notify_ns\":%.4f,"
			       "\"notify_sleep_ns\":%.4f,\"wake_ns\":%.4f,\"poll_ns\":%.4f,"
			       "\"record_after_ns\":%.4f,\"handoff_after_ns\":%s,"
			       "\"real_seconds\":%u,\"stopped\":%s,"
			       "\"clear_runs\":%s,\"clear_mps\":%s,\"clear_ratio\":%s,"
			       "\"slice_ns\":%s,\"wake_draw_ns\":\"%s\",\"model_turns_per_s\":%.1f,"
			       "\"model_spins_per_rec\":%.5f,\"busy_per_rec\":%.5f,"
			       "\"follow_ns\":%s,\"model_pc_stalls\":%.5f,\"lost_frac\":%s,"
			       "\"ran_mps\":%s,\"ran_ratio\":%s,\"announce_ns\":%s,"
			       "\"wait_ns\":%s,\"notify_wake_ns\":%s,\"real_min_mps\":%.4f,"
			       "\"real_max_mps\":%.4f,\"held\":%s,\"c2c_end_min_ns\":%.4f,"
			       "\"c2c_end_max_ns\":%.4f,\"follow_after_ns\":%s,"
			       "\"follow_at_c2c\":%s,\"follow_after_at_c2c\":%s,\"command\":\"%s\"}",
			       i ? "," : "", o->p[i], row.rp.threads, row.rp.cpus,
			       row.rp.oversubscribed ? "true" : "false", row.pt.mps,
			       row.pt.drops_mps, row.rp.mps, row.rp.sd_mps, row.rp.runs,
			       row.rp.drops_mps, row.v.ratio, row.v.within ? "true" : "false",
			       row.rp.notify_per_rec, row.rp.wakeup_per_rec, n->c2c_ns[d],
			       row.c2c_after, row.moved ? "true" : "false", row.tries,
			       n->handoff_ns, cas[0] ? cas : "null", n->record_ns, n->consumer_ns,
			       n->batch_ns, row.rp.woke_per_rec, row.pt.notes, row.pt.woke,
			       row.pt.wakeups, n->notify_ns, n->notify_sleep_ns, n->wake_ns,
			       n->poll_ns, row.record_after, hafter[0] ? hafter : "null",
			       row.rp.duration, nstop, nclear,
			       cmps[0] ? cmps : "null",
			       cratio[0] ? cratio : "null", slice[0] ? slice : "null", draw,
			       row.pt.turns, row.pt.spins, row.rp.busy_per_rec,
			       fol[0] ? fol : "null", row.pt.pc_stalls, lfrac[0] ? lfrac : "null",
			       rmps[0] ? rmps : "null", rratio[0] ? rratio : "null",
			       nsleep[0][0] ? nsleep[0] : "null", nsleep[1][0] ? nsleep[1] : "null",
			       nsleep[2][0] ? nsleep[2] : "null", row.rp.min_mps, row.rp.max_mps,
			       row.held ? "true" : "false", row.rp.end_c2c_min_ns,
			       row.rp.end_c2c_max_ns, fafter[0] ? fafter : "null",
			       fat[0][0] ? fat[0] : "null", fat[1][0] ? fat[1] : "null",
			       row.rp.command);
		fflush(stdout);
	}
	if (o->format == FMT_JSON)
		puts("]}");
	else if (o->format == FMT_TEXT)
		printf("real: %s (-a: the model's placement, the consumer on CPU 0, producer i on "
		       "CPU i mod %u)\n"
		       "within %.0f%%: %u of %u; of the counts the host held still (the figures "
		       "within %.0f%% before, at the runs' ends and after, the runs within %.0f%% "
		       "of each other), "
		       "%u of %u\n", row.rp.command, m->cpus, 100 * RBSIM_MODEL_REAL_TOL, within,
		       o->np, 100 * PLACEMENT_TOL, 100 * RBSIM_MODEL_REAL_TOL, held_within, held);
	return RBSIM_EXIT_OK;
}

/* --crossover: where cas, shard:2 and percpu beat the kernel's reservation */
static int crossover(const struct model_opts *o, const struct rbsim_machine *m,
		     const struct rbsim_curve *c, const struct rbsim_model_cfg *cfg_in,
		     struct rbsim_model_point *pts)
{
	static const char *const variants[] = { "cas", "shard:2", "percpu" };
	static const unsigned int at[RBSIM_CROSSOVER_NAT] = RBSIM_CROSSOVER_AT;
	struct rbsim_model_cfg cfg = *cfg_in;
	struct rbsim_crossover x;
	double *kernel, *var;
	char why[512], first[16];
	unsigned int i, k, n = o->np;

	kernel = calloc(2 * n, sizeof(*kernel));
	if (!kernel) {
		fprintf(stderr, "rbsim model: out of memory\n");
		return RBSIM_EXIT_FAIL;
	}
	var = kernel + n;
	cfg.reserve = (struct rbsim_reserve){ .kind = RBSIM_RESERVE_KERNEL };
	for (i = 0; i < n; i++) {
		if (rbsim_model_eval(m, &cfg, o->p[i], &o->how, &pts[i], why, sizeof(why)))
			goto fail;
		kernel[i] = pts[i].mps;
	}
	if (o->format == FMT_TEXT) {
		printf("machine %s (%u CPUs), batch %u%s%s: where each variant beats --reserve "
		       "kernel (by more than 0.1%%), over --producers %s\n", m->name, m->cpus,
		       o->batch, c ? ", workload of curve " : "", c ? c->id : "",
		       o->producers_text);
		printf("%-8s %-24s %5s", "variant", "beats kernel at", "from");
		for (k = 0; k < RBSIM_CROSSOVER_NAT; k++) {
			snprintf(first, sizeof(first), "x at %u", at[k]);
			printf("  %9s", first);
		}
		putchar('\n');
	} else if (o->format == FMT_CSV) {
		printf("machine,curve,batch,reserve,beats_at,first");
		for (k = 0; k < RBSIM_CROSSOVER_NAT; k++)
			printf(",ratio_%u", at[k]);
		putchar('\n');
	} else {
		printf("{\"machine\":\"%s\",\"curve\":%s%s%s,\"batch\":%u,\"variants\":[",
		       m->name, c ? "\"" : "", c ? c->id : "null", c ? "\"" : "", o->batch);
	}
	for (k = 0; k < sizeof(variants) / sizeof(variants[0]); k++) {
		if (rbsim_reserve_parse(variants[k], &cfg.reserve, why, sizeof(why))) {
			free(kernel);
			fprintf(stderr, "rbsim model: %s: %s\n", variants[k], why);
			return RBSIM_EXIT_FAIL;
		}
		for (i = 0; i < n; i++) {
			if (rbsim_model_eval(m, &cfg, o->p[i], &o->how, &pts[i], why, sizeof(why)))
				goto fail;
			var[i] = pts[i].mps;
		}
		rbsim_model_crossover(o->p, kernel, var, n, &x);
		if (x.first)
			snprintf(first, sizeof(first), "%u", x.first);
		else
			snprintf(first, sizeof(first), o->format == FMT_TEXT ? "-" :
				 o->format == FMT_CSV ? "" : "null");
		if (o->format == FMT_TEXT)
			printf("%-8s %-24s %5s", variants[k], x.beats, first);
		else if (o->format == FMT_CSV)
			printf("\"%s\",%s,%u,%s,%s,%s", m->name, c ? c->id : "", o->batch,
			       variants[k], x.beats, first);
		else
			printf("%s{\"reserve\":\"%s\",\"beats_at\":\"%s\",\"first\":%s",
			       k ? "," : "", variants[k], x.beats, first);
		for (i = 0; i < RBSIM_CROSSOVER_NAT; i++) {
			if (o->format == FMT_TEXT)
				x.ratio_at[i] < 0 ? printf("  %9s", "-") :
						    printf("  %9.2f", x.ratio_at[i]);
			else if (o->format == FMT_CSV)
				x.ratio_at[i] < 0 ? printf(",") : printf(",%.4f", x.ratio_at[i]);
			else
				x.ratio_at[i] < 0 ? printf(",\"ratio_%u\":null", at[i]) :
						    printf(",\"ratio_%u\":%.4f", at[i], x.ratio_at[i]);
		}
		printf(o->format == FMT_JSON ? "}" : "\n");
	}
	if (o->format == FMT_JSON)
		puts("]}");
	free(kernel);
	return RBSIM_EXIT_OK;
fail:
	free(kernel);
	fprintf(stderr, "rbsim model: %s\n", why);
	return RBSIM_EXIT_FAIL;
}

/* bit i of a parse's seen: the option named name */
static __u64 opt_bit(const char *name)
{
	unsigned int i;

	for (i = 0; model_options[i].kind != RBSIM_OPT_END; i++)
		if (model_options[i].name && !strcmp(model_options[i].name, name))
			return 1ULL << i;
	return 0;
}

/* the options that do not go together: 0, or -1 with the reason in err */
static int modes_check(const struct model_opts *o, const struct rbsim_machine *m, __u64 seen,
		       char *err, size_t len)
{
	long online = sysconf(_SC_NPROCESSORS_ONLN);

	if (o->check + o->against_real + o->crossover > 1)
		snprintf(err, len, "--check, --against-real and --crossover: one at a time");
	else if (o->plot && (o->check || o->against_real || o->crossover))
		snprintf(err, len, "--plot draws the model's curve: not with --check, "
			 "--against-real or --crossover");
	else if (o->crossover && (seen & opt_bit("reserve")))
		snprintf(err, len, "--crossover compares every variant with kernel: no --reserve");
	else if (!o->against_real && (seen & (opt_bit("real-duration") | opt_bit("real-runs"))))
		snprintf(err, len, "--real-duration and --real-runs go with --against-real");
	else if (o->no_consumer && o->curve)
		snprintf(err, len, "--no-consumer sets the reference workload: --curve %s has its "
			 "own", o->curve);
	else if (o->overwrite && o->curve)
		snprintf(err, len, "--overwrite sets the reference workload: --curve %s has its "
			 "own mode", o->curve);
	else if ((o->no_consumer || o->overwrite) && m->ncurves)
		snprintf(err, len, "--%s sets the reference workload of a machine file without "
			 "curves: %s has curves, and without --curve models the first, %s",
			 o->no_consumer ? "no-consumer" : "overwrite", o->machine, m->curve[0].id);
	else if (o->overwrite && o->reserve.kind == RBSIM_RESERVE_CAS)
		snprintf(err, len, "--overwrite: the CAS reservation has no overwrite mode (the "
			 "port refuses it on an overwrite-mode map)");
	else if (o->overwrite && (o->against_real || o->crossover || o->check))
		snprintf(err, len, "--overwrite models the reference workload's curve: not with "
			 "--against-real, --crossover or --check");
	else if (o->against_real && o->curve)
		snprintf(err, len, "--against-real runs this machine's reference workload: no "
			 "--curve");
	else if (o->preempt == PREEMPT_USER && o->engine != RBSIM_MODEL_VTIME)
		snprintf(err, len, "--preempt user runs in virtual time: not with --engine closed");
	else if (o->preempt == PREEMPT_USER && o->check)
		snprintf(err, len, "--check compares with the published tables, BPF programs that "
			 "run with preemption off: not with --preempt user");
	else if (o->against_real && online != (long)m->cpus)
		snprintf(err, len, "--against-real: %s describes %u CPUs, this machine has %ld: "
			 "give this machine's file", o->machine, m->cpus, online);
	else
		return 0;
	return -1;
}

static int model_main(int argc, char **argv)
{
	struct model_opts o = { 0 };
	struct rbsim_optgroup g = { .opts = model_options, .base = &o };
	struct rbsim_optparse p = { .cmd = "model", .groups = &g, .ngroups = 1 };
	static struct rbsim_machine m;
	const struct rbsim_curve *c;
	bool consumer;
	struct rbsim_model_cfg cfg;
	struct rbsim_model_point *pts;
	char err[512], tmp[4096] = "";
	unsigned int i;
	int ret, fd;

	ret = rbsim_opt_defaults(model_options, &o, err, sizeof(err));
	ret = ret ?: rbsim_opt_parse(&p, argc, argv, err, sizeof(err));
	if (ret > 0) {
		model_usage(stdout);
		return RBSIM_EXIT_OK;
	}
	if (ret < 0)
		return rbsim_usage_error("model", "%s", err);
	if (o.probe)
		return probe(&o);
	if (!o.machine)
		return rbsim_usage_error("model", "--machine FILE is required");
	o.how.engine = o.engine;
	o.how.seed = o.seed;
	if (rbsim_machine_load(o.machine, &m, err, sizeof(err)))
		return rbsim_usage_error("model", "--machine %s", err);
	ret = modes_check(&o, &m, g.seen, err, sizeof(err));
	if (ret)
		return rbsim_usage_error("model", "%s", err);
	if (o.check) {
		if (!m.ncurves)
			return rbsim_usage_error("model", "--check: %s has no published curve",
						 o.machine);
		if (print_check(&o, &m, &o.how) < 0)
			return RBSIM_EXIT_FAIL;
		return fflush(stdout) ? RBSIM_EXIT_FAIL : RBSIM_EXIT_OK;
	}
	c = find_curve(&m, o.curve);
	if (o.curve && !c)
		return rbsim_usage_error("model", "--curve %s: no such curve in %s", o.curve,
					 o.machine);
	consumer = c ? c->consumer : !o.no_consumer;
	if (!o.oversubscribe && o.p[o.np - 1] > m.cpus - (consumer ? 1 : 0))
		return rbsim_usage_error("model", "--producers %s: %u producers and %s on %u "
					 "CPUs (give --oversubscribe to let them wrap)",
					 o.producers_text, o.p[o.np - 1],
					 consumer ? "the consumer" : "no consumer", m.cpus);
	if (o.plot) {
		/* a temporary file beside FILE.png, renamed over it at the end */
		snprintf(tmp, sizeof(tmp), "%s.XXXXXX", o.plot);
		fd = mkstemp(tmp);
		if (fd < 0)
			return rbsim_usage_error("model", "--plot %s: %s", o.plot, strerror(errno));
		close(fd);
	}
	if (c) {
		if (rbsim_model_curve_cfg(&m, c, &o.how, &cfg, err, sizeof(err))) {
			fprintf(stderr, "rbsim model: %s\n", err);
			ret = RBSIM_EXIT_FAIL;
			goto out;
		}
	} else {
		memset(&cfg, 0, sizeof(cfg));
		cfg.consumer = !o.no_consumer;
		cfg.first_cpu = 1;
		cfg.record_ns = m.record_ns;
		cfg.overwrite = o.overwrite;
	}
	cfg.reserve = o.reserve;
	cfg.batch = o.batch;
	cfg.user = user_mode(&o);
	if (cfg.user && !o.against_real && m.slice_ns <= 0 && cfg.consumer) {
		/* the turns are needed where a producer shares the consumer's CPU */
		for (i = 0; i < o.p[o.np - 1]; i++) {
			if (rbsim_model_cpu(&m, &cfg, i) != rbsim_model_consumer_cpu(&m, &cfg))
				continue;
			ret = rbsim_usage_error("model", "--preempt user: producer %u shares the "
						"consumer's CPU, and %s has no slice_ns (the "
						"scheduler's turn; rbsim model --probe measures "
						"it)", i, o.machine);
			goto out;
		}
	}
	pts = calloc(o.np, sizeof(*pts));
	if (!pts) {
		fprintf(stderr, "rbsim model: out of memory\n");
		ret = RBSIM_EXIT_FAIL;
		goto out;
	}
	if (o.crossover) {
		ret = crossover(&o, &m, c, &cfg, pts);
		goto done;
	}
	if (o.against_real) {
		ret = against_real(&o, &m, &cfg);
		goto done;
	}
	for (i = 0; i < o.np; i++) {
		if (rbsim_model_eval(&m, &cfg, o.p[i], &o.how, &pts[i], err, sizeof(err))) {
			fprintf(stderr, "rbsim model: %s\n", err);
			ret = RBSIM_EXIT_FAIL;
			free(pts);
			goto out;
		}
	}
	print_points(&o, &m, c, pts);
	ret = RBSIM_EXIT_OK;
done:
	if (fflush(stdout)) {
		fprintf(stderr, "rbsim model: writing the output: %s\n", strerror(errno));
		ret = RBSIM_EXIT_FAIL;
	} else if (o.plot && (plot(&o, &m, c, pts, tmp) || rename(tmp, o.plot))) {
		fprintf(stderr, "rbsim model: gnuplot could not draw %s\n", o.plot);
		ret = RBSIM_EXIT_FAIL;
	} else {
		tmp[0] = '\0';
	}
	free(pts);
out:
	if (tmp[0])
		unlink(tmp);
	return ret;
}

RBSIM_COMMAND(model, "model", "predict throughput against producers on a described many-CPU "
	      "machine, for each reservation variant", model_main);
