// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: userspace port of the BPF ring buffer, producer side.
 *
 * Follows Linux 6.18 kernel/bpf/ringbuf.c function for function and in the
 * same order: rqspinlock-protected reserve, lock-free commit, BUSY and
 * DISCARD bits, pending_pos (CVE-2024-41009 fix), data pages mapped twice.
 * No overwrite mode (that came in 6.19) and no BPF_MAP_TYPE_USER_RINGBUF.
 *
 * Deliberate differences from the kernel carry a PORT: comment.
 *
 * Memory ordering. The edges between reservers, committers and the consumer
 * (consumer.c, custom.h, or any reader of the mapped pages, such as a program
 * on the real map) are named once here and cited at each access, as DPDK's
 * rte_ring_c11_pvt.h names its own:
 *
 *  R1 reserve: smp_store_release(producer_pos), after the header (len with
 *     BUSY, pg_off) is written.
 *  A1 consumer: smp_load_acquire(producer_pos); pairs with R1: every header
 *     below the position it reads is written (a record is BUSY until R2).
 *  R2 commit: xchg(hdr->len), fully ordered, after the sample is written.
 *  A2 consumer: smp_load_acquire(hdr->len); pairs with R2: a len without
 *     BUSY means the sample bytes are there. (The reservers' pending_pos scan
 *     reads len with READ_ONCE: it reads no sample byte behind it.)
 *  R3 consumer: smp_store_release(consumer_pos), after it read the records
 *     below it.
 *  A3 reserve, commit, query: smp_load_acquire(consumer_pos); pairs with R3:
 *     a reserve that sees the space freed writes there only after the
 *     consumer's last read of it.
 *  E1 store buffering, commit against consumer: commit stores len (R2) and
 *     then loads consumer_pos (A3) to decide on a wake-up; the consumer
 *     stores consumer_pos (R3), smp_mb(), then loads producer_pos (A1,
 *     consumer.c ring_has_data()) to decide to sleep. R2's full barrier and
 *     the consumer's smp_mb() forbid both loads returning the old value, a
 *     lost wake-up (kernel_compat.h says why xchg() is built as it is).
 *  W1 notify_seq: the fully ordered increment before each eventfd write,
 *     against the load-acquire in ringbuf_map__take_wakeups().
 *  N1 work_pending: irq_work's PENDING flag, claimed and cleared by fully
 *     ordered xchg()s (a claim that finds it set is a deduplicated wake-up).
 *  L1 the ring's lock word: acquire in rqs_trylock(), release in
 *     res_spin_unlock() (rqspinlock.h); orders the reservers' accesses to
 *     producer_pos, pending_pos and the headers they write under the lock.
 */
#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/mman.h>

#include "ringbuf.h"
#include "kernel_compat.h"
#include "rqspinlock.h"
#include "reserve_cas.h"

#define RINGBUF_CREATE_FLAG_MASK (BPF_F_NUMA_NODE)

/* non-mmap()'able part of bpf_ringbuf (everything up to consumer page) */
#define RINGBUF_PGOFF (offsetof(struct bpf_ringbuf, consumer_pos) >> PAGE_SHIFT)
/* consumer page and producer page */
#define RINGBUF_POS_PAGES 2
#define RINGBUF_NR_META_PAGES (RINGBUF_PGOFF + RINGBUF_POS_PAGES)

#define RINGBUF_MAX_RECORD_SZ (UINT_MAX / 4)

/* include/linux/bpf.h: dynptr sizes are limited to 24 bits in 6.18 */
#define DYNPTR_MAX_SIZE ((1UL << 24) - 1)

#define CACHELINE_ALIGNED __attribute__((aligned(128)))
#define PAGE_ALIGNED_ATTR __attribute__((aligned(PAGE_SIZE)))

/*
 * PORT: struct bpf_ringbuf lives at the start of a memfd mapping, so the
 * page arithmetic of pg_off and bpf_ringbuf_restore_from_rec() is the
 * kernel's. waitq and irq_work become an eventfd and a pending word (see
 * irq_work_queue() below); pages/nr_pages become the memfd and the size of
 * the reserved address range. The busy word of BPF_MAP_TYPE_USER_RINGBUF is
 * left out.
 */
