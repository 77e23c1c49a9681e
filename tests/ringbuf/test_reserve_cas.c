// SPDX-License-Identifier: GPL-2.0-only
/*
 * The lock-free reservation (ringbuf_map__set_reserve(map,
 * RINGBUF_RESERVE_CAS), ringbuf/reserve_cas.c), on one thread: the switch's
 * bad input, the kernel's record format and capacity, the kernel's space
 * checks (consumer_pos and pending_pos, the latter scanned only when it is
 * in the way).
 * Threads racing on it: tests/ringbuf/test_stress_mt.c (cas_*).
 */
#include <errno.h>
#include <criterion/criterion.h>

#include "tests/helpers/rbtest.h"
#include "tests/helpers/timeout.h"

#define RING 16384

static struct bpf_ringbuf_map *map;
static struct ringbuf_mmap view;
static struct ring_consumer *rc;
static int delivered;

static int count_cb(void *ctx, void *data, size_t size)
{
	(void)ctx, (void)data, (void)size;
	delivered++;
	return 0;
}

static void setup(void)
{
	map = rbtest_ring_new(RING, &view);
	rc = rbtest_consumer_new(map, count_cb, NULL);
	cr_assert_eq(ringbuf_map__set_reserve(map, RINGBUF_RESERVE_CAS), 0, "set_reserve");
}

static void teardown(void)
{
	rbtest_ring_free(map, &view, rc);
}

TestSuite(reserve_cas, .init = setup, .fini = teardown,
	  .timeout = RBSIM_TEST_TIMEOUT(10));

/* fill with 8-byte records (16-byte footprint) until one is refused; returns the count */
static int fill_8(void)
{
	return rbtest_fill(map, 8, RING);
}

RbTest(reserve_cas, bad_input, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	cr_expect_eq(ringbuf_map__set_reserve(NULL, RINGBUF_RESERVE_CAS), -EINVAL, "NULL map");
	cr_expect_eq(ringbuf_map__set_reserve(map, (enum ringbuf_reserve)2), -EINVAL,
		     "unknown variant");
	cr_expect_eq(ringbuf_map__reserve(map), RINGBUF_RESERVE_CAS, "a refusal changes nothing");
	cr_expect_eq(ringbuf_map__reserve(NULL), RINGBUF_RESERVE_KERNEL, "NULL: the default");
}

/* the CAS reserve keeps pending_pos: not for the eras before it, nor overwrite mode */
Test(reserve_cas_eras, refused_without_pending_pos)
{
	struct ringbuf_map_opts o58 = { .sz = sizeof(o58), .kernel = RBSIM_KERNEL(5, 8) };
	struct ringbuf_map_opts o610 = { .sz = sizeof(o610), .kernel = RBSIM_KERNEL(6, 10) };
	struct ringbuf_map_opts o619 = { .sz = sizeof(o619), .kernel = RBSIM_KERNEL(6, 19) };
	struct bpf_ringbuf_map *m;

	m = ringbuf_map__new_opts(RING, 0, &o58);
	cr_assert_not_null(m);
	cr_expect_eq(ringbuf_map__set_reserve(m, RINGBUF_RESERVE_CAS), -EINVAL, "5.8");
	cr_expect_eq(ringbuf_map__reserve(m), RINGBUF_RESERVE_KERNEL);
	ringbuf_map__free(m);
	m = ringbuf_map__new_opts(RING, BPF_F_RB_OVERWRITE, &o619);
	cr_assert_not_null(m);
	cr_expect_eq(ringbuf_map__set_reserve(m, RINGBUF_RESERVE_CAS), -EINVAL, "overwrite");
	ringbuf_map__free(m);
	m = ringbuf_map__new_opts(RING, 0, &o610);
	cr_assert_not_null(m);
	cr_expect_eq(ringbuf_map__set_reserve(m, RINGBUF_RESERVE_CAS), 0, "6.10");
	cr_expect_null(bpf_ringbuf_reserve(m, RING, 0), "too big");
	cr_expect_eq(ringbuf_reserve_error(), -E2BIG, "its reason kept, as the locked reserve");
	ringbuf_map__free(m);
}

RbTest(reserve_cas, kernel_format_and_capacity, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	char why[128];
	void *rec;

	/* as the kernel (tests/ringbuf/test_capacity.c): 1023 records of 8 bytes fit */
	cr_expect_eq(fill_8(), 1023, "8-byte records that fit");
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_PROD_POS), 16368, "producer_pos");
	cr_expect_eq(map_stats(map).fail_no_space, 1, "one refusal");
	cr_expect_eq(map_stats(map).fail_lock, 0, "no lock");
	/* the kernel's header: length without BUSY, pg_off of its page */
	cr_expect_eq(view_len(&view, 0), 8, "first header's len");
	cr_expect_eq(ringbuf_map__valid(map, 0, 0, why, sizeof(why)), 0, "valid: %s", why);
	delivered = 0;
	cr_expect_eq(ring_consumer__consume(rc), 1023, "the kernel's consumer reads them");
	/* too big: footprint equal to the ring, or larger */
	cr_expect_null(bpf_ringbuf_reserve(map, RING - 8, 0), "footprint == ring");
	cr_expect_null(bpf_ringbuf_reserve(map, RING, 0), "footprint > ring");
	cr_expect_eq(map_stats(map).fail_too_big, 2, "both count as too big");
	rec = bpf_ringbuf_reserve(map, RING - 16, 0);
	cr_expect_not_null(rec, "the largest record fits in an empty ring");
	if (rec)
		bpf_ringbuf_discard(rec, 0);
}

/*
 * pending_pos is scanned only when it refuses a reservation (the kernel
 * scans at every reserve): it lags behind, and still the capacity is the
 * kernel's, lap after lap
 */
RbTest(reserve_cas, pending_pos_scanned_when_in_the_way,
       .timeout = RBSIM_TEST_TIMEOUT(10))
{
	unsigned long *pend = (unsigned long *)view.producer_pos + 1;
	char why[128];
	int lap;

	for (lap = 0; lap < 3; lap++) {
		cr_expect_eq(fill_8(), 1023, "lap %d: the kernel's 1023", lap);
		cr_expect_eq(ring_consumer__consume(rc), 1023, "lap %d: emptied", lap);
	}
	/* the third lap's refusal scanned up to producer_pos: 3 * 16368 */
	cr_expect_eq(__atomic_load_n(pend, __ATOMIC_ACQUIRE), 3 * 16368UL, "pending_pos");
	cr_expect_eq(ringbuf_map__valid(map, 0, 0, why, sizeof(why)), 0, "valid: %s", why);
}

/* a record left BUSY holds pending_pos: a full lap past it is refused, as by the kernel */
RbTest(reserve_cas, busy_record_holds_the_ring, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	void *busy = bpf_ringbuf_reserve(map, 8, 0);
	char why[128];
	int n;

	cr_assert_not_null(busy);
	n = fill_8();
	cr_expect_eq(n, 1022, "records behind a BUSY one");
	cr_expect_eq(ringbuf_map__valid(map, 1, 0, why, sizeof(why)), 0, "valid: %s", why);
	cr_expect_eq(ring_consumer__consume(rc), 0, "the consumer stops at the BUSY record");
	bpf_ringbuf_submit(busy, 0);
	cr_expect_eq(ring_consumer__consume(rc), 1023, "then takes all");
}
