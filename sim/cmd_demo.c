// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim demo: the ring buffer's two CVEs and overwrite mode, played on the
 * port of the era that had them (ringbuf_map__new_opts()), record by
 * record, with canary bytes that show what was overwritten.
 *
 *   cve-2021-3489   5.8 to 5.12: no check of a record against the ring's
 *                   size; a consumer_pos stored ahead lets a reservation
 *                   longer than the ring through, and its program writes
 *                   past the ring's pages (fixed by 4b81ccebaeee, 5.13)
 *   cve-2024-41009  before 6.10: the capacity check looks at consumer_pos
 *                   only; a consumer_pos stored ahead lets a producer
 *                   reserve over a record still being written (fixed by
 *                   cfa1a2329a69, 6.10: pending_pos)
 *   overwrite       6.19's BPF_F_RB_OVERWRITE: the worked example of the
 *                   commit that added it, position by position
 *
 * The hostile consumer is what any process with the map's fd can do: its
 * consumer page is mapped writable. Exit 0 when the era did what that
 * kernel did (the vulnerable one let it happen, the fixed one refused),
 * 1 when not.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "ringbuf/ringbuf.h"
#include "ringbuf/kernel_compat.h"
#include "sim/era.h"
#include "sim/options.h"
#include "sim/rbsim.h"

#define CANARY_A 0xaa /* the first record's sample */
#define CANARY_B 0xbb /* the record that overwrites it */

struct demo_opts {
	__u32 kernel; /* --kernel; 0: the vulnerable era, then the fixed one */
	const char *name;
};

static const struct rbsim_opt demo_opts[] = {
	{ .kind = RBSIM_OPT_CUSTOM, .name = "kernel", .metavar = "VER",
	  .parse = rbsim_kernel_opt_parse, .format = rbsim_kernel_opt_format,
	  .def_help = "the last vulnerable release, then the fixed one",
	  .help = "play the demo on this release's ring buffer only, 5.8 to 6.19",
	  RBSIM_OPT_DST(struct demo_opts, kernel) },
	RBSIM_OPT_HELP_ENTRY,
	{ 0 }
};

/* a map of the era and its consumer's view (the hostile consumer's pages) */
struct demo_ring {
	struct bpf_ringbuf_map *map;
	struct ringbuf_mmap v;
	struct ringbuf_era era;
};

static int ring_open(struct demo_ring *d, __u32 size, __u32 flags, __u32 kernel)
{
	struct ringbuf_map_opts mo = { .sz = sizeof(mo), .kernel = kernel };

	ringbuf_era(kernel, &d->era);
	d->map = ringbuf_map__new_opts(size, flags, &mo);
	if (!d->map || ringbuf_map__mmap(d->map, &d->v)) {
		fprintf(stderr, "rbsim demo: a %u-byte ring of %u.%u: %s\n", size, kernel >> 8,
			kernel & 0xff, strerror(errno));
		ringbuf_map__free(d->map);
		return -1;
	}
	printf("kernel %u.%u (era %s: %s, %s)\n", kernel >> 8, kernel & 0xff, d->era.name,
	       d->era.lock, d->era.size_check ? d->era.pending_pos ? "size check, pending_pos" :
	       "size check, no pending_pos" : "no size check, no pending_pos");
	return 0;
}

static void ring_close(struct demo_ring *d)
{
	ringbuf_map__munmap(&d->v);
	ringbuf_map__free(d->map);
}

static void hostile_consumer(struct demo_ring *d, unsigned long pos)
{
	/* the demo is single-threaded: the store only has to reach the reserve below */
	__atomic_store_n(d->v.consumer_pos, pos, __ATOMIC_RELEASE);
	printf("  a consumer stores consumer_pos = %#lx (producer_pos %#lx): its page is "
	       "writable\n", pos, d->v.producer_pos[0]);
}

/* the runs of byte c in buf[0, len) as "[lo, hi)" ranges; how many bytes in all */
static size_t print_runs(const char *what, const unsigned char *buf, size_t len, unsigned char c,
			 size_t base)
{
	size_t i = 0, total = 0, lo;

	while (i < len) {
		if (buf[i] != c) {
			i++;
			continue;
		}
		for (lo = i; i < len && buf[i] == c; i++)
			;
		printf("    %s bytes [%#zx, %#zx) overwritten (%zu bytes of %#x)\n", what, lo + base,
		       i + base, i - lo, c);
		total += i - lo;
	}
	return total;
}

/* the reason of this thread's last failed reserve, by name */
static const char *reserve_err(void)
{
	switch (ringbuf_reserve_error()) {
	case -E2BIG:
		return "E2BIG";
	case -ENOSPC:
		return "ENOSPC";
	case -EBUSY:
		return "EBUSY";
	default:
		return "EINVAL";
	}
}

