// SPDX-License-Identifier: GPL-2.0-only
/*
 * hoprobe.c: the hand-off figure of one build of rbsim's model probes, alone (about
 * 0.2 s), so that it can be taken in the seconds the host keeps the vCPUs near. Prints
 * the CAS transfer between CPUs 0 and 1 (median of 2000 bursts, as `rbsim model --probe`)
 * and the build's handoff_ns (median). Built twice from the repository's top, against
 * each build's objects:
 *   OLD (decb973: a hand-written imitation of the hand-off's lines, rbsim_c2c_probe()'s
 *   kind 2, median of 2000 bursts):
 *     gcc -O2 -DOLD -I. -o hoprobe-old hoprobe.c stub.c $(ls build/sim/*.o | grep -v main.o) \
 *       build/librbsim.a $(make -s print-ldlibs) -lm
 *   NEW (af348fb on: the port's two producers on one ring, rbsim_pair_probe(), median of
 *   up to 200 stretches): the same without -DOLD
 * stub.c stands for sim/main.c's rbsim_register(), which the commands' constructors call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/model_probe.h"

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double med(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp);
	return v[n / 2];
}

int main(void)
{
	static double c[2000], h[2000];
	unsigned int n = 0;
	char err[256];

	if (rbsim_c2c_probe(0, 1, RBSIM_C2C_CAS, 2000, 400000, c, err, sizeof(err))) {
		fprintf(stderr, "hoprobe: %s\n", err);
		return 1;
	}
#ifdef OLD
	n = 2000;
	if (rbsim_c2c_probe(0, 1, (enum rbsim_c2c_kind)2, 2000, 400000, h, err, sizeof(err))) {
#else
	if (rbsim_pair_probe(0, 1, 200, 20, h, &n, err, sizeof(err))) {
#endif
		fprintf(stderr, "hoprobe: %s\n", err);
		return 1;
	}
	printf("%.1f %.1f\n", med(c, 2000), med(h, n));
	return 0;
}
