// SPDX-License-Identifier: GPL-2.0-only
/*
 * ringbuf_map__valid(): the invariants of a ring no reserve or commit runs
 * on, as ck_ring_valid() states those of ck_ring. A ring the port left is
 * valid whatever traffic it saw; each invariant, broken by hand through the
 * mapped pages (made writable here as a stray write would find them), is
 * reported as -EUCLEAN with a line naming it.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <criterion/criterion.h>

#include "tests/helpers/rbtest.h"
#include "tests/helpers/timeout.h"

#define RING 16384

static struct bpf_ringbuf_map *map;
static struct ringbuf_mmap view;
static char why[200];

static void setup(void)
{
	map = rbtest_ring_new(RING, &view);
}

/* each test breaks the ring on purpose and checks it there: no check at the end */
static void teardown(void)
{
	ringbuf_map__munmap(&view);
	ringbuf_map__free(map);
}

TestSuite(valid, .init = setup, .fini = teardown, .timeout = RBSIM_TEST_TIMEOUT(10));

static int valid(unsigned int in_flight, unsigned int flags)
{
	why[0] = '\0';
	return ringbuf_map__valid(map, in_flight, flags, why, sizeof(why));
}

/* -EUCLEAN, and the line says what */
static void expect_broken(unsigned int in_flight, unsigned int flags, const char *says)
{
	cr_expect_eq(valid(in_flight, flags), -EUCLEAN, "invalid: %s", says);
	cr_expect(strstr(why, says), "why names it: want '%s', got '%s'", says, why);
}

/* the page holding p, writable: what a stray write into the map's memory would find */
static void *writable(const void *p)
{
	void *page = (void *)((unsigned long)p & ~(TEST_PAGE_SIZE - 1));

	cr_assert_eq(mprotect(page, TEST_PAGE_SIZE, PROT_READ | PROT_WRITE), 0, "mprotect");
	return (void *)p;
}

static void out(size_t size)
{
	static char buf[RING];

	cr_assert_eq(bpf_ringbuf_output(map, buf, size, BPF_RB_NO_WAKEUP), 0, "output %zu", size);
}

Test(valid, after_any_traffic)
{
	void *a;

	cr_expect_eq(valid(0, 0), 0, "a new ring: %s", why);
	out(8);
	out(100);
	a = bpf_ringbuf_reserve(map, 24, 0);
	cr_assert_not_null(a, "reserve");
	bpf_ringbuf_discard(a, BPF_RB_NO_WAKEUP);
	cr_expect_eq(valid(0, 0), 0, "records, one discarded: %s", why);
	/* a consumer at a record boundary, and one at producer_pos */
	view_set_cons(&view, rec_footprint(8));
	cr_expect_eq(valid(0, 0), 0, "consumer between records: %s", why);
	view_set_cons(&view, view_prod(&view));
	cr_expect_eq(valid(0, 0), 0, "all consumed: %s", why);
	/* around the end of the data area: the next record wraps */
	out(RING - 512);
	view_set_cons(&view, view_prod(&view));
	out(1000);
	cr_expect_gt(view_prod(&view) & (RING - 1), 0, "past the wrap");
	cr_expect_eq(valid(0, 0), 0, "a wrapped record: %s", why);
}

Test(valid, null_and_flags)
{
	cr_expect_eq(ringbuf_map__valid(NULL, 0, 0, why, sizeof(why)), -EINVAL, "NULL map");
	cr_expect_eq(valid(0, 1U << 1), -EINVAL, "unknown flag");
	/* no buffer for the reason: the verdict alone */
	view_set_cons(&view, 4);
	cr_expect_eq(ringbuf_map__valid(map, 0, 0, NULL, 0), -EUCLEAN, "why may be NULL");
}

