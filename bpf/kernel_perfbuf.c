// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: --transport kernel-perfbuf, the real BPF_MAP_TYPE_PERF_EVENT_ARRAY
 * of the running kernel under the workload of `rbsim run`, with libbpf's
 * own perf_buffer as the consumer.
 *
 * Producers are threads that trigger kernel_perfbuf.bpf.c, which writes the
 * batch with bpf_perf_event_output(BPF_F_CURRENT_CPU): into the buffer of
 * the CPU the trigger runs on. --trigger works as kernel-ringbuf's --trigger
 * (kprod.c, shared by both):
 *   syscall      getpgid(KPB_PID_BASE + id) seen by the syscalls/sys_enter_getpgid
 *                tracepoint (the raw_tp sys_enter where that tracepoint is missing)
 *   raw-syscall  the same through the raw_tp sys_enter
 *   test-run     BPF_PROG_TEST_RUN of a raw_tp program, on the calling CPU
 * The buffers are the kernel's, one per online CPU, not one per producer:
 * a producer thread not pinned with -a/--prod-affinity is pinned here to
 * CPU (id mod online CPUs), so that each producer's records stay in one
 * buffer and in order (a thread that migrates splits its stream over two
 * buffers, which the consumer may read in either order).
 *
 * --ring-size (or --perf-pages) is each CPU's data size; --wakeup maps to
 * the event's wakeup_events or watermark as for --transport perfbuf.
 * libbpf here is the system's (1.1): perf_buffer__new_raw() with those
 * attributes, since perf_buffer_opts has no sample_period before 1.2.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <linux/perf_event.h>
#include <linux/types.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "ringbuf/kernel_compat.h"
#include "sim/transport.h"
#include "sim/kernel_transports.h"
#include "sim/kernel_check.h"
#include "bpf/libbpf_log.h"
#include "bpf/kprod.h"
#include "bpf/kernel_perfbuf.h"
#include "sim/perfbuf_sample.h"
#include "kernel_perfbuf.skel.h"

struct kpb {
	struct kernel_perfbuf_bpf *skel;
	struct kprod kp;
	size_t pages;
	struct perf_buffer *pb;
	int ncpus;			/* CPUs this process may run on */
	int cpus[CPU_SETSIZE];
	struct perfbuf_sink sink;	/* the consumer thread's */
	__u64 wakeups;
};

static const struct rbsim_opt kpb_options[] = KPB_OPTIONS;

static size_t kpb_pages(const struct rbsim_cfg *cfg)
{
	return perfbuf_pages(cfg, ((const struct kpb_opts *)cfg->topts)->perf_pages);
}

static int kpb_validate(const struct rbsim_cfg *cfg, char *err, size_t errlen)
{
	const struct kpb_opts *ko = cfg->topts;

	if (!ko->perf_pages && (cfg->ring_size < PAGE_SIZE || !PAGE_ALIGNED(cfg->ring_size) ||
				!is_power_of_2(cfg->ring_size / PAGE_SIZE) ||
				cfg->ring_size / PAGE_SIZE > PERF_MAX_PAGES)) {
		snprintf(err, errlen, "--ring-size %llu: the perf buffer needs a power of 2 of "
			 "%lu-byte pages per CPU (or give --perf-pages)",
			 (unsigned long long)cfg->ring_size, PAGE_SIZE);
		return -1;
	}
	if (kprod_validate("kernel-perfbuf", cfg, err, errlen))
		return -1;
	return perfbuf_validate_wakeup(cfg, err, errlen);
}

static __u64 kpb_max_record(const struct rbsim_cfg *cfg)
{
	return perfbuf_max_record(kpb_pages(cfg));
}

static __u64 kpb_wakeup_max(const struct rbsim_cfg *cfg)
{
	return perfbuf_wakeup_max(cfg, kpb_pages(cfg));
}

static void kpb_teardown(struct rbsim_transport *t)
{
	struct kpb *k = t->priv;

	if (!k)
		return;
	perf_buffer__free(k->pb);
	kprod_stop(&k->kp);
	kernel_perfbuf_bpf__destroy(k->skel);
	free(k);
	t->priv = NULL;
}

/* ---- the consumer callbacks (consumer thread) ---- */

static enum bpf_perf_event_ret kpb_event_cb(void *ctx, int cpu, struct perf_event_header *e)
{
	struct rbsim_transport *t = ctx;
	struct kpb *k = t->priv;

	(void)cpu;
	return perfbuf_sink_event(&k->sink, t->cfg, e) ? LIBBPF_PERF_EVENT_ERROR :
							 LIBBPF_PERF_EVENT_CONT;
}

