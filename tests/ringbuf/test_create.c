// SPDX-License-Identifier: GPL-2.0-only
/*
 * Map creation (kernel/bpf/ringbuf.c ringbuf_map_alloc(), Linux 6.18):
 * flags outside BPF_F_NUMA_NODE and sizes that are not a page-aligned power
 * of 2 are refused with EINVAL; the consumer's mmap() view of a new map;
 * pg_off of record headers (page distance from the start of the ring).
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <criterion/criterion.h>

#include "tests/helpers/rbtest.h"
#include "tests/helpers/timeout.h"

TestSuite(create, .timeout = RBSIM_TEST_TIMEOUT(10));

static void expect_einval(__u32 size, __u32 flags)
{
	struct bpf_ringbuf_map *map;

	errno = 0;
	map = ringbuf_map__new(size, flags);
	cr_expect_null(map, "ringbuf_map__new(%#x, flags %#x) must fail", size, flags);
	cr_expect_eq(errno, EINVAL, "errno for size %#x flags %#x: %d, want EINVAL", size, flags,
		     errno);
	ringbuf_map__free(map);
}

Test(create, invalid_sizes, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	static const __u32 bad[] = {
		0,				/* zero */
		1, 8, 512, 1024, 2048,		/* power of 2 below the page size */
		4095, 4097, 4096 + 8,		/* not page aligned */
		3 * 4096, 5 * 4096, 12 * 4096,	/* page aligned, not a power of 2 */
		(1u << 20) + 4096,
		0x80000001u, 0xfffff000u, UINT_MAX,
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_einval(bad[i], 0);
}

Test(create, invalid_flags, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	unsigned int bit;

	/* every single bit but BPF_F_NUMA_NODE, alone and beside it */
	for (bit = 0; bit < 32; bit++) {
		if ((1U << bit) == BPF_F_NUMA_NODE)
			continue;
		expect_einval(4096, 1U << bit);
		expect_einval(16384, (1U << bit) | BPF_F_NUMA_NODE);
	}
	/* 6.19's overwrite mode is not known to 6.18 */
	expect_einval(4096, TEST_F_RB_OVERWRITE);
	expect_einval(4096, ~0U);
	expect_einval(4096, ~(__u32)BPF_F_NUMA_NODE);
}

Test(create, invalid_size_and_flags, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	expect_einval(0, TEST_F_RB_OVERWRITE);
	expect_einval(2048, 1);
}

static void check_new_map(__u32 size, __u32 flags)
{
	struct bpf_ringbuf_map *map;
	struct ringbuf_mmap view = {0};
	int err;

	errno = 0;
	map = ringbuf_map__new(size, flags);
	cr_assert_not_null(map, "ringbuf_map__new(%#x, %#x) failed, errno %d", size, flags, errno);
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_RING_SIZE), size, "RING_SIZE of %#x map", size);
	cr_expect_geq(ringbuf_map__fd(map), 0, "fd of %#x map", size);

	err = ringbuf_map__mmap(map, &view);
	cr_assert_eq(err, 0, "mmap of %#x map: %d", size, err);
	cr_expect_eq(view.size, size, "view.size %zu for a %#x map", view.size, size);
	cr_expect_eq(view_cons(&view), 0, "consumer_pos of a new %#x map", size);
	cr_expect_eq(view_prod(&view), 0, "producer_pos of a new %#x map", size);
	cr_expect_eq(view_pend(&view), 0, "pending_pos of a new %#x map", size);
	/* data pages start zeroed (__GFP_ZERO), in both copies */
	cr_expect_eq(((const unsigned char *)view.data)[0], 0, "first data byte");
	cr_expect_eq(((const unsigned char *)view.data)[2 * (size_t)size - 1], 0,
		     "last byte of the second copy");
	ringbuf_map__munmap(&view);
	ringbuf_map__free(map);
}

Test(create, valid_sizes, .timeout = RBSIM_TEST_TIMEOUT(20))
{
	__u32 size;

	for (size = 4096; size <= (8u << 20); size <<= 1) {
		check_new_map(size, 0);
		check_new_map(size, BPF_F_NUMA_NODE);
	}
}

Test(create, pg_off_first_record, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	struct bpf_ringbuf_map *map = ringbuf_map__new(16384, 0);
	struct ringbuf_mmap view = {0};
	char buf[16] = "abc";

	cr_assert_not_null(map, "ringbuf_map__new");
	cr_assert_eq(ringbuf_map__mmap(map, &view), 0, "mmap");
	cr_assert_eq(bpf_ringbuf_output(map, buf, sizeof(buf), 0), 0, "output");
	/* meta page + consumer page + producer page precede data page 0 */
	cr_expect_eq(view_pg_off(&view, 0), 3, "pg_off of the first record: %u",
		     view_pg_off(&view, 0));
	cr_expect_eq(view_len(&view, 0), sizeof(buf), "len of the first record");
	ringbuf_map__munmap(&view);
	ringbuf_map__free(map);
}

