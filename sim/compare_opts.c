// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim compare: its options, --help and parser (see sim/kernel_cmds.h).
 * compare takes its own options and every `rbsim run` option; one parse
 * over compare's table, run's and every transport's (as rbsim run parses
 * its own and its transports') records what was given, and each side's
 * `rbsim run` arguments are written from that: run's options to both sides,
 * a transport's own options only to the side whose transport has them. The
 * command is bpf/compare.c.
 */
#include <string.h>

#include "sim/rbsim.h"
#include "sim/kernel_cmds.h"

#define DST(field) RBSIM_OPT_DST(struct rbsim_compare_opts, field)
static const struct rbsim_opt compare_opts[] = {
	{ .kind = RBSIM_OPT_UINT, .name = "rounds", .metavar = "N", .min = 1,
	  .max = RBSIM_CMP_MAX_ROUNDS, .def = "3",
	  .help = "rounds, each runs both sides, the order alternating",
	  DST(rounds) },
	{ .kind = RBSIM_OPT_STRING, .name = "port", .metavar = "NAME", .def = "ringbuf",
	  .help = "the port's transport", DST(side[RBSIM_CMP_PORT]) },
	{ .kind = RBSIM_OPT_STRING, .name = "kernel", .metavar = "NAME", .def = "kernel-ringbuf",
	  .help = "the kernel's transport", DST(side[RBSIM_CMP_KERNEL]) },
	RBSIM_OPT_HELP_ENTRY,
	{ 0 }
};
#undef DST

static void compare_usage(FILE *f)
{
	fprintf(f, "usage: rbsim compare [options] [run options]\n\n");
	rbsim_help_wrap(f, 0, 0, "Run one workload on the port and on the running kernel, "
			"alternately, and print both side by side with the ratio port/kernel "
			"of each figure (mean over rounds, ± the standard deviation between "
			"rounds).");
	fprintf(f, "\n");
	rbsim_opt_usage(f, compare_opts);
	fprintf(f, "\n");
	rbsim_help_wrap(f, 0, 0, "Run options (rbsim run --help) go to both sides; the options "
			"of one transport (e.g. --trigger) only to the side whose transport has "
			"them. -o FILE appends every run.");
	rbsim_help_wrap(f, 0, 0, "Needs root or CAP_BPF+CAP_PERFMON; without, exits 77 (1 with "
			"RBSIM_REQUIRE_KERNEL=1). Exit status: 0 ok, 1 a run failed or lost "
			"records, 2 bad input.");
}

/* --port and --kernel: a transport of each side's kind; NULL and the line said if not */
static const struct rbsim_transport_ops *side_transport(const struct rbsim_compare_opts *c,
							  int s)
{
	const struct rbsim_transport_ops *ops = rbsim_transport_find(c->side[s]), *t;
	const char *opt = s == RBSIM_CMP_PORT ? "--port" : "--kernel";
	bool kernel;
	char with[160] = "";

	if (!ops) {
		rbsim_usage_error("compare", "%s %s: no such transport (rbsim run --help lists "
				  "them)", opt, c->side[s]);
		return NULL;
	}
	/* each side of its kind: the port runs in userspace, the kernel side is the kernel's */
	kernel = ops->caps & RBSIM_CAP_KERNEL;
	if (kernel == (s == RBSIM_CMP_KERNEL))
		return ops;
	for (t = rbsim_transport_next(NULL); t; t = rbsim_transport_next(t)) {
		if (!(t->caps & RBSIM_CAP_KERNEL) == (s == RBSIM_CMP_PORT))
			snprintf(with + strlen(with), sizeof(with) - strlen(with), "%s%s",
				 with[0] ? ", " : "", t->name);
	}
	rbsim_usage_error("compare", "%s %s: %s transport (the %s side takes %s)", opt,
			  c->side[s], kernel ? "a kernel" : "not a kernel", opt + 2, with);
	return NULL;
}

/* one argument more for side s: 0, or -1 when there are too many */
static int push(struct rbsim_compare_opts *c, int s, char *arg)
{
	if (c->argc[s] >= RBSIM_CMP_MAX_ARGS)
		return -1;
	c->argv[s][c->argc[s]++] = arg;
	c->argv[s][c->argc[s]] = NULL;
	return 0;
}

/* does side s take option name of a transport's table? */
static bool side_takes(const struct rbsim_transport_ops *const ops[RBSIM_CMP_SIDES], int s,
		       const char *name)
{
	bool mine = ops[s]->options && rbsim_opt_find(ops[s]->options, name);
	bool other = ops[!s]->options && rbsim_opt_find(ops[!s]->options, name);

	/* one neither side has goes to both, for rbsim run to refuse */
	return mine || !other;
}