/*
 * An mmap() of a perf buffer refused with EPERM: perf_mmap() (kernel/events/
 * core.c) lets each user lock perf_event_mlock_kb per online CPU, and beyond
 * that charges the pages to RLIMIT_MEMLOCK unless the caller has CAP_IPC_LOCK
 * (with perf_event_paranoid > -1). If that is the case here, say so and
 * return true.
 */
static bool memlock_refused(const struct kpb *k, char *err, size_t errlen)
{
	unsigned long long mlock_kb = 0;
	struct rlimit rl;
	FILE *f;

	if (kcheck_has_cap(CAP_IPC_LOCK) || getrlimit(RLIMIT_MEMLOCK, &rl) ||
	    rl.rlim_cur == RLIM_INFINITY)
		return false;
	f = fopen("/proc/sys/kernel/perf_event_mlock_kb", "r");
	if (f) {
		if (fscanf(f, "%llu", &mlock_kb) != 1)
			mlock_kb = 0;
		fclose(f);
	}
	snprintf(err, errlen, "kernel-perfbuf: its perf buffers (%d CPUs x %zu pages) "
		 "exceed perf_event_mlock_kb (%llu KiB per CPU), and the rest counts against "
		 "RLIMIT_MEMLOCK (%llu KiB) without CAP_IPC_LOCK: raise ulimit -l or give fewer "
		 "--perf-pages", libbpf_num_possible_cpus(), k->pages + 1, mlock_kb,
		 (unsigned long long)rl.rlim_cur / 1024);
	return true;
}

static int kpb_setup(struct rbsim_transport *t, char *err, size_t errlen)
{
	const struct rbsim_cfg *cfg = t->cfg;
	struct bpf_program *progs[KPROD_TRIG_NR];
	struct perf_event_attr attr;
	cpu_set_t set;
	struct kpb *k;
	int ret, ncpu, i;

	k = calloc(1, sizeof(*k));
	if (!k)
		return -ENOMEM;
	t->priv = k;
	ret = kprod_init(&k->kp, "kernel-perfbuf", KPB_PID_BASE,
			 ((const struct kpb_opts *)cfg->topts)->trigger, err, errlen);
	if (ret) {
		t->unavailable = true; /* no privileges or no BTF: what kprod_init() checks */
		return ret;
	}
	rbsim_libbpf_verbose(false); /* libbpf's warnings would add lines to ours */
	k->pages = kpb_pages(cfg);
	if (!sched_getaffinity(0, sizeof(set), &set)) {
		for (i = 0; i < CPU_SETSIZE; i++)
			if (CPU_ISSET(i, &set))
				k->cpus[k->ncpus++] = i;
	}
	if (!k->ncpus)
		k->cpus[k->ncpus++] = 0;

	k->skel = kernel_perfbuf_bpf__open();
	if (!k->skel) {
		ret = -errno;
		snprintf(err, errlen, "kernel-perfbuf: cannot open its BPF object: %s",
			 strerror(-ret));
		return ret;
	}
	ncpu = libbpf_num_possible_cpus();
	if (ncpu < 1) {
		snprintf(err, errlen, "kernel-perfbuf: cannot count the possible CPUs");
		return -EIO;
	}
	kprod_set_rodata(k->skel->rodata, cfg);
	k->skel->rodata->cfg_ring_bytes = (__u64)k->pages * PAGE_SIZE;
	bpf_map__set_max_entries(k->skel->maps.events, (__u32)ncpu);
	bpf_map__set_max_entries(k->skel->maps.slots, cfg->producers);
	progs[KPROD_TRIG_SYSCALL] = k->skel->progs.kpb_tp;
	progs[KPROD_TRIG_RAW_SYSCALL] = k->skel->progs.kpb_raw_tp;
	progs[KPROD_TRIG_TEST_RUN] = k->skel->progs.kpb_test_run;
	kprod_autoload(&k->kp, progs);
	ret = kernel_perfbuf_bpf__load(k->skel);
	if (ret) {
		snprintf(err, errlen, "kernel-perfbuf: the kernel refused the map or program (%s)",
			 strerror(-ret));
		return ret == -EINVAL || ret == -E2BIG ? -EIO : ret;
	}
	ret = kprod_start(&k->kp, progs, k->skel->maps.slots, cfg, err, errlen);
	if (ret)
		return ret;

	/*
	 * libbpf's perf_buffer: an event and a buffer per online CPU, in the
	 * map. Created here, on the main thread: producers may run before the
	 * consumer thread is set up, and an empty slot would refuse them.
	 */
	perfbuf_event_attr(&attr, cfg, k->pages);
	attr.read_format = PERF_FORMAT_LOST;
	k->pb = perf_buffer__new_raw(bpf_map__fd(k->skel->maps.events), k->pages, &attr,
				     kpb_event_cb, t, NULL);
	if (!k->pb) {
		ret = -errno;
		if (ret == -EPERM && memlock_refused(k, err, errlen)) {
			t->unavailable = true;
			return ret;
		}
		snprintf(err, errlen, "kernel-perfbuf: perf_buffer__new_raw(%zu pages): %s",
			 k->pages, strerror(-ret));
		return ret == -EINVAL ? -EIO : ret;
	}
	return 0;
}

