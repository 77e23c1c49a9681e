// SPDX-License-Identifier: GPL-2.0-only
/* rbsim: the names of the reservation variants (sim/reserve.h) */
#include <stdio.h>
#include <string.h>

#include "sim/reserve.h"

int rbsim_reserve_parse(const char *arg, struct rbsim_reserve *r, char *why, size_t len)
{
	__u64 k;

	memset(r, 0, sizeof(*r));
	if (!strcmp(arg, "kernel"))
		return 0;
	if (!strcmp(arg, "cas")) {
		r->kind = RBSIM_RESERVE_CAS;
		return 0;
	}
	if (!strcmp(arg, "percpu")) {
		r->kind = RBSIM_RESERVE_SHARD;
		r->per = 1;
		r->percpu = true;
		return 0;
	}
	if (strncmp(arg, "shard:", 6)) {
		snprintf(why, len, "expected kernel, cas, shard:K or percpu");
		return -1;
	}
	if (rbsim_num_parse(arg + 6, 1, RBSIM_RESERVE_MAX_SHARD, &k, why, len))
		return -1;
	r->kind = RBSIM_RESERVE_SHARD;
	r->per = (unsigned int)k;
	return 0;
}

void rbsim_reserve_format(const struct rbsim_reserve *r, char *buf, size_t len)
{
	if (r->kind == RBSIM_RESERVE_CAS)
		snprintf(buf, len, "cas");
	else if (r->kind == RBSIM_RESERVE_SHARD && r->percpu)
		snprintf(buf, len, "percpu");
	else if (r->kind == RBSIM_RESERVE_SHARD)
		snprintf(buf, len, "shard:%u", r->per);
	else
		snprintf(buf, len, "kernel");
}

unsigned int rbsim_reserve_rings(const struct rbsim_reserve *r, unsigned int producers)
{
	if (r->kind != RBSIM_RESERVE_SHARD || !producers)
		return 1;
	return (producers + r->per - 1) / r->per;
}

int rbsim_reserve_opt_parse(const struct rbsim_opt *opt, const char *arg, void *base, char *why,
			    size_t len)
{
	return rbsim_reserve_parse(arg, (void *)((char *)base + opt->off), why, len);
}

void rbsim_reserve_opt_format(const struct rbsim_opt *opt, const void *base, char *buf,
			      size_t len)
{
	rbsim_reserve_format((const void *)((const char *)base + opt->off), buf, len);
}
