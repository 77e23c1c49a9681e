// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim validate: differential testing of the port (ringbuf/) against the
 * running kernel's BPF_MAP_TYPE_RINGBUF.
 *
 * A script of steps runs on both sides in lockstep:
 *  - producer steps: a batch of ops (validate.h) executed inside the kernel by
 *    validate.bpf.c through BPF_PROG_TEST_RUN, and by port_exec() on the port;
 *  - consumer steps, done from user space on each side's mmap()ed ring: consume
 *    k records the way libbpf's ringbuf_process_ring() does, or write an
 *    arbitrary consumer_pos as a hostile consumer may.
 * A batch may pause in the middle (VOP_PAUSE: the program blocks in a
 * userfaultfd page fault) so that consumer steps run while its reservations
 * are still BUSY. After every step (each part of a paused batch is a step)
 * the two sides must agree on every op result, consumer_pos, producer_pos,
 * pending_pos and all the data bytes; the first difference is reported side
 * by side and ends the run with status 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/types.h>
#include <linux/userfaultfd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "ringbuf/ringbuf.h"
#include "ringbuf/kernel_compat.h"
#include "sim/rbsim.h"
#include "sim/kernel_check.h"
#include "bpf/libbpf_log.h"
#include "bpf/validate.h"
#include "bpf/validate_concurrent.h"
#include "bpf/perfbuf_validate.h"
#include "validate.skel.h"

#define CMD "validate"

#define DEF_STEPS	20000
#define DEF_RING	(16 * 1024)
#define DEF_SEED	1
#define PAUSE_TIMEOUT_MS 10000
#define MAX_PAUSE_STEPS	4	/* consumer steps taken during one pause */
#define RECLOG_LEN	4096	/* recent records kept for the mismatch report */
#define HISTORY_LEN	8	/* recent steps printed with a mismatch */

/* include/linux/bpf.h and kernel/bpf/ringbuf.c, for picking sizes at the edges */
#define DYNPTR_MAX_SIZE		((1UL << 24) - 1)
#define RINGBUF_MAX_RECORD_SZ	(UINT_MAX / 4)

/* ---- a ring as user space sees it: the same code reads both sides ---- */

struct ring_view {
	unsigned long *cons;		/* consumer page, read-write */
	const unsigned long *prod;	/* producer page: [0] producer_pos, [1] pending_pos */
	const __u8 *data;		/* the data area, mapped twice */
	size_t size;
};

struct ring_state {
	unsigned long cons, prod, pend;
};

static void view_state(const struct ring_view *v, struct ring_state *st)
{
	/* no producer runs during a snapshot; acquire anyway, as a consumer reads them */
	st->cons = smp_load_acquire(v->cons);
	st->prod = smp_load_acquire(&v->prod[0]);
	st->pend = smp_load_acquire(&v->prod[1]);
}

/* ---- consumer steps ---- */

enum cons_kind {
	CS_CONSUME,		/* arg: records to consume (libbpf's n), ~0 for all */
	CS_SET_ABS,		/* consumer_pos = arg */
	CS_SET_PROD_REL,	/* consumer_pos = producer_pos + (long)arg */
	CS_SET_CONS_REL,	/* consumer_pos = consumer_pos + (long)arg */
	CS_SET_PEND_REL,	/* consumer_pos = pending_pos + (long)arg */
};

struct cons_step {
	int kind;
	__u64 arg;
};

struct cons_result {
	__u64 count;	/* records handed to the callback */
	__u64 sum;	/* FNV-1a over their lengths and bytes */
	bool busy_stop;	/* the walk stopped at a BUSY record */
};

static __u64 fnv1a(__u64 h, const void *p, size_t n)
{
	const __u8 *b = p;

	while (n--)
		h = (h ^ *b++) * 0x100000001b3ULL;
	return h;
}

/*
 * libbpf's ringbuf_process_ring() with n = k (src/ringbuf.c, libbpf 1.1-1.7):
 * walk committed records from consumer_pos, skip discarded ones, stop at the
 * first BUSY one, release-store consumer_pos after every record. After a
 * hostile consumer_pos the headers walked are garbage; the walk is capped at
 * one ring's worth of headers so both sides stop at the same place.
 *
 * The callback here checksums each sample. libbpf passes it (sample, len)
 * unchecked: after a misaligned consumer_pos, len comes from payload bytes
 * and may reach 2^30 - 1, so a callback that trusted it would read past the
 * mapping on the kernel's ring as on the port's (a fault, or the bytes of
 * whatever is mapped next). What both sides expose is the double-mapped data
 * area: the checksum covers the sample up to the end of its second copy,
 * 2 * size - off - 8 bytes at most, which every genuine record fits in.
 */
static void view_consume(struct ring_view *v, __u64 k, struct cons_result *out)
{
	size_t cap = v->size / BPF_RINGBUF_HDR_SZ + 1;
	unsigned long cons_pos, prod_pos, mask = v->size - 1;
	bool got_new_data;

	memset(out, 0, sizeof(*out));
	out->sum = 0xcbf29ce484222325ULL;
	/* R3: our own store-release below, on an earlier step */
	cons_pos = smp_load_acquire(v->cons);
	do {
		got_new_data = false;
		/* A1: pairs with smp_store_release(producer_pos) in __bpf_ringbuf_reserve() */
		prod_pos = smp_load_acquire(&v->prod[0]);
		while (cons_pos < prod_pos && cap--) {
			size_t off = cons_pos & mask;
			const __u32 *len_ptr = (const __u32 *)(v->data + off);
			/* A2: pairs with xchg(&hdr->len) in bpf_ringbuf_commit() (R2) */
			__u32 len = smp_load_acquire(len_ptr);

			if (len & BPF_RINGBUF_BUSY_BIT) {
				out->busy_stop = true;
				goto done;
			}
			got_new_data = true;
			cons_pos += round_up((len & ~(BPF_RINGBUF_BUSY_BIT |
						      BPF_RINGBUF_DISCARD_BIT)) +
					     BPF_RINGBUF_HDR_SZ, 8);
			if (!(len & BPF_RINGBUF_DISCARD_BIT)) {
				/* the sample may wrap: the second mapping makes it contiguous */
				size_t n = len & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
				size_t room = 2 * v->size - off - BPF_RINGBUF_HDR_SZ;

				/* garbage header: stop at the end of the mapping */
				if (n > room)
					n = room;
				out->sum = fnv1a(out->sum, &len, sizeof(len));
				out->sum = fnv1a(out->sum,
						 (const __u8 *)len_ptr + BPF_RINGBUF_HDR_SZ, n);
				out->count++;
			}
			/* R3: pairs with smp_load_acquire(consumer_pos) in reserve (A3) */
			smp_store_release(v->cons, cons_pos);
			if (out->count >= k)
				goto done;
		}
	} while (got_new_data && cap != (size_t)-1);
done:
	return;
}

static unsigned long cons_target(const struct cons_step *cs, const struct ring_state *st)
{
	switch (cs->kind) {
	case CS_SET_ABS:
		return cs->arg;
	case CS_SET_PROD_REL:
		return st->prod + cs->arg;
	case CS_SET_CONS_REL:
		return st->cons + cs->arg;
	default:
		return st->pend + cs->arg;
	}
}

/* ---- the kernel side ---- */

struct kernel_side {
	struct validate_bpf *skel;
	int prog_fd;
	void *cons_page;
	void *prod_area;
	size_t prod_len;
	struct ring_view v;
};

static int kernel_open(struct kernel_side *k, size_t size, char *err, size_t errlen)
{
	long page = sysconf(_SC_PAGESIZE);
	int map_fd, ret;

	memset(k, 0, sizeof(*k));
	k->skel = validate_bpf__open();
	if (!k->skel) {
		snprintf(err, errlen, "cannot open the BPF object (%s)", strerror(errno));
		return -1;
	}
	bpf_map__set_max_entries(k->skel->maps.rb, size);
	ret = validate_bpf__load(k->skel);
	if (ret) {
		snprintf(err, errlen, "the kernel refused validate.bpf.o (%s; --verbose shows why)",
			 strerror(-ret));
		goto err;
	}
	k->prog_fd = bpf_program__fd(k->skel->progs.run_ops);
	map_fd = bpf_map__fd(k->skel->maps.rb);

	/* as libbpf's ring_buffer__add(): consumer page RW, producer page + 2 x data RO */
	k->cons_page = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
	if (k->cons_page == MAP_FAILED) {
		snprintf(err, errlen, "mmap of the consumer page: %s", strerror(errno));
		k->cons_page = NULL;
		goto err;
	}
	k->prod_len = page + 2 * size;
	k->prod_area = mmap(NULL, k->prod_len, PROT_READ, MAP_SHARED, map_fd, page);
	if (k->prod_area == MAP_FAILED) {
		snprintf(err, errlen, "mmap of the producer page and data: %s", strerror(errno));
		k->prod_area = NULL;
		goto err;
	}
	k->v.cons = k->cons_page;
	k->v.prod = k->prod_area;
	k->v.data = (const __u8 *)k->prod_area + page;
	k->v.size = size;

	for (size_t i = 0; i < VAL_PAT_SIZE; i++)
		k->skel->bss->pat[i] = val_pat_byte(i);
	return 0;
err:
	if (k->cons_page)
		munmap(k->cons_page, page);
	validate_bpf__destroy(k->skel);
	k->skel = NULL;
	return -1;
}

