// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim validate: differential testing of the port (ringbuf/) against the
 * running kernel's BPF_MAP_TYPE_RINGBUF.
 *
 * A script of steps runs on both sides in lockstep:
 *  - producer steps: a batch of ops (validate.h) executed inside the kernel by
 *    validate.bpf.c through BPF_PROG_TEST_RUN, and by port_exec() on the port;
 *  - consumer steps, done from user space on each side's mmap()ed ring: consume
 *    k records the way libbpf's ringbuf_process_ring() does, or write an
 *    arbitrary consumer_pos as a hostile consumer may.
 * A batch may pause in the middle (VOP_PAUSE: the program blocks in a
 * userfaultfd page fault) so that consumer steps run while its reservations
 * are still BUSY. After every step (each part of a paused batch is a step)
 * the two sides must agree on every op result, consumer_pos, producer_pos,
 * pending_pos and all the data bytes; the first difference is reported side
 * by side and ends the run with status 1.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>

#include "sim/rbsim.h"
#include "sim/kernel_check.h"
#include "bpf/libbpf_log.h"
#include "bpf/validate_internal.h"
#include "bpf/validate_concurrent.h"
#include "bpf/perfbuf_validate.h"

#define DEF_STEPS	20000
#define DEF_RING	(16 * 1024)
#define DEF_SEED	1

/* ---- the command ---- */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: rbsim validate [options]\n"
		"Run the same op scripts on the port and on the kernel's BPF_MAP_TYPE_RINGBUF\n"
		"and compare results, positions and data bytes after every step.\n\n"
		"  --seed N          seed of the random script (default %d)\n"
		"  --steps N         steps of the random script, compared one by one (default %d);\n"
		"                    each script (random, every targeted case) numbers its steps from 1\n"
		"  --ring-size N     ring of the random script, bytes (power of 2, %lu..%d;\n"
		"                    default %d)\n"
		"  --no-random       skip the random script\n"
		"  --no-targeted     skip the targeted cases\n"
		"  --no-concurrent   skip the concurrent check\n"
		"  --concurrent      only the concurrent check\n"
		"  --producers N     concurrent check: producer threads (default: online CPUs, >= 2)\n"
		"  --records N       concurrent check: records per producer (default %d)\n"
		"  --no-pause        no userfaultfd pauses (no BUSY records across steps)\n"
		"  --inject-fault N  prove a difference is caught: flip a port data byte at step N\n"
		"                    of the random script (concurrent check: hide its N-th record)\n"
		"  --perfbuf         validate the perf buffer port instead (rbsim validate-perfbuf)\n"
		"  --verbose         print every step\n"
		"exit status: 0 identical, 1 a difference or failure, 2 bad options,\n"
		"%d skipped (no BPF privileges or BTF; a failure with RBSIM_REQUIRE_KERNEL=1)\n",
		DEF_SEED, DEF_STEPS, PAGE_SIZE, VAL_FILL_MAX, DEF_RING, CONC_DEF_RECORDS,
		RBSIM_EXIT_SKIP);
}

static bool parse_ulong(const char *s, unsigned long long *out)
{
	char *end;

	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	*out = strtoull(s, &end, 0);
	return !errno && !*end;
}

enum { OPT_NO_RANDOM = 256, OPT_NO_TARGETED, OPT_NO_CONC, OPT_CONC, OPT_PRODUCERS,
       OPT_RECORDS, OPT_NO_PAUSE, OPT_INJECT };

struct vopts {
	unsigned long long seed, steps, ring;
	unsigned long long producers, records, inject;	/* the concurrent check */
	bool do_random, do_targeted, do_conc, pauses, verbose;
};

/* --perfbuf: the perf buffer's validation (perfbuf_validate.c) takes the rest; -1 without */
static int perfbuf_redirect(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--perfbuf")) {
			char *args[64];
			int n = 0;

			if (argc >= 64) {
				fprintf(stderr, CMD ": too many arguments\n");
				return RBSIM_EXIT_USAGE;
			}
			for (int j = 0; j < argc; j++) {
				if (j != i)
					args[n++] = argv[j];
			}
			args[n] = NULL;
			return perfbuf_validate_main(n, args);
		}
	}
	return -1;
}

/* one counted option's value; false (and the line) when it is bad */
static bool opt_count(const char *arg, unsigned long long *v, unsigned long long min,
		      unsigned long long max, const char *what)
{
	if (parse_ulong(arg, v) && *v >= min && *v <= max)
		return true;
	fprintf(stderr, CMD ": %s, not '%s'\n", what, arg);
	return false;
}

