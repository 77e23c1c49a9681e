// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim calibrate: the host's stops of a busy vCPU (a profile's
 * "host_stops", virtual time's --vcosts hoststop=; sim/calibration.md,
 * "Host stops").
 *
 * Some hosts stop a vCPU for a whole period now and then while the guest
 * keeps several busy (results/host-stalls-vm-2026-12-04, stops-vm-2026-12-05:
 * 100 ms at a time on the 2-vCPU EPYC VM, never with one busy). Each round
 * leaves the CPUs idle for a second, then spins one thread on each of the
 * two calibrating CPUs, reading the clock, for --host-stops seconds: every
 * gap of 20 ms or more between two reads is a stop (interrupts and the
 * guest's own scheduler make gaps of microseconds to a few ms). From the
 * rounds with a stop: the period, the stops' median length; the quota,
 * what the host left the two from the first stop on (2 CPUs less the time
 * stopped over the time from each round's first stop to its end, the
 * rounds pooled); the burst, what the two overdrew at that rate before the
 * first stop (its median start). The bucket of sim/vtime_host.c, read off
 * a busy spell: it overdraws by 2 - quota a period, holds the burst at the
 * start and is empty at the first stop.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ringbuf/kernel_compat.h"
#include "sim/clock.h"
#include "bpf/calibrate_internal.h"

#define STOP_NS 20000000ULL  /* a gap this long is not the guest's own */
#define STOP_IDLE_S 1        /* the CPUs idle before each round */
#define STOPS_MAX 4096       /* a thread's stops kept (its count goes on) */

struct spinner {
	int cpu;
	__u64 t0, end;
	int *go;                 /* 1: spin from t0 to end; -1: do not (S1) */
	unsigned int n;
	__u64 stopped;
	__u64 first;             /* the first stop's start, from t0; ~0: none */
	double len[STOPS_MAX];
	int err;
};

static void *spin(void *arg)
{
	struct spinner *s = arg;
	cpu_set_t set;
	__u64 prev, now;
	int go;

	CPU_ZERO(&set);
	CPU_SET(s->cpu, &set);
	s->err = -pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	/* S1: pairs with round_once()'s release of go, after t0 and end */
	while (!(go = smp_load_acquire(s->go)))
		;
	if (s->err || go < 0)
		return NULL;
	prev = rbsim_now_ns();
	while (prev < s->end) {
		now = rbsim_now_ns();
		if (now - prev >= STOP_NS) {
			if (s->n < STOPS_MAX)
				s->len[s->n] = (double)(now - prev);
			if (s->first == ~0ULL)
				s->first = prev - s->t0;
			s->n++;
			s->stopped += now - prev;
		}
		prev = now;
	}
	return NULL;
}

/* one round: the two spinners' stops into r, their lengths appended to len[*nlen] */
static int round_once(struct cal *cal, unsigned int spin_s, struct rbsim_stop_round *r,
		      double *len, unsigned int *nlen, unsigned int cap)
{
	struct spinner *s = calloc(2, sizeof(*s));
	pthread_t th[2];
	int ret = 0, made = 0, go = 0;

	if (!s)
		return -ENOMEM;
	sleep(STOP_IDLE_S);
	for (int i = 0; i < 2; i++) {
		s[i].cpu = i ? cal->cons_cpu : cal->prod_cpu;
		s[i].go = &go;
		s[i].first = ~0ULL;
		ret = -pthread_create(&th[i], NULL, spin, &s[i]);
		if (ret)
			break;
		made++;
	}
	if (made == 2) {
		s[0].t0 = s[1].t0 = rbsim_now_ns();
		s[0].end = s[1].end = s[0].t0 + (__u64)spin_s * 1000000000ULL;
	}
	/* S1: t0 and end before it; a thread not made: the other does not spin */
	smp_store_release(&go, made == 2 ? 1 : -1);
	for (int i = 0; i < made; i++)
		pthread_join(th[i], NULL);
	if (!ret)
		ret = s[0].err ? s[0].err : s[1].err;
	if (ret) {
		if (made < 2)
			snprintf(cal->err, sizeof(cal->err), "host stops: starting a spinning "
				 "thread: %s", strerror(-ret));
		else
			snprintf(cal->err, sizeof(cal->err), "host stops: pinning a spinning "
				 "thread to CPU %d: %s", s[0].err ? s[0].cpu : s[1].cpu,
				 strerror(-ret));
		free(s);
		return ret;
	}
	r->spin_ns = (double)spin_s * 1e9;
	r->stops = s[0].n + s[1].n;
	r->stopped_ns = (double)(s[0].stopped + s[1].stopped);
	r->first_ns = s[0].first < s[1].first ? (double)s[0].first :
		      s[1].first != ~0ULL ? (double)s[1].first : 0;
	for (int i = 0; i < 2; i++)
		for (unsigned int k = 0; k < s[i].n && k < STOPS_MAX && *nlen < cap; k++)
			len[(*nlen)++] = s[i].len[k];
	free(s);
	return 0;
}

int cal_host_stops(struct cal *cal, unsigned int spin_s, unsigned int rounds)
{
	struct rbsim_host_stops *h = &cal->stops;
	unsigned int cap = rounds * 2 * STOPS_MAX, nlen = 0, nf = 0;
	double *len = calloc(cap, sizeof(*len)), first[RBSIM_PROFILE_STOP_ROUNDS];
	double stopped = 0, after = 0, over;
	int ret = 0;

	memset(h, 0, sizeof(*h));
	if (!len)
		return -ENOMEM;
	if (cal->prod_cpu < 0 || cal->cons_cpu < 0 || cal->prod_cpu == cal->cons_cpu) {
		free(len);
		return 0;
	}
	for (unsigned int i = 0; !ret && i < rounds; i++) {
		if (!cal->quiet)
			fprintf(stderr, "calibrate: host stops, round %u of %u: CPUs %d and %d idle "
				"%d s, then busy %u s\n", i + 1, rounds, cal->prod_cpu,
				cal->cons_cpu, STOP_IDLE_S, spin_s);
		ret = round_once(cal, spin_s, &h->round[i], len, &nlen, cap);
	}
	if (ret) {
		free(len);
		return ret;
	}
	h->nrounds = rounds;
	if (!nlen) {
		free(len);
		return 0;
	}
	h->period_ns = cal_median(len, nlen);
	for (unsigned int i = 0; i < rounds; i++) {
		const struct rbsim_stop_round *r = &h->round[i];

		if (!r->stops)
			continue;
		stopped += r->stopped_ns;
		after += r->spin_ns - r->first_ns;
		first[nf++] = r->first_ns;
	}
	/* the CPUs' worth the host took from the first stop on: 2 less it is the quota */
	over = after > 0 ? stopped / after : 0;
	if (over > 1)
		over = 1;
	h->quota_ns = (2 - over) * h->period_ns;
	h->burst_ns = over * cal_median(first, nf);
	free(len);
	return 0;
}
