// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: overwrite mode (6.19, BPF_F_RB_OVERWRITE), the reader libbpf does not
 * have: ringbuf_process_ring_ow(), which ring_consume() in consumer.c calls
 * for an overwrite-mode ring, and consumer_ring__snapshot(), the newest
 * records for the flight-recorder use. The rules it follows and the edges it
 * cites (O1, O2): the top of consumer.c and the table in ringbuf.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "consumer_internal.h"

/*
 * Copy bytes producers may be overwriting as we read them: word loads, each
 * relaxed, so no load tears and the copy's order matters only through the
 * smp_rmb() after it (O2). src is 8-aligned (a sample, after its header).
 */
static void copy_racy(void *dst, const void *src, size_t len)
{
	const __u64 *s = src;
	__u64 *d = dst;
	size_t i, words = len / 8;

	for (i = 0; i < words; i++)
		d[i] = __atomic_load_n(&s[i], __ATOMIC_RELAXED);
	for (i = words * 8; i < len; i++)
		((unsigned char *)dst)[i] = __atomic_load_n((const unsigned char *)src + i,
							     __ATOMIC_RELAXED);
}

/* O2: after a copy, the copy's loads before this one (pairs with the reserve's smp_wmb()) */
static unsigned long ring_over_pos_after_copy(const struct consumer_ring *r)
{
	smp_rmb();
	return READ_ONCE(*(unsigned long *)&r->producer_pos[2]);
}

/* the reader moves from cons_pos to over_pos: what lay between was overwritten */
static unsigned long ow_jump(struct consumer_ring *r, unsigned long cons_pos,
			     unsigned long over_pos)
{
	r->ow.lost_bytes += over_pos - cons_pos;
	r->ow.jumps++;
	/* R3: pairs with smp_load_acquire(consumer_pos) in reserve, commit, query (A3) */
	smp_store_release(r->consumer_pos, over_pos);
	return over_pos;
}

/*
 * ringbuf_process_ring() for overwrite mode. From max(consumer_pos,
 * overwrite_pos), each committed record: header (A2), footprint within
 * producer_pos, its sample copied (copy_racy), then overwrite_pos read
 * again (O2): if it passed the record's start, a reservation took the
 * record's space while it was copied (or before its header was read), and
 * the copy is dropped: the reader goes on from overwrite_pos. Otherwise the
 * copy is what the producer committed, and goes to the callback.
 * consumer_pos is stored after each record as libbpf does: the kernel does
 * not wait for it in this mode, but AVAIL_DATA and the adaptive wake-up
 * (bpf_ringbuf_commit()) read it.
 */
int64_t ringbuf_process_ring_ow(struct consumer_ring *r, size_t n)
{
	unsigned long cons_pos, prod_pos, over_pos, fp, size;
	int64_t cnt = 0;
	bool got_new_data;
	__u32 len;
	int err;

	/* R3: our own smp_store_release() below, from an earlier call */
	cons_pos = smp_load_acquire(r->consumer_pos);
	do {
		got_new_data = false;
		/* A1: pairs with smp_store_release(producer_pos) in __bpf_ringbuf_reserve() */
		prod_pos = smp_load_acquire(r->producer_pos);
		over_pos = ring_over_pos(r);
		if ((long)(over_pos - cons_pos) > 0) {
			cons_pos = ow_jump(r, cons_pos, over_pos);
			got_new_data = true;
		}
		while ((long)(prod_pos - cons_pos) > 0) {
			const __u32 *len_ptr = (const __u32 *)((char *)r->data + (cons_pos & r->mask));

			if (unlikely(r->ow_hook))
				r->ow_hook(r->ow_hook_ctx, CONSUMER_RING_OW_POS_READ, cons_pos);
			/* A2: pairs with xchg(&hdr->len) in bpf_ringbuf_commit() (R2) */
			len = smp_load_acquire(len_ptr);
			/* sample not committed yet (or its header overwritten by a BUSY one) */
			if (len & BPF_RINGBUF_BUSY_BIT)
				goto done;
			fp = roundup_len(len);
			size = len & ~(__u32)BPF_RINGBUF_DISCARD_BIT;
			/* a length that runs past producer_pos is not a header any more */
			if (fp <= prod_pos - cons_pos && !(len & BPF_RINGBUF_DISCARD_BIT))
				copy_racy(r->copy, (const char *)len_ptr + BPF_RINGBUF_HDR_SZ, size);
			if (unlikely(r->ow_hook))
				r->ow_hook(r->ow_hook_ctx, CONSUMER_RING_OW_COPIED, cons_pos);
			over_pos = ring_over_pos_after_copy(r);
			if ((long)(over_pos - cons_pos) > 0) {
				/* overwritten under us: never delivered */
				if (fp <= prod_pos - cons_pos)
					r->ow.dropped++;
				cons_pos = ow_jump(r, cons_pos, over_pos);
				got_new_data = true;
				continue;
			}
			if (fp > prod_pos - cons_pos)
				return -EUCLEAN; /* not overwritten, yet not a record: a broken ring */

			got_new_data = true;
			cons_pos += fp;
			if (!(len & BPF_RINGBUF_DISCARD_BIT)) {
				err = r->sample_cb(r->ctx, r->copy, size);
				if (err < 0) {
					smp_store_release(r->consumer_pos, cons_pos); /* R3 */
					return err;
				}
				cnt++;
			}
			/* R3: pairs with smp_load_acquire(consumer_pos) in reserve and commit */
			smp_store_release(r->consumer_pos, cons_pos);
			if ((uint64_t)cnt >= n)
				goto done;
		}
	} while (got_new_data);
done:
	return cnt;
}