struct bpf_ringbuf {
	int notify_fd;               /* PORT: eventfd standing for waitq + irq_work */
	unsigned int work_pending;   /* PORT: irq_work's PENDING flag */
	unsigned long notify_seq;    /* PORT: eventfd writes begun (W1) */
	unsigned long notify_taken;  /* PORT: eventfd writes read back by consumers */
	int memfd;                   /* PORT: backs every page, as the kernel's page array */
	__u64 mask;
	size_t nr_pages;             /* meta + data pages actually allocated */
	size_t map_len;              /* bytes of address space: meta + 2 x data */
	void (*locked_hook)(void *ctx); /* PORT: tests: run by reserve with the lock held */
	void *locked_hook_ctx;
	/* PORT: tests: run at the points of the held-locks bookkeeping */
	struct rqspinlock_hook point_hook;
	bool test_hooks;             /* PORT: a hook is set: reserve takes its hooked copy */
	bool (*notify_hook)(void *ctx); /* PORT: takes the irq_work's place when set */
	void *notify_hook_ctx;
	enum ringbuf_reserve reserve; /* PORT: issue 14's variants; the kernel's lock by default */
	struct ringbuf_stats stats CACHELINE_ALIGNED;
	struct rqspinlock spinlock CACHELINE_ALIGNED;
	struct ringbuf_cas cas;      /* PORT: RINGBUF_RESERVE_CAS's state (reserve_cas.c) */
	/*
	 * Consumer and producer positions sit on their own pages so each can
	 * be mapped with its own permissions: consumer page read-write,
	 * producer page and data read-only for the consumer. pending_pos
	 * shares the producer's page.
	 */
	unsigned long consumer_pos PAGE_ALIGNED_ATTR;
	unsigned long producer_pos PAGE_ALIGNED_ATTR;
	unsigned long pending_pos;
	char data[] PAGE_ALIGNED_ATTR;
};

_Static_assert(RINGBUF_PGOFF == 1, "one non-mmap()'able meta page, as in the kernel");
_Static_assert(offsetof(struct bpf_ringbuf, data) == 3 * PAGE_SIZE, "3 meta pages");

struct bpf_ringbuf_map {
	__u32 max_entries;
	__u32 map_flags;
	struct bpf_ringbuf *rb;
};

/* 8-byte ring buffer record header structure */
struct bpf_ringbuf_hdr {
	__u32 len;
	__u32 pg_off;
};

static void *map_fixed(void *addr, size_t len, int prot, int fd, off_t off)
{
	void *p = mmap(addr, len, prot, MAP_SHARED | MAP_FIXED, fd, off);

	return p == MAP_FAILED ? NULL : p;
}

static struct bpf_ringbuf *bpf_ringbuf_area_alloc(size_t data_sz)
{
	size_t nr_meta_pages = RINGBUF_NR_META_PAGES;
	size_t nr_data_pages = data_sz >> PAGE_SHIFT;
	size_t nr_pages = nr_meta_pages + nr_data_pages;
	size_t meta_sz = nr_meta_pages << PAGE_SHIFT;
	size_t map_len = meta_sz + 2 * data_sz;
	struct bpf_ringbuf *rb;
	void *base;
	int memfd;

	/*
	 * Each data page is mapped twice to allow "virtual" continuous read
	 * of samples wrapping around the end of the ring buffer area:
	 * ------------------------------------------------------
	 * | meta pages |  real data pages  |  same data pages  |
	 * ------------------------------------------------------
	 * |            | 1 2 3 4 5 6 7 8 9 | 1 2 3 4 5 6 7 8 9 |
	 * ------------------------------------------------------
	 * |            | TA             DA | TA             DA |
	 * ------------------------------------------------------
	 *                               ^^^^^^^
	 *                                  |
	 * A record that starts near the end of the ring and wraps is still
	 * contiguous in memory, for the producer and the consumer alike.
	 *
	 * PORT: the kernel vmap()s an array of pages listing each data page
	 * twice. Here a memfd of nr_pages pages (meta, consumer, producer,
	 * data) is mapped once in full and its data part once more right
	 * after, inside one reserved range so the two copies are adjacent.
	 */
	memfd = memfd_create("rbsim-ringbuf", MFD_CLOEXEC);
	if (memfd < 0)
		return NULL;
	if (ftruncate(memfd, (off_t)(nr_pages << PAGE_SHIFT)))
		goto err_close;

	base = mmap(NULL, map_len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED)
		goto err_close;
	if (!map_fixed(base, nr_pages << PAGE_SHIFT, PROT_READ | PROT_WRITE, memfd, 0) ||
	    !map_fixed((char *)base + (nr_pages << PAGE_SHIFT), data_sz, PROT_READ | PROT_WRITE,
		       memfd, (off_t)meta_sz))
		goto err_unmap;

