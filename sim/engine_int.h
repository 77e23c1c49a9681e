/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the run engine's own state, shared by its three files: engine.c
 * (the run: setup, the main thread's ticks, the stop and drain),
 * engine_threads.c (the producer and consumer threads) and engine_stats.c
 * (the per-second samples and the result); the virtual-time engine
 * (sim/vtime.c) takes the samples and the rates from engine_stats.c too.
 * Not for the rest of rbsim: the engine's interface is sim/engine.h.
 *
 * Cross-thread words:
 *   go          main: store-release once everything is set up; threads: load-acquire (G1)
 *   stop        main or a failing thread: relaxed store; producers: relaxed load per batch.
 *               A pure signal, it publishes nothing.
 *   prods_done  main: store-release after joining the producers; consumer: load-acquire
 *               (D1) before its final drain, so every commit is visible to the drain
 *   measuring   main: relaxed store at the end of warm-up; consumer: relaxed load per
 *               round, then it restarts its own latency histogram; a paced producer:
 *               relaxed load at each stop it sees, counted from then on
 *   cons->deadline_ns  main: relaxed store when it stops a timed run; consumer: relaxed
 *               load per record with --consumer-work and per drain round. A pure signal
 *   counters    each owner: relaxed stores; main: relaxed loads (snapshot and diff, no
 *               shared read-modify-write)
 */
#ifndef RBSIM_ENGINE_INT_H
#define RBSIM_ENGINE_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <linux/types.h>

#include "sim/engine.h"

struct engine {
	const struct rbsim_opts *o;
	const struct rbsim_cfg *cfg;
	struct rbsim_transport t;
	struct rbsim_producer *prods;
	struct rbsim_consumer *cons;
	pthread_t *pth;
	pthread_t cth;
	unsigned int nr_pth;
	bool cth_started;
	bool setup_done;     /* the transport's setup ran: teardown is due */
	int *prod_cpu;
	int cons_cpu;
	__u32 *const_sizes;  /* shared read-only batch when every batch is the same */
	int done_fd;         /* written when the --records work is done or a thread failed */
	__u64 t0_ns;         /* the run's start, origin of --rate's schedule (published by G1) */
	__u64 stop_ns;       /* when main stopped the run (main only) */
	__u64 measure_ns;    /* when the measured part began: t0_ns, or the warm-up's end (main only) */
	struct rbsim_sched *sched; /* paced runs: each producer's schedule (sim/arrivals.h) */
	struct engine_prod_arg *pargs; /* the producer threads' arguments */
	__u64 *committed;    /* per producer, at the end: for the verifier's balance */
	/*
	 * The consumer thread's context switches, voluntary and not, from go to
	 * the end of its drain: its own writes, read by main after pthread_join()
	 */
	__u64 cons_nvcsw, cons_nivcsw;
	bool cons_switches;

	int go;
	int stop;
	int prods_done;
	int measuring;
	unsigned int finished; /* producers through their --records quota */
	int failed;
	int fail_err;
	char fail_msg[256];
};

/* a producer thread's argument */
struct engine_prod_arg {
	struct engine *e;
	unsigned int idx;
};

/* engine.c */
void engine_signal_done(struct engine *e);
/* a thread failed (err < 0): the first failure is reported, the run stops */
void engine_fail(struct engine *e, int err, const char *what);

/* engine_threads.c */
void *engine_producer_thread(void *arg);
void *engine_consumer_thread(void *arg);

/* engine_stats.c: what the main thread reads once a second */
struct engine_snap {
	__u64 t_ns, consumed, bytes, drops, wakeups, batches;
};

/* the per-second figures that go into the mean, and the run's regime (rbsim_seconds) */
struct engine_samples {
	unsigned int n, cap;
	double *hits, *drops, *bytes, *wakeups, *batches;
};

void engine_snapshot(const struct engine *e, struct engine_snap *s);
/* the second from prev to cur into s (false: out of memory) */
bool engine_push_sample(struct engine_samples *s, const struct engine_snap *prev,
			const struct engine_snap *cur);
void engine_samples_free(struct engine_samples *s);
/* one producer's counters (committed, discarded, attempted, drops) added into r */
void engine_add_producer(struct rbsim_result *r, const struct rbsim_producer *p);
/*
 * hits, drops and bytes per second into r (r's totals and elapsed_s set): the
 * mean of the seconds sampled, or of the whole run (also the virtual-time
 * engine's, sim/vtime.c); bytes_committed, the producers' bytes, are the
 * hits' bytes under --consumer none
 */
void engine_rates(const struct rbsim_cfg *cfg, const struct engine_samples *smp,
		  struct rbsim_result *r, __u64 bytes_committed);
/* the run's figures into r, every thread joined: totals, rates, the verifier's verdict */
/* the per-second series move to r (smp keeps what is left to free) */
void engine_result(struct engine *e, struct engine_samples *smp, struct rbsim_result *r);

#endif /* RBSIM_ENGINE_INT_H */
