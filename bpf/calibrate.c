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
#include <libgen.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "sim/kernel_check.h"
#include "sim/options.h"
#include "sim/rbsim.h"
#include "bpf/calibrate_internal.h"

#define CMD "calibrate"

struct cal_opts {
	__u64 samples;
	const char *output;
	bool quiet;
};

#define DST(field) RBSIM_OPT_DST(struct cal_opts, field)
static const struct rbsim_opt cal_options[] = {
	{ .kind = RBSIM_OPT_UINT, .name = "samples", .metavar = "N", .min = 5, .max = 100000,
	  .def = "1000", .help = "samples of each cost on each side (the kernel and the port "
				"alternate, sample by sample)", DST(samples) },
	{ .kind = RBSIM_OPT_STRING, .name = "output", .short_name = 'o', .metavar = "FILE",
	  .flags = RBSIM_OPTF_NONEMPTY, .def_help = "none, only the table",
	  .help = "write the profile to FILE (JSON; replaced whole)", DST(output) },
	{ .kind = RBSIM_OPT_FLAG, .name = "quiet", .short_name = 'q',
	  .help = "no progress lines on stderr", DST(quiet) },
	RBSIM_OPT_HELP_ENTRY,
	{ 0 }
};
#undef DST

static void usage(FILE *f)
{
	fprintf(f,
		"usage: rbsim calibrate [--samples N] [-o FILE] [-q]\n\n"
		"Measure what the running kernel's BPF ring buffer and the port each pay for a\n"
		"record (8, 256, 4096 bytes), a batch's trigger (syscall, raw-syscall,\n"
		"test-run), a notification to a sleeping consumer, its wake-up, and a wait on\n"
		"the map fd; print the medians and quartiles side by side and, with -o, write\n"
		"them with every sample as a profile for --profile FILE (rbsim run, compare).\n"
		"Progress goes to stderr.\n");
	rbsim_opt_usage(f, cal_options);
	fprintf(f, "\nNeeds root or CAP_BPF+CAP_PERFMON; without, exits %d (1 with\n"
		"RBSIM_REQUIRE_KERNEL=1). Exit status: 0 ok, 1 a measurement failed, 2 bad\n"
		"options.\n", RBSIM_EXIT_SKIP);
}

/* -o FILE: can a file be made beside it? (the profile is written there, then renamed) */
static int check_output(const char *path, char *err, size_t errlen)
{
	char dir[4096], tmp[4200];
	struct stat st;
	int fd;

	if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "-o %s: a directory", path);
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	snprintf(tmp, sizeof(tmp), "%s/.rbsim-calibrate.XXXXXX", dirname(dir));
	fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err, errlen, "-o %s: cannot write there: %s", path, strerror(errno));
		return -1;
	}
	close(fd);
	unlink(tmp);
	return 0;
}

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

static void fill_profile(const struct cal *cal, struct rbsim_profile *p)
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
	for (int s = 0; s < RBSIM_NSIDES; s++) {
		for (int k = 0; k < RBSIM_NCOSTS; k++) {
			rbsim_cost_stat_set(&p->stat[s][k], cal->v[s][k], cal->samples);
			*rbsim_cost_at(&p->side[s], k) = p->stat[s][k].median;
		}
	}
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
		printf("  %-20s %26s %26s %10.1f\n", rbsim_cost_descs[k].name, cell[0], cell[1],
		       rbsim_cost_get(&delta, k));
	}
	if (strcmp(p->trigger_syscall, "syscall"))
		printf("  note: no syscall tracepoints here: trigger_syscall was measured through "
		       "the raw_tp, as kernel-ringbuf --trigger syscall falls back to it\n");
	printf("  charged: what --profile adds to the port, kernel - port (0 where the port "
	       "pays more)\n");
}

static int measure(struct cal *cal)
{
	int (*const steps[])(struct cal *) = { cal_records, cal_triggers, cal_notify_wait,
					       cal_pingpong };
	cpu_set_t old;
	int ret = pin_self(cal->prod_cpu, &old);

	if (ret) {
		snprintf(cal->err, sizeof(cal->err), "cannot pin to CPU %d: %s", cal->prod_cpu,
			 strerror(-ret));
		return ret;
	}
	for (size_t i = 0; !ret && i < sizeof(steps) / sizeof(steps[0]); i++)
		ret = steps[i](cal);
	pthread_setaffinity_np(pthread_self(), sizeof(old), &old);
	return ret;
}

static int calibrate_main(int argc, char **argv)
{
	struct cal_opts o = { 0 };
	struct rbsim_optgroup g = { .opts = cal_options, .base = &o };
	struct rbsim_optparse p = { .cmd = CMD, .groups = &g, .ngroups = 1 };
	static struct cal cal;
	struct rbsim_profile prof;
	char err[512];
	int ret;

	ret = rbsim_opt_defaults(cal_options, &o, err, sizeof(err));
	if (!ret)
		ret = rbsim_opt_parse(&p, argc, argv, err, sizeof(err));
	if (ret > 0) {
		usage(stdout);
		return RBSIM_EXIT_OK;
	}
	if (ret || (o.output && check_output(o.output, err, sizeof(err))))
		return rbsim_usage_error(CMD, "%s", err);
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
			if (!cal.v[s][k]) {
				fprintf(stderr, "rbsim " CMD ": out of memory\n");
				return RBSIM_EXIT_FAIL;
			}
		}
	}
	if (!cal.quiet)
		fprintf(stderr, "calibrate: %u samples of each cost, kernel and port alternating; "
			"producer on CPU %d, consumer on CPU %d\n", cal.samples, cal.prod_cpu,
			cal.cons_cpu);
	ret = measure(&cal);
	if (ret) {
		fprintf(stderr, "rbsim " CMD ": %s\n", cal.err[0] ? cal.err : strerror(-ret));
		return RBSIM_EXIT_FAIL;
	}
	fill_profile(&cal, &prof);
	print_table(&prof);
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
		for (int k = 0; k < RBSIM_NCOSTS; k++)
			free(cal.v[s][k]);
	}
	return ret;
}

RBSIM_COMMAND(calibrate, CMD, "measure what the kernel and the port pay per record, "
	      "batch, notification, wake-up and wait; write a profile for --profile",
	      calibrate_main)
