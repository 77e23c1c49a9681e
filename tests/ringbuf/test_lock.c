// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ring's lock keeps rqspinlock's contract (kernel/bpf/ringbuf.c 6.18,
 * raw_res_spin_lock_irqsave): taking it again on the same CPU fails instead
 * of deadlocking, and reserve returns NULL. Here a signal handler raised
 * while reserve holds the lock plays a BPF program re-entering reserve.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "tests/helpers/rbtest.h"
#include "tests/helpers/timeout.h"

TestSuite(lock, .timeout = RBSIM_TEST_TIMEOUT(10));

static struct bpf_ringbuf_map *sig_map;
static void *handler_rec;
static int handler_runs;
static int hook_raises;

static void on_sigusr1(int sig)
{
	(void)sig;
	handler_runs++;
	handler_rec = bpf_ringbuf_reserve(sig_map, 8, 0);
	if (handler_rec)
		bpf_ringbuf_submit(handler_rec, BPF_RB_NO_WAKEUP);
}

static void raise_once(void *ctx)
{
	(void)ctx;
	if (hook_raises++ == 0)
		raise(SIGUSR1);
}

Test(lock, reentry_from_signal_handler_fails)
{
	struct sigaction sa = { .sa_handler = on_sigusr1 };
	struct ringbuf_stats st;
	struct ringbuf_mmap v;
	void *rec;

	sig_map = ringbuf_map__new(16384, 0);
	cr_assert_not_null(sig_map, "map");
	cr_assert_eq(ringbuf_map__mmap(sig_map, &v), 0, "mmap");
	cr_assert_eq(sigaction(SIGUSR1, &sa, NULL), 0, "sigaction");

	/* a timeout can't stand in for the AA check: a spin would outlast the test's timeout */
	ringbuf_map__set_lock_timeout(sig_map, 60ULL * 1000000000ULL);
	ringbuf_map__set_locked_hook(sig_map, raise_once, NULL);
	rec = bpf_ringbuf_reserve(sig_map, 8, 0);
	cr_assert_not_null(rec, "the outer reserve succeeds");
	cr_assert_eq(handler_runs, 1, "the handler ran inside the lock");
	cr_assert_null(handler_rec, "the nested reserve fails (AA deadlock detected)");
	ringbuf_map__stats(sig_map, &st);
	cr_assert_eq(st.fail_lock, 1, "fail_lock");
	cr_assert_eq(st.fail_no_space, 0, "fail_no_space");
	cr_assert_eq(view_prod(&v), 16, "producer_pos: only the outer record");
	bpf_ringbuf_submit(rec, 0);

	/* outside the lock the same handler reserves fine */
	ringbuf_map__set_locked_hook(sig_map, NULL, NULL);
	raise(SIGUSR1);
	cr_assert_eq(handler_runs, 2, "handler ran again");
	cr_assert_not_null(handler_rec, "a reserve from a handler outside the lock succeeds");
	ringbuf_map__stats(sig_map, &st);
	cr_assert_eq(st.fail_lock, 1, "fail_lock unchanged");
	cr_assert_eq(view_prod(&v), 32, "producer_pos: two records");

	ringbuf_map__munmap(&v);
	ringbuf_map__free(sig_map);
}

/*
 * The 6.18 reserve a map without hooks runs is inlined and only tries the
 * lock word; a lock found held sends the whole reserve to the out-of-line
 * copy, whose slow path detects AA. The hook that raises the signal removes
 * itself first, so that the handler's reserve runs that unhooked copy.
 */
static int nested_err;

static void on_sigusr1_err(int sig)
{
	on_sigusr1(sig);
	nested_err = ringbuf_reserve_error();
}

static void unhook_and_raise(void *ctx)
{
	ringbuf_map__set_locked_hook(ctx, NULL, NULL);
	raise(SIGUSR1);
}

