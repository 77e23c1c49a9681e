// SPDX-License-Identifier: GPL-2.0-only
/* Synthetic calibration profiles (see profile.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>

#include "tests/helpers/profile.h"

void tp_make(struct rbsim_profile *p, const struct rbsim_costs *kernel,
	     const struct rbsim_costs *port, unsigned int n)
{
	const struct rbsim_costs *side[RBSIM_NSIDES] = { kernel, port };
	double *v = calloc(n, sizeof(double));

	cr_assert_not_null(v, "calloc");
	memset(p, 0, sizeof(*p));
	rbsim_machine_here(&p->machine);
	/* no preemption model: a calibrated port's batches as the pure port's, unless asked */
	p->machine.preempt = RBSIM_PREEMPT_UNKNOWN;
	p->machine.preempt_from[0] = '\0';
	snprintf(p->date, sizeof(p->date), "2026-12-01T12:00:00Z");
	snprintf(p->git, sizeof(p->git), "synthetic");
	snprintf(p->rbsim, sizeof(p->rbsim), "0.1");
	snprintf(p->trigger_syscall, sizeof(p->trigger_syscall), "syscall");
	p->samples = n;
	p->passes = 1;
	for (int s = 0; s < RBSIM_NSIDES; s++) {
		for (int k = 0; k < RBSIM_NCOSTS; k++) {
			double m = rbsim_cost_get(side[s], k);

			/* m - 1, m, m + 1, ...: the median is m whatever n is */
			for (unsigned int i = 0; i < n; i++)
				v[i] = m + (double)(i % 3) - 1.0;
			cr_assert_eq(rbsim_cost_stat_set(&p->stat[s][k], v, n), 0, "stat");
			*rbsim_cost_at(&p->side[s], k) = p->stat[s][k].median;
		}
	}
	free(v);
}

void tp_set_idle(struct rbsim_profile *p, unsigned int n, const double *slept,
		 const double *kernel, const double *port)
{
	const double *side[RBSIM_NSIDES] = { kernel, port };

	cr_assert_leq(n, RBSIM_PROFILE_MAX_IDLE, "idle points");
	for (unsigned int i = 0; i < n; i++) {
		p->idle[i].slept_ns = slept[i];
		for (int s = 0; s < RBSIM_NSIDES; s++) {
			double v[3] = { side[s][i] - 1, side[s][i], side[s][i] + 1 };

			cr_assert_eq(rbsim_cost_stat_set(&p->idle[i].stat[s], v, 3), 0, "stat");
		}
	}
	p->nidle = n;
}

void tp_set_halt(struct rbsim_profile *p, double max_ns, unsigned int n, const double *slept,
		 const unsigned int *halts)
{
	cr_assert_leq(n, RBSIM_PROFILE_MAX_IDLE, "trains");
	p->halt.max_ns = max_ns;
	p->halt.short_nap_ns = 100000;
	for (unsigned int i = 0; i < n; i++) {
		p->halt.train[i].slept_ns = slept[i];
		p->halt.train[i].halts = halts[i];
		for (int k = 0; k < RBSIM_PROFILE_HALT_PLACES; k++)
			p->halt.train[i].place_ns[k] = 1000.0 * (i + 1) + k;
	}
	p->halt.ntrains = n;
}

void tp_set_stops(struct rbsim_profile *p, double period_ns, double quota_ns, double burst_ns,
		  unsigned int n)
{
	cr_assert_leq(n, RBSIM_PROFILE_STOP_ROUNDS, "rounds");
	p->stops.period_ns = period_ns;
	p->stops.quota_ns = quota_ns;
	p->stops.burst_ns = burst_ns;
	for (unsigned int i = 0; i < n; i++) {
		p->stops.round[i].spin_ns = 3e9;
		p->stops.round[i].stops = i + 2;
		p->stops.round[i].stopped_ns = (i + 2) * 100175529.5;
		p->stops.round[i].first_ns = 375000000.0 * (i + 1);
	}
	p->stops.nrounds = n;
}

void tp_write(const char *path, const struct rbsim_costs *kernel, const struct rbsim_costs *port)
{
	struct rbsim_profile p;
	char err[512];

	tp_make(&p, kernel, port, 3);
	cr_assert_eq(rbsim_profile_write(path, &p, err, sizeof(err)), 0, "write %s: %s", path, err);
	rbsim_profile_free(&p);
}

/* the member of "costs" named name taken out of a written profile's text */
void tp_drop_cost(char *text, const char *name)
{
	char key[64], *at, *end;

	snprintf(key, sizeof(key), ",\n    \"%s\": {", name);
	at = strstr(text, key);
	cr_assert_not_null(at, "%s in the file", name);
	end = strstr(at + 1, "\n    }");
	cr_assert_not_null(end, "its end");
	memmove(at, end + 6, strlen(end + 6) + 1);
}

/* the first text of what in text taken out of it */
static void cut(char *text, const char *what)
{
	char *at = strstr(text, what);

	cr_assert_not_null(at, "'%s' in the file", what);
	memmove(at, at + strlen(what), strlen(at + strlen(what)) + 1);
}

/* the member of the profile's top level starting at text's `key` taken out, to its end */
static void cut_last(char *text, const char *key)
{
	char *at = strstr(text, key), *end;

	cr_assert_not_null(at, "'%s' in the file", key);
	end = strstr(at, "\n}\n");
	cr_assert_not_null(end, "its end");
	memmove(at, end, strlen(end) + 1);
}

/*
 * a written profile's text as version v's (15: the same text, batch_gap among
 * the spread costs; 14: no batch_gap; 13: nor it, wait_look not
 * among the spread costs; 12: no spread; 11: nor wait_look; 10: nor host_stops; 9: nor
 * halt_polling; 8: nor idle_wakeups; 7: nor port_write; 6: nor passes;
 * 5: nor notify_wake; 4: nor reserve_fail; 3: nor wait_enter; 2: nor a
 * preemption model)
 */
void tp_as_version(char *text, int v)
{
	char *at = strstr(text, "\"version\": 16,"), *end, num[8];
	int n;

	cr_assert_not_null(at, "the version");
	n = snprintf(num, sizeof(num), "%d", v);
	memmove(at + 11 + n, at + 13, strlen(at + 13) + 1);
	memcpy(at + 11, num, (size_t)n);
	if (v >= 15)
		return;
	tp_drop_cost(text, "batch_gap");
	if (v >= 13)
		return;
	cut(text, "\"spread\": 0, ");
	if (v >= 12)
		return;
	tp_drop_cost(text, "wait_look");
	if (v >= 11)
		return;
	cut_last(text, ",\n  \"host_stops\": ");
	if (v >= 10)
		return;
	cut_last(text, ",\n  \"halt_polling\": ");
	if (v >= 9)
		return;
	cut_last(text, ",\n  \"idle_wakeups\": {");
	if (v >= 8)
		return;
	cut(text, ", \"port_write\": \"place\"");
	if (v >= 7)
		return;
	cut(text, "\"passes\": 1, ");
	if (v >= 6)
		return;
	tp_drop_cost(text, "notify_wake");
	if (v >= 5)
		return;
	tp_drop_cost(text, "reserve_fail");
	if (v >= 4)
		return;
	tp_drop_cost(text, "wait_enter");
	if (v >= 3)
		return;
	at = strstr(text, ",\n    \"preempt\": ");
	cr_assert_not_null(at, "the preemption model");
	end = strstr(at, " },\n  \"date\"");
	cr_assert_not_null(end, "the end of \"kernel\"");
	memmove(at, end, strlen(end) + 1);
}