/* a producer stays on one CPU, so that its records go to one buffer, in order */
static int kpb_producer_init(struct rbsim_transport *t, struct rbsim_producer *p)
{
	struct kpb *k = t->priv;
	cpu_set_t set;

	if (p->cpu >= 0)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(k->cpus[p->id % (unsigned int)k->ncpus], &set);
	return sched_setaffinity(0, sizeof(set), &set) ? -errno : 0;
}

static int kpb_produce(struct rbsim_transport *t, struct rbsim_producer *p,
		       const struct rbsim_batch *b, struct rbsim_batch_result *res)
{
	struct kpb *k = t->priv;
	__u64 args[1] = { p->id };

	return kprod_produce(&k->kp, p, b, res, args, sizeof(args));
}

/* ---- the consumer ---- */

static int kpb_consumer_init(struct rbsim_transport *t, struct rbsim_consumer *c)
{
	struct kpb *k = t->priv;

	k->sink.c = c;
	return 0;
}

static int kpb_consume(struct rbsim_transport *t, struct rbsim_consumer *c, int timeout_ms)
{
	struct kpb *k = t->priv;
	bool wait = timeout_ms > 0 && t->cfg->poll == RBSIM_POLL_EPOLL;
	int n;

	(void)c;
	k->sink.delivered = 0;
	n = wait ? perf_buffer__poll(k->pb, timeout_ms) : perf_buffer__consume(k->pb);
	if (wait && n > 0)
		k->wakeups++;
	return perfbuf_sink_result(&k->sink, n);
}

static void kpb_stats(struct rbsim_transport *t, struct rbsim_tstats *st)
{
	struct kpb *k = t->priv;
	__u64 lost_samples = 0, buf[2];
	size_t i, n;

	if (!k)
		return;
	n = k->pb ? perf_buffer__buffer_cnt(k->pb) : 0;
	for (i = 0; i < n; i++) {
		int fd = perf_buffer__buffer_fd(k->pb, i);

		/* { value; lost } with PERF_FORMAT_LOST */
		if (fd >= 0 && read(fd, buf, sizeof(buf)) == (ssize_t)sizeof(buf))
			lost_samples += buf[1];
	}
	/* perf_output_wakeup() queues the event's irq_work: counted as the ring buffer's */
	kprod_notifications(&k->kp, st);
	st->wakeups = k->wakeups;
	st->have_drop_reasons = false;
	st->nr_extra = 8;
	st->extra[0].name = "lost_unreported";
	st->extra[0].value = (double)(lost_samples - k->sink.lost);
	st->extra[1].name = "mem_per_cpu";
	st->extra[1].value = (double)((k->pages + 1) * PAGE_SIZE);
	st->extra[2].name = "cpu_buffers";
	st->extra[2].value = (double)n;
	st->extra[3].name = "lost_records";
	st->extra[3].value = (double)k->sink.lost;
	perfbuf_ooo_extras(&k->sink.ooo, st, 4);
}

static struct rbsim_transport_ops kpb_ops = {
	.name = KPB_NAME,
	.caps = KPB_CAPS,
	.consumer_name = KPB_CONSUMER,
	.summary = KPB_SUMMARY,
	.options = kpb_options,
	.opts_size = sizeof(struct kpb_opts),
	.validate = kpb_validate,
	.max_record = kpb_max_record,
	.wakeup_max = kpb_wakeup_max,
	.setup = kpb_setup,
	.teardown = kpb_teardown,
	.producer_init = kpb_producer_init,
	.produce = kpb_produce,
	.consumer_init = kpb_consumer_init,
	.consume = kpb_consume,
	.stats = kpb_stats,
};
RBSIM_TRANSPORT(kernel_perfbuf, kpb_ops);
