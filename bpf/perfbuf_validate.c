// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim validate --perfbuf (also `rbsim validate-perfbuf`): differential
 * testing of the perf buffer port (ringbuf/perfbuf.c) against the running
 * kernel's bpf_perf_event_output() into a BPF_MAP_TYPE_PERF_EVENT_ARRAY.
 *
 * One CPU, one perf event (PERF_COUNT_SW_BPF_OUTPUT, PERF_SAMPLE_RAW, as
 * libbpf's perf_buffer opens it) on each side, the same number of data
 * pages. A seeded script of steps runs on both:
 *  - output steps: a batch of bpf_perf_event_output() calls of chosen sizes
 *    and payloads, run in the kernel by perfbuf_validate.bpf.c through
 *    BPF_PROG_TEST_RUN on that CPU, and on the port by the same calls;
 *  - consume steps: data_tail moved forward over k whole records on each
 *    side's mmap()ed ring, as libbpf's perf_event_read_simple() does.
 * Sizes run from 0 to twice the ring, so the ring overflows, samples are
 * lost (-ENOSPC) and PERF_RECORD_LOST records appear in front of the next
 * sample that fits. After every step both sides must agree on each call's
 * return value, data_head, data_tail, the lost-sample count
 * (PERF_FORMAT_LOST) and every byte of the data area; the first difference
 * is printed side by side and ends the run with status 1.
 */
#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>
#include <linux/types.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "ringbuf/perfbuf.h"
#include "ringbuf/kernel_compat.h"
#include "sim/rbsim.h"
#include "sim/kernel_check.h"
#include "sim/kernel_cmds.h"
#include "bpf/libbpf_log.h"
#include "bpf/perfbuf_validate.h"
#include "perfbuf_validate.skel.h"

#define CMD "validate --perfbuf"

#define LOST_REC_SZ (sizeof(struct perf_event_header) + 2 * sizeof(__u64))

/* a ring as user space sees it after mmap(): the same code reads both sides */
struct side {
	const char *name;
	struct perf_event_mmap_page *pg;
	const __u8 *data;
	size_t size;
};

struct pbv {
	unsigned int cpu, pages;
	unsigned long steps, seed;
	bool verbose;
	/* kernel */
	struct perfbuf_validate_bpf *skel;
	int perf_fd;
	void *kbase;
	size_t mmap_len;
	/* port */
	struct perf_event_array *array;
	struct perf_ring *ring;
	struct side k, p;
	/* the step both sides run */
	struct pbv_step st;
	long port_ret[PBV_MAX_OPS];
	/* coverage */
	unsigned long outputs, written, enospc, lost_records, wrapped, consumed, consume_steps;
	__u64 lost_counted;
};

static __u64 rng_state;

static __u64 rnd(void)
{
	/* splitmix64 */
	__u64 z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* libbpf's perf_buffer attributes, with the lost count readable */
static void pbv_attr(struct perf_event_attr *attr)
{
	memset(attr, 0, sizeof(*attr));
	attr->size = sizeof(*attr);
	attr->type = PERF_TYPE_SOFTWARE;
	attr->config = PERF_COUNT_SW_BPF_OUTPUT;
	attr->sample_type = PERF_SAMPLE_RAW;
	attr->wakeup_events = 1;
	attr->read_format = PERF_FORMAT_LOST;
}

/* ---- setup ---- */

static int kernel_setup(struct pbv *v, char *what, size_t len)
{
	struct perf_event_attr attr;
	__u32 key = v->cpu;
	__u64 id;
	int err;

	v->perf_fd = -1;
	v->skel = perfbuf_validate_bpf__open();
	if (!v->skel) {
		snprintf(what, len, "cannot open the BPF object: %s", strerror(errno));
		return -1;
	}
	bpf_map__set_max_entries(v->skel->maps.events, v->cpu + 1);
	err = perfbuf_validate_bpf__load(v->skel);
	if (err) {
		snprintf(what, len, "cannot load the BPF program: %s", strerror(-err));
		return -1;
	}

	pbv_attr(&attr);
	v->perf_fd = (int)syscall(__NR_perf_event_open, &attr, -1, (int)v->cpu, -1,
				  PERF_FLAG_FD_CLOEXEC);
	if (v->perf_fd < 0) {
		snprintf(what, len, "perf_event_open(BPF_OUTPUT, cpu %u): %s", v->cpu,
			 strerror(errno));
		return -1;
	}
	v->mmap_len = (size_t)(v->pages + 1) * PAGE_SIZE;
	v->kbase = mmap(NULL, v->mmap_len, PROT_READ | PROT_WRITE, MAP_SHARED, v->perf_fd, 0);
	if (v->kbase == MAP_FAILED) {
		v->kbase = NULL;
		snprintf(what, len, "mmap of the perf buffer: %s", strerror(errno));
		return -1;
	}
	if (ioctl(v->perf_fd, PERF_EVENT_IOC_ENABLE, 0) ||
	    ioctl(v->perf_fd, PERF_EVENT_IOC_ID, &id)) {
		snprintf(what, len, "perf event ioctl: %s", strerror(errno));
		return -1;
	}
	if (bpf_map_update_elem(bpf_map__fd(v->skel->maps.events), &key, &v->perf_fd, 0)) {
		snprintf(what, len, "perf event array update: %s", strerror(errno));
		return -1;
	}
	v->k.name = "kernel";
	v->k.pg = v->kbase;
	v->k.data = (const __u8 *)v->kbase + PAGE_SIZE;
	v->k.size = (size_t)v->pages * PAGE_SIZE;

	/* the port's event: same attributes, same CPU, same id (the LOST records carry it) */
	v->array = perf_event_array__new(v->cpu + 1);
	v->ring = perf_ring__open(&attr, (int)v->cpu);
	if (!v->array || !v->ring) {
		snprintf(what, len, "port: %s", strerror(errno));
		return -1;
	}
	v->p.pg = perf_ring__mmap(v->ring, v->pages);
	if (!v->p.pg) {
		snprintf(what, len, "port mmap: %s", strerror(errno));
		return -1;
	}
	perf_ring__set_id(v->ring, id);
	if (perf_event_array__update(v->array, v->cpu, v->ring)) {
		snprintf(what, len, "port array update failed");
		return -1;
	}
	perf_cpu__set_current((int)v->cpu);
	v->p.name = "port";
	v->p.data = (const __u8 *)v->p.pg + PAGE_SIZE;
	v->p.size = (size_t)v->pages * PAGE_SIZE;
	return 0;
}

static void teardown(struct pbv *v)
{
	if (v->array)
		perf_event_array__delete(v->array, v->cpu);
	perf_ring__close(v->ring);
	perf_event_array__free(v->array);
	if (v->kbase)
		munmap(v->kbase, v->mmap_len);
	if (v->perf_fd >= 0)
		close(v->perf_fd);
	perfbuf_validate_bpf__destroy(v->skel);
}

/* ---- the steps ---- */

static __u32 pick_size(struct pbv *v)
{
	__u64 r = rnd() % 100, ring = (__u64)v->pages * PAGE_SIZE;
	__u32 s;

	if (r < 40)
		s = (__u32)(rnd() % 65);			/* small, every padding */
	else if (r < 70)
		s = 65 + (__u32)(rnd() % 448);			/* medium */
	else if (r < 85)
		s = (__u32)(rnd() % (PBV_MAX_SIZE + 1));	/* anything, past the ring too */
	else {
		/* records whose footprint is near the ring size: fits / never fits */
		__s64 d = (__s64)(rnd() % 33) - 16;

		s = (__u32)((__s64)ring - 12 + d * 8 + (__s64)(rnd() % 8));
	}
	return s > PBV_MAX_SIZE ? PBV_MAX_SIZE : s;
}

static void make_output_step(struct pbv *v)
{
	__u32 i, n = 1 + (__u32)(rnd() % (rnd() % 4 ? 8 : PBV_MAX_OPS));
	size_t b;

	memset(v->st.ret, 0, sizeof(v->st.ret));
	v->st.n = n;
	for (i = 0; i < n; i++) {
		v->st.size[i] = pick_size(v);
		v->st.off[i] = (__u32)(rnd() % PBV_MAX_SIZE);
	}
	/* a fresh payload every step: stale ring bytes never look like new ones */
	for (b = 0; b < sizeof(v->st.payload); b += 8) {
		__u64 w = rnd();

		memcpy(v->st.payload + b, &w, 8);
	}
}

static int kernel_output(struct pbv *v, char *what, size_t len)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts, .flags = BPF_F_TEST_RUN_ON_CPU, .cpu = v->cpu);
	int step_fd = bpf_map__fd(v->skel->maps.step);
	__u32 zero = 0;
	int err;

	if (bpf_map_update_elem(step_fd, &zero, &v->st, 0)) {
		snprintf(what, len, "step map update: %s", strerror(errno));
		return -1;
	}
	err = bpf_prog_test_run_opts(bpf_program__fd(v->skel->progs.pbv_output), &opts);
	if (err || opts.retval) {
		snprintf(what, len, "BPF_PROG_TEST_RUN on cpu %u: %s (retval %u)", v->cpu,
			 err ? strerror(errno) : "ok", opts.retval);
		return -1;
	}
	if (bpf_map_lookup_elem(step_fd, &zero, &v->st)) {
		snprintf(what, len, "step map lookup: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static void port_output(struct pbv *v)
{
	__u32 i;

	for (i = 0; i < v->st.n; i++)
		v->port_ret[i] = bpf_perf_event_output(v->array, BPF_F_CURRENT_CPU,
						       v->st.payload + v->st.off[i],
						       v->st.size[i]);
}

static __u64 head_of(const struct side *s)
{
	/* (C): pairs with the writer's publication of data_head (B) */
	return smp_load_acquire(&s->pg->data_head);
}

static __u64 tail_of(const struct side *s)
{
	return READ_ONCE(s->pg->data_tail);
}

/* the tail after k whole records from data_tail (at most up to data_head), counting kinds */
static __u64 walk(struct pbv *v, const struct side *s, unsigned long k, bool count)
{
	__u64 head = head_of(s), tail = tail_of(s);
	struct perf_event_header h;
	size_t off, first;

	while (k-- && tail != head) {
		off = tail & (s->size - 1);
		first = s->size - off < sizeof(h) ? s->size - off : sizeof(h);
		memcpy(&h, s->data + off, first);
		memcpy((__u8 *)&h + first, s->data, sizeof(h) - first);
		if (!h.size)
			break; /* not a record: the comparison will say why */
		if (count) {
			v->consumed++;
			if (h.type == PERF_RECORD_LOST) {
				__u64 lost;
				size_t lo = (off + sizeof(h) + sizeof(__u64)) & (s->size - 1);

				/* LOST records are 8-aligned: the count never straddles the end */
				memcpy(&lost, s->data + lo, sizeof(lost));
				v->lost_records++;
				v->lost_counted += lost;
			}
			if (off + h.size > s->size)
				v->wrapped++;
		}
		tail += h.size;
	}
	return tail;
}

static __u64 records_between(const struct side *s)
{
	__u64 head = head_of(s), tail = tail_of(s), n = 0;
	struct perf_event_header h;
	size_t off, first;

	while (tail != head) {
		off = tail & (s->size - 1);
		first = s->size - off < sizeof(h) ? s->size - off : sizeof(h);
		memcpy(&h, s->data + off, first);
		memcpy((__u8 *)&h + first, s->data, sizeof(h) - first);
		if (!h.size)
			break;
		tail += h.size;
		n++;
	}
	return n;
}

static __u64 kernel_lost(struct pbv *v)
{
	__u64 buf[2] = { 0, 0 }; /* { value; lost } with PERF_FORMAT_LOST */

	if (read(v->perf_fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
		return ~0ULL;
	return buf[1];
}

static void hexdump_at(const struct side *s, size_t off)
{
	size_t i, start = off & ~(size_t)15;

	fprintf(stderr, "  %-6s +%-6zu", s->name, start);
	for (i = start; i < start + 32 && i < s->size; i++)
		fprintf(stderr, "%s%02x", i == off ? "[" : " ", s->data[i]);
	fprintf(stderr, "\n");
}

/* 0 when both sides agree; otherwise print the difference and return 1 */
static int compare(struct pbv *v, unsigned long step, const char *kind)
{
	struct perf_ring_stats st;
	__u64 klost;
	size_t i;

	if (head_of(&v->k) != head_of(&v->p) || tail_of(&v->k) != tail_of(&v->p)) {
		fprintf(stderr, "%s: MISMATCH after step %lu (%s): data_head kernel %llu port "
			"%llu, data_tail kernel %llu port %llu\n", CMD, step, kind,
			(unsigned long long)head_of(&v->k), (unsigned long long)head_of(&v->p),
			(unsigned long long)tail_of(&v->k), (unsigned long long)tail_of(&v->p));
		return 1;
	}
	klost = kernel_lost(v);
	perf_ring__stats(v->ring, &st);
	if (klost != st.lost_samples) {
		fprintf(stderr, "%s: MISMATCH after step %lu (%s): lost samples kernel %llu "
			"port %llu\n", CMD, step, kind, (unsigned long long)klost,
			(unsigned long long)st.lost_samples);
		return 1;
	}
	if (memcmp(v->k.data, v->p.data, v->k.size)) {
		for (i = 0; i < v->k.size && v->k.data[i] == v->p.data[i]; i++)
			;
		fprintf(stderr, "%s: MISMATCH after step %lu (%s): ring byte %zu differs "
			"(data_head %llu, data_tail %llu)\n", CMD, step, kind, i,
			(unsigned long long)head_of(&v->k), (unsigned long long)tail_of(&v->k));
		hexdump_at(&v->k, i);
		hexdump_at(&v->p, i);
		return 1;
	}
	return 0;
}

static int run_steps(struct pbv *v)
{
	unsigned long step;
	char what[256];
	__u32 i;

	for (step = 1; step <= v->steps; step++) {
		if (rnd() % 10 < 7) {
			make_output_step(v);
			if (kernel_output(v, what, sizeof(what))) {
				fprintf(stderr, "%s: FAIL at step %lu: %s\n", CMD, step, what);
				return 1;
			}
			port_output(v);
			for (i = 0; i < v->st.n; i++) {
				v->outputs++;
				if (v->st.ret[i] != v->port_ret[i]) {
					fprintf(stderr, "%s: MISMATCH at step %lu: output %u of "
						"%u bytes returned %lld in the kernel, %ld in the "
						"port\n", CMD, step, i, v->st.size[i],
						(long long)v->st.ret[i], v->port_ret[i]);
					return 1;
				}
				if (v->st.ret[i] == 0)
					v->written++;
				else if (v->st.ret[i] == -ENOSPC)
					v->enospc++;
			}
			if (v->verbose)
				fprintf(stderr, "step %lu: %u outputs, data_head %llu\n", step,
					v->st.n, (unsigned long long)head_of(&v->k));
			if (compare(v, step, "output"))
				return 1;
		} else {
			__u64 avail = records_between(&v->k), kt, pt;
			unsigned long k = rnd() % 4 ? (unsigned long)(rnd() % (avail + 1)) :
				(unsigned long)avail;

			kt = walk(v, &v->k, k, true);
			pt = walk(v, &v->p, k, false);
			/* (D): the record reads above happen before the tail moves (pairs with A) */
			smp_store_release(&v->k.pg->data_tail, kt);
			smp_store_release(&v->p.pg->data_tail, pt);
			v->consume_steps++;
			if (v->verbose)
				fprintf(stderr, "step %lu: consume %lu of %llu records\n", step, k,
					(unsigned long long)avail);
			if (compare(v, step, "consume"))
				return 1;
		}
	}
	return 0;
}

/* the steps run, compared: the closing line (ok, or how to reproduce a difference) */
static int validate_steps(struct pbv *v)
{
	if (run_steps(v)) {
		fprintf(stderr, "%s: --seed %lu --perf-pages %u --cpu %u reproduce it\n", CMD,
			v->seed, v->pages, v->cpu);
		return RBSIM_EXIT_FAIL;
	}
	printf("%s: ok: %lu steps (%lu consume) on cpu %u, %u page%s: %lu outputs, %lu "
	       "written, %lu lost (-ENOSPC), %lu records consumed, %lu LOST records "
	       "(%llu samples), %lu wrapped, data_head %llu\n", CMD, v->steps,
	       v->consume_steps, v->cpu, v->pages, v->pages > 1 ? "s" : "", v->outputs,
	       v->written, v->enospc, v->consumed, v->lost_records,
	       (unsigned long long)v->lost_counted, v->wrapped,
	       (unsigned long long)head_of(&v->k));
	return RBSIM_EXIT_OK;
}

int perfbuf_validate_run(const struct rbsim_pbv_opts *o)
{
	char what[256];
	struct pbv *v;
	int ret;

	ret = kcheck(CMD, KCHECK_BPF);
	if (ret)
		return ret;
	v = calloc(1, sizeof(*v));
	if (!v) {
		fprintf(stderr, "%s: out of memory\n", CMD);
		return RBSIM_EXIT_FAIL;
	}
	v->steps = o->steps;
	v->seed = o->seed;
	v->pages = (unsigned int)o->pages;
	v->cpu = (unsigned int)o->cpu;
	v->verbose = o->verbose;
	v->perf_fd = -1;
	rng_state = v->seed;
	rbsim_libbpf_verbose(v->verbose);
	if (kernel_setup(v, what, sizeof(what)))
		ret = kcheck_unavailable(CMD, what);
	else
		ret = validate_steps(v);
	teardown(v);
	free(v);
	return ret;
}

static int validate_perfbuf_cmd(int argc, char **argv)
{
	struct rbsim_pbv_opts o;
	int rc = rbsim_pbv_parse("validate-perfbuf", argc, argv, &o);

	return rc >= 0 ? rc : perfbuf_validate_run(&o);
}

RBSIM_COMMAND(validate_perfbuf, "validate-perfbuf", RBSIM_PBV_SUMMARY, validate_perfbuf_cmd);
