/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the workload generator: record size specs (fixed, uniform range,
 * weighted mix), per-producer PRNG streams derived from --seed, and the
 * batches handed to a transport's produce().
 */
#ifndef RBSIM_WORKLOAD_H
#define RBSIM_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "sim/transport.h"

#define RBSIM_SIZE_SPEC_MAX   (16u << 20) /* largest record size a spec may name */
#define RBSIM_SIZE_MIX_MAX    16

#define RBSIM_SIZE_HIST_MAX   (1u << 20) /* lines of a hist:FILE */

enum rbsim_size_kind { RBSIM_SIZE_FIXED, RBSIM_SIZE_UNIFORM, RBSIM_SIZE_MIX, RBSIM_SIZE_HIST };

struct rbsim_size_spec {
	enum rbsim_size_kind kind;
	__u32 min, max;                      /* fixed: min == max */
	unsigned int nr;                     /* mix entries */
	__u32 mix_size[RBSIM_SIZE_MIX_MAX];
	__u64 mix_cum[RBSIM_SIZE_MIX_MAX];   /* cumulative weights */
	/* hist: nr entries, allocated (rbsim_size_spec_free()) */
	__u32 *hist_size;
	__u64 *hist_cum;
	double mean;
	char text[256];                      /* the spec as given */
};

/*
 * 0, or -1 with a one-line reason in err (no option name: the caller adds
 * it). hist:FILE reads a histogram, one "SIZE COUNT" a line (# comments);
 * its problems name the line. A spec parsed into one that held a hist frees
 * it first.
 */
int rbsim_size_spec_parse(const char *s, struct rbsim_size_spec *spec, char *err, size_t errlen);
/* a spec from a table of (size, weight) pairs, as hist:FILE reads them: 0 or -1 (err) */
int rbsim_size_spec_table(struct rbsim_size_spec *spec, const __u32 *size, const __u64 *weight,
			  unsigned int n, const char *text, char *err, size_t errlen);
void rbsim_size_spec_free(struct rbsim_size_spec *spec);

/*
 * The text files of a workload (hist:FILE, --trace): each line of path with
 * its comment (from #) and surrounding blanks cut, blank ones skipped, to
 * fn(ctx, lineno, line, why, len): 0, or -1 with the problem in why. Returns
 * 0, or -1 with "line N: problem" (or why the file cannot be read) in err.
 */
int rbsim_read_lines(const char *path, int (*fn)(void *ctx, unsigned int lineno, char *line,
						 char *why, size_t len),
		     void *ctx, char *err, size_t errlen);

void rbsim_rng_seed(struct rbsim_rng *rng, __u64 seed, __u32 stream);
__u64 rbsim_rng_next(struct rbsim_rng *rng);
/* the next draw as a double in [0, 1), from its top 53 bits */
double rbsim_rng_unit(struct rbsim_rng *rng);

/*
 * Fill sizes[0..n) for the next n records of a producer: the size, plus
 * RBSIM_BATCH_DISCARD for the discard_pct share. Draws from the rng in record
 * order, so the sequence does not depend on the batch size.
 */
void rbsim_gen_sizes(const struct rbsim_size_spec *spec, double discard_pct,
		     struct rbsim_rng *rng, __u32 *sizes, __u32 n);
/* true when every batch is the same (fixed size, no discards): fill once */
bool rbsim_sizes_constant(const struct rbsim_size_spec *spec, double discard_pct);

#endif /* RBSIM_WORKLOAD_H */