/* a reservation not committed is BUSY: in flight, or left behind */
Test(valid, busy_records_counted)
{
	void *a, *b;

	out(16);
	a = bpf_ringbuf_reserve(map, 32, 0);
	b = bpf_ringbuf_reserve(map, 40, 0);
	cr_assert(a && b, "two reservations");
	expect_broken(0, 0, "2 BUSY records");
	expect_broken(1, 0, "1 reserved and not committed");
	cr_expect_eq(valid(2, 0), 0, "two in flight, as said: %s", why);
	bpf_ringbuf_submit(a, 0);
	cr_expect_eq(valid(1, 0), 0, "one left: %s", why);
	bpf_ringbuf_submit(b, 0);
	cr_expect_eq(valid(0, 0), 0, "none left: %s", why);
	expect_broken(1, 0, "0 BUSY records");
}

/* a hostile consumer_pos: refused, unless the caller says the consumer may be anything */
Test(valid, consumer_pos_checked)
{
	out(64);
	out(64);
	view_set_cons(&view, 4);
	expect_broken(0, 0, "consumer_pos 4 not an 8-aligned position");
	view_set_cons(&view, view_prod(&view) + 8);
	expect_broken(0, 0, "not an 8-aligned position within the ring");
	view_set_cons(&view, view_prod(&view) - RING);
	expect_broken(0, 0, "within the ring below producer_pos");
	/* 8-aligned and within the ring, but inside the first record */
	view_set_cons(&view, 16);
	cr_expect_eq(valid(0, 0), -EUCLEAN, "inside a record");
	cr_expect_eq(valid(0, RINGBUF_VALID_ANY_CONSUMER), 0, "the producer's state is whole: %s",
		     why);
	view_set_cons(&view, 4);
	cr_expect_eq(valid(0, RINGBUF_VALID_ANY_CONSUMER), 0, "any consumer_pos: %s", why);
}

/* a consumer that lags pending_pos: the walk from consumer_pos must land on it */
Test(valid, walk_lands_on_pending_pos)
{
	void *a;

	out(64);
	a = bpf_ringbuf_reserve(map, 64, 0);
	cr_assert_not_null(a, "reserve");
	bpf_ringbuf_submit(a, 0);
	out(8); /* its reserve moves pending_pos over both */
	cr_assert_eq(view_pend(&view), 2 * rec_footprint(64), "pending_pos over two records");
	cr_expect_eq(valid(0, 0), 0, "consumer at 0, pending_pos ahead: %s", why);
	/* the first record's length, changed: the walk from 0 steps over pending_pos */
	*(uint32_t *)writable(view.data) = 152;
	expect_broken(0, 0, "the records from 0 do not land on pending_pos 144");
}

Test(valid, headers_checked)
{
	uint32_t *hdr;

	out(100);
	out(200);
	hdr = writable(view.data);
	hdr[1] ^= 1;
	expect_broken(0, 0, "record at 0: pg_off 2, not 3");
	hdr[1] ^= 1;
	cr_expect_eq(valid(0, 0), 0, "restored: %s", why);
	hdr[0] = 0x100000;
	expect_broken(0, 0, "record at 0: length 1048576 runs past producer_pos");
	hdr[0] = 100 | BPF_RINGBUF_DISCARD_BIT;
	cr_expect_eq(valid(0, 0), 0, "a discarded record walks the same: %s", why);
	hdr[0] = 100;
}

Test(valid, positions_checked)
{
	unsigned long *pos;

	out(100);
	view_set_cons(&view, view_prod(&view));
	pos = writable(view.producer_pos);
	pos[1] = pos[0] + 8;
	expect_broken(0, 0, "pending_pos 120 not within the ring below producer_pos 112");
	pos[1] = 4;
	expect_broken(0, 0, "producer_pos 112 or pending_pos 4 not 8-aligned");
	pos[1] = 0;
	pos[0] += 8;
	expect_broken(0, RINGBUF_VALID_ANY_CONSUMER, "record at 112: pg_off 0, not 3");
}
