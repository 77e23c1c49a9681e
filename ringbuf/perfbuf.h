/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: userspace port of the perf ring buffer as BPF uses it
 * (BPF_MAP_TYPE_PERF_EVENT_ARRAY + bpf_perf_event_output) and of libbpf's
 * perf_buffer consumer.
 *
 * Producer side follows Linux 6.18 kernel/events/ring_buffer.c,
 * kernel/events/core.c, kernel/events/internal.h and the output helper of
 * kernel/trace/bpf_trace.c (ringbuf/perfbuf.c); consumer side follows libbpf
 * 1.7 src/libbpf.c (perf_buffer__*, perf_event_read_simple;
 * ringbuf/perfbuf_consumer.c). Layouts and constants come from the system's
 * <linux/perf_event.h> and <linux/bpf.h>.
 *
 * Model: one simulated CPU per producer thread. A thread says which CPU it
 * is with perf_cpu__set_current(); a perf event (struct perf_ring) is bound
 * to one CPU, and bpf_perf_event_output() refuses (-EOPNOTSUPP) to write the
 * ring of another CPU, as the kernel does.
 *
 * Synchronization table (which calls may run concurrently):
 *   perf_event_array__new/__free, perf_ring__open/__mmap/__close,
 *   perfbuf_consumer__new/__free     : alone (no producer or consumer call in flight)
 *   perf_event_array__update/__delete: any time, from one thread at a time
 *   bpf_perf_event_output            : one thread per simulated CPU, plus signal
 *                                      handlers on that thread (the kernel's irq/NMI
 *                                      nesting), concurrently with the consumer
 *   perfbuf_consumer__* (other)      : one thread (as libbpf's struct perf_buffer)
 *   perf_ring__stats, perf_ring__mmap_page : any time
 *   perf_ring__set_misc/_set_id      : before the event is in a map slot
 *   perf_ring__set_output_hook       : from the writing thread, or before it starts
 *   perf_ring__set_notify_hook       : while no output is in flight on the event
 *
 * PORT: a NULL object or result pointer is an error, never a crash: int
 * results -EINVAL (the consumer's also set errno, as libbpf's), unsigned
 * results 0 and pointers NULL with errno EINVAL, setters do nothing,
 * perf_ring__stats() of NULL gives zeros.
 */
#ifndef RBSIM_PERFBUF_H
#define RBSIM_PERFBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <linux/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* kernel and libbpf versions this port follows */
#define RBSIM_PERFBUF_KERNEL_VERSION "6.18"
#define RBSIM_PERFBUF_LIBBPF_VERSION "1.7"

/* ---- the simulated CPU of the calling thread (smp_processor_id()) ---- */

/* 0 or -EINVAL (cpu < 0); thread-local, default -1 (no CPU) */
int perf_cpu__set_current(int cpu);
int perf_cpu__current(void);

/* ---- kernel side: a BPF_OUTPUT perf event with its ring buffer ---- */

struct perf_ring;

/*
 * perf_event_open(attr, -1, cpu, -1, 0): attr must be PERF_TYPE_SOFTWARE /
 * PERF_COUNT_SW_BPF_OUTPUT with sample_type PERF_SAMPLE_RAW (others: EINVAL).
 * NULL + errno.
 */
struct perf_ring *perf_ring__open(const struct perf_event_attr *attr, int cpu);
/* mmap((1 + nr_pages) * PAGE_SIZE, PROT_READ | PROT_WRITE) of the event: NULL + errno */
struct perf_event_mmap_page *perf_ring__mmap(struct perf_ring *ring, size_t nr_pages);
/* PERF_EVENT_IOC_ENABLE / _DISABLE: 0 or -EINVAL */
int perf_ring__enable(struct perf_ring *ring);
int perf_ring__disable(struct perf_ring *ring);
/* close(): unmaps too; NULL-safe */
void perf_ring__close(struct perf_ring *ring);
/* the fd poll()/epoll report EPOLLIN on after a wakeup (an eventfd here) */
int perf_ring__fd(const struct perf_ring *ring);
/* PERF_EVENT_IOC_ID */
__u64 perf_ring__id(const struct perf_ring *ring);
int perf_ring__cpu(const struct perf_ring *ring);

/* ---- kernel side: BPF_MAP_TYPE_PERF_EVENT_ARRAY ---- */

struct perf_event_array;

struct perf_event_array *perf_event_array__new(__u32 max_entries); /* NULL + errno */
void perf_event_array__free(struct perf_event_array *map);          /* NULL-safe */
__u32 perf_event_array__max_entries(const struct perf_event_array *map);
/* bpf_map_update_elem(map, &key, &perf_fd) / bpf_map_delete_elem(): 0 or -E2BIG/-EINVAL/-ENOENT */
int perf_event_array__update(struct perf_event_array *map, __u32 key, struct perf_ring *ring);
int perf_event_array__delete(struct perf_event_array *map, __u32 key);

/*
 * bpf_perf_event_output(ctx, map, flags, data, size) without ctx: flags is
 * BPF_F_CURRENT_CPU or a slot index. 0, or -ENOSPC (no room: counted as
 * lost), -E2BIG (bad index, a record over 64 KiB, or a size of 1 << 29 or
 * more, which the verifier refuses), -ENOENT (empty slot),
 * -EOPNOTSUPP (slot of another CPU, or event disabled), -EINVAL (flags),
 * -EBUSY (nested deeper than 3).
 */
long bpf_perf_event_output(struct perf_event_array *map, __u64 flags, const void *data,
			   __u64 size);

/* ---- beyond the kernel's interface: what a simulator or a test needs ---- */

struct perf_ring_stats {
	__u64 lost_samples;  /* event->lost_samples (read with PERF_FORMAT_LOST) */
	__u64 wakeups;       /* perf_output_wakeup() calls */
	__u64 notifications; /* irq_work runs that woke the waiters (eventfd writes) */
	__u64 notify_dedup;  /* irq_work_queue() calls that found the work pending */
};
void perf_ring__stats(const struct perf_ring *ring, struct perf_ring_stats *st);

/* the user page of the mapping (NULL before perf_ring__mmap()) and its length */
struct perf_event_mmap_page *perf_ring__mmap_page(const struct perf_ring *ring);
size_t perf_ring__mmap_size(const struct perf_ring *ring);

/* header.misc of the samples (default PERF_RECORD_MISC_KERNEL: BPF runs with kernel regs) */
void perf_ring__set_misc(struct perf_ring *ring, __u16 misc);
/* override event->id (the LOST records carry it), e.g. to match a real event's id */
void perf_ring__set_id(struct perf_ring *ring, __u64 id);

/*
 * Test hook: called by the writing thread in the middle of every sample, after
 * the header and the u32 size are written and before the data: between
 * perf_output_begin() and perf_output_end(). NULL removes it.
 */
typedef void (*perf_ring_hook_fn)(void *arg);
void perf_ring__set_output_hook(struct perf_ring *ring, perf_ring_hook_fn fn, void *arg);

/*
 * Simulators and calibration: fn(ctx) runs where the port would wake the
 * event's waiters (the irq_work's perf_pending_irq(), on the writing thread,
 * after the PENDING claim; deduplicated wakeups do not reach it), as
 * ringbuf_map__set_notify_hook() does for the BPF ring buffer. It returns
 * true when it has taken the wake-up over (no eventfd write, no system
 * call), false to let the port write the eventfd as usual. Counted in
 * perf_ring_stats.notifications either way; the poll bits perf_poll() reads
 * are set before it runs. NULL removes it; set it while no output is in
 * flight on the event.
 */
void perf_ring__set_notify_hook(struct perf_ring *ring, bool (*fn)(void *ctx), void *ctx);

/*
 * perf_poll(): what epoll's re-poll of the event's fd reports, EPOLLIN once
 * per wakeup (it takes the poll bits), EPOLLHUP without a buffer (or for NULL)
 */
unsigned int perf_ring__poll(struct perf_ring *ring);

/* ---- consumer: libbpf's perf_buffer, under names libbpf does not export ---- */

typedef void (*perfbuf_sample_fn)(void *ctx, int cpu, void *data, __u32 size);
typedef void (*perfbuf_lost_fn)(void *ctx, int cpu, __u64 cnt);

/* libbpf's enum bpf_perf_event_ret, same values */
enum perfbuf_event_ret {
	PERFBUF_EVENT_DONE = 0,
	PERFBUF_EVENT_ERROR = -1,
	PERFBUF_EVENT_CONT = -2,
};
typedef enum perfbuf_event_ret (*perfbuf_event_fn)(void *ctx, int cpu,
						   struct perf_event_header *event);

/* libbpf's struct perf_buffer_opts */
struct perfbuf_consumer_opts {
	size_t sz;
	/* wakeup_events: one wakeup per sample_period samples (0 means 1) */
	__u32 sample_period;
	size_t : 0;
};

/* libbpf's struct perf_buffer_raw_opts */
struct perfbuf_consumer_raw_opts {
	size_t sz;
	long : 0;
	long : 0;
	int cpu_cnt;   /* if > 0, use only these CPUs ... */
	int *cpus;     /* ... with these CPU ids ... */
	int *map_keys; /* ... in these map slots */
};

struct perfbuf_consumer;

/* perf_buffer__new(): one event + ring per CPU (map slot), page_cnt a power of 2 */
struct perfbuf_consumer *perfbuf_consumer__new(struct perf_event_array *map, size_t page_cnt,
					       perfbuf_sample_fn sample_cb,
					       perfbuf_lost_fn lost_cb, void *ctx,
					       const struct perfbuf_consumer_opts *opts);
/* perf_buffer__new_raw(): caller's attr (e.g. watermark) and raw records */
struct perfbuf_consumer *perfbuf_consumer__new_raw(struct perf_event_array *map, size_t page_cnt,
						   struct perf_event_attr *attr,
						   perfbuf_event_fn event_cb, void *ctx,
						   const struct perfbuf_consumer_raw_opts *opts);
void perfbuf_consumer__free(struct perfbuf_consumer *pb);
int perfbuf_consumer__epoll_fd(const struct perfbuf_consumer *pb);
/* ready buffers processed, or -errno */
int perfbuf_consumer__poll(struct perfbuf_consumer *pb, int timeout_ms);
/* 0 or -errno */
int perfbuf_consumer__consume(struct perfbuf_consumer *pb);
int perfbuf_consumer__consume_buffer(struct perfbuf_consumer *pb, size_t buf_idx);
size_t perfbuf_consumer__buffer_cnt(const struct perfbuf_consumer *pb);
int perfbuf_consumer__buffer_fd(const struct perfbuf_consumer *pb, size_t buf_idx);
int perfbuf_consumer__buffer(struct perfbuf_consumer *pb, int buf_idx, void **buf,
			     size_t *buf_size);

/* beyond libbpf */
struct perf_ring *perfbuf_consumer__ring(struct perfbuf_consumer *pb, size_t buf_idx);
/* epoll_wait() returns that reported at least one buffer (the consumer's wake-ups) */
uint64_t perfbuf_consumer__wakeups(const struct perfbuf_consumer *pb);
/* records that crossed the end of a ring and were copied into the scratch buffer */
uint64_t perfbuf_consumer__wrap_copies(const struct perfbuf_consumer *pb);

#ifdef __cplusplus
}
#endif
#endif /* RBSIM_PERFBUF_H */