static const char *verdict(bool as_kernel)
{
	return as_kernel ? "as the kernel did" : "NOT as the kernel did";
}

/* ---- CVE-2021-3489 ---- */

/* the child that plays the program writing its sample: where did it fault? */
static int fault_pipe = -1;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	unsigned long addr = (unsigned long)si->si_addr;

	(void)sig;
	(void)uc;
	if (write(fault_pipe, &addr, sizeof(addr)) != sizeof(addr))
		_exit(3);
	_exit(42);
}

/* write n bytes of c at p in a child; the offset of a fault, or -1 when none */
static long write_in_child(unsigned char *p, size_t n, unsigned char c)
{
	struct sigaction sa = { .sa_sigaction = on_fault, .sa_flags = SA_SIGINFO };
	unsigned long addr = 0;
	int fds[2], status;
	pid_t pid;
	size_t i;

	if (pipe(fds))
		return -2;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -2;
	if (!pid) {
		close(fds[0]);
		fault_pipe = fds[1];
		sigaction(SIGSEGV, &sa, NULL);
		sigaction(SIGBUS, &sa, NULL);
		/* byte by byte, as a program's stores: the fault names the first one past */
		for (i = 0; i < n; i++)
			((volatile unsigned char *)p)[i] = c;
		_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], &addr, sizeof(addr)) != sizeof(addr))
		addr = 0;
	close(fds[0]);
	if (waitpid(pid, &status, 0) != pid)
		return -2;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 42)
		return (long)(addr - (unsigned long)p);
	return WIFEXITED(status) && !WEXITSTATUS(status) ? -1 : -2;
}

static int demo_3489(__u32 kernel)
{
	const __u32 ring = 4096, size_a = 64;
	struct demo_ring d;
	unsigned char *a, *b, hdr_a[8];
	unsigned long cons;
	__u32 size_b;
	long fault;
	bool as_kernel;

	if (ring_open(&d, ring, 0, kernel))
		return RBSIM_EXIT_FAIL;
	a = bpf_ringbuf_reserve(d.map, size_a, 0);
	memset(a, CANARY_A, size_a);
	bpf_ringbuf_submit(a, BPF_RB_NO_WAKEUP);
	printf("  record A at 0x0: %u bytes of %#x, committed, not yet consumed\n", size_a,
	       CANARY_A);
	/* len - (consumer_pos - producer_pos) <= mask: a record of up to 3 rings passes */
	cons = d.v.producer_pos[0] + 2 * ring;
	hostile_consumer(&d, cons);
	size_b = 3 * ring - 8 - 16;
	b = bpf_ringbuf_reserve(d.map, size_b, 0);
	if (!b) {
		as_kernel = d.era.size_check;
		printf("  reserve B of %u bytes in a %u-byte ring: refused (%s): the record is "
		       "longer than the ring\n", size_b, ring, reserve_err());
		printf("  record A intact: %s\n", a[0] == CANARY_A && a[size_a - 1] == CANARY_A ?
		       "yes" : "no");
		printf("  %s\n", verdict(as_kernel));
		*d.v.consumer_pos = d.v.producer_pos[0];
		ring_close(&d);
		return as_kernel ? RBSIM_EXIT_OK : RBSIM_EXIT_FAIL;
	}
	printf("  reserve B of %u bytes in a %u-byte ring: accepted at %#lx, producer_pos now "
	       "%#lx: B is %.2f rings long\n", size_b, ring, d.v.producer_pos[0] -
	       round_up(size_b + 8, 8), d.v.producer_pos[0],
	       (double)round_up(size_b + 8, 8) / ring);
	printf("  B's program writes its %u-byte sample of %#x; the ring's data is mapped "
	       "twice, %u bytes, then a guard page\n", size_b, CANARY_B, 2 * ring);
	fault = write_in_child(b, size_b, CANARY_B);
	if (fault >= 0)
		printf("  the write faulted at B's sample byte %#lx, %lu bytes before its end: "
		       "past the ring's pages (the kernel wrote on, into whatever memory followed)\n",
		       fault, size_b - fault);
	else
		printf("  the write did not fault (%s)\n", fault == -1 ? "it fit" : "no child");
	memcpy(hdr_a, a - 8, 8);
	printf("  record A, committed before B was reserved:\n");
	print_runs("A's header", hdr_a, 8, CANARY_B, 0);
	print_runs("A's sample", a, size_a, CANARY_B, 0);
	as_kernel = !d.era.size_check && fault > 0 && a[0] == CANARY_B;
	printf("  %s\n", verdict(as_kernel));
	/* B's header is garbage now: the map is freed without a walk */
	ring_close(&d);
	return as_kernel ? RBSIM_EXIT_OK : RBSIM_EXIT_FAIL;
}

