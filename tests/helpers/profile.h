/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Synthetic calibration profiles for the tests that need one without a
 * kernel: every cost of each side at a chosen median (n samples spread
 * evenly around it), made on this machine, so no warning is printed.
 */
#ifndef RBSIM_TESTS_PROFILE_H
#define RBSIM_TESTS_PROFILE_H

#include "sim/profile.h"

/* p with these medians, ns (indexed by enum rbsim_cost), n samples each; free it */
void tp_make(struct rbsim_profile *p, const struct rbsim_costs *kernel,
	     const struct rbsim_costs *port, unsigned int n);

/*
 * p's idle wake-ups: n of them, after sleeps of slept[i] ns, the medians
 * kernel[i] and port[i] (3 samples each: the median -1, +0, +1)
 */
void tp_set_idle(struct rbsim_profile *p, unsigned int n, const double *slept,
		 const double *kernel, const double *port);

/*
 * p's halt polling: up to max_ns, n trains after sleeps of slept[i] ns
 * counting halts[i] halts, each place's wake-up 1000 * (i + 1) + place ns
 */
void tp_set_halt(struct rbsim_profile *p, double max_ns, unsigned int n, const double *slept,
		 const unsigned int *halts);

/*
 * p's host stops: period_ns, quota_ns and burst_ns, n rounds of 3 s, round i
 * with i + 2 stops of 100175529.5 ns, the first at 375 ms x (i + 1)
 */
void tp_set_stops(struct rbsim_profile *p, double period_ns, double quota_ns, double burst_ns,
		  unsigned int n);

/* the member of "costs" named name taken out of a written profile's text (asserted) */
void tp_drop_cost(char *text, const char *name);

/*
 * a written profile's text (the latest version) as version v's (11: no
 * wait_look; 10: nor host_stops; 9: nor halt_polling; 8: nor idle_wakeups; 7: nor port_write; 6: nor passes; 5:
 * nor notify_wake; 4: nor reserve_fail; 3: nor wait_enter; 2: nor a
 * preemption model), in place (asserted)
 */
void tp_as_version(char *text, int v);

/* the same written to path (asserted) */
void tp_write(const char *path, const struct rbsim_costs *kernel, const struct rbsim_costs *port);

#endif /* RBSIM_TESTS_PROFILE_H */
