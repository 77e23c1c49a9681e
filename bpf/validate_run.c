// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim validate: sessions (the kernel's ring and the port's, of one size)
 * and running a script's steps on both: a batch of producer ops runs in the
 * kernel with BPF_PROG_TEST_RUN and on the port op by op; a batch that
 * pauses (VOP_PAUSE) is parked in a userfaultfd fault while the port catches
 * up and consumer steps run; each part is compared as a step.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/userfaultfd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpf/validate_internal.h"
#include "validate.skel.h"

/* ---- sessions ---- */

int session_open(struct session *s, size_t size, char *err, size_t errlen)
{
	s->size = size;
	s->nhist = 0;
	s->steps = 0;
	s->limit = 0;
	s->any_consumer = false;
	if (kernel_open(&s->k, size, err, errlen))
		return -1;
	if (port_open(&s->p, size, err, errlen)) {
		kernel_close(&s->k);
		return -1;
	}
	if (s->pz)
		s->k.skel->bss->pause_base = (unsigned long)s->pz->pages;
	return 0;
}

void session_close(struct session *s)
{
	struct ringbuf_stats rs;

	ringbuf_map__stats(s->p.map, &rs);
	s->st->reserved += s->p.nlog;
	s->st->wrapped += s->p.wrapped;
	s->st->too_big += rs.fail_too_big;
	s->st->no_space += rs.fail_no_space;
	port_close(&s->p);
	kernel_close(&s->k);
}

/* ---- running steps ---- */

/*
 * The script has compared its last step: what is left of a batch still runs
 * in the kernel (the program must finish) but is neither run on the port nor
 * compared, so --steps N compares exactly N steps and ends at the same step
 * whatever the batch it falls in.
 */
bool session_full(const struct session *s)
{
	return s->limit && s->steps >= s->limit;
}

bool do_cons_step(struct session *s, const struct cons_step *cs)
{
	struct cons_result kc, pc;
	struct ring_state st;
	char desc[120];

	if (session_full(s))
		return true;
	cons_str(cs, desc, sizeof(desc));
	remember(s, "%s", desc);
	if (cs->kind == CS_CONSUME) {
		view_consume(&s->k.v, cs->arg, &kc);
		view_consume(&s->p.v, cs->arg, &pc);
		s->st->consumed += pc.count;
		s->st->busy_stops += pc.busy_stop;
		return compare(s, desc, NULL, 0, 0, &kc, &pc);
	}
	/* a hostile consumer: the value comes from the (already compared) kernel state */
	view_state(&s->k.v, &st);
	/* R3: pairs with smp_load_acquire(consumer_pos) in reserve (A3) */
	smp_store_release(s->k.v.cons, cons_target(cs, &st));
	smp_store_release(s->p.v.cons, cons_target(cs, &st));
	s->st->hostile++;
	s->any_consumer = true;
	return compare(s, desc, NULL, 0, 0, NULL, NULL);
}

static void describe_ops(const struct val_op *ops, int from, int to, char *buf, size_t len)
{
	size_t o = 0;

	if (from == to) {
		snprintf(buf, len, "no ops (the run paused at op %d)", from);
		return;
	}
	o += snprintf(buf, len, "ops %d..%d:", from, to - 1);
	for (int i = from; i < to && o < len; i++) {
		char one[120];

		op_str(&ops[i], one, sizeof(one));
		o += snprintf(buf + o, len - o, " %s;", one);
	}
}

/* the port executes ops [from, to) and the step is compared */
static bool port_segment(struct session *s, const struct batch *b, int from, int to)
{
	char desc[600];

	if (session_full(s))
		return true;
	for (int i = from; i < to; i++) {
		s->p.res[i] = port_exec(&s->p, &b->ops[i]);
		if (b->ops[i].kind != VOP_QUERY && s->p.res[i] >= VRES_FILL_FAIL &&
		    s->p.res[i] <= VRES_SLOT_BUSY)
			s->st->verdicts++;
	}
	if (to == b->nops)
		port_end_run(&s->p);
	describe_ops(b->ops, from, to, desc, sizeof(desc));
	remember(s, "%s", desc);
	s->st->ops += to - from;
	if (!compare(s, desc, b->ops, from, to, NULL, NULL))
		return false;
	if (s->verbose) {
		printf("    results:");
		for (int i = from; i < to; i++)
			printf(" %lld", (long long)s->p.res[i]);
		printf("\n");
	}
	return true;
}

struct runner {
	int prog_fd;
	int done_fd;
	int err;
};

static void *runner_fn(void *arg)
{
	struct runner *r = arg;
	LIBBPF_OPTS(bpf_test_run_opts, opts);
	__u64 one = 1;

	r->err = bpf_prog_test_run_opts(r->prog_fd, &opts);
	if (write(r->done_fd, &one, sizeof(one)) < 0)
		r->err = -errno;
	return NULL;
}