static void kernel_close(struct kernel_side *k)
{
	if (!k->skel)
		return;
	munmap(k->cons_page, sysconf(_SC_PAGESIZE));
	munmap(k->prod_area, k->prod_len);
	validate_bpf__destroy(k->skel);
	k->skel = NULL;
}

/* ---- the port side: the same interpreter as validate.bpf.c, in C ---- */

struct reclog {
	unsigned long pos;	/* producer_pos the record was reserved at */
	__u32 size;
};

struct port_side {
	struct bpf_ringbuf_map *map;
	struct ringbuf_mmap mm;
	struct ring_view v;
	void *slot[VAL_SLOTS];
	bool held[VAL_SLOTS];
	__s64 res[VAL_MAX_OPS];
	/* recent reservations, to decode the records around a difference */
	struct reclog log[RECLOG_LEN];
	unsigned long nlog;
	unsigned long wrapped;	/* records that wrapped past the end of the data area */
};

static const __u64 const_sizes[VAL_NR_CONST] = VAL_CONST_SIZES;
static __u8 port_pat[VAL_PAT_SIZE];

static int port_open(struct port_side *p, size_t size, char *err, size_t errlen)
{
	int ret;

	memset(p, 0, sizeof(*p));
	p->map = ringbuf_map__new(size, 0);
	if (!p->map) {
		snprintf(err, errlen, "ringbuf_map__new(%zu): %s", size, strerror(errno));
		return -1;
	}
	ret = ringbuf_map__mmap(p->map, &p->mm);
	if (ret) {
		snprintf(err, errlen, "ringbuf_map__mmap: %s", strerror(-ret));
		ringbuf_map__free(p->map);
		return -1;
	}
	p->v.cons = p->mm.consumer_pos;
	p->v.prod = p->mm.producer_pos;
	p->v.data = p->mm.data;
	p->v.size = p->mm.size;
	return 0;
}

static void port_close(struct port_side *p)
{
	if (!p->map)
		return;
	ringbuf_map__munmap(&p->mm);
	ringbuf_map__free(p->map);
	p->map = NULL;
}

static void port_log(struct port_side *p, unsigned long pos, __u32 size)
{
	size_t mask = p->v.size - 1;

	p->log[p->nlog++ % RECLOG_LEN] = (struct reclog){ .pos = pos, .size = size };
	if ((pos & mask) + round_up(size + BPF_RINGBUF_HDR_SZ, 8) > p->v.size)
		p->wrapped++;
}

static __s64 port_reserve_dyn(struct port_side *p, const struct val_op *op, int s)
{
	unsigned long pos = READ_ONCE(p->v.prod[0]);
	long r;

	if (p->held[s])
		return VRES_SLOT_BUSY;
	r = bpf_ringbuf_reserve_dynptr(p->map, (__u32)op->size, op->flags, &p->slot[s]);
	p->held[s] = true;
	if (r)
		return r;
	port_log(p, pos, (__u32)op->size);
	if (op->size > VAL_FILL_MAX)
		return VRES_FILL_FAIL;
	memcpy(p->slot[s], &port_pat[op->pat_off & (VAL_PAT_PERIOD - 1)], (__u32)op->size);
	return 0;
}

static __s64 port_resolve_dyn(struct port_side *p, const struct val_op *op, int s, bool discard)
{
	if (!p->held[s])
		return VRES_SLOT_EMPTY;
	/* bpf_ringbuf_{submit,discard}_dynptr(): a NULL dynptr is a no-op */
	if (p->slot[s]) {
		if (discard)
			bpf_ringbuf_discard(p->slot[s], op->flags);
		else
			bpf_ringbuf_submit(p->slot[s], op->flags);
	}
	p->slot[s] = NULL;
	p->held[s] = false;
	return 0;
}

static __s64 port_reserve_const(struct port_side *p, const struct val_op *op)
{
	unsigned long pos = READ_ONCE(p->v.prod[0]);
	__u64 sz;
	__s64 r = 1;
	void *rec;

	if (op->slot >= VAL_NR_CONST)
		return VRES_BAD_OP;
	sz = const_sizes[op->slot];
	rec = bpf_ringbuf_reserve(p->map, sz, op->flags);
	if (!rec)
		return 0;
	port_log(p, pos, (__u32)sz);
	if (sz && sz <= VAL_CONST_FILL_MAX)
		memcpy(rec, &port_pat[op->pat_off & (VAL_PAT_PERIOD - 1)], sz);
	if (op->size)
		bpf_ringbuf_discard(rec, op->rflags);
	else
		bpf_ringbuf_submit(rec, op->rflags);
	return r;
}

static __s64 port_exec(struct port_side *p, const struct val_op *op)
{
	unsigned long pos;
	long r;

	switch (op->kind) {
	case VOP_NOP:
	case VOP_PAUSE:
		return 0;
	case VOP_RESERVE_DYN:
		return op->slot < VAL_SLOTS ? port_reserve_dyn(p, op, op->slot) : VRES_BAD_OP;
	case VOP_SUBMIT_DYN:
	case VOP_DISCARD_DYN:
		return op->slot < VAL_SLOTS ?
			port_resolve_dyn(p, op, op->slot, op->kind == VOP_DISCARD_DYN) :
			VRES_BAD_OP;
	case VOP_RESERVE_PTR:
		return port_reserve_const(p, op);
	case VOP_OUTPUT:
		if (op->size > VAL_FILL_MAX)
			return VRES_FILL_FAIL;
		pos = READ_ONCE(p->v.prod[0]);
		r = bpf_ringbuf_output(p->map, &port_pat[op->pat_off & (VAL_PAT_PERIOD - 1)],
				       op->size, op->flags);
		if (!r)
			port_log(p, pos, (__u32)op->size);
		return r;
	case VOP_QUERY:
		return (__s64)bpf_ringbuf_query(p->map, op->flags);
	default:
		return VRES_BAD_OP;
	}
}

/* what validate.bpf.c does after its last op: release what is still held */
static void port_end_run(struct port_side *p)
{
	for (int s = 0; s < VAL_SLOTS; s++) {
		if (p->held[s] && p->slot[s])
			bpf_ringbuf_discard(p->slot[s], 0);
		p->slot[s] = NULL;
		p->held[s] = false;
	}
}

/* ---- pauses: userfaultfd pages that VOP_PAUSE reads with bpf_copy_from_user() ---- */

struct pauser {
	int uffd;
	char *pages;
	size_t len;
};

static int pauser_open(struct pauser *pz, char *err, size_t errlen)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg;

	pz->len = VAL_MAX_PAUSES * PAGE_SIZE;
	pz->pages = NULL;
	/* kernel-mode faults (copy_from_user) need a privileged userfaultfd */
	pz->uffd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (pz->uffd < 0) {
		snprintf(err, errlen, "userfaultfd: %s", strerror(errno));
		return -1;
	}
	if (ioctl(pz->uffd, UFFDIO_API, &api)) {
		snprintf(err, errlen, "UFFDIO_API: %s", strerror(errno));
		goto err;
	}
	pz->pages = mmap(NULL, pz->len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
	if (pz->pages == MAP_FAILED) {
		pz->pages = NULL;
		snprintf(err, errlen, "mmap: %s", strerror(errno));
		goto err;
	}
	reg.range.start = (unsigned long)pz->pages;
	reg.range.len = pz->len;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	if (ioctl(pz->uffd, UFFDIO_REGISTER, &reg)) {
		snprintf(err, errlen, "UFFDIO_REGISTER: %s", strerror(errno));
		goto err;
	}
	return 0;
err:
	if (pz->pages)
		munmap(pz->pages, pz->len);
	close(pz->uffd);
	pz->uffd = -1;
	return -1;
}

static void pauser_close(struct pauser *pz)
{
	if (pz->uffd < 0)
		return;
	munmap(pz->pages, pz->len);
	close(pz->uffd);
	pz->uffd = -1;
}

/* ---- scripts ---- */

struct batch {
	struct val_op ops[VAL_MAX_OPS];
	int nops;
	/* consumer steps taken while the run is parked at its i-th pause */
	struct cons_step pstep[VAL_MAX_PAUSES][MAX_PAUSE_STEPS];
	int npstep[VAL_MAX_PAUSES];
	int npause;
};

struct stats {
	unsigned long steps;	/* steps compared, all scripts together */
	unsigned long runs, ops, pauses, busy_stops, consumed, hostile, verdicts;
	unsigned long reserved, wrapped, too_big, no_space;	/* the port's counts */
};

struct session {
	const char *label;		/* "random", or the targeted case's name */
	__u64 seed;
	size_t size;
	struct kernel_side k;
	struct port_side p;
	struct pauser *pz;		/* NULL: pauses unavailable */
	struct stats *st;
	/*
	 * Steps are numbered from 1 in each script (the random script, each
	 * targeted case): the number the mismatch report, --verbose, --steps
	 * and --inject-fault all use. limit: compare no more than this many.
	 */
	unsigned long steps, limit;
	unsigned long inject_step;	/* flip a port data byte after this step (0: never) */
	bool any_consumer;		/* a hostile step set consumer_pos: it may be anything */
	bool verbose;
	char why[240];			/* what ringbuf_map__valid() found wrong */
	char history[HISTORY_LEN][200];
	unsigned long nhist;
};

