// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the userspace side of the map object: the consumer's mmap() view,
 * the notification eventfd and its wake-ups, statistics, and the settings
 * and test hooks of a map. The memory-ordering edges cited here (W1, ...)
 * are those of the table at the top of ringbuf.c.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "ringbuf_internal.h"

/*
 * ringbuf_map_mmap_kern(): what a consumer gets from mmap() on the map fd,
 * laid out as libbpf's ring_buffer__add() maps it: the consumer page
 * read-write (file offset 0), then the producer page and the data pages
 * twice read-only (file offset PAGE_SIZE). The kernel adds RINGBUF_PGOFF to
 * the file offset; the memfd offsets here include the meta page likewise.
 *
 * PORT: under ThreadSanitizer the view points into the producer's own
 * mapping instead. TSan tracks happens-before per virtual address, so with
 * separate mappings it would see the two sides touch unrelated memory and
 * check nothing; the price is that read-only is not enforced in TSan builds.
 */
#if defined(__SANITIZE_THREAD__)
#define RBSIM_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RBSIM_TSAN 1
#endif
#endif

int ringbuf_map__mmap(struct bpf_ringbuf_map *map, struct ringbuf_mmap *view)
{
	struct bpf_ringbuf *rb;
	size_t data_sz;
	char *cons, *prod;
	off_t pgoff = RINGBUF_PGOFF << PAGE_SHIFT;

	if (!map || !view)
		return -EINVAL;
	rb = map->rb;
	data_sz = rb->mask + 1;

#ifdef RBSIM_TSAN
	(void)cons, (void)prod, (void)pgoff;
	view->consumer_pos = &rb->consumer_pos;
	view->producer_pos = &rb->producer_pos;
	view->data = rb->data;
	view->size = data_sz;
	return 0;
#else
	cons = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, rb->memfd, pgoff);
	if (cons == MAP_FAILED)
		return -errno;

	/* producer page + 2 x data, read-only, the data part twice back to back */
	prod = mmap(NULL, PAGE_SIZE + 2 * data_sz, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (prod == MAP_FAILED)
		goto err_cons;
	if (!map_fixed(prod, PAGE_SIZE + data_sz, PROT_READ, rb->memfd, pgoff + PAGE_SIZE) ||
	    !map_fixed(prod + PAGE_SIZE + data_sz, data_sz, PROT_READ, rb->memfd,
		       pgoff + 2 * PAGE_SIZE))
		goto err_prod;

	view->consumer_pos = (unsigned long *)cons;
	view->producer_pos = (const unsigned long *)prod;
	view->data = prod + PAGE_SIZE;
	view->size = data_sz;
	return 0;

err_prod:
	munmap(prod, PAGE_SIZE + 2 * data_sz);
err_cons:
	munmap(cons, PAGE_SIZE);
	return -ENOMEM;
#endif
}

void ringbuf_map__munmap(struct ringbuf_mmap *view)
{
	if (!view || !view->consumer_pos)
		return;
#ifndef RBSIM_TSAN
	munmap(view->consumer_pos, PAGE_SIZE);
	munmap((void *)view->producer_pos, PAGE_SIZE + 2 * view->size);
#endif
	memset(view, 0, sizeof(*view));
}

/*
 * The fd leaves the port: whoever polls it sleeps where the port cannot see,
 * so from now on every wake-up writes the eventfd (a waiter for good), and
 * a wake-up made before, which wrote nothing, is written now.
 */
int ringbuf_map__fd(const struct bpf_ringbuf_map *map)
{
	struct bpf_ringbuf *rb;

	if (!map)
		return -EINVAL;
	rb = map->rb;
	if (!__atomic_exchange_n(&rb->fd_out, true, __ATOMIC_RELAXED)) {
		ringbuf_map__set_waiting(map, true);
		if (ringbuf_map__wakeup_pending(map))
			bpf_ringbuf_notify_write(rb);
	}
	return rb->notify_fd;
}

int ringbuf_map__wait_fd(const struct bpf_ringbuf_map *map)
{
	return map ? map->rb->notify_fd : -EINVAL;
}

void ringbuf_map__set_waiting(const struct bpf_ringbuf_map *map, bool on)
{
	if (!map)
		return;
	/* W2: fully ordered, pairs with the increment of notify_seq in bpf_ringbuf_notify() */
	if (on)
		__atomic_fetch_add(&map->rb->notify_waiters, 1, __ATOMIC_SEQ_CST);
	else
		__atomic_fetch_sub(&map->rb->notify_waiters, 1, __ATOMIC_SEQ_CST);
}

