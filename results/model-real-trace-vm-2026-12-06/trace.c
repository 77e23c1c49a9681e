// SPDX-License-Identifier: GPL-2.0-only
/*
 * A diagnostic trace of the port's producer and libbpf consumer, not built
 * into rbsim: `build.sh trace` includes it into a copy of
 * ringbuf/consumer.c for a build in build/dbg. Each thread appends
 * (rdtsc, value) pairs to its own array, pre-faulted so that no page fault
 * lands in a run; at exit the arrays are written to $DG_OUT, all of them
 * or, with DG_KEEP=N, the N events of each side from the middle of the run
 * on.
 */
#include "trace.h"
#include <string.h>
#include <time.h>
struct dg_ev dg_c[DG_N], dg_p[DG_N];
/* each counter on a line of its own: its thread alone writes it */
unsigned int dg_cn __attribute__((aligned(128)));
unsigned int dg_pn __attribute__((aligned(128)));
static unsigned long long t0;
static struct timespec ts0;

__attribute__((constructor)) static void dg_init(void)
{
	memset(dg_c, 1, sizeof(dg_c));
	memset(dg_p, 1, sizeof(dg_p));
	clock_gettime(CLOCK_MONOTONIC, &ts0);
	t0 = __rdtsc();
}

static void dg_write(FILE *o, char k, const struct dg_ev *e, unsigned int n,
		     unsigned long long from, unsigned int keep)
{
	unsigned int i, w = 0;

	for (i = 0; i < n && (!keep || w < keep); i++) {
		if (e[i].t < from)
			continue;
		fprintf(o, "%c %llu %ld\n", k, e[i].t, e[i].v);
		w++;
	}
}

__attribute__((destructor)) static void dg_dump(void)
{
	const char *f = getenv("DG_OUT"), *k = getenv("DG_KEEP");
	unsigned int keep = k ? (unsigned int)atoi(k) : 0;
	unsigned long long t1, from = 0;
	struct timespec ts1;
	FILE *o;

	if (!f)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts1);
	t1 = __rdtsc();
	o = fopen(f, "w");
	if (!o)
		return;
	fprintf(o, "tsc_per_ns %.6f\n", (double)(t1 - t0) /
		((ts1.tv_sec - ts0.tv_sec) * 1e9 + (ts1.tv_nsec - ts0.tv_nsec)));
	/* the middle of the producer's events: past the warm-up, before the drain */
	if (keep && dg_pn)
		from = dg_p[dg_pn / 2].t;
	dg_write(o, 'c', dg_c, dg_cn, from, keep);
	dg_write(o, 'p', dg_p, dg_pn, from, keep);
	fclose(o);
}
