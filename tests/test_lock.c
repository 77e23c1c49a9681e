// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ring's lock keeps rqspinlock's contract (kernel/bpf/ringbuf.c 6.18,
 * raw_res_spin_lock_irqsave): taking it again on the same CPU fails instead
 * of deadlocking, and reserve returns NULL. Here a signal handler raised
 * while reserve holds the lock plays a BPF program re-entering reserve.
 */
#include <signal.h>
#include <string.h>
#include <criterion/criterion.h>

#include "tests/helpers/rbtest.h"

TestSuite(lock, .timeout = 10);

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
