// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: --transport kernel-perfbuf, the real BPF_MAP_TYPE_PERF_EVENT_ARRAY
 * of the running kernel under the workload of `rbsim run`, with libbpf's
 * own perf_buffer as the consumer.
 *
 * Producers are threads that trigger perfbuf_kernel.bpf.c, which writes the
 * batch with bpf_perf_event_output(BPF_F_CURRENT_CPU): into the buffer of
 * the CPU the trigger runs on. --trigger works as kernel-ringbuf's --trigger:
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
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>
#include <linux/types.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "ringbuf/kernel_compat.h"
#include "sim/transport.h"
#include "bpf/kernel_check.h"
#include "bpf/perfbuf_kernel.h"
#include "bpf/perfbuf_sample.h"
#include "perfbuf_kernel.skel.h"

_Static_assert(KPB_DISCARD == RBSIM_BATCH_DISCARD, "one discard mark for both sides");

#define SYSCALL_TP "/sys/kernel/tracing/events/syscalls/sys_enter_getpgid"
#define PERF_MAX_PAGES (1UL << 18)

enum kpb_trigger { TRIG_SYSCALL, TRIG_RAW_SYSCALL, TRIG_TEST_RUN };

static const char *const trigger_names[] = {
	[TRIG_SYSCALL] = "syscall",
	[TRIG_RAW_SYSCALL] = "raw-syscall",
	[TRIG_TEST_RUN] = "test-run",
};

/* the options as given; parse_option runs before setup on the main thread */
static enum kpb_trigger opt_trigger = TRIG_SYSCALL;
static __u64 opt_perf_pages;

struct kpb {
	struct perfbuf_kernel_bpf *skel;
	struct bpf_link *link;
	enum kpb_trigger trigger;	/* what was attached (syscall may fall back to raw) */
	int prog_fd;			/* test-run */
	struct kpb_slot *slots;		/* the slots map, mmap()ed */
	size_t slots_len;
	size_t pages;
	struct perf_buffer *pb;
	int ncpus;			/* CPUs this process may run on */
	int cpus[CPU_SETSIZE];
	/* the consumer thread's, reached from the callbacks */
	struct rbsim_consumer *c;
	__u64 delivered, lost, wakeups;
	struct perfbuf_ooo ooo;
};

static const struct rbsim_topt kpb_opts[] = {
	{ "trigger", true, "kernel-perfbuf producers: syscall (a tracepoint on getpgid), "
				 "raw-syscall or test-run (BPF_PROG_TEST_RUN) (default: syscall)" },
	{ "perf-pages", true, "data pages per CPU buffer, a power of 2 (default: --ring-size "
			       "/ page size)" },
	{ NULL, false, NULL },
};

static int kpb_parse_option(const char *name, const char *arg, char *err, size_t errlen)
{
	unsigned long long v;
	char *end;

	if (!strcmp(name, "trigger")) {
		for (size_t i = 0; i < sizeof(trigger_names) / sizeof(trigger_names[0]); i++) {
			if (!strcmp(arg, trigger_names[i])) {
				opt_trigger = i;
				return 0;
			}
		}
		snprintf(err, errlen, "--trigger '%s': expected syscall, raw-syscall or "
			 "test-run", arg);
		return -1;
	}
	if (!strcmp(name, "perf-pages")) {
		errno = 0;
		v = strtoull(arg ? arg : "", &end, 0);
		if (!arg || !*arg || *end || errno || v == 0 || v > PERF_MAX_PAGES ||
		    !is_power_of_2(v)) {
			snprintf(err, errlen, "--perf-pages %s: not a power of 2 between 1 and "
				 "%lu (perf_buffer__new() takes a power of 2 of pages)",
				 arg ? arg : "", PERF_MAX_PAGES);
			return -1;
		}
		opt_perf_pages = v;
	}
	return 0;
}

static size_t kpb_pages(const struct rbsim_cfg *cfg)
{
	return opt_perf_pages ? (size_t)opt_perf_pages : (size_t)(cfg->ring_size / PAGE_SIZE);
}