static int session_open(struct session *s, size_t size, char *err, size_t errlen)
{
	s->size = size;
	s->nhist = 0;
	s->steps = 0;
	s->limit = 0;
	s->any_consumer = false;
	if (kernel_open(&s->k, size, err, errlen))
		return -1;
	if (port_open(&s->p, size, err, errlen)) {
		kernel_close(&s->k);
		return -1;
	}
	if (s->pz)
		s->k.skel->bss->pause_base = (unsigned long)s->pz->pages;
	return 0;
}

static void session_close(struct session *s)
{
	struct ringbuf_stats rs;

	ringbuf_map__stats(s->p.map, &rs);
	s->st->reserved += s->p.nlog;
	s->st->wrapped += s->p.wrapped;
	s->st->too_big += rs.fail_too_big;
	s->st->no_space += rs.fail_no_space;
	port_close(&s->p);
	kernel_close(&s->k);
}

/* ---- describing ops and steps ---- */

static const char *const op_names[VOP__COUNT] = {
	[VOP_NOP] = "nop",
	[VOP_RESERVE_DYN] = "reserve_dynptr",
	[VOP_SUBMIT_DYN] = "submit_dynptr",
	[VOP_DISCARD_DYN] = "discard_dynptr",
	[VOP_RESERVE_PTR] = "reserve",
	[VOP_OUTPUT] = "output",
	[VOP_QUERY] = "query",
	[VOP_PAUSE] = "pause",
};

static void op_str(const struct val_op *op, char *buf, size_t len)
{
	const char *name = op->kind < VOP__COUNT ? op_names[op->kind] : "bad-op";

	switch (op->kind) {
	case VOP_RESERVE_DYN:
		snprintf(buf, len, "%s(slot %u, size %#llx, flags %#llx)", name, op->slot,
			 (unsigned long long)op->size, (unsigned long long)op->flags);
		break;
	case VOP_SUBMIT_DYN:
	case VOP_DISCARD_DYN:
		snprintf(buf, len, "%s(slot %u, flags %#llx)", name, op->slot,
			 (unsigned long long)op->flags);
		break;
	case VOP_RESERVE_PTR:
		snprintf(buf, len, "%s(size %#llx, flags %#llx) + %s(flags %#llx)", name,
			 op->slot < VAL_NR_CONST ? (unsigned long long)const_sizes[op->slot] : 0ULL,
			 (unsigned long long)op->flags, op->size ? "discard" : "submit",
			 (unsigned long long)op->rflags);
		break;
	case VOP_OUTPUT:
		snprintf(buf, len, "%s(size %#llx, flags %#llx)", name,
			 (unsigned long long)op->size, (unsigned long long)op->flags);
		break;
	case VOP_QUERY:
		snprintf(buf, len, "%s(flags %#llx)", name, (unsigned long long)op->flags);
		break;
	default:
		snprintf(buf, len, "%s(slot %u)", name, op->slot);
	}
}

static void cons_str(const struct cons_step *cs, char *buf, size_t len)
{
	switch (cs->kind) {
	case CS_CONSUME:
		if (cs->arg == ~0ULL)
			snprintf(buf, len, "consume all");
		else
			snprintf(buf, len, "consume %llu", (unsigned long long)cs->arg);
		break;
	case CS_SET_ABS:
		snprintf(buf, len, "consumer_pos = %#llx", (unsigned long long)cs->arg);
		break;
	default:
		snprintf(buf, len, "consumer_pos = %s %+lld",
			 cs->kind == CS_SET_PROD_REL ? "producer_pos" :
			 cs->kind == CS_SET_CONS_REL ? "consumer_pos" : "pending_pos",
			 (long long)cs->arg);
	}
}

static void remember(struct session *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void remember(struct session *s, const char *fmt, ...)
{
	va_list ap;
	char *h = s->history[s->nhist++ % HISTORY_LEN];

	va_start(ap, fmt);
	vsnprintf(h, sizeof(s->history[0]), fmt, ap);
	va_end(ap);
	if (s->verbose)
		printf("  step %lu: %s\n", s->steps + 1, h);
}

/* ---- comparison and the mismatch report ---- */

static void hexline(const __u8 *d, size_t size, size_t off, const __u8 *other, char *out)
{
	char *o = out;

	for (size_t i = 0; i < 16; i++) {
		size_t at = (off + i) & (size - 1);

		o += sprintf(o, "%02x%c", d[at], d[at] != other[at] ? '*' : ' ');
	}
}

/* x lies in the record at ring offset off of footprint len, or within 64 bytes of it */
static bool near_record(size_t x, size_t off, size_t len, size_t size)
{
	size_t d = (x - off) & (size - 1);

	return d < len + 64 || size - d <= 64;
}

/* the records reserved lately whose bytes are near [lo, hi], decoded on both sides */
static void report_records(const struct session *s, size_t lo, size_t hi)
{
	const struct port_side *p = &s->p;
	const struct ring_view *sides[2] = { &s->k.v, &p->v };
	unsigned long prod = READ_ONCE(p->v.prod[0]);
	unsigned long first = p->nlog > RECLOG_LEN ? p->nlog - RECLOG_LEN : 0;
	size_t mask = s->size - 1;
	const struct reclog *show[8];
	int n = 0;

	/* newest first; older records than one ring back have been written over */
	for (unsigned long i = p->nlog; i-- > first && n < 8;) {
		const struct reclog *r = &p->log[i % RECLOG_LEN];
		size_t len = round_up(r->size + BPF_RINGBUF_HDR_SZ, 8);

		if (prod - r->pos > s->size)
			break;
		if (near_record(lo, r->pos & mask, len, s->size) ||
		    near_record(hi, r->pos & mask, len, s->size))
			show[n++] = r;
	}
	printf("  records near the difference (reserved lately, decoded on each side):\n");
	if (!n) {
		printf("    (none of the last reservations is near it)\n");
		return;
	}
	printf("    %-14s %-8s %-6s | %-32s | %s\n", "position", "offset", "footpr",
	       "kernel header", "port header");
	while (n--) {
		const struct reclog *r = show[n];
		size_t off = r->pos & mask, len = round_up(r->size + BPF_RINGBUF_HDR_SZ, 8);
		char hdr[2][48];

		for (int j = 0; j < 2; j++) {
			const __u32 *h = (const __u32 *)(sides[j]->data + off);

			snprintf(hdr[j], sizeof(hdr[j]), "len %#x%s%s pg_off %u",
				 h[0] & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT),
				 h[0] & BPF_RINGBUF_BUSY_BIT ? " BUSY" : "",
				 h[0] & BPF_RINGBUF_DISCARD_BIT ? " DISCARD" : "", h[1]);
		}
		printf("    %#-14lx %#-8zx %#-6zx | %-32s | %s%s%s\n", r->pos, off, len, hdr[0],
		       hdr[1], off + len > s->size ? " (wraps)" : "",
		       (lo >= off && lo < off + len) ? "  <-- holds the first difference" : "");
	}
}

static void report(struct session *s, const char *what, const char *step,
		   const struct val_op *ops, int from, int to, const struct cons_result *kc,
		   const struct cons_result *pc)
{
	struct ring_state ks, ps;
	size_t first = SIZE_MAX, last = 0, ndiff = 0;
	const __s64 *kres = s->k.skel->bss->res;
	char buf[160];

	view_state(&s->k.v, &ks);
	view_state(&s->p.v, &ps);
	printf("validate: MISMATCH at step %lu (%s, seed %llu, ring %zu): %s\n", s->steps,
	       s->label, (unsigned long long)s->seed, s->size, what);
	printf("  step: %s\n", step);
	printf("  %-26s %-20s %-20s\n", "", "kernel", "port");
	printf("  %-26s %#-20lx %#-20lx%s\n", "consumer_pos", ks.cons, ps.cons,
	       ks.cons != ps.cons ? "  <--" : "");
	printf("  %-26s %#-20lx %#-20lx%s\n", "producer_pos", ks.prod, ps.prod,
	       ks.prod != ps.prod ? "  <--" : "");
	printf("  %-26s %#-20lx %#-20lx%s\n", "pending_pos", ks.pend, ps.pend,
	       ks.pend != ps.pend ? "  <--" : "");
	for (int i = from; i < to; i++) {
		op_str(&ops[i], buf, sizeof(buf));
		printf("  op %-2d %-60s -> %-8lld %-8lld%s\n", i, buf, (long long)kres[i],
		       (long long)s->p.res[i], kres[i] != s->p.res[i] ? "  <--" : "");
	}
	if (kc)
		printf("  %-26s %-20llu %-20llu%s\n  %-26s %#-20llx %#-20llx%s\n",
		       "records consumed", (unsigned long long)kc->count,
		       (unsigned long long)pc->count, kc->count != pc->count ? "  <--" : "",
		       "consumed bytes (fnv1a)", (unsigned long long)kc->sum,
		       (unsigned long long)pc->sum, kc->sum != pc->sum ? "  <--" : "");

	for (size_t i = 0; i < s->size; i++) {
		if (s->k.v.data[i] != s->p.v.data[i]) {
			if (first == SIZE_MAX)
				first = i;
			last = i;
			ndiff++;
		}
	}
	if (ndiff) {
		size_t lo = (first & ~(size_t)15), from_off, to_off;
		char kl[80], pl[80];

		printf("  data: %zu byte%s differ%s, offsets %#zx..%#zx (* marks them)\n", ndiff,
		       ndiff == 1 ? "" : "s", ndiff == 1 ? "s" : "", first, last);
		from_off = lo >= 32 ? lo - 32 : 0;
		to_off = lo + 48 < s->size ? lo + 48 : s->size;
		printf("    %-8s %-48s | %s\n", "offset", "kernel", "port");
		for (size_t off = from_off; off < to_off; off += 16) {
			hexline(s->k.v.data, s->size, off, s->p.v.data, kl);
			hexline(s->p.v.data, s->size, off, s->k.v.data, pl);
			printf("    %#-8zx %s| %s\n", off, kl, pl);
		}
		report_records(s, first, last);
	} else {
		printf("  data: all %zu bytes identical\n", s->size);
	}
	printf("  last steps:\n");
	for (unsigned long i = s->nhist > HISTORY_LEN ? s->nhist - HISTORY_LEN : 0; i < s->nhist;
	     i++)
		printf("    %s\n", s->history[i % HISTORY_LEN]);
	/* the generators depend on the seed and on whether pauses are available */
	if (!strcmp(s->label, "random")) {
		printf("  reproduce: rbsim validate --no-targeted --no-concurrent --seed %llu "
		       "--ring-size %zu --steps %lu%s", (unsigned long long)s->seed, s->size,
		       s->steps, s->pz ? "" : " --no-pause");
		if (s->inject_step)
			printf(" --inject-fault %lu", s->inject_step);
		printf(" --verbose\n");
	} else {
		printf("  reproduce: rbsim validate --no-random --no-concurrent --seed %llu%s "
		       "--verbose   # case %s, step %lu\n", (unsigned long long)s->seed,
		       s->pz ? "" : " --no-pause", s->label, s->steps);
	}
	fflush(stdout);
}

