// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel eras (ringbuf_map__new_opts()): each release's reserve, difference
 * by difference, against the commit that made it:
 *   457f44363a88 (5.8)   spinlock_t, NMI context only tries it; no size
 *                        check, no pending_pos
 *   4b81ccebaeee (5.13)  a record longer than the ring is refused (CVE-2021-3489)
 *   cfa1a2329a69 (6.10)  pending_pos (CVE-2024-41009)
 *   8b62645b09f8 (6.12)  raw_spinlock_t: nothing a userspace port can tell apart
 *   a650d38915c1 (6.15)  rqspinlock: AA detection and a timeout, NMI spins too
 *   27861fc720be (6.17)  back to the raw spinlock and the NMI trylock
 *   6.18                 rqspinlock again; 6.19: overwrite mode (test_overwrite.c)
 * The NMI is a signal handler that marks itself with ringbuf_nmi_enter().
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "tests/helpers/rbtest.h"
#include "tests/helpers/timeout.h"

#define K(a, b) RBSIM_KERNEL(a, b)

TestSuite(eras, .timeout = RBSIM_TEST_TIMEOUT(20));

/*
 * what each era's reserve does, from the kernel's history (not from the
 * port's table); no pointers: Criterion copies parameters into the process
 * that runs the test
 */
struct era_case {
	__u32 kernel;
	char lock[16];
	bool nmi_trylock, size_check, pending, overwrite;
};

static struct era_case eras[] = {
	{ K(5, 8), "spinlock_t", true, false, false, false },
	{ K(5, 13), "spinlock_t", true, true, false, false },
	{ K(6, 10), "spinlock_t", true, true, true, false },
	{ K(6, 12), "raw_spinlock_t", true, true, true, false },
	{ K(6, 15), "rqspinlock_t", false, true, true, false },
	{ K(6, 17), "raw_spinlock_t", true, true, true, false },
	{ K(6, 18), "rqspinlock_t", false, true, true, false },
	{ K(6, 19), "rqspinlock_t", false, true, true, true },
};
#define NR_ERAS (sizeof(eras) / sizeof(eras[0]))

Test(eras, every_release_has_its_era)
{
	/* release -> the first release of its era */
	static const __u32 map[][2] = {
		{ K(5, 8), K(5, 8) }, { K(5, 12), K(5, 8) }, { K(5, 13), K(5, 13) },
		{ K(5, 15), K(5, 13) }, { K(5, 19), K(5, 13) }, { K(6, 0), K(5, 13) },
		{ K(6, 1), K(5, 13) }, { K(6, 6), K(5, 13) }, { K(6, 9), K(5, 13) },
		{ K(6, 10), K(6, 10) }, { K(6, 11), K(6, 10) }, { K(6, 12), K(6, 12) },
		{ K(6, 14), K(6, 12) }, { K(6, 15), K(6, 15) }, { K(6, 16), K(6, 15) },
		{ K(6, 17), K(6, 17) }, { K(6, 18), K(6, 18) }, { K(6, 19), K(6, 19) },
		{ 0, K(6, 18) },
	};
	static const __u32 unknown[] = { K(4, 19), K(5, 7), K(5, 20), K(6, 20), K(7, 0),
					 K(6, 18) | 0x10000, 1 };
	struct ringbuf_era era;
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		cr_assert_eq(ringbuf_era(map[i][0], &era), 0, "%#x is a release", map[i][0]);
		cr_expect_eq(era.kernel, map[i][1], "%u.%u is in the %u.%u era, not %s",
			     map[i][0] >> 8, map[i][0] & 0xff, map[i][1] >> 8, map[i][1] & 0xff,
			     era.name);
	}
	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		cr_expect_eq(ringbuf_era(unknown[i], &era), -EINVAL, "%#x is no era", unknown[i]);
	for (i = 0; i < NR_ERAS; i++) {
		cr_assert_eq(ringbuf_era_at(i, &era), 0, "era %zu", i);
		cr_expect_eq(era.kernel, eras[i].kernel, "era %zu starts at %u.%u", i,
			     eras[i].kernel >> 8, eras[i].kernel & 0xff);
		cr_expect_str_eq(era.lock, eras[i].lock, "the lock of %s", era.name);
		cr_expect_eq(era.nmi_trylock, eras[i].nmi_trylock, "NMI trylock in %s", era.name);
		cr_expect_eq(era.size_check, eras[i].size_check, "size check in %s", era.name);
		cr_expect_eq(era.pending_pos, eras[i].pending, "pending_pos in %s", era.name);
		cr_expect_eq(era.overwrite, eras[i].overwrite, "overwrite mode in %s", era.name);
		cr_expect(era.commit && era.commit[0] && era.change && era.change[0],
			  "%s names its commit and change", era.name);
	}
	cr_expect_eq(ringbuf_era_at(NR_ERAS, &era), -ERANGE, "%zu eras", NR_ERAS);
}

