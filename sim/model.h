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
 * The same counts drive the virtual-time engine's many-CPU model
 * (sim/vtime_cpus.c, `rbsim model --engine vtime`): rbsim_model_chain() is
 * the one table of transfers both charge, the closed form at the mean
 * distance, the simulation at the distance of the CPUs each hand-off joins.
 */
#ifndef RBSIM_MODEL_H
#define RBSIM_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "sim/machine.h"
#include "sim/reserve.h"

struct rbsim_model_cfg {
	struct rbsim_reserve reserve;
	bool consumer;             /* a consumer thread on CPU first_cpu - 1 (else none) */
	unsigned int first_cpu;    /* producer i (from 1) on CPU first_cpu + i - 1, wrapping */
	double record_ns;          /* one producer's ns per record at batch 50 */
	unsigned int batch;        /* records per trigger */
	/*
	 * the rings in overwrite mode (a curve's mode=overwrite, 6.19): the
	 * kernel reservation's walk over the record it overwrites adds
	 * OVERWRITE_CHAIN to its chain (rbsim_model_chain())
	 */
	bool overwrite;
	/*
	 * --preempt user (the virtual-time engine): the port on threads the
	 * scheduler may preempt anywhere, a consumer sharing its CPU in turns
	 * of the machine's slice_ns, in the real runs' 512 KiB ring; false:
	 * the kernel's reservation, preemption off to the commit
	 */
	bool user;

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
	double pc_stalls;          /* consumer_pos stalls a reservation (rbsim_model_pc()) */
	double pp_stalls;          /* vtime: the consumer's producer_pos stalls a record consumed */
	double wakeups;            /* vtime: the consumer's wake-ups a record consumed */
	double notes;              /* vtime: the producers' notifications a record consumed */
	double woke;               /* vtime: those that found the consumer asleep */
	double yields;             /* vtime: a producer's steps put off while the consumer
				      ran on its CPU, a reservation */
	double turns;              /* vtime, --preempt user: the consumer's CPU handed to the
				      producer beside it, a second */
	double spins;              /* vtime, --preempt user: the consumer's polls at a held
				      record, a record consumed */
	bool saturated;            /* the chain, not the producers, sets the rate */
	bool consumer_bound;       /* the consumer sets it */
};

/*
 * The transfers on the serial chain of one reservation with contenders
 * producers of the ring taking part (the holder, the previous holder if
 * another, those queued), by the CPU each line comes from
 */
struct rbsim_chain {
	double prev;               /* from the previous holder's CPU */
	double next;               /* from the next waiter's (its xchg_tail on the lock word) */
	double other;              /* from each other contender's (cas: its failed CAS) */
	double consumer;           /* from the consumer's (its loads of the lines) */
	bool overlap;              /* cas: prev (the publication) and other (the claim)
				      overlap: the longer of the two, not their sum */
};
/*
 * handoff: rbsim_model_handoff() of the variant's reservation: the
 * transfers of a kernel reservation handed between two producers (its
 * first three links), or of a CAS reservation's publication
 */
void rbsim_model_chain(enum rbsim_reserve_kind kind, unsigned int contenders, bool consumer,
		       bool overwrite, double handoff, struct rbsim_chain *ch);
/*
 * the transfers of a hand-off between two producers with reservation kind:
 * the machine's measured hand-off (handoff_cas_ns for cas, handoff_ns
 * otherwise) over its transfer between CPUs 0 and 1, or the count read off
 * the code where it has none (3 for the kernel's, 2 for cas)
 */
double rbsim_model_handoff(const struct rbsim_machine *m, enum rbsim_reserve_kind kind);
/*
 * The transfers a record between a producer and the consumer on another CPU
 * that stall the thread that loads the line (stores wait in the store
 * buffer and are not charged): off the reservation's chain, in each
 * thread's own time
 */
struct rbsim_pc {
	double producer;           /* its load of consumer_pos, once per consumer store since */
	double consumer;           /* the consumer's load of a header line the producer wrote
				      (0 where the machine's consumer_ns has it) */
	double pass;               /* its load of producer_pos, once a pass the producers stored since */
};
void rbsim_model_pc(const struct rbsim_machine *m, struct rbsim_pc *pc);
/* the transfers among producers (all but the consumer's) */
double rbsim_chain_transfers(const struct rbsim_chain *ch, unsigned int contenders);

/* producer i's CPU (from 0), the consumer's, a transfer's latency between two CPUs */
unsigned int rbsim_model_cpu(const struct rbsim_machine *m, const struct rbsim_model_cfg *cfg,
			     unsigned int i);
unsigned int rbsim_model_consumer_cpu(const struct rbsim_machine *m,
				      const struct rbsim_model_cfg *cfg);
double rbsim_model_c2c(const struct rbsim_machine *m, unsigned int a, unsigned int b);
/* one producer's own work per record, the trigger's share included, at cfg->batch */
double rbsim_model_cycle(const struct rbsim_machine *m, const struct rbsim_model_cfg *cfg);

/*
 * the workload a published curve ran, for the model: its 1-producer point
 * is the producer's work, less the consumer_pos transfer it paid (the
 * consumer's CPU one before the producer's)
 */
void rbsim_model_cfg_curve(const struct rbsim_machine *m, struct rbsim_model_cfg *cfg,
			   const struct rbsim_curve *c);

/* the model at producers producers (>= 1), in closed form */
void rbsim_model_point(const struct rbsim_machine *m, const struct rbsim_model_cfg *cfg,
		       unsigned int producers, struct rbsim_model_point *pt);

/* which engine computes a point: the simulation (the default) or the closed form */
enum rbsim_model_engine { RBSIM_MODEL_VTIME, RBSIM_MODEL_CLOSED };
struct rbsim_model_how {
	enum rbsim_model_engine engine;
	__u64 seed;                /* vtime: where the producers start within their batch */
};
/*
 * The point by the engine of how (sim/model_vtime.c): the virtual-time
 * run of the port with every record verified. 0, or a negative errno with
 * the reason in err (a lost, duplicated or torn record is -EPROTO).
 */
int rbsim_model_eval(const struct rbsim_machine *m, const struct rbsim_model_cfg *cfg,
		     unsigned int producers, const struct rbsim_model_how *how,
		     struct rbsim_model_point *pt, char *err, size_t len);

/*
 * A published curve's workload for how's engine: rbsim_model_cfg_curve(),
 * then the producer's work set so that the engine's 1-producer point pays
 * the consumer_pos stalls it counts there (the simulation's consumer,
 * faster than the producer, sleeps between wake-ups and stores less often
 * than once a record), not one a record. 0 or a negative errno (err).
 */
int rbsim_model_curve_cfg(const struct rbsim_machine *m, const struct rbsim_curve *c,
			  const struct rbsim_model_how *how, struct rbsim_model_cfg *cfg,
			  char *err, size_t len);

/* the published-table check of issue 14, for one curve */
struct rbsim_model_check {
	double pub_step, model_step;      /* p=2 / p=1 */
	double pub_plateau, model_plateau; /* mean of p = 16..52, / p=1 */
	double plateau_err;               /* model / published - 1 */
	bool step_ok, plateau_ok;
	unsigned int plateau_points;
};
#define RBSIM_MODEL_PLATEAU_TOL 0.35
int rbsim_model_check(const struct rbsim_machine *m, const struct rbsim_curve *c,
		      const struct rbsim_model_how *how, struct rbsim_model_check *k, char *err,
		      size_t len);

#endif /* RBSIM_MODEL_H */
