// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim validate and rbsim validate-perfbuf: their options, --help and
 * parsers (see sim/kernel_cmds.h). The commands themselves are
 * bpf/validate.c and bpf/perfbuf_validate.c; an rbsim built without bpf/
 * parses the same way and then says they were not built (sim/nokernel.c).
 */
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "ringbuf/kernel_compat.h"
#include "sim/rbsim.h"
#include "sim/kernel_check.h"
#include "sim/kernel_cmds.h"

/* ---- rbsim validate ---- */

#define DST(field) RBSIM_OPT_DST(struct rbsim_validate_opts, field)
static const struct rbsim_opt validate_opts[] = {
	RBSIM_OPT_SECTION("the random script and the targeted cases"),
	{ .kind = RBSIM_OPT_UINT, .name = "seed", .metavar = "N", .max = ~0ULL, .def = "1",
	  .help = "seed of the random script", DST(seed) },
	{ .kind = RBSIM_OPT_UINT, .name = "steps", .metavar = "N", .min = 1, .max = 100000000,
	  .def = "20000", .help = "steps of the random script, compared one by one; each script "
	  "(the random one, every targeted case) numbers its steps from 1", DST(steps) },
	{ .kind = RBSIM_OPT_UINT, .name = "ring-size", .metavar = "BYTES", .min = PAGE_SIZE,
	  .max = RBSIM_VALIDATE_RING_MAX, .flags = RBSIM_OPTF_POW2, .def = "16K",
	  .help = "ring of the random script", DST(ring) },
	{ .kind = RBSIM_OPT_FLAG, .name = "no-random", .help = "skip the random script",
	  DST(no_random) },
	{ .kind = RBSIM_OPT_FLAG, .name = "no-targeted", .help = "skip the targeted cases",
	  DST(no_targeted) },
	{ .kind = RBSIM_OPT_FLAG, .name = "no-pause",
	  .help = "no userfaultfd pauses (no BUSY records across steps)", DST(no_pause) },
	RBSIM_OPT_SECTION("the concurrent check"),
	{ .kind = RBSIM_OPT_FLAG, .name = "no-concurrent", .help = "skip the concurrent check",
	  DST(no_conc) },
	{ .kind = RBSIM_OPT_FLAG, .name = "concurrent", .help = "only the concurrent check",
	  DST(only_conc) },
	{ .kind = RBSIM_OPT_UINT, .name = "producers", .short_name = 'p', .metavar = "N",
	  .min = 1, .max = RBSIM_VALIDATE_MAX_PRODUCERS, .def_help = "online CPUs, at least 2",
	  .help = "producer threads", DST(producers) },
	{ .kind = RBSIM_OPT_UINT, .name = "records", .metavar = "N", .min = 1, .max = 1000000000,
	  .def = "200000", .help = "records per producer", DST(records) },
	RBSIM_OPT_SECTION("both"),
	{ .kind = RBSIM_OPT_UINT, .name = "inject-fault", .metavar = "N", .min = 1, .max = ~0ULL,
	  .def_help = "none", .help = "prove a difference is caught: flip a data byte of the "
	  "port at step N of the random script (concurrent check: hide its N-th record)",
	  DST(inject) },
	{ .kind = RBSIM_OPT_FLAG, .name = "verbose", .short_name = 'v',
	  .help = "print every step, and libbpf's messages", DST(verbose) },
	{ .kind = RBSIM_OPT_FLAG, .name = "perfbuf",
	  .help = "validate the perf buffer port instead: the other options are then "
	  "validate-perfbuf's (see rbsim validate-perfbuf --help)", DST(perfbuf) },
	RBSIM_OPT_HELP_ENTRY,
	{ 0 }
};
#undef DST

static void validate_usage(FILE *f)
{
	fprintf(f, "usage: rbsim validate [options]\n\n");
	rbsim_help_wrap(f, 0, 0, "Run the same op scripts on the port and on the kernel's "
			"BPF_MAP_TYPE_RINGBUF and compare results, positions and data bytes "
			"after every step: a random script, targeted cases, and a concurrent "
			"check. Numbers take K/M/G (x1024).");
	rbsim_opt_usage(f, validate_opts);
	fprintf(f, "\n");
	rbsim_help_wrap(f, 0, 0, "Exit status: 0 identical, 1 a difference (printed side by "
			"side) or a failure, 2 bad input, 77 skipped: no BPF privileges or BTF "
			"(1 with RBSIM_REQUIRE_KERNEL=1).");
}

/* --perfbuf: its place in argv, or 0 */
static int perfbuf_arg(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--perfbuf"))
			return i;
	}
	return 0;
}

/* validate --perfbuf: validate-perfbuf's options, the other arguments */
static int validate_perfbuf(int argc, char **argv, int at, struct rbsim_pbv_opts *pb)
{
	char **args = calloc((size_t)argc, sizeof(*args));
	int i, n = 0, rc;

	if (!args) {
		fprintf(stderr, "rbsim validate: out of memory\n");
		return RBSIM_EXIT_FAIL;
	}
	for (i = 0; i < argc; i++) {
		if (i != at)
			args[n++] = argv[i];
	}
	rc = rbsim_pbv_parse("validate --perfbuf", n, args, pb);
	free(args);
	return rc;
}

/* the hidden RBSIM_VALIDATE_INJECT: the test suite's proof that a difference is caught */
static int inject_from_env(struct rbsim_validate_opts *o)
{
	const char *env = getenv("RBSIM_VALIDATE_INJECT");
	char why[128];

	if (!env || !*env)
		return -1;
	if (rbsim_num_parse(env, 1, ~0ULL, &o->inject, why, sizeof(why)))
		return rbsim_usage_error("validate", "RBSIM_VALIDATE_INJECT=%s: %s", env, why);
	return -1;
}

