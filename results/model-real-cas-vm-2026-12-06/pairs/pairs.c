// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim_pair_probe() RUNS times in one process, kernel and cas in turn, SAMPLES
 * stretches each (200 as rbsim model --probe): each probe's 5th percentile,
 * median and 95th, ns a record of the two. Built from the source tree after
 * make, against its objects (stubs below for main.c's three symbols):
 *   gcc -O2 -I. -o pairs pairs.c $(ls build/sim/*.o | grep -v 'main.o\|cmd_') \
 *     $(ls build/bpf/*.o | grep -v '\.bpf\.o') build/librbsim.a -lbpf -lelf -lz -lm -pthread
 *   ./pairs RUNS SAMPLES
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
int main(int argc, char **argv)
{
	static double ns[2000];
	unsigned int n, i, runs = argc > 1 ? atoi(argv[1]) : 10;
	unsigned int ss = argc > 2 ? atoi(argv[2]) : 200;
	char err[256];
	for (i = 0; i < runs; i++) {
		for (int k = 0; k < 2; k++) {
			const char *r = k ? "cas" : "kernel";
			if (rbsim_pair_probe(0, 1, r, ss, 20, ns, &n, err, sizeof(err))) {
				fprintf(stderr, "%s\n", err);
				return 1;
			}
			qsort(ns, n, sizeof(ns[0]), cmp);
			printf("%s %u %.0f %.0f %.0f  ", r, n, ns[n / 20], ns[n / 2],
			       ns[n * 19 / 20]);
		}
		printf("\n");
	}
	return 0;
}
/* main.c's, never called here */
struct rbsim_cmd;
void rbsim_register(struct rbsim_cmd *cmd)
{
	(void)cmd;
}
const char *rbsim_git(void)
{
	return "";
}
const char *rbsim_release(void)
{
	return "";
}
