/* SPDX-License-Identifier: GPL-2.0-only */
/* rbsim: the probes of `rbsim model --probe` (sim/model_probe.c) */
#ifndef RBSIM_MODEL_PROBE_H
#define RBSIM_MODEL_PROBE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * the median of a probe's n samples (n >= 1), and where p5 is given their 5th
 * percentile; sorts v in place
 */
double rbsim_probe_median(double *v, unsigned int n, double *p5);

/* what rbsim_c2c_probe() times between the two CPUs */
enum rbsim_c2c_kind {
	RBSIM_C2C_CAS,     /* CAS on one line: a contended transfer */
	RBSIM_C2C_RW,      /* a store on each side's own line loaded by the other */
};
/*
 * samples one-way latencies (ns) between CPUs a and b into ns[], each the
 * mean of a burst of round trips: CAS on one line (a contended transfer),
 * RW a store on each side's own line loaded by the other
 * (nviennot/core-to-core-latency's single-writer single-reader test on two
 * lines: how consumer_pos and producer_pos are used). 0, or -errno with the
 * reason
 */
int rbsim_c2c_probe(int a, int b, enum rbsim_c2c_kind kind, unsigned int samples,
		    unsigned long rounds, double *ns, char *err, size_t len);
/*
 * the CAS transfer between CPUs a and b now: rbsim_c2c_probe() of samples
 * bursts into ns[] (sorted in place), their median into *median. 0, or
 * -errno with the reason
 */
int rbsim_c2c_median(int a, int b, unsigned int samples, unsigned long rounds, double *ns,
		     double *median, char *err, size_t len);

/*
 * samples per-record costs (ns) of the port on the reference workload (8-byte
 * records, batch 50, the reservation reserve (--reserve), a 512 KiB ring, the libbpf
 * consumer checking every record): rec[] a producer's per record at batch 50,
 * batch[] an empty produce() (the port's trigger), consumer_ns[] the consumer's
 * per record, on CPU cons, of records written on CPU prod. Without consumer:
 * the workload of --no-consumer, a 64 MiB ring that no one reads and the
 * samples never go round (27 MB), every line of it fresh memory, as in
 * the 2 GiB ring of those real runs (consumer_ns[] 0). 0, or -errno with the reason
 */
int rbsim_cost_probe(int prod, int cons, const char *reserve, bool consumer,
		     unsigned int samples, double *rec, double *batch, double *consumer_ns,
		     char *err, size_t len);

/*
 * a reservation handed between two producers, with every line it moves:
 * the port's producers (reserve "kernel", with the queued lock of the real
 * runs, or "cas", ringbuf/reserve_cas.c; 8-byte records in batches of 50, a
 * 64 MiB ring that no one reads meanwhile, as a real run without a
 * consumer) on CPUs a and b at once, each producing without pause;
 * ns[0 .. *n) the ns a record of the two together, each sample a stretch
 * of 1000 records of a's and what b committed meanwhile, kept where each
 * made 30% of the records or more (a stretch one of them spent off its CPU
 * is not a hand-off): samples of them, or as many as the ring holds, min
 * at least (a machine busy with other work leaves fewer). *all (when not
 * NULL): how many stretches it looked at after the warm-up, and the ns a
 * record over all of them, those dropped included (where one producer ran
 * ahead of the other, or alone), as a real run counts its records. Every
 * record is checked intact afterwards. 0, or -errno with the reason
 * (-EAGAIN: fewer than min stretches with the two running together, in
 * each of three attempts on a fresh ring;
 * -EINVAL: another reserve, CPUs, or min)
 */
struct rbsim_pair_all {
	unsigned int tried;        /* the stretches after the warm-up, kept or not */
	double ns;                 /* ns a record of the two over all of them */
};
int rbsim_pair_probe(int a, int b, const char *reserve, unsigned int samples, unsigned int min,
		     double *ns, unsigned int *n, struct rbsim_pair_all *all, char *err,
		     size_t len);

/* what rbsim_wake_probe() samples, ns */
enum rbsim_wake_fig {
	RBSIM_WAKE_NOTIFY,       /* a notification to a consumer awake: the producer's cost */
	RBSIM_WAKE_NOTIFY_SLEEP, /* one to a consumer asleep in its wait: the producer's cost */
	RBSIM_WAKE_LATENCY,      /* from that notification to the consumer running */
	RBSIM_WAKE_POLL,         /* a consumer's poll that finds a record, beyond it */
	RBSIM_WAKE_WAIT,         /* the consumer's wait call that finds a change (EAGAIN) */
	RBSIM_WAKE_NOTIFY_WAKE,  /* a notification to a consumer announced, not asleep */
	RBSIM_WAKE_NR,
};
/*
 * samples notifications on the port, committed on CPU prod to a consumer on
 * CPU cons, into v[fig][0 .. samples): the producer's ns beyond an
 * unnotified commit for a consumer awake (polling) and for one asleep in its
 * wait (the eventfd write and the wake-up it makes), the ns from just
 * before the notifying commit to the sleeping consumer's callback seeing
 * its record, an awake consumer's poll that returned a record, less
 * its callback, the consumer's wait call that returns at once (futex_waitv() on a word that moved:
 * EAGAIN; epoll_wait() with no timeout where the consumer waits on epoll),
 * and the producer's ns beyond an unnotified commit for a consumer that
 * announced its sleep and is not asleep (the FUTEX_WAKE_OP, or the eventfd
 * write). 0, or -errno with the reason
 */