static int kpb_validate(const struct rbsim_cfg *cfg, char *err, size_t errlen)
{
	if (!opt_perf_pages && (cfg->ring_size < PAGE_SIZE || !PAGE_ALIGNED(cfg->ring_size) ||
				!is_power_of_2(cfg->ring_size / PAGE_SIZE) ||
				cfg->ring_size / PAGE_SIZE > PERF_MAX_PAGES)) {
		snprintf(err, errlen, "--ring-size %llu: the perf buffer needs a power of 2 of "
			 "%lu-byte pages per CPU (or give --perf-pages)",
			 (unsigned long long)cfg->ring_size, PAGE_SIZE);
		return -1;
	}
	if (cfg->size_max > KPB_MAX_SIZE) {
		snprintf(err, errlen, "--size: records up to %u bytes with --transport "
			 "kernel-perfbuf (its BPF program builds them in a %u-byte buffer)",
			 KPB_MAX_SIZE, KPB_MAX_SIZE);
		return -1;
	}
	if (cfg->batch > KPB_MAX_BATCH) {
		snprintf(err, errlen, "--batch %u: at most %u records per trigger with --transport "
			 "kernel-perfbuf", cfg->batch, KPB_MAX_BATCH);
		return -1;
	}
	if ((cfg->wakeup == RBSIM_WAKEUP_SAMPLED || cfg->wakeup == RBSIM_WAKEUP_BYTES) &&
	    (cfg->wakeup_n == 0 || cfg->wakeup_n > UINT32_MAX)) {
		snprintf(err, errlen, "--wakeup: N must be 1..%u for the perf buffer "
			 "(wakeup_events and wakeup_watermark are u32)", UINT32_MAX);
		return -1;
	}
	return 0;
}

static void kpb_teardown(struct rbsim_transport *t)
{
	struct kpb *k = t->priv;

	if (!k)
		return;
	perf_buffer__free(k->pb);
	if (k->slots)
		munmap(k->slots, k->slots_len);
	bpf_link__destroy(k->link);
	perfbuf_kernel_bpf__destroy(k->skel);
	free(k);
	t->priv = NULL;
}

/* ---- the consumer callbacks (consumer thread) ---- */

static enum bpf_perf_event_ret kpb_event_cb(void *ctx, int cpu, struct perf_event_header *e)
{
	struct rbsim_transport *t = ctx;
	struct kpb *k = t->priv;
	unsigned char *p = (unsigned char *)e;
	__u32 size;
	__u64 lost;

	(void)cpu;
	switch (e->type) {
	case PERF_RECORD_SAMPLE:
		/* { header; u32 size; data[size] }: size is the padded one */
		memcpy(&size, p + sizeof(*e), sizeof(size));
		perfbuf_deliver(k->c, t->cfg, &k->ooo, p + sizeof(*e) + sizeof(size), size);
		k->delivered++;
		return LIBBPF_PERF_EVENT_CONT;
	case PERF_RECORD_LOST:
		/* { header; u64 id; u64 lost } */
		memcpy(&lost, p + sizeof(*e) + sizeof(__u64), sizeof(lost));
		k->lost += lost;
		return LIBBPF_PERF_EVENT_CONT;
	default:
		return LIBBPF_PERF_EVENT_ERROR;
	}
}

