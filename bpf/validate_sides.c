// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim validate: the two sides and what reads them (see validate.c for the
 * design): a ring as user space sees it and the consumer steps done on it,
 * the kernel's ring (validate.bpf.c through its skeleton), the port's ring
 * with an interpreter of the same ops in C, and the userfaultfd pages
 * VOP_PAUSE blocks on.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/userfaultfd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpf/validate_internal.h"
#include "validate.skel.h"

/* ---- a ring as user space sees it: the same code reads both sides ---- */

/* ---- consumer steps ---- */

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
void view_consume(struct ring_view *v, __u64 k, struct cons_result *out)
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

unsigned long cons_target(const struct cons_step *cs, const struct ring_state *st)
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

int kernel_open(struct kernel_side *k, size_t size, char *err, size_t errlen)
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

void kernel_close(struct kernel_side *k)
{
	if (!k->skel)
		return;
	munmap(k->cons_page, sysconf(_SC_PAGESIZE));
	munmap(k->prod_area, k->prod_len);
	validate_bpf__destroy(k->skel);
	k->skel = NULL;
}

/* ---- the port side: the same interpreter as validate.bpf.c, in C ---- */

const __u64 const_sizes[VAL_NR_CONST] = VAL_CONST_SIZES;
__u8 port_pat[VAL_PAT_SIZE];

int port_open(struct port_side *p, size_t size, char *err, size_t errlen)
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

void port_close(struct port_side *p)
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

__s64 port_exec(struct port_side *p, const struct val_op *op)
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
void port_end_run(struct port_side *p)
{
	for (int s = 0; s < VAL_SLOTS; s++) {
		if (p->held[s] && p->slot[s])
			bpf_ringbuf_discard(p->slot[s], 0);
		p->slot[s] = NULL;
		p->held[s] = false;
	}
}

/* ---- pauses: userfaultfd pages that VOP_PAUSE reads with bpf_copy_from_user() ---- */

int pauser_open(struct pauser *pz, char *err, size_t errlen)
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

void pauser_close(struct pauser *pz)
{
	if (pz->uffd < 0)
		return;
	munmap(pz->pages, pz->len);
	close(pz->uffd);
	pz->uffd = -1;
}
