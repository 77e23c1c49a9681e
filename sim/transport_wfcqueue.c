// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: --transport wfcqueue, liburcu's wait-free concurrent queue
 * (urcu/wfcqueue.h, liburcu 0.13) as the general-purpose MPSC queue a user
 * might reach for instead of a ring buffer.
 *
 * Records are nodes: a 16-byte header (the queue link, the sample size, the
 * owner) before the record, allocated per enqueue from a pool of fixed-size
 * slots that belongs to the producer. The consumer splices the whole queue
 * in O(1) (__cds_wfcq_splice_nonblocking), hands each record to
 * rbsim_record() and gives the node back to its owner's pool through a
 * second wfcqueue per producer; the owner splices its returns when its free
 * list runs dry. An empty pool is a drop (no space).
 *
 * Wake-ups use the "was empty" result of cds_wfcq_enqueue(): with --wakeup
 * adaptive a producer writes the consumer's eventfd only when its node went
 * into an empty queue; force writes it for every node, none never.
 * sampled/bytes have no counterpart (the queue keeps no byte count): the
 * transport lacks RBSIM_CAP_WAKEUP_AVAIL and the engine refuses them.
 *
 * Memory: by default the pools together hold --ring-size bytes of slots
 * (--ring-size / producers each), so a run compares equal memory; a slot is
 * sized for the largest record of --size, which is what a fixed-slot pool
 * costs with mixed sizes. --wfcq-pool BYTES sets each producer's pool.
 *
 * Waiting: a node whose enqueue is half done (tail exchanged, link not yet
 * stored) holds the consumer until its producer runs again (liburcu's
 * blocking splice and dequeue: spin, then sleep 10 ms at a time). The
 * liburcu functions are the inline (_LGPL_SOURCE) versions: nothing to link.
 */
#define _LGPL_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <urcu/wfcqueue.h>

#include "ringbuf/kernel_compat.h"
#include "sim/transport.h"

#define WQ_CACHELINE 128
#define WQ_ADAPT_ATTEMPTS 10 /* liburcu's WFCQ_ADAPT_ATTEMPTS: spins before giving up */

struct wq_node {
	struct cds_wfcq_node node;
	__u32 size;                /* sample size */
	__u32 owner;               /* producer whose pool the node returns to */
	unsigned char data[];      /* the record, 8-aligned */
};

#define WQ_NODE_HDR offsetof(struct wq_node, data)

/* head and tail on their own cache lines: the consumer reads one, producers xchg the other */
struct wq_queue {
	struct __cds_wfcq_head head __attribute__((aligned(WQ_CACHELINE)));
	struct cds_wfcq_tail tail __attribute__((aligned(WQ_CACHELINE)));
};

struct wq_pool {
	struct wq_queue ret;       /* nodes given back: the consumer enqueues, the owner splices */
	struct wq_queue free;      /* the owner's private free list */
	unsigned char *slab;
	size_t slots;
	__u64 notifications;       /* owner-written; read after the threads are joined */
	__u64 alloc_blocked;       /* allocations that met a half-done return and gave up */
	unsigned char *scratch;    /* --use-output */
} __attribute__((aligned(WQ_CACHELINE)));

struct wq_transport {
	struct wq_queue q;         /* the shared queue */
	struct wq_queue batch;     /* the consumer's private queue, one splice of q at a time */
	struct wq_pool *pools;
	unsigned int npools;
	size_t slot_size, pool_bytes;
	int efd;                   /* the consumer's wake-up */
	__u64 wakeups;             /* consumer-owned */
	__u64 batches;             /* consumer-owned: splices that took records */
};

/* its options (cfg->topts) */
struct wq_opts {
	__u64 pool_bytes; /* --wfcq-pool, 0 = --ring-size / producers */
};

static const struct rbsim_opt wq_options[] = {
	{ .kind = RBSIM_OPT_UINT, .name = "wfcq-pool", .metavar = "BYTES", .min = 1,
	  .max = 1ULL << 34, .def_help = "--ring-size / producers",
	  .help = "bytes of node slots per producer", RBSIM_OPT_DST(struct wq_opts, pool_bytes) },
	{ 0 }
};