/* the fault injection that proves a difference is caught: flip one port data byte */
static void inject_fault(struct session *s)
{
	struct port_side *p = &s->p;
	size_t off = 0, page = PAGE_SIZE;
	__u8 *base, *at;

	if (p->nlog) {
		const struct reclog *r = &p->log[(p->nlog - 1) % RECLOG_LEN];

		off = (r->pos + BPF_RINGBUF_HDR_SZ + r->size / 2) & (s->size - 1);
	}
	/* the view maps the port's memfd read-only; it was opened read-write */
	at = (__u8 *)p->v.data + off;
	base = (__u8 *)((unsigned long)at & ~(page - 1));
	if (mprotect(base, page, PROT_READ | PROT_WRITE)) {
		fprintf(stderr, CMD ": inject: mprotect: %s\n", strerror(errno));
		return;
	}
	*at ^= 0x40;
	mprotect(base, page, PROT_READ);
	if (s->verbose)
		printf("  inject: flipped the port's data byte at %#zx\n", off);
}

/* the port's ring is whole after every step: ringbuf_map__valid(), the held slots in flight */
static bool port_invalid(struct session *s)
{
	unsigned int in_flight = 0;
	char why[200];

	for (int i = 0; i < VAL_SLOTS; i++)
		in_flight += s->p.held[i] && s->p.slot[i];
	if (!ringbuf_map__valid(s->p.map, in_flight,
				s->any_consumer ? RINGBUF_VALID_ANY_CONSUMER : 0, why, sizeof(why)))
		return false;
	snprintf(s->why, sizeof(s->why), "the port's ring is not valid: %s", why);
	return true;
}

/* compare the two sides after a step; false (and a report) on any difference */
static bool compare(struct session *s, const char *step, const struct val_op *ops, int from,
		    int to, const struct cons_result *kc, const struct cons_result *pc)
{
	struct ring_state ks, ps;
	const __s64 *kres = s->k.skel->bss->res;
	const char *what = NULL;

	s->steps++;
	s->st->steps++;
	if (s->inject_step && s->steps == s->inject_step)
		inject_fault(s);

	view_state(&s->k.v, &ks);
	view_state(&s->p.v, &ps);
	for (int i = from; i < to && !what; i++) {
		if (kres[i] != s->p.res[i])
			what = "op results differ";
	}
	if (!what && kc && (kc->count != pc->count || kc->sum != pc->sum))
		what = "consumed records differ";
	if (!what && ks.cons != ps.cons)
		what = "consumer_pos differs";
	if (!what && ks.prod != ps.prod)
		what = "producer_pos differs";
	if (!what && ks.pend != ps.pend)
		what = "pending_pos differs";
	if (!what && memcmp(s->k.v.data, s->p.v.data, s->size))
		what = "data differs";
	/* both data copies of each side must be the same pages */
	if (!what && memcmp(s->k.v.data, s->k.v.data + s->size, s->size))
		what = "kernel's second data mapping differs from the first";
	if (!what && memcmp(s->p.v.data, s->p.v.data + s->size, s->size))
		what = "port's second data mapping differs from the first";
	if (!what && port_invalid(s))
		what = s->why;
	if (!what)
		return true;
	report(s, what, step, ops, from, to, kc, pc);
	return false;
}

/* ---- running steps ---- */

/*
 * The script has compared its last step: what is left of a batch still runs
 * in the kernel (the program must finish) but is neither run on the port nor
 * compared, so --steps N compares exactly N steps and ends at the same step
 * whatever the batch it falls in.
 */
static bool session_full(const struct session *s)
{
	return s->limit && s->steps >= s->limit;
}

static bool do_cons_step(struct session *s, const struct cons_step *cs)
{
	struct cons_result kc, pc;
	struct ring_state st;
	char desc[120];

	if (session_full(s))
		return true;
	cons_str(cs, desc, sizeof(desc));
	remember(s, "%s", desc);
	if (cs->kind == CS_CONSUME) {
		view_consume(&s->k.v, cs->arg, &kc);
		view_consume(&s->p.v, cs->arg, &pc);
		s->st->consumed += pc.count;
		s->st->busy_stops += pc.busy_stop;
		return compare(s, desc, NULL, 0, 0, &kc, &pc);
	}
	/* a hostile consumer: the value comes from the (already compared) kernel state */
	view_state(&s->k.v, &st);
	/* R3: pairs with smp_load_acquire(consumer_pos) in reserve (A3) */
	smp_store_release(s->k.v.cons, cons_target(cs, &st));
	smp_store_release(s->p.v.cons, cons_target(cs, &st));
	s->st->hostile++;
	s->any_consumer = true;
	return compare(s, desc, NULL, 0, 0, NULL, NULL);
}

static void describe_ops(const struct val_op *ops, int from, int to, char *buf, size_t len)
{
	size_t o = 0;

	if (from == to) {
		snprintf(buf, len, "no ops (the run paused at op %d)", from);
		return;
	}
	o += snprintf(buf, len, "ops %d..%d:", from, to - 1);
	for (int i = from; i < to && o < len; i++) {
		char one[120];

		op_str(&ops[i], one, sizeof(one));
		o += snprintf(buf + o, len - o, " %s;", one);
	}
}

/* the port executes ops [from, to) and the step is compared */
static bool port_segment(struct session *s, const struct batch *b, int from, int to)
{
	char desc[600];

	if (session_full(s))
		return true;
	for (int i = from; i < to; i++) {
		s->p.res[i] = port_exec(&s->p, &b->ops[i]);
		if (b->ops[i].kind != VOP_QUERY && s->p.res[i] >= VRES_FILL_FAIL &&
		    s->p.res[i] <= VRES_SLOT_BUSY)
			s->st->verdicts++;
	}
	if (to == b->nops)
		port_end_run(&s->p);
	describe_ops(b->ops, from, to, desc, sizeof(desc));
	remember(s, "%s", desc);
	s->st->ops += to - from;
	if (!compare(s, desc, b->ops, from, to, NULL, NULL))
		return false;
	if (s->verbose) {
		printf("    results:");
		for (int i = from; i < to; i++)
			printf(" %lld", (long long)s->p.res[i]);
		printf("\n");
	}
	return true;
}

struct runner {
	int prog_fd;
	int done_fd;
	int err;
};

static void *runner_fn(void *arg)
{
	struct runner *r = arg;
	LIBBPF_OPTS(bpf_test_run_opts, opts);
	__u64 one = 1;

	r->err = bpf_prog_test_run_opts(r->prog_fd, &opts);
	if (write(r->done_fd, &one, sizeof(one)) < 0)
		r->err = -errno;
	return NULL;
}