	rb = base;
	rb->memfd = memfd;
	rb->nr_pages = nr_pages;
	rb->map_len = map_len;
	return rb;

err_unmap:
	munmap(base, map_len);
err_close:
	close(memfd);
	return NULL;
}

/*
 * PORT: the irq_work callback; wake_up_all() becomes an eventfd write,
 * counted before it is made so that a consumer can tell without a system
 * call whether the eventfd may be readable (ringbuf_map__take_wakeups())
 */
static void bpf_ringbuf_notify(struct bpf_ringbuf *rb)
{
	__u64 one = 1;

	/* W1: fully ordered, before the write; pairs with the acquire in take_wakeups() */
	__atomic_fetch_add(&rb->notify_seq, 1, __ATOMIC_SEQ_CST);
	/* EAGAIN only if the counter is about to overflow: the fd is readable then anyway */
	if (write(rb->notify_fd, &one, sizeof(one)) < 0)
		return;
}

/*
 * PORT: irq_work_queue(). The kernel claims the work by setting its PENDING
 * flag; a claim that finds it set is a no-op. The work later clears PENDING
 * and only then runs bpf_ringbuf_notify(), so a commit that races with a
 * running notification queues another one. Userspace has no self-IPI: the
 * claiming producer runs the work at once, with the same order of clear and
 * wake-up, so notifications are deduplicated only while one is in flight.
 */
static void irq_work_queue(struct bpf_ringbuf *rb)
{
	/* N1: fully ordered, pairs with the xchg() below in another producer */
	if (xchg(&rb->work_pending, 1)) {
		stat_inc(rb->stats.notify_dedup);
		return;
	}
	stat_inc(rb->stats.notifications);
	/* N1: clear PENDING before the wake-up, as irq_work_single() does */
	xchg(&rb->work_pending, 0);
	if (unlikely(rb->notify_hook) && rb->notify_hook(rb->notify_hook_ctx))
		return;
	bpf_ringbuf_notify(rb);
}

/*
 * Maximum size of ring buffer area is limited by 32-bit page offset within
 * record header, counted in pages. Reserve 8 bits for extensibility, and
 * take into account few extra pages for consumer/producer pages and
 * non-mmap()'able parts: (((1ULL << 24) - RINGBUF_POS_PAGES - RINGBUF_PGOFF)
 * * PAGE_SIZE), 64 GiB. max_entries is a u32 (< 4 GiB), so, as in the
 * kernel since 6.2, this is only a note and there is no E2BIG check.
 */
static struct bpf_ringbuf *bpf_ringbuf_alloc(size_t data_sz)
{
	struct bpf_ringbuf *rb;

	rb = bpf_ringbuf_area_alloc(data_sz);
	if (!rb)
		return NULL;

	rb->notify_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (rb->notify_fd < 0) {
		int memfd = rb->memfd;

		munmap(rb, rb->map_len);
		close(memfd);
		return NULL;
	}
	WRITE_ONCE(rb->spinlock.locked, 0);
	WRITE_ONCE(rb->work_pending, 0);
	WRITE_ONCE(rb->notify_seq, 0);
	WRITE_ONCE(rb->notify_taken, 0);
	rb->spinlock.timeout_ns = RES_DEF_TIMEOUT;

	rb->mask = data_sz - 1;
	/* the memfd pages start zeroed, as the kernel's __GFP_ZERO pages */
	WRITE_ONCE(rb->consumer_pos, 0);
	WRITE_ONCE(rb->producer_pos, 0);
	WRITE_ONCE(rb->pending_pos, 0);

	return rb;
}

struct bpf_ringbuf_map *ringbuf_map__new(__u32 max_entries, __u32 map_flags)
{
	struct bpf_ringbuf_map *rb_map;

	/* PORT: the layout is built for PAGE_SIZE pages; other page sizes are refused */
	if (sysconf(_SC_PAGESIZE) != (long)PAGE_SIZE) {
		errno = EINVAL;
		return NULL;
	}

	/* ringbuf_map_alloc(): the kernel's checks, in its order */
	if (map_flags & ~RINGBUF_CREATE_FLAG_MASK) {
		errno = EINVAL;
		return NULL;
	}

