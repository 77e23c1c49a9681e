// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the run engine's threads. Producer threads call the transport's
 * produce() batch after batch (paced by --rate, bounded by --records); the
 * consumer thread calls consume(), which hands every record to
 * rbsim_record(), and after the producers are joined drains the ring. The
 * words they share with the main thread are listed in engine_int.h.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "ringbuf/kernel_compat.h"
#include "sim/engine_int.h"

#define CONSUME_TIMEOUT_MS 50 /* how late the consumer may notice the end of the run */

/* pin the calling thread to cpu (-1: not pinned); a failure fails the run */
static int pin_self(struct engine *e, int cpu, const char *what)
{
	cpu_set_t set;
	int err;

	if (cpu < 0)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	err = -pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	if (err)
		engine_fail(e, err, what);
	return err;
}

static void wait_go(struct engine *e)
{
	/* G1: pairs with the store-release of go in engine_ticks() */
	while (!smp_load_acquire(&e->go))
		sched_yield();
}

static inline void account(struct rbsim_producer *p, const struct rbsim_batch_result *res,
			   __u32 n)
{
	int i;

	/* single writer: relaxed stores, read once a second by main */
	WRITE_ONCE(p->ctr.committed, p->ctr.committed + res->committed);
	WRITE_ONCE(p->ctr.discarded, p->ctr.discarded + res->discarded);
	for (i = 0; i < RBSIM_DROP_NR; i++) {
		if (res->drops[i])
			WRITE_ONCE(p->ctr.drops[i], p->ctr.drops[i] + res->drops[i]);
	}
	WRITE_ONCE(p->ctr.bytes, p->ctr.bytes + res->bytes);
	WRITE_ONCE(p->ctr.batches, p->ctr.batches + 1);
	p->attempted += n;
}

/* one batch of up to `max` records of producer p; 0, 1 when its quota is done, or -errno */
static int produce_one(struct engine *e, struct rbsim_producer *p, __u64 max)
{
	const struct rbsim_cfg *cfg = e->cfg;
	struct rbsim_batch_result res;
	struct rbsim_batch b;
	__u32 n = max < cfg->batch ? (__u32)max : cfg->batch;
	int err;

	if (cfg->records) {
		/* a quota of 0 (fewer records than producers) is done before it starts */
		__u64 left = p->quota - p->attempted;

		if (!left)
			return 1;
		if (left < n)
			n = (__u32)left;
	}
	if (!n)
		return 0;
	b.n = n;
	b.uniform = false;
	if (e->const_sizes) {
		b.size = e->const_sizes;
		b.uniform = true;
	} else if (cfg->trace) {
		/* a trace's own sizes, from the producer's next record on */
		memcpy(p->sizes, cfg->trace->size[p->id] + p->attempted, n * sizeof(*p->sizes));
		b.size = p->sizes;
	} else {
		rbsim_gen_sizes(&e->o->size, cfg->discard_pct, &p->rng, p->sizes, n);
		b.size = p->sizes;
	}
	memset(&res, 0, sizeof(res));
	err = e->t.ops->produce(&e->t, p, &b, &res);
	if (err < 0)
		return err;
	account(p, &res, n);
	return cfg->records && p->attempted == p->quota;
}

/*
 * A paced producer (sim/arrivals.h): its record k is due at t0 + its
 * schedule's time for k, whatever came before, so what a producer offers is
 * a function of the time alone. A timed run's schedule ends with the run; a
 * --records run's (or a trace's) goes on until the quota is done.
 *
 * At time now: how many records are due and not yet sent, at most max (0:
 * none; *wake_ns says when the next one is due, or when to look for a stop
 * again). That count before a send is how far behind its schedule the
 * producer is; the one before its last send is kept (p->rate_lag), counted
 * up to 4 x the allowance rate_met takes (engine_stats.c), exactly for a
 * constant rate.
 */
static __u64 sched_next(const struct engine *e, struct rbsim_producer *p, __u64 now, __u64 max,
			__u64 *wake_ns)
{
	struct rbsim_sched *s = &e->sched[p->id];
	__u64 rel = now > e->t0_ns ? now - e->t0_ns : 0, due, lag;

	due = rbsim_sched_due(s, rel, max);
	if (due) {
		lag = rbsim_sched_due(s, rel, rbsim_sched_exact(e->cfg) ? ~0ULL :
					      4 * rbsim_rate_allowance(e->cfg));
		p->rate_lag = lag > due ? lag : due;
		return due;
	}
	/* short sleeps, so that a stop is noticed */
	*wake_ns = now + 100000000ULL;
	if (s->next_ns != RBSIM_SCHED_END && e->t0_ns + s->next_ns < *wake_ns)
		*wake_ns = e->t0_ns + s->next_ns;
	return 0;
}

