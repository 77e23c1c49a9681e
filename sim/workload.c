// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: record size specs and the per-producer random streams.
 *
 * PRNG: xoshiro256** (Blackman and Vigna), seeded through splitmix64 from
 * --seed and the producer id, so each producer has its own reproducible
 * stream and adding producers does not change the first ones' sequences.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/options.h"
#include "sim/workload.h"

/*
 * A number of the spec at s (what: how an error names it, "" for the whole
 * spec), which sep or (with end_ok) the end of the spec must follow; *end is
 * set after it. 0, or -1 with the problem in err: the forms a spec takes, or
 * what is wrong with the number.
 */
static int spec_num(const char *s, const char **end, char sep, bool end_ok, __u64 min, __u64 max,
		    const char *what, __u32 *out, char *err, size_t errlen)
{
	char problem[64];
	__u64 v = 0;
	int ret = rbsim_num_scan(s, end, true, &v);

	if (ret == -EINVAL || !((sep && **end == sep) || (end_ok && !**end))) {
		snprintf(err, errlen, "expected SIZE, uniform:MIN-MAX, mix:SIZExWEIGHT,... or hist:FILE");
		return -1;
	}
	if (rbsim_num_problem(ret, v, min, max, problem, sizeof(problem))) {
		snprintf(err, errlen, "%s%.*s%s%s", what, *what ? (int)(*end - s) : 0, s,
			 *what ? ": " : "", problem);
		return -1;
	}
	*out = (__u32)v;
	return 0;
}

static int parse_uniform(const char *s, struct rbsim_size_spec *spec, char *err, size_t errlen)
{
	const char *end;

	spec->kind = RBSIM_SIZE_UNIFORM;
	if (spec_num(s, &end, '-', false, 0, RBSIM_SIZE_SPEC_MAX, "MIN ", &spec->min, err,
		     errlen) ||
	    spec_num(end + 1, &end, 0, true, 0, RBSIM_SIZE_SPEC_MAX, "MAX ", &spec->max, err,
		     errlen))
		return -1;
	if (spec->min > spec->max) {
		snprintf(err, errlen, "uniform range %u-%u is empty (MIN > MAX)", spec->min,
			 spec->max);
		return -1;
	}
	spec->mean = ((double)spec->min + spec->max) / 2;
	return 0;
}

static int parse_mix(const char *p, struct rbsim_size_spec *spec, char *err, size_t errlen)
{
	__u64 total = 0;
	double wsum = 0;
	const char *end;

	spec->kind = RBSIM_SIZE_MIX;
	for (;;) {
		__u32 sz, w;

		if (spec->nr == RBSIM_SIZE_MIX_MAX) {
			snprintf(err, errlen, "more than %d mix entries", RBSIM_SIZE_MIX_MAX);
			return -1;
		}
		if (spec_num(p, &end, 'x', false, 0, RBSIM_SIZE_SPEC_MAX, "size ", &sz, err,
			     errlen) ||
		    spec_num(end + 1, &end, ',', true, 1, 1000000, "weight ", &w, err, errlen))
			return -1;
		total += w;
		wsum += (double)sz * w;
		spec->mix_size[spec->nr] = sz;
		spec->mix_cum[spec->nr] = total;
		if (!spec->nr || sz < spec->min)
			spec->min = sz;
		if (sz > spec->max)
			spec->max = sz;
		spec->nr++;
		if (!*end)
			break;
		p = end + 1;
	}
	spec->mean = wsum / (double)total;
	return 0;
}

void rbsim_size_spec_free(struct rbsim_size_spec *spec)
{
	free(spec->hist_size);
	free(spec->hist_cum);
	spec->hist_size = NULL;
	spec->hist_cum = NULL;
}

