// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: what the files of the ring buffer port share (ringbuf.c, ringbuf_era.c,
 * ringbuf_map.c, ringbuf_valid.c): struct bpf_ringbuf and the map, as the
 * kernel keeps them in kernel/bpf/ringbuf.c. Private: not installed, not
 * included outside ringbuf/.
 */
#ifndef RBSIM_RINGBUF_INTERNAL_H
#define RBSIM_RINGBUF_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/mman.h>

#include "ringbuf.h"
#include "kernel_compat.h"
#include "rqspinlock.h"
#include "reserve_cas.h"

#define RINGBUF_CREATE_FLAG_MASK (BPF_F_NUMA_NODE)
/* 6.19: "bpf: Add overwrite mode for BPF ring buffer" */
#define RINGBUF_CREATE_FLAG_MASK_6_19 (BPF_F_NUMA_NODE | BPF_F_RB_OVERWRITE)

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
	/*
	 * PORT: the wake-ups (W2): notify_seq counts them all, the map's
	 * place on epoll's ready list (ep_poll_callback() adding the epitem);
	 * notify_waiters the consumers that may sleep on the eventfd (epoll's
	 * waitqueue), and only then is the eventfd written (its wake_up())
	 */
	unsigned long notify_seq;    /* PORT: wake-ups made (W2) */
	unsigned long notify_taken;  /* PORT: wake-ups taken back by consumers */
	unsigned long notify_writes; /* PORT: eventfd writes begun (W1) */
	unsigned long notify_read;   /* PORT: eventfd writes read back by consumers */
	unsigned long notify_reads;  /* PORT: the read() calls that read them back */
	unsigned int notify_waiters; /* PORT: consumers that may sleep on the eventfd (W2) */
	/*
	 * PORT: ring_consumers that may sleep on the map's futex (W3), the
	 * FUTEX_WAKE_OPs made for them, and the futex word: changed only
	 * inside those calls, next to their wake-up, as ep_poll_callback()
	 * puts the map on the ready list just before it wakes the waiter
	 */
	unsigned int notify_futex;
	unsigned long notify_wakes;
	__u32 wake_word;
	bool fd_out;                 /* PORT: ringbuf_map__fd() handed it out: a waiter always */
	int memfd;                   /* PORT: backs every page, as the kernel's page array */
	__u64 mask;
	size_t nr_pages;             /* meta + data pages actually allocated */
	size_t map_len;              /* bytes of address space: meta + 2 x data */
	void (*locked_hook)(void *ctx); /* PORT: tests: run by reserve with the lock held */
	void *locked_hook_ctx;
	/* PORT: tests: run at the points of the held-locks bookkeeping */
	struct rqspinlock_hook point_hook;
	/*
	 * PORT: the copy of reserve for this map's era and hooks, chosen when
	 * the map is made and when a hook is set (rb_pick_reserve()); NULL for
	 * the 6.18 code without hooks, which __bpf_ringbuf_reserve() inlines
	 */
	void *(*reserve)(struct bpf_ringbuf *rb, __u64 size);
	/*
	 * PORT: set with reserve: the inlined 6.18 copy takes a size below
	 * this, one that passes both of its size checks; 0 when reserve is
	 * set, so that every size goes out of line (__bpf_ringbuf_reserve())
	 */
	__u64 fast_lim;
	unsigned int variant;        /* PORT: enum rb_variant, the era's reserve */
	bool overwrite_mode;         /* 6.19: BPF_F_RB_OVERWRITE */
	bool pending;                /* PORT: the era keeps pending_pos (6.10 on) */
	bool (*notify_hook)(void *ctx); /* PORT: takes the irq_work's place when set */
	void *notify_hook_ctx;
	void (*wake_hook)(void *ctx); /* PORT: before each eventfd write, when set */
	void *wake_hook_ctx;
	void (*take_hook)(void *ctx); /* PORT: tests, inside ringbuf_map__take_wakeups() */
	void *take_hook_ctx;
	enum ringbuf_reserve reserve_how; /* PORT: issue 14's variants; the kernel's lock by default */
	struct ringbuf_stats stats CACHELINE_ALIGNED;
	struct rqspinlock spinlock CACHELINE_ALIGNED;
	struct ringbuf_cas cas;      /* PORT: RINGBUF_RESERVE_CAS's state (reserve_cas.c) */
	/*
	 * Consumer and producer positions sit on their own pages so each can
	 * be mapped with its own permissions: consumer page read-write,
	 * producer page and data read-only for the consumer. pending_pos
	 * (6.10) and overwrite_pos (6.19) share the producer's page, in that
	 * order (Andrii Nakryiko's fix-up of the overwrite patch put
	 * overwrite_pos after pending_pos, not to move a field user space sees).
	 */
	unsigned long consumer_pos PAGE_ALIGNED_ATTR;
	unsigned long producer_pos PAGE_ALIGNED_ATTR;
	unsigned long pending_pos;
	/* 6.19: the first record not overwritten (overwrite mode only) */
	unsigned long overwrite_pos;
	char data[] PAGE_ALIGNED_ATTR;
};

