// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: record size specs and the per-producer random streams.
 *
 * PRNG: xoshiro256** (Blackman and Vigna), seeded through splitmix64 from
 * --seed and the producer id, so each producer has its own reproducible
 * stream and adding producers does not change the first ones' sequences.
 */
#include <errno.h>
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
		snprintf(err, errlen, "expected SIZE, uniform:MIN-MAX or mix:SIZExWEIGHT,...");
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

int rbsim_size_spec_parse(const char *s, struct rbsim_size_spec *spec, char *err, size_t errlen)
{
	const char *end;

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