/* one option of getopt_long(): 0, or the exit status (help, bad input) */
static int parse_opt(int c, char **argv, struct vopts *o)
{
	bool ok = true;

	switch (c) {
	case 's':
		ok = opt_count(optarg, &o->seed, 0, ~0ULL, "--seed wants a number");
		break;
	case 'n':
		/* 0 would compare nothing: --no-random says that */
		ok = opt_count(optarg, &o->steps, 1, 100000000ULL,
			       "--steps wants a count from 1 to 1e8");
		break;
	case 'r':
		if (!parse_ulong(optarg, &o->ring) || o->ring < PAGE_SIZE ||
		    o->ring > VAL_FILL_MAX || !is_power_of_2(o->ring)) {
			fprintf(stderr, CMD ": --ring-size wants a power of 2 from %lu to %d, not '%s'\n",
				PAGE_SIZE, VAL_FILL_MAX, optarg);
			ok = false;
		}
		break;
	case OPT_NO_RANDOM:
		o->do_random = false;
		break;
	case OPT_NO_TARGETED:
		o->do_targeted = false;
		break;
	case OPT_NO_CONC:
		o->do_conc = false;
		break;
	case OPT_CONC:
		o->do_random = o->do_targeted = false;
		o->do_conc = true;
		break;
	case OPT_PRODUCERS:
		if (!parse_ulong(optarg, &o->producers) || !o->producers ||
		    o->producers > CONC_MAX_PRODUCERS) {
			fprintf(stderr, CMD ": --producers wants 1..%d, not '%s'\n",
				CONC_MAX_PRODUCERS, optarg);
			ok = false;
		}
		break;
	case OPT_RECORDS:
		ok = opt_count(optarg, &o->records, 1, 1000000000ULL, "--records wants 1..1e9");
		break;
	case OPT_NO_PAUSE:
		o->pauses = false;
		break;
	case OPT_INJECT:
		ok = opt_count(optarg, &o->inject, 1, ~0ULL,
			       "--inject-fault wants a step number >= 1");
		break;
	case 'v':
		o->verbose = true;
		break;
	case 'h':
		usage(stdout);
		return RBSIM_EXIT_OK;
	default:
		if (c == ':')
			fprintf(stderr, CMD ": option '%s' needs a value\n", argv[optind - 1]);
		else
			fprintf(stderr, CMD ": bad option '%s' (see rbsim validate --help)\n",
				argv[optind - 1]);
		ok = false;
	}
	return ok ? 0 : RBSIM_EXIT_USAGE;
}

/* the options: -1 to go on, or the exit status (help, bad input) */
static int validate_parse(int argc, char **argv, struct vopts *o)
{
	static const struct option lopts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "steps", required_argument, NULL, 'n' },
		{ "ring-size", required_argument, NULL, 'r' },
		{ "no-random", no_argument, NULL, OPT_NO_RANDOM },
		{ "no-targeted", no_argument, NULL, OPT_NO_TARGETED },
		{ "no-concurrent", no_argument, NULL, OPT_NO_CONC },
		{ "concurrent", no_argument, NULL, OPT_CONC },
		{ "producers", required_argument, NULL, OPT_PRODUCERS },
		{ "records", required_argument, NULL, OPT_RECORDS },
		{ "no-pause", no_argument, NULL, OPT_NO_PAUSE },
		{ "inject-fault", required_argument, NULL, OPT_INJECT },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long v;
	const char *env;
	int c, rc;

	optind = 1;
	opterr = 0;	/* one line of our own instead of getopt's */
	while ((c = getopt_long(argc, argv, ":hv", lopts, NULL)) != -1) {
		rc = parse_opt(c, argv, o);
		if (rc != 0 || c == 'h')
			return rc;
	}
	if (optind < argc) {
		fprintf(stderr, CMD ": unexpected argument '%s'\n", argv[optind]);
		return RBSIM_EXIT_USAGE;
	}
	if (!o->do_random && !o->do_targeted && !o->do_conc) {
		fprintf(stderr, CMD ": nothing to check: the random script, the targeted cases and "
			"the concurrent check are all turned off\n");
		return RBSIM_EXIT_USAGE;
	}
	/* hidden: the test suite's proof that a difference is caught */
	env = getenv("RBSIM_VALIDATE_INJECT");
	if (env && *env) {
		if (!parse_ulong(env, &v) || !v) {
			fprintf(stderr, CMD ": RBSIM_VALIDATE_INJECT wants a step number, not '%s'\n",
				env);
			return RBSIM_EXIT_USAGE;
		}
		o->inject = v;
	}
	return -1;
}

