// SPDX-License-Identifier: GPL-2.0-only
/*
 * The perf buffer port (ringbuf/perfbuf.c): bpf_perf_event_output() on one
 * simulated CPU and libbpf's perf_buffer consumer, checked against the
 * kernel's rules computed here from first principles:
 *   record = 8-byte perf_event_header + u32 size + data, padded to 8 bytes;
 *   the u32 size the consumer sees is the padded one (record - 12);
 *   a ring of D bytes holds at most D - 1 bytes (CIRC_SPACE);
 *   PERF_RECORD_LOST (header + id + lost = 24 bytes) is written only in front
 *   of the next record that fits with it;
 *   data_head moves only when the outermost nested writer ends;
 *   a wakeup every wakeup_events samples and every watermark bytes.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "ringbuf/perfbuf.h"
#include "tests/helpers/perfbuf_fixture.h"
#include "tests/helpers/rbtest.h"
#include "tests/helpers/stamp.h"
#include "tests/helpers/timeout.h"

TestSuite(perfbuf, .init = setup, .fini = teardown, .timeout = RBSIM_TEST_TIMEOUT(20));

Test(perfbuf, mmap_page_fields, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	struct perf_event_mmap_page *pg;

	open_default(4, 1);
	pg = perf_ring__mmap_page(ring0());
	cr_assert_eq(pg->data_offset, PG, "data_offset: one user page");
	cr_assert_eq(pg->data_size, 4 * PG, "data_size: 4 pages");
	cr_assert_eq(perf_ring__mmap_size(ring0()), 5 * PG, "mapping: user page + 4 data pages");
	cr_assert_eq(pg->data_head, 0, "data_head starts at 0");
	cr_assert_eq(pg->data_tail, 0, "data_tail starts at 0");
	cr_assert_eq(perfbuf_consumer__buffer_cnt(pb), 1, "one buffer per map slot");
	cr_assert_eq(perfbuf_consumer__buffer_fd(pb, 0), perf_ring__fd(ring0()), "buffer_fd");
}

Test(perfbuf, page_count_must_be_power_of_two, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	size_t bad[] = { 0, 3, 6, 12 };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		cr_assert_null(perfbuf_consumer__new(map, bad[i], sample_cb, lost_cb, NULL, NULL),
			       "page_cnt %zu refused", bad[i]);
		cr_assert_eq(errno, EINVAL, "page_cnt %zu: EINVAL", bad[i]);
	}
}

/* every payload size 0..512: header, padded size, data, data_head progress */
Test(perfbuf, layout_and_padding_0_to_512, .timeout = RBSIM_TEST_TIMEOUT(20))
{
	__u64 before, want_fp;
	const unsigned char *rec;
	struct perf_event_header h;
	__u32 raw_size;
	size_t n;

	open_raw(4, 0);
	for (n = 0; n <= 512; n++) {
		reset_log();
		before = head();
		cr_assert_eq(out_tagged(n, (uint32_t)n), 0, "output of %zu bytes", n);
		want_fp = fp(n);
		cr_assert_eq(head() - before, want_fp, "data_head moves by the footprint (n=%zu)",
			     n);
		cr_assert_eq(want_fp % 8, 0, "footprint is 8-aligned (n=%zu)", n);

		cr_assert_eq(perfbuf_consumer__consume_buffer(pb, 0), 0, "consume (n=%zu)", n);
		cr_assert_eq(tail(), head(), "data_tail caught up (n=%zu)", n);
		cr_assert_eq(nev, 1, "one record (n=%zu)", n);
		rec = bytes + evs[0].off;
		memcpy(&h, rec, sizeof(h));
		memcpy(&raw_size, rec + sizeof(h), sizeof(raw_size));
		cr_assert_eq(h.type, PERF_RECORD_SAMPLE, "type (n=%zu)", n);
		cr_assert_eq(h.misc, PERF_RECORD_MISC_KERNEL, "misc (n=%zu)", n);
		cr_assert_eq(h.size, want_fp, "header.size is the footprint (n=%zu)", n);
		cr_assert_eq(raw_size, want_fp - sizeof(h) - sizeof(raw_size),
			     "raw size is the padded size (n=%zu)", n);
		cr_assert(raw_size >= n && raw_size - n < 8, "padding of 0..7 bytes (n=%zu)", n);
		cr_assert_eq(pattern_mismatch(rec + sizeof(h) + sizeof(raw_size), n, (uint32_t)n),
			     n, "payload intact (n=%zu)", n);
	}
}

