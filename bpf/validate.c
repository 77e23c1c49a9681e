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
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>

#include "sim/rbsim.h"
#include "sim/kernel_check.h"
#include "sim/kernel_cmds.h"
#include "bpf/libbpf_log.h"
#include "bpf/validate_internal.h"
#include "bpf/validate_concurrent.h"
#include "bpf/perfbuf_validate.h"

_Static_assert(RBSIM_VALIDATE_RING_MAX == VAL_FILL_MAX,
	       "--ring-size's bound is the largest payload the program fills");

/* ---- the command (its options: sim/validate_opts.c) ---- */

/* every targeted case, each in a session of its own ring size; an exit status */
static int run_targeted(struct session *s, const struct rbsim_validate_opts *o)
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
static int run_random_script(struct session *s, const struct rbsim_validate_opts *o)
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
static int run_scripts(const struct rbsim_validate_opts *o)
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
	if (!o->no_pause) {
		if (pauser_open(&pz, err, sizeof(err)))
			printf("validate: note: %s: no BUSY records across steps\n", err);
		else
			s.pz = &pz;
	}
	if (!o->no_targeted)
		rc = run_targeted(&s, o);
	if (!o->no_random && !rc)
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
	struct rbsim_validate_opts o;
	struct rbsim_pbv_opts pb;
	int rc;

	rc = rbsim_validate_parse(argc, argv, &o, &pb);
	if (rc >= 0)
		return rc;
	if (o.perfbuf)
		return perfbuf_validate_run(&pb);
	rc = kcheck(CMD, KCHECK_BPF | KCHECK_BTF);
	if (rc)
		return rc;
	rbsim_libbpf_verbose(o.verbose);
	if (!o.no_random || !o.no_targeted)
		rc = run_scripts(&o);
	if (!rc && !o.no_conc)
		rc = validate_concurrent(CMD, o.producers, o.records, o.inject, o.verbose);
	return rc;
}

RBSIM_COMMAND(validate, "validate", RBSIM_VALIDATE_SUMMARY, validate_main)
