// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the run engine. Producer threads call the transport's produce()
 * batch after batch; one consumer thread calls consume() and hands every
 * record to rbsim_record() (engine_threads.c); the main thread samples the
 * per-thread counters once a second, as the selftests' bench measure() does
 * (engine_stats.c), prints the progress line, and after warm-up + duration
 * stops the producers, lets the consumer drain the ring and collects the
 * result. This file: the run from setup to teardown, on the main thread.
 * The words the threads share are listed in engine_int.h.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/resource.h>

#include "ringbuf/kernel_compat.h"
#include "sim/engine_int.h"

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

void engine_signal_done(struct engine *e)
{
	__u64 one = 1;

	if (write(e->done_fd, &one, sizeof(one)) < 0) {
		/* the counter cannot overflow with a handful of writes; nothing to do */
	}
}

void engine_fail(struct engine *e, int err, const char *what)
{
	/* the first failure is reported; fail_* are read by main after joining */
	if (!xchg(&e->failed, 1)) {
		e->fail_err = err;
		snprintf(e->fail_msg, sizeof(e->fail_msg), "--transport %s: %s: %s",
			 e->t.ops->name, what, strerror(-err));
	}
	WRITE_ONCE(e->stop, 1);
	engine_signal_done(e);
}

static double tv_s(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
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
	free(r->sec.hits);
	free(r->sec.drops);
	free(r->sec.wakeups);
	free(r->sec.batches);
	free(r->sec.regime);
	memset(&r->sec, 0, sizeof(r->sec));
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
	free(e->pargs);
	free(e->committed);
	free(e->sched);
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
	e->pargs = calloc(np, sizeof(*e->pargs));
	e->committed = calloc(np, sizeof(*e->committed));
	e->sched = calloc(np, sizeof(*e->sched));
	if (!e->prods || !e->cons || !e->pth || !e->prod_cpu || !e->pargs || !e->committed ||
	    !e->sched)
		return -ENOMEM;
	memset(e->prods, 0, sizeof(*e->prods) * np);
	memset(e->cons, 0, sizeof(*e->cons));

	if (!cfg->trace && rbsim_sizes_constant(&e->o->size, cfg->discard_pct)) {
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
		/* a trace: each producer its own records */
		if (cfg->trace)
			p->quota = i < cfg->trace->producers ? cfg->trace->n[i] : 0;
		rbsim_sched_init(&e->sched[i], cfg, i, cfg->records ? RBSIM_SCHED_END :
			(__u64)(cfg->warmup_s + cfg->duration_s) * 1000000000ULL);
	}
	e->cons->stall_ns = cfg->stall_ns;
	e->cons->stall_every_ns = cfg->stall_every_ns;

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
	e->cons->extra = e->cons->work_loops || e->cons->fault || e->cons->stall_ns;
	rbsim_consumer_arm(e->cons);
	return 0;
}

/* how long the drain may take: a timed run's max(1 s, --duration), a --records run's 1 s */
static __u64 drain_ns(const struct rbsim_cfg *cfg)
{
	return (!cfg->records && cfg->duration_s > 1 ? cfg->duration_s : 1) * 1000000000ULL;
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

/* before the threads: the engine's memory, the CPUs of the threads, the transport's setup */
static int engine_prepare(struct engine *e, struct rbsim_result *r, char *err, size_t errlen)
{
	const struct rbsim_cfg *cfg = e->cfg;
	unsigned int i;
	int ret;

	ret = engine_alloc(e);
	if (ret) {
		snprintf(err, errlen, "out of memory");
		return ret;
	}
	e->done_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (e->done_fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "eventfd: %s", strerror(errno));
		return ret;
	}
	intr_fd = e->done_fd;
	r->cpus = plan_cpus(e->o, e->prod_cpu, &e->cons_cpu);
	for (i = 0; i < cfg->producers; i++)
		e->prods[i].cpu = e->prod_cpu[i];
	/* --consumer none: its thread only reads the snapshot once the producers are joined */
	r->threads = cfg->b2b ? 1 : cfg->producers + (cfg->consumer != RBSIM_CONSUMER_NONE);
	r->oversubscribed = r->threads > r->cpus;
	if (r->oversubscribed)
		fprintf(stderr, "rbsim run: note: %u threads on %u CPU%s: oversubscribed, a "
			"preempted lock holder, producer holding a reserved record (busy_stops) "
			"or consumer dominates these figures\n",
			r->threads, r->cpus, r->cpus == 1 ? "" : "s");

	e->t.cons_pinned = e->cons_cpu >= 0 && !cfg->b2b;
	e->t.cons_cpu = e->cons_cpu;
	e->t.cons_cpu_producers = 0;
	for (i = 0; e->t.cons_pinned && i < cfg->producers; i++)
		e->t.cons_cpu_producers += e->prod_cpu[i] == e->cons_cpu;
	err[0] = '\0';
	ret = e->t.ops->setup(&e->t, err, errlen);
	e->setup_done = true;
	if (ret) {
		if (!err[0])
			snprintf(err, errlen, "--transport %s: setup failed: %s", e->t.ops->name,
				 strerror(-ret));
		r->unavailable = e->t.unavailable;
	}
	return ret;
}