__u32 ringbuf_map__set_futex_waiting(const struct bpf_ringbuf_map *map, bool on)
{
	struct bpf_ringbuf *rb;

	if (!map)
		return 0;
	rb = map->rb;
	if (!on) {
		/* W3: fully ordered, as the increment */
		__atomic_fetch_sub(&rb->notify_futex, 1, __ATOMIC_SEQ_CST);
		return 0;
	}
	/* W3: fully ordered, pairs with the increment of notify_seq in bpf_ringbuf_notify() */
	__atomic_fetch_add(&rb->notify_futex, 1, __ATOMIC_SEQ_CST);
	/*
	 * W3: seq_cst, against bpf_ringbuf_notify()'s load of notify_futex,
	 * and before the consumer's load of notify_seq that follows
	 */
	return __atomic_load_n(&rb->wake_word, __ATOMIC_SEQ_CST);
}

const __u32 *ringbuf_map__wake_word(const struct bpf_ringbuf_map *map)
{
	return map ? &map->rb->wake_word : NULL;
}

bool ringbuf_map__wakeup_pending(const struct bpf_ringbuf_map *map)
{
	const struct bpf_ringbuf *rb;

	if (!map)
		return false;
	rb = map->rb;
	/* W2: seq_cst, against bpf_ringbuf_notify()'s load of notify_waiters */
	return __atomic_load_n(&rb->notify_seq, __ATOMIC_SEQ_CST) != READ_ONCE(rb->notify_taken);
}

int ringbuf_map__take_wakeups(struct bpf_ringbuf_map *map)
{
	unsigned long seq, taken, writes;
	struct bpf_ringbuf *rb;
	__u64 val;

	if (!map)
		return -EINVAL;
	rb = map->rb;
	/*
	 * W1: every write begun has been read back, the eventfd's count is 0.
	 * A write not counted yet has not been made yet either: no
	 * epoll_wait() can have reported it.
	 */
	writes = smp_load_acquire(&rb->notify_writes);
	if (unlikely(rb->take_hook))
		rb->take_hook(rb->take_hook_ctx);
	if (writes != READ_ONCE(rb->notify_read)) {
		/* EAGAIN: a write was begun but not made; the fd becomes readable when it is */
		if (read(rb->notify_fd, &val, sizeof(val)) < 0) {
			if (errno != EAGAIN)
				return -errno;
		} else {
			/* only consumers write notify_read; relaxed, W1 orders what matters */
			__atomic_fetch_add(&rb->notify_read, val, __ATOMIC_RELAXED);
			/* a count for reports, as the stats: relaxed */
			__atomic_fetch_add(&rb->notify_reads, 1, __ATOMIC_RELAXED);
		}
	}
	/*
	 * W2: pairs with the increment in bpf_ringbuf_notify(). Loaded after
	 * the read: every write the read took back follows its wake-up's
	 * increment (the read and the write meet under the eventfd's lock),
	 * so a wake-up whose write was taken is taken too, and the caller
	 * re-polls for its data. Loaded before it, a wake-up made between the
	 * two had its write read and its increment missed: 0 taken, no
	 * re-poll, the fd reset with its record in the ring, and with
	 * adaptive wake-ups no later commit notifies a consumer that is not
	 * caught up: a consumer in epoll_wait() on a full ring slept for good
	 * (epoll_mt::ringbuf_adaptive_every_record_arrives under
	 * ThreadSanitizer, 2026-12-06).
	 */
	seq = smp_load_acquire(&rb->notify_seq);
	/*
	 * the wake-ups up to seq are taken; never backwards, should two
	 * consumers of the map take them at once (a CAS loop: relaxed, only
	 * consumers write notify_taken and nothing is published by it)
	 */
	taken = READ_ONCE(rb->notify_taken);
	do {
		if ((long)(seq - taken) <= 0)
			return 0;
	} while (!__atomic_compare_exchange_n(&rb->notify_taken, &taken, seq, true,
					      __ATOMIC_RELAXED, __ATOMIC_RELAXED));
	return seq - taken > INT_MAX ? INT_MAX : (int)(seq - taken);
}

void ringbuf_map__rearm(struct bpf_ringbuf_map *map)
{
	/* a wake-up outside irq_work_queue(): not counted as a notification (W2 as any other) */
	if (map)
		bpf_ringbuf_notify(map->rb);
}

__u64 ringbuf_map__notify_reads(const struct bpf_ringbuf_map *map)
{
	/* a count for reports, as the stats: relaxed */
	return map ? __atomic_load_n(&map->rb->notify_reads, __ATOMIC_RELAXED) : 0;
}

