/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the arithmetic of `rbsim model --against-real` and `--crossover`
 * (sim/README.md "rbsim model"): pure functions of figures already
 * computed or measured, so that tests check them exactly.
 */
#ifndef RBSIM_MODEL_COMPARE_H
#define RBSIM_MODEL_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

/* issue 14: the model's 1- and 2-producer figures within 30% of real-thread runs */
#define RBSIM_MODEL_REAL_TOL 0.30

struct rbsim_model_vs_real {
	double ratio;              /* model / real; 0 when real is not > 0 */
	bool within;               /* |ratio - 1| <= RBSIM_MODEL_REAL_TOL */
};
void rbsim_model_vs_real(double model_mps, double real_mps, struct rbsim_model_vs_real *v);

/* the largest ring of a real run without a consumer (max_entries' largest power of 2) */
#define RBSIM_REAL_BARE_RING (2ULL << 30)
/* and the smallest */
#define RBSIM_REAL_BARE_MIN_RING (64ULL << 20)
/* the bytes an 8-byte sample takes in it, its header with it */
#define RBSIM_REAL_BARE_RECORD 16
/* how much faster than predicted a ring may fill: the model read 0.67 of real */
#define RBSIM_REAL_FIT_MARGIN 2.0
/*
 * The measured seconds of a real run without a consumer that its rings hold:
 * want, or fewer when its busiest ring, taking busiest / producers of mps (M
 * records/s, as predicted), RBSIM_REAL_FIT_MARGIN times faster, would fill
 * sooner; never below 1 (rbsim_real_point() says so when that ring fills)
 */
unsigned int rbsim_real_fit(unsigned int want, double mps, unsigned int producers,
			    unsigned int busiest);
/*
 * The bytes of each ring of that run, s seconds long: the smallest power of 2
 * from RBSIM_REAL_BARE_MIN_RING up that holds s seconds of its busiest ring's
 * records RBSIM_REAL_FIT_MARGIN times faster than predicted, at most
 * RBSIM_REAL_BARE_RING (the largest too without a prediction). Every byte of
 * a ring is written when it is made (the kernel's pages are allocated with
 * the map): 2 GiB took 3.5 to 9.5 s of it on a 2-vCPU EPYC VM of family 25 (Zen 3), 2026-12-06
 */
unsigned long long rbsim_real_ring(unsigned int s, double mps, unsigned int producers,
				   unsigned int busiest);
/* a ring's bytes as --ring-size takes them: "512M", "2G" */
void rbsim_real_ring_arg(unsigned long long bytes, char *buf, size_t len);

/* the producer counts --crossover reports the ratio at (when in --producers) */
#define RBSIM_CROSSOVER_AT { 8, 16, 52 }
#define RBSIM_CROSSOVER_NAT 3

/* where a variant beats the kernel's reservation, over the same producer counts */
struct rbsim_crossover {
	unsigned int first;        /* the smallest count where it beats it, 0: never */
	char beats[128];           /* every count where it does, as ranges: "3-4,9", or "never" */
	double ratio_at[RBSIM_CROSSOVER_NAT]; /* variant / kernel at 8, 16, 52; < 0: not given */
};
/* a variant beats the kernel where its throughput is more than 0.1% above it */
#define RBSIM_CROSSOVER_MARGIN 1.001
void rbsim_model_crossover(const unsigned int *p, const double *kernel_mps,
			   const double *variant_mps, unsigned int n, struct rbsim_crossover *x);

/*
 * a run a host stop hit: by its own counts (a record that waited
 * RBSIM_HOST_STOP_NS, sim/verify.h, or more beyond the workload's stalls; a
 * paced producer that looked at the clock that late), else by its longest
 * latency (false where none was timed)
 */
struct rbsim_result;
/* did a host stop hit run r? */
bool rbsim_real_stopped(const struct rbsim_result *r);

#endif /* RBSIM_MODEL_COMPARE_H */
