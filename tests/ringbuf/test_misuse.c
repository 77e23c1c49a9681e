// SPDX-License-Identifier: GPL-2.0-only
/*
 * Misuse the verifier forbids in the kernel: committing a record that is not
 * reserved any more (submit twice, discard after submit, discard twice,
 * submit after the slot was reused by a record already committed). Its
 * header has no BUSY bit; committing it would set BUSY again and wedge the
 * consumer (and the pending_pos scan) for good. The port counts it in
 * ringbuf_stats.misuse, asserts in builds without NDEBUG (caught here and
 * checked), leaves the ring as it was, and the ring keeps working.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "tests/helpers/rbtest.h"
#include "tests/helpers/timeout.h"

#define RING 4096

static struct bpf_ringbuf_map *map;
static struct ringbuf_mmap view;
static struct ring_consumer *rc;
static int calls;
static unsigned char last_tag;

static int tag_cb(void *ctx, void *data, size_t size)
{
	(void)ctx;
	calls++;
	last_tag = size ? *(unsigned char *)data : 0;
	return 0;
}

static void setup(void)
{
	map = rbtest_ring_new(RING, &view);
	rc = rbtest_consumer_new(map, tag_cb, NULL);
	calls = 0;
}

static void teardown(void)
{
	rbtest_ring_free(map, &view, rc);
}

TestSuite(misuse, .init = setup, .fini = teardown, .timeout = RBSIM_TEST_TIMEOUT(10));

static sigjmp_buf abort_jmp;
static volatile sig_atomic_t aborted;

static void on_abort(int sig)
{
	(void)sig;
	aborted = 1;
	siglongjmp(abort_jmp, 1);
}

/*
 * Commit a record that is not reserved. Without NDEBUG the library asserts:
 * the SIGABRT is caught and control comes back here (glibc's abort() lets a
 * handler leave), with the record left alone as a build with NDEBUG leaves it.
 */
static void bad_commit(void *rec, bool discard)
{
	struct sigaction sa = { .sa_handler = on_abort }, old;
	__u64 before = map_stats(map).misuse;
	int saved_err = dup(2), null_fd = open("/dev/null", O_WRONLY);

	/* the assertion's message is expected: keep it out of the test log */
	cr_assert(saved_err >= 0 && null_fd >= 0, "dup/open: %s", strerror(errno));
	cr_assert_eq(sigaction(SIGABRT, &sa, &old), 0, "sigaction");
	aborted = 0;
	dup2(null_fd, 2);
	if (!sigsetjmp(abort_jmp, 1)) {
		if (discard)
			bpf_ringbuf_discard(rec, 0);
		else
			bpf_ringbuf_submit(rec, 0);
	}
	dup2(saved_err, 2);
	close(saved_err);
	close(null_fd);
	cr_assert_eq(sigaction(SIGABRT, &old, NULL), 0, "sigaction");
#ifdef NDEBUG
	cr_expect_eq(aborted, 0, "no assertion with NDEBUG");
#else
	cr_expect_eq(aborted, 1, "the debug assertion fired");
#endif
	cr_expect_eq(map_stats(map).misuse, before + 1, "misuse counted");
}

static void *put(unsigned char tag)
{
	void *rec = bpf_ringbuf_reserve(map, 8, 0);

	cr_assert_not_null(rec, "reserve of record %u", tag);
	memset(rec, tag, 8);
	bpf_ringbuf_submit(rec, 0);
	return rec;
}

/* the ring still takes, delivers and wraps: three laps of 8-byte records */
static void ring_keeps_working(void)
{
	int i, lap;

	for (lap = 0; lap < 3; lap++) {
		calls = 0;
		for (i = 0; i < RING / 16 - 1; i++)
			put((unsigned char)(100 + i % 100));
		cr_expect_eq(ring_consumer__consume(rc), RING / 16 - 1, "lap %d delivered", lap);
	}
	/* the last reserve's scan got as far as its own record */
	cr_expect_eq(view_pend(&view), view_prod(&view) - 16, "pending_pos caught up");
	cr_expect_eq(map_stats(map).fail_no_space + map_stats(map).fail_too_big +
		     map_stats(map).fail_lock, 0, "no refusal");
}

RbTest(misuse, submit_twice)
{
	void *rec = put(1);

	bad_commit(rec, false);
	cr_expect_eq(view_len(&view, 0), 8, "the header is left committed");
	cr_expect_eq(ring_consumer__consume(rc), 1, "delivered once");
	cr_expect_eq(last_tag, 1, "the record");
	ring_keeps_working();
	cr_expect_eq(map_stats(map).misuse, 1, "one misuse");
}

RbTest(misuse, discard_after_submit)
{
	void *rec = put(2);

	bad_commit(rec, true);
	cr_expect_eq(view_len(&view, 0), 8, "not discarded after the fact");
	cr_expect_eq(ring_consumer__consume(rc), 1, "delivered");
	cr_expect_eq(last_tag, 2, "the record");
	ring_keeps_working();
}

RbTest(misuse, discard_twice_and_submit_after_discard)
{
	void *rec = bpf_ringbuf_reserve(map, 8, 0);

	cr_assert_not_null(rec, "reserve");
	bpf_ringbuf_discard(rec, 0);
	bad_commit(rec, true);
	bad_commit(rec, false);
	cr_expect_eq(view_len(&view, 0), 8 | BPF_RINGBUF_DISCARD_BIT, "still discarded");
	cr_expect_eq(ring_consumer__consume(rc), 0, "nothing delivered");
	cr_expect_eq(view_cons(&view), 16, "skipped");
	ring_keeps_working();
	cr_expect_eq(map_stats(map).misuse, 2, "two misuses");
}

/* a second submit after the record was consumed, before any reserve scanned past it */
RbTest(misuse, submit_after_consumed)
{
	void *rec = put(3);

	cr_expect_eq(ring_consumer__consume(rc), 1, "consumed");
	cr_expect_eq(view_pend(&view), 0, "no reserve scanned past it yet");
	bad_commit(rec, false);
	ring_keeps_working();
}

/* the slot was reused by a record already committed: that one is left alone */
RbTest(misuse, submit_after_slot_reused)
{
	void *stale = put(4);
	void *rec;
	int i;

	cr_expect_eq(ring_consumer__consume(rc), 1, "consumed");
	/* a lap of 16-byte footprints brings the producer back to offset 0 */
	for (i = 1; i < RING / 16; i++) {
		put(5);
		cr_expect_eq(ring_consumer__consume(rc), 1, "record %d", i);
	}
	rec = put(6);
	cr_assert_eq(rec, stale, "the same slot, one lap later");
	bad_commit(stale, false);
	cr_expect_eq(view_len(&view, RING), 8, "the new record left committed");
	calls = 0;
	cr_expect_eq(ring_consumer__consume(rc), 1, "the new record delivered once");
	cr_expect_eq(last_tag, 6, "it is the new record");
	ring_keeps_working();
}