static void expect_einval(__u32 size, __u32 flags, const struct ringbuf_map_opts *opts,
			  const char *what)
{
	struct bpf_ringbuf_map *map;

	errno = 0;
	map = ringbuf_map__new_opts(size, flags, opts);
	cr_expect_null(map, "%s: refused", what);
	cr_expect_eq(errno, EINVAL, "%s: errno %d, want EINVAL", what, errno);
	ringbuf_map__free(map);
}

Test(eras, opts_and_flags)
{
	struct {
		struct ringbuf_map_opts o;
		char tail[8];
	} big = { .o = { .sz = sizeof(big), .kernel = K(6, 19) } };
	struct ringbuf_map_opts opts = { .sz = sizeof(opts) };
	struct bpf_ringbuf_map *map;
	size_t i;

	/* NULL opts, kernel 0, a short opts without the field: the 6.18 map */
	map = ringbuf_map__new_opts(4096, 0, NULL);
	cr_assert_not_null(map, "NULL opts");
	cr_expect_eq(ringbuf_map__kernel(map), K(6, 18), "NULL opts is 6.18");
	ringbuf_map__free(map);
	opts.sz = sizeof(size_t);
	map = ringbuf_map__new_opts(4096, 0, &opts);
	cr_assert_not_null(map, "opts without the kernel field");
	cr_expect_eq(ringbuf_map__kernel(map), K(6, 18), "no field: 6.18");
	ringbuf_map__free(map);
	map = ringbuf_map__new(4096, BPF_F_NUMA_NODE);
	cr_assert_not_null(map, "ringbuf_map__new");
	cr_expect_eq(ringbuf_map__kernel(map), K(6, 18), "ringbuf_map__new() is 6.18");
	cr_expect_eq(ringbuf_map__map_flags(map), BPF_F_NUMA_NODE, "its flags");
	ringbuf_map__free(map);

	opts.sz = 0;
	expect_einval(4096, 0, &opts, "sz 0");
	/* a larger struct: zero bytes past the known fields are fine, others not */
	map = ringbuf_map__new_opts(4096, 0, &big.o);
	cr_assert_not_null(map, "a larger opts with a zero tail");
	cr_expect_eq(ringbuf_map__kernel(map), K(6, 19), "its kernel");
	ringbuf_map__free(map);
	big.tail[7] = 1;
	expect_einval(4096, 0, &big.o, "a larger opts with a non-zero tail");

	opts.sz = sizeof(opts);
	opts.kernel = K(5, 7);
	expect_einval(4096, 0, &opts, "5.7: before the ring buffer");
	opts.kernel = K(6, 20);
	expect_einval(4096, 0, &opts, "6.20: unknown");

	/* BPF_F_RB_OVERWRITE: 6.19 only; with NUMA yes, with any other flag no */
	for (i = 0; i < NR_ERAS; i++) {
		opts.kernel = eras[i].kernel;
		map = ringbuf_map__new_opts(4096, BPF_F_RB_OVERWRITE | BPF_F_NUMA_NODE, &opts);
		cr_expect_eq(map != NULL, eras[i].overwrite, "overwrite flag in %u.%u",
			     eras[i].kernel >> 8, eras[i].kernel & 0xff);
		if (map)
			cr_expect_eq(ringbuf_map__map_flags(map),
				     BPF_F_RB_OVERWRITE | BPF_F_NUMA_NODE, "flags kept");
		ringbuf_map__free(map);
		expect_einval(4096, BPF_F_RB_OVERWRITE | (1U << 20), &opts, "overwrite + bit 20");
		expect_einval(4096, BPF_F_RB_OVERWRITE | 1, &opts, "overwrite + bit 0");
		expect_einval(4096 + 8, BPF_F_RB_OVERWRITE, &opts, "overwrite, bad size");
	}
}