static int kpb_setup(struct rbsim_transport *t, char *err, size_t errlen)
{
	const struct rbsim_cfg *cfg = t->cfg;
	struct bpf_program *prog = NULL;
	struct perf_event_attr attr;
	cpu_set_t set;
	struct kpb *k;
	char what[160];
	int ret, ncpu, i;

	ret = kcheck_missing(KCHECK_BPF | KCHECK_BTF, what, sizeof(what));
	if (ret) {
		snprintf(err, errlen, "kernel-perfbuf %s", what);
		return ret;
	}
	k = calloc(1, sizeof(*k));
	if (!k)
		return -ENOMEM;
	t->priv = k;
	k->pages = kpb_pages(cfg);
	if (!sched_getaffinity(0, sizeof(set), &set)) {
		for (i = 0; i < CPU_SETSIZE; i++)
			if (CPU_ISSET(i, &set))
				k->cpus[k->ncpus++] = i;
	}
	if (!k->ncpus)
		k->cpus[k->ncpus++] = 0;
	k->trigger = opt_trigger;
	if (k->trigger == TRIG_SYSCALL &&
	    (kcheck_missing(KCHECK_TRACEFS, what, sizeof(what)) || access(SYSCALL_TP, F_OK)))
		k->trigger = TRIG_RAW_SYSCALL;	/* no syscall tracepoints here */

	k->skel = perfbuf_kernel_bpf__open();
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
	k->skel->rodata->cfg_verify = cfg->verify;
	k->skel->rodata->cfg_latency = cfg->latency;
	k->skel->rodata->cfg_lat_every = cfg->lat_every;
	k->skel->rodata->cfg_ring_bytes = (__u64)k->pages * PAGE_SIZE;
	k->skel->rodata->cfg_tgid = getpid();
	k->skel->rodata->cfg_nprod = cfg->producers;
	k->skel->rodata->cfg_nr_getpgid = __NR_getpgid;
	bpf_map__set_max_entries(k->skel->maps.events, (__u32)ncpu);
	bpf_map__set_max_entries(k->skel->maps.slots, cfg->producers);
	bpf_program__set_autoload(k->skel->progs.kpb_test_run, k->trigger == TRIG_TEST_RUN);
	bpf_program__set_autoload(k->skel->progs.kpb_tp, k->trigger == TRIG_SYSCALL);
	bpf_program__set_autoload(k->skel->progs.kpb_raw_tp, k->trigger == TRIG_RAW_SYSCALL);
	ret = perfbuf_kernel_bpf__load(k->skel);
	if (ret) {
		snprintf(err, errlen, "kernel-perfbuf: the kernel refused the map or program (%s)",
			 strerror(-ret));
		return ret == -EINVAL || ret == -E2BIG ? -EIO : ret;
	}
	switch (k->trigger) {
	case TRIG_TEST_RUN:
		k->prog_fd = bpf_program__fd(k->skel->progs.kpb_test_run);
		break;
	case TRIG_SYSCALL:
		prog = k->skel->progs.kpb_tp;
		break;
	case TRIG_RAW_SYSCALL:
		prog = k->skel->progs.kpb_raw_tp;
		break;
	}
	if (prog) {
		k->link = bpf_program__attach(prog);
		if (!k->link) {
			ret = -errno;
			snprintf(err, errlen, "kernel-perfbuf: cannot attach the %s trigger: %s",
				 trigger_names[k->trigger], strerror(-ret));
			return ret == -EINVAL ? -EIO : ret;
		}
	}

	k->slots_len = round_up(cfg->producers * sizeof(struct kpb_slot), PAGE_SIZE);
	k->slots = mmap(NULL, k->slots_len, PROT_READ | PROT_WRITE, MAP_SHARED,
			bpf_map__fd(k->skel->maps.slots), 0);
	if (k->slots == MAP_FAILED) {
		k->slots = NULL;
		ret = -errno;
		snprintf(err, errlen, "kernel-perfbuf: mmap of the slots map: %s", strerror(-ret));
		return ret;
	}
	for (unsigned int j = 0; j < cfg->producers; j++) {
		k->slots[j].id = j;
		/* --no-verify: the plain pattern once; every record is a prefix of it */
		if (!cfg->verify)
			rbsim_pattern_write(k->slots[j].scratch, RBSIM_PLAIN_BASE, KPB_MAX_SIZE);
	}

	/*
	 * libbpf's perf_buffer: an event and a buffer per online CPU, in the
	 * map. Created here, on the main thread: producers may run before the
	 * consumer thread is set up, and an empty slot would refuse them.
	 */
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_BPF_OUTPUT;
	attr.sample_type = PERF_SAMPLE_RAW;
	attr.read_format = PERF_FORMAT_LOST;
	switch (cfg->wakeup) {
	case RBSIM_WAKEUP_BYTES:
	case RBSIM_WAKEUP_NONE:
		attr.watermark = 1;
		attr.wakeup_watermark = cfg->wakeup == RBSIM_WAKEUP_BYTES ?
					(__u32)cfg->wakeup_n : (__u32)(k->pages * PAGE_SIZE);
		break;
	case RBSIM_WAKEUP_SAMPLED:
		attr.wakeup_events = (__u32)cfg->wakeup_n;
		break;
	default:
		attr.wakeup_events = 1;
		break;
	}
	k->pb = perf_buffer__new_raw(bpf_map__fd(k->skel->maps.events), k->pages, &attr,
				     kpb_event_cb, t, NULL);
	if (!k->pb) {
		ret = -errno;
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
	struct kpb_slot *s = &k->slots[p->id];
	__u64 runs = s->runs;
	int err;

	s->n = b->n;
	memcpy(s->sizes, b->size, b->n * sizeof(b->size[0]));
	s->seq = p->seq;
	s->committed = s->discarded = s->drop_no_space = s->drop_too_big = s->bytes = 0;

	/* the system call orders our stores before the program and its stores before ours */
	if (k->trigger == TRIG_TEST_RUN) {
		__u64 args[1] = { p->id };
		LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = args, .ctx_size_in = sizeof(args));

		err = bpf_prog_test_run_opts(k->prog_fd, &opts);
		if (err)
			return err;
	} else {
		/* no such process: ESRCH, after the tracepoint has run the batch */
		syscall(__NR_getpgid, (long)(KPB_PID_BASE + p->id));
	}
	if (s->runs == runs)
		return -ENOEXEC;	/* the trigger did not reach the program */

	p->seq = s->seq;
	res->committed = (__u32)s->committed;
	res->discarded = (__u32)s->discarded;
	res->drops[RBSIM_DROP_NO_SPACE] = (__u32)s->drop_no_space;
	res->drops[RBSIM_DROP_TOO_BIG] = (__u32)s->drop_too_big;
	res->bytes = s->bytes;
	return 0;
}