/* sample_cb gets the padded size: payload plus 0..7 pad bytes, (size + 4) % 8 == 0 */
Test(perfbuf, sample_callback_sees_padded_size, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	size_t n;

	open_default(2, 1);
	for (n = 0; n <= 64; n++)
		cr_assert_eq(out_tagged(n, (uint32_t)n), 0, "output of %zu bytes", n);
	cr_assert_eq(perfbuf_consumer__consume(pb), 0, "consume");
	cr_assert_eq(nev, 65, "65 samples");
	for (n = 0; n <= 64; n++) {
		cr_assert_eq(evs[n].kind, EV_SAMPLE, "sample %zu", n);
		cr_assert_eq(evs[n].cpu, 0, "cpu of sample %zu", n);
		cr_assert_eq(evs[n].size, fp(n) - 12, "size seen for %zu bytes", n);
		cr_assert_eq((evs[n].size + 4) % 8, 0, "size + u32 is 8-aligned (n=%zu)", n);
		cr_assert_eq(pattern_mismatch(bytes + evs[n].off, n, (uint32_t)n), n,
			     "payload %zu intact", n);
	}
}

/* overflow: losses are counted, the LOST record comes lazily, before the next record */
Test(perfbuf, lost_record_is_lazy, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	const size_t n = 100;
	const __u64 d = PG, per = fp(n), fit = (d - 1) / per;
	const int drops = 5;
	struct perf_event_header h;
	__u64 id, lost, full;
	const unsigned char *rec;
	int i;

	open_raw(1, 0);
	for (i = 0; i < (int)fit; i++)
		cr_assert_eq(out_tagged(n, (uint32_t)i), 0, "record %d of %llu fits", i,
			     (unsigned long long)fit);
	full = head();
	cr_assert_eq(full, fit * per, "data_head after the records that fit");
	for (i = 0; i < drops; i++)
		cr_assert_eq(out_tagged(n, 1000), -ENOSPC, "drop %d: -ENOSPC", i);
	cr_assert_eq(stats().lost_samples, drops, "lost_samples counts every drop");
	cr_assert_eq(head(), full, "drops write nothing");

	/* the consumer sees only the samples: no LOST record yet */
	cr_assert_eq(perfbuf_consumer__consume(pb), 0, "consume");
	cr_assert_eq(nev, (int)fit, "only samples so far");
	for (i = 0; i < nev; i++)
		cr_assert_eq(((struct perf_event_header *)(bytes + evs[i].off))->type,
			     PERF_RECORD_SAMPLE, "record %d is a sample", i);

	/* the next record that fits carries the LOST record in front of it */
	reset_log();
	cr_assert_eq(out_tagged(n, 77), 0, "record after the drops");
	cr_assert_eq(head() - full, LOST_SZ + per, "LOST record + sample written");
	cr_assert_eq(perfbuf_consumer__consume(pb), 0, "consume");
	cr_assert_eq(nev, 2, "LOST then sample");
	rec = bytes + evs[0].off;
	memcpy(&h, rec, sizeof(h));
	memcpy(&id, rec + sizeof(h), sizeof(id));
	memcpy(&lost, rec + sizeof(h) + sizeof(id), sizeof(lost));
	cr_assert_eq(h.type, PERF_RECORD_LOST, "first record is PERF_RECORD_LOST");
	cr_assert_eq(h.misc, 0, "LOST misc");
	cr_assert_eq(h.size, LOST_SZ, "LOST size: header + id + lost");
	cr_assert_eq(id, perf_ring__id(ring0()), "LOST carries the event id");
	cr_assert_eq(lost, (__u64)drops, "LOST count = drops");
	rec = bytes + evs[1].off;
	memcpy(&h, rec, sizeof(h));
	cr_assert_eq(h.type, PERF_RECORD_SAMPLE, "then the sample");
	cr_assert_eq(pattern_mismatch(rec + 12, n, 77), n, "sample after LOST intact");

	/* the count was taken: the following record comes alone */
	reset_log();
	full = head();
	cr_assert_eq(out_tagged(n, 78), 0, "one more record");
	cr_assert_eq(head() - full, per, "no LOST record any more");
}

