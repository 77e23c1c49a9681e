// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim overhead: the arithmetic. What one record of N payload bytes costs
 * in each buffer, how many an empty buffer takes, how far the payload can
 * grow for free or must shrink to cost less, and what a map costs in memory
 * (the rules: overhead.c).
 */
#include <string.h>

#include "ringbuf/kernel_compat.h"
#include "sim/overhead_internal.h"

static uint64_t ov_rb_footprint(uint64_t size)
{
	return round_up(size + OV_RB_HDR_SZ, (uint64_t)8);
}

/* perf_event_header + { u32 size; char data[size]; } padded to 8 */
static uint64_t ov_pf_raw_size(uint64_t size)
{
	return round_up(size + sizeof(uint32_t), (uint64_t)8) - sizeof(uint32_t);
}

static uint64_t ov_pf_footprint(uint64_t size)
{
	return 8 + sizeof(uint32_t) + ov_pf_raw_size(size);
}

/* records an empty buffer takes when it refuses once used + len > limit */
static uint64_t ov_capacity(uint64_t limit, uint64_t len)
{
	return limit / len;
}

void ov_compute(const struct ov_opts *o, const struct ov_item *it, struct ov_row *r)
{
	uint64_t perf_data = (uint64_t)o->perf_pages * o->page_size;

	memset(r, 0, sizeof(*r));
	r->size = it->size;
	r->name = it->name;

	r->rb_fp = ov_rb_footprint(r->size);
	r->rb_pad = r->rb_fp - OV_RB_HDR_SZ - r->size;
	/* len > ring size is refused outright; else new_prod_pos - cons_pos <= mask */
	r->rb_cap = r->rb_fp > o->ring_size ? 0 : ov_capacity(o->ring_size - 1, r->rb_fp);
	/* every payload up to footprint - header costs the same */
	r->rb_grow = r->rb_fp - OV_RB_HDR_SZ;
	/* the next footprint down is 8 bytes smaller; its largest payload */
	r->rb_shrink = r->rb_fp >= 16 ? r->rb_fp - 8 - OV_RB_HDR_SZ : OV_NONE;

	r->pf_ok = r->size <= OV_PERF_MAX_PAYLOAD;
	if (!r->pf_ok)
		return;
	r->pf_raw = ov_pf_raw_size(r->size);
	r->pf_fp = ov_pf_footprint(r->size);
	r->pf_pad = r->pf_fp - OV_PERF_HDR_SZ - r->size;
	/* CIRC_SPACE() of an empty buffer is data_size - 1 */
	r->pf_cap = ov_capacity(perf_data - 1, r->pf_fp);
	r->pf_grow = r->pf_fp - OV_PERF_HDR_SZ;
	r->pf_shrink = r->pf_fp >= 24 ? r->pf_fp - 8 - OV_PERF_HDR_SZ : OV_NONE;
}

void ov_memory(const struct ov_opts *o, struct ov_memory *m)
{
	uint64_t pg = o->page_size;

	m->rb_data_pages = o->ring_size / pg;
	/* the non-mmap()'able page, the consumer page and the producer page */
	m->rb_meta_pages = 3;
	m->rb_phys = (m->rb_data_pages + m->rb_meta_pages) * pg;
	/* bpf_ringbuf_area_alloc() vmap()s the data pages twice */
	m->rb_kern_virt = (m->rb_meta_pages + 2 * m->rb_data_pages) * pg;
	/* libbpf maps the consumer page, then the producer page and the data twice */
	m->rb_user_virt = (2 + 2 * m->rb_data_pages) * pg;
	/* one perf_event_mmap_page in front of the data pages */
	m->pf_pages_per_cpu = (uint64_t)o->perf_pages + 1;
	m->pf_phys = m->pf_pages_per_cpu * pg * o->cpus;
	m->pf_user_virt = m->pf_phys;
}

double ov_eff(uint64_t size, uint64_t fp)
{
	return (double)size / (double)fp;
}
