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
 * BPF_F_RB_OVERWRITE), ringbuf_process_ring_ow(), and a snapshot of the
 * newest records for the flight-recorder use (consumer_ring__snapshot()),
 * both in consumer_overwrite.c. libbpf has none (a copying reader was
 * proposed with the kernel patch, v1, and left out of v2 on Andrii
 * Nakryiko's review); this one follows the rules the kernel's side sets:
 * read from max(consumer_pos, overwrite_pos), copy, check overwrite_pos
 * again. struct consumer_ring (libbpf's struct ring) is in
 * consumer_internal.h, shared with it.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/futex.h>
#include <sys/epoll.h>
#include <sys/syscall.h>

#include "consumer_internal.h"
#include "eventpoll.h"

struct ring_consumer {
	struct epoll_event *events;
	struct consumer_ring **rings;
	int *ready_idx;
	int epoll_fd;
	int ring_cnt;
	uint64_t wakeups;
	bool fd_out; /* ring_consumer__epoll_fd() handed out: every map's fd is out (W2) */
	void (*sleep_hook)(void *ctx); /* PORT: tests, rbsim: before announcing a sleep */
	void *sleep_hook_ctx;
	int wait_how; /* enum ring_consumer_wait */
	uint64_t sleeps; /* waits that went to sleep in their system call */
	/*
	 * PORT: the futex sleep's words: each map's wake word (ring i at i),
	 * then the producer_pos of the rings it re-polls in the system call
	 */
	struct futex_waitv *waitv;
};

/* futex_waitv() takes FUTEX_WAITV_MAX words: two a ring at most */
#define RC_FUTEX_RINGS (FUTEX_WAITV_MAX / 2)

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
	free(rc->waitv);
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
	r->left = !err;
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

	tmp = realloc(rc->waitv, 2 * (rc->ring_cnt + 1) * sizeof(*rc->waitv));
	if (!tmp)
		return rc_err(-ENOMEM);
	rc->waitv = tmp;
	/* the wake words first, one a ring; the rest is filled at each sleep */
	memset(&rc->waitv[rc->ring_cnt], 0, sizeof(*rc->waitv));
	rc->waitv[rc->ring_cnt].uaddr = (uintptr_t)ringbuf_map__wake_word(map);
	rc->waitv[rc->ring_cnt].flags = FUTEX_32 | FUTEX_PRIVATE_FLAG;

	r = port_zalloc_lines(sizeof(*r));
	if (!r)
		return rc_err(-ENOMEM);
	rc->rings[rc->ring_cnt] = r;

	r->map = map;
	/* the fd, not handed out: this consumer announces its sleeps (ring_waiting()) */
	r->map_fd = ringbuf_map__wait_fd(map);
	if (rc->fd_out)
		ringbuf_map__fd(map); /* a user may sleep on the epoll fd: every wake-up writes */
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

	rc = port_zalloc_lines(sizeof(*rc));
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
			if (len & BPF_RINGBUF_BUSY_BIT) {
				r->busy_stops++;
				goto done;
			}

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
		/* W2: a wake-up that wrote nothing put it on the list all the same */
		if (!rc->rings[i]->ready && !ringbuf_map__wakeup_pending(rc->rings[i]->map))
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

/* about to sleep on the maps' fds, or done: their wake-ups write the fds meanwhile (W2) */
static void ring_waiting(void *ctx, bool on)
{
	struct ring_consumer *rc = ctx;
	int i;

	if (unlikely(rc->sleep_hook) && on)
		rc->sleep_hook(rc->sleep_hook_ctx);
	for (i = 0; i < rc->ring_cnt; i++)
		ringbuf_map__set_waiting(rc->rings[i]->map, on);
}

void ring_consumer__set_sleep_hook(struct ring_consumer *rc, void (*fn)(void *ctx), void *ctx)
{
	if (!rc)
		return;
	rc->sleep_hook_ctx = ctx;
	rc->sleep_hook = fn;
}

/* an epoll_wait() made to sleep: the announcement's re-check found nothing */
static void ring_slept(void *ctx)
{
	((struct ring_consumer *)ctx)->sleeps++;
}

static const struct ep_poll_ops ring_ep_ops = {
	.collect = collect_ready,
	.report = report_woken,
	.waiting = ring_waiting,
	.slept = ring_slept,
};

/*
 * Whether this kernel has futex_waitv() (5.16): a call whose word differs
 * from the value given returns EAGAIN at once; asked once a process
 * (relaxed: every thread that asks gets the same answer)
 */
static bool futex_waitv_works(void)
{
	static int works = -1;
	int w = __atomic_load_n(&works, __ATOMIC_RELAXED);

	if (w < 0) {
		__u32 word = 0;
		struct futex_waitv one = {
			.val = 1,
			.uaddr = (uintptr_t)&word,
			.flags = FUTEX_32 | FUTEX_PRIVATE_FLAG,
		};

		w = syscall(SYS_futex_waitv, &one, 1, 0, NULL, 0) < 0 && errno == EAGAIN;
		__atomic_store_n(&works, w, __ATOMIC_RELAXED);
	}
	return w;
}

static bool ring_futex_usable(const struct ring_consumer *rc)
{
	return (rc->wait_how == RING_CONSUMER_WAIT_FUTEX ||
		rc->wait_how == RING_CONSUMER_WAIT_FUTEX_REPOLL) && rc->ring_cnt <= RC_FUTEX_RINGS &&
	       futex_waitv_works();
}

/*
 * about to sleep on the maps' futexes, or done: their wake-ups wake the
 * futexes meanwhile (W3); on, each wake word's value then is the one the
 * sleep compares it with
 */
static void ring_waiting_futex(void *ctx, bool on)
{
	struct ring_consumer *rc = ctx;
	int i;

	if (unlikely(rc->sleep_hook) && on)
		rc->sleep_hook(rc->sleep_hook_ctx);
	for (i = 0; i < rc->ring_cnt; i++) {
		__u32 seen = ringbuf_map__set_futex_waiting(rc->rings[i]->map, on);

		if (on)
			rc->waitv[i].val = seen;
	}
}

/*
 * PORT: the sleep of epoll_wait(), on a futex_waitv() of every map's wake
 * word (a wake-up after the announcement changes it and wakes it, W3) and
 * of the producer_pos of each ring re-polled empty since the last sleep,
 * against its consumer_pos: the kernel re-polls the rings on its ready list
 * inside epoll_wait() shortly before it sleeps (ep_send_events(), then
 * ep_poll()'s check of the ready list under ep->lock); here the re-poll of
 * such a ring is made again by the futex's compare, just before the sleep,
 * and a ring found so (a record reserved since: producer_pos moved, by less
 * than the ring's size, so its low word moved) goes back on the ready list.
 * A record reserved once the futex sleeps only changes producer_pos, which
 * nobody wakes: as in the kernel, only its notification wakes the consumer,
 * and a BPF_RB_NO_WAKEUP record leaves it asleep. RING_CONSUMER_WAIT_FUTEX_REPOLL
 * makes no compare of producer_pos: a record reserved after the user-space
 * re-poll already leaves it asleep (ringbuf/README.md, PORT 4).
 */
static int ring_futex_sleep(void *ctx, int timeout_ms)
{
	struct ring_consumer *rc = ctx;
	struct timespec ts, *tp = NULL;
	int i, n = rc->ring_cnt, err = 0;

	/* RING_CONSUMER_WAIT_FUTEX_REPOLL: the re-poll was the last look, no compare */
	for (i = 0; rc->wait_how != RING_CONSUMER_WAIT_FUTEX_REPOLL && i < rc->ring_cnt; i++) {
		struct consumer_ring *r = rc->rings[i];

		if (!r->left)
			continue;
		memset(&rc->waitv[n], 0, sizeof(rc->waitv[n]));
		rc->waitv[n].uaddr = (uintptr_t)ringbuf_low_word(r->producer_pos);
		/* only this thread writes consumer_pos */
		rc->waitv[n].val = (__u32)READ_ONCE(*r->consumer_pos);
		rc->waitv[n].flags = FUTEX_32 | FUTEX_PRIVATE_FLAG;
		n++;
	}
	if (timeout_ms >= 0) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += timeout_ms / 1000;
		ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		tp = &ts;
	}
	if (syscall(SYS_futex_waitv, rc->waitv, n, 0, tp, CLOCK_MONOTONIC) < 0)
		err = errno;
	/* asleep until woken or timed out; EAGAIN: a compare found a change, no sleep */
	if (!err || err == ETIMEDOUT)
		rc->sleeps++;
	for (i = 0; i < rc->ring_cnt; i++) {
		struct consumer_ring *r = rc->rings[i];

		/* a compare that failed: a ring re-polled there with data stays listed (E1) */
		if (r->left && err == EAGAIN && ring_has_data(r))
			r->ready = true;
		r->left = false;
	}
	if (err == EINTR)
		return -EINTR;
	return err && err != EAGAIN && err != ETIMEDOUT ? -err : 0;
}

static const struct ep_poll_ops ring_ep_futex_ops = {
	.collect = collect_ready,
	.report = report_woken,
	.waiting = ring_waiting_futex,
	.sleep = ring_futex_sleep,
};

int ring_consumer__set_wait(struct ring_consumer *rc, enum ring_consumer_wait how)
{
	if (!rc || (how != RING_CONSUMER_WAIT_FUTEX && how != RING_CONSUMER_WAIT_EPOLL &&
		    how != RING_CONSUMER_WAIT_FUTEX_REPOLL))
		return rc_err(-EINVAL);
	rc->wait_how = how;
	return 0;
}

uint64_t ring_consumer__sleeps(const struct ring_consumer *rc)
{
	if (!rc) {
		errno = EINVAL;
		return 0;
	}
	return rc->sleeps;
}

uint64_t ring_consumer__busy_stops(const struct ring_consumer *rc)
{
	uint64_t n = 0;
	int i;

	if (!rc) {
		errno = EINVAL;
		return 0;
	}
	for (i = 0; i < rc->ring_cnt; i++)
		n += rc->rings[i]->busy_stops;
	return n;
}

int ring_consumer__wait_how(const struct ring_consumer *rc)
{
	if (!rc)
		return rc_err(-EINVAL);
	return ring_futex_usable(rc) ? rc->wait_how : RING_CONSUMER_WAIT_EPOLL;
}

/*
 * The kernel side of epoll_wait() on the maps' fds (eventpoll.c): re-poll the
 * ready rings (ep_poll() calling ringbuf_map_poll_kern()), sleep until a
 * notification, and sleep again after a wake-up that finds nothing, within
 * the timeout. Returns the number of ready rings (their indices in
 * rc->ready_idx), 0 on timeout, or -errno.
 */
static int ringbuf_wait(struct ring_consumer *rc, int timeout_ms)
{
	int i, nready;

	if (ring_futex_usable(rc)) {
		for (i = 0; i < rc->ring_cnt; i++)
			rc->rings[i]->left = false;
		nready = ep_poll(rc->epoll_fd, rc->events, rc->ring_cnt, timeout_ms,
				 &ring_ep_futex_ops, rc);
	} else {
		nready = ep_poll(rc->epoll_fd, rc->events, rc->ring_cnt, timeout_ms, &ring_ep_ops,
				 rc);
	}

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

/*
 * Get an fd that can be used to sleep until data is available in the ring(s).
 * PORT: whoever sleeps on it does so unseen by the maps (W2), so every ring's
 * map fd is handed out (ringbuf_map__fd()): their wake-ups always write
 * them, those of rings added later too. rc is the caller's own object,
 * allocated by ring_consumer__new(): marking it through the const pointer
 * libbpf's signature gives is sound.
 */
int ring_consumer__epoll_fd(const struct ring_consumer *rc)
{
	int i;

	if (!rc)
		return rc_err(-EINVAL);
	((struct ring_consumer *)rc)->fd_out = true;
	for (i = 0; i < rc->ring_cnt; i++)
		ringbuf_map__fd(rc->rings[i]->map);
	return rc->epoll_fd;
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
	/* PORT: handed out (W2, see ring_consumer__epoll_fd()) */
	return ringbuf_map__fd(r->map);
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