_Static_assert(RINGBUF_PGOFF == 1, "one non-mmap()'able meta page, as in the kernel");
_Static_assert(offsetof(struct bpf_ringbuf, data) == 3 * PAGE_SIZE, "3 meta pages");

struct bpf_ringbuf_map {
	__u32 max_entries;
	__u32 map_flags;
	__u32 kernel;                /* PORT: the release it follows, RBSIM_KERNEL() */
	struct bpf_ringbuf *rb;
};

/* 8-byte ring buffer record header structure */
struct bpf_ringbuf_hdr {
	__u32 len;
	__u32 pg_off;
};

/* PORT: mmap() at a fixed address of a reserved range (the area and the consumer's view) */
static inline void *map_fixed(void *addr, size_t len, int prot, int fd, off_t off)
{
	void *p = mmap(addr, len, prot, MAP_SHARED | MAP_FIXED, fd, off);

	return p == MAP_FAILED ? NULL : p;
}

/*
 * Given pointer to ring buffer record metadata and struct bpf_ringbuf
 * itself, calculate offset from record metadata to ring buffer in pages,
 * rounded down. Stored at offset 4 of the record header, it lets commit find
 * the ring from the record pointer alone.
 */
static inline size_t bpf_ringbuf_rec_pg_off(struct bpf_ringbuf *rb,
					     struct bpf_ringbuf_hdr *hdr)
{
	return ((char *)hdr - (char *)rb) >> PAGE_SHIFT;
}

/*
 * The reserves the eras run (bpf_ringbuf_reserve_body()'s constant
 * arguments): eras that differ in nothing reserve does share one.
 */
enum rb_variant {
	RB_V_5_8,      /* spinlock + NMI trylock, no size check, no pending_pos */
	RB_V_5_13,     /* + the size check (4b81ccebaeee) */
	RB_V_6_10,     /* + pending_pos (cfa1a2329a69); also 6.12-6.14 and 6.17 */
	RB_V_6_18,     /* rqspinlock (a650d38915c1); 6.15, 6.16, 6.18, 6.19 without overwrite */
	RB_V_6_19_OW,  /* + overwrite mode, for BPF_F_RB_OVERWRITE maps of 6.19 */
	RB_V_NR,
};

/* ringbuf.c: the kernel's side, used by the map's creation and its wake-ups */
struct bpf_ringbuf *bpf_ringbuf_alloc(size_t data_sz, bool overwrite_mode);
void bpf_ringbuf_notify(struct bpf_ringbuf *rb);
void bpf_ringbuf_notify_write(struct bpf_ringbuf *rb);
void rb_pick_reserve(struct bpf_ringbuf *rb);

#endif /* RBSIM_RINGBUF_INTERNAL_H */