/* ---- CVE-2024-41009 ---- */

static int demo_41009(__u32 kernel)
{
	const __u32 ring = 0x4000, size = 0x3000;
	unsigned char *a, *b, hdr_a[8];
	struct demo_ring d;
	size_t over_hdr, over_sample;
	__u32 len;
	bool as_kernel;

	if (ring_open(&d, ring, 0, kernel))
		return RBSIM_EXIT_FAIL;
	hostile_consumer(&d, 0x3000);
	a = bpf_ringbuf_reserve(d.map, size, 0);
	if (!a) {
		printf("  reserve A: refused (%s)\n", reserve_err());
		ring_close(&d);
		return RBSIM_EXIT_FAIL;
	}
	memset(a, CANARY_A, size);
	printf("  reserve A of %#x bytes: at 0x0, its program writes %#x and has not submitted "
	       "(BUSY)\n", size, CANARY_A);
	b = bpf_ringbuf_reserve(d.map, size, 0);
	if (!b) {
		as_kernel = d.era.pending_pos;
		printf("  reserve B of %#x bytes: refused (%s): it would end more than a ring past "
		       "pending_pos %#lx, the BUSY A\n", size, reserve_err(), d.v.producer_pos[1]);
		printf("  record A intact: %s\n", a[0] == CANARY_A && a[size - 1] == CANARY_A ?
		       "yes" : "no");
		bpf_ringbuf_submit(a, BPF_RB_NO_WAKEUP);
		printf("  %s\n", verdict(as_kernel));
		*d.v.consumer_pos = d.v.producer_pos[0];
		ring_close(&d);
		return as_kernel ? RBSIM_EXIT_OK : RBSIM_EXIT_FAIL;
	}
	printf("  reserve B of %#x bytes: accepted at %#lx, producer_pos %#lx: more than a "
	       "%#x-byte ring past the BUSY A\n", size, d.v.producer_pos[0] - size - 8,
	       d.v.producer_pos[0], ring);
	memset(b, CANARY_B, size);
	printf("  B's program writes %#x; B's sample byte %#x is the ring's byte 0x0 again "
	       "(the data is mapped twice)\n", CANARY_B, ring - (size + 16));
	memcpy(hdr_a, a - 8, 8);
	printf("  record A, still being written:\n");
	over_hdr = print_runs("A's header", hdr_a, 8, CANARY_B, 0);
	over_sample = print_runs("A's sample", a, size, CANARY_B, 0);
	memcpy(&len, hdr_a, 4);
	printf("  A's header now says len %#x, pg_off %#x: its submit would look for the ring "
	       "%#x pages away\n", len, len, len);
	as_kernel = !d.era.pending_pos && over_hdr == 8 && over_sample == 2 * size + 8 - ring;
	printf("  %s\n", verdict(as_kernel));
	/* A can never be submitted now; the map is freed without a walk */
	ring_close(&d);
	return as_kernel ? RBSIM_EXIT_OK : RBSIM_EXIT_FAIL;
}

/* ---- overwrite mode: the commit message's example ---- */

static void positions(struct demo_ring *d, const char *step)
{
	printf("  %-34s producer_pos %5lu  pending_pos %5lu  overwrite_pos %5lu\n", step,
	       d->v.producer_pos[0], d->v.producer_pos[1], d->v.producer_pos[2]);
}

static int demo_overwrite(__u32 kernel)
{
	struct demo_ring d;
	void *a, *b, *c, *dd, *e;
	bool as_kernel;

	if (ring_open(&d, 4096, BPF_F_RB_OVERWRITE, kernel))
		return RBSIM_EXIT_FAIL;
	/* the message's sizes are footprints: header included */
	a = bpf_ringbuf_reserve(d.map, 512 - 8, 0);
	positions(&d, "reserve A (512)");
	b = bpf_ringbuf_reserve(d.map, 1024 - 8, 0);
	positions(&d, "reserve B (1024)");
	c = bpf_ringbuf_reserve(d.map, 2048 - 8, 0);
	positions(&d, "reserve C (2048)");
	bpf_ringbuf_submit(a, BPF_RB_NO_WAKEUP);
	bpf_ringbuf_submit(b, BPF_RB_NO_WAKEUP);
	positions(&d, "submit A and B");
	dd = bpf_ringbuf_reserve(d.map, 1536 - 8, 0);
	positions(&d, dd ? "reserve D (1536): over A and B" : "reserve D (1536): refused");
	e = bpf_ringbuf_reserve(d.map, 1024 - 8, 0);
	positions(&d, e ? "reserve E (1024): accepted" : "reserve E (1024): refused, C BUSY");
	as_kernel = a && b && c && dd && !e && d.v.producer_pos[0] == 5120 &&
		    d.v.producer_pos[2] == 1536;
	printf("  %s (the commit message: D overwrites A and part of B, overwrite_pos moves to "
	       "C's start, 1536; E would overwrite the BUSY C)\n", verdict(as_kernel));
	bpf_ringbuf_submit(c, BPF_RB_NO_WAKEUP);
	if (dd)
		bpf_ringbuf_submit(dd, BPF_RB_NO_WAKEUP);
	if (e)
		bpf_ringbuf_submit(e, BPF_RB_NO_WAKEUP);
	ring_close(&d);
	return as_kernel ? RBSIM_EXIT_OK : RBSIM_EXIT_FAIL;
}