	/* PORT: key_size and value_size are not parameters here; both are 0 */
	if (!is_power_of_2(max_entries) || !PAGE_ALIGNED(max_entries)) {
		errno = EINVAL;
		return NULL;
	}

	rb_map = calloc(1, sizeof(*rb_map));
	if (!rb_map) {
		errno = ENOMEM;
		return NULL;
	}
	rb_map->max_entries = max_entries;
	rb_map->map_flags = map_flags;

	rb_map->rb = bpf_ringbuf_alloc(max_entries);
	if (!rb_map->rb) {
		free(rb_map);
		errno = ENOMEM;
		return NULL;
	}

	return rb_map;
}

/*
 * PORT: no irq_work_sync() is needed (6.18 added it against a use-after-free
 * by a notification still queued at free time): here the notification runs
 * inside the commit that queues it, so none is left once producers return.
 */
static void bpf_ringbuf_free(struct bpf_ringbuf *rb)
{
	int memfd = rb->memfd, notify_fd = rb->notify_fd;

	munmap(rb, rb->map_len);
	close(notify_fd);
	close(memfd);
}

void ringbuf_map__free(struct bpf_ringbuf_map *map)
{
	if (!map)
		return;
	bpf_ringbuf_free(map->rb);
	free(map);
}

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

int ringbuf_map__fd(const struct bpf_ringbuf_map *map)
{
	if (!map)
		return -EINVAL;
	return map->rb->notify_fd;
}

int ringbuf_map__take_wakeups(struct bpf_ringbuf_map *map)
{
	struct bpf_ringbuf *rb;
	__u64 val;

	if (!map)
		return -EINVAL;
	rb = map->rb;
	/*
	 * W1: every write begun has been read back, so the count is 0. A write
	 * not counted yet has not been made yet either: no epoll_wait() can
	 * have reported it.
	 */
	if (smp_load_acquire(&rb->notify_seq) == READ_ONCE(rb->notify_taken))
		return 0;
	/* EAGAIN: a write was begun but not made; the fd becomes readable when it is */
	if (read(rb->notify_fd, &val, sizeof(val)) < 0)
		return errno == EAGAIN ? 0 : -errno;
	/* only consumers write notify_taken; relaxed, W1 orders what matters */
	__atomic_fetch_add(&rb->notify_taken, val, __ATOMIC_RELAXED);
	return val > INT_MAX ? INT_MAX : (int)val;
}

void ringbuf_map__rearm(struct bpf_ringbuf_map *map)
{
	/* a wake-up outside irq_work_queue(): not counted as a notification */
	if (map)
		bpf_ringbuf_notify(map->rb);
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
}

void ringbuf_map__set_lock_timeout(struct bpf_ringbuf_map *map, __u64 timeout_ns)
{
	if (map)
		map->rb->spinlock.timeout_ns = timeout_ns;
}

void ringbuf_map__set_locked_hook(struct bpf_ringbuf_map *map, void (*fn)(void *ctx), void *ctx)
{
	if (!map)
		return;
	map->rb->locked_hook_ctx = ctx;
	map->rb->locked_hook = fn;
	map->rb->test_hooks = map->rb->locked_hook || map->rb->point_hook.fn;
}

void ringbuf_map__set_notify_hook(struct bpf_ringbuf_map *map, bool (*fn)(void *ctx), void *ctx)
{
	if (!map)
		return;
	map->rb->notify_hook_ctx = ctx;
	map->rb->notify_hook = fn;
}

int ringbuf_map__set_reserve(struct bpf_ringbuf_map *map, enum ringbuf_reserve how)
{
	struct bpf_ringbuf *rb;

	if (!map || (how != RINGBUF_RESERVE_KERNEL && how != RINGBUF_RESERVE_CAS))
		return -EINVAL;
	rb = map->rb;
	rb->cas.rb = rb;
	rb->cas.data = rb->data;
	rb->cas.mask = rb->mask;
	rb->cas.consumer_pos = &rb->consumer_pos;
	rb->cas.producer_pos = &rb->producer_pos;
	rb->cas.pending_pos = &rb->pending_pos;
	rb->cas.stats = &rb->stats;
	/* no reserve in flight: the lock and the CAS word agree on where the ring stands */
	WRITE_ONCE(rb->cas.reserve_pos, READ_ONCE(rb->producer_pos));
	rb->reserve = how;
	return 0;
}