static int count_cb(void *ctx, void *data, size_t size)
{
	(void)data, (void)size;
	(*(int *)ctx)++;
	return 0;
}

Test(create, pg_off_every_page, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	const __u32 ring = 4 * 4096;
	struct bpf_ringbuf_map *map = ringbuf_map__new(ring, 0);
	struct ringbuf_mmap view = {0};
	struct ring_consumer *rc;
	unsigned long pos;
	int i, seen = 0, pages = 0;
	char buf[1024] = {0};

	cr_assert_not_null(map, "ringbuf_map__new");
	cr_assert_eq(ringbuf_map__mmap(map, &view), 0, "mmap");
	rc = ring_consumer__new(map, count_cb, &seen);
	cr_assert_not_null(rc, "ring_consumer__new");

	/* 1032-byte footprints land headers at many offsets in every page, laps 0..2 */
	for (i = 0; i < 48; i++) {
		pos = bpf_ringbuf_query(map, BPF_RB_PROD_POS);
		cr_assert_eq(pos, (unsigned long)i * rec_footprint(sizeof(buf)),
			     "prod_pos before %d", i);
		cr_assert_eq(bpf_ringbuf_output(map, buf, sizeof(buf), 0), 0, "output %d", i);
		cr_expect_eq(view_pg_off(&view, pos), 3 + (pos & (ring - 1)) / 4096,
			     "pg_off of record %d at pos %lu (data page %lu): %u", i, pos,
			     (pos & (ring - 1)) / 4096, view_pg_off(&view, pos));
		pages |= 1 << ((pos & (ring - 1)) / 4096);
		cr_assert_eq(ring_consumer__consume(rc), 1, "consume record %d", i);
	}
	cr_expect_eq(pages, 0xf, "records were placed in all four data pages");
	cr_expect_eq(seen, 48, "records consumed");
	ring_consumer__free(rc);
	ringbuf_map__munmap(&view);
	ringbuf_map__free(map);
}

/*
 * bpf_ringbuf_area_alloc() allocates every data page when the map is made:
 * the pages behind a new map's view are all there before any record
 * (mincore() of the shared mapping reports the memfd's pages in memory)
 */
Test(create, pages_allocated_at_creation)
{
	const size_t size = 1 << 20;
	struct bpf_ringbuf_map *map = ringbuf_map__new(size, 0);
	struct ringbuf_mmap view;
	unsigned char vec[2 * (1 << 20) / 4096];
	size_t i, in = 0;

	cr_assert(map, "map");
	cr_assert_eq(ringbuf_map__mmap(map, &view), 0, "view");
	cr_assert_eq(mincore((void *)view.data, 2 * size, vec), 0, "mincore: %s",
		     strerror(errno));
	for (i = 0; i < sizeof(vec); i++)
		in += vec[i] & 1;
	cr_expect_eq(in, sizeof(vec), "%zu of %zu data pages (both copies) in memory", in,
		     sizeof(vec));
	ringbuf_map__munmap(&view);
	ringbuf_map__free(map);
}

/*
 * The map object and its consumer's objects each start a 128-byte block
 * that holds nothing else (port_zalloc_lines()): the kernel's map shares no
 * line with user memory, and a line shared with another thread's words
 * costs a reservation or a poll a transfer the kernel's do not. Allocations
 * around them, of the sizes calloc() used to mix them with, stay out of
 * their blocks.
 */
static void expect_own_block(const void *obj, const void *const *others, unsigned int n,
			     const char *what)
{
	uintptr_t lo = (uintptr_t)obj, hi = lo + 128;
	unsigned int i;

	cr_expect_eq(lo % 128, 0, "%s at %p: not on a 128-byte boundary", what, obj);
	for (i = 0; i < n; i++)
		cr_expect((uintptr_t)others[i] + 16 <= lo || (uintptr_t)others[i] >= hi,
			  "%s [%#lx, %#lx): an allocation of 16 bytes at %p is inside", what,
			  (unsigned long)lo, (unsigned long)hi, others[i]);
}

static int no_sample(void *ctx, void *data, size_t size)
{
	(void)ctx, (void)data, (void)size;
	return 0;
}

Test(create, objects_on_blocks_of_their_own)
{
	void *around[6];
	struct bpf_ringbuf_map *map;
	struct ring_consumer *rc;
	unsigned int i;

	around[0] = malloc(16);
	around[1] = malloc(16);
	map = ringbuf_map__new(1 << 16, 0);
	around[2] = malloc(16);
	around[3] = malloc(16);
	cr_assert(map, "map");
	rc = ring_consumer__new(map, no_sample, NULL);
	around[4] = malloc(16);
	around[5] = malloc(16);
	cr_assert(rc, "consumer");
	expect_own_block(map, (const void *const *)around, 6, "the map");
	expect_own_block(rc, (const void *const *)around, 6, "the consumer");
	expect_own_block(ring_consumer__ring(rc, 0), (const void *const *)around, 6,
			 "the consumer's ring");
	ring_consumer__free(rc);
	ringbuf_map__free(map);
	for (i = 0; i < 6; i++)
		free(around[i]);
}