/* the consumer thread, with SIGINT/SIGTERM blocked: the main thread takes them */
static int engine_start_consumer(struct engine *e)
{
	sigset_t sigs, oldsigs;
	int ret = 0;

	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, &oldsigs);
	if (pthread_create(&e->cth, NULL, engine_consumer_thread, e))
		ret = -EAGAIN;
	else
		e->cth_started = true;
	pthread_sigmask(SIG_SETMASK, &oldsigs, NULL);
	return ret;
}

/*
 * The consumer thread, then the producers; they wait for go. Under
 * --consumer none the consumer thread starts after the producers are joined
 * (engine_stop): it finds prods_done set and only drains, once.
 */
static int engine_start(struct engine *e, char *err, size_t errlen)
{
	const struct rbsim_cfg *cfg = e->cfg;
	sigset_t sigs, oldsigs;
	unsigned int i;

	if (cfg->records)
		WRITE_ONCE(e->measuring, 1); /* no warm-up: latency counts from the start */
	if (cfg->consumer != RBSIM_CONSUMER_NONE && engine_start_consumer(e)) {
		snprintf(err, errlen, "cannot start the consumer thread");
		return -EAGAIN;
	}
	/* the threads inherit a mask without SIGINT/SIGTERM: the main thread takes them */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, &oldsigs);
	for (i = 0; !cfg->b2b && i < cfg->producers; i++) {
		e->pargs[i].e = e;
		e->pargs[i].idx = i;
		if (pthread_create(&e->pth[i], NULL, engine_producer_thread, &e->pargs[i])) {
			engine_fail(e, -EAGAIN, "starting the producer threads");
			break;
		}
		e->nr_pth++;
	}
	pthread_sigmask(SIG_SETMASK, &oldsigs, NULL);
	return 0;
}

/*
 * Go, then a tick a second until warm-up + duration (a timed run), the work
 * is done (--records), a thread failed or a signal came: each full second is
 * a progress line and, after the warm-up, a sample.
 */
static int engine_ticks(struct engine *e, struct engine_samples *smp, char *err, size_t errlen)
{
	const struct rbsim_cfg *cfg = e->cfg;
	struct engine_snap prev, cur;
	int iter;

	engine_snapshot(e, &prev);
	e->t0_ns = prev.t_ns;
	e->measure_ns = prev.t_ns;
	/* G1: the threads' load-acquire of go pairs with this */
	smp_store_release(&e->go, 1);

	for (iter = 1;; iter++) {
		__u64 deadline = e->t0_ns + (__u64)iter * 1000000000ULL, now;
		struct pollfd pfd = { .fd = e->done_fd, .events = POLLIN };
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
		engine_snapshot(e, &cur);
		if (done && cur.t_ns < deadline)
			break; /* a partial second is not a sample */
		dt = (double)(cur.t_ns - prev.t_ns) / 1e9;
		progress_line(e, iter, cur.t_ns - deadline,
			      (double)(cur.consumed - prev.consumed) / dt,
			      (double)(cur.drops - prev.drops) / dt);
		if ((cfg->records || iter > (int)cfg->warmup_s) &&
		    !engine_push_sample(smp, &prev, &cur)) {
			snprintf(err, errlen, "out of memory");
			WRITE_ONCE(e->stop, 1);
			return -ENOMEM;
		}
		prev = cur;
		if (iter == (int)cfg->warmup_s) {
			WRITE_ONCE(e->measuring, 1);
			e->measure_ns = cur.t_ns;
		}
		if (done)
			break;
		if (!cfg->records && iter >= (int)(cfg->warmup_s + cfg->duration_s))
			break;
	}
	return 0;
}

