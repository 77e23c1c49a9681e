// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim validate --concurrent: producer threads each run
 * validate_concurrent.bpf.c with BPF_PROG_TEST_RUN in a loop, all at once,
 * against one real ring buffer; one consumer thread drains it with libbpf's
 * ring_buffer__poll() and checks every record (validate_concurrent.h):
 * producer id, length, checksum, and a sequence number that must be the
 * next one its producer submitted. At the end,
 * records consumed must equal records submitted, per producer.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/types.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "ringbuf/kernel_compat.h"
#include "sim/rbsim.h"
#include "sim/kernel_check.h"
#include "sim/kernel_cmds.h"
#include "bpf/libbpf_log.h"
#include "bpf/validate_concurrent.h"
#include "validate_concurrent.skel.h"

#define CONC_RING	(64 * 1024)	/* small enough that producers outrun the consumer */
#define CONC_BATCH	256		/* records per program run */
#define REPORT_MAX	5		/* problems printed in full */

struct producer {
	pthread_t thr;
	int prog_fd;
	const int *go;
	unsigned long records;
	struct stamp_ctx ctx;	/* after the thread ends: its totals */
	int err;
} __attribute__((aligned(128)));

struct checker {
	unsigned long nprod;
	__u64 *next_seq;	/* per producer: the sequence number expected next */
	__u64 *consumed;
	unsigned long bad_size, bad_producer, bad_sum, discarded_seen, out_of_order;
	unsigned long seen, inject;
	int reported;
};

static void *producer_fn(void *arg)
{
	struct producer *p = arg;

	/* pairs with the store-release of go in conc_run() */
	while (!smp_load_acquire(p->go))
		sched_yield();
	/* records refused for lack of space are counted and tried again */
	for (;;) {
		LIBBPF_OPTS(bpf_test_run_opts, opts);
		__u64 done = p->ctx.submitted + p->ctx.discarded, drops = p->ctx.drops;

		if (done >= p->records)
			break;
		p->ctx.count = p->records - done < CONC_BATCH ? p->records - done : CONC_BATCH;
		opts.ctx_in = &p->ctx;
		opts.ctx_size_in = sizeof(p->ctx);
		p->err = bpf_prog_test_run_opts(p->prog_fd, &opts);
		if (p->err)
			break;
		/* a full ring: let the consumer (maybe on this CPU) catch up */
		if (p->ctx.drops != drops)
			sched_yield();
	}
	return NULL;
}

/* the next sequence number a producer submits after seq (discarded ones skipped) */
static __u64 next_submitted(__u64 seq)
{
	do {
		seq++;
	} while (stamp_discarded(seq));
	return seq;
}

