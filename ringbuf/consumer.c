// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: userspace port of libbpf's BPF ring buffer consumer.
 *
 * Follows libbpf src/ringbuf.c at v1.7 (libbpf/libbpf f7081a6b, 2026-07):
 * ring_buffer__new/add/poll/consume/consume_n and the ring__ accessors, with
 * the callback and return-count rules of libbpf 1.5 and later. The rings come
 * from ringbuf_map__mmap() instead of mmap() on a map fd.
 *
 * Deliberate differences carry a PORT: comment. Memory ordering: the edges
 * of ringbuf.c's table (A1, A2, R3, E1; O1, O2 for overwrite mode), cited
 * at each access.
 *
 * Beyond libbpf: the first reader of overwrite-mode rings (6.19,
 * BPF_F_RB_OVERWRITE), ringbuf_process_ring_ow() below, and a snapshot of the
 * newest records for the flight-recorder use (consumer_ring__snapshot()).
 * libbpf has none (a copying reader was proposed with the kernel patch, v1,
 * and left out of v2 on Andrii Nakryiko's review); this one follows the
 * rules the kernel's side sets: read from max(consumer_pos, overwrite_pos),
 * copy, check overwrite_pos again.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>

#include "consumer.h"
#include "eventpoll.h"
#include "kernel_compat.h"

struct consumer_ring {
	ring_consumer_sample_fn sample_cb;
	void *ctx;
	void *data;
	unsigned long *consumer_pos;
	const unsigned long *producer_pos;
	unsigned long mask;
	int map_fd;
	/*
	 * PORT: whether the ring is on the ready list of ring_consumer__poll()'s
	 * epoll. The kernel's ringbuf_map_poll_kern() reports EPOLLIN while data
	 * is available and level-triggered epoll re-polls a reported file at
	 * every epoll_wait(); an eventfd only reports writes. ringbuf_wait()
	 * re-checks rings that are "ready" the way epoll re-polls them. (For the
	 * epoll fd a user waits on, see ring_repoll().)
	 */
	bool ready;
	struct ringbuf_mmap view;
	struct bpf_ringbuf_map *map;
	/* overwrite mode: records are copied here first (the ring's size: any record fits) */
	bool overwrite;
	unsigned char *copy;
	struct consumer_ring_overwrite_stats ow;
	/* PORT: tests: run at the reader's points (consumer_ring__set_overwrite_hook()) */
	void (*ow_hook)(void *ctx, enum consumer_ring_ow_point point, unsigned long pos);
	void *ow_hook_ctx;
	/* consumer_ring__snapshot(): its copies and where each one is, made on first use */
	unsigned char *snap;
	struct snap_rec *snap_rec;
};

/* one record of a snapshot: its position, where its copy is, its size, whether it is passed on */
struct snap_rec {
	unsigned long pos;
	__u32 off, size;
	bool deliver;
};

struct ring_consumer {
	struct epoll_event *events;
	struct consumer_ring **rings;
	int *ready_idx;
	int epoll_fd;
	int ring_cnt;
	uint64_t wakeups;
};

static int rc_err(int err)
{
	if (err < 0)
		errno = -err;
	return err;
}

static void ringbuf_free_ring(struct consumer_ring *r)
{
	if (!r)
		return;
	ringbuf_map__munmap(&r->view);
	free(r->copy);
	free(r->snap);
	free(r->snap_rec);
	free(r);
}

void ring_consumer__free(struct ring_consumer *rc)
{
	int i;

	if (!rc)
		return;

	for (i = 0; i < rc->ring_cnt; ++i)
		ringbuf_free_ring(rc->rings[i]);
	if (rc->epoll_fd >= 0)
		close(rc->epoll_fd);

	free(rc->events);
	free(rc->rings);
	free(rc->ready_idx);
	free(rc);
}

static unsigned long ring_avail(const struct consumer_ring *r)
{
	/* R3: our own release of consumer_pos in ringbuf_process_ring() */
	unsigned long cons_pos = smp_load_acquire(r->consumer_pos);
	/* A1: pairs with smp_store_release(producer_pos) in __bpf_ringbuf_reserve() (R1) */
	unsigned long prod_pos = smp_load_acquire(r->producer_pos);

	return prod_pos - cons_pos;
}

/*
 * epoll's re-poll of a ring, ringbuf_map_poll_kern(): is data available? The
 * full fence stands for the locking epoll does between the consumer's last
 * store of consumer_pos and the re-poll. E1: with the fully ordered xchg()
 * in bpf_ringbuf_commit() (store of producer_pos, fence, load of
 * consumer_pos) it forbids the store-buffering outcome in which this misses
 * a record and the committer misses the consumer having caught up, i.e. a
 * lost wake-up.
 */
static bool ring_has_data(const struct consumer_ring *r)
{
	smp_mb(); /* E1 */
	return ring_avail(r) != 0;
}

/*
 * PORT: the map fd is an eventfd whose count stands for "on epoll's ready
 * list": a wake-up writes it, and epoll, level-triggered on it, reports the
 * ring until the count is read back. The kernel takes a map off the ready
 * list in the epoll_wait() whose re-poll finds no data; no code of the port
 * runs in the epoll_wait() a user makes on ring_consumer__epoll_fd(), so
 * this re-poll is made when the consumer leaves the ring empty, and by
 * ringbuf_wait() for a wake-up that finds it empty: take the wake-ups back,
 * then re-poll (E1); if one was taken and data arrived since, write one back
 * so the fd stays readable. A commit racing with the reset is never lost:
 * its write is either read here, and then its data is seen after the fence,
 * or made after the read. The difference from the kernel: a record committed
 * with BPF_RB_NO_WAKEUP between the drain and the user's next epoll_wait()
 * is not reported (the kernel would, the map being still on the list).
 * Returns 1 if the ring stays on the list, 0 if not, or -errno.
 */
static int ring_repoll(struct consumer_ring *r)
{
	int taken = ringbuf_map__take_wakeups(r->map);

	if (taken <= 0)
		return taken;
	if (!ring_has_data(r))
		return 0;
	ringbuf_map__rearm(r->map);
	return 1;
}

/*
 * Re-poll ring i on the ready list, as ep_send_events() does: with data it
 * stays and is reported in ready_idx[*n]; without, it leaves the list, and
 * the map fd with it (ring_repoll()). Returns 0 or -errno.
 */
static int ring_report(struct ring_consumer *rc, int i, int *n)
{
	struct consumer_ring *r = rc->rings[i];
	int err = ring_has_data(r) ? 1 : ring_repoll(r);

	if (err < 0)
		return err;
	r->ready = err;
	if (r->ready)
		rc->ready_idx[(*n)++] = i;
	return 0;
}

int ring_consumer__add(struct ring_consumer *rc, struct bpf_ringbuf_map *map,
		       ring_consumer_sample_fn sample_cb, void *ctx)
{
	struct epoll_event *e;
	struct consumer_ring *r;
	void *tmp;
	int err;

	if (!rc || !map || !sample_cb)
		return rc_err(-EINVAL);

	tmp = realloc(rc->rings, (rc->ring_cnt + 1) * sizeof(*rc->rings));
	if (!tmp)
		return rc_err(-ENOMEM);
	rc->rings = tmp;

	tmp = realloc(rc->events, (rc->ring_cnt + 1) * sizeof(*rc->events));
	if (!tmp)
		return rc_err(-ENOMEM);
	rc->events = tmp;

	tmp = realloc(rc->ready_idx, (rc->ring_cnt + 1) * sizeof(*rc->ready_idx));
	if (!tmp)
		return rc_err(-ENOMEM);
	rc->ready_idx = tmp;

	r = calloc(1, sizeof(*r));
	if (!r)
		return rc_err(-ENOMEM);
	rc->rings[rc->ring_cnt] = r;

	r->map = map;
	r->map_fd = ringbuf_map__fd(map);
	r->sample_cb = sample_cb;
	r->ctx = ctx;

	/* consumer page read-write, producer page and 2 x data read-only */
	err = ringbuf_map__mmap(map, &r->view);
	if (err)
		goto err_out;
	r->consumer_pos = r->view.consumer_pos;
	r->producer_pos = r->view.producer_pos;
	r->data = (void *)r->view.data;
	r->mask = r->view.size - 1;
	/* libbpf would read map_flags with bpf_map_get_info_by_fd() */
	r->overwrite = ringbuf_map__map_flags(map) & BPF_F_RB_OVERWRITE;
	if (r->overwrite) {
		r->copy = aligned_alloc(8, r->view.size);
		if (!r->copy) {
			err = -ENOMEM;
			goto err_out;
		}
	}

	/*
	 * ep_insert() polls the file once: data already there puts the ring on
	 * the ready list. The eventfd is made to agree before it is added:
	 * earlier wake-ups are taken back, and one is written if data is there.
	 */
	err = ringbuf_map__take_wakeups(map);
	if (err < 0)
		goto err_out;
	r->ready = ring_has_data(r);
	if (r->ready)
		ringbuf_map__rearm(map);

	e = &rc->events[rc->ring_cnt];
	memset(e, 0, sizeof(*e));
	e->events = EPOLLIN; /* level-triggered, as libbpf */
	e->data.fd = rc->ring_cnt;
	if (epoll_ctl(rc->epoll_fd, EPOLL_CTL_ADD, r->map_fd, e) < 0) {
		err = -errno;
		goto err_out;
	}

	rc->ring_cnt++;
	return 0;

err_out:
	ringbuf_free_ring(r);
	rc->rings[rc->ring_cnt] = NULL;
	return rc_err(err);
}

struct ring_consumer *ring_consumer__new(struct bpf_ringbuf_map *map,
					 ring_consumer_sample_fn sample_cb, void *ctx)
{
	struct ring_consumer *rc;
	int err;

	rc = calloc(1, sizeof(*rc));
	if (!rc) {
		errno = ENOMEM;
		return NULL;
	}

	rc->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (rc->epoll_fd < 0) {
		err = -errno;
		goto err_out;
	}

	err = ring_consumer__add(rc, map, sample_cb, ctx);
	if (err)
		goto err_out;

	return rc;

err_out:
	ring_consumer__free(rc);
	errno = -err;
	return NULL;
}

static inline int roundup_len(__u32 len)
{
	/* clear out top 2 bits (discard and busy, if set) */
	len <<= 2;
	len >>= 2;
	/* add length prefix */
	len += BPF_RINGBUF_HDR_SZ;
	/* round up to 8 byte alignment */
	return (len + 7) / 8 * 8;
}

static int64_t ringbuf_process_ring(struct consumer_ring *r, size_t n)
{
	int *len_ptr, len, err;
	/* 64-bit to avoid overflow in case of extreme application behavior */
	int64_t cnt = 0;
	unsigned long cons_pos, prod_pos;
	bool got_new_data;
	void *sample;

	/* R3: our own smp_store_release() below, from an earlier call */
	cons_pos = smp_load_acquire(r->consumer_pos);
	do {
		got_new_data = false;
		/* A1: pairs with smp_store_release(producer_pos) in __bpf_ringbuf_reserve() */
		prod_pos = smp_load_acquire(r->producer_pos);
		while (cons_pos < prod_pos) {
			len_ptr = (int *)((char *)r->data + (cons_pos & r->mask));
			/* A2: pairs with xchg(&hdr->len) in bpf_ringbuf_commit() (R2) */
			len = smp_load_acquire(len_ptr);

			/* sample not committed yet, bail out for now */
			if (len & BPF_RINGBUF_BUSY_BIT)
				goto done;

			got_new_data = true;
			cons_pos += roundup_len(len);

			if ((len & BPF_RINGBUF_DISCARD_BIT) == 0) {
				sample = (char *)len_ptr + BPF_RINGBUF_HDR_SZ;
				err = r->sample_cb(r->ctx, sample, len);
				if (err < 0) {
					/* update consumer pos and bail out; R3, pairs
					 * with smp_load_acquire(consumer_pos) in reserve
					 * and commit (A3)
					 */
					smp_store_release(r->consumer_pos, cons_pos);
					return err;
				}
				cnt++;
			}

			/* R3: pairs with smp_load_acquire(consumer_pos) in reserve and commit */
			smp_store_release(r->consumer_pos, cons_pos);

			/* unsigned, as libbpf's cnt >= n: a huge n means no limit */
			if ((uint64_t)cnt >= n)
				goto done;
		}
	} while (got_new_data);
done:
	return cnt;
}

/* ---- overwrite mode (6.19): the reader libbpf does not have ---- */

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

/* overwrite_pos, at producer_pos[2]; O1: after A1, at least the value published with it */
static unsigned long ring_over_pos(const struct consumer_ring *r)
{
	return smp_load_acquire(&r->producer_pos[2]);
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
static int64_t ringbuf_process_ring_ow(struct consumer_ring *r, size_t n)
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
 * One snapshot attempt: walk the records from start to producer_pos, copy
 * the committed ones, then read overwrite_pos again (O2). The walk is
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

	/* A1, then O1 (or R3: our own consumer_pos) */
	prod_pos = smp_load_acquire(r->producer_pos);
	start = r->overwrite ? ring_over_pos(r) : smp_load_acquire(r->consumer_pos);
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
	if (!r->overwrite) {
		/* nothing below producer_pos and above consumer_pos is ever reused */
		if ((long)(prod_pos - pos) > 0)
			return -EUCLEAN;
		*first = 0;
		*nrec = k;
		return 0;
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

int consumer_ring__snapshot(struct consumer_ring *r, size_t n, ring_consumer_sample_fn cb,
			    void *ctx)
{
	size_t first = 0, nrec = 0, i, from, want = 0;
	int attempt, err = 1;

	if (!r || !cb)
		return rc_err(-EINVAL);
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

/*
 * ringbuf_process_ring(), then the re-poll of a ring left empty, so that the
 * map fd stops being readable once its data is consumed (PORT: see
 * ring_repoll()). A ring with data left, a BUSY record included, stays
 * readable, as ringbuf_map_poll_kern() counts reserved bytes.
 */
static int64_t ring_consume(struct consumer_ring *r, size_t n)
{
	int64_t cnt = r->overwrite ? ringbuf_process_ring_ow(r, n) : ringbuf_process_ring(r, n);
	int err;

	if (ring_avail(r))
		return cnt;
	err = ring_repoll(r);
	return cnt >= 0 && err < 0 ? err : cnt;
}

int ring_consumer__consume_n(struct ring_consumer *rc, size_t n)
{
	int64_t err, res = 0;
	int i;

	if (!rc)
		return rc_err(-EINVAL);

	for (i = 0; i < rc->ring_cnt; i++) {
		struct consumer_ring *ring = rc->rings[i];

		err = ring_consume(ring, n);
		if (err < 0)
			return rc_err(err);
		res += err;
		n -= err;

		if (n == 0)
			break;
	}
	return res > INT_MAX ? INT_MAX : res;
}

int ring_consumer__consume(struct ring_consumer *rc)
{
	int64_t err, res = 0;
	int i;

	if (!rc)
		return rc_err(-EINVAL);

	for (i = 0; i < rc->ring_cnt; i++) {
		struct consumer_ring *ring = rc->rings[i];

		err = ring_consume(ring, INT_MAX);
		if (err < 0)
			return rc_err(err);
		res += err;
		if (res > INT_MAX) {
			res = INT_MAX;
			break;
		}
	}
	return res;
}

/*
 * Collect the rings epoll_wait() would report without sleeping: those on the
 * ready list that still have data (re-polled, E1). A ring whose re-poll finds
 * no data leaves the list, as in ep_send_events().
 */
static int collect_ready(void *ctx)
{
	struct ring_consumer *rc = ctx;
	int i, err, n = 0;

	for (i = 0; i < rc->ring_cnt; i++) {
		if (!rc->rings[i]->ready)
			continue;
		err = ring_report(rc, i, &n);
		if (err < 0)
			return err;
	}
	return n;
}

static bool in_list(const int *idx, int n, int v)
{
	int i;

	for (i = 0; i < n; i++)
		if (idx[i] == v)
			return true;
	return false;
}

/* a ring epoll_wait() returned: woken, so on the list, and re-polled at once */
static int report_woken(void *ctx, const struct epoll_event *ev, int nready)
{
	struct ring_consumer *rc = ctx;
	int err;

	if (in_list(rc->ready_idx, nready, ev->data.fd))
		return nready;
	err = ring_report(rc, ev->data.fd, &nready);
	return err < 0 ? err : nready;
}

static const struct ep_poll_ops ring_ep_ops = {
	.collect = collect_ready,
	.report = report_woken,
};

/*
 * The kernel side of epoll_wait() on the maps' fds (eventpoll.c): re-poll the
 * ready rings (ep_poll() calling ringbuf_map_poll_kern()), sleep until a
 * notification, and sleep again after a wake-up that finds nothing, within
 * the timeout. Returns the number of ready rings (their indices in
 * rc->ready_idx), 0 on timeout, or -errno.
 */
static int ringbuf_wait(struct ring_consumer *rc, int timeout_ms)
{
	int nready = ep_poll(rc->epoll_fd, rc->events, rc->ring_cnt, timeout_ms, &ring_ep_ops,
			     rc);

	if (nready <= 0)
		return nready;
	/* what the kernel's epoll_wait() would count as a return with ready rings */
	rc->wakeups++;
	return nready;
}

int ring_consumer__wait(struct ring_consumer *rc, int timeout_ms)
{
	if (!rc)
		return rc_err(-EINVAL);
	return rc_err(ringbuf_wait(rc, timeout_ms));
}

/*
 * Poll for available data and consume records, if any are available.
 * Returns number of records consumed (or INT_MAX, whichever is less), or
 * negative number, if any of the registered callbacks returned error.
 */
int ring_consumer__poll(struct ring_consumer *rc, int timeout_ms)
{
	int i, nready;
	int64_t err, res = 0;

	if (!rc)
		return rc_err(-EINVAL);

	nready = ringbuf_wait(rc, timeout_ms);
	if (nready < 0)
		return rc_err(nready);

	for (i = 0; i < nready; i++) {
		struct consumer_ring *ring = rc->rings[rc->ready_idx[i]];

		err = ring_consume(ring, INT_MAX);
		if (err < 0)
			return rc_err(err);
		res += err;
	}
	if (res > INT_MAX)
		res = INT_MAX;
	return res;
}

/* Get an fd that can be used to sleep until data is available in the ring(s) */
int ring_consumer__epoll_fd(const struct ring_consumer *rc)
{
	return rc ? rc->epoll_fd : rc_err(-EINVAL);
}

/* PORT: an unsigned accessor asked about NULL returns 0 with errno EINVAL (libbpf's crash) */
static unsigned long null_accessor(void)
{
	errno = EINVAL;
	return 0;
}

uint64_t ring_consumer__wakeups(const struct ring_consumer *rc)
{
	if (!rc)
		return null_accessor();
	return rc->wakeups;
}

struct consumer_ring *ring_consumer__ring(struct ring_consumer *rc, unsigned int idx)
{
	if (!rc) {
		errno = EINVAL;
		return NULL;
	}
	if (idx >= (unsigned int)rc->ring_cnt) {
		errno = ERANGE;
		return NULL;
	}
	return rc->rings[idx];
}

unsigned long consumer_ring__consumer_pos(const struct consumer_ring *r)
{
	if (!r)
		return null_accessor();
	/* R3: Synchronizes with smp_store_release() in ringbuf_process_ring(). */
	return smp_load_acquire(r->consumer_pos);
}

unsigned long consumer_ring__producer_pos(const struct consumer_ring *r)
{
	if (!r)
		return null_accessor();
	/* A1: Synchronizes with smp_store_release() in __bpf_ringbuf_reserve() (R1) */
	return smp_load_acquire(r->producer_pos);
}

size_t consumer_ring__avail_data_size(const struct consumer_ring *r)
{
	unsigned long cons_pos, prod_pos, over_pos;

	if (!r)
		return null_accessor();
	cons_pos = consumer_ring__consumer_pos(r);
	if (r->overwrite) {
		/* BPF_RB_AVAIL_DATA's overwrite-mode form: O1 before A1, as the kernel reads */
		over_pos = ring_over_pos(r);
		prod_pos = consumer_ring__producer_pos(r);
		return prod_pos - cons_pos < prod_pos - over_pos ? prod_pos - cons_pos :
								   prod_pos - over_pos;
	}
	prod_pos = consumer_ring__producer_pos(r);
	return prod_pos - cons_pos;
}

size_t consumer_ring__size(const struct consumer_ring *r)
{
	if (!r)
		return null_accessor();
	return r->mask + 1;
}

int consumer_ring__map_fd(const struct consumer_ring *r)
{
	if (!r)
		return rc_err(-EINVAL);
	return r->map_fd;
}

int consumer_ring__consume_n(struct consumer_ring *r, size_t n)
{
	int64_t res;

	if (!r)
		return rc_err(-EINVAL);
	res = ring_consume(r, n);
	if (res < 0)
		return rc_err(res);

	return res > INT_MAX ? INT_MAX : res;
}

int consumer_ring__consume(struct consumer_ring *r)
{
	return consumer_ring__consume_n(r, INT_MAX);
}

unsigned long consumer_ring__overwrite_pos(const struct consumer_ring *r)
{
	if (!r)
		return null_accessor();
	return r->overwrite ? ring_over_pos(r) : 0;
}
