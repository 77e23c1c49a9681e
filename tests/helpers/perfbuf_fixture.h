/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fixture of the perf buffer port's suites (tests/ringbuf/test_perfbuf*.c):
 * the kernel's record arithmetic, a log of what the consumer's callbacks saw,
 * in order, and one simulated CPU's buffer opened as libbpf's perf_buffer__new()
 * or __new_raw() opens it. Static, one copy per suite: each test runs in its
 * own process.
 */
#ifndef RBSIM_TESTS_PERFBUF_FIXTURE_H
#define RBSIM_TESTS_PERFBUF_FIXTURE_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>

#include "ringbuf/perfbuf.h"
#include "tests/helpers/stamp.h"

#define PG 4096UL
#define LOST_SZ (sizeof(struct perf_event_header) + 2 * sizeof(__u64))

/* bytes a sample of n payload bytes takes in the ring */
static inline uint64_t fp(uint64_t n)
{
	uint64_t body = sizeof(__u32) + n;

	return sizeof(struct perf_event_header) + (body + 7) / 8 * 8;
}

/* ---- what the callbacks saw, in order ---- */

enum { EV_SAMPLE = 1, EV_LOST, EV_RAW };

struct ev {
	int kind;
	int cpu;
	uint32_t size; /* sample: size passed; raw: header.size */
	uint64_t lost;
	size_t off;    /* copy of the sample data or raw record in bytes[] */
};

#define MAX_EV 2048
static struct ev evs[MAX_EV];
static int nev;
/*
 * on the heap, not in .bss: LeakSanitizer reads every page of .bss at each
 * test's exit, and under ASan a test process pays each first touch of a page
 */
#define LOG_BYTES (1 << 20)
static unsigned char *bytes;
static size_t nbytes;

static inline void log_bytes(struct ev *e, const void *p, size_t len)
{
	if (!bytes)
		bytes = malloc(LOG_BYTES);
	cr_assert_not_null(bytes, "log space");
	cr_assert_leq(nbytes + len, LOG_BYTES, "log space");
	e->off = nbytes;
	memcpy(bytes + nbytes, p, len);
	nbytes += len;
}

static inline struct ev *new_ev(int kind, int cpu)
{
	cr_assert_lt(nev, MAX_EV, "event log space");
	evs[nev].kind = kind;
	evs[nev].cpu = cpu;
	return &evs[nev++];
}

static inline void sample_cb(void *ctx, int cpu, void *data, __u32 size)
{
	struct ev *e = new_ev(EV_SAMPLE, cpu);

	(void)ctx;
	e->size = size;
	log_bytes(e, data, size);
}

static inline void lost_cb(void *ctx, int cpu, __u64 cnt)
{
	(void)ctx;
	new_ev(EV_LOST, cpu)->lost = cnt;
}

static inline enum perfbuf_event_ret raw_cb(void *ctx, int cpu, struct perf_event_header *h)
{
	struct ev *e = new_ev(EV_RAW, cpu);

	(void)ctx;
	e->size = h->size;
	log_bytes(e, h, h->size);
	return PERFBUF_EVENT_CONT;
}

static inline void reset_log(void)
{
	nev = 0;
	nbytes = 0;
}

static struct perf_event_array *map;
static struct perfbuf_consumer *pb;

static inline void setup(void)
{
	reset_log();
	map = perf_event_array__new(1);
	cr_assert_not_null(map, "perf_event_array__new");
	cr_assert_eq(perf_cpu__set_current(0), 0, "perf_cpu__set_current");
}

static inline void teardown(void)
{
	perfbuf_consumer__free(pb);
	pb = NULL;
	perf_event_array__free(map);
}

/* the consumer libbpf's perf_buffer__new() builds: wakeup_events = sample_period */
static inline void open_default(size_t pages, __u32 sample_period)
{
	struct perfbuf_consumer_opts opts = { .sz = sizeof(opts), .sample_period = sample_period };

	pb = perfbuf_consumer__new(map, pages, sample_cb, lost_cb, NULL, &opts);
	cr_assert_not_null(pb, "perfbuf_consumer__new: %s", strerror(errno));
}

/* perf_buffer__new_raw() with libbpf's attributes, or a watermark */
static inline void open_raw(size_t pages, __u32 watermark_bytes)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_BPF_OUTPUT;
	attr.sample_type = PERF_SAMPLE_RAW;
	if (watermark_bytes) {
		attr.watermark = 1;
		attr.wakeup_watermark = watermark_bytes;
	} else {
		attr.wakeup_events = 1;
	}
	pb = perfbuf_consumer__new_raw(map, pages, &attr, raw_cb, NULL, NULL);
	cr_assert_not_null(pb, "perfbuf_consumer__new_raw: %s", strerror(errno));
}

static inline struct perf_ring *ring0(void)
{
	struct perf_ring *r = perfbuf_consumer__ring(pb, 0);

	cr_assert_not_null(r, "ring 0");
	return r;
}

static inline __u64 head(void)
{
	/* (C): pairs with the writer's store-release of data_head (B) */
	return __atomic_load_n(&perf_ring__mmap_page(ring0())->data_head, __ATOMIC_ACQUIRE);
}

static inline __u64 tail(void)
{
	/* (D): the consumer's store-release of data_tail */
	return __atomic_load_n(&perf_ring__mmap_page(ring0())->data_tail, __ATOMIC_ACQUIRE);
}

static inline struct perf_ring_stats stats(void)
{
	struct perf_ring_stats st;

	perf_ring__stats(ring0(), &st);
	return st;
}

#define OUT_TAGGED_MAX 70000

static inline long out_tagged(size_t n, uint32_t tag)
{
	static unsigned char *buf; /* on the heap, as bytes */

	if (!buf)
		buf = malloc(OUT_TAGGED_MAX);
	cr_assert_not_null(buf);
	cr_assert_leq(n, OUT_TAGGED_MAX);
	pattern_fill(buf, n, tag);
	return bpf_perf_event_output(map, BPF_F_CURRENT_CPU, buf, n);
}

#endif /* RBSIM_TESTS_PERFBUF_FIXTURE_H */