static bool run_fail(struct session *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static bool run_fail(struct session *s, const char *fmt, ...)
{
	va_list ap;

	printf("validate: FAIL at step %lu (%s, seed %llu): ", s->steps + 1, s->label,
	       (unsigned long long)s->seed);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return false;
}

static bool run_batch(struct session *s, const struct batch *b)
{
	struct validate_bpf__bss *bss = s->k.skel->bss;
	struct runner r = { .prog_fd = s->k.prog_fd };
	struct pollfd pfd[2];
	pthread_t thr;
	int seg = 0, paused = 0;
	bool ok = true, finished = false;

	memcpy(bss->ops, b->ops, sizeof(b->ops[0]) * b->nops);
	bss->nops = b->nops;
	bss->done = 0;
	s->st->runs++;

	if (!b->npause) {
		LIBBPF_OPTS(bpf_test_run_opts, opts);
		int err = bpf_prog_test_run_opts(s->k.prog_fd, &opts);

		if (err)
			return run_fail(s, "BPF_PROG_TEST_RUN: %s", strerror(-err));
		return port_segment(s, b, 0, b->nops);
	}

	/* re-arm the pause pages: each first touch faults again */
	madvise(s->pz->pages, s->pz->len, MADV_DONTNEED);
	r.done_fd = eventfd(0, EFD_CLOEXEC);
	if (r.done_fd < 0)
		return run_fail(s, "eventfd: %s", strerror(errno));
	if (pthread_create(&thr, NULL, runner_fn, &r)) {
		close(r.done_fd);
		return run_fail(s, "pthread_create failed");
	}
	pfd[0] = (struct pollfd){ .fd = s->pz->uffd, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = r.done_fd, .events = POLLIN };
	while (!finished) {
		struct uffd_msg msg;
		int n = poll(pfd, 2, PAUSE_TIMEOUT_MS);

		if (n <= 0) {
			ok = run_fail(s, "the program neither paused nor finished in %d ms",
				      PAUSE_TIMEOUT_MS);
			break;
		}
		if (pfd[0].revents & POLLIN) {
			struct uffdio_zeropage zp;
			unsigned long page;
			__u32 at;

			if (read(s->pz->uffd, &msg, sizeof(msg)) != sizeof(msg))
				continue;
			if (msg.event != UFFD_EVENT_PAGEFAULT)
				continue;
			page = (msg.arg.pagefault.address - (unsigned long)s->pz->pages) /
			       PAGE_SIZE;
			/* the program stored done (the pause op's index) before faulting */
			at = __atomic_load_n(&bss->done, __ATOMIC_ACQUIRE);
			if (at >= (__u32)b->nops || b->ops[at].kind != VOP_PAUSE ||
			    b->ops[at].slot != page || paused >= b->npause) {
				ok = run_fail(s, "unexpected pause at op %u (page %lu)", at, page);
			} else {
				s->st->pauses += !session_full(s);
				ok = port_segment(s, b, seg, at);
				for (int i = 0; ok && i < b->npstep[page]; i++)
					ok = do_cons_step(s, &b->pstep[page][i]);
				seg = at;
				paused++;
			}
			/* let the program go on, whatever happened */
			zp.range.start = (unsigned long)s->pz->pages + page * PAGE_SIZE;
			zp.range.len = PAGE_SIZE;
			zp.mode = 0;
			if (ioctl(s->pz->uffd, UFFDIO_ZEROPAGE, &zp) && errno != EEXIST) {
				ok = run_fail(s, "UFFDIO_ZEROPAGE: %s", strerror(errno));
				break;
			}
			if (!ok)
				break;
		}
		if (pfd[1].revents & POLLIN)
			finished = true;
	}
	if (!finished) {
		/* closing nothing here: wake any fault still pending, then wait */
		struct uffdio_range all = { (unsigned long)s->pz->pages, s->pz->len };

		ioctl(s->pz->uffd, UFFDIO_WAKE, &all);
		for (int i = 0; i < VAL_MAX_PAUSES; i++) {
			struct uffdio_zeropage zp = {
				.range = { (unsigned long)s->pz->pages + i * PAGE_SIZE, PAGE_SIZE }
			};

			ioctl(s->pz->uffd, UFFDIO_ZEROPAGE, &zp);
		}
	}
	pthread_join(thr, NULL);
	close(r.done_fd);
	if (!ok)
		return false;
	if (r.err)
		return run_fail(s, "BPF_PROG_TEST_RUN: %s", strerror(-r.err));
	if (paused != b->npause)
		return run_fail(s, "the program paused %d times, the script has %d pauses", paused,
				b->npause);
	return port_segment(s, b, seg, b->nops);
}

/* ---- the random script ---- */

struct gen {
	__u64 x;
	size_t size;
	bool pauses;
	bool hostile_pending;	/* a hostile consumer_pos is in place */
};

static __u64 rnd(struct gen *g)
{
	/* splitmix64 */
	__u64 z = (g->x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static __u64 below(struct gen *g, __u64 n)
{
	return n ? rnd(g) % n : 0;
}

static __u64 pick_size(struct gen *g, bool dynptr)
{
	static const __u64 huge[] = { DYNPTR_MAX_SIZE, DYNPTR_MAX_SIZE + 1, RINGBUF_MAX_RECORD_SZ,
				      RINGBUF_MAX_RECORD_SZ + 1ULL, 0xffffffffULL,
				      0x100000000ULL + 16 /* u32 truncation */ };
	size_t rs = g->size;

	switch (below(g, 20)) {
	case 0:
		return 0;
	case 1: case 2: case 3: case 4:
		return 1 + below(g, 16);
	case 5: case 6:
		return 17 + below(g, 240);
	case 7:
		return PAGE_SIZE - 24 + below(g, 48);
	case 8: case 9:
		return below(g, rs / 4);
	case 10:
		return below(g, rs / 2);
	case 11:
		return rs - 32 + below(g, 32);	/* rs - 16 is the largest that fits */
	case 12:
		return rs - 8 + below(g, 64);
	case 13:
		return rs + below(g, rs);
	case 14:
		if (dynptr)
			return huge[below(g, sizeof(huge) / sizeof(huge[0]))];
		return VAL_FILL_MAX - below(g, 16);
	default:
		return 8 + below(g, 120);
	}
}

static __u64 pick_commit_flags(struct gen *g)
{
	static const __u64 f[] = { 0, 0, 0, 0, BPF_RB_NO_WAKEUP, BPF_RB_FORCE_WAKEUP,
				   BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP, 4, 1ULL << 63, ~0ULL };

	return below(g, 12) ? f[below(g, sizeof(f) / sizeof(f[0]))] : rnd(g);
}

static __u64 pick_reserve_flags(struct gen *g)
{
	static const __u64 f[] = { 1, 2, 3, 1ULL << 32, ~0ULL };

	return below(g, 16) ? 0 : f[below(g, sizeof(f) / sizeof(f[0]))];
}

static __u64 pick_query_flags(struct gen *g)
{
	static const __u64 f[] = { BPF_RB_AVAIL_DATA, BPF_RB_RING_SIZE, BPF_RB_CONS_POS,
				   BPF_RB_PROD_POS, 4, 5, (1ULL << 32) | 1, ~0ULL };

	return f[below(g, sizeof(f) / sizeof(f[0]))];
}

static void gen_cons_step(struct gen *g, struct cons_step *cs)
{
	static const __u64 odd_abs[] = { 0, 0x3000, 1ULL << 63, ~0ULL, ~0ULL - 7, 4 };
	unsigned int r = below(g, 100);

	if (g->hostile_pending && r < 60) {
		/* put the consumer back where a sane one would be */
		*cs = (struct cons_step){ CS_SET_PROD_REL, 0 };
		g->hostile_pending = false;
		return;
	}
	if (r < 82) {
		static const __u64 k[] = { 1, 1, 2, 3, 5, ~0ULL, ~0ULL };

		*cs = (struct cons_step){ CS_CONSUME, k[below(g, sizeof(k) / sizeof(k[0]))] };
		return;
	}
	g->hostile_pending = true;
	switch (below(g, 6)) {
	case 0:	/* skip everything, BUSY records included */
		*cs = (struct cons_step){ CS_SET_PROD_REL, 0 };
		g->hostile_pending = false;
		break;
	case 1:	/* ahead of the producer, as in CVE-2024-41009 */
		*cs = (struct cons_step){ CS_SET_PROD_REL, 8 * below(g, g->size / 8 + 1) };
		break;
	case 2:	/* rewind */
		*cs = (struct cons_step){ CS_SET_CONS_REL, -(__u64)(8 * below(g, g->size / 8)) };
		break;
	case 3:	/* misaligned */
		*cs = (struct cons_step){ CS_SET_CONS_REL, 1 + below(g, 15) };
		break;
	case 4:
		*cs = (struct cons_step){ CS_SET_PEND_REL, 0 };
		break;
	default:
		*cs = (struct cons_step){ CS_SET_ABS, odd_abs[below(g, sizeof(odd_abs) / 8)] };
	}
}

/* submit or discard one of the held slots, picked at random */
static void gen_resolve(struct gen *g, struct val_op *op, bool *held, int *nheld)
{
	int s;

	do {
		s = below(g, VAL_SLOTS);
	} while (!held[s]);
	op->kind = below(g, 3) ? VOP_SUBMIT_DYN : VOP_DISCARD_DYN;
	op->slot = s;
	op->flags = pick_commit_flags(g);
	held[s] = false;
	(*nheld)--;
}

static void gen_batch(struct gen *g, struct batch *b)
{
	bool held[VAL_SLOTS] = { false };
	int nheld = 0, want = below(g, 4) ? 1 + below(g, 10) : 1 + below(g, 40);

	memset(b, 0, sizeof(*b));
	while (b->nops < want && b->nops < VAL_MAX_OPS - VAL_SLOTS) {
		struct val_op *op = &b->ops[b->nops++];
		unsigned int r = below(g, 100);
		int s;

		op->pat_off = below(g, VAL_PAT_PERIOD);
		if (r < 28 && nheld < VAL_SLOTS) {
			do {
				s = below(g, VAL_SLOTS);
			} while (held[s]);
			op->kind = VOP_RESERVE_DYN;
			op->slot = s;
			op->size = pick_size(g, true);
			op->flags = pick_reserve_flags(g);
			held[s] = true;
			nheld++;
		} else if (r < 52 && nheld) {
			gen_resolve(g, op, held, &nheld);
		} else if (r < 70) {
			op->kind = VOP_OUTPUT;
			op->size = pick_size(g, false);
			if (op->size > VAL_FILL_MAX)
				op->size = VAL_FILL_MAX;
			op->flags = below(g, 4) ? pick_commit_flags(g) & 3 : pick_commit_flags(g);
		} else if (r < 82) {
			static const unsigned int w[] = { 0, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6 };

			op->kind = VOP_RESERVE_PTR;
			op->slot = w[below(g, sizeof(w) / sizeof(w[0]))];
			op->flags = pick_reserve_flags(g);
			op->size = below(g, 3) == 0;	/* discard one time in three */
			op->rflags = pick_commit_flags(g);
		} else if (r < 92) {
			op->kind = VOP_QUERY;
			op->flags = pick_query_flags(g);
		} else if (r < 97 && g->pauses && b->npause < VAL_MAX_PAUSES) {
			int n = 1 + below(g, MAX_PAUSE_STEPS);

			op->kind = VOP_PAUSE;
			op->slot = b->npause;
			for (int i = 0; i < n; i++)
				gen_cons_step(g, &b->pstep[b->npause][i]);
			b->npstep[b->npause++] = n;
		} else if (r < 98) {
			/* the interpreters' own verdicts must agree too */
			static const struct val_op odd[] = {
				{ .kind = VOP_RESERVE_DYN, .slot = VAL_SLOTS, .size = 8 },
				{ .kind = VOP_SUBMIT_DYN, .slot = 7 },
				{ .kind = VOP_RESERVE_PTR, .slot = VAL_NR_CONST },
				{ .kind = VOP__COUNT + 3 },
				{ .kind = VOP_NOP },
			};

			*op = odd[below(g, sizeof(odd) / sizeof(odd[0]))];
			if (op->kind == VOP_NOP && nheld) {
				/* reserve into a held slot, or resolve a free one */
				for (s = 0; !held[s]; s++)
					;
				*op = (struct val_op){ .kind = VOP_RESERVE_DYN, .slot = s,
						       .size = 8 };
			} else if (op->kind == VOP_NOP && nheld < VAL_SLOTS) {
				for (s = 0; held[s]; s++)
					;
				*op = (struct val_op){ .kind = VOP_DISCARD_DYN, .slot = s };
			}
		} else {
			op->kind = VOP_NOP;
		}
	}
	/* resolve what is still held, in a random order */
	while (nheld)
		gen_resolve(g, &b->ops[b->nops++], held, &nheld);
}

static bool run_random(struct session *s, unsigned long steps)
{
	struct gen g = { .x = s->seed, .size = s->size, .pauses = s->pz != NULL };
	struct batch b;

	s->limit = steps;
	while (!session_full(s)) {
		if (below(&g, 100) < 55) {
			gen_batch(&g, &b);
			if (!run_batch(s, &b))
				return false;
		} else {
			struct cons_step cs;

			gen_cons_step(&g, &cs);
			if (!do_cons_step(s, &cs))
				return false;
		}
	}
	return true;
}

/* ---- targeted cases: small hand-written scripts ---- */

struct tscript {
	struct session *s;
	struct batch b;
	bool open;
	bool ok;
};

static void t_begin(struct tscript *t)
{
	memset(&t->b, 0, sizeof(t->b));
	t->open = true;
}

static void t_end(struct tscript *t)
{
	t->open = false;
	if (t->ok)
		t->ok = run_batch(t->s, &t->b);
}

static struct val_op *t_op(struct tscript *t, __u32 kind)
{
	struct val_op *op = &t->b.ops[t->b.nops++];

	*op = (struct val_op){ .kind = kind, .pat_off = (t->b.nops * 131 + kind * 17) % 4096 };
	return op;
}

static void t_resv(struct tscript *t, __u32 slot, __u64 size, __u64 flags)
{
	struct val_op *op = t_op(t, VOP_RESERVE_DYN);

	op->slot = slot;
	op->size = size;
	op->flags = flags;
}

static void t_commit(struct tscript *t, __u32 slot, bool discard, __u64 flags)
{
	struct val_op *op = t_op(t, discard ? VOP_DISCARD_DYN : VOP_SUBMIT_DYN);

	op->slot = slot;
	op->flags = flags;
}

static void t_const(struct tscript *t, __u32 idx, __u64 flags, bool discard, __u64 rflags)
{
	struct val_op *op = t_op(t, VOP_RESERVE_PTR);

	op->slot = idx;
	op->flags = flags;
	op->size = discard;
	op->rflags = rflags;
}

static void t_output(struct tscript *t, __u64 size, __u64 flags)
{
	struct val_op *op = t_op(t, VOP_OUTPUT);

	op->size = size;
	op->flags = flags;
}

static void t_query_all(struct tscript *t)
{
	for (__u64 f = 0; f < 4; f++)
		t_op(t, VOP_QUERY)->flags = f;
}

static void t_pause(struct tscript *t)
{
	if (!t->s->pz)
		return;	/* without userfaultfd the steps run after the batch instead */
	t_op(t, VOP_PAUSE)->slot = t->b.npause++;
}

/* a consumer step: during the last pause if a batch is open, else on its own */
static void t_cons(struct tscript *t, int kind, __u64 arg)
{
	struct cons_step cs = { kind, arg };
	struct batch *b = &t->b;

	if (t->open && t->s->pz && b->npause && b->nops &&
	    b->ops[b->nops - 1].kind == VOP_PAUSE) {
		int p = b->npause - 1;

		if (b->npstep[p] < MAX_PAUSE_STEPS) {
			b->pstep[p][b->npstep[p]++] = cs;
			return;
		}
	}
	if (t->open)
		return;	/* no pause to hang it on: skipped */
	if (t->ok)
		t->ok = do_cons_step(t->s, &cs);
}

static void t_output1(struct tscript *t, __u64 size, __u64 flags)
{
	t_begin(t);
	t_output(t, size, flags);
	t_query_all(t);
	t_end(t);
}

static void case_exact_fill(struct tscript *t, size_t rs)
{
	t_output1(t, rs - 16, 0);	/* len = rs - 8: the largest record */
	t_output1(t, 0, 0);		/* no room left for even a header */
	t_begin(t);
	t_resv(t, 0, 0, 0);
	t_const(t, 0, 0, false, 0);
	t_commit(t, 0, false, 0);
	t_end(t);
	t_cons(t, CS_CONSUME, ~0ULL);
	/* fill with three records summing to exactly rs - 8 bytes */
	t_begin(t);
	t_output(t, rs / 4 - 8, 0);
	t_resv(t, 1, rs / 4 - 8, 0);
	t_resv(t, 2, rs / 2 - 16, 0);
	t_query_all(t);
	t_pause(t);
	t_cons(t, CS_CONSUME, ~0ULL);
	t_commit(t, 2, false, BPF_RB_FORCE_WAKEUP);
	t_output(t, 0, 0);
	t_commit(t, 1, false, BPF_RB_NO_WAKEUP);
	t_output(t, 0, 0);
	t_end(t);
	t_cons(t, CS_CONSUME, 1);
	t_output1(t, 0, 0);
	t_output1(t, rs / 4 - 16, 0);
	t_output1(t, 0, 0);
	t_cons(t, CS_CONSUME, ~0ULL);
}

static void case_one_over(struct tscript *t, size_t rs)
{
	static const __s64 d[] = { -17, -16, -15, -9, -8, -1, 0, 1 };

	for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
		t_output1(t, rs + d[i], 0);
		t_begin(t);
		t_resv(t, 0, rs + d[i], 0);
		t_query_all(t);
		t_commit(t, 0, i & 1, 0);
		t_end(t);
		t_cons(t, CS_CONSUME, ~0ULL);
	}
	/* a full ring refuses one more byte: partial fill, then the exact rest and one over */
	t_output1(t, rs / 2 - 8, 0);
	t_output1(t, rs / 2 - 15, 0);
	t_output1(t, rs / 2 - 16, 0);
	t_cons(t, CS_CONSUME, ~0ULL);
}

static void case_wrap(struct tscript *t, size_t rs)
{
	/* a record whose payload crosses the end of the data area */
	t_output1(t, rs - rs / 4, 0);
	t_cons(t, CS_CONSUME, ~0ULL);
	t_output1(t, rs / 2, 0);
	t_cons(t, CS_CONSUME, ~0ULL);
	/* a header in the last 8 bytes, its payload at the start */
	t_output1(t, rs - 24 - (rs - rs / 4 + rs / 2 + 16) % rs, 0);
	t_output1(t, 0, 0);
	t_cons(t, CS_CONSUME, ~0ULL);
	t_begin(t);
	t_resv(t, 0, 100, 0);
	t_resv(t, 1, rs / 2, 0);
	t_pause(t);
	t_cons(t, CS_CONSUME, ~0ULL);
	t_commit(t, 1, false, 0);
	t_pause(t);
	t_cons(t, CS_CONSUME, ~0ULL);
	t_commit(t, 0, false, 0);
	t_end(t);
	t_cons(t, CS_CONSUME, 1);
	t_cons(t, CS_CONSUME, ~0ULL);
	/* wrapping discarded and constant-size records */
	for (int i = 0; i < 12; i++) {
		t_begin(t);
		t_const(t, 4, 0, i & 1, 0);
		t_resv(t, 2, 3000 + i, 0);
		t_commit(t, 2, !(i & 1), 0);
		t_end(t);
		t_cons(t, CS_CONSUME, ~0ULL);
	}
}

static void case_discard_chain(struct tscript *t, size_t rs)
{
	(void)rs;
	t_begin(t);
	t_resv(t, 0, 40, 0);
	t_resv(t, 1, 24, 0);
	t_resv(t, 2, 8, 0);
	t_commit(t, 1, true, 0);
	t_pause(t);
	t_cons(t, CS_CONSUME, ~0ULL);	/* stops at slot 0, BUSY */
	t_commit(t, 0, true, 0);
	t_pause(t);
	t_cons(t, CS_CONSUME, ~0ULL);	/* skips two discarded, stops at slot 2 */
	t_const(t, 2, 0, true, 0);
	t_commit(t, 2, false, 0);
	t_query_all(t);
	t_end(t);
	t_cons(t, CS_CONSUME, ~0ULL);
	/* all discarded, in every order */
	static const int ord[6][3] = { { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 },
				       { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 } };
	for (int i = 0; i < 6; i++) {
		t_begin(t);
		for (int s = 0; s < 3; s++)
			t_resv(t, s, 16 * (s + 1) + i, 0);
		for (int j = 0; j < 3; j++) {
			t_commit(t, ord[i][j], j != i % 3, j);
			t_query_all(t);
		}
		t_output(t, 5, 0);
		t_end(t);
		t_cons(t, CS_CONSUME, 1);
	}
	t_cons(t, CS_CONSUME, ~0ULL);
}

/* CVE-2024-41009: a consumer_pos moved ahead must not let a reservation overlap a BUSY one */
static void case_overrun_2024(struct tscript *t, size_t rs)
{
	(void)rs;
	t_cons(t, CS_SET_ABS, 0x3000);
	t_begin(t);
	t_resv(t, 0, 0x3000, 0);	/* [0, 0x3008): allowed */
	t_resv(t, 1, 0x3000, 0);	/* would reach A's header through the second mapping */
	t_const(t, 4, 0, false, 0);	/* the same with plain bpf_ringbuf_reserve() */
	t_query_all(t);
	t_pause(t);
	t_cons(t, CS_CONSUME, ~0ULL);
	t_commit(t, 1, false, 0);
	t_commit(t, 0, false, 0);
	t_query_all(t);
	t_end(t);
	/* pending_pos catches up on the next reserve: now it fits */
	t_begin(t);
	t_const(t, 4, 0, false, 0);
	t_query_all(t);
	t_end(t);
	t_cons(t, CS_SET_PROD_REL, 0);
	t_output1(t, 8, 0);
	t_cons(t, CS_CONSUME, ~0ULL);
}

static void case_busy_across_steps(struct tscript *t, size_t rs)
{
	t_begin(t);
	t_resv(t, 0, 8, 0);
	t_output(t, 64, 0);
	t_pause(t);
	t_cons(t, CS_CONSUME, ~0ULL);		/* nothing: the first record is BUSY */
	t_cons(t, CS_SET_PROD_REL, 0);		/* a consumer jumping over it */
	t_query_all(t);
	/* only pending_pos holds the producers back now */
	for (int i = 0; i < 4; i++) {
		t_output(t, rs / 4 - 8, 0);
		t_pause(t);
		t_cons(t, CS_SET_PROD_REL, 0);
	}
	t_query_all(t);
	t_commit(t, 0, false, 0);
	t_output(t, rs / 4 - 8, 0);
	t_query_all(t);
	t_end(t);
	t_cons(t, CS_CONSUME, ~0ULL);
}

static void case_flags(struct tscript *t, size_t rs)
{
	static const __u64 f[] = { 0, BPF_RB_NO_WAKEUP, BPF_RB_FORCE_WAKEUP,
				   BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP, 4, 8, 1ULL << 32,
				   1ULL << 63, ~0ULL };
	static const __u64 q[] = { 0, 1, 2, 3, 4, 5, 0x100000001ULL, ~0ULL };
	size_t nf = sizeof(f) / sizeof(f[0]);

	(void)rs;
	for (size_t i = 0; i < nf; i++) {
		t_begin(t);
		t_resv(t, 0, 24, f[i]);
		t_const(t, 2, f[i], false, 0);
		t_output(t, 24, f[i]);
		t_resv(t, 1, 24, 0);
		t_resv(t, 2, 24, 0);
		t_commit(t, 1, false, f[i]);
		t_commit(t, 2, true, f[i]);
		t_commit(t, 0, false, f[i]);
		t_const(t, 1, 0, false, f[i]);
		t_const(t, 1, 0, true, f[i]);
		for (size_t j = 0; j < sizeof(q) / sizeof(q[0]); j++)
			t_op(t, VOP_QUERY)->flags = q[j];
		t_end(t);
		t_cons(t, CS_CONSUME, ~0ULL);
	}
}

static void case_size_edges(struct tscript *t, size_t rs)
{
	const __u64 dyn[] = { 0, 1, 7, 8, 9, PAGE_SIZE - 8, PAGE_SIZE - 1, PAGE_SIZE,
			      PAGE_SIZE + 1, rs - 17, rs - 16, rs - 15, rs - 8, rs, rs + 1,
			      DYNPTR_MAX_SIZE, DYNPTR_MAX_SIZE + 1, RINGBUF_MAX_RECORD_SZ,
			      RINGBUF_MAX_RECORD_SZ + 1ULL, 0xffffffffULL, 0x100000008ULL };

	for (size_t i = 0; i < sizeof(dyn) / sizeof(dyn[0]); i++) {
		t_begin(t);
		t_resv(t, i % 3, dyn[i], 0);
		t_query_all(t);
		t_commit(t, i % 3, i & 1, 0);
		if (dyn[i] <= VAL_FILL_MAX)
			t_output(t, dyn[i], 0);
		t_end(t);
		t_cons(t, CS_CONSUME, ~0ULL);
	}
	for (int c = 0; c < VAL_NR_CONST; c++) {
		t_begin(t);
		t_const(t, c, 0, c & 1, 0);
		t_query_all(t);
		t_end(t);
		t_cons(t, CS_CONSUME, ~0ULL);
	}
	t_output1(t, VAL_FILL_MAX, 0);
}

static void case_hostile(struct tscript *t, size_t rs)
{
	static const __u64 abs_pos[] = { ~0ULL, 1ULL << 63, ~0ULL - 0x2fff, 4, 0 };

	t_output1(t, 100, 0);
	t_output1(t, 200, 0);
	for (size_t i = 0; i < sizeof(abs_pos) / sizeof(abs_pos[0]); i++) {
		t_cons(t, CS_SET_ABS, abs_pos[i]);
		t_output1(t, 64, 0);
		t_begin(t);
		t_resv(t, 0, rs / 2, 0);
		t_commit(t, 0, false, 0);
		t_end(t);
		t_cons(t, CS_CONSUME, ~0ULL);
	}
	/* rewound: an old record is read again */
	t_cons(t, CS_SET_PROD_REL, -(__u64)(rs / 2));
	t_cons(t, CS_CONSUME, ~0ULL);
	t_cons(t, CS_SET_PROD_REL, -4);			/* misaligned: garbage headers */
	t_cons(t, CS_CONSUME, ~0ULL);
	t_cons(t, CS_SET_PROD_REL, rs);			/* a full ring ahead */
	t_output1(t, rs - 16, 0);
	t_cons(t, CS_SET_PROD_REL, 0);
	t_output1(t, 8, 0);
	t_cons(t, CS_CONSUME, ~0ULL);
}

struct tcase {
	const char *name;
	size_t ring;	/* 0: the --ring-size */
	void (*fn)(struct tscript *t, size_t rs);
	unsigned long random_steps;	/* instead of fn: a short random run on this ring */
};

static const struct tcase tcases[] = {
	{ "exact-fill", 0x4000, case_exact_fill, 0 },
	{ "one-byte-over", 0x4000, case_one_over, 0 },
	{ "wrap", 0x4000, case_wrap, 0 },
	{ "wrap-one-page", 0x1000, case_wrap, 0 },
	{ "discard-chains", 0x4000, case_discard_chain, 0 },
	{ "overrun-2024", 0x4000, case_overrun_2024, 0 },
	{ "busy-across-steps", 0x4000, case_busy_across_steps, 0 },
	{ "flags", 0x1000, case_flags, 0 },
	{ "size-edges", 0x4000, case_size_edges, 0 },
	{ "size-edges-one-page", 0x1000, case_size_edges, 0 },
	{ "hostile-consumer", 0x4000, case_hostile, 0 },
	{ "random-one-page", 0x1000, NULL, 1000 },
	{ "random-256k", VAL_FILL_MAX, NULL, 500 },
};

/* ---- the command ---- */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: rbsim validate [options]\n"
		"Run the same op scripts on the port and on the kernel's BPF_MAP_TYPE_RINGBUF\n"
		"and compare results, positions and data bytes after every step.\n\n"
		"  --seed N          seed of the random script (default %d)\n"
		"  --steps N         steps of the random script, compared one by one (default %d);\n"
		"                    each script (random, every targeted case) numbers its steps from 1\n"
		"  --ring-size N     ring of the random script, bytes (power of 2, %lu..%d;\n"
		"                    default %d)\n"
		"  --no-random       skip the random script\n"
		"  --no-targeted     skip the targeted cases\n"
		"  --no-concurrent   skip the concurrent check\n"
		"  --concurrent      only the concurrent check\n"
		"  --producers N     concurrent check: producer threads (default: online CPUs, >= 2)\n"
		"  --records N       concurrent check: records per producer (default %d)\n"
		"  --no-pause        no userfaultfd pauses (no BUSY records across steps)\n"
		"  --inject-fault N  prove a difference is caught: flip a port data byte at step N\n"
		"                    of the random script (concurrent check: hide its N-th record)\n"
		"  --perfbuf         validate the perf buffer port instead (rbsim validate-perfbuf)\n"
		"  --verbose         print every step\n"
		"exit status: 0 identical, 1 a difference or failure, 2 bad options,\n"
		"%d skipped (no BPF privileges or BTF; a failure with RBSIM_REQUIRE_KERNEL=1)\n",
		DEF_SEED, DEF_STEPS, PAGE_SIZE, VAL_FILL_MAX, DEF_RING, CONC_DEF_RECORDS,
		RBSIM_EXIT_SKIP);
}

