// SPDX-License-Identifier: GPL-2.0-only
/* the diagnostic trace's events (trace.c): one array a side, one writer each */
#include <x86intrin.h>
#include <stdio.h>
#include <stdlib.h>
#define DG_N (32u << 20)
struct dg_ev {
	unsigned long long t; /* rdtsc */
	long v;               /* what happened (an.py and seg.py say) */
};
extern struct dg_ev dg_c[DG_N], dg_p[DG_N];
extern unsigned int dg_cn, dg_pn;
/* only the consumer's thread calls dg_cons(), only the producer's dg_prod() */
static inline void dg_cons(long v)
{
	if (dg_cn < DG_N) {
		dg_c[dg_cn].t = __rdtsc();
		dg_c[dg_cn++].v = v;
	}
}

static inline void dg_prod(long v)
{
	if (dg_pn < DG_N) {
		dg_p[dg_pn].t = __rdtsc();
		dg_p[dg_pn++].v = v;
	}
}