enum ringbuf_reserve ringbuf_map__reserve(const struct bpf_ringbuf_map *map)
{
	return map ? map->rb->reserve : RINGBUF_RESERVE_KERNEL;
}

void ringbuf_map__set_lock_point_hook(struct bpf_ringbuf_map *map,
				      void (*fn)(void *ctx, enum ringbuf_lock_point point),
				      void *ctx)
{
	if (!map)
		return;
	map->rb->point_hook.ctx = ctx;
	map->rb->point_hook.fn = fn;
	map->rb->test_hooks = map->rb->locked_hook || map->rb->point_hook.fn;
}

static unsigned long ringbuf_avail_data_sz(struct bpf_ringbuf *rb)
{
	unsigned long cons_pos, prod_pos;

	/* A3: pairs with the consumer's smp_store_release(consumer_pos) (R3) */
	cons_pos = smp_load_acquire(&rb->consumer_pos);
	/* A1: pairs with smp_store_release(producer_pos) in __bpf_ringbuf_reserve() (R1) */
	prod_pos = smp_load_acquire(&rb->producer_pos);
	return prod_pos - cons_pos;
}

static __u32 ringbuf_total_data_sz(const struct bpf_ringbuf *rb)
{
	return rb->mask + 1;
}

/*
 * ringbuf_map_mem_usage(): what the kernel charges for the map.
 * PORT: sizeof(struct bpf_ringbuf_map) is the port's (the kernel's embeds a
 * struct bpf_map); the page terms are the kernel's, with 8-byte page pointers.
 */
__u64 ringbuf_map__mem_usage(const struct bpf_ringbuf_map *map)
{
	size_t nr_meta_pages = RINGBUF_NR_META_PAGES;
	size_t nr_data_pages;
	__u64 usage = sizeof(struct bpf_ringbuf_map);

	if (!map)
		return 0;
	nr_data_pages = map->max_entries >> PAGE_SHIFT;
	usage += (__u64)map->rb->nr_pages << PAGE_SHIFT;
	usage += (nr_meta_pages + 2 * nr_data_pages) * sizeof(void *);
	return usage;
}

/*
 * Given pointer to ring buffer record metadata and struct bpf_ringbuf
 * itself, calculate offset from record metadata to ring buffer in pages,
 * rounded down. Stored at offset 4 of the record header, it lets commit find
 * the ring from the record pointer alone.
 */
static size_t bpf_ringbuf_rec_pg_off(struct bpf_ringbuf *rb, struct bpf_ringbuf_hdr *hdr)
{
	return ((char *)hdr - (char *)rb) >> PAGE_SHIFT;
}

/* restore the ring from a record header through the page offset at offset 4 */
static struct bpf_ringbuf *bpf_ringbuf_restore_from_rec(struct bpf_ringbuf_hdr *hdr)
{
	unsigned long addr = (unsigned long)(void *)hdr;
	unsigned long off = (unsigned long)hdr->pg_off << PAGE_SHIFT;

	return (void *)((addr & PAGE_MASK) - off);
}