static bool run_fail(struct session *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static bool run_fail(struct session *s, const char *fmt, ...)
{
	va_list ap;

	printf("validate: FAIL at step %lu (%s, seed %llu): ", s->steps + 1, s->label,
	       (unsigned long long)s->seed);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return false;
}

/*
 * The program faulted on a pause page: the port runs the ops up to the pause
 * (a step), then the consumer steps of that pause, each a step. false on a
 * difference or an unexpected fault.
 */
static bool on_pause(struct session *s, const struct batch *b, const struct uffd_msg *msg,
		     int *seg, int *paused)
{
	struct validate_bpf__bss *bss = s->k.skel->bss;
	unsigned long page;
	bool ok;
	__u32 at;

	page = (msg->arg.pagefault.address - (unsigned long)s->pz->pages) / PAGE_SIZE;
	/* the program stored done (the pause op's index) before faulting */
	at = __atomic_load_n(&bss->done, __ATOMIC_ACQUIRE);
	if (at >= (__u32)b->nops || b->ops[at].kind != VOP_PAUSE || b->ops[at].slot != page ||
	    *paused >= b->npause)
		return run_fail(s, "unexpected pause at op %u (page %lu)", at, page);
	s->st->pauses += !session_full(s);
	ok = port_segment(s, b, *seg, at);
	for (int i = 0; ok && i < b->npstep[page]; i++)
		ok = do_cons_step(s, &b->pstep[page][i]);
	*seg = at;
	(*paused)++;
	return ok;
}

/*
 * after a failure, let a program still parked (or about to be) run to its
 * end: closing nothing here, wake any fault still pending, then wait
 */
static void release_pauses(struct session *s)
{
	struct uffdio_range all = { (unsigned long)s->pz->pages, s->pz->len };

	ioctl(s->pz->uffd, UFFDIO_WAKE, &all);
	for (int i = 0; i < VAL_MAX_PAUSES; i++) {
		struct uffdio_zeropage zp = {
			.range = { (unsigned long)s->pz->pages + i * PAGE_SIZE, PAGE_SIZE }
		};

		ioctl(s->pz->uffd, UFFDIO_ZEROPAGE, &zp);
	}
}

/*
 * The program runs on a thread of its own, the pauses are served here until
 * it is done; each fault is answered with a zero page, whatever happened.
 * false (and a report) on a difference or a failure.
 */
static bool run_paused(struct session *s, const struct batch *b, struct runner *r, int *seg,
		       int *paused)
{
	struct pollfd pfd[2] = {
		{ .fd = s->pz->uffd, .events = POLLIN },
		{ .fd = r->done_fd, .events = POLLIN },
	};
	bool ok = true, finished = false;

	while (!finished) {
		struct uffdio_zeropage zp;
		struct uffd_msg msg;
		int n = poll(pfd, 2, PAUSE_TIMEOUT_MS);

		if (n <= 0) {
			ok = run_fail(s, "the program neither paused nor finished in %d ms",
				      PAUSE_TIMEOUT_MS);
			break;
		}
		if (pfd[0].revents & POLLIN) {
			if (read(s->pz->uffd, &msg, sizeof(msg)) != sizeof(msg))
				continue;
			if (msg.event != UFFD_EVENT_PAGEFAULT)
				continue;
			ok = on_pause(s, b, &msg, seg, paused);
			/* let the program go on, whatever happened (the mapping is page-aligned) */
			zp.range.start = msg.arg.pagefault.address & PAGE_MASK;
			zp.range.len = PAGE_SIZE;
			zp.mode = 0;
			if (ioctl(s->pz->uffd, UFFDIO_ZEROPAGE, &zp) && errno != EEXIST) {
				ok = run_fail(s, "UFFDIO_ZEROPAGE: %s", strerror(errno));
				break;
			}
			if (!ok)
				break;
		}
		if (pfd[1].revents & POLLIN)
			finished = true;
	}
	if (!finished)
		release_pauses(s);
	return ok;
}

bool run_batch(struct session *s, const struct batch *b)
{
	struct validate_bpf__bss *bss = s->k.skel->bss;
	struct runner r = { .prog_fd = s->k.prog_fd };
	pthread_t thr;
	int seg = 0, paused = 0;
	bool ok;

	memcpy(bss->ops, b->ops, sizeof(b->ops[0]) * b->nops);
	bss->nops = b->nops;
	bss->done = 0;
	s->st->runs++;

	if (!b->npause) {
		LIBBPF_OPTS(bpf_test_run_opts, opts);
		int err = bpf_prog_test_run_opts(s->k.prog_fd, &opts);

		if (err)
			return run_fail(s, "BPF_PROG_TEST_RUN: %s", strerror(-err));
		return port_segment(s, b, 0, b->nops);
	}

	/* re-arm the pause pages: each first touch faults again */
	madvise(s->pz->pages, s->pz->len, MADV_DONTNEED);
	r.done_fd = eventfd(0, EFD_CLOEXEC);
	if (r.done_fd < 0)
		return run_fail(s, "eventfd: %s", strerror(errno));
	if (pthread_create(&thr, NULL, runner_fn, &r)) {
		close(r.done_fd);
		return run_fail(s, "pthread_create failed");
	}
	ok = run_paused(s, b, &r, &seg, &paused);
	pthread_join(thr, NULL);
	close(r.done_fd);
	if (!ok)
		return false;
	if (r.err)
		return run_fail(s, "BPF_PROG_TEST_RUN: %s", strerror(-r.err));
	if (paused != b->npause)
		return run_fail(s, "the program paused %d times, the script has %d pauses", paused,
				b->npause);
	return port_segment(s, b, seg, b->nops);
}