/*
 * One snapshot attempt of an overwrite-mode ring: walk the records from
 * overwrite_pos to producer_pos, copy the committed ones, then read
 * overwrite_pos again (O2). The walk is
 * trusted from overwrite_pos on, if overwrite_pos is one of the positions
 * it stepped on (or where it ended): everything from there was read before
 * any reservation reached it, headers included. Otherwise a header read on
 * the way may have been another record's bytes, and the walk gone astray.
 * Returns 0 (*first, *nrec: the trusted records), 1 to try again, -errno.
 */
static int snapshot_try(struct consumer_ring *r, size_t *first, size_t *nrec)
{
	unsigned long prod_pos, start, pos, fp, over_pos;
	size_t k = 0, off = 0;
	__u32 len, size;

	/* A1, then O1 */
	prod_pos = smp_load_acquire(r->producer_pos);
	start = ring_over_pos(r);
	for (pos = start; (long)(prod_pos - pos) > 0; pos += fp) {
		const __u32 *len_ptr = (const __u32 *)((char *)r->data + (pos & r->mask));

		/* A2: pairs with the commit's xchg() (R2) */
		len = smp_load_acquire(len_ptr);
		fp = roundup_len(len);
		if (fp > prod_pos - pos)
			break; /* not a header: overwritten (checked below) */
		size = len & ~(__u32)(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
		/* a BUSY record's length is its reservation's: the walk goes on past it */
		r->snap_rec[k] = (struct snap_rec){ .pos = pos, .off = off, .size = size,
			.deliver = !(len & (BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT)) };
		if (r->snap_rec[k].deliver) {
			copy_racy(r->snap + off, (const char *)len_ptr + BPF_RINGBUF_HDR_SZ, size);
			off += round_up(size, 8);
		}
		k++;
	}
	/* O2: pairs with the reserve's smp_wmb() */
	over_pos = ring_over_pos_after_copy(r);
	for (*first = 0; *first < k; (*first)++) {
		if (r->snap_rec[*first].pos == over_pos)
			break;
	}
	if (*first == k && !(pos == over_pos && pos == prod_pos))
		return 1;
	*nrec = k;
	return 0;
}

/*
 * One walk of an ordinary ring from consumer_pos to prod_pos, header by
 * header (A2). skip: committed records to pass over first; then at most
 * max of them (0: all) to cb, in place: nothing between consumer_pos and
 * producer_pos is reused while consumer_pos stands, so a committed record
 * stays as it was committed. Returns the committed records it went over and
 * passed on, the callback's negative return, or -EUCLEAN where a header
 * leads past producer_pos.
 */
static long snapshot_walk(struct consumer_ring *r, unsigned long prod_pos, size_t skip,
			  size_t max, ring_consumer_sample_fn cb, void *ctx)
{
	unsigned long pos, fp;
	size_t seen = 0, passed = 0;
	__u32 len;
	int err;

	/* pairs with this ring's consumer's smp_store_release(consumer_pos) (R3) */
	for (pos = smp_load_acquire(r->consumer_pos); (long)(prod_pos - pos) > 0; pos += fp) {
		const __u32 *len_ptr = (const __u32 *)((char *)r->data + (pos & r->mask));

		/* A2: pairs with the commit's xchg() (R2) */
		len = smp_load_acquire(len_ptr);
		fp = roundup_len(len);
		if (fp > prod_pos - pos)
			return -EUCLEAN;
		/* a BUSY record's length is its reservation's: the walk goes on past it */
		if (len & (BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT))
			continue;
		if (seen++ < skip || !cb)
			continue;
		err = cb(ctx, (char *)len_ptr + BPF_RINGBUF_HDR_SZ,
			 len & ~(__u32)(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT));
		if (err < 0)
			return err;
		if (++passed == max)
			break;
	}
	return (long)(cb ? passed : seen);
}

/*
 * An ordinary ring's snapshot, in place: the copies an overwrite-mode ring
 * needs would be another ring's worth of memory and a record's worth of
 * bookkeeping per 8 bytes (2 GiB and 6 GiB for a 2 GiB ring, faulted in by
 * the copy: 7 to 11 s for the 1.2 GB two producers committed in 1 s on the
 * 2-vCPU EPYC VM of family 25 (Zen 3), 2026-12-06). With a limit, a first walk counts the
 * committed records up to the producer_pos both walks stop at; a record
 * committed between the walks (BUSY in the first) is passed on by the second
 * among the newest n, as a record the first walk found committed would be.
 */
static int snapshot_in_place(struct consumer_ring *r, size_t n, ring_consumer_sample_fn cb,
			     void *ctx)
{
	/* A1: pairs with smp_store_release(producer_pos) in __bpf_ringbuf_reserve() (R1) */
	unsigned long prod_pos = smp_load_acquire(r->producer_pos);
	long got = 0;

	if (n) {
		got = snapshot_walk(r, prod_pos, 0, 0, NULL, NULL);
		if (got < 0)
			return rc_err((int)got);
	}
	got = snapshot_walk(r, prod_pos, (size_t)got > n ? (size_t)got - n : 0, n, cb, ctx);
	return got < 0 ? rc_err((int)got) : (int)got;
}

int consumer_ring__snapshot(struct consumer_ring *r, size_t n, ring_consumer_sample_fn cb,
			    void *ctx)
{
	size_t first = 0, nrec = 0, i, from, want = 0;
	int attempt, err = 1;

	if (!r || !cb)
		return rc_err(-EINVAL);
	if (!r->overwrite)
		return snapshot_in_place(r, n, cb, ctx);
	if (!r->snap) {
		/* at most a ring of copies, and a record per 8 bytes */
		r->snap = aligned_alloc(8, r->mask + 1);
		r->snap_rec = calloc((r->mask + 1) / 8, sizeof(*r->snap_rec));
		if (!r->snap || !r->snap_rec) {
			free(r->snap);
			free(r->snap_rec);
			r->snap = NULL;
			r->snap_rec = NULL;
			return rc_err(-ENOMEM);
		}
	}
	for (attempt = 0; attempt < 8 && err == 1; attempt++)
		err = snapshot_try(r, &first, &nrec);
	if (err)
		return rc_err(err == 1 ? -EAGAIN : err);
	/* the newest n of the records passed on, oldest first */
	for (from = nrec; from > first && (!n || want < n); from--)
		want += r->snap_rec[from - 1].deliver;
	for (i = from; i < nrec; i++) {
		if (!r->snap_rec[i].deliver)
			continue;
		err = cb(ctx, r->snap + r->snap_rec[i].off, r->snap_rec[i].size);
		if (err < 0)
			return rc_err(err);
	}
	return (int)want;
}

void consumer_ring__set_overwrite_hook(struct consumer_ring *r,
				       void (*fn)(void *ctx, enum consumer_ring_ow_point point,
						  unsigned long pos),
				       void *ctx)
{
	if (!r)
		return;
	r->ow_hook_ctx = ctx;
	r->ow_hook = fn;
}

int consumer_ring__overwrite_stats(const struct consumer_ring *r,
				   struct consumer_ring_overwrite_stats *st)
{
	if (st)
		memset(st, 0, sizeof(*st));
	if (!r || !st || !r->overwrite)
		return rc_err(-EINVAL);
	*st = r->ow;
	return 0;
}