static inline __attribute__((always_inline)) void *
bpf_ringbuf_reserve_body(struct bpf_ringbuf *rb, __u64 size, const bool hooked)
{
	/* the hooked copy passes the hook, the other a constant NULL (rqspinlock.h) */
	const struct rqspinlock_hook *hook = hooked ? &rb->point_hook : NULL;
	unsigned long cons_pos, prod_pos, new_prod_pos, pend_pos;
	struct bpf_ringbuf_hdr *hdr;
	__u32 len, pg_off, tmp_size, hdr_len;

	if (unlikely(size > RINGBUF_MAX_RECORD_SZ)) {
		stat_inc(rb->stats.fail_too_big);
		return NULL;
	}

	len = round_up(size + BPF_RINGBUF_HDR_SZ, 8);
	if (len > ringbuf_total_data_sz(rb)) {
		stat_inc(rb->stats.fail_too_big);
		return NULL;
	}

	/* A3: pairs with the consumer's smp_store_release(consumer_pos) (R3) */
	cons_pos = smp_load_acquire(&rb->consumer_pos);

	if (raw_res_spin_lock_irqsave(&rb->spinlock, hook)) {
		stat_inc(rb->stats.fail_lock);
		return NULL;
	}

	/* L1: only reservers write these, under the lock; READ_ONCE for the lock-free readers */
	pend_pos = READ_ONCE(rb->pending_pos);
	prod_pos = READ_ONCE(rb->producer_pos);
	new_prod_pos = prod_pos + len;

	while (pend_pos < prod_pos) {
		hdr = (void *)(rb->data + (pend_pos & rb->mask));
		/* R2's reader: pairs with xchg(&hdr->len) in bpf_ringbuf_commit() */
		hdr_len = READ_ONCE(hdr->len);
		if (hdr_len & BPF_RINGBUF_BUSY_BIT)
			break;
		tmp_size = hdr_len & ~BPF_RINGBUF_DISCARD_BIT;
		tmp_size = round_up(tmp_size + BPF_RINGBUF_HDR_SZ, 8);
		pend_pos += tmp_size;
	}
	WRITE_ONCE(rb->pending_pos, pend_pos);

	/*
	 * check for out of ringbuf space:
	 * - by ensuring producer position doesn't advance more than
	 *   (ringbuf_size - 1) ahead
	 * - by ensuring oldest not yet committed record until newest
	 *   record does not span more than (ringbuf_size - 1)
	 */
	if (new_prod_pos - cons_pos > rb->mask || new_prod_pos - pend_pos > rb->mask) {
		raw_res_spin_unlock_irqrestore(&rb->spinlock, hook);
		/* PORT: statistics: a record as long as the ring (len > mask) can never fit */
		if (unlikely(new_prod_pos - prod_pos > rb->mask))
			stat_inc(rb->stats.fail_too_big);
		else
			stat_inc(rb->stats.fail_no_space);
		return NULL;
	}

	if (hooked && rb->locked_hook)
		rb->locked_hook(rb->locked_hook_ctx);

	hdr = (void *)(rb->data + (prod_pos & rb->mask));
	pg_off = bpf_ringbuf_rec_pg_off(rb, hdr);
	/* the consumer reads len only below producer_pos, published by R1 below */
	WRITE_ONCE(hdr->len, (__u32)size | BPF_RINGBUF_BUSY_BIT);
	hdr->pg_off = pg_off;

	/* R1: pairs with consumer's smp_load_acquire() */
	smp_store_release(&rb->producer_pos, new_prod_pos);

	raw_res_spin_unlock_irqrestore(&rb->spinlock, hook);

	return (char *)hdr + BPF_RINGBUF_HDR_SZ;
}

/*
 * PORT: the test hooks are compiled into a second copy of reserve, taken on
 * one predicted-not-taken branch, so that the copy running without them
 * carries none of their checks
 */
static void *__bpf_ringbuf_reserve(struct bpf_ringbuf *rb, __u64 size)
{
	/* PORT: issue 14's lock-free variant, not in any kernel (reserve_cas.c) */
	if (unlikely(rb->reserve == RINGBUF_RESERVE_CAS))
		return ringbuf_cas_reserve(&rb->cas, size);
	if (unlikely(rb->test_hooks))
		return bpf_ringbuf_reserve_body(rb, size, true);
	return bpf_ringbuf_reserve_body(rb, size, false);
}

void *bpf_ringbuf_reserve(struct bpf_ringbuf_map *map, __u64 size, __u64 flags)
{
	/* PORT: the verifier guarantees a map; a library checks */
	if (unlikely(flags) || unlikely(!map))
		return NULL;

	return __bpf_ringbuf_reserve(map->rb, size);
}

static void bpf_ringbuf_commit(void *sample, __u64 flags, bool discard)
{
	unsigned long rec_pos, cons_pos;
	struct bpf_ringbuf_hdr *hdr;
	struct bpf_ringbuf *rb;
	__u32 new_len;

	hdr = (void *)((char *)sample - BPF_RINGBUF_HDR_SZ);
	rb = bpf_ringbuf_restore_from_rec(hdr);
	/* our own record: only this thread writes len until the xchg below */
	new_len = READ_ONCE(hdr->len);
	/*
	 * PORT: the verifier makes every reserved record committed exactly
	 * once; a library caller can commit one twice (submit twice, discard
	 * after submit, or after its slot was reused by a committed record).
	 * Its header has no BUSY bit, and the xchg below would set BUSY again
	 * and stop the consumer and the pending_pos scan there for good. Such a
	 * commit is counted, asserted in builds without NDEBUG, and left out.
	 */
	if (unlikely(!(new_len & BPF_RINGBUF_BUSY_BIT))) {
		stat_inc(rb->stats.misuse);
		assert(!"bpf_ringbuf_submit/discard of a record that is not reserved");
		return;
	}
	new_len ^= BPF_RINGBUF_BUSY_BIT;
	if (discard)
		new_len |= BPF_RINGBUF_DISCARD_BIT;

	/*
	 * update record header with correct final size prefix. R2, fully
	 * ordered: publishes the sample to the consumer's smp_load_acquire(len)
	 * (A2) and to the reservers' READ_ONCE(hdr->len), and orders this store
	 * before the consumer_pos load below (E1)
	 */
	xchg(&hdr->len, new_len);

	/* if consumer caught up and is waiting for our record, notify about new data */
	rec_pos = (char *)hdr - rb->data;
	/* A3 (and E1): pairs with the consumer's smp_store_release(consumer_pos) (R3) */
	cons_pos = smp_load_acquire(&rb->consumer_pos) & rb->mask;

	if (flags & BPF_RB_FORCE_WAKEUP)
		irq_work_queue(rb);
	else if (cons_pos == rec_pos && !(flags & BPF_RB_NO_WAKEUP))
		irq_work_queue(rb);
}