void ringbuf_map__stats(const struct bpf_ringbuf_map *map, struct ringbuf_stats *st)
{
	const struct ringbuf_stats *s;

	if (!st)
		return;
	if (!map) {
		memset(st, 0, sizeof(*st));
		return;
	}
	s = &map->rb->stats;
	st->notifications = READ_ONCE(s->notifications);
	st->notify_dedup = READ_ONCE(s->notify_dedup);
	st->fail_too_big = READ_ONCE(s->fail_too_big);
	st->fail_lock = READ_ONCE(s->fail_lock);
	st->fail_no_space = READ_ONCE(s->fail_no_space);
	st->misuse = READ_ONCE(s->misuse);
	st->overwritten = READ_ONCE(s->overwritten);
	/* W1's counter, read for a report: no order needed beside the others */
	st->notify_writes = __atomic_load_n(&map->rb->notify_writes, __ATOMIC_RELAXED);
	st->notify_wakes = __atomic_load_n(&map->rb->notify_wakes, __ATOMIC_RELAXED);
	st->notify_reads = __atomic_load_n(&map->rb->notify_reads, __ATOMIC_RELAXED);
}

__u32 ringbuf_map__kernel(const struct bpf_ringbuf_map *map)
{
	return map ? map->kernel : 0;
}

__u32 ringbuf_map__map_flags(const struct bpf_ringbuf_map *map)
{
	return map ? map->map_flags : 0;
}

void ringbuf_map__set_lock_timeout(struct bpf_ringbuf_map *map, __u64 timeout_ns)
{
	if (map)
		map->rb->spinlock.timeout_ns = timeout_ns;
}

int ringbuf_map__set_lock_handoff(struct bpf_ringbuf_map *map, enum ringbuf_lock_handoff how)
{
	if (!map || (how != RINGBUF_LOCK_TTAS && how != RINGBUF_LOCK_QUEUED))
		return -EINVAL;
	map->rb->spinlock.queued = how == RINGBUF_LOCK_QUEUED;
	return 0;
}

enum ringbuf_lock_handoff ringbuf_map__lock_handoff(const struct bpf_ringbuf_map *map)
{
	return map && map->rb->spinlock.queued ? RINGBUF_LOCK_QUEUED : RINGBUF_LOCK_TTAS;
}

void ringbuf_map__set_locked_hook(struct bpf_ringbuf_map *map, void (*fn)(void *ctx), void *ctx)
{
	if (!map)
		return;
	map->rb->locked_hook_ctx = ctx;
	map->rb->locked_hook = fn;
	rb_pick_reserve(map->rb);
}

int ringbuf_map__set_reserve(struct bpf_ringbuf_map *map, enum ringbuf_reserve how)
{
	struct bpf_ringbuf *rb;

	if (!map || (how != RINGBUF_RESERVE_KERNEL && how != RINGBUF_RESERVE_CAS))
		return -EINVAL;
	rb = map->rb;
	/* the CAS reserve follows the eras with pending_pos (6.10 on), not overwrite mode */
	if (how == RINGBUF_RESERVE_CAS && (!rb->pending || rb->overwrite_mode))
		return -EINVAL;
	rb->cas.rb = rb;
	rb->cas.data = rb->data;
	rb->cas.mask = rb->mask;
	rb->cas.consumer_pos = &rb->consumer_pos;
	rb->cas.producer_pos = &rb->producer_pos;
	rb->cas.pending_pos = &rb->pending_pos;
	/* no reserve in flight: the lock and the CAS word agree on where the ring stands */
	WRITE_ONCE(rb->cas.reserve_pos, READ_ONCE(rb->producer_pos));
	rb->reserve_how = how;
	rb_pick_reserve(rb);
	return 0;
}

enum ringbuf_reserve ringbuf_map__reserve(const struct bpf_ringbuf_map *map)
{
	return map ? map->rb->reserve_how : RINGBUF_RESERVE_KERNEL;
}

void ringbuf_map__set_notify_hook(struct bpf_ringbuf_map *map, bool (*fn)(void *ctx), void *ctx)
{
	if (!map)
		return;
	map->rb->notify_hook_ctx = ctx;
	map->rb->notify_hook = fn;
}

void ringbuf_map__notify(struct bpf_ringbuf_map *map)
{
	if (map)
		bpf_ringbuf_notify(map->rb);
}

void ringbuf_map__set_wake_hook(struct bpf_ringbuf_map *map, void (*fn)(void *ctx), void *ctx)
{
	if (!map)
		return;
	map->rb->wake_hook_ctx = ctx;
	map->rb->wake_hook = fn;
}

void ringbuf_map__set_take_hook(struct bpf_ringbuf_map *map, void (*fn)(void *ctx), void *ctx)
{
	if (!map)
		return;
	map->rb->take_hook_ctx = ctx;
	map->rb->take_hook = fn;
}

void ringbuf_map__set_lock_point_hook(struct bpf_ringbuf_map *map,
				      void (*fn)(void *ctx, enum ringbuf_lock_point point),
				      void *ctx)
{
	if (!map)
		return;
	map->rb->point_hook.ctx = ctx;
	map->rb->point_hook.fn = fn;
	rb_pick_reserve(map->rb);
}
