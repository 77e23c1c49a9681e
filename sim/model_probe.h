/* SPDX-License-Identifier: GPL-2.0-only */
/* rbsim: the cache-line transfer probe of `rbsim model --probe` (sim/model_probe.c) */
#ifndef RBSIM_MODEL_PROBE_H
#define RBSIM_MODEL_PROBE_H

#include <stddef.h>

/*
 * samples one-way transfer latencies (ns) between CPUs a and b into ns[],
 * each the mean of rounds CAS round trips: 0, or -errno with the reason
 */
int rbsim_c2c_probe(int a, int b, unsigned int samples, unsigned long rounds, double *ns,
		    char *err, size_t len);

#endif /* RBSIM_MODEL_PROBE_H */