void bpf_ringbuf_submit(void *sample, __u64 flags)
{
	/* PORT: the verifier rejects a NULL sample; a library ignores it */
	if (unlikely(!sample))
		return;
	bpf_ringbuf_commit(sample, flags, false /* discard */);
}

void bpf_ringbuf_discard(void *sample, __u64 flags)
{
	if (unlikely(!sample))
		return;
	bpf_ringbuf_commit(sample, flags, true /* discard */);
}

long bpf_ringbuf_output(struct bpf_ringbuf_map *map, const void *data, __u64 size, __u64 flags)
{
	void *rec;

	if (unlikely(flags & ~(BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP)))
		return -EINVAL;
	/* PORT: the verifier guarantees both pointers */
	if (unlikely(!map) || unlikely(!data && size))
		return -EINVAL;

	rec = __bpf_ringbuf_reserve(map->rb, size);
	if (!rec)
		return -EAGAIN;

	/* PORT: memcpy() from NULL is undefined even for 0 bytes; the kernel never passes NULL */
	if (likely(size))
		memcpy(rec, data, size);
	bpf_ringbuf_commit(rec, flags, false /* discard */);
	return 0;
}

__u64 bpf_ringbuf_query(struct bpf_ringbuf_map *map, __u64 flags)
{
	struct bpf_ringbuf *rb;

	if (unlikely(!map))
		return 0;
	rb = map->rb;

	switch (flags) {
	case BPF_RB_AVAIL_DATA:
		return ringbuf_avail_data_sz(rb);
	case BPF_RB_RING_SIZE:
		return ringbuf_total_data_sz(rb);
	case BPF_RB_CONS_POS:
		/* A3: pairs with the consumer's smp_store_release(consumer_pos) (R3) */
		return smp_load_acquire(&rb->consumer_pos);
	case BPF_RB_PROD_POS:
		/* A1: pairs with smp_store_release(producer_pos) in __bpf_ringbuf_reserve() (R1) */
		return smp_load_acquire(&rb->producer_pos);
	default:
		return 0;
	}
}

long bpf_ringbuf_reserve_dynptr(struct bpf_ringbuf_map *map, __u32 size, __u64 flags,
				void **sample)
{
	void *rec;

	/* PORT: the verifier guarantees the dynptr */
	if (unlikely(!sample))
		return -EINVAL;
	*sample = NULL; /* bpf_dynptr_set_null() */
	if (unlikely(flags))
		return -EINVAL;

	/* bpf_dynptr_check_size() */
	if (size > DYNPTR_MAX_SIZE)
		return -E2BIG;

	if (unlikely(!map))
		return -EINVAL;
	rec = __bpf_ringbuf_reserve(map->rb, size);
	if (!rec)
		return -EINVAL;

	*sample = rec;
	return 0;
}

/* ---- beyond the kernel: the invariants of a quiescent ring, as ck_ring_valid() ---- */