static void problem(struct checker *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void problem(struct checker *c, const char *fmt, ...)
{
	va_list ap;

	if (c->reported++ >= REPORT_MAX)
		return;
	printf("validate: concurrent: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static int check_sample(void *ctx, void *data, size_t size)
{
	struct checker *c = ctx;
	const struct stamp_rec *r = data;
	const __u8 *payload = (const __u8 *)(r + 1);
	__u64 h = 0xcbf29ce484222325ULL;

	if (++c->seen == c->inject)
		return 0;	/* pretend the ring lost it */
	if (size < sizeof(*r) || r->len > STAMP_MAX_PAYLOAD || size != sizeof(*r) + r->len) {
		c->bad_size++;
		problem(c, "record of %zu bytes with len %u", size,
			size >= sizeof(*r) ? r->len : 0);
		return 0;
	}
	if (r->producer >= c->nprod) {
		c->bad_producer++;
		problem(c, "record from producer %u of %lu", r->producer, c->nprod);
		return 0;
	}
	h = stamp_mix(h, r->producer);
	h = stamp_mix(h, r->len);
	h = stamp_mix(h, r->seq);
	for (__u32 j = 0; j < r->len; j++) {
		if (payload[j] != stamp_byte(r->producer, r->seq, j))
			h = ~h;	/* a wrong byte must fail even if the sum still matched */
		h = stamp_mix(h, payload[j]);
	}
	if (h != r->sum || r->len != stamp_len(r->seq)) {
		c->bad_sum++;
		problem(c, "producer %u seq %llu: checksum or length wrong", r->producer,
			(unsigned long long)r->seq);
		return 0;
	}
	if (stamp_discarded(r->seq)) {
		c->discarded_seen++;
		problem(c, "producer %u seq %llu was discarded but delivered", r->producer,
			(unsigned long long)r->seq);
		return 0;
	}
	if (r->seq != c->next_seq[r->producer]) {
		c->out_of_order++;
		problem(c, "producer %u: seq %llu where %llu was next (lost or reordered)",
			r->producer, (unsigned long long)r->seq,
			(unsigned long long)c->next_seq[r->producer]);
	}
	c->next_seq[r->producer] = next_submitted(r->seq);
	c->consumed[r->producer]++;
	return 0;
}

struct consumer {
	struct ring_buffer *rb;
	const int *stop;
	int err;
};

static void *consumer_fn(void *arg)
{
	struct consumer *cs = arg;
	int n;

	/* pairs with the store-release of stop once every producer is joined */
	while (!smp_load_acquire(cs->stop)) {
		n = ring_buffer__poll(cs->rb, 20);
		if (n < 0 && n != -EINTR) {
			cs->err = n;
			return NULL;
		}
	}
	/* everything submitted is in the ring now: drain it */
	n = ring_buffer__consume(cs->rb);
	if (n < 0)
		cs->err = n;
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* one run of the check: the program, the threads and what they counted */
struct conc {
	const char *cmd;
	unsigned long nprod, records, started;
	bool verbose;
	struct validate_concurrent_bpf *skel;
	struct producer *prod;
	struct checker chk;
	struct consumer cons;
	pthread_t cons_thr;
	bool cons_started;
	int go, stop;
	double t0;
};

/* the program, its ring, the producers' and the checker's state: 0 or an exit status */
static int conc_setup(struct conc *c, unsigned long inject)
{
	int err;

	c->skel = validate_concurrent_bpf__open();
	if (!c->skel) {
		printf("%s: concurrent: cannot open validate_concurrent.bpf.o: %s\n", c->cmd,
		       strerror(errno));
		return RBSIM_EXIT_FAIL;
	}
	bpf_map__set_max_entries(c->skel->maps.rb, CONC_RING);
	err = validate_concurrent_bpf__load(c->skel);
	if (err) {
		printf("%s: concurrent: FAIL: the kernel refused validate_concurrent.bpf.o (%s; "
		       "--verbose shows why)\n", c->cmd, strerror(-err));
		return RBSIM_EXIT_FAIL;
	}
	c->prod = aligned_alloc(128, c->nprod * sizeof(*c->prod));
	c->chk.next_seq = calloc(c->nprod, sizeof(*c->chk.next_seq));
	c->chk.consumed = calloc(c->nprod, sizeof(*c->chk.consumed));
	if (!c->prod || !c->chk.next_seq || !c->chk.consumed) {
		printf("%s: concurrent: out of memory\n", c->cmd);
		return RBSIM_EXIT_FAIL;
	}
	memset(c->prod, 0, c->nprod * sizeof(*c->prod));
	c->chk.nprod = c->nprod;
	c->chk.inject = inject;
	for (unsigned long i = 0; i < c->nprod; i++)
		c->chk.next_seq[i] = stamp_discarded(0) ? next_submitted(0) : 0;
	c->cons.rb = ring_buffer__new(bpf_map__fd(c->skel->maps.rb), check_sample, &c->chk, NULL);
	if (!c->cons.rb) {
		printf("%s: concurrent: ring_buffer__new: %s\n", c->cmd, strerror(errno));
		return RBSIM_EXIT_FAIL;
	}
	return 0;
}

/* the consumer, then every producer at once; all joined: 0 or an exit status */
static int conc_run(struct conc *c)
{
	unsigned long i;

	c->cons.stop = &c->stop;
	if (pthread_create(&c->cons_thr, NULL, consumer_fn, &c->cons)) {
		printf("%s: concurrent: cannot start the consumer thread\n", c->cmd);
		return RBSIM_EXIT_FAIL;
	}
	c->cons_started = true;
	for (i = 0; i < c->nprod; i++) {
		c->prod[i].prog_fd = bpf_program__fd(c->skel->progs.stamp);
		c->prod[i].go = &c->go;
		c->prod[i].records = c->records;
		c->prod[i].ctx.producer = i;
		if (pthread_create(&c->prod[i].thr, NULL, producer_fn, &c->prod[i])) {
			printf("%s: concurrent: cannot start producer %lu\n", c->cmd, i);
			break;
		}
		c->started++;
	}
	c->t0 = now_s();
	/* pairs with the load-acquire of go in producer_fn() */
	smp_store_release(&c->go, 1);
	for (i = 0; i < c->started; i++)
		pthread_join(c->prod[i].thr, NULL);
	/* pairs with the load-acquire of stop in consumer_fn() */
	smp_store_release(&c->stop, 1);
	pthread_join(c->cons_thr, NULL);
	c->cons_started = false;
	return c->started < c->nprod ? RBSIM_EXIT_FAIL : 0;
}

/* every producer's records against what the checker saw, and the summary line */
static int conc_verdict(struct conc *c)
{
	__u64 submitted = 0, consumed = 0, discarded = 0, drops = 0;
	struct checker *chk = &c->chk;

	for (unsigned long i = 0; i < c->nprod; i++) {
		const struct stamp_ctx *ctx = &c->prod[i].ctx;

		if (c->prod[i].err) {
			printf("%s: concurrent: producer %lu: BPF_PROG_TEST_RUN: %s\n", c->cmd, i,
			       strerror(-c->prod[i].err));
			return RBSIM_EXIT_FAIL;
		}
		submitted += ctx->submitted;
		discarded += ctx->discarded;
		drops += ctx->drops;
		consumed += chk->consumed[i];
		if (chk->consumed[i] != ctx->submitted)
			problem(chk, "producer %lu: %llu records submitted, %llu consumed", i,
				(unsigned long long)ctx->submitted,
				(unsigned long long)chk->consumed[i]);
		if (c->verbose)
			printf("%s: concurrent: producer %lu: %llu submitted, %llu discarded, "
			       "%llu drops, %llu consumed\n", c->cmd, i,
			       (unsigned long long)ctx->submitted,
			       (unsigned long long)ctx->discarded, (unsigned long long)ctx->drops,
			       (unsigned long long)chk->consumed[i]);
	}
	if (c->cons.err) {
		printf("%s: concurrent: ring_buffer__poll: %s\n", c->cmd, strerror(-c->cons.err));
		return RBSIM_EXIT_FAIL;
	}
	printf("%s: concurrent: %lu producers x %lu records, ring %d: %llu submitted, "
	       "%llu discarded, %llu drops, %llu consumed, %llu lost, %lu reordered, "
	       "%lu corrupt (%.2f s; %lu producer threads + 1 consumer on %ld CPUs)\n",
	       c->cmd, c->nprod, c->records, CONC_RING, (unsigned long long)submitted,
	       (unsigned long long)discarded, (unsigned long long)drops,
	       (unsigned long long)consumed,
	       (unsigned long long)(submitted > consumed ? submitted - consumed : 0),
	       chk->out_of_order,
	       chk->bad_size + chk->bad_producer + chk->bad_sum + chk->discarded_seen,
	       now_s() - c->t0, c->nprod, sysconf(_SC_NPROCESSORS_ONLN));
	if (!chk->reported && consumed == submitted &&
	    submitted + discarded == (__u64)c->nprod * c->records)
		return RBSIM_EXIT_OK;
	printf("%s: concurrent: FAIL\n", c->cmd);
	return RBSIM_EXIT_FAIL;
}

int validate_concurrent(const char *cmd, unsigned long nprod, unsigned long records,
			unsigned long inject, bool verbose)
{
	struct conc c = { .cmd = cmd, .nprod = nprod, .records = records, .verbose = verbose };
	int rc;

	rc = kcheck(cmd, KCHECK_BPF | KCHECK_BTF);
	if (rc)
		return rc;
	rbsim_libbpf_verbose(verbose);
	if (!c.nprod) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		c.nprod = n < 2 ? 2 : (unsigned long)n;
		if (c.nprod > RBSIM_VALIDATE_MAX_PRODUCERS)
			c.nprod = RBSIM_VALIDATE_MAX_PRODUCERS;
	}
	rc = conc_setup(&c, inject);
	if (!rc)
		rc = conc_run(&c);
	if (!rc)
		rc = conc_verdict(&c);
	if (c.cons_started) {
		smp_store_release(&c.stop, 1);
		pthread_join(c.cons_thr, NULL);
	}
	ring_buffer__free(c.cons.rb);
	free(c.chk.next_seq);
	free(c.chk.consumed);
	free(c.prod);
	validate_concurrent_bpf__destroy(c.skel);
	return rc;
}
