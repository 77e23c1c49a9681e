// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: a point of `rbsim model` by either engine (sim/model.h): the
 * closed form (sim/model.c), or the virtual-time engine's many-CPU model
 * (sim/vtime_cpus.c), which runs the port's reserve and commit for every
 * record, the variant's rings, the libbpf consumer and the verifier, on the
 * described machine's CPUs, and reads the figures off a window of the run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/model.h"
#include "sim/vtime.h"
#include "sim/workload.h"

/*
 * The run: 16 KiB rings (the steady state does not depend on the size, a
 * larger ring only fills later), 8-byte records (16 with the header, the
 * tables' 4 to a cache line), a window of MODEL_WINDOW records after a
 * warm-up of twice what the rings hold and MODEL_WARM more
 */
#define MODEL_RING 16384
#define MODEL_WINDOW 200000
#define MODEL_WARM 20000
/*
 * --preempt user: the ring of the real runs it is checked against (its
 * size sets how long a producer may run on while the consumer waits for
 * its CPU), and a window of at least MODEL_TURNS of the scheduler's turns
 */
#define MODEL_USER_RING (512 * 1024)
#define MODEL_TURNS 60

static int vtime_point(const struct rbsim_machine *m, const struct rbsim_model_cfg *cfg,
		       unsigned int producers, __u64 seed, struct rbsim_model_point *pt, char *err,
		       size_t len)
{
	struct rbsim_vtime_cpus in = { .m = m };
	struct rbsim_vtime_opts vo = { .cpus = &in };
	struct rbsim_size_spec spec = { 0 };
	struct rbsim_cfg rc;
	struct rbsim_result r;
	struct rbsim_pc pc;
	unsigned int *cpu, i, rings, ring;
	bool user;
	int ret;

	if (rbsim_size_spec_parse("8", &spec, err, len))
		return -EINVAL;
	cpu = calloc(producers, sizeof(*cpu));
	if (!cpu) {
		rbsim_size_spec_free(&spec);
		snprintf(err, len, "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < producers; i++)
		cpu[i] = rbsim_model_cpu(m, cfg, i);
	in.cpu = cpu;
	in.reserve = cfg->reserve.kind;
	in.per = cfg->reserve.kind == RBSIM_RESERVE_SHARD ? cfg->reserve.per : producers;
	in.consumer_cpu = cfg->consumer ? (int)rbsim_model_consumer_cpu(m, cfg) : -1;
	in.overwrite = cfg->overwrite;
	/* record_ns is at the tables' batch 50, the trigger's share in it */
	in.trigger_ns = m->batch_ns;
	in.own_ns = cfg->record_ns - m->batch_ns / 50;
	if (in.own_ns < 0)
		in.own_ns = 0;
	/* the consumer's work and the header lines it fetches (rbsim_model_pc()) */
	rbsim_model_pc(m, &pc);
	in.consumer_ns = m->consumer_ns;
	for (i = 0; cfg->consumer && i < producers; i++)
		in.consumer_ns += pc.consumer / producers *
				  rbsim_model_c2c(m, (unsigned int)in.consumer_cpu, cpu[i]);
	in.pc_producer = cfg->consumer ? pc.producer : 0;
	/*
	 * what a consumer right behind a producer costs it a record, measured
	 * on the port (rbsim model --probe's follow_ns): every line they share,
	 * at the rate the two meet, where the transfers count one line
	 */
	in.follow_ns = cfg->consumer && m->follow_ns > 0 ? m->follow_ns : 0;
	/* its load of producer_pos: at the mean distance to the producers, as the header's */
	for (i = 0; cfg->consumer && i < producers; i++)
		in.pp_ns += pc.pass / producers *
			    rbsim_model_c2c(m, (unsigned int)in.consumer_cpu, cpu[i]);
	rings = rbsim_reserve_rings(&cfg->reserve, producers);
	/* without a consumer, no one takes a producer's CPU: the kernel's model */
	user = cfg->user && cfg->consumer;
	ring = user ? MODEL_USER_RING : MODEL_RING;
	in.warm_records = 2 * rings * (ring / 16) + MODEL_WARM;
	in.window_records = MODEL_WINDOW;
	/* a bound only: at 1 record a microsecond the window ends long before */
	in.end_ns = (in.warm_records + in.window_records) * 1000000ULL;
	if (user) {
		/* needed where a producer shares the consumer's CPU (vt_cpus_setup() says) */
		in.user = true;
		in.slice_ns = m->slice_ns > 0 ? (__u64)m->slice_ns : 0;
		/* the turns' window only where there are turns: the slice sets no other point */
		for (i = 0; i < producers && (int)cpu[i] != in.consumer_cpu; i++)
			;
		in.window_ns = i < producers ? MODEL_TURNS * in.slice_ns : 0;
		in.end_ns += 2 * in.window_ns;
	}

	memset(&rc, 0, sizeof(rc));
	rc.transport = "ringbuf";
	rc.producers = producers;
	rc.duration_s = 1;
	rc.ring_size = ring;
	rc.seed = seed;
	rc.size_min = spec.min;
	rc.size_max = spec.max;
	rc.size_mean = spec.mean;
	rc.batch = cfg->batch;
	rc.verify = true;
	rc.consumer = RBSIM_CONSUMER_LIBBPF;
	rc.virtual_time = true;
	/*
	 * the consumer's loop where the machine file measured it (rbsim model
	 * --probe): a notification costs its producer notify_ns, or
	 * notify_sleep_ns for a consumer asleep, which runs wake_ns later; each
	 * round of the consumer costs poll_ns, and it sleeps only when a poll
	 * after a round finds nothing. Else the notification's cost is in
	 * record_ns, the table's own point, and a woken consumer runs a system
	 * call's time later (the machine's one figure for it)
	 */
	in.notify_ns = cfg->consumer && m->notify_ns > 0 ? m->notify_ns : 0;
	in.notify_sleep_ns = cfg->consumer && m->notify_sleep_ns > 0 ? m->notify_sleep_ns : 0;
	in.repoll = cfg->consumer && m->poll_ns > 0;
	/*
	 * and where it measured the consumer's way to sleep, that: its
	 * announcement, its futex wait's way in and back, and what a
	 * notification costs while it is on its way
	 */
	in.announce = in.repoll && m->announce_ns > 0 && m->wait_ns > 0 && m->notify_wake_ns > 0;
	if (in.announce) {
		in.announce_ns = m->announce_ns;
		in.wait_ns = m->wait_ns;
		in.notify_wake_ns = m->notify_wake_ns;
	}
	rc.vcosts = (struct rbsim_vcosts){ .produce_ns = 1,
					   .wake_ns = !cfg->consumer ? 0 : m->wake_ns > 0 ?
						      (__u64)m->wake_ns : (__u64)m->batch_ns,
					   .poll_ns = in.repoll ? (__u64)m->poll_ns : 0 };
	/*
	 * the wake-ups drawn from the machine's quantiles of them where it has
	 * them (wake_draw_ns), each wake_ns scaled by a quantile over their
	 * median: a constant wake-up locks the consumer's runs to the
	 * producers' cycle, as no real one does
	 */
	if (cfg->consumer && m->nwake_draw && m->wake_ns > 0) {
		const double *q = m->wake_draw_ns;
		unsigned int n = m->nwake_draw;

		rc.vcosts.drawn = true;
		rc.vcosts.draw[0] = q;
		rc.vcosts.ndraw[0] = n;
		rc.vcosts.draw_median[0] = n % 2 ? q[n / 2] : (q[n / 2 - 1] + q[n / 2]) / 2;
	}
	ret = rbsim_vtime_run(&rc, &spec, &vo, &r, NULL, err, len);
	free(cpu);
	free(r.hist);
	rbsim_size_spec_free(&spec);
	if (ret)
		return ret;
	if (!r.integrity.ok || r.consumed != r.produced) {
		snprintf(err, len, "virtual time, %u producers: the records do not verify: %s",
			 producers, r.integrity.ok ? "not all consumed" : r.integrity.first);
		return -EPROTO;
	}
	memset(pt, 0, sizeof(*pt));
	pt->producers = producers;
	pt->cycle_ns = rbsim_model_cycle(m, cfg);
	if (in.out.window_ns <= 0) {
		snprintf(err, len, "virtual time, %u producers: an empty window", producers);
		return -EIO;
	}
	pt->mps = (double)in.out.consumed / in.out.window_ns * 1e3;
	pt->turns = (double)in.out.turns / in.out.window_ns * 1e9;
	pt->drops_mps = (double)in.out.dropped / in.out.window_ns * 1e3;
	if (in.out.busiest_acq > 0)
		pt->serial_ns = in.out.busiest_hold / in.out.busiest_acq;
	if (in.out.acquisitions) {
		pt->transfers = in.out.transfers / (double)in.out.acquisitions;
		pt->wait_ns = in.out.wait_ns / (double)in.out.acquisitions;
	}
	if (in.out.attempted) {
		pt->pc_stalls = (double)in.out.pc_stalls / (double)in.out.attempted;
		pt->yields = (double)in.out.yields / (double)in.out.attempted;
	}
	if (in.out.consumed) {
		pt->pp_stalls = (double)in.out.pp_stalls / (double)in.out.consumed;
		/* without a consumer (a bookkeeper at no cost), nothing is notified or woken */
		pt->wakeups = cfg->consumer ? (double)in.out.wakeups / (double)in.out.consumed : 0;
		pt->notes = cfg->consumer ? (double)in.out.notes / (double)in.out.consumed : 0;
		pt->woke = cfg->consumer ? (double)in.out.woke / (double)in.out.consumed : 0;
		pt->spins = (double)in.out.spins / (double)in.out.consumed;
	}
	if (in.out.transfers > 0)
		pt->c2c_ns = in.out.c2c_ns / in.out.transfers;
	pt->saturated = in.out.busiest_hold >= 0.99 * in.out.window_ns;
	pt->consumer_bound = in.out.dropped > 0;
	return 0;
}

int rbsim_model_eval(const struct rbsim_machine *m, const struct rbsim_model_cfg *cfg,
		     unsigned int producers, const struct rbsim_model_how *how,
		     struct rbsim_model_point *pt, char *err, size_t len)
{
	if (how->engine == RBSIM_MODEL_CLOSED) {
		rbsim_model_point(m, cfg, producers, pt);
		return 0;
	}
	return vtime_point(m, cfg, producers, how->seed, pt, err, len);
}
