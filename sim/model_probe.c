// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim model --probe: the cache-line transfer latency between two CPUs of
 * this machine, measured as nviennot/core-to-core-latency's CAS benchmark
 * does (src/bench/cas.rs): two threads pinned to the CPUs take turns on one
 * line with compare-and-swap; a round trip is two transfers; one-way =
 * round trip / 2. Samples are short bursts of round trips: on a machine
 * shared with other work (and a VM's vCPUs, which the host schedules), a
 * burst is slow whenever one of the two threads is off its CPU, so the
 * fastest bursts are the transfer latency and the median says how often the
 * pair ran together.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/clock.h"
#include "sim/model_probe.h"

struct probe {
	unsigned long word __attribute__((aligned(128))); /* the line that moves */
	unsigned long rounds;
	int cpu[2];
	int err;
};

static int pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

/* the side that moves even values to odd ones (parity 0), or odd to even (1) */
static void take_turns(struct probe *pr, unsigned long parity)
{
	unsigned long i, want;

	for (i = 0; i < pr->rounds; i++) {
		want = 2 * i + parity;
		/* acq_rel: each turn orders after the other side's last one */
		while (!__atomic_compare_exchange_n(&pr->word, &(unsigned long){ want }, want + 1,
						    false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
			;
	}
}

static void *responder(void *arg)
{
	struct probe *pr = arg;

	/* the CPU was checked allowed: a failure here only leaves it unpinned */
	pr->err = pin(pr->cpu[1]);
	take_turns(pr, 1);
	return NULL;
}

int rbsim_c2c_probe(int a, int b, unsigned int samples, unsigned long rounds, double *ns,
		    char *err, size_t len)
{
	cpu_set_t allowed;
	struct probe *pr;
	unsigned long burst = rounds / samples, i, want;
	unsigned int s;
	pthread_t t;

	if (sched_getaffinity(0, sizeof(allowed), &allowed) || a == b || a < 0 || b < 0 ||
	    a >= CPU_SETSIZE || b >= CPU_SETSIZE || !CPU_ISSET(a, &allowed) ||
	    !CPU_ISSET(b, &allowed) || !burst) {
		snprintf(err, len, "CPUs %d and %d: two different CPUs this process may run on",
			 a, b);
		return -EINVAL;
	}
	pr = aligned_alloc(128, sizeof(*pr));
	if (!pr) {
		snprintf(err, len, "out of memory");
		return -ENOMEM;
	}
	memset(pr, 0, sizeof(*pr));
	pr->rounds = burst * samples;
	pr->cpu[1] = b;
	if (pin(a) || pthread_create(&t, NULL, responder, pr)) {
		snprintf(err, len, "cannot start the probe on CPUs %d and %d", a, b);
		free(pr);
		return -EAGAIN;
	}
	/* one sample a burst: on a shared machine the fastest bursts are the ones the two
	 * threads spent on their CPUs together */
	for (s = 0, i = 0; s < samples; s++) {
		__u64 t0 = rbsim_now_ns();

		for (; i < (s + 1) * burst; i++) {
			want = 2 * i;
			/* acq_rel: each turn orders after the other side's last one */
			while (!__atomic_compare_exchange_n(&pr->word, &(unsigned long){ want },
							    want + 1, false, __ATOMIC_ACQ_REL,
							    __ATOMIC_RELAXED))
				;
		}
		/* two transfers a round */
		ns[s] = (double)(rbsim_now_ns() - t0) / (2.0 * burst);
	}
	pthread_join(t, NULL);
	free(pr);
	return 0;
}
