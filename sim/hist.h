/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: a log-linear latency histogram in the spirit of HdrHistogram.
 * Values below 256 ns are exact; above, each power of two is split into 128
 * equal sub-buckets, so a bucket spans at most 1/128 of its lower bound
 * (relative error < 0.8%). Fixed memory (HIST_BUCKETS counters), O(1)
 * recording with no allocation, values up to 2^48 ns (3.2 days) before
 * clamping.
 */
#ifndef RBSIM_HIST_H
#define RBSIM_HIST_H

#include <stdint.h>

#define HIST_SUB_BITS 7
#define HIST_SUB      (1u << HIST_SUB_BITS)        /* sub-buckets per power of two */
#define HIST_MAX_MSB  47                            /* largest value: 2^48 - 1 */
#define HIST_BUCKETS  (2 * HIST_SUB + (HIST_MAX_MSB - HIST_SUB_BITS) * HIST_SUB)
#define HIST_MAX_VAL  ((1ULL << (HIST_MAX_MSB + 1)) - 1)

struct rbsim_hist {
	uint64_t count;
	uint64_t max;
	uint64_t sum;  /* for the mean */
	uint64_t b[HIST_BUCKETS];
};

static inline unsigned int hist_index(uint64_t v)
{
	unsigned int msb, shift;

	if (v < 2 * HIST_SUB)
		return (unsigned int)v;
	if (v > HIST_MAX_VAL)
		v = HIST_MAX_VAL;
	msb = 63 - (unsigned int)__builtin_clzll(v);
	shift = msb - HIST_SUB_BITS;
	return 2 * HIST_SUB + (shift - 1) * HIST_SUB + (unsigned int)((v >> shift) - HIST_SUB);
}

static inline void hist_record(struct rbsim_hist *h, uint64_t v)
{
	h->b[hist_index(v)]++;
	h->count++;
	h->sum += v;
	if (v > h->max)
		h->max = v;
}

/* the highest value that falls into bucket idx */
uint64_t hist_bucket_high(unsigned int idx);
/* value at quantile q in [0, 1]: the high end of its bucket, never above max; 0 if empty */
uint64_t hist_quantile(const struct rbsim_hist *h, double q);
void hist_merge(struct rbsim_hist *dst, const struct rbsim_hist *src);

#endif /* RBSIM_HIST_H */
