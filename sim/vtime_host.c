// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the virtual-time engine's host that stops a CPU (--vcosts
 * hoststop=QUOTA/PERIOD/BURST; sim/vtime.md, "The host's stops").
 *
 * What it stands for: on the 2-vCPU EPYC guest of
 * results/host-stalls-vm-2026-12-04 and results/stops-vm-2026-12-05 the
 * host stops a vCPU for a whole 100 ms period, now and then, while the guest
 * keeps both vCPUs busy, and a vCPU the host polls while it idles (KVM's
 * halt polling, haltpoll=) counts as busy: a consumer that sleeps 100 us at
 * a time is stopped as often as one that spins, one that sleeps 150 us
 * (over the polling window) never. Averaged over many periods the guest
 * lost what a quota between one and two CPUs would take; the stops come
 * whole periods at a time.
 *
 * The model: each CPU of the run (each producer's, then the consumer's with
 * --vplace apart; with --vplace shared the consumer runs on the first
 * producer's, which is counted as that producer's) uses the host's time
 * except while it halts: a producer between its records, the consumer
 * asleep in its wait or in a --stall, beyond the host's polling window of
 * the sleep (haltpoll=; without it every sleep halts). At each PERIOD's end
 * the CPUs' use is taken from a bucket that gains QUOTA a period and holds
 * BURST at most (it starts full); while the bucket is below 0 the host
 * stops as many CPUs as whole periods it owes (one at least), drawn among
 * those that ran in the period by their use, for the whole next period. A
 * stopped producer does nothing then (its records due wait, as for a busy
 * one); a stopped consumer neither (its work resumes after, a wake-up due
 * runs then). The decision for a period is made at its start, from what ran
 * before: a step scheduled before it that falls inside is moved out, as a
 * --stall window moves it. The drain after the run has no stops.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/vtime_int.h"

int vt_host_setup(struct vt *vt, char *err, size_t errlen)
{
	const struct rbsim_cfg *cfg = vt->cfg;
	struct vt_host *h;

	if (!cfg->vcosts.hoststop_period_ns || vt->mc)
		return 0;
	if (cfg->b2b) {
		snprintf(err, errlen, "--vcosts hoststop= with --b2b: a back-to-back run is one "
			 "thread on one CPU; the host's stops need a producer's and a consumer's");
		return -EINVAL;
	}
	h = calloc(1, sizeof(*h));
	if (!h)
		goto oom;
	h->n = vt->nprod + (cfg->vplace == RBSIM_VPLACE_SHARED ? 0 : 1);
	h->cpu = calloc(h->n, sizeof(*h->cpu));
	if (!h->cpu) {
		free(h);
		goto oom;
	}
	h->next = cfg->vcosts.hoststop_period_ns < vt->end_ns ? cfg->vcosts.hoststop_period_ns :
		  VT_NEVER;
	h->bucket = (__s64)cfg->vcosts.hoststop_burst_ns;
	/* a stream of its own ("host"), so that the draw moves no other */
	rbsim_rng_seed(&h->rng, cfg->seed, 0x686f7374);
	vt->host = h;
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
	return -ENOMEM;
}

void vt_host_free(struct vt *vt)
{
	if (!vt->host)
		return;
	free(vt->host->cpu);
	free(vt->host);
	vt->host = NULL;
}

__u64 vt_stall_time(const struct vt *vt, __u64 t)
{
	const struct rbsim_cfg *cfg = vt->cfg;
	__u64 e = cfg->stall_every_ns, d = cfg->stall_ns, m;

	if (!d || !e)
		return 0;
	if (d > e)
		d = e;
	m = t / e;
	if (!m)
		return 0;
	return (m - 1) * d + (t - m * e < d ? t - m * e : d);
}

/* hc halted over [a, b): the part after what was counted; the consumer's less its stalls' */
static void halted(struct vt *vt, struct vt_hcpu *hc, __u64 a, __u64 b, bool cons)
{
	if (a < hc->counted_to)
		a = hc->counted_to;
	if (b <= a)
		return;
	hc->halted += b - a;
	/* a stall's time is the consumer's halt already (vt_host_period()) */
	if (cons)
		hc->halted -= vt_stall_time(vt, b) - vt_stall_time(vt, a);
	hc->counted_to = b;
}

