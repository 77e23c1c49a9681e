// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim model --probe: the cache-line transfer latency between two CPUs of
 * this machine, measured as nviennot/core-to-core-latency's CAS benchmark
 * does (src/bench/cas.rs): two threads pinned to the CPUs take turns on one
 * line with compare-and-swap; a round trip is two transfers; one-way =
 * round trip / 2. Samples are short bursts of round trips: on a machine
 * shared with other work (and a VM's vCPUs, which the host schedules), a
 * burst is slow whenever one of the two threads is off its CPU, so the
 * fastest bursts are the transfer latency and the median says how often the
 * pair ran together. And the per-record figures of a machine file, on the
 * port (rbsim_cost_probe()).
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <linux/futex.h>
#include <sys/epoll.h>
#include <sys/syscall.h>

#include "ringbuf/consumer.h"
#include "ringbuf/kernel_compat.h"
#include "ringbuf/ringbuf.h"
#include "sim/clock.h"
#include "sim/drive.h"
#include "sim/model_compare.h"
#include "sim/model_probe.h"
#include "sim/task_state.h"

struct probe {
	unsigned long word __attribute__((aligned(128))); /* the line that moves */
	unsigned long back __attribute__((aligned(128))); /* rw: the responder's line */
	unsigned long rounds;
	enum rbsim_c2c_kind kind;
	int cpu[2];
	int err;
};

static int pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

/*
 * a and b: two different CPUs this process may run on; *allowed its CPUs
 * now (put back when the probe is done). 0, or -EINVAL with the reason
 */
static int cpu_pair(int a, int b, cpu_set_t *allowed, char *err, size_t len)
{
	if (sched_getaffinity(0, sizeof(*allowed), allowed) || a == b || a < 0 || b < 0 ||
	    a >= CPU_SETSIZE || b >= CPU_SETSIZE || !CPU_ISSET(a, allowed) ||
	    !CPU_ISSET(b, allowed)) {
		snprintf(err, len, "CPUs %d and %d: two different CPUs this process may run on",
			 a, b);
		return -EINVAL;
	}
	return 0;
}

/* a probe's shared state, zeroed, on blocks of its own (port_zalloc_lines()); NULL, why */
static void *probe_zalloc(size_t size, char *err, size_t len)
{
	void *p = port_zalloc_lines(size);

	if (!p)
		snprintf(err, len, "out of memory");
	return p;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double rbsim_probe_median(double *v, unsigned int n, double *p5)
{
	qsort(v, n, sizeof(v[0]), cmp_double);
	if (p5)
		*p5 = v[n / 20];
	return v[n / 2];
}

/* the side that moves even values to odd ones (parity 0), or odd to even (1) */
static void take_turns(struct probe *pr, unsigned long parity)
{
	unsigned long i, want;

	for (i = 0; i < pr->rounds; i++) {
		want = 2 * i + parity;
		/* acq_rel: each turn orders after the other side's last one */
		while (!__atomic_compare_exchange_n(&pr->word, &(unsigned long){ want }, want + 1,
						    false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
			;
	}
}

/*
 * rw, round i of either side: the initiator stores i + 1 in its line and
 * waits to load it back from the responder's; the responder waits to load
 * it from the initiator's line, then stores it in its own. Each line has
 * one writer and one reader, as consumer_pos and producer_pos do: a
 * one-way trip is a store on one CPU seen by a load on the other.
 */
static void rw_turn(struct probe *pr, unsigned long i, bool initiator)
{
	if (initiator) {
		/* pairs with the responder's load-acquire below */
		smp_store_release(&pr->word, i + 1);
		/* pairs with the responder's store-release of back */
		while (smp_load_acquire(&pr->back) != i + 1)
			;
		return;
	}
	/* pairs with the initiator's store-release of word */
	while (smp_load_acquire(&pr->word) != i + 1)
		;
	/* pairs with the initiator's load-acquire of back */
	smp_store_release(&pr->back, i + 1);
}

static void *responder(void *arg)
{
	struct probe *pr = arg;
	unsigned long i;

	/* the CPU was checked allowed: a failure here only leaves it unpinned */
	pr->err = pin(pr->cpu[1]);
	if (pr->kind == RBSIM_C2C_CAS) {
		take_turns(pr, 1);
		return NULL;
	}
	for (i = 0; i < pr->rounds; i++)
		rw_turn(pr, i, false);
	return NULL;
}

int rbsim_c2c_probe(int a, int b, enum rbsim_c2c_kind kind, unsigned int samples,
		    unsigned long rounds,
		    double *ns, char *err, size_t len)
{
	cpu_set_t allowed;
	struct probe *pr;
	unsigned long burst = rounds / samples, i, want;
	unsigned int s;
	pthread_t t;

	if (cpu_pair(a, b, &allowed, err, len) || !burst) {
		snprintf(err, len, "CPUs %d and %d: two different CPUs this process may run on",
			 a, b);
		return -EINVAL;
	}
	pr = probe_zalloc(sizeof(*pr), err, len);
	if (!pr)
		return -ENOMEM;
	pr->rounds = burst * samples;
	pr->kind = kind;
	pr->cpu[1] = b;
	if (pin(a) || pthread_create(&t, NULL, responder, pr)) {
		snprintf(err, len, "cannot start the probe on CPUs %d and %d", a, b);
		free(pr);
		return -EAGAIN;
	}
	/* one sample a burst: on a shared machine the fastest bursts are the ones the two
	 * threads spent on their CPUs together */
	for (s = 0, i = 0; s < samples; s++) {
		__u64 t0 = rbsim_now_ns();

		for (; kind == RBSIM_C2C_RW && i < (s + 1) * burst; i++)
			rw_turn(pr, i, true);
		for (; i < (s + 1) * burst; i++) {
			want = 2 * i;
			/* acq_rel: each turn orders after the other side's last one */
			while (!__atomic_compare_exchange_n(&pr->word, &(unsigned long){ want },
							    want + 1, false, __ATOMIC_ACQ_REL,
							    __ATOMIC_RELAXED))
				;
		}
		/* two transfers (hand-offs) a round */
		ns[s] = (double)(rbsim_now_ns() - t0) / (2.0 * burst);
	}
	pthread_join(t, NULL);
	free(pr);
	/* the caller's CPUs back: what runs next places its threads freely */
	sched_setaffinity(0, sizeof(allowed), &allowed);
	return 0;
}

int rbsim_c2c_median(int a, int b, unsigned int samples, unsigned long rounds, double *ns,
		     double *median, char *err, size_t len)
{
	int ret = rbsim_c2c_probe(a, b, RBSIM_C2C_CAS, samples, rounds, ns, err, len);

	if (!ret)
		*median = rbsim_probe_median(ns, samples, NULL);
	return ret;
}

/*
 * The per-record figures of a machine file, on the port (sim/drive.h): the
 * reference workload's records (8 bytes, batches of 50, the kernel's
 * reservation, a 512 KiB ring, the libbpf consumer, every record checked as
 * in a run) produced on CPU prod and consumed on CPU cons, the thread moving
 * between the two, so that the consumer reads lines the producer's CPU wrote
 * (a run's one transfer of each line to the consumer) and neither waits for
 * the other (no contention, which the model charges itself). No wake-ups
 * (--wakeup none): the model has none.
 */
#define COST_BATCH 50
#define COST_BATCHES 64              /* a sample: 3200 records, 50 KiB of the ring */
#define COST_WARMUP 24               /* samples: round the 512 KiB ring twice first */

static int cost_sample(struct rbsim_drive *d, int prod, int cons, bool drain, double *rec,
		       double *batch, double *consumer, char *err, size_t len)
{
	long long t, sum = 0, empty;
	unsigned int i;

	if (pin(prod)) {
		snprintf(err, len, "cannot run on CPU %d", prod);
		return -EINVAL;
	}
	empty = rbsim_drive_produce(d, 0, err, len);
	if (empty < 0)
		return (int)empty;
	for (i = 0; i < COST_BATCHES; i++) {
		t = rbsim_drive_produce(d, COST_BATCH, err, len);
		if (t < 0)
			return (int)t;
		sum += t;
	}
	*rec = (double)sum / (COST_BATCH * COST_BATCHES);
	*batch = (double)empty;
	*consumer = 0;
	if (!drain)
		return 0;
	if (pin(cons)) {
		snprintf(err, len, "cannot run on CPU %d", cons);
		return -EINVAL;
	}
	t = rbsim_drive_consume(d, err, len);
	if (t < 0)
		return (int)t;
	*consumer = (double)t / (COST_BATCH * COST_BATCHES);
	return 0;
}

int rbsim_cost_probe(int prod, int cons, const char *reserve, bool consumer,
		     unsigned int samples, double *rec, double *batch, double *consumer_ns,
		     char *err, size_t len)
{
	/*
	 * no consumer: a ring the samples never go round (24 + 500 samples of
	 * 50 KiB), every line fresh memory as in --no-consumer's 2 GiB ring, at
	 * a 32nd of its pages to populate
	 */
	const char *argv[] = { "run", "--transport", "ringbuf", "--size", "8", "--ring-size",
			       consumer ? "512K" : "64M", "--batch", "50", "--reserve", reserve,
			       "--consumer",
			       "libbpf", "--wakeup", "none", NULL };
	struct rbsim_drive d;
	cpu_set_t was;
	double r, b, c;
	unsigned int s;
	int ret;

	if (cpu_pair(prod, cons, &was, err, len))
		return -EINVAL;
	ret = rbsim_drive_open(&d, sizeof(argv) / sizeof(argv[0]) - 1, (char **)argv,
			       COST_BATCH, err, len);
	for (s = 0; !ret && s < COST_WARMUP; s++)
		ret = cost_sample(&d, prod, cons, consumer, &r, &b, &c, err, len);
	for (s = 0; !ret && s < samples; s++)
		ret = cost_sample(&d, prod, cons, consumer, &rec[s], &batch[s], &consumer_ns[s],
				  err, len);
	rbsim_drive_close(&d);
	/* the caller's CPUs back: a run after this one places its threads freely */
	sched_setaffinity(0, sizeof(was), &was);
	return ret;
}

/*
 * The hand-off as the real runs make it (rbsim_pair_probe()). A hand-written
 * imitation (a lock word passed in turns, the waiter loading producer_pos
 * and writing a header and producer_pos under it) read 56-58 ns a hand-off
 * with the vCPUs 31 ns apart where the port's two producers took 121-132 ns
 * a record: it left out the pending waiter's trips on the lock word
 * (qspinlock's pending bit set, then cleared as it takes the lock), the
 * pending_pos walk and the previous holder's commit on the header line
 * (results/model-real-vm-2026-12-05-7). So the port runs here itself:
 * producer 0 on CPU a samples the stretches, producer 1 on CPU b produces
 * until told to stop, and the caller's thread waits for both (a thread
 * spinning beside them would take a CPU from one).
 */
#define PAIR_BATCH 50
#define PAIR_BATCHES 20          /* a stretch: 1000 of producer 0's records */
#define PAIR_WARMUP 20           /* stretches not kept: the lines and the lock settle */
#define PAIR_SHARE 0.3           /* each producer's least share of a kept stretch */
/*
 * the ring: 64 MiB, 4 Mi records of 16 bytes, never consumed while they
 * run; producer 0 takes no stretch that could end past 3 Mi records of the
 * two, and producer 1 stops on its own at 3.5 Mi of the two (while 0 is off
 * its CPU it runs alone), so that neither finds the ring full
 */
#define PAIR_RING "64M"
#define PAIR_LEAD_MAX (3UL << 20)
#define PAIR_OTHER_MAX (7UL << 19)
/*
 * how far producer 1 may run past the records producer 0 has published
 * (four stretches), then waits for it: a producer 1 that ran on while
 * producer 0 waited for its CPU spent the ring alone, and with a spinner
 * sharing CPU 0 the probe ended after 102 to 196 stretches, 95 to 186 of
 * them kept, where with the wait it kept the 200 it wants (2-vCPU EPYC VM of family 25 (Zen 3),
 * 2026-12-06). Not the other way round: producer 1 kept off CPU 1 all along
 * (12 stretches together of 2886 beside the parallel unit tests) is
 * rbsim_pair_probe()'s attempts'.
 */
#define PAIR_AHEAD (4UL * PAIR_BATCH * PAIR_BATCHES)

struct pair {
	struct rbsim_drive d;
	/*
	 * each producer's committed records, and the flag that stops producer
	 * 1: lines of their own
	 */
	unsigned long made0 __attribute__((aligned(128)));
	unsigned long made1 __attribute__((aligned(128)));
	unsigned long stop __attribute__((aligned(128)));
	int failed1 __attribute__((aligned(128)));
	int cpu[2];
	unsigned int samples, got, min;
	/* every stretch after the warm-up, kept or not: its count, ns and records */
	unsigned int tried;
	double all_ns, all_rec;
	double *ns;
	int ret;
	char err[2][256];
};

static void *pair_other(void *arg)
{
	struct pair *pr = arg;
	unsigned long m0;
	long long t;

	if (pin(pr->cpu[1])) {
		snprintf(pr->err[1], sizeof(pr->err[1]), "cannot run on CPU %d", pr->cpu[1]);
		/* pairs with the load-acquire of failed1 in pair_lead() */
		smp_store_release(&pr->failed1, -EINVAL);
		return NULL;
	}
	/* stop, and made0: each pairs with its store-release in pair_lead() */
	while (!smp_load_acquire(&pr->stop) &&
	       (m0 = smp_load_acquire(&pr->made0)) + READ_ONCE(pr->made1) < PAIR_OTHER_MAX) {
		/* never far ahead of the lead: it may be off its CPU (PAIR_AHEAD) */
		if (READ_ONCE(pr->made1) > m0 + PAIR_AHEAD) {
			cpu_relax();
			continue;
		}
		t = rbsim_drive_produce_on(&pr->d, 1, PAIR_BATCH, pr->err[1], sizeof(pr->err[1]));
		if (t < 0) {
			/* pairs with the load-acquire of failed1 in pair_lead() */
			smp_store_release(&pr->failed1, (int)t);
			return NULL;
		}
		/* single writer; pairs with the load-acquire of made1 in pair_lead() */
		smp_store_release(&pr->made1, READ_ONCE(pr->made1) + PAIR_BATCH);
	}
	return NULL;
}

static void *pair_lead(void *arg)
{
	struct pair *pr = arg;
	unsigned int tries, k;
	unsigned long o1, m1, m0 = PAIR_BATCH * PAIR_BATCHES;
	long long t;
	double dt;
	__u64 t0;
	int failed;

	if (pin(pr->cpu[0])) {
		snprintf(pr->err[0], sizeof(pr->err[0]), "cannot run on CPU %d", pr->cpu[0]);
		pr->ret = -EINVAL;
		goto out;
	}
	for (tries = 0; pr->got < pr->samples; tries++) {
		/* pairs with the store-release of made1 in pair_other() */
		o1 = smp_load_acquire(&pr->made1);
		if (READ_ONCE(pr->made0) + o1 + 2 * m0 > PAIR_LEAD_MAX)
			break;
		t0 = rbsim_now_ns();
		for (k = 0; k < PAIR_BATCHES; k++) {
			t = rbsim_drive_produce_on(&pr->d, 0, PAIR_BATCH, pr->err[0],
						   sizeof(pr->err[0]));
			if (t < 0) {
				pr->ret = (int)t;
				goto out;
			}
		}
		/* single writer; pairs with the load-acquire of made0 in pair_other() */
		smp_store_release(&pr->made0, READ_ONCE(pr->made0) + m0);
		/* pairs with the store-release of made1 in pair_other() */
		m1 = smp_load_acquire(&pr->made1) - o1;
		/* pairs with the store-release of failed1 in pair_other() */
		failed = smp_load_acquire(&pr->failed1);
		if (failed) {
			pr->ret = failed;
			goto out;
		}
		if (tries < PAIR_WARMUP)
			continue;
		dt = (double)(rbsim_now_ns() - t0);
		pr->tried++;
		pr->all_ns += dt;
		pr->all_rec += (double)(m0 + m1);
		if ((double)m1 < PAIR_SHARE * (double)(m0 + m1) ||
		    (double)m0 < PAIR_SHARE * (double)(m0 + m1))
			continue;
		pr->ns[pr->got++] = dt / (double)(m0 + m1);
	}
	if (pr->got < pr->min) {
		snprintf(pr->err[0], sizeof(pr->err[0]), "the two producers ran together in %u "
			 "of %u stretches (%u needed)", pr->got, pr->tried, pr->min);
		pr->ret = -EAGAIN;
	}
out:
	/* pairs with the load-acquire of stop in pair_other() */
	smp_store_release(&pr->stop, 1);
	return NULL;
}

/* one attempt of rbsim_pair_probe(), its arguments checked and the caller on its CPUs */
static int pair_probe_once(int a, int b, const char *reserve, unsigned int samples,
			   unsigned int min, double *ns, unsigned int *n,
			   struct rbsim_pair_all *all, char *err, size_t len)
{
	/*
	 * the real runs' producers (rbsim_real_point(): the queued lock for
	 * the kernel's reservation, none for cas; the run's wake-ups), the
	 * libbpf consumer only to check the records after
	 */
	bool lock = strcmp(reserve, "cas") != 0;
	const char *argv[] = { "run", "--transport", "ringbuf", "-p", "2", "--size", "8",
			       "--ring-size", PAIR_RING, "--batch", "50", "--consumer", "libbpf",
			       "--reserve", reserve, lock ? "--lock" : NULL, "queued", NULL };
	int argc = lock ? 17 : 15;
	struct pair *pr;
	pthread_t t[2];
	int ret, started = 0;

	*n = 0;
	if (all)
		memset(all, 0, sizeof(*all));
	pr = probe_zalloc(sizeof(*pr), err, len);
	if (!pr)
		return -ENOMEM;
	pr->cpu[0] = a;
	pr->cpu[1] = b;
	pr->samples = samples;
	pr->min = min;
	pr->ns = ns;
	ret = rbsim_drive_open(&pr->d, argc, (char **)argv, PAIR_BATCH, err, len);
	if (!ret) {
		if (pthread_create(&t[1], NULL, pair_other, pr)) {
			snprintf(err, len, "cannot start the probe on CPUs %d and %d", a, b);
			ret = -EAGAIN;
		} else {
			started = 1;
			if (pthread_create(&t[0], NULL, pair_lead, pr)) {
				/* pairs with the load-acquire of stop in pair_other() */
				smp_store_release(&pr->stop, 1);
				snprintf(err, len, "cannot start the probe on CPUs %d and %d", a,
					 b);
				ret = -EAGAIN;
			} else {
				started = 2;
			}
		}
	}
	if (started == 2)
		pthread_join(t[0], NULL);
	if (started)
		pthread_join(t[1], NULL);
	if (!ret && started == 2) {
		ret = pr->ret;
		if (!ret && pr->failed1)
			ret = pr->failed1;
		if (ret)
			snprintf(err, len, "%s", pr->err[0][0] ? pr->err[0] : pr->err[1]);
		*n = pr->got;
		/* written by pair_lead() before it ended: the join orders them */
		if (all) {
			all->tried = pr->tried;
			all->ns = pr->all_rec > 0 ? pr->all_ns / pr->all_rec : 0;
		}
	}
	/* every record of the two intact, in each producer's order */
	if (!ret) {
		long long c = rbsim_drive_consume(&pr->d, err, len);

		ret = c < 0 ? (int)c : 0;
	}
	rbsim_drive_close(&pr->d);
	free(pr);
	return ret;
}

/*
 * Attempts of the pair probe: the two producers share the CPUs with what
 * else runs, and an attempt whose producer 1 found its CPU taken all along
 * (14 stretches of 2775 together, 20 needed, beside the parallel unit tests
 * on the 2-vCPU EPYC VM of family 25 (Zen 3), 2026-12-06) says nothing of the machine's hand-off:
 * a fresh ring and another attempt, up to PAIR_ATTEMPTS, each a fraction of
 * a second.
 */
#define PAIR_ATTEMPTS 3

int rbsim_pair_probe(int a, int b, const char *reserve, unsigned int samples, unsigned int min,
		     double *ns, unsigned int *n, struct rbsim_pair_all *all, char *err, size_t len)
{
	cpu_set_t was;
	int ret, k;
	size_t at;

	*n = 0;
	if (all)
		memset(all, 0, sizeof(*all));
	if (strcmp(reserve, "kernel") && strcmp(reserve, "cas")) {
		snprintf(err, len, "the hand-off of reservation '%s': kernel or cas", reserve);
		return -EINVAL;
	}
	if (cpu_pair(a, b, &was, err, len))
		return -EINVAL;
	if (!min || min > samples) {
		snprintf(err, len, "%u to %u samples: at least one, and no more than asked for",
			 min, samples);
		return -EINVAL;
	}
	for (k = 1;; k++) {
		ret = pair_probe_once(a, b, reserve, samples, min, ns, n, all, err, len);
		if (ret != -EAGAIN || k == PAIR_ATTEMPTS)
			break;
	}
	if (ret == -EAGAIN && k > 1) {
		at = strnlen(err, len);
		if (at + 1 < len)
			snprintf(err + at, len - at, " in the last of %d attempts", k);
	}
	/* the caller's CPUs back: what runs next places its threads freely */
	sched_setaffinity(0, sizeof(was), &was);
	return ret;
}

/* a probe's ring of size bytes and its libbpf consumer calling cb(ctx); 0, or -errno and err */
static int probe_ring(__u32 size, ring_consumer_sample_fn cb, void *ctx, const char *what,
		      struct bpf_ringbuf_map **map, struct ring_consumer **rc, char *err,
		      size_t len)
{
	int e;

	*map = ringbuf_map__new(size, 0);
	*rc = *map ? ring_consumer__new(*map, cb, ctx) : NULL;
	e = errno;
	if (*rc)
		return 0;
	snprintf(err, len, "the %s probe's ring: %s", what, strerror(e));
	return -e;
}

/*
 * Notifications on the port, from a producer on CPU prod to a consumer on
 * CPU cons, in two phases:
 *   asleep: the consumer sleeps in ring_consumer__poll() on an empty ring
 *     (a waiter: the port writes its eventfd); once it is seen asleep, the
 *     producer commits a record with BPF_RB_NO_WAKEUP and then one with
 *     BPF_RB_FORCE_WAKEUP, each timed from before its reserve to after its
 *     commit: what the second took beyond the first is the notification
 *     (the eventfd write and the wake-up it makes, as a run's producer pays
 *     for a consumer that caught up and slept); the wake-up is from just
 *     before that commit (a stamp in the record) to the consumer's callback
 *     seeing it;
 *   awake: the consumer calls ring_consumer__poll(rc, 0) without pause, as
 *     a consumer that keeps finding records does between its rounds; the
 *     producer commits the same two records, each while the consumer polls
 *     after the record before (the unnotified one is seen at the latest with
 *     a notified one after it: epoll reports a map that left its ready list
 *     only once woken): the second's
 *     extra time is a notification that finds the consumer awake (the ready
 *     list's lines, last read by the consumer's poll), and the consumer's
 *     poll that returned it, less its callback, is one round of its loop;
 *   announced: the consumer announces its sleep as its wait would
 *     (ring_consumer's waiting flag on the map, futex or eventfd as it
 *     waits) and does not sleep; the same two records: the second's extra
 *     time is a notification to a consumer on its way to sleep (the
 *     FUTEX_WAKE_OP, or the eventfd write, that finds no sleeper).
 * Before it all, the producer's thread times the wait call that returns at
 * once.
 */
#define WAKE_RING (64 * 1024)
#define WAKE_WARMUP 20
#define WAKE_TIMEOUT_NS 2000000000ULL

struct wake_rec {
	__u64 tag;                 /* 0: the unnotified record */
	__u64 stamp;
};

/*
 * Its words by who writes them, each group on lines of its own: the
 * producer spins on done while the consumer polls, and a consumer's word
 * beside done would move between the CPUs at every callback, in the poll
 * being timed (as calloc() put it, with the map's line, before 2026-12-05)
 */
struct wake_probe {
	/* the consumer's, published by done */
	__u64 done __attribute__((aligned(128))); /* WP1: asleep, the last tag seen;
						   * awake, the records seen */
	__u64 lat_ns;              /* asleep: the wake-up of the tagged record */
	__u64 poll_ns;             /* awake: the last poll that returned records, WP1 */
	pid_t tid;                 /* WP2: the consumer's, published once */
	__u64 ack;                 /* WP6: announced, the order carried out */
	/* the consumer's own */
	__u64 cb_ns __attribute__((aligned(128))); /* the callbacks' own time in the poll in
						    * progress */
	__u64 seen;                /* records the callback saw */
	int awake_seen;            /* it polls without sleeping (WP4 tells the producer) */
	/* the producer's */
	int stop __attribute__((aligned(128)));
	int awake;                 /* WP3: the consumer is to poll without sleeping */
	__u64 cmd;                 /* WP6: announced, (sample << 1) | 1 announce, | 0 drain */
	/* set before the thread starts, read-only after */
	struct bpf_ringbuf_map *map __attribute__((aligned(128)));
	struct ring_consumer *rc;
	bool futex;                /* the consumer waits on futexes (else epoll) */
	int cpu;
};

static int wake_cb(void *ctx, void *data, size_t size)
{
	struct wake_probe *wp = ctx;
	struct wake_rec rec;
	__u64 now = rbsim_now_ns();

	if (size < sizeof(rec))
		return 0;
	memcpy(&rec, data, sizeof(rec));
	wp->seen++;
	if (rec.tag)
		wp->lat_ns = now - rec.stamp;
	wp->cb_ns += rbsim_now_ns() - now;
	/* asleep: WP1 publishes lat_ns; pairs with the producer's load-acquire of done */
	if (rec.tag && !wp->awake_seen)
		smp_store_release(&wp->done, rec.tag);
	return 0;
}

/* announced: its sleep announced or withdrawn, as its wait would, without sleeping */
static void wake_announce(struct wake_probe *wp, bool on)
{
	if (wp->futex)
		ringbuf_map__set_futex_waiting(wp->map, on);
	else
		ringbuf_map__set_waiting(wp->map, on);
}

/* announced: the producer's orders until it stops (WP6) */
static void wake_consumer_announced(struct wake_probe *wp)
{
	__u64 cmd, last = 0;

	while (!READ_ONCE(wp->stop)) {
		/* WP6: pairs with the producer's store-release of cmd */
		cmd = smp_load_acquire(&wp->cmd);
		if (cmd == last)
			continue;
		last = cmd;
		wake_announce(wp, cmd & 1);
		/* the drain: the sample's two records */
		while (!(cmd & 1) && ring_consumer__consume(wp->rc) > 0)
			;
		/* WP6: says so; pairs with the producer's load-acquire of ack */
		smp_store_release(&wp->ack, cmd);
	}
}

static void *wake_consumer(void *arg)
{
	struct wake_probe *wp = arg;
	__u64 t0;
	int n;

	pin(wp->cpu);
	/* WP2: pairs with the producer's load-acquire of tid */
	smp_store_release(&wp->tid, gettid());
	while (!READ_ONCE(wp->stop)) {
		/* WP6: the announced phase; pairs with the producer's store-release of cmd */
		if (wp->awake_seen && smp_load_acquire(&wp->cmd)) {
			wake_consumer_announced(wp);
			break;
		}
		/* WP3: pairs with the producer's store-release of awake */
		if (!wp->awake_seen && smp_load_acquire(&wp->awake)) {
			wp->awake_seen = 1;
			/* WP4: says so; pairs with the producer's load-acquire of done */
			smp_store_release(&wp->done, ~0ULL);
		}
		if (!wp->awake_seen) {
			ring_consumer__poll(wp->rc, 100);
			continue;
		}
		wp->cb_ns = 0;
		t0 = rbsim_now_ns();
		n = ring_consumer__poll(wp->rc, 0);
		if (n <= 0)
			continue;
		wp->poll_ns = rbsim_now_ns() - t0 - wp->cb_ns;
		/* WP1: publishes poll_ns; pairs with the producer's load-acquire of done */
		smp_store_release(&wp->done, wp->seen);
	}
	return NULL;
}

/* one record, tag 0 or stamped, committed with flags: its ns from reserve to commit */
static int wake_commit(struct wake_probe *wp, __u64 tag, __u64 flags, double *ns)
{
	__u64 t0 = rbsim_now_ns();
	struct wake_rec *rec = bpf_ringbuf_reserve(wp->map, sizeof(*rec), 0);

	if (!rec)
		return -ENOSPC;
	rec->tag = tag;
	rec->stamp = rbsim_now_ns();
	bpf_ringbuf_submit(rec, flags);
	*ns = (double)(rbsim_now_ns() - t0);
	return 0;
}

/* until the consumer published want in done (WP1) */
static int wake_wait(struct wake_probe *wp, __u64 want)
{
	__u64 end = rbsim_now_ns() + WAKE_TIMEOUT_NS;

	/* WP1: pairs with the consumer's store-release of done */
	while (smp_load_acquire(&wp->done) != want)
		if (rbsim_now_ns() > end)
			return -ETIMEDOUT;
	return 0;
}

/* asleep: v[0] the notification, v[1] the wake-up; tag the notified record's */
static int sample_asleep(struct wake_probe *wp, __u64 tag, double v[2])
{
	double quiet, loud;
	int ret;

	ret = rbsim_wait_asleep(wp->tid, WAKE_TIMEOUT_NS);
	if (!ret)
		ret = wake_commit(wp, 0, BPF_RB_NO_WAKEUP, &quiet);
	if (!ret)
		ret = wake_commit(wp, tag, BPF_RB_FORCE_WAKEUP, &loud);
	if (!ret)
		ret = wake_wait(wp, tag);
	if (ret)
		return ret;
	v[0] = loud - quiet;
	v[1] = (double)wp->lat_ns;
	return 0;
}

/* announced: order cmd carried out (WP6) */
static int wake_order(struct wake_probe *wp, __u64 cmd)
{
	__u64 end = rbsim_now_ns() + WAKE_TIMEOUT_NS;

	/* WP6: pairs with the consumer's load-acquire of cmd */
	smp_store_release(&wp->cmd, cmd);
	/* WP6: pairs with the consumer's store-release of ack */
	while (smp_load_acquire(&wp->ack) != cmd)
		if (rbsim_now_ns() > end)
			return -ETIMEDOUT;
	return 0;
}

/* announced: *v the notification to the consumer on its way to sleep; s the sample */
static int sample_announced(struct wake_probe *wp, __u64 s, double *v)
{
	double quiet, loud;
	int ret;

	ret = wake_order(wp, (s << 1) | 1);
	if (!ret)
		ret = wake_commit(wp, 0, BPF_RB_NO_WAKEUP, &quiet);
	if (!ret)
		ret = wake_commit(wp, 0, BPF_RB_FORCE_WAKEUP, &loud);
	if (!ret)
		ret = wake_order(wp, s << 1);
	if (!ret)
		*v = loud - quiet;
	return ret;
}

/* the consumer's wait call that returns at once, ns, on the calling thread */
static int sample_wait_call(bool futex, int epfd, double *ns)
{
	__u32 word = 0;
	struct futex_waitv w = { .val = 1, .uaddr = (uintptr_t)&word,
				 .flags = FUTEX_32 | FUTEX_PRIVATE_FLAG };
	struct epoll_event ev;
	__u64 t0 = rbsim_now_ns();
	long r;
	int e;

	/* futex_waitv() on a word that moved (EAGAIN), or epoll_wait() with no timeout */
	r = futex ? syscall(SYS_futex_waitv, &w, 1, 0, NULL, CLOCK_MONOTONIC) :
		    epoll_wait(epfd, &ev, 1, 0);
	e = errno;
	*ns = (double)(rbsim_now_ns() - t0);
	if (futex && !(r < 0 && e == EAGAIN))
		return r < 0 ? -e : -EPROTO;
	return !futex && r < 0 ? -e : 0;
}

/* awake: v[0] the notification, v[1] the consumer's round; *n the records so far */
static int sample_awake(struct wake_probe *wp, __u64 *n, double v[2])
{
	double quiet, loud, flush;
	int ret;

	/*
	 * each timed commit with the consumer polling after the record before
	 * (the lines where its polls left them); the unnotified one is seen
	 * with a notified one after it
	 */
	ret = wake_commit(wp, 0, BPF_RB_NO_WAKEUP, &quiet);
	if (!ret)
		ret = wake_commit(wp, 0, BPF_RB_FORCE_WAKEUP, &flush);
	*n += 2;
	if (!ret)
		ret = wake_wait(wp, *n);
	if (!ret)
		ret = wake_commit(wp, 1, BPF_RB_FORCE_WAKEUP, &loud);
	++*n;
	if (!ret)
		ret = wake_wait(wp, *n);
	if (ret)
		return ret;
	v[0] = loud - quiet;
	/* WP1: read after the acquire of done in wake_wait() */
	v[1] = (double)wp->poll_ns;
	return 0;
}

/* rbsim_slice_probe(): the two threads' shared word, and each one's turns */
struct slice_probe {
	int owner __attribute__((aligned(128))); /* the thread that ran last: 0, 1; -1: none yet */
	int cpu;
	__u64 until;
};

struct slice_thread {
	struct slice_probe *sp;
	int me;
	double runs[512];
	unsigned int n;
	int err;
};

static void *slice_spin(void *arg)
{
	struct slice_thread *st = arg;
	struct slice_probe *sp = st->sp;
	__u64 t, last = 0, start = 0;
	bool timing = false;
	int o;

	st->err = pin(sp->cpu);
	if (st->err)
		return NULL;
	while ((t = rbsim_now_ns()) < sp->until) {
		/* pairs with the other thread's smp_store_release() of owner below */
		o = smp_load_acquire(&sp->owner);
		if (o != st->me) {
			/*
			 * the other ran since this thread's last look: it was
			 * off the CPU from last to t, and its run before that
			 * began at start (the first: the other had not run yet)
			 */
			if (timing && st->n < sizeof(st->runs) / sizeof(st->runs[0]))
				st->runs[st->n++] = (double)(last - start);
			timing = o >= 0;
			start = t;
			/* pairs with the other thread's smp_load_acquire() of owner above */
			smp_store_release(&sp->owner, st->me);
		}
		last = t;
	}
	return NULL;
}

int rbsim_slice_probe(int cpu, unsigned int ms, double *runs, unsigned int max, unsigned int *n,
		      char *err, size_t len)
{
	struct slice_probe sp = { .owner = -1, .cpu = cpu };
	struct slice_thread st[2] = { { .sp = &sp, .me = 0 }, { .sp = &sp, .me = 1 } };
	pthread_t th[2];
	cpu_set_t allowed;
	unsigned int i, k;
	int e;

	*n = 0;
	if (sched_getaffinity(0, sizeof(allowed), &allowed) || cpu < 0 || cpu >= CPU_SETSIZE ||
	    !CPU_ISSET(cpu, &allowed)) {
		snprintf(err, len, "CPU %d: not one this process may run on", cpu);
		return -EINVAL;
	}
	sp.until = rbsim_now_ns() + (__u64)ms * 1000000ULL;
	for (i = 0; i < 2; i++) {
		e = pthread_create(&th[i], NULL, slice_spin, &st[i]);
		if (e) {
			/* the first runs its ms alone */
			if (i)
				pthread_join(th[0], NULL);
			snprintf(err, len, "the scheduler's turns: a thread: %s", strerror(e));
			return -e;
		}
	}
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < 2; i++) {
		if (st[i].err) {
			snprintf(err, len, "the scheduler's turns: pinning to CPU %d: %s", cpu,
				 strerror(st[i].err));
			return -st[i].err;
		}
		for (k = 0; k < st[i].n && *n < max; k++)
			runs[(*n)++] = st[i].runs[k];
	}
	if (*n < 4) {
		snprintf(err, len, "the scheduler's turns: %u seen on CPU %d in %u ms", *n, cpu, ms);
		return -EAGAIN;
	}
	return 0;
}

int rbsim_wake_probe(int prod, int cons, unsigned int samples, double *v[RBSIM_WAKE_NR],
		     char *err, size_t len)
{
	struct wake_probe *wp;
	unsigned int s;
	cpu_set_t was;
	pthread_t th;
	__u64 tag = 0, n;
	double w[2];
	int ret = 0, epfd = -1;

	if (cpu_pair(prod, cons, &was, err, len))
		return -EINVAL;
	wp = probe_zalloc(sizeof(*wp), err, len);
	if (!wp)
		return -ENOMEM;
	wp->cpu = cons;
	ret = probe_ring(WAKE_RING, wake_cb, wp, "wake-up", &wp->map, &wp->rc, err, len);
	if (ret)
		goto out;
	wp->futex = ring_consumer__wait_how(wp->rc) == RING_CONSUMER_WAIT_FUTEX;
	if (pin(prod)) {
		snprintf(err, len, "the wake-up probe: cannot run on CPU %d", prod);
		ret = -EINVAL;
		goto out;
	}
	/* the wait call, on CPU prod before the consumer's thread starts: an empty epoll set */
	epfd = wp->futex ? -1 : epoll_create1(EPOLL_CLOEXEC);
	if (!wp->futex && epfd < 0) {
		ret = -errno;
		snprintf(err, len, "the wake-up probe's epoll set: %s", strerror(-ret));
		goto out;
	}
	for (s = 0; !ret && s < WAKE_WARMUP + samples; s++) {
		ret = sample_wait_call(wp->futex, epfd, &w[0]);
		if (s >= WAKE_WARMUP)
			v[RBSIM_WAKE_WAIT][s - WAKE_WARMUP] = w[0];
	}
	if (epfd >= 0)
		close(epfd);
	if (ret) {
		snprintf(err, len, "the wake-up probe's wait call (%s): %s",
			 wp->futex ? "futex_waitv" : "epoll_wait",
			 ret == -EPROTO ? "it did not find the word moved" : strerror(-ret));
		goto out;
	}
	if (pthread_create(&th, NULL, wake_consumer, wp)) {
		snprintf(err, len, "cannot start the wake-up probe on CPUs %d and %d", prod, cons);
		ret = -EAGAIN;
		goto out;
	}
	/* WP2: pairs with the consumer's store-release of its tid */
	for (__u64 end = rbsim_now_ns() + WAKE_TIMEOUT_NS; !smp_load_acquire(&wp->tid);)
		if (rbsim_now_ns() > end) {
			ret = -ETIMEDOUT;
			break;
		}
	for (s = 0; !ret && s < WAKE_WARMUP; s++)
		ret = sample_asleep(wp, ++tag, w);
	for (s = 0; !ret && s < samples; s++) {
		ret = sample_asleep(wp, ++tag, w);
		v[RBSIM_WAKE_NOTIFY_SLEEP][s] = w[0];
		v[RBSIM_WAKE_LATENCY][s] = w[1];
	}
	if (!ret) {
		/*
		 * WP3: the consumer is asleep in a poll of up to 100 ms: it
		 * polls without pause once that returns; pairs with its
		 * load-acquire of awake. WP4: it says so in done, after
		 * the last record of the asleep phase (every one seen).
		 */
		smp_store_release(&wp->awake, 1);
		ret = wake_wait(wp, ~0ULL);
		n = wp->seen;
	}
	for (s = 0; !ret && s < WAKE_WARMUP; s++)
		ret = sample_awake(wp, &n, w);
	for (s = 0; !ret && s < samples; s++) {
		ret = sample_awake(wp, &n, w);
		v[RBSIM_WAKE_NOTIFY][s] = w[0];
		v[RBSIM_WAKE_POLL][s] = w[1];
	}
	/* announced: the first order (WP6) ends the consumer's polls without pause */
	for (s = 0; !ret && s < WAKE_WARMUP; s++)
		ret = sample_announced(wp, s + 1, &w[0]);
	for (s = 0; !ret && s < samples; s++)
		ret = sample_announced(wp, WAKE_WARMUP + s + 1, &v[RBSIM_WAKE_NOTIFY_WAKE][s]);
	WRITE_ONCE(wp->stop, 1);
	pthread_join(th, NULL);
	if (ret)
		snprintf(err, len, "the wake-up probe on CPUs %d and %d: %s", prod, cons,
			 ret == -ETIMEDOUT ? "the consumer did not sleep, or did not see a record, "
			 "within 2 s" : strerror(-ret));
out:
	ring_consumer__free(wp->rc);
	ringbuf_map__free(wp->map);
	free(wp);
	/* the caller's CPUs back */
	sched_setaffinity(0, sizeof(was), &was);
	return ret;
}

/*
 * rbsim_follow_probe(): what a libbpf consumer right behind a producer costs
 * it. The two share the lines of the records (headers the consumer reads
 * while the producer writes the next ones in the line, four 16-byte
 * records to a line), producer_pos (the consumer loads it at each pass, the
 * producer stores it at each reservation) and consumer_pos (the other way
 * round): a transfer each time one side touches a line the other wrote
 * since, at a rate set by how closely the two follow, which no count of
 * transfers at the CAS latency gives (1.9 transfers a record 28 ns apart,
 * 0.6 at 243, on the 2-vCPU EPYC VM of results/model-real-vm-2026-12-05-4). Each
 * sample: the producer on CPU prod fills the empty 512 KiB ring with 8-byte
 * records (no notifications), timed, alone (a thread on CPU cons waits on
 * its own line) or with that thread consuming in a loop
 * (ring_consumer__consume(), as a consumer that keeps up polls); that
 * thread empties the ring after each, so that the lines a fill writes
 * were last read on CPU cons, as a lap before in a run.
 *
 * What a fill costs follows the host's placement of the two vCPUs: on the
 * Zen 4 EPYC guest of results/follow-placement-vm-2026-12-08, with a
 * transfer look before and after each ring, fills alone read 10.8 ns a
 * record (followed 46) where both looks read 10 ns, 14-20 (followed 59-99)
 * where both read 26-29, and 26-44 (followed 127-188) where both read
 * 95-110; the same physical pages read 10.8 in one ring and 17.6 in the
 * next. Hence the looks (look[]): a caller tells which placement a ring's
 * fills were taken in. Each is two fifths of rbsim model's look at a run's
 * end (RBSIM_FOLLOW_LOOK_SAMPLES bursts of 200 round trips, 2 ms at 27 ns)
 */
#define FOLLOW_RING (512 * 1024)
#define FOLLOW_LOOK_ROUNDS (RBSIM_FOLLOW_LOOK_SAMPLES * 200UL)
#define FOLLOW_TIMEOUT_NS 2000000000ULL

enum follow_op { FP_WAIT, FP_FOLLOW, FP_DRAIN, FP_QUIT };

/* each line one writer (allocated on a line's boundary) */
struct follow_probe {
	/* FP1: the producer's order to the consumer, (sequence << 2) | enum follow_op */
	unsigned long cmd __attribute__((aligned(128)));
	/* FP2: the consumer's answer, the order it carries out, and its error */
	unsigned long ack __attribute__((aligned(128)));
	int err;
	/* the consumer's callback's (the thread alone calls it, following or draining) */
	__u64 sum __attribute__((aligned(128)));
	/* the producer's own */
	unsigned long seq __attribute__((aligned(128)));
	/* set before the thread starts, read-only after */
	struct bpf_ringbuf_map *map __attribute__((aligned(128)));
	struct ring_consumer *rc;
	int cpu;
};

static int follow_cb(void *ctx, void *data, size_t size)
{
	struct follow_probe *fp = ctx;

	if (size >= sizeof(__u64))
		fp->sum += *(__u64 *)data;
	return 0;
}

static void *follow_consumer(void *arg)
{
	struct follow_probe *fp = arg;
	struct ring_consumer *rc = fp->rc;
	unsigned long cmd, done = 0;
	int n = 0;

	fp->err = pin(fp->cpu);
	while (!fp->err) {
		/* FP1: pairs with the producer's store-release of cmd */
		cmd = smp_load_acquire(&fp->cmd);
		if ((cmd & 3) == FP_QUIT)
			break;
		if (cmd == done)
			continue;
		done = cmd;
		/* a drain is done when the ring is empty */
		while ((cmd & 3) == FP_DRAIN && (n = ring_consumer__consume(rc)) > 0)
			;
		if ((cmd & 3) == FP_DRAIN && n < 0)
			fp->err = n;
		/* FP2: pairs with the producer's load-acquire of ack */
		smp_store_release(&fp->ack, cmd);
		/* FP1: until the next order; pairs with the producer's store-release of cmd */
		while ((cmd & 3) == FP_FOLLOW && smp_load_acquire(&fp->cmd) == cmd) {
			n = ring_consumer__consume(rc);
			if (n < 0)
				fp->err = n;
		}
	}
	/* FP2: the last word (err); pairs with the producer's load-acquire of ack */
	smp_store_release(&fp->ack, ~0UL);
	return NULL;
}

/* gives the consumer order op and waits until it carries it out */
static int follow_order(struct follow_probe *fp, enum follow_op op)
{
	__u64 end = rbsim_now_ns() + FOLLOW_TIMEOUT_NS;
	unsigned long cmd = (++fp->seq << 2) | op;
	unsigned long ack;

	/* FP1: pairs with the consumer's load-acquire of cmd */
	smp_store_release(&fp->cmd, cmd);
	/* FP2: pairs with the consumer's store-release of ack (err with it) */
	while ((ack = smp_load_acquire(&fp->ack)) != cmd) {
		if (ack == ~0UL)
			return fp->err ? fp->err : -EIO;
		if (rbsim_now_ns() > end)
			return -ETIMEDOUT;
	}
	return fp->err;
}

/* one timed fill of the empty ring, followed or not: ns a record */
static int follow_sample(struct follow_probe *fp, bool follow, double *ns)
{
	unsigned long n = 0, want = FOLLOW_RING / 16 - 1;
	__u64 t0, *rec;
	int ret;

	ret = follow_order(fp, follow ? FP_FOLLOW : FP_WAIT);
	if (ret)
		return ret;
	t0 = rbsim_now_ns();
	while (n < want && (rec = bpf_ringbuf_reserve(fp->map, sizeof(*rec), 0))) {
		*rec = ++n;
		bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
	}
	*ns = (double)(rbsim_now_ns() - t0) / (double)(n ? n : 1);
	/* the rest, from the consumer's CPU: its lines where a lap would leave them */
	ret = follow_order(fp, FP_DRAIN);
	if (!ret && n < want / 2)
		ret = -ENOSPC;
	return ret;
}

/* rbsim_follow_probe()'s look at the transfer between CPUs a and b: 0, or -errno */
static int follow_look(int a, int b, double *ns, char *err, size_t len)
{
	double v[RBSIM_FOLLOW_LOOK_SAMPLES];

	return rbsim_c2c_median(a, b, RBSIM_FOLLOW_LOOK_SAMPLES, FOLLOW_LOOK_ROUNDS, v, ns, err,
				len);
}

int rbsim_follow_probe(int prod, int cons, bool cas, unsigned int samples, double *alone,
		       double *follow, double look[2], char *err, size_t len)
{
	struct follow_probe *fp;
	unsigned int s;
	cpu_set_t was;
	pthread_t th;
	double w;
	int ret = 0;

	if (cpu_pair(prod, cons, &was, err, len))
		return -EINVAL;
	fp = probe_zalloc(sizeof(*fp), err, len);
	if (!fp)
		return -ENOMEM;
	fp->cpu = cons;
	ret = probe_ring(FOLLOW_RING, follow_cb, fp, "follow", &fp->map, &fp->rc, err, len);
	if (ret)
		goto out;
	/*
	 * the variant's own reservation: what a followed record costs is the
	 * same with either (results/model-real-cas-vm-2026-12-07, follow/), and
	 * cas alone costs a few ns more, so its followed cost over its own
	 * record_ns is less than over the kernel reservation's
	 */
	if (cas && ringbuf_map__set_reserve(fp->map, RINGBUF_RESERVE_CAS)) {
		snprintf(err, len, "the follow probe: cannot set the CAS reservation");
		ret = -EINVAL;
		goto out;
	}
	/* the placement the fills start in: before the consumer's thread spins on CPU cons */
	if (look && (ret = follow_look(prod, cons, &look[0], err, len)))
		goto out;
	if (pin(prod) || pthread_create(&th, NULL, follow_consumer, fp)) {
		snprintf(err, len, "cannot start the follow probe on CPUs %d and %d", prod, cons);
		ret = -EAGAIN;
		goto out;
	}
	/* a warm-up pair (the ring's pages), then alone and followed in turn */
	for (s = 0; !ret && s < 2; s++)
		ret = follow_sample(fp, s, &w);
	for (s = 0; !ret && s < samples; s++) {
		ret = follow_sample(fp, false, &alone[s]);
		if (!ret)
			ret = follow_sample(fp, true, &follow[s]);
	}
	/* FP1: pairs with the consumer's load-acquire of cmd */
	smp_store_release(&fp->cmd, (unsigned long)FP_QUIT);
	pthread_join(th, NULL);
	if (ret)
		snprintf(err, len, "the follow probe on CPUs %d and %d: %s", prod, cons,
			 ret == -ETIMEDOUT ? "the consumer's thread did not answer within 2 s" :
			 ret == -ENOSPC ? "the ring filled before half a lap" : strerror(-ret));
	/* the placement they ended in: the caller's CPUs back first, the look needs both */
	else if (look && sched_setaffinity(0, sizeof(was), &was)) {
		ret = -errno;
		snprintf(err, len, "the follow probe: cannot put the caller's CPUs back: %s",
			 strerror(-ret));
	} else if (look)
		ret = follow_look(prod, cons, &look[1], err, len);
out:
	ring_consumer__free(fp->rc);
	ringbuf_map__free(fp->map);
	free(fp);
	/* the caller's CPUs back */
	sched_setaffinity(0, sizeof(was), &was);
	return ret;
}

/*
 * The look at a run's end (rbsim_real_how.look_at_end): a quarter of `rbsim
 * model --probe`'s transfer probe (bursts of 200 round trips), 5 ms with the
 * vCPUs 27 ns apart, 22 ms at 110. Taken on the engine's thread once the
 * run's threads are joined: the host moves this guest's vCPUs every few
 * seconds, mostly while they idle (results/placement-vm-2026-12-07), and a
 * look seconds later, after the ring is torn down, may see another placement
 * than the run's (results/settle-vm-2026-12-07)
 */
#define END_LOOK_SAMPLES 500
#define END_LOOK_ROUNDS 100000

struct end_look {
	double ns[END_LOOK_SAMPLES];
	double median;             /* the look's, ns; < 0 once a look failed */
	char err[256];
};

/* the engine's at_end, on its thread: nothing of the run runs beside it */
static void end_look(void *arg)
{
	struct end_look *lk = arg;

	if (rbsim_c2c_median(0, 1, END_LOOK_SAMPLES, END_LOOK_ROUNDS, lk->ns, &lk->median, lk->err,
			     sizeof(lk->err)))
		lk->median = -1;
}

/*
 * The reference workload on real threads, as `rbsim run` runs it (the
 * reserve scenario of bench/, pinned as the model places the threads: -a,
 * the consumer on CPU 0, producer i on CPU i, wrapping): runs runs of a
 * 1 s warm-up and duration s.
 */
int rbsim_real_point(const struct rbsim_real_how *how, unsigned int producers,
		     struct rbsim_real_point *pt, char *err, size_t len)
{
	char p[16], b[16], w[16], d[16], bare[24];
	/* the kernel's hand-off, which the model charges; cas takes no lock */
	bool lock = strcmp(how->reserve, "cas") != 0;
	/* no consumer: a ring whose space lasts the run (rbsim_real_fit(), rbsim_real_ring()) */
	const char *argv[] = { "run", "--transport", "ringbuf", "-p", p, "--batch", b, "--size",
			       "8", "--ring-size", how->consumer ? "512K" : bare, "--consumer",
			       how->consumer ? "libbpf" : "none", "--reserve", how->reserve, "-a",
			       "-w", w, "-d", d, "-q", lock ? "--lock" : NULL, "queued", NULL };
	double sum = 0, sq = 0, drops = 0, notes = 0, wakes = 0, writes = 0, consumed = 0, clear = 0;
	double busy = 0, lost = 0, ran = 0;
	unsigned int i, lost_runs = 0, argc = lock ? 23 : 21;
	int ret = 0;

	memset(pt, 0, sizeof(*pt));
	/* the ring the caller sized the run for */
	rbsim_real_ring_arg(how->ring ? how->ring : RBSIM_REAL_BARE_RING, bare, sizeof(bare));
	pt->warmup = how->consumer ? 1 : 0;
	pt->duration = how->duration;
	snprintf(p, sizeof(p), "%u", producers);
	snprintf(b, sizeof(b), "%u", how->batch);
	snprintf(w, sizeof(w), "%u", pt->warmup);
	snprintf(d, sizeof(d), "%u", pt->duration);
	snprintf(pt->command, sizeof(pt->command), "rbsim run --transport ringbuf -p %s --batch "
		 "%s --size 8 --ring-size %s --consumer %s --reserve %s%s -a -w %s -d %s", p, b,
		 argv[10], argv[12], how->reserve, lock ? " --lock queued" : "", w, d);
	for (i = 0; !ret && i < how->runs; i++) {
		static struct rbsim_opts o;
		static struct end_look look;
		struct rbsim_result r;

		memset(&o, 0, sizeof(o));
		ret = rbsim_run_parse((int)argc, (char **)argv, &o, err, len);
		if (ret) {
			rbsim_opts_free(&o);
			return -EINVAL;
		}
		look.median = 0;
		if (how->look_at_end) {
			o.at_end = end_look;
			o.at_end_arg = &look;
		}
		ret = rbsim_engine_run(&o, &r, err, len);
		if (!ret && how->look_at_end && look.median <= 0) {
			snprintf(err, len, "%s: the look at its end: %s", pt->command,
				 look.median < 0 ? look.err : "not taken");
			ret = -EIO;
		}
		if (!ret && how->look_at_end) {
			if (!i || look.median < pt->end_c2c_min_ns)
				pt->end_c2c_min_ns = look.median;
			pt->end_c2c_max_ns = fmax(pt->end_c2c_max_ns, look.median);
		}
		if (!ret && !r.integrity.ok) {
			snprintf(err, len, "%s: integrity: %s", pt->command, r.integrity.first);
			ret = -EIO;
		}
		if (!ret && !how->consumer && r.drops_mean > 0) {
			snprintf(err, len, "%s: the ring filled (%.3f M drops/s): %sB lasts "
				 "this machine less than the run's %u s", pt->command,
				 r.drops_mean / 1e6, bare, pt->duration);
			ret = -ENOSPC;
		}
		if (!ret) {
			sum += r.hits_mean / 1e6;
			sq += (r.hits_mean / 1e6) * (r.hits_mean / 1e6);
			if (!i || r.hits_mean / 1e6 < pt->min_mps)
				pt->min_mps = r.hits_mean / 1e6;
			pt->max_mps = fmax(pt->max_mps, r.hits_mean / 1e6);
			drops += r.drops_mean / 1e6;
			notes += (double)r.tstats.notifications;
			wakes += (double)r.tstats.wakeups;
			writes += rbsim_tstats_extra(&r.tstats, "notify_writes");
			busy += rbsim_tstats_extra(&r.tstats, "busy_stops");
			consumed += (double)r.consumed;
			lost += r.prod_lost_frac;
			lost_runs += r.have_prod_lost;
			/* bounded: a run the host held to its end would have a share near 1 */
			ran += r.hits_mean / 1e6 / fmax(1 - r.prod_lost_frac, 1e-3);
			pt->oversubscribed |= r.oversubscribed;
			if (rbsim_real_stopped(&r)) {
				pt->stopped++;
			} else {
				clear += r.hits_mean / 1e6;
				pt->clear_runs++;
			}
			pt->threads = r.threads;
			pt->cpus = r.cpus;
		}
		rbsim_result_free(&r);
		rbsim_opts_free(&o);
	}
	if (ret)
		return ret;
	pt->runs = how->runs;
	pt->mps = sum / how->runs;
	pt->sd_mps = how->runs > 1 ? sqrt(fmax(0, (sq - sum * sum / how->runs) /
					       (how->runs - 1))) : 0;
	pt->drops_mps = drops / how->runs;
	pt->clear_mps = pt->clear_runs ? clear / pt->clear_runs : 0;
	pt->have_lost = lost_runs == how->runs;
	pt->lost_frac = pt->have_lost ? lost / how->runs : 0;
	pt->ran_mps = pt->have_lost ? ran / how->runs : 0;
	pt->notify_per_rec = consumed > 0 ? notes / consumed : 0;
	pt->wakeup_per_rec = consumed > 0 ? wakes / consumed : 0;
	pt->woke_per_rec = consumed > 0 ? writes / consumed : 0;
	pt->busy_per_rec = consumed > 0 ? busy / consumed : 0;
	return 0;
}
