/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the reservation variants of issue 14, as `rbsim run --reserve`
 * (the ringbuf transport) and `rbsim model --reserve` name them:
 *   kernel    one ring, the kernel's lock (the default)
 *   cas       one ring, lock-free reservation (RINGBUF_RESERVE_CAS)
 *   shard:K   one ring per K producers, one consumer on all of them
 *   percpu    one ring per producer (shard:1)
 * What each changes, costs and gives up: ringbuf/README.md.
 */
#ifndef RBSIM_RESERVE_H
#define RBSIM_RESERVE_H

#include <stddef.h>

#include "sim/options.h"

enum rbsim_reserve_kind {
	RBSIM_RESERVE_KERNEL,
	RBSIM_RESERVE_CAS,
	RBSIM_RESERVE_SHARD,  /* percpu is shard with per == 1 */
};

#define RBSIM_RESERVE_MAX_SHARD 256

struct rbsim_reserve {
	enum rbsim_reserve_kind kind;
	unsigned int per;     /* shard: producers per ring (1: percpu) */
	bool percpu;          /* given as percpu (for the text) */
};

/* arg into r: 0, or -1 with the problem in why ("expected kernel, cas, ...") */
int rbsim_reserve_parse(const char *arg, struct rbsim_reserve *r, char *why, size_t len);
/* r as the argument that parses to it */
void rbsim_reserve_format(const struct rbsim_reserve *r, char *buf, size_t len);
/* rings for n producers */
unsigned int rbsim_reserve_rings(const struct rbsim_reserve *r, unsigned int producers);

/* an option table entry whose destination is a struct rbsim_reserve */
int rbsim_reserve_opt_parse(const struct rbsim_opt *opt, const char *arg, void *base, char *why,
			    size_t len);
void rbsim_reserve_opt_format(const struct rbsim_opt *opt, const void *base, char *buf,
			      size_t len);
#define RBSIM_RESERVE_HELP "kernel (one lock), cas (lock-free reserve), shard:K (one ring per " \
			   "K producers) or percpu (one ring per producer)"

#endif /* RBSIM_RESERVE_H */
