// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: userspace port of the perf ring buffer as bpf_perf_event_output()
 * uses it: the kernel side (libbpf's perf_buffer consumer is in
 * perfbuf_consumer.c). Split as the kernel splits it:
 *
 *   perfbuf_internal.h  Linux 6.18 kernel/events/internal.h: perf_buffer,
 *                       __output_copy/__output_skip
 *   perfbuf_ring.c      Linux 6.18 kernel/events/ring_buffer.c:
 *                       perf_output_begin/_end, nesting, rb_alloc
 *
 * This file follows, function for function and in their order:
 *   Linux 6.18 kernel/events/core.c        perf_poll, wakeups, perf_prepare_sample,
 *                                           perf_output_sample, __perf_event_output,
 *                                           perf_event_open/perf_mmap (the parts used)
 *   Linux 6.18 kernel/bpf/arraymap.c       BPF_MAP_TYPE_PERF_EVENT_ARRAY slots
 *   Linux 6.18 kernel/trace/bpf_trace.c    bpf_perf_event_output, __bpf_perf_event_output
 *
 * Only what a BPF_OUTPUT event with libbpf's attributes exercises is ported:
 * PERF_SAMPLE_RAW samples, forward writing, writable mapping (no overwrite),
 * no sample_id_all, no AUX area. Deliberate differences carry a PORT: comment.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>

#include "perfbuf_internal.h"

/* ---- kernel/events/core.c: wakeups (ring_buffer.c's perf_output_wakeup() queues them) ---- */

/*
 * PORT: ring_buffer_wakeup(): wake_up_all(&event->waitq) becomes an eventfd
 * write, unless the notify hook takes it over (a virtual-time engine that
 * schedules its consumer itself, as with ringbuf_map__set_notify_hook())
 */
static void perf_event_wakeup(struct perf_ring *event)
{
	__u64 one = 1;

	stat_inc(event->stats.notifications);
	if (unlikely(event->notify_hook) && event->notify_hook(event->notify_hook_ctx))
		return;
	/* EAGAIN only if the counter is about to overflow: the fd is readable then anyway */
	if (write(event->notify_fd, &one, sizeof(one)) < 0)
		return;
}

/* perf_pending_irq(): the irq_work of the event, queued by irq_work_queue() */
void perf_pending_irq(struct perf_ring *event)
{
	/* the writing thread's own flag: set by it or by a context nested in it */
	if (READ_ONCE(event->pending_wakeup)) {
		WRITE_ONCE(event->pending_wakeup, 0);
		perf_event_wakeup(event);
	}
}

/* ---- kernel/events/core.c ---- */

/* PORT: the kernel's global perf_event_id, bumped for each new event */
static __u64 perf_event_id;

/* PORT: smp_processor_id() is the simulated CPU the calling thread declared */
static _Thread_local int perf_current_cpu = -1;

int perf_cpu__set_current(int cpu)
{
	if (cpu < 0)
		return -EINVAL;
	perf_current_cpu = cpu;
	return 0;
}

int perf_cpu__current(void)
{
	return perf_current_cpu;
}

static inline int smp_processor_id(void)
{
	return perf_current_cpu;
}

/*
 * perf_poll(): the perf fd is readable once per wakeup. The poll bits are
 * set by perf_output_wakeup() and taken (reset) by each poll, so epoll, level
 * triggered as it is, reports the fd again only after a new wakeup.
 */
static unsigned int perf_poll(struct perf_ring *event)
{
	struct perf_buffer *rb;
	unsigned int events = EPOLLHUP;

	/* pairs with the release in ring_buffer_attach() */
	rb = smp_load_acquire(&event->rb);
	if (rb) {
		/* fully ordered: pairs with the store-release in perf_output_wakeup() */
		events = xchg(&rb->poll, 0);
	}
	return events;
}

/* perf_event_init_userpage() */
static void perf_event_init_userpage(struct perf_ring *event, struct perf_buffer *rb)
{
	struct perf_event_mmap_page *userpg = rb->user_page;

	/* Allow new userspace to detect that bit 0 is deprecated */
	userpg->cap_bit0_is_deprecated = 1;
	userpg->size = offsetof(struct perf_event_mmap_page, __reserved);
	userpg->data_offset = PAGE_SIZE;
	userpg->data_size = perf_data_size(rb);
	/*
	 * PORT: perf_event_update_userpage() (index, offset, time_enabled,
	 * time_running under the seqcount lock) is not ported: a BPF_OUTPUT
	 * event counts nothing a reader of this page needs.
	 */
	(void)event;
}