ParameterizedTestParameters(eras, size_check)
{
	return cr_make_param_array(struct era_case, eras, NR_ERAS);
}

/*
 * CVE-2021-3489: with consumer_pos far enough ahead, a record longer than
 * the whole ring passes the capacity check before 5.13 (the demo writes
 * it; here only the reservation)
 */
ParameterizedTest(struct era_case *e, eras, size_check)
{
	struct ringbuf_mmap v;
	struct bpf_ringbuf_map *map = rbtest_ring_new_opts(4096, 0, e->kernel, &v);
	void *rec;

	/* no hostile consumer: the capacity check refuses it in every era */
	cr_expect_null(bpf_ringbuf_reserve(map, 4096, 0), "4096 bytes in a 4096-byte ring");
	cr_expect_eq(map_stats(map).fail_too_big, 1, "a too-big drop");

	view_set_cons(&v, 4096);
	rbtest_ring_leaves(map, 0, RINGBUF_VALID_ANY_CONSUMER);
	rec = bpf_ringbuf_reserve(map, 4096, 0);
	if (e->size_check) {
		cr_expect_null(rec, "refused before the lock");
		cr_expect_eq(ringbuf_reserve_error(), -E2BIG, "it can never fit");
		cr_expect_eq(view_prod(&v), 0, "producer_pos unchanged");
		cr_expect_eq(map_stats(map).fail_too_big, 2, "a too-big drop");
	} else {
		cr_assert_not_null(rec, "4104 - 4096 <= mask: accepted");
		cr_expect_eq(view_prod(&v), 4104, "producer_pos past the whole ring");
		cr_expect_eq(view_len(&v, 0), 4096 | BPF_RINGBUF_BUSY_BIT, "its header");
		bpf_ringbuf_discard(rec, BPF_RB_NO_WAKEUP);
		cr_expect_eq(view_len(&v, 0), 4096 | BPF_RINGBUF_DISCARD_BIT, "discarded");
	}
	view_set_cons(&v, view_prod(&v));
	rbtest_ring_free(map, &v, NULL);
}

ParameterizedTestParameters(eras, pending_pos)
{
	return cr_make_param_array(struct era_case, eras, NR_ERAS);
}

/*
 * CVE-2024-41009 (the fix's commit message): consumer_pos moved to 0x3000,
 * then two 0x3000-byte records; before 6.10 the second one's sample covers
 * the first one's header through the double mapping
 */
