// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim calibrate: the two sides its measurements run on.
 *   bare sides (struct cal_side): one record committed with chosen flags,
 *     a wait on the map fd, a drain; the kernel's is calibrate.bpf.c run with
 *     BPF_PROG_TEST_RUN and libbpf's ring_buffer on the map, the port's the
 *     ringbuf library and its libbpf consumer
 *   transports (sim/drive.h): kernel-ringbuf and ringbuf as `rbsim run`
 *     would drive them, for what a run's records and batches cost
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "ringbuf/consumer.h"
#include "ringbuf/kernel_compat.h"
#include "ringbuf/ringbuf.h"
#include "sim/clock.h"
#include "bpf/calibrate.h"
#include "bpf/calibrate_internal.h"
#include "bpf/libbpf_log.h"
#include "calibrate.skel.h"

#define CAL_RING (64 * 1024) /* as calibrate.bpf.c's map: records never fill it */

int cal_record_cb(void *ctx, void *data, size_t size)
{
	struct cal_pp *pp = ctx;
	struct cal_rec rec;
	__u64 now = rbsim_now_ns();

	if (size < sizeof(rec))
		return 0;
	memcpy(&rec, data, sizeof(rec));
	if (!rec.tag)
		return 0;
	pp->lat_ns = now - rec.stamp;
	pp->stamp = rec.stamp;
	/* P1: publishes lat_ns; pairs with the producer's load-acquire of done */
	smp_store_release(&pp->done, rec.tag);
	return 0;
}

/* ---- the kernel: calibrate.bpf.c, libbpf's ring_buffer ---- */

struct kside {
	struct calibrate_bpf *skel;
	struct ring_buffer *rb;
	int prog_fd, epoll_fd;
	struct epoll_event ev;
	struct bpf_link *enter, *exit; /* cal_kernel_trace_waits() */
	struct bpf_link *waking;       /* cal_kernel_trace_wakes() */
};

static int k_submit(struct cal_side *s, __u64 flags, __u64 tag, __u32 more, __u64 more_flags,
		    __u64 *ns)
{
	struct kside *k = s->priv;
	struct cal_ctx ctx = { .flags = flags, .tag = tag, .more = more,
			       .more_flags = more_flags };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &ctx, .ctx_size_in = sizeof(ctx));
	__u64 t0 = rbsim_now_ns();
	int err = bpf_prog_test_run_opts(k->prog_fd, &opts);

	*ns = rbsim_now_ns() - t0;
	if (err)
		return err;
	return ctx.err ? -ENOSPC : 0;
}

static int k_poll(struct cal_side *s, int timeout_ms)
{
	return ring_buffer__poll(((struct kside *)s->priv)->rb, timeout_ms);
}

static int k_wait(struct cal_side *s, int timeout_ms)
{
	struct kside *k = s->priv;
	int n = epoll_wait(k->epoll_fd, &k->ev, 1, timeout_ms);

	return n < 0 ? -errno : n;
}

static int k_consume(struct cal_side *s)
{
	return ring_buffer__consume(((struct kside *)s->priv)->rb);
}

static void k_close(struct cal_side *s)
{
	struct kside *k = s->priv;

	if (!k)
		return;
	bpf_link__destroy(k->enter);
	bpf_link__destroy(k->exit);
	bpf_link__destroy(k->waking);
	ring_buffer__free(k->rb);
	calibrate_bpf__destroy(k->skel);
	free(k);
	s->priv = NULL;
}

int cal_kernel_side(struct cal_side *s, char *err, size_t errlen)
{
	struct kside *k = calloc(1, sizeof(*k));
	int ret;

	if (!k)
		return -ENOMEM;
	*s = (struct cal_side){ .name = "kernel", .submit = k_submit, .poll = k_poll,
				.wait = k_wait, .consume = k_consume, .close = k_close,
				.pp = s->pp, .priv = k };
	rbsim_libbpf_verbose(false);
	k->skel = calibrate_bpf__open_and_load();
	if (!k->skel) {
		ret = -errno;
		snprintf(err, errlen, "the kernel refused calibrate.bpf.c: %s", strerror(-ret));
		goto fail;
	}
	k->prog_fd = bpf_program__fd(k->skel->progs.cal_submit);
	/* the callback's context is the ping-pong state: set before the first poll */
	k->rb = ring_buffer__new(bpf_map__fd(k->skel->maps.cal_rb), cal_record_cb, s->pp, NULL);
	if (!k->rb) {
		ret = -errno;
		snprintf(err, errlen, "ring_buffer__new: %s", strerror(-ret));
		goto fail;
	}
	k->epoll_fd = ring_buffer__epoll_fd(k->rb);
	return 0;
fail:
	k_close(s);
	return ret;
}