Test(lock, reentry_into_the_unhooked_reserve_fails)
{
	struct sigaction sa = { .sa_handler = on_sigusr1_err };
	struct ringbuf_stats st;
	struct ringbuf_mmap v;
	void *rec;

	handler_runs = 0;
	sig_map = ringbuf_map__new(16384, 0);
	cr_assert_not_null(sig_map, "map");
	cr_assert_eq(ringbuf_map__mmap(sig_map, &v), 0, "mmap");
	cr_assert_eq(sigaction(SIGUSR1, &sa, NULL), 0, "sigaction");
	ringbuf_map__set_lock_timeout(sig_map, 60ULL * 1000000000ULL);
	ringbuf_map__set_locked_hook(sig_map, unhook_and_raise, sig_map);

	rec = bpf_ringbuf_reserve(sig_map, 8, 0);
	cr_assert_not_null(rec, "the outer reserve succeeds");
	cr_assert_eq(handler_runs, 1, "the handler ran inside the lock");
	cr_assert_null(handler_rec, "the nested reserve fails (AA deadlock detected)");
	cr_assert_eq(nested_err, -EBUSY, "the lock's failure, not lack of space");
	ringbuf_map__stats(sig_map, &st);
	cr_assert_eq(st.fail_lock, 1, "fail_lock");
	cr_assert_eq(st.fail_no_space + st.fail_too_big, 0, "no other failure");
	cr_assert_eq(view_prod(&v), 16, "producer_pos: only the outer record");
	bpf_ringbuf_submit(rec, 0);

	/* the held-locks table is clean again: the same reserve from a handler succeeds */
	raise(SIGUSR1);
	cr_assert_not_null(handler_rec, "a reserve from a handler outside the lock succeeds");
	cr_assert_eq(view_prod(&v), 32, "producer_pos: two records");

	ringbuf_map__munmap(&v);
	ringbuf_map__free(sig_map);
}

/*
 * A signal landing in each window of the held-locks bookkeeping (6.18's
 * grab_held_lock_entry(): count raised, then slot written; res_spin_unlock():
 * slot cleared, lock word released, count lowered) with a handler that
 * reserves, on the same ring or on another. What the kernel does with an NMI
 * there: on another ring, always success; on the same ring, success once the
 * lock word is released; where the word is held but the table does not show
 * it yet (or any more), the AA check misses and the nested reserve fails by
 * timeout (a short one here); never a spurious AA, never a slot overwritten,
 * so a real re-entry afterwards still fails at once.
 */
enum { SAME_RING, OTHER_RING };

static struct bpf_ringbuf_map *other_map;
static int armed_point;
static int point_raises;
static int win_target;
static int win_runs;
static void *win_rec;

static void on_sigusr2(int sig)
{
	(void)sig;
	win_runs++;
	win_rec = bpf_ringbuf_reserve(win_target == SAME_RING ? sig_map : other_map, 8, 0);
	if (win_rec)
		bpf_ringbuf_submit(win_rec, BPF_RB_NO_WAKEUP);
}

#define LONG_TIMEOUT (60ULL * 1000000000ULL)	/* a spin fails the test by its timeout */
#define SHORT_TIMEOUT (5ULL * 1000000ULL)	/* where the kernel times out too */

static bool nested_ok;

/*
 * Raises once, at the armed point of the outer reserve (the handler's own
 * pass is ignored), with a short lock timeout where the nested reserve is
 * expected to time out, and the long one again for the rest.
 */
static void raise_at_point(void *ctx, enum ringbuf_lock_point point)
{
	(void)ctx;
	if ((int)point != armed_point || point_raises++)
		return;
	if (!nested_ok)
		ringbuf_map__set_lock_timeout(sig_map, SHORT_TIMEOUT);
	raise(SIGUSR2);
	ringbuf_map__set_lock_timeout(sig_map, LONG_TIMEOUT);
}

