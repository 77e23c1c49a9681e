// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim's probe of the CPU time a machine takes away from busy threads: one
 * thread pinned to each of the first THREADS CPUs the process may use reads
 * CLOCK_MONOTONIC in a loop for SECONDS, and every interval of MS or more
 * between two reads is a gap, a stretch in which the thread did not run.
 * Interrupts make gaps of microseconds; the guest's scheduler makes gaps in
 * which the thread waits on its run queue (the run_delay of
 * /proc/thread-self/schedstat, read at every turn of the loop); a hypervisor
 * that stops a vCPU (for another guest, or for a CPU quota on the VM: a
 * cgroup's cpu.max runs out and the vCPU waits for the next period) makes
 * gaps the guest cannot see, with no wait and no steal time. On the 2-vCPU
 * guest of results/host-stalls-vm-2026-12-04 one busy thread lost nothing
 * and two lost 2 to 9% of their time in gaps of about 100 ms, which every
 * benchmark that keeps both vCPUs busy shares (scripts/bench.py writes both
 * figures into each folder's env.txt).
 *
 * usage: cpu_gaps [-d SECONDS] [-t THREADS] [-m MS] [-o FILE]
 *   -d  how long each thread spins (0.01-600 s; default 3)
 *   -t  busy threads, one a CPU (1 to the CPUs the process may use; default all)
 *   -m  the shortest interval counted as a gap (0.1-1000 ms; default 1)
 *   -o  every gap as CSV: thread,cpu,end_s,gap_ms,waited_ms (waited: the
 *       part of the gap the guest kept the thread on its run queue; -1 where
 *       the kernel has no schedstat; a wait that began between the gap's end
 *       and the schedstat read after it counts here while its time is the
 *       next gap's: 3.691 ms waited in a gap of 3.650, 2026-12-06)
 * prints one line: threads=T seconds=S gaps=N long=L longest_ms=X lost_ms=Y
 * waited_ms=W lost_pct=Z (long: gaps of 20 ms or more; lost_pct: lost_ms of
 * T x S; lost_ms - waited_ms is the time the hypervisor took; W is -1
 * without schedstat)
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LONG_GAP_MS 20.0 /* several scheduler ticks: not an interrupt, not a tick */
#define MAX_GAPS 100000	 /* a thread's gaps kept for -o; more are counted, not kept */

struct gap {
	double end_s, ms, waited_ms;
};

struct spinner {
	pthread_t tid;
	int cpu;
	struct gap *gaps;
	long n;		/* gaps seen, kept or not */
	double lost_ms, longest_ms, waited_ms;
	long longs;
	int err;	/* 0, or the errno of a failed pin */
};

static double run_s = 3, min_ms = 1;
static int ready;	/* threads pinned and waiting for the start */
static int go;		/* set by main once every thread is ready */

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

/* the ns the calling thread has waited on a run queue, from fd (its schedstat); -1 if none */
static double run_delay_ns(int fd)
{
	char buf[128];
	ssize_t n;

	if (fd < 0)
		return -1;
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* "<time on the CPU> <time waiting on a run queue> <slices>", in ns */
	return strtod(strchr(buf, ' ') ? strchr(buf, ' ') : "-1", NULL);
}

static void *spin(void *arg)
{
	struct spinner *s = arg;
	double t0, last, t;
	double wait, wait_last;
	int fd;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(s->cpu, &set);
	s->err = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	/* pairs with main's acquire load of ready: this thread is pinned (or failed) */
	__atomic_fetch_add(&ready, 1, __ATOMIC_RELEASE);
	if (s->err)
		return NULL;
	/* pairs with main's release store of go: every thread starts spinning at once */
	while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
		;
	fd = open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
	t0 = last = now_s();
	wait_last = run_delay_ns(fd);
	while ((t = now_s()) - t0 < run_s) {
		double ms = (t - last) * 1e3, waited;

		/* read after the clock: a wait inside [last, t] has moved it */
		wait = run_delay_ns(fd);
		if (ms >= min_ms) {
			waited = wait < 0 ? -1 : (wait - wait_last) / 1e6;
			if (s->n < MAX_GAPS)
				s->gaps[s->n] = (struct gap){ t - t0, ms, waited };
			s->n++;
			s->longs += ms >= LONG_GAP_MS;
			s->lost_ms += ms;
			if (waited < 0 || s->waited_ms < 0)
				s->waited_ms = -1;
			else
				s->waited_ms += waited;
			if (ms > s->longest_ms)
				s->longest_ms = ms;
		}
		last = t;
		wait_last = wait;
	}
	if (fd >= 0)
		close(fd);
	return NULL;
}

static int bad(const char *fmt, const char *arg)
{
	fprintf(stderr, "cpu_gaps: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	return 2;
}

/* a number in [lo, hi] spelled whole, or false */
static bool number(const char *s, double lo, double hi, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	return *s && !*end && !errno && *v >= lo && *v <= hi;
}

int main(int argc, char **argv)
{
	const char *csv = NULL;
	struct spinner *sp;
	double threads_d = 0, longest = 0, lost = 0, waited = 0;
	long gaps = 0, longs = 0;
	int ncpu, threads, i, c, cpus[CPU_SETSIZE];
	cpu_set_t allowed;
	FILE *f = NULL;

	if (sched_getaffinity(0, sizeof(allowed), &allowed)) {
		fprintf(stderr, "cpu_gaps: sched_getaffinity: %s\n", strerror(errno));
		return 1;
	}
	for (ncpu = 0, c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &allowed))
			cpus[ncpu++] = c;
	opterr = 0; /* one line of our own for a bad option, not getopt's as well */
	while ((c = getopt(argc, argv, "d:t:m:o:")) != -1) {
		switch (c) {
		case 'd':
			if (!number(optarg, 0.01, 600, &run_s))
				return bad("-d '%s': not a number of seconds from 0.01 to 600", optarg);
			break;
		case 't':
			if (!number(optarg, 1, ncpu, &threads_d) || threads_d != (int)threads_d) {
				fprintf(stderr, "cpu_gaps: -t '%s': not a thread count from 1 to %d "
					"(the CPUs this process may use)\n", optarg, ncpu);
				return 2;
			}
			break;
		case 'm':
			if (!number(optarg, 0.1, 1000, &min_ms))
				return bad("-m '%s': not a number of milliseconds from 0.1 to 1000",
					   optarg);
			break;
		case 'o':
			csv = optarg;
			break;
		default:
			fprintf(stderr, "cpu_gaps: %s -%c; usage: cpu_gaps [-d SECONDS] "
				"[-t THREADS] [-m MS] [-o FILE]\n",
				strchr("dtmo", optopt) ? "no value for" : "unknown option", optopt);
			return 2;
		}
	}
	if (optind < argc)
		return bad("unexpected argument '%s'", argv[optind]);
	threads = threads_d ? (int)threads_d : ncpu;
	if (csv && !(f = fopen(csv, "w")))
		return bad("-o '%s': cannot be written", csv);
	sp = calloc(threads, sizeof(*sp));
	for (i = 0; sp && i < threads; i++) {
		sp[i].cpu = cpus[i];
		sp[i].gaps = calloc(MAX_GAPS, sizeof(*sp[i].gaps));
		if (!sp[i].gaps || pthread_create(&sp[i].tid, NULL, spin, &sp[i])) {
			fprintf(stderr, "cpu_gaps: cannot start thread %d\n", i);
			if (f)
				unlink(csv); /* nothing half-written */
			return 1; /* the threads started spin for -d and die with the process */
		}
	}
	if (!sp) {
		fprintf(stderr, "cpu_gaps: out of memory\n");
		if (f)
			unlink(csv);
		return 1;
	}
	/* pairs with each thread's release increment: all pinned before the start */
	while (__atomic_load_n(&ready, __ATOMIC_ACQUIRE) < threads)
		;
	/* pairs with the threads' acquire loads of go */
	__atomic_store_n(&go, 1, __ATOMIC_RELEASE);
	for (i = 0; i < threads; i++)
		pthread_join(sp[i].tid, NULL);
	for (i = 0; i < threads; i++) {
		if (sp[i].err) {
			fprintf(stderr, "cpu_gaps: cannot pin thread %d to CPU %d: %s\n", i,
				sp[i].cpu, strerror(sp[i].err));
			if (f)
				unlink(csv);
			return 1;
		}
		if (f && sp[i].n > MAX_GAPS)
			fprintf(stderr, "cpu_gaps: -o keeps the first %d of thread %d's %ld gaps\n",
				MAX_GAPS, i, sp[i].n);
	}
	if (f)
		fprintf(f, "thread,cpu,end_s,gap_ms,waited_ms\n");
	for (i = 0; i < threads; i++) {
		for (long k = 0; f && k < sp[i].n && k < MAX_GAPS; k++)
			fprintf(f, "%d,%d,%.6f,%.3f,%.3f\n", i, sp[i].cpu, sp[i].gaps[k].end_s,
				sp[i].gaps[k].ms, sp[i].gaps[k].waited_ms);
		gaps += sp[i].n;
		waited = waited < 0 || sp[i].waited_ms < 0 ? -1 : waited + sp[i].waited_ms;
		longs += sp[i].longs;
		lost += sp[i].lost_ms;
		if (sp[i].longest_ms > longest)
			longest = sp[i].longest_ms;
	}
	if (f && fclose(f))
		return bad("-o '%s': cannot be written", csv);
	printf("threads=%d seconds=%.2f gaps=%ld long=%ld longest_ms=%.3f lost_ms=%.3f "
	       "waited_ms=%.3f lost_pct=%.2f\n", threads, run_s, gaps, longs, longest, lost,
	       waited, lost / (threads * run_s * 1e3) * 100);
	return 0;
}