/* ---- the consumer ---- */

static int kpb_consumer_init(struct rbsim_transport *t, struct rbsim_consumer *c)
{
	struct kpb *k = t->priv;

	k->c = c;
	return 0;
}

static int kpb_consume(struct rbsim_transport *t, struct rbsim_consumer *c, int timeout_ms)
{
	struct kpb *k = t->priv;
	bool wait = timeout_ms > 0 && t->cfg->poll == RBSIM_POLL_EPOLL;
	int n;

	(void)c;
	k->delivered = 0;
	n = wait ? perf_buffer__poll(k->pb, timeout_ms) : perf_buffer__consume(k->pb);
	if (n < 0 && n != -EINTR)
		return n;
	if (wait && n > 0)
		k->wakeups++;
	return k->delivered > INT32_MAX ? INT32_MAX : (int)k->delivered;
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
	/* the kernel counts no wakeups where user space can read them */
	st->notifications = 0;
	st->wakeups = k->wakeups;
	st->have_drop_reasons = false;
	st->nr_extra = 8;
	st->extra[0].name = "lost_unreported";
	st->extra[0].value = (double)(lost_samples - k->lost);
	st->extra[1].name = "mem_per_cpu";
	st->extra[1].value = (double)((k->pages + 1) * PAGE_SIZE);
	st->extra[2].name = "cpu_buffers";
	st->extra[2].value = (double)n;
	st->extra[3].name = "lost_records";
	st->extra[3].value = (double)k->lost;
	perfbuf_ooo_extras(&k->ooo, st, 4);
}

static struct rbsim_transport_ops kpb_ops = {
	.name = "kernel-perfbuf",
	.summary = "the running kernel's BPF_MAP_TYPE_PERF_EVENT_ARRAY, bpf_perf_event_output "
		   "from a BPF program, libbpf's perf_buffer (root or CAP_BPF+CAP_PERFMON)",
	.options = kpb_opts,
	.parse_option = kpb_parse_option,
	.validate = kpb_validate,
	.setup = kpb_setup,
	.teardown = kpb_teardown,
	.producer_init = kpb_producer_init,
	.produce = kpb_produce,
	.consumer_init = kpb_consumer_init,
	.consume = kpb_consume,
	.stats = kpb_stats,
};
RBSIM_TRANSPORT(kernel_perfbuf, kpb_ops);