int rbsim_read_lines(const char *path, int (*fn)(void *ctx, unsigned int lineno, char *line,
						 char *why, size_t len),
		     void *ctx, char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	char *line = NULL, *p, *end, why[200];
	unsigned int lineno = 0;
	size_t cap = 0;
	int ret = 0;

	if (!f) {
		snprintf(err, errlen, "cannot read: %s", strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		p = line + strspn(line, " \t");
		end = p + strcspn(p, "#\r\n");
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		*end = '\0';
		if (!*p)
			continue;
		why[0] = '\0';
		if (fn(ctx, lineno, p, why, sizeof(why))) {
			snprintf(err, errlen, "line %u: %s", lineno, why);
			ret = -1;
			break;
		}
	}
	if (!ret && ferror(f)) {
		snprintf(err, errlen, "cannot read: %s", strerror(errno));
		ret = -1;
	}
	free(line);
	fclose(f);
	return ret;
}

/* the histogram as read: growing arrays of (size, count) */
struct hist_read {
	__u32 *size;
	__u64 *weight;
	unsigned int n, cap;
};

static int hist_line(void *ctx, unsigned int lineno, char *line, char *why, size_t len)
{
	struct hist_read *h = ctx;
	char problem[64];
	const char *end;
	__u64 sz, w;
	int ret;

	(void)lineno;
	ret = rbsim_num_scan(line, &end, true, &sz);
	if (ret == -EINVAL || (*end != ' ' && *end != '\t')) {
		snprintf(why, len, "expected SIZE COUNT, got '%s'", line);
		return -1;
	}
	if (rbsim_num_problem(ret, sz, 0, RBSIM_SIZE_SPEC_MAX, problem, sizeof(problem))) {
		snprintf(why, len, "size %.*s: %s", (int)(end - line), line, problem);
		return -1;
	}
	line = (char *)end + strspn(end, " \t");
	if (rbsim_num_parse(line, 0, 1ULL << 48, &w, problem, sizeof(problem))) {
		snprintf(why, len, "count %s: %s", line, problem);
		return -1;
	}
	if (h->n == RBSIM_SIZE_HIST_MAX) {
		snprintf(why, len, "more than %u sizes", RBSIM_SIZE_HIST_MAX);
		return -1;
	}
	if (h->n == h->cap) {
		unsigned int cap = h->cap ? 2 * h->cap : 64;
		__u32 *ns = realloc(h->size, cap * sizeof(*ns));
		__u64 *nw = ns ? realloc(h->weight, cap * sizeof(*nw)) : NULL;

		if (ns)
			h->size = ns;
		if (!nw) {
			snprintf(why, len, "out of memory");
			return -1;
		}
		h->weight = nw;
		h->cap = cap;
	}
	h->size[h->n] = (__u32)sz;
	h->weight[h->n++] = w;
	return 0;
}

int rbsim_size_spec_table(struct rbsim_size_spec *spec, const __u32 *size, const __u64 *weight,
			  unsigned int n, const char *text, char *err, size_t errlen)
{
	__u64 total = 0;
	double wsum = 0;
	unsigned int i, k = 0;

	rbsim_size_spec_free(spec);
	memset(spec, 0, sizeof(*spec));
	snprintf(spec->text, sizeof(spec->text), "%s", text);
	spec->kind = RBSIM_SIZE_HIST;
	spec->hist_size = malloc((n ? n : 1) * sizeof(*spec->hist_size));
	spec->hist_cum = malloc((n ? n : 1) * sizeof(*spec->hist_cum));
	if (!spec->hist_size || !spec->hist_cum) {
		rbsim_size_spec_free(spec);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* sizes of count 0 take no part; the total must stay below 2^64 */
	for (i = 0; i < n; i++) {
		if (!weight[i])
			continue;
		if (weight[i] > ~0ULL - total) {
			rbsim_size_spec_free(spec);
			snprintf(err, errlen, "the counts add up to more than 2^64 - 1");
			return -1;
		}
		total += weight[i];
		wsum += (double)size[i] * (double)weight[i];
		spec->hist_size[k] = size[i];
		spec->hist_cum[k++] = total;
		if (k == 1 || size[i] < spec->min)
			spec->min = size[i];
		if (size[i] > spec->max)
			spec->max = size[i];
	}
	if (!total) {
		rbsim_size_spec_free(spec);
		snprintf(err, errlen, "no size with a count above 0");
		return -1;
	}
	spec->nr = k;
	spec->mean = wsum / (double)total;
	return 0;
}

static int parse_hist(const char *path, struct rbsim_size_spec *spec, char *err, size_t errlen)
{
	struct hist_read h = { 0 };
	char why[256];
	int ret;

	ret = rbsim_read_lines(path, hist_line, &h, why, sizeof(why));
	if (!ret && !h.n)
		snprintf(why, sizeof(why), "no SIZE COUNT line");
	if (!ret && h.n)
		ret = rbsim_size_spec_table(spec, h.size, h.weight, h.n, spec->text, why,
					    sizeof(why));
	else
		ret = -1;
	if (ret)
		snprintf(err, errlen, "%s", why);
	free(h.size);
	free(h.weight);
	return ret;
}

int rbsim_size_spec_parse(const char *s, struct rbsim_size_spec *spec, char *err, size_t errlen)
{
	const char *end;

	rbsim_size_spec_free(spec);
	memset(spec, 0, sizeof(*spec));
	if (strlen(s) >= sizeof(spec->text)) {
		snprintf(err, errlen, "too long");
		return -1;
	}
	snprintf(spec->text, sizeof(spec->text), "%s", s);
	if (!strncmp(s, "uniform:", 8))
		return parse_uniform(s + 8, spec, err, errlen);
	if (!strncmp(s, "mix:", 4))
		return parse_mix(s + 4, spec, err, errlen);
	if (!strncmp(s, "hist:", 5))
		return parse_hist(s + 5, spec, err, errlen);
	spec->kind = RBSIM_SIZE_FIXED;
	if (spec_num(s, &end, 0, true, 0, RBSIM_SIZE_SPEC_MAX, "", &spec->min, err, errlen))
		return -1;
	spec->max = spec->min;
	spec->mean = spec->min;
	return 0;
}

static __u64 splitmix64(__u64 *x)
{
	__u64 z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void rbsim_rng_seed(struct rbsim_rng *rng, __u64 seed, __u32 stream)
{
	__u64 x = seed ^ ((__u64)(stream + 1) * 0xd1342543de82ef95ULL);
	int i;

	for (i = 0; i < 4; i++)
		rng->s[i] = splitmix64(&x);
}

static inline __u64 rotl(__u64 x, int k)
{
	return (x << k) | (x >> (64 - k));
}

__u64 rbsim_rng_next(struct rbsim_rng *rng)
{
	__u64 *s = rng->s;
	__u64 result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double rbsim_rng_unit(struct rbsim_rng *rng)
{
	return (double)(rbsim_rng_next(rng) >> 11) * 0x1.0p-53;
}

/* a value in [0, n) from the top 32 bits (Lemire's multiply, no division) */
static inline __u32 bounded(__u64 r, __u64 n)
{
	return (__u32)(((r >> 32) * n) >> 32);
}

static __u64 discard_threshold(double pct)
{
	if (pct <= 0)
		return 0;
	if (pct >= 100)
		return UINT64_MAX;
	return (__u64)(pct / 100.0 * 18446744073709551616.0);
}

/* the size whose cumulative count first exceeds a value in [0, total): a binary search */
static __u32 hist_pick(const struct rbsim_size_spec *spec, __u64 r)
{
	__u64 total = spec->hist_cum[spec->nr - 1], pick;
	unsigned int lo = 0, hi = spec->nr - 1;

	/* a 64-bit total: the high 64 bits of r * total, uniform in [0, total) */
	pick = (__u64)(((unsigned __int128)r * total) >> 64);
	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (pick < spec->hist_cum[mid])
			hi = mid;
		else
			lo = mid + 1;
	}
	return spec->hist_size[lo];
}

bool rbsim_sizes_constant(const struct rbsim_size_spec *spec, double discard_pct)
{
	return spec->min == spec->max && discard_pct <= 0;
}

void rbsim_gen_sizes(const struct rbsim_size_spec *spec, double discard_pct,
		     struct rbsim_rng *rng, __u32 *sizes, __u32 n)
{
	__u64 thresh = discard_threshold(discard_pct), range, r, pick;
	__u32 i, sz;
	unsigned int j;

	for (i = 0; i < n; i++) {
		switch (spec->kind) {
		case RBSIM_SIZE_UNIFORM:
			range = (__u64)spec->max - spec->min + 1;
			sz = spec->min + bounded(rbsim_rng_next(rng), range);
			break;
		case RBSIM_SIZE_MIX:
			pick = bounded(rbsim_rng_next(rng), spec->mix_cum[spec->nr - 1]);
			for (j = 0; j + 1 < spec->nr && pick >= spec->mix_cum[j]; j++)
				;
			sz = spec->mix_size[j];
			break;
		case RBSIM_SIZE_HIST:
			sz = hist_pick(spec, rbsim_rng_next(rng));
			break;
		default:
			sz = spec->min;
			break;
		}
		if (thresh) {
			r = rbsim_rng_next(rng);
			if (thresh == UINT64_MAX || r < thresh)
				sz |= RBSIM_BATCH_DISCARD;
		}
		sizes[i] = sz;
	}
}
