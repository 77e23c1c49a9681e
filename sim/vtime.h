/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the virtual-time engine (`rbsim run --virtual`, `rbsim size`). The
 * port's own code (ringbuf/: reserve, commit, libbpf's consume_n or the
 * batch consumer's walk; the perf buffer port) runs on one thread, driven by
 * a discrete-event scheduler with a simulated clock: record arrivals per
 * producer (sim/arrivals.h), consumer wake-ups after the notification
 * latency, the consumer's work per record and per poll, its stalls. No
 * system call per record: the notify hooks tell the engine of each
 * notification. Same configuration, same seed: same result, byte for byte.
 * The model and what it leaves out: sim/vtime.md.
 */
#ifndef RBSIM_VTIME_H
#define RBSIM_VTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "sim/engine.h"

struct rbsim_machine;

/*
 * The many-CPU model (`rbsim model --engine vtime`, sim/vtime.md "Many
 * CPUs"): each producer on a virtual CPU of a described machine; each
 * ring's reservation (the lock, or the CAS word) a resource handed in
 * arrival order, each hand-off charged the transfers of sim/model.h's
 * rbsim_model_chain() at the distance between the CPUs it joins. Producers
 * run batches: trigger_ns, then per record own_ns and the reservation;
 * producers sharing a CPU take turns a batch at a time. The consumer (if
 * any) runs consumer_ns a record on its CPU; a producer on that CPU stops
 * while the consumer runs (woken, it preempts the producer and runs until
 * it sleeps). A producer off the consumer's CPU whose reservation finds
 * consumer_pos stored since its last one stalls pc_producer transfers.
 */
struct rbsim_vtime_cpus {
	const struct rbsim_machine *m;
	int reserve;               /* enum rbsim_reserve_kind */
	unsigned int per;          /* producers per ring (shard:K, percpu: 1; else all) */
	const unsigned int *cpu;   /* producer i's CPU */
	int consumer_cpu;          /* the consumer's CPU, or -1: none (a bookkeeper at no cost) */
	bool overwrite;            /* the rings in overwrite mode: rbsim_model_chain()'s charge */
	double own_ns;             /* a record's own work, outside the reservation */
	double trigger_ns;         /* a batch's trigger (a system call), once a batch */
	double consumer_ns;        /* the consumer's work a record (wake-ups: cfg->vcosts) */
	/*
	 * transfers a producer's load of consumer_pos stalls on when the
	 * consumer stored it since its last load (rbsim_model_pc()), each at
	 * the producer-consumer latency; 0: none
	 */
	double pc_producer;
	/*
	 * where the machine measured it (follow_ns): that stall, ns, in place
	 * of pc_producer transfers, for a producer off the consumer's CPU; 0:
	 * the transfers
	 */
	double follow_ns;
	/*
	 * the consumer's stall, ns, on its load of a ring's producer_pos (A1,
	 * once a pass of libbpf's ringbuf_process_ring()) when the producers
	 * stored it since its last load (rbsim_model_pc()); 0: none
	 */
	double pp_ns;
	/*
	 * what a producer pays, after its commit, for a notification that
	 * finds the consumer awake (notify_ns: the ready list) or asleep in
	 * its wait (notify_sleep_ns: the port's eventfd write and the wake-up
	 * it makes); 0: none
	 */
	double notify_ns, notify_sleep_ns;
	/*
	 * the consumer's loop: after a round that caught up, it polls again
	 * (cfg->vcosts.poll_ns, level-triggered on records as epoll is on the
	 * map) and sleeps only if that finds none; false: it sleeps at once
	 */
	bool repoll;
	/*
	 * with repoll, the consumer's way to sleep as the port's (announce:
	 * the machine measured it): after a round that caught up with no
	 * notification come, it announces its sleep announce_ns later (unless
	 * records came: then a round), then goes into its futex wait, which
	 * compares wait_ns / 2 later: records by then send it back (EAGAIN,
	 * another wait_ns / 2) to a round, none put it to sleep. A
	 * notification while it is on its way costs its producer
	 * notify_wake_ns (the wake call to a consumer that announced its
	 * sleep), counted with those that woke it (out.woke). false: after
	 * the poll again, it sleeps at once
	 */
	bool announce;
	double announce_ns, wait_ns, notify_wake_ns;
	/*
	 * --preempt user: the producers are threads running the port, which
	 * the scheduler may preempt anywhere; a producer on the consumer's CPU
	 * commits its record in a step of its own that the consumer, woken,
	 * preempts (its header BUSY meanwhile: the consumer polls at it), and
	 * the two take turns of slice_ns while both would run. false: the
	 * kernel's (preemption off from the reservation to the commit)
	 */
	bool user;
	__u64 slice_ns;
	/*
	 * the figures are those of a window of window_records reservations
	 * (and window_records / 20 consumed) after warm_records; the run ends
	 * with it, or at end_ns
	 */
	__u64 warm_records, window_records, end_ns;
	__u64 window_ns;           /* and lasts this long at least (0: no bound) */
	/* filled by the run: the window's figures */
	struct rbsim_vtime_cpus_out {
		__u64 attempted, committed, consumed, dropped, acquisitions;
		double window_ns;
		double wait_ns;       /* summed over the acquisitions */
		double hold_ns, transfers, c2c_ns; /* summed holds, transfers, their latency */
		double busiest_hold;  /* the busiest ring's held time over the window */
		double busiest_acq;   /* its acquisitions */
		__u64 pc_stalls;      /* reservations that stalled on consumer_pos */
		__u64 pp_stalls;      /* the consumer's loads of producer_pos that stalled */
		__u64 wakeups;        /* the consumer's rounds after a wait that found records */
		__u64 notes;          /* the producers' notifications */
		__u64 woke;           /* those that found the consumer asleep, or on its way */
		__u64 yields;         /* a producer's step put off while the consumer ran on its CPU */
		__u64 turns;          /* --preempt user: the consumer's CPU handed to its producer */
		__u64 spins;          /* --preempt user: the consumer's polls at a held record */
	} out;
};

