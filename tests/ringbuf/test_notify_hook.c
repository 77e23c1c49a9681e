// SPDX-License-Identifier: GPL-2.0-only
/*
 * ringbuf_map__set_notify_hook(): the hook runs where the kernel queues the
 * notification's irq_work, once per notification the commit rule asks for
 * (adaptive, FORCE; never for NO_WAKEUP), and either takes the wake-up over
 * (no eventfd write; ringbuf_map__notify() makes it later) or lets the port
 * write the eventfd as usual; the wake hook, just before each eventfd write;
 * the take hook, a wake-up made in the middle of a consumer's take.
 * Single thread: every commit's outcome is known.
 */
#include <poll.h>
#include <sys/epoll.h>
#include <criterion/criterion.h>

#include "tests/helpers/rbtest.h"
#include "tests/helpers/timeout.h"

TestSuite(notify_hook, .timeout = RBSIM_TEST_TIMEOUT(10));

struct hook {
	int calls;
	bool take;
};

static bool on_notify(void *ctx)
{
	struct hook *h = ctx;

	h->calls++;
	return h->take;
}

/* the map's eventfd is readable: a wake-up was written and not taken back */
static bool fd_readable(struct bpf_ringbuf_map *map)
{
	struct pollfd p = { .fd = ringbuf_map__fd(map), .events = POLLIN };

	cr_assert_geq(poll(&p, 1, 0), 0, "poll");
	return p.revents & POLLIN;
}

/* the map's counters now */
static struct ringbuf_stats stats_of(struct bpf_ringbuf_map *map)
{
	struct ringbuf_stats st;

	ringbuf_map__stats(map, &st);
	return st;
}

static void commit_one(struct bpf_ringbuf_map *map, __u64 flags)
{
	void *rec = bpf_ringbuf_reserve(map, 8, 0);

	cr_assert_not_null(rec, "reserve");
	bpf_ringbuf_submit(rec, flags);
}

Test(notify_hook, taken_over_means_no_eventfd_write)
{
	struct bpf_ringbuf_map *map = ringbuf_map__new(4096, 0);
	struct hook h = { .take = true };

	cr_assert_not_null(map, "map");
	ringbuf_map__set_notify_hook(map, on_notify, &h);
	/* the consumer (at 0) waits for the first record: adaptive notifies */
	commit_one(map, 0);
	cr_expect_eq(h.calls, 1, "the hook ran for the notification");
	cr_expect_eq(stats_of(map).notifications, 1, "counted as a notification");
	cr_expect(!fd_readable(map), "no eventfd write: the hook took it");
	/* consumer_pos still 0, the next record is not at it: adaptive stays silent */
	commit_one(map, 0);
	cr_expect_eq(h.calls, 1, "no notification, no hook");
	commit_one(map, BPF_RB_NO_WAKEUP);
	cr_expect_eq(h.calls, 1, "NO_WAKEUP: no hook");
	commit_one(map, BPF_RB_FORCE_WAKEUP);
	commit_one(map, BPF_RB_FORCE_WAKEUP);
	cr_expect_eq(h.calls, 3, "FORCE: one call each (each notification completes first)");
	cr_expect_eq(stats_of(map).notifications, 3, "three notifications");
	cr_expect(!fd_readable(map), "still no eventfd write");
	ringbuf_map__free(map);
}

Test(notify_hook, declined_means_the_usual_wake_up)
{
	struct bpf_ringbuf_map *map = ringbuf_map__new(4096, 0);
	struct hook h = { .take = false };

	cr_assert_not_null(map, "map");
	ringbuf_map__set_notify_hook(map, on_notify, &h);
	commit_one(map, BPF_RB_FORCE_WAKEUP);
	cr_expect_eq(h.calls, 1, "the hook ran");
	cr_expect(fd_readable(map), "declined: the port wrote the eventfd");
	cr_expect_eq(ringbuf_map__take_wakeups(map), 1, "one write to take back");

	ringbuf_map__set_notify_hook(map, NULL, NULL);
	commit_one(map, BPF_RB_FORCE_WAKEUP);
	cr_expect_eq(h.calls, 1, "removed: not called");
	cr_expect(fd_readable(map), "removed: the eventfd is written");
	ringbuf_map__free(map);
}