int rbsim_wake_probe(int prod, int cons, unsigned int samples, double *v[RBSIM_WAKE_NR],
		     char *err, size_t len);

/*
 * the scheduler's turns on CPU cpu: two threads pinned there, each busy
 * for ms milliseconds, time their runs between the other's (a stop of the
 * CPU that the other did not run in, the host's or an interrupt's, is not a
 * turn); the runs' lengths, ns, into runs[0 .. *n) (at most max; each
 * thread's in the order seen, the first's then the second's). 0, or
 * -errno with the reason (fewer than 4 turns seen: -EAGAIN)
 */
int rbsim_slice_probe(int cpu, unsigned int ms, double *runs, unsigned int max, unsigned int *n,
		      char *err, size_t len);

/*
 * what a libbpf consumer right behind a producer costs it: samples pairs
 * of timed fills of the empty 512 KiB ring with 8-byte records by a
 * producer on CPU prod, ns a record, into alone[0 .. samples) (a thread on
 * CPU cons idle) and follow[0 .. samples) (that thread consuming in a loop
 * right behind); the producer reserves as the kernel does, or with cas
 * (RINGBUF_RESERVE_CAS). look, unless NULL: the CAS transfer between the
 * two CPUs (the median of RBSIM_FOLLOW_LOOK_SAMPLES bursts of round trips)
 * just before the ring's first fill ([0]) and just after its last ([1]):
 * the fills cost what the placement of the two CPUs makes them cost. 0, or
 * -errno with the reason
 */
#define RBSIM_FOLLOW_LOOK_SAMPLES 200
int rbsim_follow_probe(int prod, int cons, bool cas, unsigned int samples, double *alone,
		       double *follow, double look[2], char *err, size_t len);

/* the reference workload on real threads here, the mean of runs runs */
struct rbsim_real_point {
	char command[256];         /* the `rbsim run` of each run */
	unsigned int runs, threads, cpus;
	bool oversubscribed;       /* more threads than CPUs, in any run */
	double mps, sd_mps;        /* hits (consumed records/s), M/s: mean, sample sd */
	double min_mps, max_mps;   /* the runs' lowest and highest hits, M/s */
	double drops_mps;
	double notify_per_rec, wakeup_per_rec; /* the producers' notifications, the
						  consumer's wake-ups, per consumed record */
	double woke_per_rec;       /* the notifications that wrote the eventfd (notify_writes) */
	double busy_per_rec;       /* the consumer's walks stopped at a BUSY record (busy_stops) */
	unsigned int warmup, duration; /* each run's -w and -d */
	/*
	 * runs a host stop hit (rbsim_real_stopped()); without a consumer no
	 * record is timed, and none can be seen
	 */
	unsigned int stopped;
	/*
	 * with a consumer, the runs no host stop hit and their mean hits, M/s
	 * (0 runs: none); without one, 0 runs: none can be told apart
	 */
	unsigned int clear_runs;
	double clear_mps;
	/*
	 * where every run counted it (have_lost: no consumer, producers with
	 * rings of their own, rbsim_result.have_prod_lost), the share of the
	 * producers' measured time their looks at the clock found lost, the
	 * runs' mean, and the rate over the time they ran, the mean over the
	 * runs of hits / (1 - that share), M/s (0 where not counted)
	 */
	bool have_lost;
	double lost_frac;
	double ran_mps;
	/*
	 * with look_at_end: the CAS transfer between CPUs 0 and 1 right after
	 * each run's threads were joined (the median of END_LOOK_SAMPLES bursts,
	 * ns), the runs' lowest and highest; 0 where not looked
	 */
	double end_c2c_min_ns, end_c2c_max_ns;
};

/* the reference workload's real runs */
struct rbsim_real_how {
	const char *reserve;       /* --reserve; every variant but cas with --lock queued */
	unsigned int batch, duration, runs;
	bool consumer;             /* the libbpf consumer and a 512 KiB ring, or none */
	unsigned long long ring;   /* without one, a ring's bytes (rbsim_real_ring()); 0: 2 GiB */
	/*
	 * look at the placement each run ends in: the transfer between CPUs 0
	 * and 1 measured within milliseconds of its measured second (the
	 * engine's at_end), before the vCPUs idle and the host may move them
	 */
	bool look_at_end;
};
/*
 * `rbsim run --transport ringbuf -p producers --batch B --size 8 --ring-size
 * 512K|RING --consumer libbpf|none --reserve HOW [--lock queued] -a -w W -d D`,
 * how->runs times: W is 1 with the consumer, 0 without (the ring's pages are
 * written at its creation, and its space must last the run); 0, or -errno
 * with the reason (a failed run, a torn record, a ring without a consumer
 * that filled)
 */
int rbsim_real_point(const struct rbsim_real_how *how, unsigned int producers,
		     struct rbsim_real_point *pt, char *err, size_t len);

#endif /* RBSIM_MODEL_PROBE_H */