int cal_kernel_trace_waits(struct cal_side *s, bool on, char *err, size_t errlen)
{
	struct kside *k = s->priv;
	int ret;

	bpf_link__destroy(k->enter);
	bpf_link__destroy(k->exit);
	k->enter = k->exit = NULL;
	if (!on)
		return 0;
	k->skel->bss->cal_tid = (__u32)syscall(SYS_gettid);
#ifdef SYS_epoll_wait
	k->skel->bss->cal_nr_wait[0] = SYS_epoll_wait;
#else
	k->skel->bss->cal_nr_wait[0] = -1;
#endif
	k->skel->bss->cal_nr_wait[1] = SYS_epoll_pwait;
	k->skel->bss->cal_open = 0;
	k->enter = bpf_program__attach(k->skel->progs.cal_sys_enter);
	k->exit = k->enter ? bpf_program__attach(k->skel->progs.cal_sys_exit) : NULL;
	if (k->exit)
		return 0;
	ret = -errno;
	snprintf(err, errlen, "the kernel refused the raw_tp sys_enter and sys_exit: %s",
		 strerror(-ret));
	bpf_link__destroy(k->enter);
	k->enter = NULL;
	return ret;
}

int cal_kernel_wait_stamps(struct cal_side *s, __u64 *enter, __u64 *exit)
{
	struct kside *k = s->priv;
	/* the programs wrote them during the call this thread made: read after it */
	__u32 open = READ_ONCE(k->skel->bss->cal_open);

	*enter = READ_ONCE(k->skel->bss->cal_enter_ns);
	*exit = READ_ONCE(k->skel->bss->cal_exit_ns);
	return open || *exit < *enter ? -EIO : 0;
}

int cal_kernel_trace_wakes(struct cal_side *s, char *err, size_t errlen)
{
	struct kside *k = s->priv;
	int ret;

	if (k->waking)
		return 0;
	k->skel->bss->cal_wake_tid = 0;
	k->waking = bpf_program__attach(k->skel->progs.cal_waking);
	if (k->waking)
		return 0;
	ret = -errno;
	snprintf(err, errlen, "the kernel refused the raw_tp sched_waking: %s", strerror(-ret));
	return ret;
}

void cal_kernel_wake_arm(struct cal_side *s, pid_t tid)
{
	struct kside *k = s->priv;

	/* before the commit that wakes tid: the program reads them after it */
	WRITE_ONCE(k->skel->bss->cal_waking_ns, 0);
	WRITE_ONCE(k->skel->bss->cal_wake_tid, (__u32)tid);
}

__u64 cal_kernel_wake_stamp(struct cal_side *s)
{
	/* written by the waker before the woken thread ran and told us so (P1) */
	return READ_ONCE(((struct kside *)s->priv)->skel->bss->cal_waking_ns);
}

/* ---- the port: the ringbuf library, its libbpf consumer ---- */

struct pside {
	struct bpf_ringbuf_map *map;
	struct ring_consumer *rc;
};

static int p_submit(struct cal_side *s, __u64 flags, __u64 tag, __u32 more, __u64 more_flags,
		    __u64 *ns)
{
	struct pside *p = s->priv;
	__u64 t0 = rbsim_now_ns();
	struct cal_rec *rec = bpf_ringbuf_reserve(p->map, sizeof(*rec), 0);

	if (!rec) {
		*ns = rbsim_now_ns() - t0;
		return -ENOSPC;
	}
	rec->tag = tag;
	rec->stamp = rbsim_now_ns();
	bpf_ringbuf_submit(rec, flags);
	/* as calibrate.bpf.c: the rest of the batch in the same call */
	for (__u32 i = 0; i < more && i < CAL_MORE_MAX; i++) {
		rec = bpf_ringbuf_reserve(p->map, sizeof(*rec), 0);
		if (!rec)
			continue;
		rec->tag = 0;
		rec->stamp = 0;
		bpf_ringbuf_submit(rec, more_flags);
	}
	*ns = rbsim_now_ns() - t0;
	return 0;
}

