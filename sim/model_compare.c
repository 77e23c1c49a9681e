// SPDX-License-Identifier: GPL-2.0-only
/* rbsim: model against real runs, and the variants' crossover (sim/model_compare.h) */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/engine.h"
#include "sim/hist.h"
#include "sim/model_compare.h"

void rbsim_model_vs_real(double model_mps, double real_mps, struct rbsim_model_vs_real *v)
{
	v->ratio = real_mps > 0 ? model_mps / real_mps : 0;
	v->within = real_mps > 0 && v->ratio >= 1 - RBSIM_MODEL_REAL_TOL &&
		    v->ratio <= 1 + RBSIM_MODEL_REAL_TOL;
}

/* append ",A" or ",A-B" (without the comma first) */
static void add_range(char *buf, size_t len, unsigned int a, unsigned int b)
{
	size_t at = strlen(buf);

	if (at >= len)
		return;
	if (a == b)
		snprintf(buf + at, len - at, "%s%u", at ? "," : "", a);
	else
		snprintf(buf + at, len - at, "%s%u-%u", at ? "," : "", a, b);
}

void rbsim_model_crossover(const unsigned int *p, const double *kernel_mps,
			   const double *variant_mps, unsigned int n, struct rbsim_crossover *x)
{
	static const unsigned int at[RBSIM_CROSSOVER_NAT] = RBSIM_CROSSOVER_AT;
	unsigned int i, k, start = 0, prev = 0;
	bool in = false;

	memset(x, 0, sizeof(*x));
	for (k = 0; k < RBSIM_CROSSOVER_NAT; k++)
		x->ratio_at[k] = -1;
	for (i = 0; i < n; i++) {
		bool beats = variant_mps[i] > kernel_mps[i] * RBSIM_CROSSOVER_MARGIN;

		for (k = 0; k < RBSIM_CROSSOVER_NAT; k++)
			if (p[i] == at[k] && kernel_mps[i] > 0)
				x->ratio_at[k] = variant_mps[i] / kernel_mps[i];
		if (beats && !x->first)
			x->first = p[i];
		/* a range runs over consecutive counts of the list, not of the integers */
		if (beats && !in)
			start = p[i];
		if (!beats && in)
			add_range(x->beats, sizeof(x->beats), start, prev);
		in = beats;
		prev = p[i];
	}
	if (in)
		add_range(x->beats, sizeof(x->beats), start, prev);
	if (!x->beats[0])
		snprintf(x->beats, sizeof(x->beats), "never");
}

unsigned int rbsim_real_fit(unsigned int want, double mps, unsigned int producers,
			    unsigned int busiest)
{
	double held = (double)RBSIM_REAL_BARE_RING / RBSIM_REAL_BARE_RECORD;
	double fill = mps * 1e6 * busiest / producers * RBSIM_REAL_FIT_MARGIN;
	double s = fill > 0 ? floor(held / fill) : want;

	return s < 1 ? 1 : s < want ? (unsigned int)s : want;
}

unsigned long long rbsim_real_ring(unsigned int s, double mps, unsigned int producers,
				   unsigned int busiest)
{
	double need = mps * 1e6 * busiest / producers * RBSIM_REAL_FIT_MARGIN * s *
		      RBSIM_REAL_BARE_RECORD;
	unsigned long long ring = RBSIM_REAL_BARE_MIN_RING;

	if (!(need > 0))
		return RBSIM_REAL_BARE_RING;
	while (ring < RBSIM_REAL_BARE_RING && (double)ring < need)
		ring <<= 1;
	return ring;
}

void rbsim_real_ring_arg(unsigned long long bytes, char *buf, size_t len)
{
	if (bytes >= (1ULL << 30) && !(bytes & ((1ULL << 30) - 1)))
		snprintf(buf, len, "%lluG", bytes >> 30);
	else
		snprintf(buf, len, "%lluM", bytes >> 20);
}

bool rbsim_real_stopped(const struct rbsim_result *r)
{
	/* the run's own counts where it kept them (lat_host_waits, prod_host_stops) */
	if ((r->have_host_waits && r->host_waits) || (r->have_prod_stops && r->prod_stops))
		return true;
	if (r->have_host_waits)
		return false;
	return r->hist && r->hist->count && r->hist->max >= RBSIM_HOST_STOP_NS;
}
