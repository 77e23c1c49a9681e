// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim calibrate: measure what the running kernel pays, and what the port
 * pays, for each step of a ring buffer run (a record of 8, 256 and 4096
 * bytes, a batch's trigger for each --trigger, a notification to a sleeping
 * consumer, the wake-up that follows, a wait on the map fd), print them side
 * by side and, with -o FILE, write them as a profile (sim/profile.h) that
 * `--profile FILE` charges to the port. The measurements are in
 * calibrate_measure.c, the model they feed in sim/calibration.md.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sim/clock.h"
#include "sim/inject.h"
#include "sim/kernel_check.h"
#include "sim/kernel_cmds.h"
#include "sim/rbsim.h"
#include "bpf/calibrate_internal.h"

#define CMD "calibrate"

/* the two CPUs of the ping-pong: the first two this process may use (one: both there) */
static void pick_cpus(struct cal *cal)
{
	cpu_set_t set;
	int c, n = 0, cpu[2] = { -1, -1 };

	CPU_ZERO(&set);
	if (sched_getaffinity(0, sizeof(set), &set))
		return;
	for (c = 0; c < CPU_SETSIZE && n < 2; c++) {
		if (CPU_ISSET(c, &set))
			cpu[n++] = c;
	}
	cal->prod_cpu = cpu[0];
	cal->cons_cpu = n > 1 ? cpu[1] : cpu[0];
}