/* ring_buffer_attach(): publish the buffer to the event's writers */
static void ring_buffer_attach(struct perf_ring *event, struct perf_buffer *rb)
{
	/* rcu_assign_pointer(); pairs with smp_load_acquire(&event->rb) in the readers */
	smp_store_release(&event->rb, rb);
}

/* the attr checks of perf_event_open() that matter for a BPF_OUTPUT event */
static int perf_copy_attr_check(const struct perf_event_attr *attr)
{
	if (attr->size && attr->size < PERF_ATTR_SIZE_VER0)
		return -EINVAL;
	/* PORT: only the event bpf_perf_event_output() accepts is modelled */
	if (attr->type != PERF_TYPE_SOFTWARE || attr->config != PERF_COUNT_SW_BPF_OUTPUT)
		return -EINVAL;
	/* PORT: the sample layout is PERF_SAMPLE_RAW alone, as libbpf sets it */
	if (attr->sample_type != PERF_SAMPLE_RAW)
		return -EINVAL;
	/* PORT: no id samples, no backward ring, no inheritance (the map refuses it too) */
	if (attr->sample_id_all || attr->write_backward || attr->inherit)
		return -EINVAL;
	return 0;
}

struct perf_ring *perf_ring__open(const struct perf_event_attr *attr, int cpu)
{
	struct perf_ring *event;
	int err;

	/* PORT: the layout is built for PAGE_SIZE pages; other page sizes are refused */
	if (sysconf(_SC_PAGESIZE) != (long)PAGE_SIZE) {
		errno = EINVAL;
		return NULL;
	}
	if (!attr || cpu < 0) {
		errno = EINVAL;
		return NULL;
	}
	err = perf_copy_attr_check(attr);
	if (err) {
		errno = -err;
		return NULL;
	}

	event = zalloc_aligned(sizeof(*event));
	if (!event) {
		errno = ENOMEM;
		return NULL;
	}
	event->attr = *attr;
	event->cpu = cpu;
	event->misc = PERF_RECORD_MISC_KERNEL;
	/* atomic64_inc_return(&perf_event_id): a plain counter, not synchronisation */
	event->id = stat_inc(perf_event_id) + 1;
	event->notify_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (event->notify_fd < 0) {
		free(event);
		errno = EMFILE;
		return NULL;
	}
	/*
	 * PORT: a CPU-bound software event that is enabled is on its CPU at
	 * once (there is no scheduling in or out here).
	 */
	WRITE_ONCE(event->oncpu, attr->disabled ? -1 : cpu);
	return event;
}

/*
 * perf_mmap(): the first mmap of an event allocates its buffer, a later
 * one must ask for the same size and shares it.
 */
struct perf_event_mmap_page *perf_ring__mmap(struct perf_ring *event, size_t nr_pages)
{
	struct perf_buffer *rb;

	if (!event) {
		errno = EINVAL;
		return NULL;
	}

	/*
	 * If we have rb pages ensure they're a power-of-two number, so we
	 * can do bitmasks instead of modulo.
	 */
	if (nr_pages != 0 && !is_power_of_2(nr_pages)) {
		errno = EINVAL;
		return NULL;
	}

	rb = event->rb; /* only this (setup) thread writes event->rb */
	if (rb) {
		if ((size_t)rb->nr_pages != nr_pages) {
			errno = EINVAL;
			return NULL;
		}
		return rb->user_page;
	}

	/*
	 * PORT: rb_alloc() fails when its page-pointer array would exceed
	 * PAGE_SIZE << MAX_PAGE_ORDER (4 MiB): at most 2^18 data pages (1 GiB).
	 * No RLIMIT_MEMLOCK / perf_event_mlock_kb accounting.
	 */
	if (nr_pages > (1UL << 18)) {
		errno = ENOMEM;
		return NULL;
	}

	/* PROT_WRITE mapping: RING_BUFFER_WRITABLE, the producer never overwrites */
	rb = rb_alloc((int)nr_pages, event->attr.watermark ? event->attr.wakeup_watermark : 0,
		      RING_BUFFER_WRITABLE);
	if (!rb) {
		errno = ENOMEM;
		return NULL;
	}

	perf_event_init_userpage(event, rb);
	ring_buffer_attach(event, rb);
	return rb->user_page;
}

int perf_ring__enable(struct perf_ring *event)
{
	if (!event)
		return -EINVAL;
	/* read by the writer with READ_ONCE: plain flag, the buffer has its own release */
	WRITE_ONCE(event->oncpu, event->cpu);
	return 0;
}

int perf_ring__disable(struct perf_ring *event)
{
	if (!event)
		return -EINVAL;
	WRITE_ONCE(event->oncpu, -1);
	return 0;
}

