// SPDX-License-Identifier: GPL-2.0-only
/* rbsim: log-linear latency histogram, the parts off the recording path */
#include "sim/hist.h"

uint64_t hist_bucket_high(unsigned int idx)
{
	unsigned int shift;
	uint64_t sub;

	if (idx < 2 * HIST_SUB)
		return idx;
	shift = (idx - 2 * HIST_SUB) / HIST_SUB + 1;
	sub = HIST_SUB + (idx - 2 * HIST_SUB) % HIST_SUB;
	return ((sub + 1) << shift) - 1;
}

uint64_t hist_quantile(const struct rbsim_hist *h, double q)
{
	uint64_t rank, seen = 0, v;
	unsigned int i;

	if (!h->count)
		return 0;
	if (q <= 0)
		q = 0;
	if (q >= 1)
		return h->max;
	/* the smallest value with at least q * count values at or below it */
	rank = (uint64_t)(q * (double)h->count);
	if ((double)rank < q * (double)h->count || rank == 0)
		rank++;
	for (i = 0; i < HIST_BUCKETS; i++) {
		seen += h->b[i];
		if (seen >= rank) {
			v = hist_bucket_high(i);
			return v < h->max ? v : h->max;
		}
	}
	return h->max;
}

void hist_merge(struct rbsim_hist *dst, const struct rbsim_hist *src)
{
	unsigned int i;

	for (i = 0; i < HIST_BUCKETS; i++)
		dst->b[i] += src->b[i];
	dst->count += src->count;
	dst->sum += src->sum;
	if (src->max > dst->max)
		dst->max = src->max;
}
