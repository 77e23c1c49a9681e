// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: --transport kernel-ringbuf, the real BPF_MAP_TYPE_RINGBUF of the
 * running kernel under the workload of `rbsim run`.
 *
 * Producers are threads that trigger kernel_ringbuf.bpf.c, which writes the
 * batch (sizes, discard marks and seqs from the thread's slot) into the ring:
 *   --trigger syscall      getpgid(KRB_PID_BASE + id), seen by the
 *                          syscalls/sys_enter_getpgid tracepoint (the
 *                          selftests' way: one syscall per --batch records;
 *                          tracefs is mounted if needed, and the raw_tp
 *                          sys_enter is used where syscall tracepoints are
 *                          missing)
 *   --trigger raw-syscall  the same through the raw_tp sys_enter (no tracefs;
 *                          the program runs, and returns early, on every
 *                          system call of the machine)
 *   --trigger test-run     BPF_PROG_TEST_RUN of a syscall program looping
 *                          with bpf_loop(): no tracing at all
 * The consumer is libbpf's own ring_buffer (--consumer libbpf) or the
 * selftests' rb-custom loop on the mmap()ed map (--consumer batch), with
 * level-triggered epoll on the map fd (--poll epoll) or none (--poll busy).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/types.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "ringbuf/kernel_compat.h"
#include "sim/transport.h"
#include "bpf/kernel_check.h"
#include "bpf/kernel_ringbuf.h"
#include "kernel_ringbuf.skel.h"

_Static_assert(KRB_DISCARD == RBSIM_BATCH_DISCARD, "one discard mark for both sides");

#define SYSCALL_TP "/sys/kernel/tracing/events/syscalls/sys_enter_getpgid"

enum krb_trigger { TRIG_SYSCALL, TRIG_RAW_SYSCALL, TRIG_TEST_RUN };

static const char *const trigger_names[] = {
	[TRIG_SYSCALL] = "syscall",
	[TRIG_RAW_SYSCALL] = "raw-syscall",
	[TRIG_TEST_RUN] = "test-run",
};

/* the option as given; parse_option runs before setup on the main thread */
static enum krb_trigger opt_trigger = TRIG_SYSCALL;

struct krb {
	struct kernel_ringbuf_bpf *skel;
	struct bpf_link *link;
	enum krb_trigger trigger;	/* what was attached (syscall may fall back to raw) */
	int prog_fd;			/* test-run */
	struct krb_slot *slots;		/* the slots map, mmap()ed */
	size_t slots_len;
	__u64 wakeups;
};

struct krb_consumer {
	struct ring_buffer *rb;		/* --consumer libbpf */
	struct rbsim_consumer *c;
	void *cons_page, *prod_area;	/* --consumer batch */
	size_t prod_len, size;
	const unsigned long *prod;
	unsigned long *cons;
	const char *data;
	int epoll_fd;
	__u64 wakeups;
};

static const struct rbsim_topt krb_opts[] = {
	{ "trigger", true, "kernel-ringbuf producers: syscall (a tracepoint on getpgid, the "
			   "selftests' way), raw-syscall or test-run (BPF_PROG_TEST_RUN) "
			   "(default: syscall)" },
	{ NULL, false, NULL },
};

static int krb_parse_option(const char *name, const char *arg, char *err, size_t errlen)
{
	if (strcmp(name, "trigger"))
		return 0;
	for (size_t i = 0; i < sizeof(trigger_names) / sizeof(trigger_names[0]); i++) {
		if (!strcmp(arg, trigger_names[i])) {
			opt_trigger = i;
			return 0;
		}
	}
	snprintf(err, errlen, "--trigger '%s': expected syscall, raw-syscall or test-run", arg);
	return -1;
}

static int krb_validate(const struct rbsim_cfg *cfg, char *err, size_t errlen)
{
	/* the kernel's ringbuf_map_alloc() checks, before anything is created */
	if (cfg->ring_size > (1ULL << 31) || !is_power_of_2(cfg->ring_size) ||
	    !PAGE_ALIGNED(cfg->ring_size)) {
		snprintf(err, errlen, "--ring-size %llu: the kernel wants a power of 2, page "
			 "aligned, at most 2147483648", (unsigned long long)cfg->ring_size);
		return -1;
	}
	if (cfg->size_max > KRB_MAX_SIZE) {
		snprintf(err, errlen, "--size: records up to %u bytes with --transport "
			 "kernel-ringbuf (its BPF program builds them in a %u-byte buffer)",
			 KRB_MAX_SIZE, KRB_MAX_SIZE);
		return -1;
	}
	if (cfg->batch > KRB_MAX_BATCH) {
		snprintf(err, errlen, "--batch %u: at most %u records per trigger with --transport "
			 "kernel-ringbuf", cfg->batch, KRB_MAX_BATCH);
		return -1;
	}
	if (cfg->use_output && cfg->discard_pct > 0) {
		snprintf(err, errlen, "--discard needs reserve+submit: bpf_ringbuf_output() "
			 "cannot discard (drop --use-output)");
		return -1;
	}
	return 0;
}

static void krb_teardown(struct rbsim_transport *t)
{
	struct krb *k = t->priv;

	if (!k)
		return;
	if (k->slots)
		munmap(k->slots, k->slots_len);
	bpf_link__destroy(k->link);
	kernel_ringbuf_bpf__destroy(k->skel);
	free(k);
	t->priv = NULL;
}

static int krb_setup(struct rbsim_transport *t, char *err, size_t errlen)
{
	const struct rbsim_cfg *cfg = t->cfg;
	struct bpf_program *prog = NULL;
	struct krb *k;
	char what[160];
	int ret;

	ret = kcheck_missing(KCHECK_BPF | KCHECK_BTF, what, sizeof(what));
	if (ret) {
		snprintf(err, errlen, "kernel-ringbuf %s", what);
		return ret;
	}
	k = calloc(1, sizeof(*k));
	if (!k)
		return -ENOMEM;
	t->priv = k;
	k->trigger = opt_trigger;
	if (k->trigger == TRIG_SYSCALL &&
	    (kcheck_missing(KCHECK_TRACEFS, what, sizeof(what)) || access(SYSCALL_TP, F_OK)))
		k->trigger = TRIG_RAW_SYSCALL;	/* no syscall tracepoints here */

	k->skel = kernel_ringbuf_bpf__open();
	if (!k->skel) {
		ret = -errno;
		snprintf(err, errlen, "kernel-ringbuf: cannot open its BPF object: %s",
			 strerror(-ret));
		return ret;
	}
	k->skel->rodata->cfg_wakeup =
		cfg->wakeup == RBSIM_WAKEUP_NONE ? KRB_WAKEUP_NONE :
		cfg->wakeup == RBSIM_WAKEUP_FORCE ? KRB_WAKEUP_FORCE :
		rbsim_wakeup_needs_avail(cfg) ? KRB_WAKEUP_AVAIL : KRB_WAKEUP_ADAPTIVE;
	k->skel->rodata->cfg_wakeup_bytes = cfg->wakeup_bytes;
	k->skel->rodata->cfg_verify = cfg->verify;
	k->skel->rodata->cfg_latency = cfg->latency;
	k->skel->rodata->cfg_lat_every = cfg->lat_every;
	k->skel->rodata->cfg_use_output = cfg->use_output;
	k->skel->rodata->cfg_ring_size = cfg->ring_size;
	k->skel->rodata->cfg_tgid = getpid();
	k->skel->rodata->cfg_nprod = cfg->producers;
	k->skel->rodata->cfg_nr_getpgid = __NR_getpgid;
	bpf_map__set_max_entries(k->skel->maps.rb, (__u32)cfg->ring_size);
	bpf_map__set_max_entries(k->skel->maps.slots, cfg->producers);
	bpf_program__set_autoload(k->skel->progs.krb_test_run, k->trigger == TRIG_TEST_RUN);
	bpf_program__set_autoload(k->skel->progs.krb_tp, k->trigger == TRIG_SYSCALL);
	bpf_program__set_autoload(k->skel->progs.krb_raw_tp, k->trigger == TRIG_RAW_SYSCALL);
	ret = kernel_ringbuf_bpf__load(k->skel);
	if (ret) {
		snprintf(err, errlen, "kernel-ringbuf: the kernel refused the map or program "
			 "(%s; ring %llu bytes)", strerror(-ret),
			 (unsigned long long)cfg->ring_size);
		return ret == -EINVAL || ret == -E2BIG ? -EIO : ret;
	}
	switch (k->trigger) {
	case TRIG_TEST_RUN:
		k->prog_fd = bpf_program__fd(k->skel->progs.krb_test_run);
		break;
	case TRIG_SYSCALL:
		prog = k->skel->progs.krb_tp;
		break;
	case TRIG_RAW_SYSCALL:
		prog = k->skel->progs.krb_raw_tp;
		break;
	}
	if (prog) {
		k->link = bpf_program__attach(prog);
		if (!k->link) {
			ret = -errno;
			snprintf(err, errlen, "kernel-ringbuf: cannot attach the %s trigger: %s",
				 trigger_names[k->trigger], strerror(-ret));
			return ret == -EINVAL ? -EIO : ret;
		}
	}

	/* the slots: written by producers, read by the program (an mmap()able array) */
	k->slots_len = round_up(cfg->producers * sizeof(struct krb_slot), PAGE_SIZE);
	k->slots = mmap(NULL, k->slots_len, PROT_READ | PROT_WRITE, MAP_SHARED,
			bpf_map__fd(k->skel->maps.slots), 0);
	if (k->slots == MAP_FAILED) {
		k->slots = NULL;
		ret = -errno;
		snprintf(err, errlen, "kernel-ringbuf: mmap of the slots map: %s", strerror(-ret));
		return ret;
	}
	for (unsigned int i = 0; i < cfg->producers; i++) {
		k->slots[i].id = i;
		/* --no-verify: the plain pattern once; every record is a prefix of it */
		if (!cfg->verify)
			rbsim_pattern_write(k->slots[i].scratch, RBSIM_PLAIN_BASE, KRB_MAX_SIZE);
	}
	return 0;
}

static int krb_produce(struct rbsim_transport *t, struct rbsim_producer *p,
		       const struct rbsim_batch *b, struct rbsim_batch_result *res)
{
	struct krb *k = t->priv;
	struct krb_slot *s = &k->slots[p->id];
	__u64 runs = s->runs;
	int err = 0;

	s->n = b->n;
	memcpy(s->sizes, b->size, b->n * sizeof(b->size[0]));
	s->seq = p->seq;
	s->committed = s->discarded = s->drop_no_space = s->drop_too_big = s->bytes = 0;

	/* the system call orders our stores before the program and its stores before ours */
	if (k->trigger == TRIG_TEST_RUN) {
		struct krb_ctx ctx = { .id = p->id };
		LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &ctx, .ctx_size_in = sizeof(ctx));

		err = bpf_prog_test_run_opts(k->prog_fd, &opts);
		if (err)
			return err;
	} else {
		/* no such process: ESRCH, after the tracepoint has run the batch */
		syscall(__NR_getpgid, (long)(KRB_PID_BASE + p->id));
	}
	if (s->runs == runs)
		return -ENOEXEC;	/* the trigger did not reach the program */

	p->seq = s->seq;
	res->committed = s->committed;
	res->discarded = s->discarded;
	res->drops[RBSIM_DROP_NO_SPACE] = s->drop_no_space;
	res->drops[RBSIM_DROP_TOO_BIG] = s->drop_too_big;
	res->bytes = s->bytes;
	return 0;
}