int rbsim_validate_parse(int argc, char **argv, struct rbsim_validate_opts *o,
			 struct rbsim_pbv_opts *pb)
{
	struct rbsim_optgroup g = { .opts = validate_opts, .base = o };
	struct rbsim_optparse p = { .cmd = "validate", .groups = &g, .ngroups = 1 };
	int at = perfbuf_arg(argc, argv), ret;
	char err[512];

	memset(o, 0, sizeof(*o));
	if (at) {
		o->perfbuf = true;
		return validate_perfbuf(argc, argv, at, pb);
	}
	ret = rbsim_opt_defaults(validate_opts, o, err, sizeof(err));
	ret = ret ?: rbsim_opt_parse(&p, argc, argv, err, sizeof(err));
	if (ret > 0) {
		validate_usage(stdout);
		return RBSIM_EXIT_OK;
	}
	if (ret < 0)
		return rbsim_usage_error("validate", "%s", err);
	if (o->only_conc && o->no_conc)
		return rbsim_usage_error("validate", "--concurrent runs the concurrent check "
					 "alone, --no-concurrent skips it: one or the other");
	if (o->only_conc)
		o->no_random = o->no_targeted = true;
	if (o->no_random && o->no_targeted && o->no_conc)
		return rbsim_usage_error("validate", "nothing to check: the random script, the "
					 "targeted cases and the concurrent check are all "
					 "turned off");
	return inject_from_env(o);
}

/* ---- rbsim validate-perfbuf ---- */

/* --cpu N: a CPU this process may run on */
static int cpu_parse(const struct rbsim_opt *opt, const char *arg, void *base, char *why,
		     size_t len)
{
	struct rbsim_pbv_opts *o = base;
	cpu_set_t set;

	(void)opt;
	if (rbsim_num_parse(arg, 0, CPU_SETSIZE - 1, &o->cpu, why, len))
		return -1;
	if (sched_getaffinity(0, sizeof(set), &set) || !CPU_ISSET(o->cpu, &set)) {
		snprintf(why, len, "not a CPU this process may run on");
		return -1;
	}
	return 0;
}

/* the first CPU this process may run on */
static __u64 first_cpu(void)
{
	cpu_set_t set;
	int i;

	if (sched_getaffinity(0, sizeof(set), &set))
		return 0;
	for (i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &set))
			return (__u64)i;
	return 0;
}

#define DST(field) RBSIM_OPT_DST(struct rbsim_pbv_opts, field)
static const struct rbsim_opt pbv_opts[] = {
	{ .kind = RBSIM_OPT_UINT, .name = "steps", .metavar = "N", .min = 1, .max = 100000000,
	  .def = "3000", .help = "steps to run", DST(steps) },
	{ .kind = RBSIM_OPT_UINT, .name = "seed", .metavar = "N", .max = ~0ULL, .def = "1",
	  .help = "seed of the step script", DST(seed) },
	{ .kind = RBSIM_OPT_UINT, .name = "perf-pages", .metavar = "N", .min = 1,
	  .max = RBSIM_PBV_MAX_PAGES, .flags = RBSIM_OPTF_POW2, .def = "1",
	  .help = "data pages of each ring", DST(pages) },
	RBSIM_OPT_RENAMED_ENTRY("pages", "perf-pages"),
	{ .kind = RBSIM_OPT_CUSTOM, .name = "cpu", .metavar = "N", .parse = cpu_parse,
	  .def_help = "the first this process may run on", .flags = RBSIM_OPTF_NOREPORT,
	  .help = "CPU whose perf event is used" },
	{ .kind = RBSIM_OPT_FLAG, .name = "verbose", .short_name = 'v',
	  .help = "a line per step, and libbpf's messages", DST(verbose) },
	RBSIM_OPT_HELP_ENTRY,
	{ 0 }
};
#undef DST

static void pbv_usage(FILE *f, const char *cmd)
{
	fprintf(f, "usage: rbsim %s [options]\n\n", cmd);
	rbsim_help_wrap(f, 0, 0, "Run the same bpf_perf_event_output() calls on the running "
			"kernel (one CPU, BPF_PROG_TEST_RUN) and on the perf buffer port, "
			"consume the same records on both, and compare return values, "
			"data_head, data_tail, lost samples and every byte of the ring after "
			"each step.");
	fprintf(f, "\n");
	rbsim_opt_usage(f, pbv_opts);
	fprintf(f, "\n");
	rbsim_help_wrap(f, 0, 0, "Exit status: 0 identical, 1 a difference (printed), 2 bad "
			"input, 77 kernel side unavailable (1 with RBSIM_REQUIRE_KERNEL=1).");
}

int rbsim_pbv_parse(const char *cmd, int argc, char **argv, struct rbsim_pbv_opts *o)
{
	struct rbsim_optgroup g = { .opts = pbv_opts, .base = o };
	struct rbsim_optparse p = { .cmd = cmd, .groups = &g, .ngroups = 1 };
	char err[512];
	int ret;

	memset(o, 0, sizeof(*o));
	o->cpu = first_cpu();
	ret = rbsim_opt_defaults(pbv_opts, o, err, sizeof(err));
	ret = ret ?: rbsim_opt_parse(&p, argc, argv, err, sizeof(err));
	if (ret > 0) {
		pbv_usage(stdout, cmd);
		return RBSIM_EXIT_OK;
	}
	if (ret < 0)
		return rbsim_usage_error(cmd, "%s", err);
	return -1;
}