void perf_ring__close(struct perf_ring *event)
{
	if (!event)
		return;
	if (event->rb)
		rb_free(event->rb);
	close(event->notify_fd);
	free(event);
}

/* PORT: an unsigned accessor asked about NULL returns 0 with errno EINVAL */
static unsigned long null_accessor(void)
{
	errno = EINVAL;
	return 0;
}

int perf_ring__fd(const struct perf_ring *event)
{
	return event ? event->notify_fd : -EINVAL;
}

__u64 perf_ring__id(const struct perf_ring *event)
{
	if (!event)
		return null_accessor();
	return event->id;
}

int perf_ring__cpu(const struct perf_ring *event)
{
	return event ? event->cpu : -EINVAL;
}

void perf_ring__stats(const struct perf_ring *event, struct perf_ring_stats *st)
{
	const struct perf_ring_stats *s;

	if (!st)
		return;
	if (!event) {
		memset(st, 0, sizeof(*st));
		return;
	}
	s = &event->stats;
	st->lost_samples = READ_ONCE(s->lost_samples);
	st->wakeups = READ_ONCE(s->wakeups);
	st->notifications = READ_ONCE(s->notifications);
	st->notify_dedup = READ_ONCE(s->notify_dedup);
}

struct perf_event_mmap_page *perf_ring__mmap_page(const struct perf_ring *event)
{
	struct perf_buffer *rb;

	if (!event) {
		errno = EINVAL;
		return NULL;
	}
	/* pairs with the release in ring_buffer_attach() */
	rb = smp_load_acquire(&event->rb);
	return rb ? rb->user_page : NULL;
}

size_t perf_ring__mmap_size(const struct perf_ring *event)
{
	struct perf_buffer *rb;

	if (!event)
		return null_accessor();
	/* pairs with the release in ring_buffer_attach() */
	rb = smp_load_acquire(&event->rb);
	return rb ? rb->mmap_len : 0;
}

void perf_ring__set_misc(struct perf_ring *event, __u16 misc)
{
	if (event)
		event->misc = misc;
}

void perf_ring__set_id(struct perf_ring *event, __u64 id)
{
	if (event)
		event->id = id;
}

void perf_ring__set_output_hook(struct perf_ring *event, perf_ring_hook_fn fn, void *arg)
{
	if (!event)
		return;
	event->hook_arg = arg;
	/* pairs with smp_load_acquire(&event->hook) in perf_output_sample(): arg first */
	smp_store_release(&event->hook, fn);
}

void perf_ring__set_notify_hook(struct perf_ring *event, bool (*fn)(void *ctx), void *ctx)
{
	if (!event)
		return;
	event->notify_hook_ctx = ctx;
	event->notify_hook = fn;
}

/*
 * include/linux/perf_event.h: struct perf_raw_record and perf_sample_data,
 * cut to what a raw sample needs.
 *
 * PORT: one fragment, no copy callback: chained fragments serve
 * bpf_skb_output/bpf_xdp_output, which are not modelled.
 */
struct perf_raw_frag {
	const void *data;
	__u32 size;
	unsigned long pad;
};

struct perf_raw_record {
	struct perf_raw_frag frag;
	__u32 size;
};

struct perf_sample_data {
	__u64 sample_flags;
	__u64 type;
	struct perf_raw_record *raw;
	__u64 dyn_size;
};

static inline void perf_sample_data_init(struct perf_sample_data *data)
{
	data->sample_flags = 0;
	data->type = 0;
	data->raw = NULL;
	data->dyn_size = 0;
}

static void perf_sample_save_raw_data(struct perf_sample_data *data, struct perf_ring *event,
				      struct perf_raw_record *raw)
{
	struct perf_raw_frag *frag = &raw->frag;
	__u32 sum = 0;
	int size;

	if (!(event->attr.sample_type & PERF_SAMPLE_RAW))
		return;

	sum += frag->size;

	size = (int)round_up(sum + (__u32)sizeof(__u32), (__u32)sizeof(__u64));
	raw->size = size - sizeof(__u32);
	frag->pad = raw->size - sum;

	data->raw = raw;
	data->dyn_size += size;
	data->sample_flags |= PERF_SAMPLE_RAW;
}

/* sizeof(header) + event->header_size (0: PERF_SAMPLE_RAW is all dynamic) + dyn_size */
static inline __u32 perf_sample_data_size(const struct perf_sample_data *data)
{
	__u32 size = sizeof(struct perf_event_header);

	size += data->dyn_size;
	return size;
}