/* a sample that fits alone is refused while the pending LOST record does not fit with it */
Test(perfbuf, pending_lost_record_needs_room, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	const size_t big = 100, small = 36;
	const __u64 d = PG, fit = (d - 1) / fp(big);
	__u64 free_bytes;
	int i;

	open_default(1, 1);
	for (i = 0; i < (int)fit; i++)
		cr_assert_eq(out_tagged(big, (uint32_t)i), 0, "fill %d", i);
	free_bytes = d - 1 - head();
	cr_assert(fp(small) <= free_bytes && free_bytes < fp(small) + LOST_SZ,
		  "precondition: %zu-byte sample fits alone, not with LOST", small);
	cr_assert_eq(out_tagged(big, 1), -ENOSPC, "overflow: lost 1");
	cr_assert_eq(out_tagged(small, 2), -ENOSPC, "fits alone, not behind LOST: lost 2");
	cr_assert_eq(stats().lost_samples, 2, "two losses");

	cr_assert_eq(perfbuf_consumer__consume(pb), 0, "drain");
	reset_log();
	cr_assert_eq(out_tagged(small, 3), 0, "now it fits with its LOST record");
	cr_assert_eq(perfbuf_consumer__consume(pb), 0, "consume");
	cr_assert_eq(nev, 2, "lost + sample");
	cr_assert_eq(evs[0].kind, EV_LOST, "lost_cb first");
	cr_assert_eq(evs[0].lost, 2, "lost_cb count");
	cr_assert_eq(evs[1].kind, EV_SAMPLE, "then sample_cb");
	cr_assert_eq(pattern_mismatch(bytes + evs[1].off, small, 3), small, "sample intact");
}

/* a record that crosses the end of the data area reaches the callback contiguous */
Test(perfbuf, wrap_copy, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	const size_t small = 12, n = 100;
	const __u64 d = PG, pos = d - 40;
	const unsigned char *data;
	__u64 i;

	open_default(1, 1);
	cr_assert_eq(pos % fp(small), 0, "precondition: fillers end at %llu",
		     (unsigned long long)pos);
	for (i = 0; i < pos / fp(small); i++)
		cr_assert_eq(out_tagged(small, 5), 0, "filler %llu", (unsigned long long)i);
	cr_assert_eq(perfbuf_consumer__consume(pb), 0, "drain fillers");
	cr_assert_eq(perfbuf_consumer__wrap_copies(pb), 0, "nothing wrapped yet");

	reset_log();
	cr_assert_eq(out_tagged(n, 99), 0, "record across the end");
	cr_assert_gt(pos + fp(n), d, "precondition: the record crosses the end");
	/* the kernel wrote its tail at the start of the data area */
	data = (const unsigned char *)perf_ring__mmap_page(ring0()) + PG;
	cr_assert_eq(data[12 + n - 1 - (d - pos)], pattern_byte(99, n - 1),
		     "last payload byte at the start of the data area");
	cr_assert_eq(perfbuf_consumer__consume(pb), 0, "consume");
	cr_assert_eq(nev, 1, "one sample");
	cr_assert_eq(evs[0].size, fp(n) - 12, "padded size");
	cr_assert_eq(pattern_mismatch(bytes + evs[0].off, n, 99), n, "wrapped payload intact");
	cr_assert_eq(perfbuf_consumer__wrap_copies(pb), 1,
		     "copied once through the scratch buffer");
	cr_assert_eq(tail(), pos + fp(n), "data_tail past the record");
}