static void run_window(enum ringbuf_lock_point point, int target, bool ok)
{
	struct sigaction sa1 = { .sa_handler = on_sigusr1 }, sa2 = { .sa_handler = on_sigusr2 };
	struct ringbuf_mmap v;
	void *rec;

	sig_map = ringbuf_map__new(16384, 0);
	other_map = ringbuf_map__new(16384, 0);
	cr_assert(sig_map && other_map, "maps");
	cr_assert_eq(ringbuf_map__mmap(sig_map, &v), 0, "mmap");
	cr_assert_eq(sigaction(SIGUSR1, &sa1, NULL), 0, "sigaction");
	cr_assert_eq(sigaction(SIGUSR2, &sa2, NULL), 0, "sigaction");
	armed_point = point;
	point_raises = 0;
	nested_ok = ok;
	win_target = target;
	win_runs = 0;
	handler_runs = 0;
	hook_raises = 0;

	/*
	 * One outer reserve: the signal at the point, and a real re-entry from
	 * the locked section, which must fail at once (AA) whatever the signal
	 * did to the table: a missed AA would spin for the long timeout
	 */
	ringbuf_map__set_lock_timeout(sig_map, LONG_TIMEOUT);
	ringbuf_map__set_lock_timeout(other_map, LONG_TIMEOUT);
	ringbuf_map__set_lock_point_hook(sig_map, raise_at_point, NULL);
	ringbuf_map__set_locked_hook(sig_map, raise_once, NULL);
	rec = bpf_ringbuf_reserve(sig_map, 8, 0);
	ringbuf_map__set_lock_point_hook(sig_map, NULL, NULL);
	ringbuf_map__set_locked_hook(sig_map, NULL, NULL);
	cr_assert_not_null(rec, "the outer reserve succeeds");
	bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
	cr_assert_eq(win_runs, 1, "the handler ran at point %d", point);
	if (ok)
		cr_assert_not_null(win_rec, "point %d, %s ring: the nested reserve succeeds", point,
				   target == SAME_RING ? "same" : "other");
	else
		cr_assert_null(win_rec, "point %d, same ring: the nested reserve fails", point);
	cr_assert_eq(handler_runs, 1, "the re-entry ran");
	cr_assert_null(handler_rec, "the re-entry inside the lock fails");
	cr_assert_eq(map_stats(sig_map).fail_lock, ok ? 1 : 2, "fail_lock: %llu",
		     (unsigned long long)map_stats(sig_map).fail_lock);
	cr_assert_eq(map_stats(other_map).fail_lock, 0, "fail_lock of the other ring");
	cr_assert_eq(view_prod(&v), target == SAME_RING && ok ? 32 : 16, "producer_pos");
	cr_assert_eq(bpf_ringbuf_query(other_map, BPF_RB_PROD_POS),
		     target == OTHER_RING ? 16 : 0, "producer_pos of the other ring");

	/* the table is balanced: outside any lock a handler reserves fine */
	raise(SIGUSR1);
	cr_assert_eq(handler_runs, 2, "the handler ran again");
	cr_assert_not_null(handler_rec, "a reserve from a handler outside the lock succeeds");

	ringbuf_map__munmap(&v);
	ringbuf_map__free(other_map);
	ringbuf_map__free(sig_map);
}

/* each window, each ring, and 6.18's result for the nested reserve */
struct window {
	enum ringbuf_lock_point point;
	int target;
	bool ok;
};

static struct window windows[] = {
	/* cmpxchg done, entry not recorded: the nested attempt misses AA and times out */
	{ RINGBUF_LOCK_TAKEN, SAME_RING, false },
	{ RINGBUF_LOCK_TAKEN, OTHER_RING, true },
	/* count raised, slot not written: the nested attempt takes the next slot, misses AA */
	{ RINGBUF_LOCK_ENTRY, SAME_RING, false },
	{ RINGBUF_LOCK_ENTRY, OTHER_RING, true },
	/* slot cleared, lock word still held: 6.18 misses AA there and times out */
	{ RINGBUF_UNLOCK_CLEARED, SAME_RING, false },
	{ RINGBUF_UNLOCK_CLEARED, OTHER_RING, true },
	/* lock word released, count not lowered: the lock is free, no AA */
	{ RINGBUF_UNLOCK_RELEASED, SAME_RING, true },
	{ RINGBUF_UNLOCK_RELEASED, OTHER_RING, true },
};

ParameterizedTestParameters(lock, signal_in_each_window)
{
	return cr_make_param_array(struct window, windows, sizeof(windows) / sizeof(windows[0]));
}

ParameterizedTest(struct window *w, lock, signal_in_each_window)
{
	run_window(w->point, w->target, w->ok);
}
