/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the inside of the perf buffer port, shared by its files as Linux
 * 6.18 kernel/events/internal.h is by the kernel's: struct perf_buffer, the
 * event (struct perf_ring), the output handle, the page-walking copy of
 * DEFINE_OUTPUT_COPY() as static inlines, and the calls between the files:
 *
 *   perfbuf_ring.c      kernel/events/ring_buffer.c: output begin/end,
 *                       nesting, the buffer's allocation
 *   perfbuf.c           kernel/events/core.c (the parts a BPF_OUTPUT event
 *                       uses), kernel/bpf/arraymap.c, kernel/trace/bpf_trace.c
 *   perfbuf_consumer.c  libbpf's perf_buffer, through perfbuf.h only
 *
 * Not a public header: make install leaves it out.
 */
#ifndef RBSIM_PERFBUF_INTERNAL_H
#define RBSIM_PERFBUF_INTERNAL_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "perfbuf.h"
#include "kernel_compat.h"

#define CACHELINE_ALIGNED __attribute__((aligned(128)))

/* calloc() for the structs with cache-line aligned members */
static inline void *zalloc_aligned(size_t size)
{
	void *p;

	if (posix_memalign(&p, 128, size))
		return NULL;
	memset(p, 0, size);
	return p;
}

/*
 * PORT: local_t. The kernel's CPU-local atomics are atomic only against
 * interrupts and NMIs on the same CPU and order nothing across CPUs. Here a
 * simulated CPU is one thread and its interrupts are signal handlers on that
 * thread: relaxed atomics are the C11 spelling, and barrier() (a compiler
 * barrier) is a signal fence. None of these synchronise with other threads;
 * every cross-thread edge below uses the kernel_compat.h primitives.
 */
typedef struct {
	long a;
} local_t;

static inline long local_read(const local_t *l)
{
	return __atomic_load_n(&l->a, __ATOMIC_RELAXED);
}

static inline void local_set(local_t *l, long v)
{
	__atomic_store_n(&l->a, v, __ATOMIC_RELAXED);
}

static inline void local_inc(local_t *l)
{
	__atomic_fetch_add(&l->a, 1, __ATOMIC_RELAXED);
}

static inline long local_inc_return(local_t *l)
{
	return __atomic_add_fetch(&l->a, 1, __ATOMIC_RELAXED);
}

static inline void local_add(long i, local_t *l)
{
	__atomic_fetch_add(&l->a, i, __ATOMIC_RELAXED);
}

static inline void local_sub(long i, local_t *l)
{
	__atomic_fetch_sub(&l->a, i, __ATOMIC_RELAXED);
}

static inline long local_xchg(local_t *l, long v)
{
	return __atomic_exchange_n(&l->a, v, __ATOMIC_RELAXED);
}

/* implies barrier(), as the kernel's local_try_cmpxchg() */
static inline bool local_try_cmpxchg(local_t *l, long *old, long new)
{
	return __atomic_compare_exchange_n(&l->a, old, new, false, __ATOMIC_SEQ_CST,
					   __ATOMIC_RELAXED);
}

#define barrier() __atomic_signal_fence(__ATOMIC_SEQ_CST)

/* include/linux/circ_buf.h */
#define CIRC_CNT(head, tail, size) (((head) - (tail)) & ((size) - 1))
#define CIRC_SPACE(head, tail, size) CIRC_CNT((tail), ((head) + 1), (size))

#define RING_BUFFER_WRITABLE 0x01

/*
 * PORT: struct perf_buffer keeps what the output path uses. The kernel's
 * refcounts, event_list/event_lock, AUX fields and mmap accounting are gone:
 * one event per buffer, the buffer lives until the event is closed.
 */
struct perf_buffer {
	int nr_pages;   /* nr of data pages */
	int overwrite;  /* can overwrite itself */
	int paused;     /* can write into ring buffer */
	long watermark; /* wakeup watermark */
	unsigned int poll CACHELINE_ALIGNED; /* POLL_ for wakeups (atomic_t) */

	/* the writer's state: only the owning CPU (thread) and its nested contexts */
	unsigned int nest CACHELINE_ALIGNED; /* nested writers */
	local_t head;   /* write position */
	local_t events; /* event limit */
	local_t wakeup; /* wakeup stamp */
	local_t lost;   /* nr records lost */