/* wakeup_events = 1 (libbpf's default): one wakeup per sample; the fd reports once */
/* ---- nesting: a signal handler on the writing thread plays the irq/NMI ---- */

static struct perf_event_mmap_page *nest_pg;
static volatile sig_atomic_t nest_depth, nest_raise_upto;
static long nest_ret[5];
static __u64 nest_head_seen[5];
static const size_t nest_len[5] = { 40, 24, 56, 8, 8 };

/* each level has its own buffer: a nested writer must not touch the outer's data */
static long out_local(size_t n, uint32_t tag)
{
	unsigned char buf[64];

	pattern_fill(buf, n, tag);
	return bpf_perf_event_output(map, BPF_F_CURRENT_CPU, buf, n);
}

static void nest_hook(void *arg)
{
	(void)arg;
	/* called mid-record at every level: nest one level deeper, up to nest_raise_upto */
	if (nest_depth < nest_raise_upto)
		raise(SIGUSR1);
}

static void nest_handler(int sig)
{
	int d = ++nest_depth;

	(void)sig;
	nest_ret[d] = out_local(nest_len[d], 100 + (uint32_t)d);
	nest_head_seen[d] = __atomic_load_n(&nest_pg->data_head, __ATOMIC_ACQUIRE);
}

static void nest_setup(int upto)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = nest_handler;
	sa.sa_flags = SA_NODEFER; /* a handler may be interrupted by the next level */
	sigemptyset(&sa.sa_mask);
	cr_assert_eq(sigaction(SIGUSR1, &sa, NULL), 0, "sigaction");
	open_default(1, 1);
	nest_pg = perf_ring__mmap_page(ring0());
	nest_depth = 0;
	nest_raise_upto = upto;
	perf_ring__set_output_hook(ring0(), nest_hook, NULL);
}

Test(perfbuf, nested_writer_publishes_only_at_outermost_end, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	long ret;

	nest_setup(1);
	ret = out_local(nest_len[0], 100);
	cr_assert_eq(nest_depth, 1, "the handler ran inside the record");
	cr_assert_eq(ret, 0, "outer record written");
	cr_assert_eq(nest_ret[1], 0, "nested record written");
	cr_assert_eq(nest_head_seen[1], 0, "the nested writer did not publish data_head");
	cr_assert_eq(head(), fp(nest_len[0]) + fp(nest_len[1]),
		     "the outer writer published both records");
	cr_assert_eq(stats().wakeups, 1, "one wakeup, from the outermost writer");

	cr_assert_eq(perfbuf_consumer__consume(pb), 0, "consume");
	cr_assert_eq(nev, 2, "two samples");
	cr_assert_eq(evs[0].size, fp(nest_len[0]) - 12, "outer first (reserved first)");
	cr_assert_eq(pattern_mismatch(bytes + evs[0].off, nest_len[0], 100), nest_len[0],
		     "outer record intact around the nested one");
	cr_assert_eq(evs[1].size, fp(nest_len[1]) - 12, "nested second");
	cr_assert_eq(pattern_mismatch(bytes + evs[1].off, nest_len[1], 101), nest_len[1],
		     "nested record intact");
}

Test(perfbuf, fourth_nesting_level_is_busy, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	__u64 want = 0;
	int d;

#ifdef __SANITIZE_THREAD__
	/* TSan holds a signal raised in a handler until that handler returns */
	cr_skip_test("ThreadSanitizer does not nest signal handlers: no fourth level to refuse");
#endif
	nest_setup(3);
	cr_assert_eq(out_local(nest_len[0], 100), 0, "level 1");
	cr_assert_eq(nest_depth, 3, "three handlers ran");
	cr_assert_eq(nest_ret[1], 0, "level 2 written");
	cr_assert_eq(nest_ret[2], 0, "level 3 written");
	cr_assert_eq(nest_ret[3], -EBUSY, "level 4: -EBUSY (three sample data slots)");
	for (d = 1; d <= 3; d++)
		cr_assert_eq(nest_head_seen[d], 0, "level %d did not publish", d + 1);
	for (d = 0; d < 3; d++)
		want += fp(nest_len[d]);
	cr_assert_eq(head(), want, "three records published at the end");

	cr_assert_eq(perfbuf_consumer__consume(pb), 0, "consume");
	cr_assert_eq(nev, 3, "three samples");
	for (d = 0; d < 3; d++)
		cr_assert_eq(pattern_mismatch(bytes + evs[d].off, nest_len[d], 100 + (uint32_t)d),
			     nest_len[d], "level %d intact, in reservation order", d + 1);
}