void vt_host_prod_runs(struct vt *vt, struct vt_prod *vp)
{
	struct vt_hcpu *hc = &vt->host->cpu[vp->p.id];
	__u64 from = vp->free_ns, t = vp->t;

	if (t <= from)
		return;
	halted(vt, hc, from + hc->window, t, false);
	rbsim_vcosts_haltpoll_after(&vt->cfg->vcosts, t - from, &hc->window);
}

void vt_host_cons_slept(struct vt *vt, __u64 from, __u64 to, __u64 w)
{
	struct vt_host *h = vt->host;

	if (h->n > vt->nprod)
		halted(vt, &h->cpu[vt->nprod], from + w, to, true);
}

/* the consumer's CPU stopped over [from, to): its steps move out of it */
static void cons_stop(struct vt *vt, __u64 from, __u64 to)
{
	vt->cons.hs_from = from;
	vt->cons.hs_to = to;
	vt_cons_yield(vt, from, to);
}

static void stop(struct vt *vt, unsigned int i, __u64 from, __u64 to)
{
	struct vt_hcpu *hc = &vt->host->cpu[i];
	struct vt_prod *vp;

	hc->stop_to = to;
	hc->stops++;
	/* the stop is not the CPU's own halt: nothing of it is counted */
	hc->counted_to = to;
	if (i == vt->nprod) {
		cons_stop(vt, from, to);
		return;
	}
	vp = &vt->prods[i];
	/* its record in progress resumes after the stop; idle, it is free at its end */
	vp->free_ns = vp->free_ns > from ? vp->free_ns + (to - from) : to;
	if (vp->t != VT_NEVER) {
		vt_attempt(vt, vp);
		vt_heap_later(vt, vp);
		vt->host_moved = true;
	}
	if (i == 0 && vt->cfg->vplace == RBSIM_VPLACE_SHARED)
		cons_stop(vt, from, to);
}

void vt_host_period(struct vt *vt)
{
	const struct rbsim_vcosts *c = &vt->cfg->vcosts;
	struct vt_host *h = vt->host;
	const __u64 P = c->hoststop_period_ns, B = h->next, S = B - P;
	__u64 total = 0, owed;
	unsigned int i;

	for (i = 0; i < h->n; i++) {
		struct vt_hcpu *hc = &h->cpu[i];

		if (hc->stop_to > S) {
			hc->used = 0;
		} else if (i < vt->nprod) {
			struct vt_prod *vp = &vt->prods[i];

			/* idle since it was free (its next attempt is at B or later) */
			if (vp->free_ns < B)
				halted(vt, hc, vp->free_ns + hc->window, B, false);
		} else if (vt->cons.st == VC_SLEEP) {
			halted(vt, hc, vt->cons.sleep_t + vt->cons.haltpoll_w, B, true);
		} else if (vt->cons.st == VC_DONE) {
			halted(vt, hc, S, B, true);
		}
		if (hc->stop_to <= S) {
			if (i == vt->nprod)
				hc->halted += vt_stall_time(vt, B) - vt_stall_time(vt, S);
			hc->used = hc->halted < P ? P - hc->halted : 0;
		}
		hc->halted = 0;
		if (hc->counted_to < B)
			hc->counted_to = B;
		total += hc->used;
	}
	h->bucket += (__s64)c->hoststop_quota_ns - (__s64)total;
	if (h->bucket > (__s64)c->hoststop_burst_ns)
		h->bucket = (__s64)c->hoststop_burst_ns;
	/* a stop for each whole period owed, one at least, among the CPUs that ran */
	owed = h->bucket < 0 ? ((__u64)-h->bucket + P - 1) / P : 0;
	for (; owed; owed--) {
		__u64 sum = 0, x;

		for (i = 0; i < h->n; i++)
			if (h->cpu[i].stop_to <= B)
				sum += h->cpu[i].used;
		if (!sum)
			break;
		x = rbsim_rng_next(&h->rng) % sum;
		for (i = 0; i < h->n; i++) {
			if (h->cpu[i].stop_to > B)
				continue;
			if (x < h->cpu[i].used)
				break;
			x -= h->cpu[i].used;
		}
		stop(vt, i, B, B + P);
	}
	/* a stop from the run's end on would stop nothing */
	h->next = B + P < vt->end_ns ? B + P : VT_NEVER;
}
