// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the run engine. Producer threads call the transport's produce()
 * batch after batch; one consumer thread calls consume() and hands every
 * record to rbsim_record(); the main thread samples the per-thread counters
 * once a second, as the selftests' bench measure() does, prints the progress
 * line, and after warm-up + duration stops the producers, lets the consumer
 * drain the ring and collects the result.
 *
 * Cross-thread words:
 *   go          main: store-release once everything is set up; threads: load-acquire (G1)
 *   stop        main or a failing thread: relaxed store; producers: relaxed load per batch.
 *               A pure signal, it publishes nothing.
 *   prods_done  main: store-release after joining the producers; consumer: load-acquire
 *               (D1) before its final drain, so every commit is visible to the drain
 *   measuring   main: relaxed store at the end of warm-up; consumer: relaxed load per
 *               round, then it restarts its own latency histogram
 *   cons->deadline_ns  main: relaxed store when it stops a timed run; consumer: relaxed
 *               load per record with --consumer-work and per drain round. A pure signal
 *   counters    each owner: relaxed stores; main: relaxed loads (snapshot and diff, no
 *               shared read-modify-write)
 */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/resource.h>

#include "ringbuf/kernel_compat.h"
#include "sim/engine.h"

#define CONSUME_TIMEOUT_MS 50 /* how late the consumer may notice the end of the run */

const char *const rbsim_drop_names[RBSIM_DROP_NR] = {
	[RBSIM_DROP_NO_SPACE] = "no_space",
	[RBSIM_DROP_LOCK] = "lock",
	[RBSIM_DROP_TOO_BIG] = "too_big",
};

/*
 * SIGINT/SIGTERM (rbsim_engine_catch_signals): the first one ends the run as
 * its end would (producers stop, the ring drains, the summary is printed);
 * the handler then restores the default action, so a second one kills.
 * intr_fd is the running engine's done_fd: the handler's write wakes the
 * main thread's poll.
 */
static volatile sig_atomic_t intr_signo;
static volatile sig_atomic_t intr_fd = -1;

static void on_signal(int sig)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	int saved = errno;
	__u64 one = 1;

	sigaction(SIGINT, &dfl, NULL);
	sigaction(SIGTERM, &dfl, NULL);
	intr_signo = sig;
	if (intr_fd >= 0 && write(intr_fd, &one, sizeof(one)) < 0) {
		/* nothing to do: the main thread sees intr_signo at its next tick */
	}
	errno = saved;
}

void rbsim_engine_catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

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
	int *prod_cpu;
	int cons_cpu;
	__u32 *const_sizes;  /* shared read-only batch when every batch is the same */
	int done_fd;         /* written when the --records work is done or a thread failed */
	__u64 t0_ns;         /* the run's start, origin of --rate's schedule (published by G1) */
	__u64 stop_ns;       /* when main stopped the run (main only) */
	__u64 rate_total;    /* timed run with --rate: records each producer's schedule holds */

	int go;
	int stop;
	int prods_done;
	int measuring;
	unsigned int finished; /* producers through their --records quota */
	int failed;
	int fail_err;
	char fail_msg[256];
};

static void signal_done(struct engine *e)
{
	__u64 one = 1;

	if (write(e->done_fd, &one, sizeof(one)) < 0) {
		/* the counter cannot overflow with a handful of writes; nothing to do */
	}
}

static void fail(struct engine *e, int err, const char *what)
{
	/* the first failure is reported; fail_* are read by main after joining */
	if (!xchg(&e->failed, 1)) {
		e->fail_err = err;
		snprintf(e->fail_msg, sizeof(e->fail_msg), "--transport %s: %s: %s",
			 e->t.ops->name, what, strerror(-err));
	}
	WRITE_ONCE(e->stop, 1);
	signal_done(e);
}