/* ---- the helper's refusals ---- */

Test(perfbuf, output_errors, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	struct perf_event_array *two;
	struct perfbuf_consumer *pb2;
	int cpus[1] = { 0 }, keys[1] = { 0 };
	struct perfbuf_consumer_raw_opts ro = {
		.sz = sizeof(ro), .cpu_cnt = 1, .cpus = cpus, .map_keys = keys,
	};
	struct perf_event_attr attr;
	char buf[16] = { 0 };

	open_default(1, 1);
	cr_assert_eq(bpf_perf_event_output(map, BPF_F_CURRENT_CPU | (1ULL << 32), buf, 8),
		     -EINVAL, "flags beyond the index mask");
	cr_assert_eq(bpf_perf_event_output(map, 1, buf, 8), -E2BIG, "index past max_entries");
	cr_assert_eq(perf_cpu__set_current(3), 0, "become cpu 3");
	cr_assert_eq(bpf_perf_event_output(map, BPF_F_CURRENT_CPU, buf, 8), -E2BIG,
		     "current cpu past max_entries");
	cr_assert_eq(bpf_perf_event_output(map, 0, buf, 8), -EOPNOTSUPP,
		     "the ring of another cpu");
	cr_assert_eq(perf_cpu__set_current(0), 0, "back to cpu 0");
	cr_assert_eq(perf_ring__disable(ring0()), 0, "disable");
	cr_assert_eq(bpf_perf_event_output(map, 0, buf, 8), -EOPNOTSUPP, "disabled event");
	cr_assert_eq(perf_ring__enable(ring0()), 0, "enable");
	cr_assert_eq(bpf_perf_event_output(map, 0, buf, 8), 0, "explicit index of this cpu");

	/* a slot left empty: only slot 0 of a 2-slot map gets an event */
	two = perf_event_array__new(2);
	cr_assert_not_null(two, "2-slot map");
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_BPF_OUTPUT;
	attr.sample_type = PERF_SAMPLE_RAW;
	attr.wakeup_events = 1;
	pb2 = perfbuf_consumer__new_raw(two, 1, &attr, raw_cb, NULL, &ro);
	cr_assert_not_null(pb2, "consumer on slot 0 only");
	cr_assert_eq(bpf_perf_event_output(two, 1, buf, 8), -ENOENT, "empty slot");
	perfbuf_consumer__free(pb2);
	cr_assert_eq(bpf_perf_event_output(two, 0, buf, 8), -ENOENT, "slot emptied by free");
	perf_event_array__free(two);
}

/*
 * Sizes no verified program can pass (the verifier refuses a size that may
 * reach BPF_MAX_VAR_SIZ, 1 << 29), among them 0xFFFFFFF5..0xFFFFFFFF, for
 * which round_up(size + 4, 8) wraps in u32: -E2BIG, nothing copied, nothing
 * reserved, nothing lost
 */