/* a notification taken over is made later by ringbuf_map__notify(), counted once */
Test(notify_hook, taken_over_then_made_later)
{
	struct bpf_ringbuf_map *map = ringbuf_map__new(4096, 0);
	struct hook h = { .take = true };

	cr_assert_not_null(map, "map");
	ringbuf_map__set_notify_hook(map, on_notify, &h);
	commit_one(map, 0);
	cr_expect(!fd_readable(map), "taken over: no eventfd write yet");
	ringbuf_map__notify(map);
	cr_expect(fd_readable(map), "made later: the eventfd is written");
	cr_expect_eq(ringbuf_map__take_wakeups(map), 1, "one write to take back");
	cr_expect_eq(h.calls, 1, "the hook is not run again");
	cr_expect_eq(stats_of(map).notifications, 1, "counted once, when the commit asked for it");
	ringbuf_map__notify(NULL);
	ringbuf_map__free(map);
}

/*
 * notify_wakes: the notifications that woke the map's futex, only while a
 * consumer announced it may sleep there (ringbuf_map__set_futex_waiting(),
 * which returns the wake word's value then); only those move the word, by
 * one each, inside the call that wakes (W3), and the others stay on the
 * ready list alone; the eventfd is not written for it
 */
Test(notify_hook, notify_wakes_count_the_futex_wakes)
{
	struct bpf_ringbuf_map *map = ringbuf_map__new(4096, 0);
	const __u32 *word;
	__u32 seen;

	cr_assert_not_null(map, "map");
	word = ringbuf_map__wake_word(map);
	cr_assert_not_null(word, "wake word");
	cr_expect_eq((uintptr_t)word % 4, 0, "a futex word is 4-byte aligned");
	commit_one(map, BPF_RB_FORCE_WAKEUP);
	cr_expect_eq(stats_of(map).notify_wakes, 0, "no consumer waits: the ready list only");
	seen = ringbuf_map__set_futex_waiting(map, true);
	cr_expect_eq(seen, 0, "the wake-up made with nobody announced left the word");
	commit_one(map, BPF_RB_FORCE_WAKEUP);
	commit_one(map, BPF_RB_NO_WAKEUP);
	commit_one(map, BPF_RB_FORCE_WAKEUP);
	cr_expect_eq(*word, seen + 2, "the word moved by the two wake-ups");
	cr_expect_eq(stats_of(map).notify_wakes, 2, "a futex waiter: each notification wakes");
	cr_expect_eq(stats_of(map).notify_writes, 0, "and writes no eventfd");
	cr_expect_eq(ringbuf_map__set_futex_waiting(map, false), 0, "off");
	commit_one(map, BPF_RB_FORCE_WAKEUP);
	cr_expect_eq(stats_of(map).notify_wakes, 2, "the waiter gone: no wake");
	cr_expect_eq(*word, seen + 2, "nor a move of the word");
	cr_expect_eq(ringbuf_map__take_wakeups(map), 4, "every wake-up is on the ready list");
	ringbuf_map__free(map);
}

/*
 * notify_writes: the notifications that wrote the eventfd, only while a
 * consumer may sleep on it (ringbuf_map__set_waiting()); the others only put
 * the map on the ready list, and a hook that takes one over writes nothing
 */