/* what a caller may ask beyond the workload */
struct rbsim_vtime_opts {
	int fault;                 /* --inject: enum rbsim_fault, at the fault_at-th record */
	__u64 fault_at;
	/*
	 * Sizing: the consumer never runs (a stall from the start) and the run
	 * ends at the first failed reserve, whose time goes to first_drop_ns:
	 * how long a full stall takes to overflow the ring
	 */
	bool fill_only;
	struct rbsim_vtime_cpus *cpus; /* the many-CPU model, or NULL */
};

/* what only virtual time says */
struct rbsim_vtime_extra {
	__u64 first_drop_ns;       /* the first failed reserve or output (~0: none) */
	__u64 records;             /* records attempted, for the simulation's own speed */
	__u64 mem_usage;           /* the ring buffer map's mem_usage (0: the perf buffer) */
	/*
	 * the most ring space committed records held at once (the perf buffer:
	 * in one CPU's buffer), taken after each commit; a discarded record's
	 * space, held until the consumer passes it, is not counted
	 */
	__u64 peak_bytes;
	double wall_s;             /* wall time the simulation took */
};

/* the vtime defaults of --vcosts (sim/run_opts.c's table holds the same text) */
#define RBSIM_VCOSTS_DEFAULT "produce=50,notify=1000,wake=20000,poll=2000,record=20,refuse=50"

/*
 * Run cfg (transport ringbuf or perfbuf, cfg->topts the transport's options
 * struct) with record sizes from size in virtual time. r as from
 * rbsim_engine_run() (r->hist allocated: rbsim_result_free()); x may be
 * NULL. 0, or a negative errno with the reason in err (-EINVAL: the
 * workload cannot run in virtual time).
 */
int rbsim_vtime_run(const struct rbsim_cfg *cfg, const struct rbsim_size_spec *size,
		    const struct rbsim_vtime_opts *vo, struct rbsim_result *r,
		    struct rbsim_vtime_extra *x, char *err, size_t errlen);

#endif /* RBSIM_VTIME_H */