Test(perfbuf, huge_sizes_refused_without_copy, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	static const __u64 sizes[] = { 1ULL << 29, (1ULL << 29) - 1, 1ULL << 32, UINT64_MAX,
				       0xFFFFFFF4ULL, UINT16_MAX };
	char buf[16] = { 0 };
	__u64 n;
	size_t i;

	open_default(1, 1);
	for (n = 0xFFFFFFF5ULL; n <= 0xFFFFFFFFULL; n++)
		cr_assert_eq(bpf_perf_event_output(map, BPF_F_CURRENT_CPU, buf, n), -E2BIG,
			     "size %#llx", (unsigned long long)n);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		cr_assert_eq(bpf_perf_event_output(map, BPF_F_CURRENT_CPU, buf, sizes[i]), -E2BIG,
			     "size %#llx", (unsigned long long)sizes[i]);
	cr_assert_eq(head(), 0, "data_head: nothing reserved");
	cr_assert_eq(stats().lost_samples, 0, "nothing lost");
	cr_assert_eq(stats().wakeups, 0, "no wakeup");
	cr_assert_eq(out_tagged(8, 1), 0, "a sample of 8 bytes");
	cr_assert_eq(perfbuf_consumer__consume(pb), 0, "consume");
	cr_assert_eq(nev, 1, "only that one");
	cr_assert_eq(evs[0].size, 12, "its padded size");
}

/*
 * Every accessor of perfbuf.h on NULL: the kernel side's int results
 * -EINVAL, the consumer's -EINVAL with errno EINVAL (as libbpf's), unsigned
 * results 0 with errno EINVAL, pointers NULL, void calls nothing
 */
Test(perfbuf, null_everywhere, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	struct perf_ring_stats st;
	void *buf;
	size_t sz;

	open_default(1, 1);
	RBTEST_EXPECT_EINVAL(perf_ring__id(NULL), 0);
	RBTEST_EXPECT_EINVAL(perf_event_array__max_entries(NULL), 0);
	RBTEST_EXPECT_EINVAL(perf_ring__mmap_page(NULL), NULL);
	RBTEST_EXPECT_EINVAL(perf_ring__mmap_size(NULL), 0);
	cr_expect_eq(perf_ring__cpu(NULL), -EINVAL, "perf_ring__cpu(NULL)");
	cr_expect_eq(perf_ring__fd(NULL), -EINVAL, "perf_ring__fd(NULL)");
	cr_expect_eq(perf_ring__enable(NULL), -EINVAL, "perf_ring__enable(NULL)");
	cr_expect_eq(perf_ring__disable(NULL), -EINVAL, "perf_ring__disable(NULL)");
	memset(&st, 0xff, sizeof(st));
	perf_ring__stats(NULL, &st);
	cr_expect_eq(st.lost_samples + st.wakeups + st.notifications + st.notify_dedup, 0,
		     "stats of a NULL ring are zero");
	perf_ring__stats(ring0(), NULL);
	perf_ring__set_misc(NULL, 0);
	perf_ring__set_id(NULL, 1);
	perf_ring__set_output_hook(NULL, NULL, NULL);

	RBTEST_EXPECT_EINVAL(perfbuf_consumer__epoll_fd(NULL), -EINVAL);
	RBTEST_EXPECT_EINVAL(perfbuf_consumer__poll(NULL, 0), -EINVAL);
	RBTEST_EXPECT_EINVAL(perfbuf_consumer__consume(NULL), -EINVAL);
	RBTEST_EXPECT_EINVAL(perfbuf_consumer__consume_buffer(NULL, 0), -EINVAL);
	RBTEST_EXPECT_EINVAL(perfbuf_consumer__buffer_cnt(NULL), 0);
	RBTEST_EXPECT_EINVAL(perfbuf_consumer__buffer_fd(NULL, 0), -EINVAL);
	RBTEST_EXPECT_EINVAL(perfbuf_consumer__buffer(NULL, 0, &buf, &sz), -EINVAL);
	RBTEST_EXPECT_EINVAL(perfbuf_consumer__buffer(pb, 0, NULL, &sz), -EINVAL);
	RBTEST_EXPECT_EINVAL(perfbuf_consumer__buffer(pb, 0, &buf, NULL), -EINVAL);
	RBTEST_EXPECT_EINVAL(perfbuf_consumer__wakeups(NULL), 0);
	RBTEST_EXPECT_EINVAL(perfbuf_consumer__wrap_copies(NULL), 0);
	cr_expect_null(perfbuf_consumer__ring(NULL, 0), "ring of a NULL consumer");

	cr_assert_eq(out_tagged(8, 1), 0, "the real buffer still works");
	cr_assert_eq(perfbuf_consumer__consume(pb), 0, "consume");
	cr_assert_eq(nev, 1, "one sample");
}

