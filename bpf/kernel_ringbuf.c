// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: --transport kernel-ringbuf, the real BPF_MAP_TYPE_RINGBUF of the
 * running kernel under the workload of `rbsim run`.
 *
 * Producers are threads that trigger kernel_ringbuf.bpf.c, which writes the
 * batch (sizes, discard marks and seqs from the thread's slot) into the ring
 * (the triggers and slots are kprod.c's, shared with kernel-perfbuf):
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
#include <sys/syscall.h>
#include <linux/types.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "ringbuf/ringbuf.h"
#include "ringbuf/kernel_compat.h"
#include "sim/transport.h"
#include "sim/kernel_transports.h"
#include "bpf/kernel_ringbuf.h"
#include "sim/kernel_check.h"
#include "bpf/libbpf_log.h"
#include "bpf/kprod.h"
#include "kernel_ringbuf.skel.h"

struct krb {
	struct kernel_ringbuf_bpf *skel;
	struct kprod kp;
	__u64 wakeups;
};

struct krb_consumer {
	struct ring_buffer *rb;		/* --consumer libbpf */
	struct rbsim_consumer *c;
	void *cons_page, *prod_area;	/* --consumer batch */
	size_t prod_len;
	struct ringbuf_mmap view;	/* the two mappings, as the port's */
	int epoll_fd;
	__u64 wakeups;
};

static const struct rbsim_opt krb_options[] = KRB_OPTIONS;

static int krb_validate(const struct rbsim_cfg *cfg, char *err, size_t errlen)
{
	/* the kernel's ringbuf_map_alloc() checks, before anything is created */
	if (cfg->ring_size > (1ULL << 31) || !is_power_of_2(cfg->ring_size) ||
	    !PAGE_ALIGNED(cfg->ring_size)) {
		snprintf(err, errlen, "--ring-size %llu: the kernel wants a power of 2, page "
			 "aligned, at most 2147483648", (unsigned long long)cfg->ring_size);
		return -1;
	}
	if (kprod_validate("kernel-ringbuf", cfg, err, errlen))
		return -1;
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
	kprod_stop(&k->kp);
	kernel_ringbuf_bpf__destroy(k->skel);
	free(k);
	t->priv = NULL;
}

static int krb_setup(struct rbsim_transport *t, char *err, size_t errlen)
{
	const struct rbsim_cfg *cfg = t->cfg;
	struct bpf_program *progs[KPROD_TRIG_NR];
	struct krb *k;
	int ret;

	k = calloc(1, sizeof(*k));
	if (!k)
		return -ENOMEM;
	t->priv = k;
	ret = kprod_init(&k->kp, "kernel-ringbuf", KRB_PID_BASE,
			 ((const struct krb_opts *)cfg->topts)->trigger, err, errlen);
	if (ret) {
		t->unavailable = true; /* no privileges or no BTF: what kprod_init() checks */
		return ret;
	}
	rbsim_libbpf_verbose(false); /* libbpf's warnings would add lines to ours */

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
	kprod_set_rodata(k->skel->rodata, cfg);
	k->skel->rodata->cfg_use_output = cfg->use_output;
	k->skel->rodata->cfg_ring_size = cfg->ring_size;
	bpf_map__set_max_entries(k->skel->maps.rb, (__u32)cfg->ring_size);
	bpf_map__set_max_entries(k->skel->maps.slots, cfg->producers);
	progs[KPROD_TRIG_SYSCALL] = k->skel->progs.krb_tp;
	progs[KPROD_TRIG_RAW_SYSCALL] = k->skel->progs.krb_raw_tp;
	progs[KPROD_TRIG_TEST_RUN] = k->skel->progs.krb_test_run;
	kprod_autoload(&k->kp, progs);
	ret = kernel_ringbuf_bpf__load(k->skel);
	if (ret) {
		snprintf(err, errlen, "kernel-ringbuf: the kernel refused the map or program "
			 "(%s; ring %llu bytes)", strerror(-ret),
			 (unsigned long long)cfg->ring_size);
		return ret == -EINVAL || ret == -E2BIG ? -EIO : ret;
	}
	return kprod_start(&k->kp, progs, k->skel->maps.slots, cfg, err, errlen);
}

static int krb_produce(struct rbsim_transport *t, struct rbsim_producer *p,
		       const struct rbsim_batch *b, struct rbsim_batch_result *res)
{
	struct krb *k = t->priv;
	struct krb_ctx ctx = { .id = p->id };

	return kprod_produce(&k->kp, p, b, res, &ctx, sizeof(ctx));
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
	kc->cons_page = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
	if (kc->cons_page == MAP_FAILED) {
		kc->cons_page = NULL;
		goto err;
	}
	kc->prod_len = PAGE_SIZE + 2 * t->cfg->ring_size;
	kc->prod_area = mmap(NULL, kc->prod_len, PROT_READ, MAP_SHARED, map_fd, PAGE_SIZE);
	if (kc->prod_area == MAP_FAILED) {
		kc->prod_area = NULL;
		goto err;
	}
	kc->view.consumer_pos = kc->cons_page;
	kc->view.producer_pos = kc->prod_area;
	kc->view.data = (const char *)kc->prod_area + PAGE_SIZE;
	kc->view.size = t->cfg->ring_size;
	kc->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (kc->epoll_fd < 0 || epoll_ctl(kc->epoll_fd, EPOLL_CTL_ADD, map_fd, &ev))
		goto err;
	return 0;
err:
	err = -errno;
	krb_consumer_fini(t, c);
	return err ? err : -ENOMEM;
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
	}
	n = rbsim_ringbuf_custom_process(&kc->view, kc->c);
	/* a wake-up: a wait that returned with records */
	if (wait && n > 0)
		kc->wakeups++;
	return n;
}

static void krb_stats(struct rbsim_transport *t, struct rbsim_tstats *st)
{
	struct krb *k = t->priv;
	__u64 runs = k ? kprod_runs(&k->kp) : 0;

	kprod_notifications(k ? &k->kp : NULL, st);
	st->wakeups = k ? k->wakeups : 0;
	st->have_drop_reasons = false;
	st->nr_extra = 2;
	st->extra[0].name = "program_runs";
	st->extra[0].value = (double)runs;
	st->extra[1].name = "raw_tp_trigger";
	st->extra[1].value = k && k->kp.trigger == KPROD_TRIG_RAW_SYSCALL;
}

static struct rbsim_transport_ops krb_ops = {
	.name = KRB_NAME,
	.caps = KRB_CAPS,
	.summary = KRB_SUMMARY,
	.options = krb_options,
	.opts_size = sizeof(struct krb_opts),
	.validate = krb_validate,
	.max_record = rbsim_ringbuf_max_record,
	.wakeup_max = rbsim_ringbuf_wakeup_max,
	.setup = krb_setup,
	.teardown = krb_teardown,
	.produce = krb_produce,
	.consumer_init = krb_consumer_init,
	.consumer_fini = krb_consumer_fini,
	.consume = krb_consume,
	.stats = krb_stats,
};
RBSIM_TRANSPORT(kernel_ringbuf, krb_ops);
