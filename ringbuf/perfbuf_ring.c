// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the perf buffer's ring, a userspace port of Linux 6.18
 * kernel/events/ring_buffer.c, function for function and in its order: the
 * nesting of writers (perf_output_get_handle/put_handle) and the
 * publication of data_head, the space check and reservation of
 * __perf_output_begin() with its PERF_RECORD_LOST, perf_output_end(), and
 * the buffer's allocation. What the files of the port share is in
 * perfbuf_internal.h (kernel/events/internal.h); the event, the sample and
 * bpf_perf_event_output() are in perfbuf.c. Deliberate differences carry a
 * PORT: comment.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/mman.h>

#include "perfbuf_internal.h"

static void perf_output_wakeup(struct perf_output_handle *handle)
{
	/*
	 * atomic_set(&rb->poll, EPOLLIN | EPOLLRDNORM). PORT: a release store:
	 * pairs with xchg(&rb->poll) in perf_poll(), so a consumer that sees
	 * EPOLLIN sees the data_head stored before it (x86 TSO gives the kernel
	 * that for free).
	 */
	smp_store_release(&handle->rb->poll, EPOLLIN | EPOLLRDNORM);

	WRITE_ONCE(handle->event->pending_wakeup, 1);
	stat_inc(handle->event->stats.wakeups);

	/* PORT: no fasync (SIGIO) */
	irq_work_queue(handle->event);
}

/*
 * We need to ensure a later event_id doesn't publish a head when a former
 * event isn't done writing. However since we need to deal with NMIs we
 * cannot fully serialize things.
 *
 * We only publish the head (and generate a wakeup) when the outer-most
 * event completes.
 */
static void perf_output_get_handle(struct perf_output_handle *handle)
{
	struct perf_buffer *rb = handle->rb;

	/* PORT: preempt_disable() is moot, the ring belongs to this thread */

	/*
	 * Not an atomic increment in the kernel either: a nested writer that
	 * interrupts it leaves nest as it found it.
	 */
	WRITE_ONCE(rb->nest, READ_ONCE(rb->nest) + 1);
	/* PORT: the kernel's volatile accesses keep program order; a signal fence does here */
	barrier();
	handle->wakeup = local_read(&rb->wakeup);
}

static void perf_output_put_handle(struct perf_output_handle *handle)
{
	struct perf_buffer *rb = handle->rb;
	unsigned long head;
	unsigned int nest;

	/*
	 * If this isn't the outermost nesting, we don't have to update
	 * @rb->user_page->data_head.
	 */
	nest = READ_ONCE(rb->nest);
	if (nest > 1) {
		WRITE_ONCE(rb->nest, nest - 1);
		goto out;
	}

again:
	/*
	 * In order to avoid publishing a head value that goes backwards,
	 * we must ensure the load of @rb->head happens after we've
	 * incremented @rb->nest.
	 */
	barrier();
	head = local_read(&rb->head);

	/*
	 * IRQ/NMI can happen here and advance @rb->head, causing our
	 * load above to be stale.
	 */

	/*
	 * Since the mmap() consumer (userspace) can run on a different CPU:
	 *
	 *   kernel				user
	 *
	 *   if (LOAD ->data_tail) {		LOAD ->data_head
	 *			(A)		smp_rmb()	(C)
	 *	STORE $data			LOAD $data
	 *	smp_wmb()	(B)		smp_mb()	(D)
	 *	STORE ->data_head		STORE ->data_tail
	 *   }
	 *
	 * Where A pairs with D, and B pairs with C.
	 *
	 * PORT: (B) is a store-release of data_head; it pairs with the
	 * consumer's load-acquire of data_head in perf_event_read_simple() (C).
	 * (A) is a load-acquire in __perf_output_begin(), see there.
	 */
	smp_store_release(&rb->user_page->data_head, (__u64)head);

	/*
	 * We must publish the head before decrementing the nest count,
	 * otherwise an IRQ/NMI can publish a more recent head value and our
	 * write will (temporarily) publish a stale value.
	 */
	barrier();
	WRITE_ONCE(rb->nest, 0);

	/*
	 * Ensure we decrement @rb->nest before we validate the @rb->head.
	 * Otherwise we cannot be sure we caught the 'last' nested update.
	 */
	barrier();
	if (unlikely(head != (unsigned long)local_read(&rb->head))) {
		WRITE_ONCE(rb->nest, 1);
		goto again;
	}

	if (handle->wakeup != (unsigned long)local_read(&rb->wakeup))
		perf_output_wakeup(handle);

out:
	return; /* PORT: preempt_enable() */
}

static inline bool ring_buffer_has_space(unsigned long head, unsigned long tail,
					 unsigned long data_size, unsigned int size)
{
	/* PORT: forward writing only (backward needs write_backward, refused at open) */
	return CIRC_SPACE(head, tail, data_size) >= size;
}

