/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: --kernel VER, the kernel release whose ring buffer a map follows
 * (ringbuf_map__new_opts(), ringbuf/ringbuf.h), for `rbsim run` and
 * `rbsim demo`. An option of kind RBSIM_OPT_CUSTOM whose destination is a
 * __u32 holding RBSIM_KERNEL(a, b):
 *   { .kind = RBSIM_OPT_CUSTOM, .name = "kernel", .metavar = "VER", .def = "6.18",
 *     .parse = rbsim_kernel_opt_parse, .format = rbsim_kernel_opt_format,
 *     RBSIM_OPT_DST(struct my_opts, kernel) }
 */
#ifndef RBSIM_ERA_H
#define RBSIM_ERA_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ringbuf/ringbuf.h"
#include "sim/options.h"

/* "6.15" -> RBSIM_KERNEL(6, 15), a release the port has an era for: 0, or -1 with why */
static inline int rbsim_kernel_parse(const char *arg, __u32 *kernel, char *why, size_t len)
{
	struct ringbuf_era first, last;
	unsigned long a, b;
	char *end;
	unsigned int n;

	a = strtoul(arg, &end, 10);
	b = *end == '.' && end > arg && end[1] >= '0' && end[1] <= '9' ?
	    strtoul(end + 1, &end, 10) : 256;
	if (*end || arg[0] < '0' || arg[0] > '9' || !a || a > 255 || b > 255) {
		snprintf(why, len, "not a kernel release (expected MAJOR.MINOR, e.g. 6.15)");
		return -1;
	}
	if (ringbuf_era(RBSIM_KERNEL((__u32)a, (__u32)b), &first)) {
		ringbuf_era_at(0, &first);
		for (n = 0; !ringbuf_era_at(n, &last); n++)
			;
		ringbuf_era_at(n - 1, &last);
		snprintf(why, len, "no era of the port for this release (%u.%u to %u.%u)",
			 first.kernel >> 8, first.kernel & 0xff, last.last >> 8, last.last & 0xff);
		return -1;
	}
	*kernel = RBSIM_KERNEL((__u32)a, (__u32)b);
	return 0;
}

static inline int rbsim_kernel_opt_parse(const struct rbsim_opt *opt, const char *arg, void *base,
					 char *why, size_t len)
{
	return rbsim_kernel_parse(arg, (__u32 *)((char *)base + opt->off), why, len);
}

static inline void rbsim_kernel_opt_format(const struct rbsim_opt *opt, const void *base, char *buf,
					   size_t len)
{
	__u32 k = *(const __u32 *)((const char *)base + opt->off);

	snprintf(buf, len, "%u.%u", k >> 8, k & 0xff);
}

#endif /* RBSIM_ERA_H */
