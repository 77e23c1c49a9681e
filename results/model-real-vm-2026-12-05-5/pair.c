// SPDX-License-Identifier: GPL-2.0-only
/*
 * pair.c: what a record costs two producers on the port, with no rbsim
 * harness. usage: pair one|two RECORDS SAMPLES RING_MIB [mapped]
 *
 * Each sample: a thread on CPU 1 alone, then a thread on CPU 0 and one on
 * CPU 1 at once, each reserving and submitting RECORDS 8-byte records
 * (BPF_RB_NO_WAKEUP) with the kernel's reservation under the queued lock
 * (the hand-off `rbsim model --against-real` runs), no consumer: `one`
 * ring shared by the two, or `two`, a ring each (as --reserve percpu). The
 * rings are made fresh for each run (RING_MIB each; 16 bytes a record, so
 * they never fill below RING_MIB x 65536 records), their lines fresh
 * memory as the real runs' 2 GiB rings. `mapped`: each ring is also
 * mapped as a consumer maps it (ringbuf_map__mmap(): consumer_pos, and the
 * producer page and the data twice, read-only), which rbsim run does for
 * every ring, --consumer none included (its snapshot), and nothing reads
 * it while the producers run. Per sample: ns a record (the
 * wall time over the records of the run), and the time each thread's clock
 * reads, one every 1024 records, came 1 ms or more after the one before
 * (a CPU off its thread); then the medians over SAMPLES and their range.
 * Build from the repository's top:
 *   gcc -O2 -I. -o pair pair.c $(make -s print-ldlibs)
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/bpf.h>

#include "ringbuf/ringbuf.h"

static long records;
static int mapped;
static struct bpf_ringbuf_map *ring[2];
static double lost_ms[2];
static volatile int go, ready;

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static void pin(int cpu)
{
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	sched_setaffinity(0, sizeof(s), &s);
}

static void produce(struct bpf_ringbuf_map *m, int cpu)
{
	double last = now_ns(), t;

	lost_ms[cpu] = 0;
	for (long i = 0; i < records; i++) {
		__u64 *r;

		if (!(i & 1023)) {
			t = now_ns();
			if (t - last >= 1e6)
				lost_ms[cpu] += (t - last) / 1e6;
			last = t;
		}
		r = bpf_ringbuf_reserve(m, 8, 0);
		if (!r) {
			fprintf(stderr, "pair: a reservation failed: the ring is too small\n");
			exit(1);
		}
		*r = i;
		bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
	}
}

static void *on_cpu0(void *arg)
{
	pin(0);
	__atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
		;
	produce(arg, 0);
	return NULL;
}

/* ns a record of one run: CPU 1 alone (pair 0), or CPUs 0 and 1 at once */
static double run(int pair, int two, __u32 ring_bytes)
{
	pthread_t t;
	double t0;

	struct ringbuf_mmap view[2] = { 0 };

	for (int i = 0; i < 2; i++) {
		ring[i] = ringbuf_map__new(ring_bytes, 0);
		if (!ring[i] || ringbuf_map__set_lock_handoff(ring[i], RINGBUF_LOCK_QUEUED) ||
		    (mapped && ringbuf_map__mmap(ring[i], &view[i]))) {
			fprintf(stderr, "pair: cannot make a ring of %u bytes\n", ring_bytes);
			exit(1);
		}
	}
	go = ready = 0;
	lost_ms[0] = lost_ms[1] = 0;
	if (pair)
		pthread_create(&t, NULL, on_cpu0, ring[two ? 0 : 1]);
	pin(1);
	while (pair && !__atomic_load_n(&ready, __ATOMIC_ACQUIRE))
		;
	t0 = now_ns();
	__atomic_store_n(&go, 1, __ATOMIC_RELEASE);
	produce(ring[1], 1);
	if (pair)
		pthread_join(t, NULL);
	t0 = now_ns() - t0;
	for (int i = 0; i < 2; i++) {
		ringbuf_map__munmap(&view[i]);
		ringbuf_map__free(ring[i]);
	}
	return t0 / (pair ? 2.0 * records : records);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int samples, two;
	unsigned long mib;

	mapped = argc == 6 && !strcmp(argv[5], "mapped");
	if ((argc != 5 && !mapped) || (strcmp(argv[1], "one") && strcmp(argv[1], "two")) ||
	    (records = atol(argv[2])) <= 0 || (samples = atoi(argv[3])) <= 0 ||
	    (mib = strtoul(argv[4], NULL, 10)) < 1 || mib > 2048 || (mib & (mib - 1))) {
		fprintf(stderr, "usage: pair one|two RECORDS SAMPLES RING_MIB [mapped] (RING_MIB "
			"a power of 2, at most 2048)\n");
		return 2;
	}
	two = !strcmp(argv[1], "two");
	double alone[samples], both[samples];

	printf("# %s ring%s of %lu MiB%s, %ld records a thread\n", two ? "two" : "one",
	       two ? "s" : "", mib, mapped ? ", mapped as a consumer maps it" : "", records);
	for (int s = 0; s < samples; s++) {
		alone[s] = run(0, two, (__u32)(mib << 20));
		printf("alone %.1f ns, lost %.1f ms;", alone[s], lost_ms[1]);
		both[s] = run(1, two, (__u32)(mib << 20));
		printf(" pair %.1f ns, lost %.1f / %.1f ms (CPU 0 / 1)\n", both[s], lost_ms[0],
		       lost_ms[1]);
		fflush(stdout);
	}
	qsort(alone, samples, sizeof(double), cmp);
	qsort(both, samples, sizeof(double), cmp);
	printf("# medians: alone %.1f (%.1f-%.1f), pair %.1f (%.1f-%.1f) ns a record\n",
	       alone[samples / 2], alone[0], alone[samples - 1], both[samples / 2], both[0],
	       both[samples - 1]);
	return 0;
}
