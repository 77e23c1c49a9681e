// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: record size specs and the per-producer random streams.
 *
 * PRNG: xoshiro256** (Blackman and Vigna), seeded through splitmix64 from
 * --seed and the producer id, so each producer has its own reproducible
 * stream and adding producers does not change the first ones' sequences.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/workload.h"

/* 0, -1 not a number, -2 above max (the value, as far as it fits, in *big) */
static int parse_u32(const char *s, char **end, __u32 max, __u32 *out, unsigned long long *big)
{
	unsigned long long v, mul = 1;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, end, 10);
	if (errno && errno != ERANGE)
		return -1;
	switch (**end) {
	case 'k': case 'K': mul = 1ULL << 10; break;
	case 'm': case 'M': mul = 1ULL << 20; break;
	case 'g': case 'G': mul = 1ULL << 30; break;
	}
	if (mul > 1)
		(*end)++;
	if (errno == ERANGE || v > max / mul) {
		*big = errno == ERANGE || v > ULLONG_MAX / mul ? ULLONG_MAX : v * mul;
		return -2;
	}
	*out = (__u32)(v * mul);
	return 0;
}

#define SPEC_FORMS "expected SIZE, uniform:MIN-MAX or mix:SIZExWEIGHT,... (K/M/G suffixes " \
		   "allowed)"

/* the reason for a parse_u32() failure of a size */
static void size_error(char *err, size_t errlen, int ret, unsigned long long big,
		       const char *forms)
{
	if (ret == -2 && big == ULLONG_MAX)
		snprintf(err, errlen, "too large (sizes up to %u bytes)", RBSIM_SIZE_SPEC_MAX);
	else if (ret == -2)
		snprintf(err, errlen, "%llu bytes is too large (sizes up to %u bytes)", big,
			 RBSIM_SIZE_SPEC_MAX);
	else
		snprintf(err, errlen, "%s", forms);
}

int rbsim_size_spec_parse(const char *s, struct rbsim_size_spec *spec, char *err, size_t errlen)
{
	unsigned long long big = 0;
	char *end;
	const char *p;
	int ret;

	memset(spec, 0, sizeof(*spec));
	snprintf(spec->text, sizeof(spec->text), "%s", s);
	if (strlen(s) >= sizeof(spec->text)) {
		snprintf(err, errlen, "too long");
		return -1;
	}

	if (!strncmp(s, "uniform:", 8)) {
		spec->kind = RBSIM_SIZE_UNIFORM;
		ret = parse_u32(s + 8, &end, RBSIM_SIZE_SPEC_MAX, &spec->min, &big);
		if (!ret && *end != '-')
			ret = -1;
		if (!ret)
			ret = parse_u32(end + 1, &end, RBSIM_SIZE_SPEC_MAX, &spec->max, &big);
		if (!ret && *end)
			ret = -1;
		if (ret) {
			size_error(err, errlen, ret, big, SPEC_FORMS);
			return -1;
		}
		if (spec->min > spec->max) {
			snprintf(err, errlen, "uniform range %u-%u is empty (MIN > MAX)",
				 spec->min, spec->max);
			return -1;
		}
		spec->mean = ((double)spec->min + spec->max) / 2;
		return 0;
	}

	if (!strncmp(s, "mix:", 4)) {
		__u64 total = 0;
		double wsum = 0;

		spec->kind = RBSIM_SIZE_MIX;
		p = s + 4;
		for (;;) {
			__u32 sz, w;

			if (spec->nr == RBSIM_SIZE_MIX_MAX) {
				snprintf(err, errlen, "more than %d mix entries",
					 RBSIM_SIZE_MIX_MAX);
				return -1;
			}
			ret = parse_u32(p, &end, RBSIM_SIZE_SPEC_MAX, &sz, &big);
			if (!ret && *end != 'x')
				ret = -1;
			if (!ret && (parse_u32(end + 1, &end, 1000000, &w, &big) ||
				     (*end && *end != ',')))
				ret = -3;
			if (ret) {
				size_error(err, errlen, ret, big, SPEC_FORMS " (weights 1-1000000)");
				return -1;
			}
			if (!w) {
				snprintf(err, errlen, "mix weight of size %u is 0", sz);
				return -1;
			}
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

	spec->kind = RBSIM_SIZE_FIXED;
	ret = parse_u32(s, &end, RBSIM_SIZE_SPEC_MAX, &spec->min, &big);
	if (!ret && *end)
		ret = -1;
	if (ret) {
		size_error(err, errlen, ret, big, SPEC_FORMS);
		return -1;
	}
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
