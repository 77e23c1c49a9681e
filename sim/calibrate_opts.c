// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim calibrate: its options, --help and parser (see sim/kernel_cmds.h).
 * The command is bpf/calibrate.c; an rbsim built without bpf/ parses the
 * same way and then says it was not built (sim/nokernel.c).
 */
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "sim/rbsim.h"
#include "sim/kernel_cmds.h"
#include "sim/profile.h"

#define DST(field) RBSIM_OPT_DST(struct rbsim_calibrate_opts, field)
static const struct rbsim_opt calibrate_opts[] = {
	{ .kind = RBSIM_OPT_UINT, .name = "samples", .metavar = "N", .min = 5, .max = 100000,
	  .def = "1000", .help = "samples of each cost on each side (the kernel and the port "
				"alternate, sample by sample)", DST(samples) },
	{ .kind = RBSIM_OPT_UINT, .name = "passes", .metavar = "N", .min = 1,
	  .max = RBSIM_PROFILE_MAX_PASSES,
	  .def = "1", .help = "measure everything N times and keep, for each cost, the pass "
			     "whose kernel - port difference is the middle one: a host whose "
			     "costs move for a minute moves one pass, not the profile; with a "
			     "--pass-gap of 1 s or more, notify, wait, wait_look and the "
			     "triggers are also sampled in blocks of the gaps, one a second, the "
			     "CPU busy between them, and are charged the mean of their blocks' "
			     "medians",
	  DST(passes) },
	{ .kind = RBSIM_OPT_UINT, .name = "pass-gap", .metavar = "S", .min = 0, .max = 600,
	  .def = "10", .help = "seconds between two passes", DST(pass_gap) },
	{ .kind = RBSIM_OPT_UINT, .name = "idle-ms", .metavar = "MS", .min = 0, .max = 60000,
	  .def = "500", .help = "time the wake-up of a consumer left asleep 20 us to 50 ms (8 "
			       "lengths), sleeping about MS ms at each on each side (--samples "
			       "at most, 5 at least); 0: not measured (the profile's "
			       "idle_wakeups empty)", DST(idle_ms) },
	{ .kind = RBSIM_OPT_UINT, .name = "host-stops", .metavar = "S", .min = 0, .max = 600,
	  .def = "3", .help = "count the host's stops of two busy CPUs (gaps of 20 ms or more "
			     "in their clock reads): twice, both idle a second then spinning S "
			     "seconds; 0: not measured (the profile's host_stops null)",
	  DST(host_stops) },
	{ .kind = RBSIM_OPT_STRING, .name = "output", .short_name = 'o', .metavar = "FILE",
	  .flags = RBSIM_OPTF_NONEMPTY, .def_help = "none, only the table",
	  .help = "write the profile to FILE (JSON; replaced whole)", DST(output) },
	{ .kind = RBSIM_OPT_FLAG, .name = "quiet", .short_name = 'q',
	  .help = "no progress lines on stderr", DST(quiet) },
	RBSIM_OPT_HELP_ENTRY,
	{ 0 }
};
#undef DST

static void calibrate_usage(FILE *f)
{
	fprintf(f, "usage: rbsim calibrate [--samples N] [--passes N [--pass-gap S]]\n"
		"                       [--idle-ms MS] [--host-stops S] [-o FILE] [-q]\n\n");
	rbsim_help_wrap(f, 0, 0, "Measure what the running kernel's BPF ring buffer and the "
			"port each pay for a record (8, 256, 4096 bytes), a reservation a full "
			"ring refuses, a batch's trigger "
			"(syscall, raw-syscall, test-run), a notification to a sleeping "
			"consumer, its wake-up (the producer idle, and going on producing, and "
			"after the consumer slept 20 us to 50 ms), "
			"and a wait on the map fd (and its part before it re-polls the "
			"ring), and the host's stops of two busy CPUs; print the medians and "
			"quartiles side by side and, with -o, write them with every sample as a "
			"profile for --profile FILE (rbsim run, compare). Progress goes to "
			"stderr.");
	fprintf(f, "\n");
	rbsim_opt_usage(f, calibrate_opts);
	fprintf(f, "\n");
	rbsim_help_wrap(f, 0, 0, "Needs root or CAP_BPF+CAP_PERFMON; without, exits 77 (1 with "
			"RBSIM_REQUIRE_KERNEL=1). Exit status: 0 ok, 1 a measurement failed, "
			"2 bad options.");
}

/* -o FILE: can a file be made beside it? (the profile is written there, then renamed) */
static int check_output(const char *path)
{
	char dir[4096], tmp[4200];
	struct stat st;
	int fd;

	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		return rbsim_usage_error("calibrate", "-o %s: a directory", path);
	snprintf(dir, sizeof(dir), "%s", path);
	snprintf(tmp, sizeof(tmp), "%s/.rbsim-calibrate.XXXXXX", dirname(dir));
	fd = mkstemp(tmp);
	if (fd < 0)
		return rbsim_usage_error("calibrate", "-o %s: cannot write there: %s", path,
					 strerror(errno));
	close(fd);
	unlink(tmp);
	return -1;
}

int rbsim_calibrate_parse(int argc, char **argv, struct rbsim_calibrate_opts *o)
{
	struct rbsim_optgroup g = { .opts = calibrate_opts, .base = o };
	struct rbsim_optparse p = { .cmd = "calibrate", .groups = &g, .ngroups = 1 };
	char err[512];
	int ret;

	memset(o, 0, sizeof(*o));
	ret = rbsim_opt_defaults(calibrate_opts, o, err, sizeof(err));
	ret = ret ?: rbsim_opt_parse(&p, argc, argv, err, sizeof(err));
	if (ret > 0) {
		calibrate_usage(stdout);
		return RBSIM_EXIT_OK;
	}
	if (ret < 0)
		return rbsim_usage_error("calibrate", "%s", err);
	return o->output ? check_output(o->output) : -1;
}