/* ---- the consumers ---- */

static int krb_sample_cb(void *ctx, void *data, size_t size)
{
	return rbsim_record(ctx, data, (__u32)size);
}

static void krb_consumer_fini(struct rbsim_transport *t, struct rbsim_consumer *c)
{
	struct krb *k = t->priv;
	struct krb_consumer *kc = c->priv;

	if (!kc)
		return;
	k->wakeups = kc->wakeups;
	ring_buffer__free(kc->rb);
	if (kc->cons_page)
		munmap(kc->cons_page, PAGE_SIZE);
	if (kc->prod_area)
		munmap(kc->prod_area, kc->prod_len);
	if (kc->epoll_fd >= 0)
		close(kc->epoll_fd);
	free(kc);
	c->priv = NULL;
}

static int krb_consumer_init(struct rbsim_transport *t, struct rbsim_consumer *c)
{
	struct krb *k = t->priv;
	struct krb_consumer *kc = calloc(1, sizeof(*kc));
	struct epoll_event ev = { .events = EPOLLIN };
	int map_fd = bpf_map__fd(k->skel->maps.rb), err;

	if (!kc)
		return -ENOMEM;
	kc->epoll_fd = -1;
	kc->c = c;
	c->priv = kc;
	if (t->cfg->consumer == RBSIM_CONSUMER_LIBBPF) {
		kc->rb = ring_buffer__new(map_fd, krb_sample_cb, c, NULL);
		if (!kc->rb)
			goto err;
		return 0;
	}

	/* rb-custom: as libbpf maps it, consumer page RW, producer page + 2 x data RO */
	kc->size = t->cfg->ring_size;
	kc->cons_page = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
	if (kc->cons_page == MAP_FAILED) {
		kc->cons_page = NULL;
		goto err;
	}
	kc->prod_len = PAGE_SIZE + 2 * kc->size;
	kc->prod_area = mmap(NULL, kc->prod_len, PROT_READ, MAP_SHARED, map_fd, PAGE_SIZE);
	if (kc->prod_area == MAP_FAILED) {
		kc->prod_area = NULL;
		goto err;
	}
	kc->cons = kc->cons_page;
	kc->prod = kc->prod_area;
	kc->data = (const char *)kc->prod_area + PAGE_SIZE;
	kc->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (kc->epoll_fd < 0 || epoll_ctl(kc->epoll_fd, EPOLL_CTL_ADD, map_fd, &ev))
		goto err;
	return 0;
err:
	err = -errno;
	krb_consumer_fini(t, c);
	return err ? err : -ENOMEM;
}

