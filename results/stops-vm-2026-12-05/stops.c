// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which guest load makes the host stop a vCPU (results/stops-vm-2026-12-05).
 *
 * sleep mode (-s US,...): for each US, one thread spins on CPU 0 reading the
 * clock for -d seconds while a thread on CPU 1 sleeps US microseconds in a loop
 * (clock_nanosleep, relative; US 0: it spins too). A gap of 20 ms or more
 * between two clock reads of the spinner, or a sleep that returned 20 ms or
 * more late, is a stop: its CPU did not run. One CSV line per US:
 *   sleep_us,loop_us,spin_stops,spin_lost_ms,sleep_stops,sleep_lost_ms,seconds
 * (loop_us: the sleeper's mean turn, its sleep as the guest made it). With
 * -S MS the sleeper also sleeps MS milliseconds once a second (a consumer's
 * --stall), not counted in loop_us. With -B the thread on CPU 0 sleeps as
 * the one on CPU 1 does (spin_stops and spin_lost_ms are then its).
 *
 * first mode (-f ROUNDS): each round both CPUs idle -i seconds, then both
 * spin -d seconds; every stop as round,cpu,at_s,ms (at_s: from the spin's
 * start).
 *
 * cc -O2 -pthread stops.c -o stops
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define STOP_S 0.020

static double run_s = 15, idle_s = 1;
static long sleep_ns, stall_ms;
static int both;
static double t0;
static int round_no;
static pthread_barrier_t bar;

struct side {
	int cpu;
	long stops, loops;
	double lost_s;
	int verbose;
};

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void pin(int cpu)
{
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	if (pthread_setaffinity_np(pthread_self(), sizeof(s), &s)) {
		fprintf(stderr, "stops: cannot pin to CPU %d\n", cpu);
		exit(1);
	}
}

static void *spin(void *arg)
{
	struct side *sd = arg;
	double p, t;

	pin(sd->cpu);
	pthread_barrier_wait(&bar);
	p = now();
	for (;;) {
		t = now();
		if (t - p >= STOP_S) {
			sd->stops++;
			sd->lost_s += t - p;
			if (sd->verbose)
				printf("%d,%d,%.3f,%.1f\n", round_no, sd->cpu, p - t0, (t - p) * 1e3);
		}
		p = t;
		if (t - t0 > run_s)
			return NULL;
	}
}

static void *sleeper(void *arg)
{
	struct side *sd = arg;
	struct timespec ts = { 0, sleep_ns }, st = { stall_ms / 1000, stall_ms % 1000 * 1000000L };
	double b, e, late, next_stall;

	pin(sd->cpu);
	pthread_barrier_wait(&bar);
	next_stall = t0 + 1;
	for (;;) {
		b = now();
		if (stall_ms && b >= next_stall) {
			nanosleep(&st, NULL);
			next_stall += 1;
			continue;
		}
		nanosleep(&ts, NULL);
		e = now();
		late = e - b - (double)sleep_ns * 1e-9;
		if (late >= STOP_S) {
			sd->stops++;
			sd->lost_s += late;
		}
		sd->loops++;
		if (e - t0 > run_s)
			return NULL;
	}
}

static void *sleeper(void *arg);

static void pair(struct side *a, struct side *b, void *(*second)(void *))
{
	pthread_t ta, tb;

	pthread_barrier_init(&bar, NULL, 3);
	pthread_create(&ta, NULL, both && second == sleeper ? sleeper : spin, a);
	pthread_create(&tb, NULL, second, b);
	t0 = now();
	pthread_barrier_wait(&bar);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	pthread_barrier_destroy(&bar);
}

int main(int argc, char **argv)
{
	int opt, rounds = 0;
	char *list = NULL;

	while ((opt = getopt(argc, argv, "d:s:f:i:S:B")) != -1) {
		switch (opt) {
		case 'd': run_s = atof(optarg); break;
		case 's': list = optarg; break;
		case 'f': rounds = atoi(optarg); break;
		case 'i': idle_s = atof(optarg); break;
		case 'S': stall_ms = atol(optarg); break;
		case 'B': both = 1; break;
		default:
			fprintf(stderr, "usage: stops [-d S] (-s US,... [-S MS] [-B] | -f ROUNDS [-i S])\n");
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (list) {
		printf("sleep_us,loop_us,spin_stops,spin_lost_ms,sleep_stops,sleep_lost_ms,seconds\n");
		for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
			struct side a = { .cpu = 0 }, b = { .cpu = 1 };
			double us = atof(tok);

			sleep_ns = (long)(us * 1e3);
			pair(&a, &b, sleep_ns ? sleeper : spin);
			printf("%g,%.1f,%ld,%.1f,%ld,%.1f,%g\n", us,
			       b.loops ? (run_s - (double)stall_ms * 1e-3 * (int)run_s) * 1e6 /
			       (double)b.loops : 0, a.stops, a.lost_s * 1e3,
			       b.stops, b.lost_s * 1e3, run_s);
		}
	}
	if (rounds) {
		printf("round,cpu,at_s,ms\n");
		for (round_no = 0; round_no < rounds; round_no++) {
			struct side a = { .cpu = 0, .verbose = 1 }, b = { .cpu = 1, .verbose = 1 };

			usleep((useconds_t)(idle_s * 1e6));
			pair(&a, &b, spin);
			printf("%d,end,%g,0\n", round_no, run_s);
		}
	}
	return 0;
}