ParameterizedTest(struct era_case *e, eras, pending_pos)
{
	struct ringbuf_map_opts opts = { .sz = sizeof(opts), .kernel = e->kernel };
	struct bpf_ringbuf_map *map = ringbuf_map__new_opts(0x4000, 0, &opts);
	struct ringbuf_mmap v;
	unsigned char *a, *b;

	cr_assert_not_null(map, "map");
	cr_assert_eq(ringbuf_map__mmap(map, &v), 0, "mmap");
	view_set_cons(&v, 0x3000);
	a = bpf_ringbuf_reserve(map, 0x3000, 0);
	cr_assert_not_null(a, "A at [0, 0x3008)");
	b = bpf_ringbuf_reserve(map, 0x3000, 0);
	if (e->pending) {
		cr_expect_null(b, "B refused: 0x6010 - pending_pos 0 > mask");
		cr_expect_eq(ringbuf_reserve_error(), -ENOSPC, "no room now");
		cr_expect_eq(view_pend(&v), 0, "pending_pos at A");
		cr_expect_eq(map_stats(map).fail_no_space, 1, "a no-space drop");
		bpf_ringbuf_submit(a, BPF_RB_NO_WAKEUP);
		cr_expect_eq(view_len(&v, 0), 0x3000, "A committed");
	} else {
		cr_assert_not_null(b, "B accepted at [0x3008, 0x6010)");
		cr_expect_eq(view_pend(&v), 0, "no pending_pos before 6.10");
		cr_expect_eq(view_prod(&v), 0x6010, "producer_pos");
		/* B's sample byte 0xff0 is ring offset 0x4000, i.e. 0: A's header */
		memset(b + 0xff0, 0x5a, 8);
		cr_expect_eq(view_len(&v, 0), 0x5a5a5a5a, "A's len written by B");
		cr_expect_eq(view_pg_off(&v, 0), 0x5a5a5a5a, "A's pg_off written by B");
	}
	/* no ring check: before 6.10 A's header is garbage now, as in the kernel */
	ringbuf_map__munmap(&v);
	ringbuf_map__free(map);
}

/* ---- the lock ---- */

static struct bpf_ringbuf_map *sig_map;
static void *nested_rec;
static int nested_runs;
static bool nested_as_nmi;
static int pipe_w = -1;

static int nested_err;

static void on_sigusr1(int sig)
{
	(void)sig;
	nested_runs++;
	if (pipe_w >= 0 && write(pipe_w, "S", 1) != 1)
		_exit(3);
	if (nested_as_nmi)
		ringbuf_nmi_enter();
	nested_rec = bpf_ringbuf_reserve(sig_map, 8, 0);
	nested_err = ringbuf_reserve_error();
	if (nested_rec)
		bpf_ringbuf_discard(nested_rec, BPF_RB_NO_WAKEUP);
	if (nested_as_nmi)
		ringbuf_nmi_exit();
	if (pipe_w >= 0 && write(pipe_w, "R", 1) != 1)
		_exit(3);
}

static int hook_raises;

static void raise_once(void *ctx)
{
	(void)ctx;
	if (hook_raises++ == 0)
		raise(SIGUSR1);
}

/* a reserve on this thread whose locked section a handler interrupts */
static void *reserve_interrupted(__u32 kernel, bool as_nmi)
{
	struct sigaction sa = { .sa_handler = on_sigusr1 };
	struct ringbuf_map_opts opts = { .sz = sizeof(opts), .kernel = kernel };

	sig_map = ringbuf_map__new_opts(16384, 0, &opts);
	if (!sig_map || sigaction(SIGUSR1, &sa, NULL))
		return NULL;
	nested_as_nmi = as_nmi;
	/* rqspinlock: AA, not the timeout, must end the nested attempt */
	ringbuf_map__set_lock_timeout(sig_map, 60ULL * 1000000000ULL);
	ringbuf_map__set_locked_hook(sig_map, raise_once, NULL);
	return bpf_ringbuf_reserve(sig_map, 8, 0);
}

ParameterizedTestParameters(eras, nmi_on_the_holding_thread)
{
	return cr_make_param_array(struct era_case, eras, NR_ERAS);
}

/* an NMI program interrupts a reserve on its own CPU: the nested one fails, in every era */
ParameterizedTest(struct era_case *e, eras, nmi_on_the_holding_thread)
{
	void *rec = reserve_interrupted(e->kernel, true);

	cr_assert_not_null(rec, "the outer reserve succeeds");
	cr_expect_eq(nested_runs, 1, "the handler ran inside the lock");
	cr_expect_null(nested_rec, "the nested reserve fails (%s)",
		       e->nmi_trylock ? "trylock" : "rqspinlock's AA detection");
	cr_expect_eq(map_stats(sig_map).fail_lock, 1, "a lock drop");
	cr_expect_eq(nested_err, -EBUSY, "the handler's reason: the lock");
	bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
	ringbuf_map__free(sig_map);
}