static int wq_validate(const struct rbsim_cfg *cfg, char *err, size_t errlen)
{
	const struct wq_opts *wo = cfg->topts;
	unsigned int nprod = cfg->b2b ? 1 : cfg->producers;
	__u64 slot = round_up((__u64)WQ_NODE_HDR + cfg->size_max, 8);
	__u64 pool = wo->pool_bytes ? wo->pool_bytes : cfg->ring_size / nprod;

	if (pool < slot) {
		snprintf(err, errlen, "%s %llu: a producer's pool must hold at least one %llu-byte "
			 "slot (node header + largest --size)",
			 wo->pool_bytes ? "--wfcq-pool" : "--ring-size",
			 (unsigned long long)(wo->pool_bytes ? wo->pool_bytes : cfg->ring_size),
			 (unsigned long long)slot);
		return -1;
	}
	return 0;
}

static void wq_queue_init(struct wq_queue *wq)
{
	__cds_wfcq_init(&wq->head, &wq->tail);
}

static int wq_setup(struct rbsim_transport *t, char *err, size_t errlen)
{
	const struct rbsim_cfg *cfg = t->cfg;
	const struct wq_opts *wo = cfg->topts;
	struct wq_transport *wt;
	unsigned int i;
	size_t s;

	if (posix_memalign((void **)&wt, WQ_CACHELINE, sizeof(*wt)))
		return -ENOMEM;
	memset(wt, 0, sizeof(*wt));
	wt->efd = -1;
	t->priv = wt;
	wq_queue_init(&wt->q);
	wq_queue_init(&wt->batch);
	wt->npools = cfg->b2b ? 1 : cfg->producers;
	wt->slot_size = round_up(WQ_NODE_HDR + cfg->size_max, 8);
	wt->pool_bytes = wo->pool_bytes ? wo->pool_bytes : cfg->ring_size / wt->npools;

	wt->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (wt->efd < 0) {
		int e = errno;

		snprintf(err, errlen, "eventfd: %s", strerror(e));
		return -e;
	}
	if (posix_memalign((void **)&wt->pools, WQ_CACHELINE, wt->npools * sizeof(*wt->pools)))
		return -ENOMEM;
	memset(wt->pools, 0, wt->npools * sizeof(*wt->pools));
	for (i = 0; i < wt->npools; i++) {
		struct wq_pool *pl = &wt->pools[i];

		wq_queue_init(&pl->ret);
		wq_queue_init(&pl->free);
		pl->slots = wt->pool_bytes / wt->slot_size;
		if (posix_memalign((void **)&pl->slab, WQ_CACHELINE, pl->slots * wt->slot_size)) {
			pl->slab = NULL;
			snprintf(err, errlen, "pool of %zu bytes: out of memory", wt->pool_bytes);
			return -ENOMEM;
		}
		/* every slot starts on the owner's free list (touching each page once) */
		for (s = 0; s < pl->slots; s++) {
			struct wq_node *n = (void *)(pl->slab + s * wt->slot_size);

			cds_wfcq_node_init(&n->node);
			cds_wfcq_enqueue(&pl->free.head, &pl->free.tail, &n->node);
		}
	}
	return 0;
}

static void wq_teardown(struct rbsim_transport *t)
{
	struct wq_transport *wt = t->priv;
	unsigned int i;

	if (!wt)
		return;
	for (i = 0; wt->pools && i < wt->npools; i++)
		free(wt->pools[i].slab);
	free(wt->pools);
	if (wt->efd >= 0)
		close(wt->efd);
	free(wt);
	t->priv = NULL;
}

static int wq_producer_init(struct rbsim_transport *t, struct rbsim_producer *p)
{
	struct wq_transport *wt = t->priv;
	struct wq_pool *pl = &wt->pools[p->id];

	if (t->cfg->use_output) {
		pl->scratch = malloc(t->cfg->size_max + 8);
		if (!pl->scratch)
			return -ENOMEM;
	}
	p->priv = pl;
	return 0;
}