static void perf_prepare_sample(struct perf_sample_data *data, struct perf_ring *event)
{
	__u64 sample_type = event->attr.sample_type;
	__u64 filtered_sample_type = sample_type & ~data->sample_flags;

	if (filtered_sample_type == 0) {
		/* Make sure it has the correct data->type for output */
		data->type = event->attr.sample_type;
		return;
	}

	/* PERF_SAMPLE_RAW requested but not provided: an empty raw record */
	if (filtered_sample_type & PERF_SAMPLE_RAW) {
		data->raw = NULL;
		data->dyn_size += sizeof(__u64);
		data->sample_flags |= PERF_SAMPLE_RAW;
	}
	data->type = sample_type;
}

static void perf_prepare_header(struct perf_event_header *header, struct perf_sample_data *data,
				struct perf_ring *event)
{
	header->type = PERF_RECORD_SAMPLE;
	/* the kernel truncates to u16 here: see the PORT check in __perf_event_output() */
	header->size = (__u16)perf_sample_data_size(data);
	header->misc = event->misc; /* perf_misc_flags(event, regs) */
}

static void perf_output_sample(struct perf_output_handle *handle,
			       struct perf_event_header *header, struct perf_sample_data *data,
			       struct perf_ring *event)
{
	__u64 sample_type = data->type;
	perf_ring_hook_fn hook;

	perf_output_put(handle, *header);

	if (sample_type & PERF_SAMPLE_RAW) {
		struct perf_raw_record *raw = data->raw;

		if (raw) {
			struct perf_raw_frag *frag = &raw->frag;

			perf_output_put(handle, raw->size);
			/* PORT: the test hook, mid-record */
			/* pairs with the release in perf_ring__set_output_hook() */
			hook = smp_load_acquire(&event->hook);
			if (unlikely(hook))
				hook(event->hook_arg);
			__output_copy(handle, frag->data, frag->size);
			if (frag->pad)
				__output_skip(handle, NULL, frag->pad);
		} else {
			struct {
				__u32 size;
				__u32 data;
			} raw = {
				.size = sizeof(__u32),
				.data = 0,
			};
			perf_output_put(handle, raw);
		}
	}

	if (!event->attr.watermark) {
		int wakeup_events = (int)event->attr.wakeup_events;

		if (wakeup_events) {
			struct perf_buffer *rb = handle->rb;
			long events = local_inc_return(&rb->events);

			if (events >= wakeup_events) {
				local_sub(wakeup_events, &rb->events);
				local_inc(&rb->wakeup);
			}
		}
	}
}

static int __perf_event_output(struct perf_ring *event, struct perf_sample_data *data)
{
	struct perf_output_handle handle;
	struct perf_event_header header;
	int err;

	perf_prepare_sample(data, event);

	/*
	 * PORT: header.size is a u16. The kernel truncates a larger sample
	 * size, reserves the truncated size, then writes the whole sample
	 * past its reservation (seen with > 64 KiB skb samples, cilium/ebpf
	 * #1633). Here such a sample is refused with -E2BIG instead.
	 */
	if (unlikely(perf_sample_data_size(data) > UINT16_MAX))
		return -E2BIG;

	perf_prepare_header(&header, data, event);

	err = perf_output_begin(&handle, event, header.size);
	if (err)
		goto exit;

	perf_output_sample(&handle, &header, data, event);

	perf_output_end(&handle);

exit:
	return err;
}

static int perf_event_output(struct perf_ring *event, struct perf_sample_data *data)
{
	return __perf_event_output(event, data);
}

/* ---- kernel/bpf/arraymap.c: BPF_MAP_TYPE_PERF_EVENT_ARRAY ---- */

/*
 * PORT: the slots hold the events themselves instead of bpf_event_entry
 * objects holding a file reference; the map does not keep an event alive,
 * so an event must leave the map before it is closed.
 */
struct perf_event_array {
	__u32 max_entries;
	struct perf_ring **ptrs;
};

struct perf_event_array *perf_event_array__new(__u32 max_entries)
{
	struct perf_event_array *array;

	/* array_map_alloc_check(): max_entries 0 is refused */
	if (max_entries == 0) {
		errno = EINVAL;
		return NULL;
	}
	array = port_zalloc_lines(sizeof(*array));
	if (!array) {
		errno = ENOMEM;
		return NULL;
	}
	array->ptrs = port_zalloc_lines((size_t)max_entries * sizeof(*array->ptrs));
	if (!array->ptrs) {
		free(array);
		errno = ENOMEM;
		return NULL;
	}
	array->max_entries = max_entries;
	return array;
}

