/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the many-CPU contention model of `rbsim model` (issue 14). A
 * closed-form model, not a simulation: for N producers placed on a
 * described machine (sim/machine.h) it charges the serial chain every
 * record must pass through (the lock hand-off or the CAS word, the
 * producer_pos/pending_pos line, the record's header line), each link a
 * cache-line transfer whose latency is that of the CPUs involved, against
 * each producer's own work per record, and gives throughput, drops and the
 * reservation's wait. Every constant and its reason: sim/README.md "The
 * many-CPU model".
 *
 * Seam for virtual time (issue 12's engine, sim/vtime*.c, not merged yet):
 * rbsim_model_point() is a pure function of (machine, workload, producers);
 * its serial_ns is the per-record cost a virtual-time producer would be
 * charged for the reservation under contention, and wait_ns its queueing.
 */
#ifndef RBSIM_MODEL_H
#define RBSIM_MODEL_H

#include <stdbool.h>

#include "sim/machine.h"
#include "sim/reserve.h"

struct rbsim_model_cfg {
	struct rbsim_reserve reserve;
	bool consumer;             /* a consumer thread on CPU first_cpu - 1 (else none) */
	unsigned int first_cpu;    /* producer i (from 1) on CPU first_cpu + i - 1, wrapping */
	double record_ns;          /* one producer's ns per record at batch 50 */
	unsigned int batch;        /* records per trigger */
	unsigned int producers;    /* set by rbsim_model_point() */
};

struct rbsim_model_point {
	unsigned int producers;
	double mps;                /* records/s committed and consumed (hits), in millions */
	double drops_mps;          /* refused for lack of space: the consumer cannot keep up */
	double cycle_ns;           /* one producer's own work per record */
	double serial_ns;          /* the serial chain per record, of the busiest ring */
	double transfers;          /* cache-line transfers on that chain per record */
	double c2c_ns;             /* their mean latency */
	double wait_ns;            /* mean wait of a reservation (lock queue, CAS retries) */
	bool saturated;            /* the chain, not the producers, sets the rate */
	bool consumer_bound;       /* the consumer sets it */
};

/* the workload a published curve ran, for the model */
void rbsim_model_cfg_curve(struct rbsim_model_cfg *cfg, const struct rbsim_curve *c);

/* the model at producers producers (>= 1) */
void rbsim_model_point(const struct rbsim_machine *m, const struct rbsim_model_cfg *cfg,
		       unsigned int producers, struct rbsim_model_point *pt);

/* the published-table check of issue 14, for one curve */
struct rbsim_model_check {
	double pub_step, model_step;      /* p=2 / p=1 */
	double pub_plateau, model_plateau; /* mean of p = 16..52, / p=1 */
	double plateau_err;               /* model / published - 1 */
	bool step_ok, plateau_ok;
	unsigned int plateau_points;
};
#define RBSIM_MODEL_PLATEAU_TOL 0.35
void rbsim_model_check(const struct rbsim_machine *m, const struct rbsim_curve *c,
		       struct rbsim_model_check *k);

#endif /* RBSIM_MODEL_H */