/* every targeted case, each in a session of its own ring size; an exit status */
static int run_targeted(struct session *s, const struct vopts *o)
{
	unsigned long before = s->st->steps;
	char err[256];
	int rc = RBSIM_EXIT_OK;

	for (size_t i = 0; i < nr_tcases && !rc; i++) {
		const struct tcase *tc = &tcases[i];

		s->label = tc->name;
		if (session_open(s, tc->ring, err, sizeof(err))) {
			printf("validate: FAIL: %s\n", err);
			return RBSIM_EXIT_FAIL;
		}
		if (!run_case(s, tc))
			rc = RBSIM_EXIT_FAIL;
		else if (o->verbose)
			printf("validate: case %s: ok\n", tc->name);
		session_close(s);
	}
	if (!rc)
		printf("validate: targeted: %zu cases, %lu/%lu steps identical\n", nr_tcases,
		       s->st->steps - before, s->st->steps - before);
	return rc;
}

/* the random script, --steps compared steps on a --ring-size ring; an exit status */
static int run_random_script(struct session *s, const struct vopts *o)
{
	char err[256];
	int rc = RBSIM_EXIT_OK;

	s->label = "random";
	/* the fault goes into the random script, at its step number */
	s->inject_step = o->inject;
	if (session_open(s, o->ring, err, sizeof(err))) {
		printf("validate: FAIL: %s\n", err);
		return RBSIM_EXIT_FAIL;
	}
	if (!run_random(s, o->steps))
		rc = RBSIM_EXIT_FAIL;
	else
		printf("validate: random: seed %llu, ring %llu: %lu/%lu steps identical\n",
		       o->seed, o->ring, s->steps, s->steps);
	session_close(s);
	return rc;
}

/* the scripts (targeted cases, then the random one) and their coverage line */
static int run_scripts(const struct vopts *o)
{
	struct pauser pz = { .uffd = -1 };
	struct stats st = { 0 };
	struct session s;
	char err[256];
	int rc = RBSIM_EXIT_OK;

	for (size_t i = 0; i < VAL_PAT_SIZE; i++)
		port_pat[i] = val_pat_byte(i);
	memset(&s, 0, sizeof(s));
	s.st = &st;
	s.verbose = o->verbose;
	s.seed = o->seed;
	if (o->pauses) {
		if (pauser_open(&pz, err, sizeof(err)))
			printf("validate: note: %s: no BUSY records across steps\n", err);
		else
			s.pz = &pz;
	}
	if (o->do_targeted)
		rc = run_targeted(&s, o);
	if (o->do_random && !rc)
		rc = run_random_script(&s, o);
	pauser_close(&pz);
	if (!rc) {
		printf("validate: coverage: runs=%lu ops=%lu reserved=%lu wrapped=%lu "
		       "refused_too_big=%lu refused_no_space=%lu pauses=%lu consumed=%lu "
		       "busy_stops=%lu hostile=%lu verdicts=%lu\n",
		       st.runs, st.ops, st.reserved, st.wrapped, st.too_big, st.no_space, st.pauses,
		       st.consumed, st.busy_stops, st.hostile, st.verdicts);
		printf("validate: %lu/%lu steps identical\n", st.steps, st.steps);
	}
	return rc;
}

static int validate_main(int argc, char **argv)
{
	struct vopts o = {
		.seed = DEF_SEED, .steps = DEF_STEPS, .ring = DEF_RING,
		.records = CONC_DEF_RECORDS,
		.do_random = true, .do_targeted = true, .do_conc = true, .pauses = true,
	};
	int rc;

	rc = perfbuf_redirect(argc, argv);
	if (rc >= 0)
		return rc;
	rc = validate_parse(argc, argv, &o);
	if (rc >= 0)
		return rc;
	rc = kcheck(CMD, KCHECK_BPF | KCHECK_BTF);
	if (rc)
		return rc;
	rbsim_libbpf_verbose(o.verbose);
	if (o.do_random || o.do_targeted)
		rc = run_scripts(&o);
	if (!rc && o.do_conc)
		rc = validate_concurrent(CMD, o.producers, o.records, o.inject, o.verbose);
	return rc;
}

RBSIM_COMMAND(validate, "validate",
	      "compare the port with the kernel's BPF ring buffer, step by step", validate_main)
