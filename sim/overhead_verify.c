// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim overhead --verify: every figure measured. The ring buffer port
 * reserves and submits as a BPF program would and producer_pos says what a
 * record took; the perf buffer port writes on simulated CPU 0 and data_head
 * says it; the kernel's maps are measured the same way by bpf/overhead.c,
 * reached through the hooks bpf/ registers (struct ov_kern_ops).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ringbuf/ringbuf.h"
#include "ringbuf/perfbuf.h"
#include "ringbuf/kernel_compat.h"
#include "sim/kernel_check.h"
#include "sim/overhead_internal.h"

/* the port: reserve and submit, measure producer_pos, as a BPF program would */
struct ov_port {
	struct bpf_ringbuf_map *map;
	struct ringbuf_mmap view;
};

static unsigned long ov_port_drain(struct ov_port *p)
{
	/* A1: pairs with smp_store_release(&rb->producer_pos) in reserve (R1) */
	unsigned long prod_pos = smp_load_acquire(p->view.producer_pos);

	/* R3: pairs with smp_load_acquire(&rb->consumer_pos) in reserve (A3) */
	smp_store_release(p->view.consumer_pos, prod_pos);
	return prod_pos;
}

static uint64_t ov_port_fill(struct ov_port *p, uint64_t size, uint64_t count)
{
	uint64_t done;

	for (done = 0; done < count; done++) {
		void *rec = bpf_ringbuf_reserve(p->map, size, 0);

		if (!rec)
			break;
		bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
	}
	return done;
}

static void ov_port_measure(struct ov_port *p, uint64_t size, uint64_t max_records,
			    struct ov_measure *m)
{
	unsigned long before = ov_port_drain(p);

	ov_port_fill(p, size, 1);
	/* A1: pairs with smp_store_release(&rb->producer_pos) in reserve (R1) */
	m->footprint = smp_load_acquire(p->view.producer_pos) - before;
	ov_port_drain(p);
	m->capacity = ov_port_fill(p, size, max_records);
	ov_port_drain(p);
}

/*
 * The perf buffer port: a fresh BPF_OUTPUT event on simulated CPU 0 for every
 * size, since a refused record leaves a lost count that the next record
 * carries as a 24-byte PERF_RECORD_LOST.
 */
#define OV_PERF_CPU 0

struct ov_pport {
	struct perf_event_array *array;
	char *payload;
};

static uint64_t ov_pport_fill(struct ov_pport *p, uint64_t size, uint64_t count)
{
	uint64_t done;

	for (done = 0; done < count; done++) {
		if (bpf_perf_event_output(p->array, BPF_F_CURRENT_CPU, p->payload, size))
			break;
	}
	return done;
}

static int ov_pport_measure(const struct ov_opts *o, struct ov_pport *p, uint64_t size,
			    uint64_t max_records, struct ov_measure *m)
{
	struct perf_event_attr attr = ov_perf_attr();
	struct perf_event_mmap_page *hdr;
	struct perf_ring *ring;
	uint64_t before, head;
	int err = -ENOMEM;

	ring = perf_ring__open(&attr, OV_PERF_CPU);
	if (!ring)
		return -errno;
	hdr = perf_ring__mmap(ring, o->perf_pages);
	if (!hdr) {
		err = -errno;
		goto out;
	}
	err = perf_ring__enable(ring);
	if (!err)
		err = perf_event_array__update(p->array, OV_PERF_CPU, ring);
	if (err)
		goto out;

	/* (C): pairs with the data_head store-release in perf_output_put_handle() (B) */
	before = smp_load_acquire(&hdr->data_head);
	ov_pport_fill(p, size, 1);
	head = smp_load_acquire(&hdr->data_head);
	m->footprint = head - before;
	/* (D): pairs with the data_tail load-acquire in __perf_output_begin() (A) */
	smp_store_release(&hdr->data_tail, head);
	m->capacity = ov_pport_fill(p, size, max_records);
	perf_event_array__delete(p->array, OV_PERF_CPU);
out:
	perf_ring__close(ring);
	return err;
}

/* a measurement against the computation; a difference is said and marks the row */
static void ov_check(struct ov_row *r, const char *where, const struct ov_measure *m,
		     uint64_t fp, uint64_t cap)
{
	/* a record the buffer refuses moves nothing */
	if (m->footprint == (cap ? fp : 0) && m->capacity == cap)
		return;
	fprintf(stderr, "rbsim overhead: MISMATCH size %llu %s: measured footprint %llu, "
		"capacity %llu; computed %llu, %llu\n", (unsigned long long)r->size, where,
		(unsigned long long)m->footprint, (unsigned long long)m->capacity,
		(unsigned long long)(cap ? fp : 0), (unsigned long long)cap);
	r->mismatch = true;
}

/* what --verify measures on: both ports, and the kernel's maps when they can be used */
struct ov_verifier {
	struct ov_port port;
	struct ov_pport pport;
	struct ov_kern *k;
	bool rb_skip_noted, pf_skip_noted;
};