static void wq_producer_fini(struct rbsim_transport *t, struct rbsim_producer *p)
{
	struct wq_pool *pl = p->priv;

	(void)t;
	if (!pl)
		return;
	free(pl->scratch);
	pl->scratch = NULL;
	p->priv = NULL;
}

/*
 * A node from the owner's free list; when it is empty, take everything the
 * consumer gave back. A return still half done (the consumer between its
 * tail exchange and its link store) is waited for WQ_ADAPT_ATTEMPTS spins,
 * then the allocation fails.
 */
static struct wq_node *wq_alloc(struct wq_pool *pl)
{
	struct cds_wfcq_node *n;
	enum cds_wfcq_ret ret;
	int i;

	for (i = 0; i < WQ_ADAPT_ATTEMPTS; i++) {
		n = __cds_wfcq_dequeue_nonblocking(&pl->free.head, &pl->free.tail);
		if (n && n != CDS_WFCQ_WOULDBLOCK)
			return caa_container_of(n, struct wq_node, node);
		if (!n) {
			ret = __cds_wfcq_splice_nonblocking(&pl->free.head, &pl->free.tail,
							    &pl->ret.head, &pl->ret.tail);
			if (ret == CDS_WFCQ_RET_SRC_EMPTY)
				return NULL; /* the pool is empty: every node is in flight */
			if (ret != CDS_WFCQ_RET_WOULDBLOCK)
				continue;
		}
		caa_cpu_relax();
	}
	pl->alloc_blocked++;
	return NULL;
}

static void wq_notify(struct wq_transport *wt, struct wq_pool *pl)
{
	__u64 one = 1;

	pl->notifications++;
	/* EAGAIN only if the counter is about to overflow: the fd is readable then anyway */
	if (write(wt->efd, &one, sizeof(one)) < 0)
		return;
}

static int wq_produce(struct rbsim_transport *t, struct rbsim_producer *p,
		      const struct rbsim_batch *b, struct rbsim_batch_result *res)
{
	const struct rbsim_cfg *cfg = t->cfg;
	struct wq_transport *wt = t->priv;
	struct wq_pool *pl = p->priv;
	__u32 i;

	for (i = 0; i < b->n; i++) {
		__u32 sz = RBSIM_BATCH_SIZE(b->size[i]);
		struct wq_node *n = wq_alloc(pl);
		bool was_nonempty;

		if (unlikely(!n)) {
			res->drops[RBSIM_DROP_NO_SPACE]++;
			continue;
		}
		if (unlikely(b->size[i] & RBSIM_BATCH_DISCARD)) {
			/* allocated, then given back unused: the reserve + discard of a queue */
			cds_wfcq_node_init(&n->node);
			cds_wfcq_enqueue(&pl->free.head, &pl->free.tail, &n->node);
			res->discarded++;
			continue;
		}
		if (cfg->use_output) {
			rbsim_fill(cfg, p, pl->scratch, sz);
			memcpy(n->data, pl->scratch, sz);
		} else {
			rbsim_fill(cfg, p, n->data, sz);
		}
		n->size = sz;
		n->owner = p->id;
		cds_wfcq_node_init(&n->node);
		/* wait-free: an xchg of the tail, then the link store; false if it was empty */
		was_nonempty = cds_wfcq_enqueue(&wt->q.head, &wt->q.tail, &n->node);
		res->committed++;
		res->bytes += sz;
		if (cfg->wakeup == RBSIM_WAKEUP_FORCE ||
		    (cfg->wakeup == RBSIM_WAKEUP_ADAPTIVE && !was_nonempty))
			wq_notify(wt, pl);
	}
	return 0;
}

/* ---- the consumer ---- */

static bool wq_empty(struct wq_transport *wt)
{
	return cds_wfcq_empty(&wt->q.head, &wt->q.tail);
}

/*
 * Take the whole queue in one splice and consume it, as liburcu's own MPSC
 * pattern does. The blocking variants: a node whose enqueue is half done is
 * waited for, spinning WFCQ_ADAPT_ATTEMPTS times, then sleeping WFCQ_WAIT
 * (10 ms) at a time, which is what the queue costs when a producer is
 * preempted inside cds_wfcq_enqueue().
 */