ParameterizedTestParameters(eras, handler_without_marker)
{
	return cr_make_param_array(struct era_case, eras, NR_ERAS);
}

/*
 * The same handler without ringbuf_nmi_enter(): rqspinlock still finds the
 * AA deadlock; a spinlock era spins on its own thread's lock forever. That
 * runs in a child: it says "S" before the nested reserve and "R" after it,
 * and a 300 ms timer ends a child that never comes back.
 */
ParameterizedTest(struct era_case *e, eras, handler_without_marker)
{
	char buf[8] = { 0 };
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	cr_assert_eq(pipe(fds), 0, "pipe");
	pid = fork();
	cr_assert_geq(pid, 0, "fork");
	if (pid == 0) {
		struct itimerval t = { .it_value = { .tv_usec = 300000 } };
		void *rec;

		close(fds[0]);
		pipe_w = fds[1];
		/* SIGALRM's default action ends the child: the deadlock's only way out */
		setitimer(ITIMER_REAL, &t, NULL);
		rec = reserve_interrupted(e->kernel, false);
		_exit(rec && !nested_rec ? 0 : 4);
	}
	close(fds[1]);
	n = read(fds[0], buf, sizeof(buf) - 1);
	while (n > 0 && n < 2) {
		ssize_t m = read(fds[0], buf + n, sizeof(buf) - 1 - (size_t)n);

		if (m <= 0)
			break;
		n += m;
	}
	close(fds[0]);
	cr_assert_eq(waitpid(pid, &status, 0), pid, "waitpid");
	cr_expect_eq(buf[0], 'S', "the handler reached the nested reserve");
	if (e->nmi_trylock) {
		cr_expect_str_eq(buf, "S", "the nested reserve never returned");
		cr_expect(WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM,
			  "%s, no NMI marker: a deadlock, ended by the timer (status %#x)",
			  e->lock, status);
	} else {
		cr_expect_str_eq(buf, "SR", "the nested reserve returned");
		cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0,
			  "rqspinlock found the AA deadlock: NULL, the outer one went on "
			  "(status %#x)", status);
	}
}

/* ---- an NMI while another thread holds the lock ---- */

struct holder {
	struct bpf_ringbuf_map *map;
	pthread_t main;
	int parks;      /* hook calls that park: only the holder's */
	int holding;    /* H1: set by the holder inside the lock */
	int release;    /* H2: set to let the holder go */
	bool taken;     /* the main thread's reserve took the fast path */
	bool spun;      /* ... or reached the slow path, which released the holder */
	void *rec;
};

static struct holder hold;

static void park(void *ctx)
{
	struct holder *h = ctx;

	if (pthread_equal(pthread_self(), h->main) ||
	    __atomic_fetch_add(&h->parks, 1, __ATOMIC_RELAXED))
		return;
	/* H1: pairs with the main thread's load-acquire of holding */
	__atomic_store_n(&h->holding, 1, __ATOMIC_RELEASE);
	/* H2: pairs with the store-release of release */
	while (!__atomic_load_n(&h->release, __ATOMIC_ACQUIRE))
		sched_yield();
}

/*
 * rqspinlock's slow path records the lock in the held-locks table before it
 * spins (RINGBUF_LOCK_ENTRY without RINGBUF_LOCK_TAKEN first): the main
 * thread is waiting, so the holder may go
 */
static void on_point(void *ctx, enum ringbuf_lock_point point)
{
	struct holder *h = ctx;

	if (!pthread_equal(pthread_self(), h->main))
		return;
	if (point == RINGBUF_LOCK_TAKEN)
		h->taken = true;
	if (point == RINGBUF_LOCK_ENTRY && !h->taken && !h->spun) {
		h->spun = true;
		__atomic_store_n(&h->release, 1, __ATOMIC_RELEASE); /* H2 */
	}
}

static void *holder_thread(void *arg)
{
	struct holder *h = arg;

	h->rec = bpf_ringbuf_reserve(h->map, 8, 0);
	if (h->rec)
		bpf_ringbuf_submit(h->rec, BPF_RB_NO_WAKEUP);
	return NULL;
}

