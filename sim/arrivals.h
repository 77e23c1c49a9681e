/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: when each producer's records arrive, one schedule for the real-time
 * engine (a producer thread sends what is due and sleeps until the next
 * arrival) and the virtual-time engine (an arrival is an event), so that
 * both run the same workload:
 *   --rate N                     record k at ceil(k * 1e9 / N) ns (constant)
 *   --rate N --arrivals poisson  exponential gaps of mean 1e9 / N ns
 *   --burst N --burst-every T    N records at once every T (T, 2T, ... from 0);
 *                                with --arrivals poisson, bursts at exponential
 *                                gaps of mean T
 *   --trace FILE                 each record at its time, from a file of
 *                                "TIME PRODUCER SIZE" lines
 *   none of these                as fast as the producer can (no schedule)
 * Times are ns from the run's start. A producer's random gaps come from its
 * own stream of --seed, apart from its size stream, so pacing a workload
 * never changes its record sizes.
 */
#ifndef RBSIM_ARRIVALS_H
#define RBSIM_ARRIVALS_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "sim/transport.h"

#define RBSIM_SCHED_END (~0ULL) /* next_ns of a schedule with no record left */

enum rbsim_arrivals { RBSIM_ARRIVALS_CONST, RBSIM_ARRIVALS_POISSON };

/*
 * A trace, as loaded: each producer's records in time order. The file: one
 * record a line, "TIME PRODUCER SIZE" (TIME in ns from the start, or with a
 * unit: 1500us, 2ms; PRODUCER from 0; SIZE in bytes), times never
 * decreasing down the file, # comments and blank lines allowed.
 */
struct rbsim_trace {
	unsigned int producers;     /* the largest producer id + 1 */
	__u64 records;
	__u64 *n;                   /* per producer: its records */
	__u64 **t;                  /* per producer: their times, ns */
	__u32 **size;               /* per producer: their sizes */
	__u32 size_min, size_max;
	double size_mean;
	__u64 end_ns;               /* the last record's time */
	unsigned int max_line;      /* the line of the largest record, for messages */
};

/* 0, or -1 with "line N: problem" (or why the file cannot be read) in err */
int rbsim_trace_load(const char *path, struct rbsim_trace *tr, char *err, size_t errlen);
void rbsim_trace_free(struct rbsim_trace *tr);

/* one producer's schedule */
struct rbsim_sched {
	__u64 next_ns;              /* the next record's arrival, or RBSIM_SCHED_END */
	__u64 k;                    /* its index among the producer's records */
	__u64 end_ns;               /* a timed run's end: arrivals from it on are dropped */
	/* how the next arrival is found */
	int kind;
	__u64 rate;
	double mean_ns, acc_ns;     /* poisson: the mean gap, the exact time so far */
	__u64 burst, left, every_ns;/* bursts: records each, left in this one, period */
	const __u64 *times;         /* trace */
	__u64 n;
	struct rbsim_rng rng;
};

/* does cfg pace its producers (a rate, bursts or a trace)? */
static inline bool rbsim_paced(const struct rbsim_cfg *cfg)
{
	return cfg->rate || cfg->burst || cfg->trace;
}

/*
 * How far behind its schedule a producer may end and still have met it, in
 * records: a batch (what one send takes), or a burst (all due at once)
 */
static inline __u64 rbsim_rate_allowance(const struct rbsim_cfg *cfg)
{
	return cfg->burst > cfg->batch ? cfg->burst : cfg->batch;
}

/* a constant rate: rbsim_sched_due() counts any number of records in O(1) */
static inline bool rbsim_sched_exact(const struct rbsim_cfg *cfg)
{
	return cfg->rate && !cfg->burst && !cfg->trace && cfg->arrivals == RBSIM_ARRIVALS_CONST;
}

/* the mean records/s of one producer's schedule (0: not paced, or a trace) */
double rbsim_sched_rate(const struct rbsim_cfg *cfg);

/*
 * Producer p's schedule at its first record; end_ns is the end of a timed
 * run (arrivals from then on are not part of it) or RBSIM_SCHED_END.
 */
void rbsim_sched_init(struct rbsim_sched *s, const struct rbsim_cfg *cfg, unsigned int p,
		      __u64 end_ns);

/* on to the next record (next_ns becomes RBSIM_SCHED_END when there is none) */
void rbsim_sched_step(struct rbsim_sched *s);

/*
 * The records of the schedule due at rel_ns (arrival <= rel_ns) counting
 * from the next one, at most max of them, without moving it
 */
__u64 rbsim_sched_due(const struct rbsim_sched *s, __u64 rel_ns, __u64 max);

#endif /* RBSIM_ARRIVALS_H */
