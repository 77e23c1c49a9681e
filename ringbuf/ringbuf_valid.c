// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: ringbuf_map__valid(), the invariants of a quiescent ring, in the
 * spirit of ConcurrencyKit's ck_ring_valid(): beyond the kernel, for the
 * tests' teardown and each validate step.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "ringbuf_internal.h"

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

/* what holds whatever the records: no notification half done */
static int rb_valid_tail(struct bpf_ringbuf *rb, char *why, size_t len)
{
	/* N1 and W1: no notification half done, no more wake-ups read back than written */
	if (READ_ONCE(rb->work_pending))
		return rb_invalid(why, len, "a notification is still pending");
	if ((long)(smp_load_acquire(&rb->notify_seq) - READ_ONCE(rb->notify_taken)) < 0)
		return rb_invalid(why, len, "more wake-ups taken back than made");
	if (READ_ONCE(rb->notify_read) > smp_load_acquire(&rb->notify_writes))
		return rb_invalid(why, len, "more wake-ups read back than written");
	return 0;
}

int ringbuf_map__valid(const struct bpf_ringbuf_map *map, unsigned int in_flight,
		       unsigned int flags, char *why, size_t len)
{
	unsigned long cons_pos, prod_pos, pend_pos, over_pos, from, stop, busy = 0;
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
	over_pos = READ_ONCE(rb->overwrite_pos);

	if ((prod_pos | pend_pos) & 7)
		return rb_invalid(why, len, "producer_pos %lu or pending_pos %lu not 8-aligned",
				  prod_pos, pend_pos);
	if (over_pos & 7)
		return rb_invalid(why, len, "overwrite_pos %lu not 8-aligned", over_pos);
	/* before 6.10 there is no pending_pos (it stays 0), before 6.19 no overwrite_pos */
	if (!rb->pending && pend_pos)
		return rb_invalid(why, len, "pending_pos %lu in an era without it", pend_pos);
	if (!rb->overwrite_mode && over_pos)
		return rb_invalid(why, len, "overwrite_pos %lu outside overwrite mode", over_pos);
	if (rb->pending && (pend_pos > prod_pos || prod_pos - pend_pos > rb->mask))
		return rb_invalid(why, len, "pending_pos %lu not within the ring below "
				  "producer_pos %lu", pend_pos, prod_pos);
	/* overwrite_pos never passes a record still BUSY, so never pending_pos */
	if (rb->overwrite_mode && (over_pos > pend_pos || prod_pos - over_pos > rb->mask))
		return rb_invalid(why, len, "overwrite_pos %lu not within the ring below "
				  "pending_pos %lu", over_pos, pend_pos);
	/*
	 * a consumer cannot be ahead of the producer; in overwrite mode it can
	 * lag by any amount (the records it has not read were overwritten)
	 */
	if (!any_consumer && ((cons_pos & 7) || cons_pos > prod_pos ||
			      (!rb->overwrite_mode && prod_pos - cons_pos > rb->mask)))
		return rb_invalid(why, len, "consumer_pos %lu not an 8-aligned position within "
				  "the ring below producer_pos %lu", cons_pos, prod_pos);

	/*
	 * Walk from the oldest record the ring still holds: overwrite_pos in
	 * overwrite mode, else the lower of consumer_pos and pending_pos, both
	 * record boundaries (a hostile consumer_pos: pending_pos alone). It
	 * must land on the other one on the way. An era without pending_pos
	 * under a hostile consumer has no known boundary: nothing to walk.
	 */
	if (rb->overwrite_mode) {
		from = over_pos;
		stop = !any_consumer && cons_pos > over_pos ? cons_pos : pend_pos;
	} else if (!rb->pending) {
		if (any_consumer)
			return rb_valid_tail(rb, why, len);
		from = stop = cons_pos;
	} else {
		from = !any_consumer && cons_pos < pend_pos ? cons_pos : pend_pos;
		stop = from == pend_pos ? cons_pos : pend_pos;
	}
	err = rb_walk(rb, from, prod_pos, stop, &seen, &busy, why, len);
	if (err)
		return err;
	if ((!any_consumer || rb->overwrite_mode) && !seen)
		return rb_invalid(why, len, "the records from %lu do not land on %s %lu", from,
				  stop == pend_pos ? "pending_pos" : "consumer_pos", stop);
	if (busy != in_flight)
		return rb_invalid(why, len, "%lu BUSY records between %lu and producer_pos %lu, "
				  "%u reserved and not committed", busy, from, prod_pos, in_flight);
	/* RINGBUF_RESERVE_CAS: every claimed record is published when none is in flight */
	if (rb->reserve_how == RINGBUF_RESERVE_CAS && !in_flight &&
	    READ_ONCE(rb->cas.reserve_pos) != prod_pos)
		return rb_invalid(why, len, "reserve_pos %lu is not producer_pos %lu",
				  READ_ONCE(rb->cas.reserve_pos), prod_pos);
	return rb_valid_tail(rb, why, len);
}