Test(notify_hook, notify_writes_count_the_eventfd_writes)
{
	struct bpf_ringbuf_map *map = ringbuf_map__new(4096, 0);
	struct hook h = { .take = true };

	cr_assert_not_null(map, "map");
	commit_one(map, BPF_RB_FORCE_WAKEUP);
	cr_expect_eq(stats_of(map).notifications, 1);
	cr_expect_eq(stats_of(map).notify_writes, 0, "no consumer waits: the ready list only");
	ringbuf_map__set_waiting(map, true);
	commit_one(map, BPF_RB_FORCE_WAKEUP);
	commit_one(map, BPF_RB_NO_WAKEUP);
	commit_one(map, BPF_RB_FORCE_WAKEUP);
	cr_expect_eq(stats_of(map).notifications, 3);
	cr_expect_eq(stats_of(map).notify_writes, 2, "a waiter: each notification writes");
	ringbuf_map__set_notify_hook(map, on_notify, &h);
	commit_one(map, BPF_RB_FORCE_WAKEUP);
	cr_expect_eq(stats_of(map).notifications, 4);
	cr_expect_eq(stats_of(map).notify_writes, 2, "taken over by the hook: no write");
	ringbuf_map__set_notify_hook(map, NULL, NULL);
	ringbuf_map__set_waiting(map, false);
	commit_one(map, BPF_RB_FORCE_WAKEUP);
	cr_expect_eq(stats_of(map).notifications, 5);
	cr_expect_eq(stats_of(map).notify_writes, 2, "the waiter gone: no write");
	ringbuf_map__free(map);
}

/* notify_reads, by the statistics and by its accessor, which must agree */
static __u64 reads_of(struct bpf_ringbuf_map *map)
{
	__u64 n = stats_of(map).notify_reads;

	cr_expect_eq(ringbuf_map__notify_reads(map), n, "the accessor and the statistics");
	return n;
}

/*
 * notify_reads: the read() calls that took the eventfd's writes back, one
 * for all the writes before it, none when nothing was written since; its
 * own accessor reads the same count
 */
Test(notify_hook, notify_reads_count_the_eventfd_reads)
{
	struct bpf_ringbuf_map *map = ringbuf_map__new(4096, 0);

	cr_assert_not_null(map, "map");
	commit_one(map, BPF_RB_FORCE_WAKEUP);
	cr_expect_eq(ringbuf_map__take_wakeups(map), 1, "the wake-up, taken back");
	cr_expect_eq(reads_of(map), 0, "nothing was written: nothing read");
	ringbuf_map__set_waiting(map, true);
	commit_one(map, BPF_RB_FORCE_WAKEUP);
	commit_one(map, BPF_RB_FORCE_WAKEUP);
	cr_expect_eq(stats_of(map).notify_writes, 2);
	cr_expect_eq(ringbuf_map__take_wakeups(map), 2, "two wake-ups taken back");
	cr_expect_eq(reads_of(map), 1, "both writes in one read");
	cr_expect_eq(ringbuf_map__take_wakeups(map), 0, "nothing new");
	cr_expect_eq(reads_of(map), 1, "every write read back already: no call");
	commit_one(map, BPF_RB_FORCE_WAKEUP);
	cr_expect_eq(ringbuf_map__take_wakeups(map), 1);
	cr_expect_eq(reads_of(map), 2, "the next write, its own read");
	ringbuf_map__set_waiting(map, false);
	ringbuf_map__free(map);
}

struct wake {
	struct bpf_ringbuf_map *map;
	int calls;
	__u64 writes_seen; /* notify_writes when the hook last ran */
};

static void on_wake(void *ctx)
{
	struct wake *w = ctx;

	w->calls++;
	w->writes_seen = stats_of(w->map).notify_writes;
}

/*
 * ringbuf_map__set_wake_hook(): once just before each eventfd write, and
 * only then (no waiter, a notification the notify hook took over: none),
 * on the committing thread
 */