static bool parse_ulong(const char *s, unsigned long long *out)
{
	char *end;

	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	*out = strtoull(s, &end, 0);
	return !errno && !*end;
}

enum { OPT_NO_RANDOM = 256, OPT_NO_TARGETED, OPT_NO_CONC, OPT_CONC, OPT_PRODUCERS,
       OPT_RECORDS, OPT_NO_PAUSE, OPT_INJECT };

static int validate_main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "steps", required_argument, NULL, 'n' },
		{ "ring-size", required_argument, NULL, 'r' },
		{ "no-random", no_argument, NULL, OPT_NO_RANDOM },
		{ "no-targeted", no_argument, NULL, OPT_NO_TARGETED },
		{ "no-concurrent", no_argument, NULL, OPT_NO_CONC },
		{ "concurrent", no_argument, NULL, OPT_CONC },
		{ "producers", required_argument, NULL, OPT_PRODUCERS },
		{ "records", required_argument, NULL, OPT_RECORDS },
		{ "no-pause", no_argument, NULL, OPT_NO_PAUSE },
		{ "inject-fault", required_argument, NULL, OPT_INJECT },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long seed = DEF_SEED, steps = DEF_STEPS, ring = DEF_RING, v;
	unsigned long long producers = 0, records = CONC_DEF_RECORDS, inject = 0;
	bool do_random = true, do_targeted = true, do_conc = true, pauses = true, verbose = false;
	struct stats st = { 0 };
	struct pauser pz = { .uffd = -1 };
	struct session s;
	char err[256];
	const char *env;
	int c, rc;

	/* --perfbuf: the perf buffer's validation (perfbuf_validate.c) takes the rest */
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--perfbuf")) {
			char *args[64];
			int n = 0;

			if (argc >= 64) {
				fprintf(stderr, CMD ": too many arguments\n");
				return RBSIM_EXIT_USAGE;
			}
			for (int j = 0; j < argc; j++) {
				if (j != i)
					args[n++] = argv[j];
			}
			args[n] = NULL;
			return perfbuf_validate_main(n, args);
		}
	}

	optind = 1;
	opterr = 0;	/* one line of our own instead of getopt's */
	while ((c = getopt_long(argc, argv, ":hv", lopts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (!parse_ulong(optarg, &seed)) {
				fprintf(stderr, CMD ": --seed wants a number, not '%s'\n", optarg);
				return RBSIM_EXIT_USAGE;
			}
			break;
		case 'n':
			/* 0 would compare nothing: --no-random says that */
			if (!parse_ulong(optarg, &steps) || !steps || steps > 100000000ULL) {
				fprintf(stderr, CMD ": --steps wants a count from 1 to 1e8, not '%s'\n",
					optarg);
				return RBSIM_EXIT_USAGE;
			}
			break;
		case 'r':
			if (!parse_ulong(optarg, &ring) || ring < PAGE_SIZE ||
			    ring > VAL_FILL_MAX || !is_power_of_2(ring)) {
				fprintf(stderr,
					CMD ": --ring-size wants a power of 2 from %lu to %d, not '%s'\n",
					PAGE_SIZE, VAL_FILL_MAX, optarg);
				return RBSIM_EXIT_USAGE;
			}
			break;
		case OPT_NO_RANDOM:
			do_random = false;
			break;
		case OPT_NO_TARGETED:
			do_targeted = false;
			break;
		case OPT_NO_CONC:
			do_conc = false;
			break;
		case OPT_CONC:
			do_random = do_targeted = false;
			do_conc = true;
			break;
		case OPT_PRODUCERS:
			if (!parse_ulong(optarg, &producers) || !producers ||
			    producers > CONC_MAX_PRODUCERS) {
				fprintf(stderr, CMD ": --producers wants 1..%d, not '%s'\n",
					CONC_MAX_PRODUCERS, optarg);
				return RBSIM_EXIT_USAGE;
			}
			break;
		case OPT_RECORDS:
			if (!parse_ulong(optarg, &records) || !records || records > 1000000000ULL) {
				fprintf(stderr, CMD ": --records wants 1..1e9, not '%s'\n", optarg);
				return RBSIM_EXIT_USAGE;
			}
			break;
		case OPT_NO_PAUSE:
			pauses = false;
			break;
		case OPT_INJECT:
			if (!parse_ulong(optarg, &inject) || !inject) {
				fprintf(stderr, CMD ": --inject-fault wants a step number >= 1, not '%s'\n",
					optarg);
				return RBSIM_EXIT_USAGE;
			}
			break;
		case 'v':
			verbose = true;
			break;
		case 'h':
			usage(stdout);
			return RBSIM_EXIT_OK;
		default:
			if (c == ':')
				fprintf(stderr, CMD ": option '%s' needs a value\n", argv[optind - 1]);
			else
				fprintf(stderr, CMD ": bad option '%s' (see rbsim validate --help)\n",
					argv[optind - 1]);
			return RBSIM_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, CMD ": unexpected argument '%s'\n", argv[optind]);
		return RBSIM_EXIT_USAGE;
	}
	if (!do_random && !do_targeted && !do_conc) {
		fprintf(stderr, CMD ": nothing to check: the random script, the targeted cases and "
			"the concurrent check are all turned off\n");
		return RBSIM_EXIT_USAGE;
	}
	/* hidden: the test suite's proof that a difference is caught */
	env = getenv("RBSIM_VALIDATE_INJECT");
	if (env && *env) {
		if (!parse_ulong(env, &v) || !v) {
			fprintf(stderr, CMD ": RBSIM_VALIDATE_INJECT wants a step number, not '%s'\n",
				env);
			return RBSIM_EXIT_USAGE;
		}
		inject = v;
	}

	rc = kcheck(CMD, KCHECK_BPF | KCHECK_BTF);
	if (rc)
		return rc;
	rbsim_libbpf_verbose(verbose);
	for (size_t i = 0; i < VAL_PAT_SIZE; i++)
		port_pat[i] = val_pat_byte(i);

	memset(&s, 0, sizeof(s));
	s.st = &st;
	s.verbose = verbose;
	s.seed = seed;
	if ((do_random || do_targeted) && pauses) {
		if (pauser_open(&pz, err, sizeof(err)))
			printf("validate: note: %s: no BUSY records across steps\n", err);
		else
			s.pz = &pz;
	}

	rc = RBSIM_EXIT_OK;
	if (do_targeted) {
		unsigned long before = st.steps;

		for (size_t i = 0; i < sizeof(tcases) / sizeof(tcases[0]) && !rc; i++) {
			const struct tcase *tc = &tcases[i];
			struct tscript t = { .s = &s, .ok = true };

			s.label = tc->name;
			if (session_open(&s, tc->ring, err, sizeof(err))) {
				printf("validate: FAIL: %s\n", err);
				rc = RBSIM_EXIT_FAIL;
				break;
			}
			if (tc->fn)
				tc->fn(&t, tc->ring);
			else
				t.ok = run_random(&s, tc->random_steps);
			if (!t.ok)
				rc = RBSIM_EXIT_FAIL;
			else if (verbose)
				printf("validate: case %s: ok\n", tc->name);
			session_close(&s);
		}
		if (!rc)
			printf("validate: targeted: %zu cases, %lu/%lu steps identical\n",
			       sizeof(tcases) / sizeof(tcases[0]), st.steps - before,
			       st.steps - before);
	}
	if (do_random && !rc) {
		s.label = "random";
		/* the fault goes into the random script, at its step number */
		s.inject_step = inject;
		if (session_open(&s, ring, err, sizeof(err))) {
			printf("validate: FAIL: %s\n", err);
			rc = RBSIM_EXIT_FAIL;
		} else {
			if (!run_random(&s, steps))
				rc = RBSIM_EXIT_FAIL;
			else
				printf("validate: random: seed %llu, ring %llu: %lu/%lu steps identical\n",
				       seed, ring, s.steps, s.steps);
			session_close(&s);
		}
	}
	pauser_close(&pz);
	if (!rc && (do_random || do_targeted)) {
		printf("validate: coverage: runs=%lu ops=%lu reserved=%lu wrapped=%lu "
		       "refused_too_big=%lu refused_no_space=%lu pauses=%lu consumed=%lu "
		       "busy_stops=%lu hostile=%lu verdicts=%lu\n",
		       st.runs, st.ops, st.reserved, st.wrapped, st.too_big, st.no_space, st.pauses,
		       st.consumed, st.busy_stops, st.hostile, st.verdicts);
		printf("validate: %lu/%lu steps identical\n", st.steps, st.steps);
	}
	if (!rc && do_conc)
		rc = validate_concurrent(CMD, producers, records, inject, verbose);
	return rc;
}

RBSIM_COMMAND(validate, "validate",
	      "compare the port with the kernel's BPF ring buffer, step by step", validate_main)