/* header.size is a u16: the largest sample is the one whose record is <= 65535 bytes */
Test(perfbuf, largest_sample, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	size_t n = 0;

	open_raw(32, 0);
	while (fp(n + 1) <= UINT16_MAX)
		n++;
	cr_assert_eq(out_tagged(n + 1, 1), -E2BIG, "a record over 64 KiB is refused");
	cr_assert_eq(out_tagged(n, 2), 0, "the largest sample, %zu bytes", n);
	cr_assert_eq(perfbuf_consumer__consume(pb), 0, "consume");
	cr_assert_eq(nev, 1, "one record");
	cr_assert_eq(evs[0].size, fp(n), "header.size %llu", (unsigned long long)fp(n));
	cr_assert_eq(pattern_mismatch(bytes + evs[0].off + 12, n, 2), n, "payload intact");
}

/* a ring of D bytes holds at most D - 1 bytes: a record of D - 8 fits, one of D never */
Test(perfbuf, capacity_is_size_minus_one, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	const size_t fits = PG - 8 - 12, exact = PG - 12;

	open_default(1, 1);
	cr_assert_eq(fp(fits), PG - 8, "precondition: a %zu-byte record takes D - 8", fits);
	cr_assert_eq(fp(exact), PG, "precondition: a %zu-byte record takes D", exact);
	cr_assert_eq(out_tagged(fits, 1), 0, "D - 8 bytes fit in an empty ring");
	cr_assert_eq(perfbuf_consumer__consume(pb), 0, "drain");
	cr_assert_eq(out_tagged(exact, 2), -ENOSPC, "D bytes never fit (CIRC_SPACE is D - 1)");
	cr_assert_eq(out_tagged(PG, 3), -ENOSPC, "nor anything bigger");
	cr_assert_eq(stats().lost_samples, 2, "both counted as lost");
	cr_assert_eq(head(), PG - 8, "nothing written after the first record");
}

/* the consumer stops at an unknown record type, as libbpf does */
Test(perfbuf, open_refuses_other_events, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_CPU_CLOCK;
	attr.sample_type = PERF_SAMPLE_RAW;
	errno = 0;
	cr_assert_null(perf_ring__open(&attr, 0), "not a BPF_OUTPUT event");
	cr_assert_eq(errno, EINVAL, "EINVAL");
	attr.config = PERF_COUNT_SW_BPF_OUTPUT;
	attr.sample_type = PERF_SAMPLE_RAW | PERF_SAMPLE_TIME;
	errno = 0;
	cr_assert_null(perf_ring__open(&attr, 0), "other sample fields are not modelled");
	cr_assert_eq(errno, EINVAL, "EINVAL");
}

/*
 * The event array and the consumer each start a 128-byte block of their own
 * (port_zalloc_lines(), as the ring buffer's map: tests/ringbuf/test_create.c):
 * a line shared with another thread's words would cost a write or a poll a
 * transfer the kernel's do not
 */
Test(perfbuf, objects_on_blocks_of_their_own, .timeout = RBSIM_TEST_TIMEOUT(10))
{
	void *after;

	open_default(1, 1);
	after = malloc(16);
	cr_assert_not_null(after);
	cr_expect_eq((uintptr_t)map % 128, 0, "the event array at %p", (void *)map);
	cr_expect_eq((uintptr_t)pb % 128, 0, "the consumer at %p", (void *)pb);
	cr_expect((uintptr_t)after + 16 <= (uintptr_t)pb ||
		  (uintptr_t)after >= (uintptr_t)pb + 128,
		  "an allocation of 16 bytes at %p inside the consumer's block at %p", after,
		  (void *)pb);
	free(after);
}