/* was --name already written among side s's first n options? */
static bool written(const struct rbsim_compare_opts *c, int s, unsigned int n, const char *name)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!strcmp(c->names[s][i] + 2, name))
			return true;
	}
	return false;
}

/*
 * side s's `rbsim run` arguments, from what the groups recorded (g[0]
 * run's, then the transports'): 0, or -1 (said)
 */
static int side_args(struct rbsim_compare_opts *c, int s, const struct rbsim_optgroup *g,
		     unsigned int ng, const struct rbsim_transport_ops *const ops[])
{
	unsigned int i, k, n = 0;

	c->argc[s] = 0;
	push(c, s, "run");
	push(c, s, "--transport");
	push(c, s, (char *)c->side[s]);
	for (i = 0; i < ng; i++) {
		for (k = 0; g[i].opts[k].kind != RBSIM_OPT_END; k++) {
			const struct rbsim_opt *opt = &g[i].opts[k];

			if (!(g[i].seen & (1ULL << k)) || (i && !side_takes(ops, s, opt->name)))
				continue;
			/* compare's own (--kernel NAME), though a transport has one so named */
			if (i && rbsim_opt_find(compare_opts, opt->name))
				continue;
			/* an option two transports share was recorded in both tables: once */
			if (written(c, s, n, opt->name))
				continue;
			snprintf(c->names[s][n], sizeof(c->names[s][n]), "--%s", opt->name);
			if (push(c, s, c->names[s][n++]) ||
			    (rbsim_opt_has_arg(opt) && push(c, s, (char *)g[i].arg[k]))) {
				rbsim_usage_error("compare", "too many options");
				return -1;
			}
		}
	}
	return 0;
}

/* each side's run options, parsed as rbsim run parses them: -1 to go on, or 2 (said) */
static int parse_sides(struct rbsim_compare_opts *c)
{
	char err[512];
	int s;

	for (s = 0; s < RBSIM_CMP_SIDES; s++)
		c->o[s].out_fd = -1;
	for (s = 0; s < RBSIM_CMP_SIDES; s++) {
		if (rbsim_run_parse(c->argc[s], c->argv[s], &c->o[s], err, sizeof(err)))
			return rbsim_usage_error("compare", "%s", err);
		if (c->o[s].dump_sizes)
			return rbsim_usage_error("compare", "--dump-sizes: use rbsim run");
		c->o[s].quiet = true;
	}
	return -1;
}

int rbsim_compare_parse(int argc, char **argv, struct rbsim_compare_opts *c)
{
	/* compare's own options, run's, then every transport's (recorded only) */
	static struct rbsim_optgroup g[2 + RBSIM_MAX_TRANSPORTS];
	const struct rbsim_transport_ops *ops[RBSIM_CMP_SIDES], *t;
	struct rbsim_optparse p = { .cmd = "compare", .groups = g, .ngroups = 2 };
	char err[512];
	int ret, s;

	memset(c, 0, sizeof(*c));
	memset(g, 0, sizeof(g));
	g[0] = (struct rbsim_optgroup){ .opts = compare_opts, .base = c };
	g[1].opts = rbsim_run_options();
	for (t = rbsim_transport_next(NULL); t && p.ngroups < 2 + RBSIM_MAX_TRANSPORTS;
	     t = rbsim_transport_next(t)) {
		if (t->options)
			g[p.ngroups++].opts = t->options;
	}
	ret = rbsim_opt_defaults(compare_opts, c, err, sizeof(err));
	ret = ret ?: rbsim_opt_parse(&p, argc, argv, err, sizeof(err));
	if (ret > 0) {
		compare_usage(stdout);
		return RBSIM_EXIT_OK;
	}
	if (ret < 0)
		return rbsim_usage_error("compare", "%s", err);
	if (rbsim_opt_given(&g[1], "transport"))
		return rbsim_usage_error("compare", "--transport: compare runs both sides; choose "
					 "them with --port and --kernel");
	for (s = 0; s < RBSIM_CMP_SIDES; s++) {
		ops[s] = side_transport(c, s);
		if (!ops[s])
			return RBSIM_EXIT_USAGE;
	}
	for (s = 0; s < RBSIM_CMP_SIDES; s++) {
		if (side_args(c, s, g + 1, p.ngroups - 1, ops))
			return RBSIM_EXIT_USAGE;
	}
	ret = parse_sides(c);
	if (ret >= 0)
		rbsim_compare_close(c, false);
	return ret;
}

void rbsim_compare_close(struct rbsim_compare_opts *c, bool wrote)
{
	int s;

	for (s = 0; s < RBSIM_CMP_SIDES; s++)
		rbsim_output_close(&c->o[s], wrote);
}