static int rb_invalid(char *why, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int rb_invalid(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (why && len) {
		va_start(ap, fmt);
		vsnprintf(why, len, fmt, ap);
		va_end(ap);
	}
	return -EUCLEAN;
}

/*
 * Walk the record headers from pos to prod_pos, as the consumer and the
 * pending_pos scan do, checking each one; *busy counts the BUSY ones and
 * *seen is set when the walk lands on stop (a second position that must be
 * a record boundary on the way).
 */
static int rb_walk(struct bpf_ringbuf *rb, unsigned long pos, unsigned long prod_pos,
		   unsigned long stop, bool *seen, unsigned long *busy, char *why, size_t len)
{
	while (pos < prod_pos) {
		struct bpf_ringbuf_hdr *hdr = (void *)(rb->data + (pos & rb->mask));
		/* no reserve or commit runs: relaxed, as the pending_pos scan reads it */
		__u32 hdr_len = READ_ONCE(hdr->len);
		__u64 size = hdr_len & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
		__u64 fp = round_up(size + BPF_RINGBUF_HDR_SZ, 8);

		*seen |= pos == stop;
		if (hdr->pg_off != bpf_ringbuf_rec_pg_off(rb, hdr))
			return rb_invalid(why, len, "record at %lu: pg_off %u, not %zu", pos,
					  hdr->pg_off, bpf_ringbuf_rec_pg_off(rb, hdr));
		if (fp > rb->mask || fp > prod_pos - pos)
			return rb_invalid(why, len, "record at %lu: length %llu runs past "
					  "producer_pos %lu", pos, (unsigned long long)size,
					  prod_pos);
		*busy += !!(hdr_len & BPF_RINGBUF_BUSY_BIT);
		pos += fp;
	}
	*seen |= pos == stop;
	return 0;
}

int ringbuf_map__valid(const struct bpf_ringbuf_map *map, unsigned int in_flight,
		       unsigned int flags, char *why, size_t len)
{
	unsigned long cons_pos, prod_pos, pend_pos, from, busy = 0;
	bool any_consumer = flags & RINGBUF_VALID_ANY_CONSUMER, seen = false;
	struct bpf_ringbuf *rb;
	int err;

	if (!map || (flags & ~RINGBUF_VALID_ANY_CONSUMER))
		return -EINVAL;
	rb = map->rb;
	/* A3 and A1: pair with the last consumer's R3 and the last reserve's R1 */
	cons_pos = smp_load_acquire(&rb->consumer_pos);
	prod_pos = smp_load_acquire(&rb->producer_pos);
	pend_pos = READ_ONCE(rb->pending_pos);

	if ((prod_pos | pend_pos) & 7)
		return rb_invalid(why, len, "producer_pos %lu or pending_pos %lu not 8-aligned",
				  prod_pos, pend_pos);
	if (pend_pos > prod_pos || prod_pos - pend_pos > rb->mask)
		return rb_invalid(why, len, "pending_pos %lu not within the ring below "
				  "producer_pos %lu", pend_pos, prod_pos);
	if (!any_consumer && ((cons_pos & 7) || cons_pos > prod_pos ||
			      prod_pos - cons_pos > rb->mask))
		return rb_invalid(why, len, "consumer_pos %lu not an 8-aligned position within "
				  "the ring below producer_pos %lu", cons_pos, prod_pos);

	/* both consumer_pos and pending_pos are record boundaries: walk from the lower */
	from = !any_consumer && cons_pos < pend_pos ? cons_pos : pend_pos;
	err = rb_walk(rb, from, prod_pos, from == pend_pos ? cons_pos : pend_pos, &seen, &busy,
		      why, len);
	if (err)
		return err;
	if (!any_consumer && !seen)
		return rb_invalid(why, len, "the records from %lu do not land on %s %lu", from,
				  from == pend_pos ? "consumer_pos" : "pending_pos",
				  from == pend_pos ? cons_pos : pend_pos);
	if (busy != in_flight)
		return rb_invalid(why, len, "%lu BUSY records between %lu and producer_pos %lu, "
				  "%u reserved and not committed", busy, from, prod_pos, in_flight);
	/* RINGBUF_RESERVE_CAS: every claimed record is published when none is in flight */
	if (rb->reserve == RINGBUF_RESERVE_CAS && !in_flight &&
	    READ_ONCE(rb->cas.reserve_pos) != prod_pos)
		return rb_invalid(why, len, "reserve_pos %lu is not producer_pos %lu",
				  READ_ONCE(rb->cas.reserve_pos), prod_pos);
	/* N1 and W1: no notification half done, no more wake-ups read back than written */
	if (READ_ONCE(rb->work_pending))
		return rb_invalid(why, len, "a notification is still pending");
	if (READ_ONCE(rb->notify_taken) > smp_load_acquire(&rb->notify_seq))
		return rb_invalid(why, len, "more wake-ups read back than written");
	return 0;
}