/*
 * A producer looks at the clock at now, having meant to at meant: a paced
 * one at the end of its sleep, or its previous look, before its last send;
 * an unpaced one every RBSIM_LOOK_BATCHES batches, at its previous look (a few
 * microseconds to a millisecond before: at batch 50, 200 records of 8 bytes
 * took 7 us alone on the 2-vCPU EPYC VM and 40 to 90 us with two producers
 * on one lock, ten times as long at the default batch of 500; the look
 * itself a clock read of 25 ns). A look RBSIM_HOST_STOP_NS or more late
 * is the host's stop of its CPU (pinned, a producer of a run that fits the
 * CPUs waits for nothing else that long; with more threads than CPUs the
 * scheduler's turns are milliseconds; on one lock, a stop of the holder's
 * CPU stops the waiter too, which counts it as its own); counted after the
 * warm-up, as the latencies are
 */
static void host_stop_seen(const struct engine *e, struct rbsim_producer *p, __u64 now,
			   __u64 meant)
{
	if (meant && now >= meant + RBSIM_HOST_STOP_NS &&
	    (!e->cfg->warmup_s || READ_ONCE(e->measuring)))
		p->host_stops++;
}

/*
 * An unpaced producer's look at now, its previous one at prev (0: none):
 * the interval beyond its usual one is lost when the interval is
 * RBSIM_LOST_GAP_NS or more and RBSIM_LOST_TYP_MULT times the usual or more
 * (sim/transport.h), counted after the warm-up as the stops are. The usual
 * interval is a running mean (weight 1/8) of those that lost nothing,
 * started by the first: its thread's own pace, which moves with the ring's
 * state (records refused by a full ring are quicker than records written)
 * but not by a factor of 4 within a few looks.
 */
static void lost_seen(const struct engine *e, struct rbsim_producer *p, __u64 now, __u64 prev)
{
	__u64 gap = now - prev, usual = p->look_usual_ns;

	if (!prev)
		return;
	if (!usual) {
		p->look_usual_ns = gap ? gap : 1;
		return;
	}
	if (gap >= RBSIM_LOST_GAP_NS && gap >= RBSIM_LOST_TYP_MULT * usual) {
		if (!e->cfg->warmup_s || READ_ONCE(e->measuring))
			p->lost_ns += gap - usual;
		return;
	}
	p->look_usual_ns = usual - usual / 8 + gap / 8;
	if (!p->look_usual_ns)
		p->look_usual_ns = 1;
}

/* the records sent move the schedule on */
static void sched_sent(const struct engine *e, struct rbsim_producer *p, __u64 from)
{
	struct rbsim_sched *s = &e->sched[p->id];

	for (; from < p->attempted; from++)
		rbsim_sched_step(s);
}

/* a paced --records producer's send at now of the records from `from` on: its span so far */
static void rate_sent(const struct engine *e, struct rbsim_producer *p, __u64 now, __u64 from)
{
	if (e->cfg->rate && !e->cfg->burst)
		p->rate_span_ns = now - e->t0_ns + (p->attempted - from) * 1000000000ULL /
						   e->cfg->rate;
	else
		p->rate_span_ns = now - e->t0_ns;
}

static void quota_done(struct engine *e)
{
	/* the last producer through its quota ends the run */
	if (__atomic_add_fetch(&e->finished, 1, __ATOMIC_RELAXED) == e->cfg->producers)
		engine_signal_done(e);
}

void *engine_producer_thread(void *arg)
{
	struct engine *e = ((struct engine_prod_arg *)arg)->e;
	struct rbsim_producer *p = &e->prods[((struct engine_prod_arg *)arg)->idx];
	const struct rbsim_cfg *cfg = e->cfg;
	bool paced = rbsim_paced(cfg);
	__u64 max = ~0ULL, wake_ns, meant = 0, looks = 0;
	int err;

	if (pin_self(e, p->cpu, "pinning a producer thread"))
		return NULL;
	if (e->t.ops->producer_init) {
		err = e->t.ops->producer_init(&e->t, p);
		if (err) {
			engine_fail(e, err, "producer setup");
			return NULL;
		}
	}
	wait_go(e);

	while (!READ_ONCE(e->stop)) {
		__u64 now = 0, from = p->attempted;

		if (!paced && !(++looks % RBSIM_LOOK_BATCHES)) {
			now = rbsim_now_ns();
			host_stop_seen(e, p, now, meant);
			lost_seen(e, p, now, meant);
			meant = now;
		} else if (paced) {
			now = rbsim_now_ns();
			host_stop_seen(e, p, now, meant);
			meant = now;
			max = sched_next(e, p, now, cfg->batch, &wake_ns);
			if (!max && (!cfg->records || p->attempted < p->quota)) {
				struct timespec ts = {
					.tv_sec = (time_t)(wake_ns / 1000000000ULL),
					.tv_nsec = (long)(wake_ns % 1000000000ULL),
				};

				clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
				meant = wake_ns > now ? wake_ns : now;
				continue;
			}
		}
		err = produce_one(e, p, max);
		if (err < 0) {
			engine_fail(e, err, "produce");
			break;
		}
		if (paced)
			sched_sent(e, p, from);
		if (paced && cfg->records)
			rate_sent(e, p, now, from);
		if (err > 0) {
			quota_done(e);
			break;
		}
	}
	/*
	 * A paced producer stopped at the end of a timed run may not have
	 * looked at the clock since its last records came due: it sends what
	 * is due, one batch at most, so that a producer that kept up offers
	 * exactly its schedule. More than a batch behind, the rate was not met.
	 */
	if (paced && !cfg->records && !READ_ONCE(e->failed)) {
		max = sched_next(e, p, rbsim_now_ns(), cfg->batch, &wake_ns);
		err = max ? produce_one(e, p, max) : 0;
		if (err < 0)
			engine_fail(e, err, "produce");
	}
	if (e->t.ops->producer_fini)
		e->t.ops->producer_fini(&e->t, p);
	return NULL;
}