/*
 * The selftests' ringbuf_custom_process_ring(): consumer_pos stored once per
 * drained pass. PORT: as in sim/transport_ringbuf.c, the position reached
 * is stored before returning at a BUSY record, and discarded records are
 * skipped rather than counted.
 */
static int batch_process(struct krb_consumer *kc)
{
	unsigned long mask = kc->size - 1, cons_pos, prod_pos;
	bool got_new_data;
	int cnt = 0;
	__u32 len;

	/* our own last store-release of consumer_pos */
	cons_pos = smp_load_acquire(kc->cons);
	for (;;) {
		got_new_data = false;
		/* pairs with smp_store_release(producer_pos) in __bpf_ringbuf_reserve() */
		prod_pos = smp_load_acquire(kc->prod);
		while (cons_pos < prod_pos) {
			const __u32 *len_ptr = (const __u32 *)(kc->data + (cons_pos & mask));

			/* pairs with xchg(&hdr->len) in bpf_ringbuf_commit() */
			len = smp_load_acquire(len_ptr);
			if (len & BPF_RINGBUF_BUSY_BIT)
				goto done;
			got_new_data = true;
			cons_pos += round_up((len & ~(BPF_RINGBUF_BUSY_BIT |
						      BPF_RINGBUF_DISCARD_BIT)) +
					     BPF_RINGBUF_HDR_SZ, 8);
			if (!(len & BPF_RINGBUF_DISCARD_BIT)) {
				rbsim_record(kc->c, (const char *)len_ptr + BPF_RINGBUF_HDR_SZ,
					     len);
				cnt++;
			}
		}
		if (!got_new_data)
			break;
		/* pairs with smp_load_acquire(consumer_pos) in reserve and commit */
		smp_store_release(kc->cons, cons_pos);
	}
	return cnt;
done:
	if (got_new_data)
		smp_store_release(kc->cons, cons_pos); /* as above */
	return cnt;
}