static int pin_self(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return -pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

static void wait_go(struct engine *e)
{
	/* G1: pairs with the store-release of go in rbsim_engine_run() */
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
	if (e->const_sizes) {
		b.size = e->const_sizes;
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
 * --rate: record k of a producer is due at t0 + k / rate, whatever came
 * before, so what a producer offers is a function of the time alone. A timed
 * run's schedule ends with the run (rate x (warm-up + duration) records); a
 * --records run's goes on until the quota is done.
 */
static __u64 rate_due(const struct engine *e, __u64 now)
{
	unsigned __int128 n;

	if (now < e->t0_ns)
		return 0;
	n = (unsigned __int128)(now - e->t0_ns) * e->cfg->rate / 1000000000u + 1;
	if (!e->cfg->records && n > e->rate_total)
		n = e->rate_total;
	return n > ~0ULL ? ~0ULL : (__u64)n;
}

/* when record k is due: the first ns at which rate_due() counts it */
static __u64 rate_due_ns(const struct engine *e, __u64 k)
{
	unsigned __int128 ns = ((unsigned __int128)k * 1000000000u + e->cfg->rate - 1) /
			       e->cfg->rate;

	return ns > ~0ULL - e->t0_ns ? ~0ULL : e->t0_ns + (__u64)ns;
}

/*
 * A paced producer at time now: how many records are due and not yet sent
 * (0: none; *wake_ns says when the next one is due, or when to look for a
 * stop again). That count before a send is how far behind its schedule the
 * producer is; the one before its last send is kept (p->rate_lag).
 */
static __u64 rate_next(const struct engine *e, struct rbsim_producer *p, __u64 now,
		       __u64 *wake_ns)
{
	__u64 due = rate_due(e, now);

	if (due > p->attempted) {
		p->rate_lag = due - p->attempted;
		return due - p->attempted;
	}
	/* short sleeps, so that a stop is noticed */
	*wake_ns = now + 100000000ULL;
	if ((e->cfg->records || p->attempted < e->rate_total) &&
	    rate_due_ns(e, p->attempted) < *wake_ns)
		*wake_ns = rate_due_ns(e, p->attempted);
	return 0;
}

/* a paced --records producer's send at now of the records from `from` on: its span so far */
static void rate_sent(const struct engine *e, struct rbsim_producer *p, __u64 now, __u64 from)
{
	p->rate_span_ns = now - e->t0_ns + (p->attempted - from) * 1000000000ULL / e->cfg->rate;
}

static void quota_done(struct engine *e)
{
	/* the last producer through its quota ends the run */
	if (__atomic_add_fetch(&e->finished, 1, __ATOMIC_RELAXED) == e->cfg->producers)
		signal_done(e);
}

struct prod_arg {
	struct engine *e;
	unsigned int idx;
};

static void *producer_thread(void *arg)
{
	struct engine *e = ((struct prod_arg *)arg)->e;
	struct rbsim_producer *p = &e->prods[((struct prod_arg *)arg)->idx];
	const struct rbsim_cfg *cfg = e->cfg;
	__u64 max = ~0ULL, wake_ns;
	int err;

	err = pin_self(p->cpu);
	if (err) {
		fail(e, err, "pinning a producer thread");
		return NULL;
	}
	if (e->t.ops->producer_init) {
		err = e->t.ops->producer_init(&e->t, p);
		if (err) {
			fail(e, err, "producer setup");
			return NULL;
		}
	}
	wait_go(e);

	while (!READ_ONCE(e->stop)) {
		__u64 now = 0, from = p->attempted;

		if (cfg->rate) {
			now = rbsim_now_ns();
			max = rate_next(e, p, now, &wake_ns);
			if (!max && (!cfg->records || p->attempted < p->quota)) {
				struct timespec ts = {
					.tv_sec = (time_t)(wake_ns / 1000000000ULL),
					.tv_nsec = (long)(wake_ns % 1000000000ULL),
				};

				clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
				continue;
			}
		}
		err = produce_one(e, p, max);
		if (err < 0) {
			fail(e, err, "produce");
			break;
		}
		if (cfg->rate && cfg->records)
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
	if (cfg->rate && !cfg->records && !READ_ONCE(e->failed)) {
		max = rate_next(e, p, rbsim_now_ns(), &wake_ns);
		err = max ? produce_one(e, p, max) : 0;
		if (err < 0)
			fail(e, err, "produce");
	}
	if (e->t.ops->producer_fini)
		e->t.ops->producer_fini(&e->t, p);
	return NULL;
}

static void *consumer_thread(void *arg)
{
	struct engine *e = arg;
	const struct rbsim_cfg *cfg = e->cfg;
	struct rbsim_consumer *c = e->cons;
	struct rbsim_producer *p = cfg->b2b ? &e->prods[0] : NULL;
	bool measured = false, producing = cfg->b2b, prod_inited = false;
	int n, err;

	err = pin_self(e->cons_cpu);
	if (err) {
		fail(e, err, "pinning the consumer thread");
		return NULL;
	}
	if (e->t.ops->consumer_init) {
		err = e->t.ops->consumer_init(&e->t, c);
		if (err) {
			fail(e, err, "consumer setup");
			return NULL;
		}
	}
	if (p && e->t.ops->producer_init) {
		err = e->t.ops->producer_init(&e->t, p);
		if (err) {
			fail(e, err, "producer setup");
			goto out;
		}
	}
	prod_inited = true;
	wait_go(e);

	/* D1: pairs with the store-release of prods_done in rbsim_engine_run() */
	while (!smp_load_acquire(&e->prods_done)) {
		if (!measured && READ_ONCE(e->measuring)) {
			/* warm-up over: latency counts from here */
			memset(c->hist, 0, sizeof(*c->hist));
			measured = true;
		}
		if (producing) {
			/* back-to-back: the consumer triggers every batch, as the selftests */
			if (READ_ONCE(e->stop)) {
				producing = false;
			} else {
				err = produce_one(e, p, ~0ULL);
				if (err < 0) {
					fail(e, err, "produce");
					break;
				}
				if (err > 0) {
					producing = false;
					quota_done(e);
				}
			}
		}
		n = e->t.ops->consume(&e->t, c, CONSUME_TIMEOUT_MS);
		if (c->cut)
			goto out; /* past the drain's deadline before the producers were joined */
		if (n < 0) {
			fail(e, n, "consume");
			break;
		}
	}
	/*
	 * The drain: everything committed before prods_done was stored is
	 * visible now. It ends when a round finds nothing, or at the deadline
	 * (checked per record with --consumer-work, here between rounds).
	 */
	n = 0;
	do {
		__u64 dl = READ_ONCE(c->deadline_ns);

		if (dl && rbsim_now_ns() >= dl) {
			c->cut = true;
			break;
		}
		n = e->t.ops->consume(&e->t, c, 0);
	} while (n > 0 && !c->cut);
	if (n < 0 && !c->cut)
		fail(e, n, "consume");
out:
	if (p && prod_inited && e->t.ops->producer_fini)
		e->t.ops->producer_fini(&e->t, p);
	if (e->t.ops->consumer_fini)
		e->t.ops->consumer_fini(&e->t, c);
	return NULL;
}

struct snap {
	__u64 t_ns, consumed, bytes, drops;
};

static void snapshot(const struct engine *e, struct snap *s)
{
	unsigned int i;
	int d;

	s->t_ns = rbsim_now_ns();
	s->consumed = READ_ONCE(e->cons->ctr.consumed);
	s->bytes = READ_ONCE(e->cons->ctr.bytes);
	s->drops = 0;
	for (i = 0; i < e->cfg->producers; i++) {
		for (d = 0; d < RBSIM_DROP_NR; d++)
			s->drops += READ_ONCE(e->prods[i].ctr.drops[d]);
	}
}

static double tv_s(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

/* the per-second figures that go into the mean */
struct samples {
	unsigned int n, cap;
	double *hits, *drops, *bytes;
};

static bool push_sample(struct samples *s, double hits, double drops, double bytes)
{
	if (s->n == s->cap) {
		unsigned int cap = s->cap ? 2 * s->cap : 64;
		double *h = realloc(s->hits, cap * sizeof(double));

		if (h)
			s->hits = h;
		h = h ? realloc(s->drops, cap * sizeof(double)) : NULL;
		if (h)
			s->drops = h;
		h = h ? realloc(s->bytes, cap * sizeof(double)) : NULL;
		if (!h)
			return false;
		s->bytes = h;
		s->cap = cap;
	}
	s->hits[s->n] = hits;
	s->drops[s->n] = drops;
	s->bytes[s->n] = bytes;
	s->n++;
	return true;
}

static void mean_stddev(const double *v, unsigned int n, double *mean, double *stddev)
{
	double sum = 0, sq = 0;
	unsigned int i;

	*mean = *stddev = 0;
	if (!n)
		return;
	for (i = 0; i < n; i++)
		sum += v[i];
	*mean = sum / n;
	if (n < 2)
		return;
	for (i = 0; i < n; i++)
		sq += (v[i] - *mean) * (v[i] - *mean);
	*stddev = sqrt(sq / (n - 1)); /* sample stddev, as the selftests */
}

/*
 * CPUs for each thread, the selftests' way: with -a the consumer takes the
 * first CPU and producers the next ones (wrapping here), a CPU list replaces
 * the sequence for its side. Returns how many distinct CPUs the threads may use.
 */
static unsigned int plan_cpus(const struct rbsim_opts *o, int *prod_cpu, int *cons_cpu)
{
	int online[RBSIM_MAX_CPUS], nonline = 0, next = 0, c;
	bool used[RBSIM_MAX_CPUS] = { false };
	unsigned int i, distinct = 0, nprod = o->cfg.producers;
	cpu_set_t set;

	CPU_ZERO(&set);
	sched_getaffinity(0, sizeof(set), &set);
	for (c = 0; c < RBSIM_MAX_CPUS && c < CPU_SETSIZE; c++) {
		if (CPU_ISSET(c, &set))
			online[nonline++] = c;
	}
	if (!nonline)
		online[nonline++] = 0;

	if (!o->affinity) {
		*cons_cpu = -1;
		for (i = 0; i < nprod; i++)
			prod_cpu[i] = -1;
		return (unsigned int)nonline;
	}
	*cons_cpu = o->cons_cpus.nr ? o->cons_cpus.cpu[0] : online[next++ % nonline];
	used[*cons_cpu] = true;
	for (i = 0; i < nprod; i++) {
		if (o->cfg.b2b) {
			prod_cpu[i] = *cons_cpu; /* the consumer thread produces */
			continue;
		}
		prod_cpu[i] = o->prod_cpus.nr ? o->prod_cpus.cpu[i % o->prod_cpus.nr] :
						 online[next++ % nonline];
		used[prod_cpu[i]] = true;
	}
	for (c = 0; c < RBSIM_MAX_CPUS; c++)
		distinct += used[c];
	return distinct;
}

void rbsim_result_free(struct rbsim_result *r)
{
	free(r->hist);
	r->hist = NULL;
}

static void engine_free(struct engine *e)
{
	unsigned int i;

	if (e->prods) {
		for (i = 0; i < e->cfg->producers; i++)
			free(e->prods[i].sizes);
	}
	free(e->prods);
	if (e->cons) {
		free(e->cons->pc);
		free(e->cons->hist);
		free(e->cons->fault_buf);
	}
	free(e->cons);
	free(e->pth);
	free(e->prod_cpu);
	free(e->const_sizes);
	if (e->done_fd >= 0) {
		intr_fd = -1;
		close(e->done_fd);
	}
}

static int engine_alloc(struct engine *e)
{
	const struct rbsim_cfg *cfg = e->cfg;
	unsigned int i, np = cfg->producers;

	e->prods = aligned_alloc(RBSIM_CACHELINE, sizeof(*e->prods) * np);
	e->cons = aligned_alloc(RBSIM_CACHELINE, sizeof(*e->cons));
	e->pth = calloc(np, sizeof(*e->pth));
	e->prod_cpu = calloc(np, sizeof(*e->prod_cpu));
	if (!e->prods || !e->cons || !e->pth || !e->prod_cpu)
		return -ENOMEM;
	memset(e->prods, 0, sizeof(*e->prods) * np);
	memset(e->cons, 0, sizeof(*e->cons));

	if (rbsim_sizes_constant(&e->o->size, cfg->discard_pct)) {
		e->const_sizes = malloc(sizeof(__u32) * cfg->batch);
		if (!e->const_sizes)
			return -ENOMEM;
		for (i = 0; i < cfg->batch; i++)
			e->const_sizes[i] = e->o->size.min;
	}
	for (i = 0; i < np; i++) {
		struct rbsim_producer *p = &e->prods[i];

		p->id = i;
		rbsim_fill_init(cfg, p);
		rbsim_rng_seed(&p->rng, cfg->seed, i);
		if (!e->const_sizes) {
			p->sizes = malloc(sizeof(__u32) * cfg->batch);
			if (!p->sizes)
				return -ENOMEM;
		}
		/* --records: split evenly, the first producers take the remainder */
		if (cfg->records)
			p->quota = cfg->records / np + (i < cfg->records % np);
	}

	e->cons->verify = cfg->verify;
	e->cons->latency = cfg->latency;
	e->cons->nprod = np;
	e->cons->pc = calloc(np, sizeof(*e->cons->pc));
	e->cons->hist = calloc(1, sizeof(*e->cons->hist));
	if (!e->cons->pc || !e->cons->hist)
		return -ENOMEM;
	e->cons->work_ns = cfg->consumer_work_ns;
	e->cons->work_loops = rbsim_calibrate_work(cfg->consumer_work_ns);
	e->cons->fault = e->o->fault;
	e->cons->fault_at = e->o->fault_at;
	if (e->cons->fault) {
		/* perfbuf hands over the padded size: up to 7 bytes beyond the largest */
		e->cons->fault_buf = malloc(cfg->size_max + 8);
		if (!e->cons->fault_buf)
			return -ENOMEM;
	}
	e->cons->extra = e->cons->work_loops || e->cons->fault;
	rbsim_consumer_arm(e->cons);
	return 0;
}

/* how long the drain may take: a timed run's max(1 s, --duration), a --records run's 1 s */
static __u64 drain_ns(const struct rbsim_cfg *cfg)
{
	return (!cfg->records && cfg->duration_s > 1 ? cfg->duration_s : 1) * 1000000000ULL;
}

/*
 * --rate: met when every producer was at most one batch behind its schedule
 * before its last send (a timed run's producers then sent exactly their
 * schedule). Offered: a timed run's records per producer over the run, a
 * --records run's mean of each producer's records over its span.
 */
static void rate_result(const struct engine *e, struct rbsim_result *r)
{
	const struct rbsim_cfg *cfg = e->cfg;
	unsigned int i, n = 0;
	double sum = 0;

	for (i = 0; i < cfg->producers; i++) {
		const struct rbsim_producer *p = &e->prods[i];

		if (p->rate_lag > r->rate_lag)
			r->rate_lag = p->rate_lag;
		if (cfg->records && p->attempted && p->rate_span_ns) {
			sum += (double)p->attempted * 1e9 / (double)p->rate_span_ns;
			n++;
		}
	}
	if (cfg->records)
		r->rate_offered = n ? sum / n : 0;
	else if (r->interrupted)
		r->rate_offered = (double)r->attempted / cfg->producers /
				  ((double)(e->stop_ns - e->t0_ns) / 1e9);
	else
		r->rate_offered = (double)r->attempted / cfg->producers /
				  (cfg->warmup_s + cfg->duration_s);
	r->rate_met = r->rate_lag <= cfg->batch;
}

static void progress_line(const struct engine *e, int iter, __u64 late_ns, double hits,
			  double drops)
{
	if (e->o->quiet)
		return;
	/* the selftests' format; the us figure is how late this tick came, after its deadline */
	fprintf(stderr, "Iter %3d (%7.3lfus): hits %8.3lfM/s (%7.3lfM/prod), ",
		iter, (double)late_ns / 1000.0, hits / 1e6, hits / 1e6 / e->cfg->producers);
	if (e->t.ops->caps & RBSIM_CAP_DROP_RATE)
		fprintf(stderr, "drops %8.3lfM/s\n", drops / 1e6);
	else
		fprintf(stderr, "drops      n/a\n");
}

int rbsim_engine_run(const struct rbsim_opts *o, struct rbsim_result *r, char *err,
		     size_t errlen)
{
	const struct rbsim_cfg *cfg = &o->cfg;
	struct engine e = { .o = o, .cfg = cfg, .done_fd = -1 };
	struct samples smp = { 0 };
	unsigned int i;
	struct snap prev, cur, first;
	__u64 *committed = NULL, t0, total_committed = 0;
	struct prod_arg *pargs = NULL;
	struct rusage ru0, ru1;
	sigset_t sigs, oldsigs;
	int ret = 0, iter, d;
	bool setup_done = false;

	memset(r, 0, sizeof(*r));
	e.t.ops = o->ops;
	e.t.cfg = cfg;

	ret = engine_alloc(&e);
	if (ret) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	e.done_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (e.done_fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "eventfd: %s", strerror(errno));
		goto out;
	}
	intr_fd = e.done_fd;
	r->cpus = plan_cpus(o, e.prod_cpu, &e.cons_cpu);
	for (i = 0; i < cfg->producers; i++)
		e.prods[i].cpu = e.prod_cpu[i];
	r->threads = cfg->b2b ? 1 : cfg->producers + 1;
	r->oversubscribed = r->threads > r->cpus;
	if (r->oversubscribed)
		fprintf(stderr, "rbsim run: note: %u threads on %u CPU%s: oversubscribed, a "
			"preempted lock holder or consumer dominates these figures\n",
			r->threads, r->cpus, r->cpus == 1 ? "" : "s");

	pargs = calloc(cfg->producers, sizeof(*pargs));
	committed = calloc(cfg->producers, sizeof(*committed));
	if (!pargs || !committed) {
		ret = -ENOMEM;
		snprintf(err, errlen, "out of memory");
		goto out;
	}

	err[0] = '\0';
	ret = o->ops->setup(&e.t, err, errlen);
	setup_done = true;
	if (ret) {
		if (!err[0])
			snprintf(err, errlen, "--transport %s: setup failed: %s", o->ops->name,
				 strerror(-ret));
		r->unavailable = e.t.unavailable;
		goto out;
	}

	if (cfg->records)
		WRITE_ONCE(e.measuring, 1); /* no warm-up: latency counts from the start */
	/* the threads inherit a mask without SIGINT/SIGTERM: the main thread takes them */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, &oldsigs);
	if (pthread_create(&e.cth, NULL, consumer_thread, &e)) {
		pthread_sigmask(SIG_SETMASK, &oldsigs, NULL);
		ret = -EAGAIN;
		snprintf(err, errlen, "cannot start the consumer thread");
		goto out;
	}
	e.cth_started = true;
	if (!cfg->b2b) {
		for (i = 0; i < cfg->producers; i++) {
			pargs[i].e = &e;
			pargs[i].idx = i;
			if (pthread_create(&e.pth[i], NULL, producer_thread, &pargs[i])) {
				fail(&e, -EAGAIN, "starting the producer threads");
				break;
			}
			e.nr_pth++;
		}
	}
	pthread_sigmask(SIG_SETMASK, &oldsigs, NULL);

	getrusage(RUSAGE_SELF, &ru0);
	snapshot(&e, &first);
	prev = first;
	t0 = first.t_ns;
	e.t0_ns = t0;
	e.rate_total = cfg->rate * (cfg->warmup_s + cfg->duration_s);
	/* G1: the threads' load-acquire of go pairs with this */
	smp_store_release(&e.go, 1);

	for (iter = 1;; iter++) {
		__u64 deadline = t0 + (__u64)iter * 1000000000ULL, now;
		struct pollfd pfd = { .fd = e.done_fd, .events = POLLIN };
		bool done = false;
		double dt;

		/* sleep to the next tick, or until the work is done, a thread failed or a signal */
		while ((now = rbsim_now_ns()) < deadline) {
			int ms = (int)((deadline - now + 999999) / 1000000);

			if (intr_signo || poll(&pfd, 1, ms) > 0) {
				done = true;
				break;
			}
		}
		snapshot(&e, &cur);
		if (done && cur.t_ns < deadline)
			break; /* a partial second is not a sample */
		dt = (double)(cur.t_ns - prev.t_ns) / 1e9;
		progress_line(&e, iter, cur.t_ns - deadline,
			      (double)(cur.consumed - prev.consumed) / dt,
			      (double)(cur.drops - prev.drops) / dt);
		if ((cfg->records || iter > (int)cfg->warmup_s) &&
		    !push_sample(&smp, (double)(cur.consumed - prev.consumed) / dt,
				 (double)(cur.drops - prev.drops) / dt,
				 (double)(cur.bytes - prev.bytes) / dt)) {
			ret = -ENOMEM;
			snprintf(err, errlen, "out of memory");
			WRITE_ONCE(e.stop, 1);
			goto out;
		}
		prev = cur;
		if (iter == (int)cfg->warmup_s)
			WRITE_ONCE(e.measuring, 1);
		if (done)
			break;
		if (!cfg->records && iter >= (int)(cfg->warmup_s + cfg->duration_s))
			break;
	}

	/*
	 * A timed run's drain takes at most max(1 s, --duration), an
	 * interrupted --records run's 1 s; what is left is reported
	 * undrained. A --records run that was not interrupted drains it all.
	 */
	e.stop_ns = rbsim_now_ns();
	r->interrupted = intr_signo;
	if (r->interrupted)
		fprintf(stderr, "rbsim run: interrupted by %s: stopping, draining for at most %llu s "
			"(a second signal ends rbsim at once)\n",
			r->interrupted == SIGINT ? "SIGINT" : "SIGTERM",
			(unsigned long long)(drain_ns(cfg) / 1000000000ULL));
	if (!cfg->records || r->interrupted)
		WRITE_ONCE(e.cons->deadline_ns, e.stop_ns + drain_ns(cfg));
	WRITE_ONCE(e.stop, 1);
	for (i = 0; i < e.nr_pth; i++)
		pthread_join(e.pth[i], NULL);
	/* D1: the consumer's load-acquire of prods_done pairs with this */
	smp_store_release(&e.prods_done, 1);
	pthread_join(e.cth, NULL);
	e.cth_started = false;
	if (!r->interrupted)
		r->interrupted = intr_signo; /* during the drain: the figures are whole */
	snapshot(&e, &cur);
	r->elapsed_s = (double)(cur.t_ns - t0) / 1e9;
	getrusage(RUSAGE_SELF, &ru1);
	r->cpu_user_s = tv_s(&ru1.ru_utime) - tv_s(&ru0.ru_utime);
	r->cpu_sys_s = tv_s(&ru1.ru_stime) - tv_s(&ru0.ru_stime);

	if (READ_ONCE(e.failed)) {
		/* a failure during the run is never "bad input" */
		ret = e.fail_err;
		if (!ret || ret == -EINVAL || ret == -E2BIG)
			ret = -EIO;
		snprintf(err, errlen, "%s", e.fail_msg);
		goto out;
	}

	/* totals: every thread has been joined, plain reads from here */
	for (i = 0; i < cfg->producers; i++) {
		const struct rbsim_producer *p = &e.prods[i];

		committed[i] = p->ctr.committed;
		total_committed += p->ctr.committed;
		r->produced += p->ctr.committed;
		r->discarded += p->ctr.discarded;
		r->attempted += p->attempted;
		for (d = 0; d < RBSIM_DROP_NR; d++)
			r->drops[d] += p->ctr.drops[d];
	}
	if (cfg->rate)
		rate_result(&e, r);
	r->consumed = e.cons->ctr.consumed;
	r->consumed_bytes = e.cons->ctr.bytes;
	r->drain_cut = e.cons->cut;
	if (e.cons->cut && total_committed > r->consumed)
		r->undrained = total_committed - r->consumed;
	if (o->ops->stats)
		o->ops->stats(&e.t, &r->tstats);
	if (r->tstats.have_drop_reasons) {
		/* the transport's own counters know the reason of every failure */
		for (d = 0; d < RBSIM_DROP_NR; d++)
			r->drops[d] = r->tstats.drops[d];
	}

	r->samples = smp.n;
	mean_stddev(smp.hits, smp.n, &r->hits_mean, &r->hits_stddev);
	mean_stddev(smp.drops, smp.n, &r->drops_mean, &r->drops_stddev);
	mean_stddev(smp.bytes, smp.n, &r->bytes_mean, &(double){ 0 });
	if ((cfg->records || !smp.n) && r->elapsed_s > 0) {
		__u64 drops = 0;

		/* a fixed amount of work, or no full second: the rate over the whole run */
		for (d = 0; d < RBSIM_DROP_NR; d++)
			drops += r->drops[d];
		r->hits_mean = (double)r->consumed / r->elapsed_s;
		r->drops_mean = (double)drops / r->elapsed_s;
		r->bytes_mean = (double)r->consumed_bytes / r->elapsed_s;
		if (smp.n < 2)
			r->hits_stddev = r->drops_stddev = 0;
	}

	rbsim_integrity_finish(e.cons, committed, total_committed, &r->integrity);
	r->hist = e.cons->hist;
	e.cons->hist = NULL;
	ret = 0;
out:
	if (e.cth_started) {
		WRITE_ONCE(e.stop, 1);
		for (i = 0; i < e.nr_pth; i++)
			pthread_join(e.pth[i], NULL);
		smp_store_release(&e.prods_done, 1);
		pthread_join(e.cth, NULL);
	}
	if (setup_done && o->ops->teardown)
		o->ops->teardown(&e.t);
	free(smp.hits);
	free(smp.drops);
	free(smp.bytes);
	free(pargs);
	free(committed);
	engine_free(&e);
	return ret;
}