/*
 * Stop the producers, join them, let the consumer drain and join it. A
 * timed run's drain takes at most max(1 s, --duration), an interrupted
 * --records run's 1 s; what is left is reported undrained. A --records run
 * that was not interrupted drains it all.
 */
static void engine_stop(struct engine *e, struct rbsim_result *r)
{
	const struct rbsim_cfg *cfg = e->cfg;
	struct engine_snap end;
	unsigned int i;

	e->stop_ns = rbsim_now_ns();
	r->interrupted = intr_signo;
	if (r->interrupted)
		fprintf(stderr, "rbsim run: interrupted by %s: stopping, draining for at most "
			"%llu s (a second signal ends rbsim at once)\n",
			r->interrupted == SIGINT ? "SIGINT" : "SIGTERM",
			(unsigned long long)(drain_ns(cfg) / 1000000000ULL));
	if (!cfg->records || r->interrupted)
		WRITE_ONCE(e->cons->deadline_ns, e->stop_ns + drain_ns(cfg));
	WRITE_ONCE(e->stop, 1);
	for (i = 0; i < e->nr_pth; i++)
		pthread_join(e->pth[i], NULL);
	e->nr_pth = 0; /* joined */
	/* D1: the consumer's load-acquire of prods_done pairs with this */
	smp_store_release(&e->prods_done, 1);
	if (!e->cth_started && engine_start_consumer(e))
		engine_fail(e, -EAGAIN, "starting the consumer thread");
	if (e->cth_started)
		pthread_join(e->cth, NULL);
	e->cth_started = false;
	if (!r->interrupted)
		r->interrupted = intr_signo; /* during the drain: the figures are whole */
	engine_snapshot(e, &end);
	r->elapsed_s = (double)(end.t_ns - e->t0_ns) / 1e9;
	/* every thread of the run joined: nothing of it runs beside the caller's look */
	if (e->o->at_end)
		e->o->at_end(e->o->at_end_arg);
}

/* after a failure: the threads that run are stopped and joined, the transport torn down */
static void engine_finish(struct engine *e)
{
	unsigned int i;

	/* --consumer none runs producers without a consumer thread until engine_stop() */
	if (e->cth_started || e->nr_pth) {
		WRITE_ONCE(e->stop, 1);
		for (i = 0; i < e->nr_pth; i++)
			pthread_join(e->pth[i], NULL);
		smp_store_release(&e->prods_done, 1);
		if (e->cth_started)
			pthread_join(e->cth, NULL);
	}
	if (e->setup_done && e->t.ops->teardown)
		e->t.ops->teardown(&e->t);
	engine_free(e);
}

int rbsim_engine_run(const struct rbsim_opts *o, struct rbsim_result *r, char *err,
		     size_t errlen)
{
	struct engine e = { .o = o, .cfg = &o->cfg, .done_fd = -1 };
	struct engine_samples smp = { 0 };
	struct rusage ru0, ru1;
	int ret;

	memset(r, 0, sizeof(*r));
	e.t.ops = o->ops;
	e.t.cfg = &o->cfg;
	ret = engine_prepare(&e, r, err, errlen);
	if (!ret)
		ret = engine_start(&e, err, errlen);
	if (ret)
		goto out;
	getrusage(RUSAGE_SELF, &ru0);
	ret = engine_ticks(&e, &smp, err, errlen);
	if (ret)
		goto out;
	engine_stop(&e, r);
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
	engine_result(&e, &smp, r);
out:
	engine_samples_free(&smp);
	engine_finish(&e);
	return ret;
}