static int wq_drain(struct wq_transport *wt, struct rbsim_consumer *c)
{
	struct cds_wfcq_node *n;
	int cnt = 0;

	if (__cds_wfcq_splice_blocking(&wt->batch.head, &wt->batch.tail, &wt->q.head,
				       &wt->q.tail) == CDS_WFCQ_RET_SRC_EMPTY)
		return 0;
	while ((n = __cds_wfcq_dequeue_blocking(&wt->batch.head, &wt->batch.tail))) {
		struct wq_node *node = caa_container_of(n, struct wq_node, node);
		struct wq_pool *pl = &wt->pools[node->owner];

		/* refused past the drain's deadline: undrained, the node goes back all the same */
		if (!rbsim_record(c, node->data, node->size))
			cnt++;
		/* back to the owner's pool: wait-free, the owner splices it when it runs dry */
		cds_wfcq_node_init(n);
		cds_wfcq_enqueue(&pl->ret.head, &pl->ret.tail, n);
	}
	wt->batches++;
	return cnt;
}

/* 1 if woken, 0 on timeout, or -errno */
static int wq_wait(struct wq_transport *wt, int timeout_ms)
{
	struct pollfd pfd = { .fd = wt->efd, .events = POLLIN };
	__u64 val;
	int n;

	n = poll(&pfd, 1, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	if (n == 0)
		return 0;
	/* the wake-up is taken: reset the eventfd before looking at the queue */
	if (read(wt->efd, &val, sizeof(val)) < 0 && errno != EAGAIN)
		return -errno;
	wt->wakeups++;
	return 1;
}

static int wq_consume(struct rbsim_transport *t, struct rbsim_consumer *c, int timeout_ms)
{
	struct wq_transport *wt = t->priv;
	bool wait = timeout_ms > 0 && t->cfg->poll == RBSIM_POLL_EPOLL;
	int n;

	/*
	 * Sleep only on an empty queue: a producer whose node goes into an
	 * empty queue notifies after its enqueue, so either we see its node
	 * here or its eventfd write ends the wait.
	 */
	if (wait && wq_empty(wt)) {
		n = wq_wait(wt, timeout_ms);
		if (n <= 0)
			return n;
	}
	return wq_drain(wt, c);
}

static void wq_stats(struct rbsim_transport *t, struct rbsim_tstats *st)
{
	struct wq_transport *wt = t->priv;
	__u64 notif = 0, alloc_blocked = 0;
	unsigned int i;

	for (i = 0; i < wt->npools; i++) {
		notif += wt->pools[i].notifications;
		alloc_blocked += wt->pools[i].alloc_blocked;
	}
	st->notifications = notif;
	st->wakeups = wt->wakeups;
	st->have_drop_reasons = false;
	st->nr_extra = 5;
	st->extra[0].name = "slot_bytes";
	st->extra[0].value = (double)wt->slot_size;
	st->extra[1].name = "pool_slots";
	st->extra[1].value = (double)(wt->pool_bytes / wt->slot_size);
	st->extra[2].name = "mem_per_producer";
	st->extra[2].value = (double)(wt->pool_bytes / wt->slot_size * wt->slot_size);
	st->extra[3].name = "splices";
	st->extra[3].value = (double)wt->batches;
	st->extra[4].name = "alloc_blocked";
	st->extra[4].value = (double)alloc_blocked;
}

static struct rbsim_transport_ops wfcqueue_ops = {
	.name = "wfcqueue",
	.caps = RBSIM_CAP_OUTPUT | RBSIM_CAP_NOTIFY_COUNT,
	.consumer_name = "splice",
	.summary = "liburcu's wait-free concurrent queue, nodes from per-producer pools, "
		   "\"was empty\" wake-ups",
	.options = wq_options,
	.opts_size = sizeof(struct wq_opts),
	.validate = wq_validate,
	.setup = wq_setup,
	.teardown = wq_teardown,
	.producer_init = wq_producer_init,
	.producer_fini = wq_producer_fini,
	.produce = wq_produce,
	.consume = wq_consume,
	.stats = wq_stats,
};
RBSIM_TRANSPORT(wfcqueue, wfcqueue_ops);