static int __perf_output_begin(struct perf_output_handle *handle, struct perf_ring *event,
			       unsigned int size)
{
	struct perf_buffer *rb;
	unsigned long tail, head;
	long offset;
	long have_lost;
	struct {
		struct perf_event_header header;
		__u64 id;
		__u64 lost;
	} lost_event;

	/* rcu_dereference(event->rb); pairs with the release in ring_buffer_attach() */
	rb = smp_load_acquire(&event->rb);
	if (unlikely(!rb))
		goto out;

	if (unlikely(rb->paused)) {
		if (rb->nr_pages) {
			local_inc(&rb->lost);
			stat_inc(event->stats.lost_samples);
		}
		goto out;
	}

	handle->rb = rb;
	handle->event = event;

	have_lost = local_read(&rb->lost);
	if (unlikely(have_lost)) {
		/* PORT: sample_id_all is refused at open, no id header to add */
		size += sizeof(lost_event);
	}

	perf_output_get_handle(handle);

	offset = local_read(&rb->head);
	do {
		head = (unsigned long)offset;
		/*
		 * PORT: (A) is a control dependency in the kernel: the data
		 * stores below depend on the branch on @tail. C11 does not
		 * honour control dependencies, so the load is an acquire; it
		 * pairs with the consumer's store-release of data_tail in
		 * perf_event_read_simple() (D): the consumer's reads of a
		 * record happen before this writer reuses its bytes.
		 */
		tail = smp_load_acquire(&rb->user_page->data_tail);
		if (!rb->overwrite) {
			if (unlikely(!ring_buffer_has_space(head, tail, perf_data_size(rb), size)))
				goto fail;
		}

		head += size;
	} while (!local_try_cmpxchg(&rb->head, &offset, (long)head));

	/*
	 * We rely on the implied barrier() by local_cmpxchg() to ensure
	 * none of the data stores below can be lifted up by the compiler.
	 */

	if (unlikely(head - (unsigned long)local_read(&rb->wakeup) > (unsigned long)rb->watermark))
		local_add(rb->watermark, &rb->wakeup);

	handle->page = (int)(((unsigned long)offset >> PAGE_SHIFT) & (rb->nr_pages - 1));
	offset &= PAGE_SIZE - 1;
	handle->addr = (char *)rb->data_pages[handle->page] + offset;
	handle->size = PAGE_SIZE - offset;

	if (unlikely(have_lost)) {
		lost_event.header.size = sizeof(lost_event);
		lost_event.header.type = PERF_RECORD_LOST;
		lost_event.header.misc = 0;
		lost_event.id = event->id;
		lost_event.lost = (__u64)local_xchg(&rb->lost, 0);

		perf_output_put(handle, lost_event);
	}

	return 0;

fail:
	local_inc(&rb->lost);
	stat_inc(event->stats.lost_samples); /* atomic64_inc(&event->lost_samples) */
	perf_output_put_handle(handle);
out:
	return -ENOSPC;
}

int perf_output_begin(struct perf_output_handle *handle, struct perf_ring *event,
		      unsigned int size)
{
	return __perf_output_begin(handle, event, size);
}

void perf_output_end(struct perf_output_handle *handle)
{
	perf_output_put_handle(handle);
}

static void ring_buffer_init(struct perf_buffer *rb, long watermark, int flags)
{
	long max_size = (long)perf_data_size(rb);

	if (watermark)
		rb->watermark = watermark < max_size ? watermark : max_size;

	if (!rb->watermark)
		rb->watermark = max_size / 2;

	if (flags & RING_BUFFER_WRITABLE)
		rb->overwrite = 0;
	else
		rb->overwrite = 1;

	/*
	 * perf_output_begin() only checks rb->paused, therefore
	 * rb->paused must be true if we have no pages for output.
	 */
	if (!rb->nr_pages)
		rb->paused = 1;
}

/*
 * PORT: the kernel allocates the user page and each data page separately
 * (alloc_pages_node) and lists the data pages in rb->data_pages[]. Here one
 * anonymous mapping holds them back to back, which is also what the mmap()
 * consumer sees; data_pages[] still drives the page-by-page copy, so a record
 * that crosses the end is written in two pieces as in the kernel.
 */
struct perf_buffer *rb_alloc(int nr_pages, long watermark, int flags)
{
	struct perf_buffer *rb;
	size_t len = (size_t)(nr_pages + 1) << PAGE_SHIFT;
	char *base;
	int i;

	rb = zalloc_aligned(sizeof(*rb) + (size_t)nr_pages * sizeof(void *));
	if (!rb)
		return NULL;

	base = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED) {
		free(rb);
		return NULL;
	}

	/* the pages start zeroed, as the kernel's __GFP_ZERO pages */
	rb->user_page = (struct perf_event_mmap_page *)base;
	rb->mmap_len = len;
	for (i = 0; i < nr_pages; i++)
		rb->data_pages[i] = base + ((size_t)(i + 1) << PAGE_SHIFT);

	rb->nr_pages = nr_pages;

	ring_buffer_init(rb, watermark, flags);

	return rb;
}

void rb_free(struct perf_buffer *rb)
{
	munmap(rb->user_page, rb->mmap_len);
	free(rb);
}