static int krb_consume(struct rbsim_transport *t, struct rbsim_consumer *c, int timeout_ms)
{
	struct krb_consumer *kc = c->priv;
	bool wait = timeout_ms > 0 && t->cfg->poll == RBSIM_POLL_EPOLL;
	struct epoll_event ev;
	int n;

	if (kc->rb) {
		n = wait ? ring_buffer__poll(kc->rb, timeout_ms) : ring_buffer__consume(kc->rb);
		if (n == -EINTR)
			return 0;
		if (wait && n > 0)
			kc->wakeups++;
		return n;
	}
	if (wait) {
		/* level-triggered: the kernel re-checks for data at every call */
		n = epoll_wait(kc->epoll_fd, &ev, 1, timeout_ms);
		if (n < 0)
			return errno == EINTR ? 0 : -errno;
		if (!n)
			return 0;
		kc->wakeups++;
	}
	return batch_process(kc);
}

static void krb_stats(struct rbsim_transport *t, struct rbsim_tstats *st)
{
	struct krb *k = t->priv;
	__u64 runs = 0;

	for (unsigned int i = 0; k && k->slots && i < t->cfg->producers; i++)
		runs += k->slots[i].runs;
	/* the kernel counts no notifications where user space can read them */
	st->notifications = 0;
	st->wakeups = k ? k->wakeups : 0;
	st->have_drop_reasons = false;
	st->nr_extra = 2;
	st->extra[0].name = "program_runs";
	st->extra[0].value = (double)runs;
	st->extra[1].name = "raw_tp_trigger";
	st->extra[1].value = k && k->trigger == TRIG_RAW_SYSCALL;
}

static struct rbsim_transport_ops krb_ops = {
	.name = "kernel-ringbuf",
	.summary = "the running kernel's BPF_MAP_TYPE_RINGBUF, written by a BPF program "
		   "(root or CAP_BPF+CAP_PERFMON)",
	.options = krb_opts,
	.parse_option = krb_parse_option,
	.validate = krb_validate,
	.setup = krb_setup,
	.teardown = krb_teardown,
	.produce = krb_produce,
	.consumer_init = krb_consumer_init,
	.consumer_fini = krb_consumer_fini,
	.consume = krb_consume,
	.stats = krb_stats,
};
RBSIM_TRANSPORT(kernel_ringbuf, krb_ops);