/* the ports, then the kernel side (or why not): 0, or -1 (said) */
static int ov_verifier_open(const struct ov_opts *o, struct ov_verifier *v)
{
	char why[256];
	int err;

	v->port.map = ringbuf_map__new(o->ring_size, 0);
	if (!v->port.map) {
		ov_fail("port: ringbuf_map__new(%u): %s", o->ring_size, strerror(errno));
		return -1;
	}
	err = ringbuf_map__mmap(v->port.map, &v->port.view);
	if (err) {
		ov_fail("port: ringbuf_map__mmap: %s", strerror(-err));
		return -1;
	}
	v->pport.array = perf_event_array__new(OV_PERF_CPU + 1);
	v->pport.payload = calloc(1, OV_PERF_MAX_PAYLOAD);
	if (!v->pport.array || !v->pport.payload || perf_cpu__set_current(OV_PERF_CPU)) {
		ov_fail("perf buffer port: %s", strerror(errno ? errno : ENOMEM));
		return -1;
	}
	if (ov_kern)
		v->k = ov_kern->open(o->ring_size, o->perf_pages, why, sizeof(why));
	else
		kcheck_not_built("--verify on the kernel", why, sizeof(why));
	/* the kernel is one part of --verify: skipped with a note, a failure if required */
	if (!v->k && kcheck_required()) {
		ov_fail("kernel: FAIL: %s (RBSIM_REQUIRE_KERNEL is set)", why);
		return -1;
	}
	if (!v->k)
		fprintf(stderr, "rbsim overhead: kernel: skipped (%s)\n", why);
	return 0;
}

static void ov_verifier_close(struct ov_verifier *v)
{
	if (v->k)
		ov_kern->close(v->k);
	free(v->pport.payload);
	perf_event_array__free(v->pport.array);
	ringbuf_map__munmap(&v->port.view);
	ringbuf_map__free(v->port.map);
}

/* one row on the ports: 0, or -1 (said) when the perf buffer port failed */
static int ov_verify_ports(const struct ov_opts *o, struct ov_verifier *v, struct ov_row *r)
{
	int err;

	ov_port_measure(&v->port, r->size, r->rb_cap + 1, &r->rb_port);
	r->rb_port_ok = true;
	ov_check(r, "ringbuf port", &r->rb_port, r->rb_fp, r->rb_cap);
	if (!r->pf_ok)
		return 0;
	err = ov_pport_measure(o, &v->pport, r->size, r->pf_cap + 1, &r->pf_port);
	if (err) {
		ov_fail("perf buffer port, size %llu: %s", (unsigned long long)r->size,
			strerror(-err));
		return -1;
	}
	r->pf_port_ok = true;
	ov_check(r, "perf port", &r->pf_port, r->pf_fp, r->pf_cap);
	return 0;
}

/*
 * one measurement on the kernel: true when it was made. A size it cannot
 * take is noted once; an error ends the kernel side for the sizes left.
 */
static bool ov_kern_result(struct ov_verifier *v, const struct ov_row *r, int err,
			   const char *what, bool *noted, const char *why)
{
	if (err < 0) {
		fprintf(stderr, "rbsim overhead: kernel %s: skipped from size %llu on (%s)\n",
			what, (unsigned long long)r->size, why);
		ov_kern->close(v->k);
		v->k = NULL;
		return false;
	}
	if (err > 0 && !*noted) {
		fprintf(stderr, "rbsim overhead: kernel %s: sizes %s skipped\n", what, why);
		*noted = true;
	}
	return !err;
}

/* one row on the kernel's maps, while they can be used */
static void ov_verify_kern(struct ov_verifier *v, struct ov_row *r)
{
	char why[256];
	int err;

	err = ov_kern->ringbuf(v->k, r->size, r->rb_cap + 1, &r->rb_kern, why, sizeof(why));
	if (ov_kern_result(v, r, err, "ringbuf", &v->rb_skip_noted, why)) {
		r->rb_kern_ok = true;
		ov_check(r, "ringbuf kernel", &r->rb_kern, r->rb_fp, r->rb_cap);
	}
	if (!v->k || !r->pf_ok)
		return;
	err = ov_kern->perf(v->k, r->size, r->pf_cap + 1, &r->pf_kern, why, sizeof(why));
	if (ov_kern_result(v, r, err, "perf buffer", &v->pf_skip_noted, why)) {
		r->pf_kern_ok = true;
		ov_check(r, "perf kernel", &r->pf_kern, r->pf_fp, r->pf_cap);
	}
}

long ov_verify(const struct ov_opts *o, struct ov_row *rows, size_t n)
{
	struct ov_verifier v = { 0 };
	long bad = 0;
	size_t i;

	if (ov_verifier_open(o, &v)) {
		ov_verifier_close(&v);
		return -1;
	}
	for (i = 0; i < n; i++) {
		struct ov_row *r = &rows[i];

		if (ov_verify_ports(o, &v, r)) {
			bad = -1;
			break;
		}
		if (v.k)
			ov_verify_kern(&v, r);
		bad += r->mismatch;
	}
	ov_verifier_close(&v);
	return bad;
}