Test(notify_hook, wake_hook_before_each_eventfd_write)
{
	struct bpf_ringbuf_map *map = ringbuf_map__new(4096, 0);
	struct hook h = { .take = true };
	struct wake w = { .map = map };

	cr_assert_not_null(map, "map");
	ringbuf_map__set_wake_hook(map, on_wake, &w);
	commit_one(map, BPF_RB_FORCE_WAKEUP);
	cr_expect_eq(w.calls, 0, "no consumer waits: no write, no wake hook");
	ringbuf_map__set_waiting(map, true);
	commit_one(map, BPF_RB_FORCE_WAKEUP);
	cr_expect_eq(w.calls, 1, "a waiter: the hook ran");
	cr_expect_eq(w.writes_seen, 0, "before the write was counted (W1)");
	cr_expect_eq(stats_of(map).notify_writes, 1, "then the write");
	commit_one(map, BPF_RB_NO_WAKEUP);
	cr_expect_eq(w.calls, 1, "NO_WAKEUP: no notification, no hook");
	ringbuf_map__set_notify_hook(map, on_notify, &h);
	commit_one(map, BPF_RB_FORCE_WAKEUP);
	cr_expect_eq(w.calls, 1, "taken over by the notify hook: no write, no wake hook");
	ringbuf_map__set_notify_hook(map, NULL, NULL);
	ringbuf_map__set_wake_hook(map, NULL, NULL);
	commit_one(map, BPF_RB_FORCE_WAKEUP);
	cr_expect_eq(w.calls, 1, "removed: not called");
	cr_expect_eq(stats_of(map).notify_writes, 2, "the write made without it");
	ringbuf_map__free(map);
}

struct mid_take {
	struct bpf_ringbuf_map *map;
	int calls;
};

/* the take hook: the first time, a record committed with the consumer caught up */
static void commit_in_take(void *ctx)
{
	struct mid_take *m = ctx;

	if (m->calls++)
		return;
	commit_one(m->map, 0);
}

static int count_cb(void *ctx, void *data, size_t size)
{
	(void)data;
	(void)size;
	++*(int *)ctx;
	return 0;
}

/*
 * A wake-up made in the middle of a take (ringbuf_map__set_take_hook()):
 * the consumer leaves the ring empty, and as its re-poll takes the
 * wake-ups back, a record is committed with the consumer caught up, which
 * notifies and writes the eventfd. The take must leave that write in the
 * eventfd, or take its wake-up and re-poll: either way the fd stays
 * readable and the record is there to consume. Before 0162def the take
 * loaded the wake-ups made before its read of the eventfd: it read that
 * write back, took nothing, skipped the re-poll and left the fd reset with
 * the record in the ring, and no later commit (adaptive, the consumer
 * behind) would have notified: a consumer in epoll_wait() on a full ring
 * slept for good (seen under ThreadSanitizer in epoll_mt).
 */
Test(notify_hook, wake_up_in_the_middle_of_a_take_is_not_lost)
{
	struct bpf_ringbuf_map *map = ringbuf_map__new(4096, 0);
	struct mid_take m = { .map = map };
	struct ring_consumer *rc;
	struct epoll_event ev;
	int seen = 0, efd;

	cr_assert_not_null(map, "map");
	rc = rbtest_consumer_new(map, count_cb, &seen);
	efd = ring_consumer__epoll_fd(rc);
	cr_assert_geq(efd, 0, "epoll fd");
	commit_one(map, 0);
	cr_assert_eq(epoll_wait(efd, &ev, 1, 0), 1, "the first record's wake-up: readable");
	cr_assert_eq(ring_consumer__consume(rc), 1, "the first record");
	cr_assert_eq(epoll_wait(efd, &ev, 1, 0), 0, "drained: the fd reset");

	ringbuf_map__set_take_hook(map, commit_in_take, &m);
	cr_assert_eq(ring_consumer__consume(rc), 0, "nothing to consume before the take");
	ringbuf_map__set_take_hook(map, NULL, NULL);
	cr_assert_eq(m.calls, 1, "the take ran once, the hook with it");
	cr_expect_eq(stats_of(map).notifications, 2, "the record in the take notified");
	cr_expect_eq(epoll_wait(efd, &ev, 1, 0), 1,
		     "a record committed in the middle of the take: the fd is readable");
	cr_expect_eq(ring_consumer__consume(rc), 1, "and the record is consumed");
	cr_expect_eq(seen, 2, "both records seen");
	rbtest_ring_free(map, NULL, rc);
}
