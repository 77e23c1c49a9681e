/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the kernel commands as sim/ knows them: their summaries, option
 * tables, --help and parsers (sim/validate_opts.c, sim/compare_opts.c,
 * sim/calibrate_opts.c). bpf/validate.c, bpf/perfbuf_validate.c,
 * bpf/compare.c and bpf/calibrate.c run them; in an
 * rbsim built without bpf/, sim/nokernel.c stands for them with the same
 * parsers, so that --help and bad input are answered alike in both builds
 * and only running one says what is missing (as sim/kernel_transports.h
 * does for the kernel transports).
 *
 * Each parser returns -1 when the command should go on and run, or the exit
 * status to end with: 0 after printing --help, RBSIM_EXIT_USAGE after the
 * one line that names the problem.
 */
#ifndef RBSIM_KERNEL_CMDS_H
#define RBSIM_KERNEL_CMDS_H

#include <stdbool.h>
#include <stdio.h>
#include <linux/types.h>

#include "sim/engine.h"

/* ---- rbsim validate ---- */

#define RBSIM_VALIDATE_SUMMARY "compare the port with the kernel's BPF ring buffer, step by step"

#define RBSIM_VALIDATE_RING_MAX		(256 * 1024)	/* bpf/validate.h's VAL_FILL_MAX */
#define RBSIM_VALIDATE_MAX_PRODUCERS	64
#define RBSIM_VALIDATE_DEF_RECORDS	200000

struct rbsim_validate_opts {
	__u64 seed, steps, ring;
	__u64 producers;	/* the concurrent check's threads; 0: online CPUs, at least 2 */
	__u64 records;		/* ... and records per producer */
	__u64 inject;		/* --inject-fault (or RBSIM_VALIDATE_INJECT), 0: none */
	bool no_random, no_targeted, no_conc, only_conc, no_pause, verbose;
	bool perfbuf;		/* --perfbuf: the rest were validate-perfbuf's options */
};

/* ---- rbsim validate-perfbuf, rbsim validate --perfbuf ---- */

#define RBSIM_PBV_SUMMARY "compare the perf buffer port with the kernel's bpf_perf_event_output " \
			  "(also: validate --perfbuf)"
#define RBSIM_PBV_MAX_PAGES 64

struct rbsim_pbv_opts {
	__u64 steps, seed, pages;
	__u64 cpu;		/* the perf event's CPU: one this process may run on */
	bool verbose;
};

/*
 * `rbsim validate` (argv[0] "validate"); with --perfbuf anywhere, the other
 * arguments are validate-perfbuf's, parsed into *pb, and o->perfbuf is set
 */
int rbsim_validate_parse(int argc, char **argv, struct rbsim_validate_opts *o,
			 struct rbsim_pbv_opts *pb);

/* validate-perfbuf's options; cmd names the command in messages ("validate-perfbuf") */
int rbsim_pbv_parse(const char *cmd, int argc, char **argv, struct rbsim_pbv_opts *o);

/* ---- rbsim compare ---- */

#define RBSIM_COMPARE_SUMMARY "run one workload on the port and the kernel, side by side with " \
			      "ratios"

enum rbsim_cmp_side { RBSIM_CMP_PORT, RBSIM_CMP_KERNEL, RBSIM_CMP_SIDES };

#define RBSIM_CMP_MAX_ROUNDS 100
#define RBSIM_CMP_MAX_ARGS 128	/* of one side's run */

struct rbsim_compare_opts {
	__u64 rounds;
	const char *side[RBSIM_CMP_SIDES];	/* --port, --kernel: transport names */
	/* each side's run, parsed by rbsim_run_parse() from the arguments below */
	struct rbsim_opts o[RBSIM_CMP_SIDES];
	/* each side's `rbsim run` arguments ("--name" texts in names[], values from argv) */
	char *argv[RBSIM_CMP_SIDES][RBSIM_CMP_MAX_ARGS + 1];
	int argc[RBSIM_CMP_SIDES];
	char names[RBSIM_CMP_SIDES][RBSIM_CMP_MAX_ARGS][40];
};

/*
 * compare's own options (--rounds, --port, --kernel) and the run options it
 * hands each side: every run option to both, a transport's own option only
 * to the side whose transport has it. c->o[] keep pointers into argv and
 * into c: both must outlive the runs. A -o FILE is open when it returns -1:
 * rbsim_compare_close() it.
 */
int rbsim_compare_parse(int argc, char **argv, struct rbsim_compare_opts *c);

/* both sides' -o FILE closed; one created for rows that never came is removed */
void rbsim_compare_close(struct rbsim_compare_opts *c, bool wrote);

/* ---- rbsim calibrate ---- */

#define RBSIM_CALIBRATE_SUMMARY "measure what the kernel and the port pay per record, batch, " \
				"notification, wake-up and wait; write a profile for --profile"

struct rbsim_calibrate_opts {
	__u64 samples;		/* of each cost on each side */
	__u64 passes;		/* whole measurements; each cost from its middle one */
	__u64 pass_gap;		/* seconds between two passes */
	__u64 idle_ms;		/* ms of sleep per idle wake-up length and side (0: none) */
	__u64 host_stops;	/* s of two busy CPUs per round of the host's stops (0: none) */
	const char *output;	/* -o FILE (argv's), or NULL */
	bool quiet;
};

/* calibrate's options; -o FILE is refused unless a file can be made beside it */
int rbsim_calibrate_parse(int argc, char **argv, struct rbsim_calibrate_opts *o);

#endif /* RBSIM_KERNEL_CMDS_H */
