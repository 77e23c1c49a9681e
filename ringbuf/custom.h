/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the selftests' rb-custom consumer (tools/testing/selftests/bpf/
 * benchs/bench_ringbufs.c, ringbuf_custom_process_ring(), Linux 6.18) on a
 * ring mapped as the kernel maps it, the port's (ringbuf_map__mmap()) or the
 * kernel's: walk the committed records from consumer_pos, call fn on each,
 * and store consumer_pos once per drained pass instead of after every record
 * as libbpf does.
 *
 * Generic: fn(ctx, data, size) is called per record; a negative return stops
 * the walk (consumer_pos stays after the records passed on before it). The
 * function is always inlined, so a caller that passes a constant fn gets the
 * walk with fn inlined in it, no indirect call per record.
 *
 * PORT: on reaching a record still BUSY, the selftests return without
 * storing consumer_pos, so the records of that pass are seen again by the
 * next call (counted twice); here the position reached is stored first.
 * PORT: the selftests count discarded records too; here they are skipped, as
 * libbpf does, and fn sees only committed records.
 *
 * Memory ordering: the edges of ringbuf.c's table (A1, A2, R3).
 */
#ifndef RBSIM_RINGBUF_CUSTOM_H
#define RBSIM_RINGBUF_CUSTOM_H

#include <stdbool.h>
#include <linux/bpf.h>
#include <linux/types.h>

#include "ringbuf.h"

typedef int (*ringbuf_custom_fn)(void *ctx, const void *data, __u32 size);
/* called after each pass's store of consumer_pos (a constant NULL: none) */
typedef void (*ringbuf_custom_pass_fn)(void *ctx);

static inline __u32 ringbuf_custom_roundup_len(__u32 len)
{
	/* clear out the busy and discard bits, add the header, round up to 8 */
	len <<= 2;
	len >>= 2;
	len += BPF_RINGBUF_HDR_SZ;
	return (len + 7) / 8 * 8;
}

/*
 * one call: every record committed now, in order; returns how many fn took.
 * pass_fn, if any, runs after each drained pass has stored consumer_pos (a
 * caller that sums per pass what fn saw adds it there).
 */
static inline __attribute__((always_inline)) int
ringbuf_custom_process_passes(const struct ringbuf_mmap *view, ringbuf_custom_fn fn,
			      ringbuf_custom_pass_fn pass_fn, void *ctx)
{
	const char *data = view->data;
	unsigned long mask = view->size - 1, cons_pos, prod_pos, pass_start;
	int cnt = 0;
	__u32 len;

	/* R3: our own last store-release of consumer_pos */
	cons_pos = __atomic_load_n(view->consumer_pos, __ATOMIC_ACQUIRE);
	for (;;) {
		/*
		 * the selftests' got_new_data: a pass that stepped over a
		 * record moved cons_pos (by 8 bytes at least)
		 */
		pass_start = cons_pos;
		/* A1: pairs with R1, the store-release of producer_pos in reserve */
		prod_pos = __atomic_load_n(view->producer_pos, __ATOMIC_ACQUIRE);
		while (cons_pos < prod_pos) {
			const __u32 *len_ptr = (const __u32 *)(data + (cons_pos & mask));

			/* A2: pairs with R2, the commit's xchg() of hdr->len */
			len = __atomic_load_n(len_ptr, __ATOMIC_ACQUIRE);
			if (len & BPF_RINGBUF_BUSY_BIT)
				goto done;
			/* a record refused by fn stays in the ring */
			if (!(len & BPF_RINGBUF_DISCARD_BIT)) {
				if (fn(ctx, (const char *)len_ptr + BPF_RINGBUF_HDR_SZ, len) < 0)
					goto done;
				cnt++;
			}
			cons_pos += ringbuf_custom_roundup_len(len);
		}
		if (cons_pos == pass_start)
			break;
		/* R3: pairs with A3, the load-acquire of consumer_pos in reserve and commit */
		__atomic_store_n(view->consumer_pos, cons_pos, __ATOMIC_RELEASE);
		if (pass_fn)
			pass_fn(ctx);
	}
	return cnt;
done:
	if (cons_pos != pass_start)
		__atomic_store_n(view->consumer_pos, cons_pos, __ATOMIC_RELEASE); /* R3 */
	return cnt;
}

static inline __attribute__((always_inline)) int
ringbuf_custom_process(const struct ringbuf_mmap *view, ringbuf_custom_fn fn, void *ctx)
{
	return ringbuf_custom_process_passes(view, fn, NULL, ctx);
}

#endif /* RBSIM_RINGBUF_CUSTOM_H */