static int pin_self(int cpu, cpu_set_t *old)
{
	cpu_set_t set;

	pthread_getaffinity_np(pthread_self(), sizeof(*old), old);
	if (cpu < 0)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return -pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

/* is cost k sampled across the gaps, in the profile this calibrate writes? */
static bool spread_cost(int k)
{
	return rbsim_cost_spread(RBSIM_PROFILE_VERSION, (enum rbsim_cost)k);
}

/* 0, or -ENOMEM */
static int fill_profile(const struct cal *cal, struct rbsim_profile *p)
{
	time_t now = time(NULL);
	struct tm tm;

	memset(p, 0, sizeof(*p));
	rbsim_machine_here(&p->machine);
	gmtime_r(&now, &tm);
	strftime(p->date, sizeof(p->date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(p->git, sizeof(p->git), "%s", rbsim_git());
	snprintf(p->rbsim, sizeof(p->rbsim), "%s", rbsim_release());
	snprintf(p->trigger_syscall, sizeof(p->trigger_syscall), "%s", cal->trigger_syscall);
	p->samples = cal->samples;
	p->version = RBSIM_PROFILE_VERSION;
	p->passes = cal->passes;
	p->spread = cal->spread;
	p->port_write = RBSIM_WRITE_KERNEL; /* cal_drive_open() */
	for (int s = 0; s < RBSIM_NSIDES; s++) {
		for (int k = 0; k < RBSIM_NCOSTS; k++) {
			rbsim_cost_stat_set(&p->stat[s][k], cal->v[s][k], cal->samples);
			*rbsim_cost_at(&p->side[s], k) = p->stat[s][k].median;
		}
	}
	p->nidle = cal->nidle;
	for (unsigned int i = 0; i < cal->nidle; i++) {
		p->idle[i].slept_ns = cal->idle_slept[i];
		for (int s = 0; s < RBSIM_NSIDES; s++)
			rbsim_cost_stat_set(&p->idle[i].stat[s], cal->iv[s][i], cal->in[i]);
	}
	p->halt = cal->halt;
	p->stops = cal->stops;
	return rbsim_profile_spread_figures(p);
}

static void print_table(const struct rbsim_profile *p)
{
	const struct rbsim_machine *m = &p->machine;
	struct rbsim_costs delta;

	rbsim_profile_delta(p, &delta);
	printf("calibrate: Linux %s, %u x %s (virtualization: %s), %u samples per cost and side\n",
	       m->kernel, m->cpus, m->cpu, m->virt, p->samples);
	printf("  %-20s %26s %26s %10s\n", "cost (ns)", "kernel: median [p25-p75]",
	       "port: median [p25-p75]", "charged");
	for (int k = 0; k < RBSIM_NCOSTS; k++) {
		char cell[RBSIM_NSIDES][48];

		for (int s = 0; s < RBSIM_NSIDES; s++) {
			const struct rbsim_cost_stat *st = &p->stat[s][k];

			snprintf(cell[s], sizeof(cell[s]), "%.1f [%.1f-%.1f]", st->median, st->p25,
				 st->p75);
		}
		if (k == RBSIM_COST_WAKEUP || k == RBSIM_COST_WAKEUP_BUSY ||
		    k == RBSIM_COST_NOTIFY_WAKE)
			printf("  %-20s %26s %26s %10s\n", rbsim_cost_descs[k].name, cell[0],
			       cell[1], "-");
		else
			printf("  %-20s %26s %26s %10.1f\n", rbsim_cost_descs[k].name, cell[0],
			       cell[1], rbsim_cost_get(&delta, k));
	}
	for (unsigned int i = 0; i < p->nidle; i++) {
		char cell[RBSIM_NSIDES][48], name[40];

		for (int s = 0; s < RBSIM_NSIDES; s++) {
			const struct rbsim_cost_stat *st = &p->idle[i].stat[s];

			snprintf(cell[s], sizeof(cell[s]), "%.0f [%.0f-%.0f]", st->median, st->p25,
				 st->p75);
		}
		snprintf(name, sizeof(name), "wakeup, %.3g ms idle", p->idle[i].slept_ns / 1e6);
		printf("  %-20s %26s %26s %10s\n", name, cell[0], cell[1], "-");
	}
	if (p->halt.max_ns > 0) {
		printf("  %-20s up to %.3g ms asleep; after a longer sleep, slow wake-ups in a row:",
		       "halt polling", p->halt.max_ns / 1e6);
		for (unsigned int i = 0; i < p->halt.ntrains; i++)
			printf("%s %u after %.3g ms", i ? "," : "", p->halt.train[i].halts,
			       p->halt.train[i].slept_ns / 1e6);
		printf(" (--virtual's haltpoll=)\n");
	} else if (p->nidle) {
		printf("  %-20s none seen (no idle wake-up twice the one before's)\n",
		       "halt polling");
	}
	if (p->stops.period_ns > 0) {
		printf("  %-20s", "host stops");
		for (unsigned int i = 0; i < p->stops.nrounds; i++)
			printf("%s %u in %.3g s", i ? "," : "", p->stops.round[i].stops,
			       p->stops.round[i].spin_ns / 1e9);
		printf(" of two busy CPUs: %.4g ms each, a quota of %.3g CPUs, %.3g ms carried "
		       "(--virtual's hoststop=)\n", p->stops.period_ns / 1e6,
		       p->stops.quota_ns / p->stops.period_ns, p->stops.burst_ns / 1e6);
	} else if (p->stops.nrounds) {
		printf("  %-20s none in %u x %.3g s of two busy CPUs\n", "host stops",
		       p->stops.nrounds, p->stops.round[0].spin_ns / 1e9);
	}
	if (strcmp(p->trigger_syscall, "syscall"))
		printf("  note: no syscall tracepoints here: trigger_syscall was measured through "
		       "the raw_tp, as kernel-ringbuf --trigger syscall falls back to it\n");
	printf("  charged: what --profile adds to the port, kernel - port (0 where the port "
	       "pays more; with blocks across the gaps, notify's, wait's, wait_look's and the "
	       "triggers' of the means of their blocks' medians); notify's up to "
	       "notify_wake's difference before the port wakes its consumer, the rest after; "
	       "wait's up to wait_look's difference before the wait (wait_enter's with --wait "
	       "futex), the rest after; wakeup, "
	       "wakeup_busy and notify_wake are "
	       "measured, not charged (wakeup_busy is --virtual's wake), as are the wake-ups "
	       "after the consumer's CPU idled (the kernel's are --virtual's idle=)\n");
}

/* the calling thread onto the producer's CPU, its affinity in old: 0, or -errno in cal->err */
static int pin_producer(struct cal *cal, cpu_set_t *old)
{
	int ret = pin_self(cal->prod_cpu, old);

	if (ret)
		snprintf(cal->err, sizeof(cal->err), "cannot pin to CPU %d: %s", cal->prod_cpu,
			 strerror(-ret));
	return ret;
}

/* fn(cal) with the calling thread pinned to the producer's CPU, then unpinned */
static int pinned(struct cal *cal, int (*fn)(struct cal *))
{
	cpu_set_t old;
	int ret = pin_producer(cal, &old);

	if (ret)
		return ret;
	ret = fn(cal);
	pthread_setaffinity_np(pthread_self(), sizeof(old), &old);
	return ret;
}

/* one whole measurement of the costs */
static int steps(struct cal *cal)
{
	int (*const step[])(struct cal *) = { cal_records, cal_reserve_fail, cal_triggers,
					      cal_notify_wait, cal_wait_enter, cal_wait_look,
					      cal_batch_gap, cal_pingpong };
	int ret = 0;

	for (size_t i = 0; !ret && i < sizeof(step) / sizeof(step[0]); i++)
		ret = step[i](cal);
	return ret;
}

static int measure(struct cal *cal)
{
	return pinned(cal, steps);
}

/* one pass's samples, copied out of cal->v before the next pass takes their place */
struct pass {
	double *v[RBSIM_NSIDES][RBSIM_NCOSTS];
};

/* keep pass i's samples and the difference of its medians; 0 or -ENOMEM */
static int keep_pass(struct cal *cal, unsigned int i, struct pass *p)
{
	double med[RBSIM_NSIDES];

	for (int k = 0; k < RBSIM_NCOSTS; k++) {
		for (int s = 0; s < RBSIM_NSIDES; s++) {
			struct rbsim_cost_stat st = { 0 };

			/* the statistics hold their own copy of the samples: kept as the pass's */
			if (rbsim_cost_stat_set(&st, cal->v[s][k], cal->samples))
				return -ENOMEM;
			p->v[s][k] = st.samples;
			med[s] = st.median;
		}
		cal->diff[i][k] = med[RBSIM_SIDE_KERNEL] - med[RBSIM_SIDE_PORT];
	}
	return 0;
}

/*
 * until rbsim_now_ns() reads t, busy: the gap's CPU stays busy, as a run's
 * producer's does. On the family 25 EPYC guest the kernel's notification
 * sat in the host's fast state (about 6.0 us, against 8-10) in 57% of
 * blocks taken after a spin and 17% of blocks taken after a sleep of about a
 * second (results/spread-vm-2026-12-07/spin)
 */
static void spin_until(__u64 t)
{
	while (rbsim_now_ns() < t)
		;
}

/*
 * One gap between passes, gap_s seconds from now: the spread's blocks
 * [b0, b1) of nb spaced evenly in it (block j's samples are
 * [j * samples / nb, (j + 1) * samples / nb), as rbsim_block_mean() takes
 * them), on the producer's CPU, spinning between them: 0 or -errno, the
 * reason in cal->err
 */
static int spread_gap(struct cal *cal, unsigned int gap_s, unsigned int b0, unsigned int b1,
		      unsigned int nb)
{
	__u64 t0 = rbsim_now_ns(), span = (__u64)gap_s * 1000000000ULL;
	struct cal_spread sp;
	cpu_set_t old;
	int ret = pin_producer(cal, &old);

	if (ret)
		return ret;
	ret = cal_spread_open(cal, &sp);
	for (unsigned int j = b0; !ret && j < b1; j++) {
		__u64 n = cal->samples;

		spin_until(t0 + span * (2 * (j - b0) + 1) / (2 * (b1 - b0)));
		ret = cal_spread_block(cal, &sp, (unsigned int)(j * n / nb),
				       (unsigned int)((j + 1) * n / nb));
	}
	if (!ret)
		spin_until(t0 + span);
	cal_spread_close(&sp);
	pthread_setaffinity_np(pthread_self(), sizeof(old), &old);
	return ret;
}

/*
 * passes whole measurements, pass_gap seconds apart; each cost's samples in
 * cal->v from the pass whose kernel - port difference is the middle one
 * (both sides from that pass: their samples alternated), but the spread
 * costs' from their blocks across the gaps, one a second (no more blocks
 * than samples): 0 or -errno
 */
static int measure_passes(struct cal *cal, unsigned int passes, unsigned int pass_gap)
{
	struct pass ps[RBSIM_CAL_MAX_PASSES] = { 0 };
	unsigned int nb = (passes - 1) * pass_gap;
	int ret = 0;

	cal->passes = passes;
	if (passes == 1)
		return measure(cal);
	nb = nb < cal->samples ? nb : cal->samples;
	for (unsigned int i = 0; !ret && i < passes; i++) {
		/* gap i's blocks: [b0, b1) of nb, the gaps sharing them evenly */
		unsigned int b0 = i ? (i - 1) * nb / (passes - 1) : 0, b1 = i * nb / (passes - 1);

		if (i && nb) {
			if (!cal->quiet)
				fprintf(stderr, "calibrate: gap %u of %u, %u s: the spread costs "
					"sampled in %u blocks\n", i, passes - 1, pass_gap, b1 - b0);
			ret = spread_gap(cal, pass_gap, b0, b1, nb);
		} else if (i) {
			sleep(pass_gap);
		}
		if (ret)
			break;
		if (!cal->quiet)
			fprintf(stderr, "calibrate: pass %u of %u\n", i + 1, passes);
		ret = measure(cal);
		if (!ret && keep_pass(cal, i, &ps[i])) {
			snprintf(cal->err, sizeof(cal->err), "out of memory");
			ret = -ENOMEM;
		}
	}
	cal->spread = ret ? 0 : nb;
	for (int k = 0; !ret && k < RBSIM_NCOSTS; k++) {
		double d[RBSIM_CAL_MAX_PASSES];

		for (unsigned int i = 0; i < passes; i++)
			d[i] = cal->diff[i][k];
		cal->kept[k] = rbsim_middle_index(d, passes);
		if (nb && spread_cost(k))
			cal->kept[k] = passes; /* none: the spread's */
		for (int s = 0; s < RBSIM_NSIDES; s++)
			memcpy(cal->v[s][k], cal->kept[k] < passes ? ps[cal->kept[k]].v[s][k] :
					     cal->sv[s][k], cal->samples * sizeof(double));
	}
	for (unsigned int i = 0; i < passes; i++) {
		for (int s = 0; s < RBSIM_NSIDES; s++) {
			for (int k = 0; k < RBSIM_NCOSTS; k++)
				free(ps[i].v[s][k]);
		}
	}
	return ret;
}

/*
 * with --passes: each pass's kernel - port on stdout, the kept one marked
 * (for a spread cost its blocks', after the passes'), and one warning line
 * on stderr when one moved between the passes by more than a quarter of the
 * kept one and 50 ns (what the host did meanwhile)
 */
static void print_passes(const struct cal *cal, const struct rbsim_profile *p)
{
	char warn[512] = "";
	size_t len = 0;

	if (cal->passes < 2)
		return;
	if (cal->spread)
		printf("  passes: kernel - port per pass, ns (* the middle one, kept; notify, "
		       "wait, wait_look and the triggers: %u blocks across the gaps, kept)\n",
		       cal->spread);
	else
		printf("  passes: kernel - port per pass, ns (* the middle one, kept)\n");
	for (int k = 0; k < RBSIM_NCOSTS; k++) {
		double lo = cal->diff[0][k], hi = lo, kept;

		if (cal->kept[k] < cal->passes)
			kept = cal->diff[cal->kept[k]][k];
		else
			kept = rbsim_cost_get(&p->side[RBSIM_SIDE_KERNEL], k) -
			       rbsim_cost_get(&p->side[RBSIM_SIDE_PORT], k);
		printf("  %-20s", rbsim_cost_descs[k].name);
		for (unsigned int i = 0; i < cal->passes; i++) {
			double d = cal->diff[i][k];

			lo = d < lo ? d : lo;
			hi = d > hi ? d : hi;
			printf(" %10.1f%s", d, i == cal->kept[k] ? "*" : " ");
		}
		if (cal->kept[k] >= cal->passes)
			printf(" %10.1f* across the gaps", kept);
		printf("\n");
		if (hi - lo >= 50 && hi - lo > 0.25 * fabs(kept) && len < sizeof(warn) - 64)
			len += (size_t)snprintf(warn + len, sizeof(warn) - len, "%s%s %.0f to %.0f",
						len ? ", " : "", rbsim_cost_descs[k].name, lo, hi);
	}
	if (len)
		fprintf(stderr, "rbsim " CMD ": warning: the host's costs moved between the passes "
			"(kernel - port, ns: %s): each cost keeps its middle pass%s\n", warn,
			cal->spread ? ", or its blocks across the gaps" : "");
}

static int calibrate_main(int argc, char **argv)
{
	struct rbsim_calibrate_opts o;
	static struct cal cal;
	struct rbsim_profile prof;
	char err[512];
	int ret;

	/* the options are sim/calibrate_opts.c's, as a build without bpf/ parses them */
	ret = rbsim_calibrate_parse(argc, argv, &o);
	if (ret >= 0)
		return ret;
	ret = kcheck(CMD, KCHECK_BPF | KCHECK_BTF);
	if (ret)
		return ret;

	memset(&cal, 0, sizeof(cal));
	cal.samples = (unsigned int)o.samples;
	cal.quiet = o.quiet;
	snprintf(cal.trigger_syscall, sizeof(cal.trigger_syscall), "syscall");
	pick_cpus(&cal);
	for (int s = 0; s < RBSIM_NSIDES; s++) {
		for (int k = 0; k < RBSIM_NCOSTS; k++) {
			cal.v[s][k] = calloc(cal.samples, sizeof(double));
			if (spread_cost(k))
				cal.sv[s][k] = calloc(cal.samples, sizeof(double));
			if (!cal.v[s][k] || (spread_cost(k) && !cal.sv[s][k])) {
				fprintf(stderr, "rbsim " CMD ": out of memory\n");
				return RBSIM_EXIT_FAIL;
			}
		}
	}
	if (!cal.quiet)
		fprintf(stderr, "calibrate: %u samples of each cost, kernel and port alternating; "
			"producer on CPU %d, consumer on CPU %d\n", cal.samples, cal.prod_cpu,
			cal.cons_cpu);
	cal.idle_ms = (unsigned int)o.idle_ms;
	ret = measure_passes(&cal, (unsigned int)o.passes, (unsigned int)o.pass_gap);
	/* the idle wake-ups, once after the passes, pinned as they are */
	if (!ret)
		ret = pinned(&cal, cal_idle_wakeups);
	if (!ret)
		ret = pinned(&cal, cal_halt_trains);
	/* last, on the two CPUs the costs were measured on */
	if (!ret && o.host_stops)
		ret = cal_host_stops(&cal, (unsigned int)o.host_stops, 2);
	if (ret) {
		fprintf(stderr, "rbsim " CMD ": %s\n", cal.err[0] ? cal.err : strerror(-ret));
		return RBSIM_EXIT_FAIL;
	}
	if (fill_profile(&cal, &prof)) {
		fprintf(stderr, "rbsim " CMD ": out of memory\n");
		rbsim_profile_free(&prof);
		return RBSIM_EXIT_FAIL;
	}
	if (!cal.quiet)
		fprintf(stderr, "calibrate: the kernel's preemption model: %s (%s)\n",
			rbsim_preempt_names[prof.machine.preempt], prof.machine.preempt_from);
	if (prof.machine.preempt == RBSIM_PREEMPT_UNKNOWN)
		fprintf(stderr, "rbsim " CMD ": warning: nothing says this kernel's preemption model "
			"(debugfs's sched/preempt, preempt= on the command line, the boot log's "
			"\"Dynamic Preempt\" line, its config): runs of this profile leave their "
			"batches preemptible\n");
	print_table(&prof);
	print_passes(&cal, &prof);
	ret = RBSIM_EXIT_OK;
	if (o.output) {
		if (rbsim_profile_write(o.output, &prof, err, sizeof(err))) {
			fprintf(stderr, "rbsim " CMD ": %s\n", err);
			ret = RBSIM_EXIT_FAIL;
		} else if (!cal.quiet) {
			fprintf(stderr, "calibrate: profile written to %s\n", o.output);
		}
	}
	rbsim_profile_free(&prof);
	for (int s = 0; s < RBSIM_NSIDES; s++) {
		for (int k = 0; k < RBSIM_NCOSTS; k++) {
			free(cal.v[s][k]);
			free(cal.sv[s][k]);
		}
		for (unsigned int i = 0; i < cal.nidle; i++)
			free(cal.iv[s][i]);
	}
	return ret;
}

RBSIM_COMMAND(calibrate, CMD, RBSIM_CALIBRATE_SUMMARY, calibrate_main)
