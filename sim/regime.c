// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the regime of each second of a run. With adaptive wake-ups a ring
 * buffer run is bistable (issue 15): either the consumer catches up with the
 * producer and is notified and woken again and again, each wake-up costing
 * microseconds, or the producer runs ahead and the consumer, always finding
 * records, seldom sleeps. A mean over seconds, or over runs, hides which one
 * a run was in; a prediction is judged per regime and by the share of time
 * spent in each.
 *
 * The rule, per second: caught up when the consumer took at most
 * REGIME_RECORDS records per wake-up (a wait that returned records), ahead
 * when it took more. Records per wake-up, not wake-ups per batch, so that
 * the rule does not move with --batch. On a 2-vCPU KVM guest (Linux 6.18,
 * 1 producer of 8-byte records, adaptive, libbpf consumer) the kernel's
 * caught-up seconds took 4 to 5 records per wake-up (0.6 M records/s), its
 * ahead seconds 36 to 2500 (3 to 9 M/s, the ring full), the port's 47 to
 * 140: 16 sits a factor 3 from each. A second without records is caught up
 * (nothing was left behind). sec_wakeups and sec_hits_mps in every row let
 * a reader judge another split.
 */
#include <stdlib.h>

#include "sim/engine.h"

#define REGIME_RECORDS 16.0

static const char *const names[RBSIM_REGIME_NR] = {
	[RBSIM_REGIME_CAUGHT_UP] = "caught-up",
	[RBSIM_REGIME_AHEAD] = "ahead",
};

const char *rbsim_regime_name(enum rbsim_regime g)
{
	return g < RBSIM_REGIME_NR ? names[g] : "none";
}

char rbsim_regime_letter(enum rbsim_regime g)
{
	return g == RBSIM_REGIME_CAUGHT_UP ? 'c' : 'a';
}

void rbsim_regime_classify(struct rbsim_seconds *sec, struct rbsim_regimes *out)
{
	unsigned int i, count[RBSIM_REGIME_NR] = { 0 };
	enum rbsim_regime prev = RBSIM_REGIME_NR, g;

	*out = (struct rbsim_regimes){ .settled = -1 };
	free(sec->regime);
	sec->regime = calloc(sec->n + 1, 1);
	if (!sec->regime)
		return;
	for (i = 0; i < sec->n; i++) {
		g = sec->wakeups[i] * REGIME_RECORDS >= sec->hits[i] ? RBSIM_REGIME_CAUGHT_UP :
									 RBSIM_REGIME_AHEAD;
		sec->regime[i] = rbsim_regime_letter(g);
		count[g]++;
		if (prev != RBSIM_REGIME_NR && g != prev)
			out->switches++;
		prev = g;
	}
	out->seconds = sec->n;
	for (i = 0; i < RBSIM_REGIME_NR && sec->n; i++)
		out->share[i] = (double)count[i] / sec->n;
	if (sec->n)
		out->settled = prev;
}