/*
 * The consumer's rounds while the producers run (in --b2b it triggers every
 * batch itself, as the selftests): 0 when they are done, 1 when the drain's
 * deadline passed first (nothing more to do), -1 after a failure.
 */
static int consume_rounds(struct engine *e, struct rbsim_producer *p)
{
	struct rbsim_consumer *c = e->cons;
	bool measured = false, producing = p != NULL;
	int n, err;

	/* D1: pairs with the store-release of prods_done in engine_stop() */
	while (!smp_load_acquire(&e->prods_done)) {
		if (!measured && READ_ONCE(e->measuring)) {
			/* warm-up over: latency counts from here */
			memset(c->hist, 0, sizeof(*c->hist));
			measured = true;
		}
		if (producing && READ_ONCE(e->stop)) {
			producing = false;
		} else if (producing) {
			err = produce_one(e, p, ~0ULL);
			if (err < 0) {
				engine_fail(e, err, "produce");
				return -1;
			}
			if (err > 0) {
				producing = false;
				quota_done(e);
			}
		}
		n = e->t.ops->consume(&e->t, c, CONSUME_TIMEOUT_MS);
		if (c->cut)
			return 1; /* past the drain's deadline before the producers were joined */
		if (n < 0) {
			engine_fail(e, n, "consume");
			return -1;
		}
		/* a wake-up as the transports count them: a wait that returned with records */
		if (n > 0 && e->cfg->poll == RBSIM_POLL_EPOLL)
			WRITE_ONCE(c->ctr.wakeups, c->ctr.wakeups + 1);
		/*
		 * --b2b: this thread was the only producer, and its last batch
		 * is taken: no record and no wake-up will come, and a wait for
		 * prods_done would end only at its timeout, inside the measured
		 * time. The drain takes anything left.
		 */
		if (p && !producing)
			return 0;
	}
	return 0;
}

/*
 * The drain: everything committed before prods_done was stored is visible
 * now. It ends when a round finds nothing, or at the deadline (checked per
 * record with --consumer-work, here between rounds).
 */
static void drain(struct engine *e)
{
	struct rbsim_consumer *c = e->cons;
	int n = 0;

	do {
		__u64 dl = READ_ONCE(c->deadline_ns);

		if (dl && rbsim_now_ns() >= dl) {
			c->cut = true;
			break;
		}
		n = e->t.ops->consume(&e->t, c, 0);
	} while (n > 0 && !c->cut);
	if (n < 0 && !c->cut)
		engine_fail(e, n, "consume");
}

void *engine_consumer_thread(void *arg)
{
	struct engine *e = arg;
	struct rbsim_consumer *c = e->cons;
	struct rbsim_producer *p = e->cfg->b2b ? &e->prods[0] : NULL;
	bool prod_inited = false, ok;
	struct rusage ru0, ru1;
	int err;

	if (pin_self(e, e->cons_cpu, "pinning the consumer thread"))
		return NULL;
	if (e->t.ops->consumer_init) {
		err = e->t.ops->consumer_init(&e->t, c);
		if (err) {
			engine_fail(e, err, "consumer setup");
			return NULL;
		}
	}
	if (p && e->t.ops->producer_init) {
		err = e->t.ops->producer_init(&e->t, p);
		if (err) {
			engine_fail(e, err, "producer setup");
			goto out;
		}
	}
	prod_inited = true;
	wait_go(e);
	/* t0 is published by G1: the first stall is a period after it */
	c->stall_t0_ns = e->t0_ns;
	if (c->stall_ns)
		c->stall_next_ns = e->t0_ns + c->stall_every_ns;
	/* this thread's switches from here (getrusage() per thread: Linux 2.6.26) */
	ok = !getrusage(RUSAGE_THREAD, &ru0);
	/* a failed round still drains: the records committed are counted */
	if (consume_rounds(e, p) <= 0)
		drain(e);
	/* main reads them after pthread_join(), which orders these stores before */
	if (ok && !getrusage(RUSAGE_THREAD, &ru1)) {
		e->cons_nvcsw = (__u64)(ru1.ru_nvcsw - ru0.ru_nvcsw);
		e->cons_nivcsw = (__u64)(ru1.ru_nivcsw - ru0.ru_nivcsw);
		e->cons_switches = true;
	}
out:
	if (p && prod_inited && e->t.ops->producer_fini)
		e->t.ops->producer_fini(&e->t, p);
	if (e->t.ops->consumer_fini)
		e->t.ops->consumer_fini(&e->t, c);
	return NULL;
}