void perf_event_array__free(struct perf_event_array *array)
{
	if (!array)
		return;
	free(array->ptrs);
	free(array);
}

__u32 perf_event_array__max_entries(const struct perf_event_array *array)
{
	if (!array)
		return null_accessor();
	return array->max_entries;
}

/* bpf_fd_array_map_update_elem() with perf_event_fd_array_get_ptr() */
int perf_event_array__update(struct perf_event_array *array, __u32 index, struct perf_ring *ee)
{
	if (!array || !ee)
		return -EINVAL;
	if (index >= array->max_entries)
		return -E2BIG;
	/* fully ordered, as the kernel's xchg(): pairs with smp_load_acquire() in the helper */
	(void)xchg(&array->ptrs[index], ee);
	return 0;
}

/* fd_array_map_delete_elem() */
int perf_event_array__delete(struct perf_event_array *array, __u32 index)
{
	if (!array)
		return -EINVAL;
	if (index >= array->max_entries)
		return -E2BIG;
	if (xchg(&array->ptrs[index], NULL))
		return 0;
	return -ENOENT;
}

/* ---- kernel/trace/bpf_trace.c ---- */

static inline long __bpf_perf_event_output(struct perf_event_array *array, __u64 flags,
					   struct perf_raw_record *raw,
					   struct perf_sample_data *sd)
{
	unsigned int cpu = (unsigned int)smp_processor_id();
	__u64 index = flags & BPF_F_INDEX_MASK;
	struct perf_ring *event;

	if (index == BPF_F_CURRENT_CPU)
		index = cpu;
	if (unlikely(index >= array->max_entries))
		return -E2BIG;

	/*
	 * READ_ONCE(array->ptrs[index]) under RCU in the kernel. PORT: an
	 * acquire, pairing with the xchg() in perf_event_array__update(), so the
	 * event's fields are seen initialised.
	 */
	event = smp_load_acquire(&array->ptrs[index]);
	if (!event)
		return -ENOENT;

	/* type and config are checked at open: only BPF_OUTPUT events exist here */

	if (unlikely(READ_ONCE(event->oncpu) != (int)cpu))
		return -EOPNOTSUPP;

	perf_sample_save_raw_data(sd, event, raw);

	return perf_event_output(event, sd);
}

/*
 * Support executing tracepoints in normal, irq, and nmi context that each call
 * bpf_perf_event_output.
 *
 * PORT: the per-CPU nesting level and sample data become thread-local (a
 * simulated CPU is one thread; its irq/NMI contexts are signal handlers).
 */
#define BPF_TRACE_NEST_MAX 3
/* include/linux/bpf_verifier.h: 1 + the largest ARG_CONST_SIZE_OR_ZERO the verifier accepts */
#define BPF_MAX_VAR_SIZ (1 << 29)
static _Thread_local int bpf_trace_nest_level;

long bpf_perf_event_output(struct perf_event_array *map, __u64 flags, const void *data,
			   __u64 size)
{
	struct perf_raw_record raw = {
		.frag = {
			.size = (__u32)size,
			.data = data,
		},
	};
	struct perf_sample_data sd;
	int nest_level;
	long err;

	/* plain thread-local counter: a nested handler restores it before returning */
	nest_level = ++bpf_trace_nest_level;
	barrier();

	if (unlikely(nest_level > BPF_TRACE_NEST_MAX)) {
		err = -EBUSY;
		goto out;
	}

	if (unlikely(flags & ~(BPF_F_INDEX_MASK))) {
		err = -EINVAL;
		goto out;
	}

	/* PORT: the verifier guarantees the map and the data */
	if (unlikely(!map) || unlikely(!data && size)) {
		err = -EINVAL;
		goto out;
	}
	/*
	 * PORT: the verifier (check_mem_size_reg()) refuses a size that may
	 * reach BPF_MAX_VAR_SIZ, so the kernel's u32 round_up(size + 4, 8) in
	 * perf_sample_save_raw_data() never wraps; without a verifier such a
	 * size is refused here, as a record that could never fit (-E2BIG)
	 */
	if (unlikely(size >= BPF_MAX_VAR_SIZ)) {
		err = -E2BIG;
		goto out;
	}

	perf_sample_data_init(&sd);

	err = __bpf_perf_event_output(map, flags, &raw, &sd);
out:
	barrier();
	bpf_trace_nest_level--;
	return err;
}

/* perf_poll() for the consumer's emulation of epoll (perfbuf_consumer.c) */
unsigned int perf_ring__poll(struct perf_ring *event)
{
	return event ? perf_poll(event) : EPOLLHUP;
}
