// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: a lock-free reservation for the BPF ring buffer, the `cas`
 * variant of issue 14. Not in any kernel: it follows eBPF for Windows'
 * ebpf_ring_buffer_reserve() (microsoft/ebpf-for-windows
 * libs/runtime/ebpf_ring_buffer.c @7d14c745): reservers claim space with a
 * compare-and-swap on a reserve position, write their record's BUSY header,
 * then publish producer_pos strictly in reservation order, each waiting
 * until producer_pos has reached the start of its own record. Records,
 * headers, commit and consumer are the kernel's (ringbuf.c, consumer.c):
 * only the lock is gone.
 *
 * What differs from the kernel's reserve:
 *  - no lock word; contention moves to reserve_pos (one CAS per record,
 *    retried when another reserver won) and to producer_pos (each reserver
 *    waits for its predecessors' publication: a reserver preempted between
 *    its CAS and its publication stalls those behind it, as a lock holder
 *    preempted in the kernel's critical section would);
 *  - pending_pos (the kernel's guard against a consumer that moves
 *    consumer_pos past BUSY records) is scanned forward only when it is what
 *    refuses a reservation, by one reserver at a time (a flag taken with
 *    xchg(), the only lock left, off the common path); only that reserver
 *    writes pending_pos, so while it scans no reservation can reuse the
 *    space it reads (each stays within mask of pending_pos). The kernel
 *    scans at every reserve, under its lock; the capacity is the same;
 *  - Windows' ring has no pending_pos and checks space only against the
 *    consumer; this one keeps the kernel's two checks.
 *
 * Memory ordering, with the edges of ringbuf.c's table:
 *  C1 the CAS on reserve_pos, acquire-release: a reserver that wins owns
 *     [old, old + len) and reads consumer_pos (A3) before it, so the consumer
 *     is done with that space before the header is written there.
 *  C2 the wait: smp_load_acquire(producer_pos) until it equals our start;
 *     pairs with the predecessor's R1 below (monotonic producer_pos).
 *  C3 the pending_pos scan: the scanning flag, xchg() to take it (fully
 *     ordered), smp_store_release() to drop it after the store of
 *     pending_pos; smp_load_acquire(producer_pos) (A1) before reading the
 *     headers below it. The space check's smp_load_acquire(pending_pos)
 *     pairs with the scanner's smp_store_release(pending_pos).
 *  R1 smp_store_release(producer_pos), after our BUSY header: as the
 *     kernel's R1, pairs with the consumer's A1.
 */
#include <errno.h>
#include <sched.h>

#include "kernel_compat.h"
#include "reserve_cas.h"

/* same layout as ringbuf.c's struct bpf_ringbuf_hdr (the kernel's 8-byte header) */
struct cas_hdr {
	__u32 len;
	__u32 pg_off;
};

#define RINGBUF_MAX_RECORD_SZ (UINT_MAX / 4)
/* spins on producer_pos before yielding: a predecessor may be preempted (2 CPUs here) */
#define CAS_SPINS_BEFORE_YIELD 256

static inline void cas_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#endif
}

/*
 * The kernel's pending_pos scan, up to producer_pos, by one reserver at a
 * time; returns pending_pos as it then stands (C3)
 */
static unsigned long cas_advance_pending(struct ringbuf_cas *c)
{
	unsigned long prod_pos, pend_pos;

	/* C3: the flag is held for a few header reads: spin */
	while (xchg(&c->scanning, 1))
		cas_relax();
	pend_pos = READ_ONCE(*c->pending_pos);
	/* A1: pairs with R1: every header below it is written */
	prod_pos = smp_load_acquire(c->producer_pos);
	while (pend_pos < prod_pos) {
		struct cas_hdr *hdr = (void *)(c->data + (pend_pos & c->mask));
		/* R2's reader: pairs with xchg(&hdr->len) in bpf_ringbuf_commit() */
		__u32 hdr_len = READ_ONCE(hdr->len);

		if (hdr_len & BPF_RINGBUF_BUSY_BIT)
			break;
		hdr_len &= ~BPF_RINGBUF_DISCARD_BIT;
		pend_pos += round_up(hdr_len + BPF_RINGBUF_HDR_SZ, 8);
	}
	/* C3: pairs with the space check's smp_load_acquire(pending_pos) */
	smp_store_release(c->pending_pos, pend_pos);
	smp_store_release(&c->scanning, 0);
	return pend_pos;
}

void *ringbuf_cas_reserve(struct ringbuf_cas *c, __u64 size, int *err)
{
	unsigned long cons_pos, pend_pos, res_pos, new_pos;
	struct cas_hdr *hdr;
	unsigned int spins = 0;
	__u32 len;

	if (unlikely(size > RINGBUF_MAX_RECORD_SZ)) {
		*err = -E2BIG;
		return NULL;
	}
	len = round_up(size + BPF_RINGBUF_HDR_SZ, 8);
	if (len > c->mask) {
		/* as the kernel: len > ring size before the lock, len == ring size at its check */
		*err = -E2BIG;
		return NULL;
	}

	res_pos = __atomic_load_n(&c->reserve_pos, __ATOMIC_ACQUIRE);
	do {
		/* A3: pairs with the consumer's smp_store_release(consumer_pos) (R3) */
		cons_pos = smp_load_acquire(c->consumer_pos);
		/* C3: an older value than the latest only makes the check stricter */
		pend_pos = __atomic_load_n(c->pending_pos, __ATOMIC_ACQUIRE);
		new_pos = res_pos + len;
		if (new_pos - pend_pos > c->mask)
			pend_pos = cas_advance_pending(c);
		if (new_pos - cons_pos > c->mask || new_pos - pend_pos > c->mask) {
			*err = -ENOSPC;
			return NULL;
		}
		/* C1: a failed CAS reloads res_pos and the checks run again */
	} while (!__atomic_compare_exchange_n(&c->reserve_pos, &res_pos, new_pos, true,
					      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));

	hdr = (void *)(c->data + (res_pos & c->mask));
	/* the consumer reads len only below producer_pos, published by R1 below */
	WRITE_ONCE(hdr->len, (__u32)size | BPF_RINGBUF_BUSY_BIT);
	hdr->pg_off = ((char *)hdr - (char *)c->rb) >> PAGE_SHIFT;

	/* C2: publication in reservation order: wait for every earlier reserver */
	while (smp_load_acquire(c->producer_pos) != res_pos) {
		if (++spins < CAS_SPINS_BEFORE_YIELD) {
			cas_relax();
		} else {
			spins = 0;
			sched_yield();
		}
	}
	/* R1: pairs with the consumer's smp_load_acquire(producer_pos) (A1) */
	smp_store_release(c->producer_pos, new_pos);

	return (char *)hdr + BPF_RINGBUF_HDR_SZ;
}