static int p_poll(struct cal_side *s, int timeout_ms)
{
	return ring_consumer__poll(((struct pside *)s->priv)->rc, timeout_ms);
}

static int p_wait(struct cal_side *s, int timeout_ms)
{
	return ring_consumer__wait(((struct pside *)s->priv)->rc, timeout_ms);
}

static int p_consume(struct cal_side *s)
{
	return ring_consumer__consume(((struct pside *)s->priv)->rc);
}

static void p_close(struct cal_side *s)
{
	struct pside *p = s->priv;

	if (!p)
		return;
	ring_consumer__free(p->rc);
	ringbuf_map__free(p->map);
	free(p);
	s->priv = NULL;
}

int cal_port_side(struct cal_side *s, char *err, size_t errlen)
{
	struct pside *p = calloc(1, sizeof(*p));
	int ret;

	if (!p)
		return -ENOMEM;
	*s = (struct cal_side){ .name = "port", .submit = p_submit, .poll = p_poll,
				.wait = p_wait, .consume = p_consume, .close = p_close,
				.pp = s->pp, .priv = p };
	p->map = ringbuf_map__new(CAL_RING, 0);
	p->rc = p->map ? ring_consumer__new(p->map, cal_record_cb, s->pp) : NULL;
	if (!p->rc) {
		ret = -errno;
		snprintf(err, errlen, "the port's ring: %s", strerror(-ret));
		p_close(s);
		return ret;
	}
	return 0;
}

int cal_port_side_wait(struct cal_side *s, int how, char *err, size_t errlen)
{
	int ret = cal_port_side(s, err, errlen);

	if (ret)
		return ret;
	ret = ring_consumer__set_wait(((struct pside *)s->priv)->rc, how);
	if (ret) {
		snprintf(err, errlen, "the port's consumer: its wait %d: %s", how, strerror(-ret));
		p_close(s);
	}
	return ret;
}

/* ---- the transports, driven by hand ---- */

/*
 * The ring of a transport driven by hand: 4 batches of CAL_BATCH records, a
 * page at least. Small, so that the warm-up goes round it (the port's pages
 * are faulted in on first touch, the kernel's are there from the start) and
 * the batches stay in the caches, as a run's do once they go round.
 */
__u64 cal_drive_ring(__u32 size)
{
	__u64 need = 4ULL * CAL_BATCH * (((__u64)size + 8 + 7) / 8 * 8), ring = 4096;

	while (ring < need)
		ring <<= 1;
	return ring;
}

int cal_drive_open(struct rbsim_drive *d, const char *transport, const char *trigger, __u32 size,
		   char *err, size_t errlen)
{
	char sz[16], ring[24];
	/*
	 * no wake-up: only the records' cost; the port's records written as the
	 * kernel's program writes them, built and copied in (--write kernel:
	 * the profile's port_write), so that the difference is what the
	 * calibrated port, writing so, lacks
	 */
	bool port = !strcmp(transport, "ringbuf");
	const char *argv[] = { "run", "--transport", transport, "--size", sz, "--ring-size", ring,
			       "--wakeup", "none", "--consumer", "batch",
			       port ? "--write" : trigger ? "--trigger" : NULL,
			       port ? "kernel" : trigger, NULL };

	snprintf(sz, sizeof(sz), "%u", size);
	snprintf(ring, sizeof(ring), "%llu", (unsigned long long)cal_drive_ring(size));
	return rbsim_drive_open(d, port || trigger ? 13 : 11, (char **)argv, CAL_BATCH, err,
				errlen);
}

long long cal_drive_batch(struct rbsim_drive *d, __u32 n, char *err, size_t errlen)
{
	long long t = rbsim_drive_produce(d, n, err, errlen);
	long long c = t < 0 ? t : rbsim_drive_consume(d, err, errlen);

	return c < 0 ? c : t;
}