	struct perf_event_mmap_page *user_page;
	size_t mmap_len; /* PORT: (1 + nr_pages) pages, one anonymous mapping */
	void *data_pages[];
};

struct perf_ring {
	struct perf_event_attr attr;
	int cpu;
	int oncpu;  /* cpu while enabled, -1 otherwise */
	__u64 id;
	__u16 misc; /* PORT: perf_misc_flags(regs), fixed per event */
	struct perf_buffer *rb;
	int notify_fd;               /* PORT: eventfd standing for event->waitq */
	unsigned int pending_wakeup; /* event->pending_wakeup */
	unsigned int work_pending;   /* PORT: irq_work's PENDING flag (event->pending_irq) */
	perf_ring_hook_fn hook;
	void *hook_arg;
	bool (*notify_hook)(void *ctx); /* PORT: takes the eventfd write's place when set */
	void *notify_hook_ctx;
	struct perf_ring_stats stats CACHELINE_ALIGNED;
};

struct perf_output_handle {
	struct perf_ring *event;
	struct perf_buffer *rb;
	unsigned long wakeup;
	unsigned long size;
	char *addr;
	int page;
};

static inline unsigned long perf_data_size(const struct perf_buffer *rb)
{
	/* PORT: page_order is 0 (no CONFIG_PERF_USE_VMALLOC) */
	return (unsigned long)rb->nr_pages << PAGE_SHIFT;
}

/*
 * DEFINE_OUTPUT_COPY(): copy (or skip, buf == NULL) len bytes at the handle,
 * walking the data pages one by one; a record may straddle the end of the
 * data area, it then continues on page 0. Returns the bytes not copied (0).
 */
static inline unsigned long output_copy_common(struct perf_output_handle *handle, const void *buf,
					unsigned long len, bool skip)
{
	const char *src = buf;
	unsigned long size;

	do {
		size = handle->size < len ? handle->size : len;
		if (!skip && size)
			memcpy(handle->addr, src, size);

		len -= size;
		handle->addr += size;
		if (src)
			src += size;
		handle->size -= size;
		if (!handle->size) {
			struct perf_buffer *rb = handle->rb;

			handle->page++;
			handle->page &= rb->nr_pages - 1;
			handle->addr = rb->data_pages[handle->page];
			handle->size = PAGE_SIZE;
		}
	} while (len);

	return len;
}

static inline unsigned long __output_copy(struct perf_output_handle *handle, const void *buf,
				   unsigned long len)
{
	return output_copy_common(handle, buf, len, false);
}

/* the skipped bytes keep whatever the ring held there: they are not zeroed */
static inline unsigned long __output_skip(struct perf_output_handle *handle, const void *buf,
				   unsigned long len)
{
	return output_copy_common(handle, buf, len, true);
}

#define perf_output_put(handle, x) __output_copy((handle), &(x), sizeof(x))

/* ---- kernel/events/core.c, called from ring_buffer.c ---- */

/* perf_pending_irq(): the event's irq_work, run by irq_work_queue() below (perfbuf.c) */
void perf_pending_irq(struct perf_ring *event);

/*
 * PORT: irq_work_queue(), as in ringbuf.c: claiming the PENDING flag queues
 * the work, a claim that finds it set is a no-op. Userspace has no self-IPI,
 * so the claimer runs the work at once, clearing PENDING first as
 * irq_work_single() does. A writer interrupted (by a nested writer) between
 * its claim and its run leaves the nested writer's wakeup to that run.
 */
static inline void irq_work_queue(struct perf_ring *event)
{
	/* fully ordered: pairs with the xchg() below in a nested context */
	if (xchg(&event->work_pending, 1)) {
		stat_inc(event->stats.notify_dedup);
		return;
	}
	xchg(&event->work_pending, 0);
	perf_pending_irq(event);
}

/* ---- kernel/events/ring_buffer.c (perfbuf_ring.c), called from core.c ---- */

/* room for size bytes at the head: 0, or -ENOSPC (counted lost) */
int perf_output_begin(struct perf_output_handle *handle, struct perf_ring *event,
		      unsigned int size);
/* the record is written: publish data_head, wake the consumer when due */
void perf_output_end(struct perf_output_handle *handle);
/* the user page and nr_pages data pages, zeroed; NULL without memory */
struct perf_buffer *rb_alloc(int nr_pages, long watermark, int flags);
void rb_free(struct perf_buffer *rb);

#endif /* RBSIM_PERFBUF_INTERNAL_H */