ParameterizedTestParameters(eras, nmi_while_another_thread_holds)
{
	return cr_make_param_array(struct era_case, eras, NR_ERAS);
}

/*
 * "the ringbuf can fail to reserve spuriously under contention from NMI
 * context" (a650d38915c1): a spinlock era's NMI gives up at once; an
 * rqspinlock era's NMI waits for the holder and gets the lock
 */
ParameterizedTest(struct era_case *e, eras, nmi_while_another_thread_holds)
{
	struct ringbuf_mmap v;
	pthread_t th;
	void *rec;

	hold.map = rbtest_ring_new_opts(16384, 0, e->kernel, &v);
	hold.main = pthread_self();
	ringbuf_map__set_lock_timeout(hold.map, 60ULL * 1000000000ULL);
	ringbuf_map__set_locked_hook(hold.map, park, &hold);
	ringbuf_map__set_lock_point_hook(hold.map, on_point, &hold);
	cr_assert_eq(pthread_create(&th, NULL, holder_thread, &hold), 0, "holder thread");
	/* H1 */
	while (!__atomic_load_n(&hold.holding, __ATOMIC_ACQUIRE))
		sched_yield();

	ringbuf_nmi_enter();
	rec = bpf_ringbuf_reserve(hold.map, 8, 0);
	ringbuf_nmi_exit();
	if (e->nmi_trylock) {
		cr_expect_null(rec, "%s: the NMI's trylock fails", e->lock);
		cr_expect_eq(map_stats(hold.map).fail_lock, 1, "a lock drop");
		__atomic_store_n(&hold.release, 1, __ATOMIC_RELEASE); /* H2 */
	} else {
		cr_expect_not_null(rec, "rqspinlock: the NMI waited and got the lock");
		cr_expect(hold.spun, "it spun in the slow path");
		cr_expect_eq(map_stats(hold.map).fail_lock, 0, "no lock drop");
	}
	pthread_join(th, NULL);
	cr_assert_not_null(hold.rec, "the holder's reserve completes");
	if (rec) {
		cr_expect_eq(view_prod(&v), 32, "both records");
		bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
	} else {
		cr_expect_eq(view_prod(&v), 16, "the holder's record only");
	}
	/* outside NMI context the thread spins in every era: never a lock drop there */
	ringbuf_map__set_locked_hook(hold.map, NULL, NULL);
	ringbuf_map__set_lock_point_hook(hold.map, NULL, NULL);
	rec = bpf_ringbuf_reserve(hold.map, 8, 0);
	cr_expect_not_null(rec, "a reserve outside NMI context");
	bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
	rbtest_ring_free(hold.map, &v, NULL);
}

ParameterizedTestParameters(eras, queries)
{
	return cr_make_param_array(struct era_case, eras, NR_ERAS);
}

/* the same records, the same positions in every era; OVERWRITE_POS is 0 outside overwrite mode */
ParameterizedTest(struct era_case *e, eras, queries)
{
	struct ringbuf_mmap v;
	struct bpf_ringbuf_map *map = rbtest_ring_new_opts(4096, 0, e->kernel, &v);
	int i;

	for (i = 0; i < 3; i++)
		bpf_ringbuf_submit(bpf_ringbuf_reserve(map, 24, 0), BPF_RB_NO_WAKEUP);
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_PROD_POS), 96, "PROD_POS");
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA), 96, "AVAIL_DATA");
	cr_expect_eq(bpf_ringbuf_query(map, BPF_RB_OVERWRITE_POS), 0, "OVERWRITE_POS");
	cr_expect_eq(view_over(&v), 0, "producer_pos[2]");
	/* pending_pos moves only in the eras that have it, and only in reserve */
	bpf_ringbuf_submit(bpf_ringbuf_reserve(map, 8, 0), BPF_RB_NO_WAKEUP);
	cr_expect_eq(view_pend(&v), e->pending ? 96 : 0, "pending_pos");
	view_set_cons(&v, view_prod(&v));
	rbtest_ring_free(map, &v, NULL);
}