static const struct demo {
	const char *name;
	const char *what;
	int (*fn)(__u32 kernel);
	__u32 vulnerable, fixed; /* the default pair of releases */
} demos[] = {
	{ "cve-2021-3489", "a record longer than the ring (5.8 to 5.12; fixed in 5.13)",
	  demo_3489, RBSIM_KERNEL(5, 12), RBSIM_KERNEL(5, 13) },
	{ "cve-2024-41009", "a producer overruns a record still being written (before 6.10)",
	  demo_41009, RBSIM_KERNEL(6, 9), RBSIM_KERNEL(6, 10) },
	{ "overwrite", "6.19's overwrite mode, the worked example of its commit message",
	  demo_overwrite, 0, RBSIM_KERNEL(6, 19) },
};
#define NR_DEMOS (sizeof(demos) / sizeof(demos[0]))

static void demo_usage(FILE *f)
{
	unsigned int i;

	fprintf(f, "usage: rbsim demo NAME [--kernel VER]\n\n"
		"Play a CVE of the BPF ring buffer on the port of the release that had it, then\n"
		"on the release that fixed it, with canary bytes that show which bytes of which\n"
		"record were overwritten. Exit status 0 when each release behaved as that\n"
		"kernel did, 1 when not.\n\ndemos:\n");
	for (i = 0; i < NR_DEMOS; i++)
		rbsim_help_item(f, demos[i].name, demos[i].what);
	fprintf(f, "\n");
	rbsim_opt_usage(f, demo_opts);
}

static int demo_positional(void *ctx, const char *arg, char *err, size_t errlen)
{
	struct demo_opts *o = ctx;

	if (o->name) {
		snprintf(err, errlen, "one demo at a time ('%s' and '%s')", o->name, arg);
		return -1;
	}
	o->name = arg;
	return 0;
}

static int cmd_demo(int argc, char **argv)
{
	struct demo_opts o = { 0 };
	struct rbsim_optgroup g = { .opts = demo_opts, .base = &o };
	struct rbsim_optparse p = { .cmd = "demo", .groups = &g, .ngroups = 1,
				    .positional = demo_positional, .ctx = &o };
	const struct demo *dm = NULL;
	struct ringbuf_era era;
	char err[256];
	unsigned int i;
	int ret;

	ret = rbsim_opt_parse(&p, argc, argv, err, sizeof(err));
	if (ret > 0) {
		demo_usage(stdout);
		return RBSIM_EXIT_OK;
	}
	if (ret < 0)
		return rbsim_usage_error("demo", "%s", err);
	if (!o.name)
		return rbsim_usage_error("demo", "which demo? cve-2021-3489, cve-2024-41009 or "
					 "overwrite (see rbsim demo --help)");
	for (i = 0; i < NR_DEMOS; i++)
		if (!strcmp(o.name, demos[i].name))
			dm = &demos[i];
	if (!dm)
		return rbsim_usage_error("demo", "unknown demo '%s' (cve-2021-3489, "
					 "cve-2024-41009 or overwrite)", o.name);
	if (dm->fn == demo_overwrite && o.kernel &&
	    (ringbuf_era(o.kernel, &era) || !era.overwrite))
		return rbsim_usage_error("demo", "--kernel %u.%u: no overwrite mode before 6.19",
					 o.kernel >> 8, o.kernel & 0xff);
	printf("%s: %s\n", dm->name, dm->what);
	if (o.kernel)
		return dm->fn(o.kernel);
	ret = dm->vulnerable ? dm->fn(dm->vulnerable) : RBSIM_EXIT_OK;
	return dm->fn(dm->fixed) ?: ret;
}

RBSIM_COMMAND(demo, "demo", "the ring buffer's CVEs and overwrite mode, played on the era "
	      "that had them", cmd_demo);
