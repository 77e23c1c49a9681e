// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim overhead --verify on the running kernel: loads overhead.bpf.c
 * through its skeleton, then for each payload size
 *  - BPF ring buffer: a BPF_PROG_TYPE_SYSCALL program reserves records with
 *    bpf_ringbuf_reserve_dynptr() (the size is a run-time value) and submits
 *    them; the footprint is the move of producer_pos, read from the producer
 *    page user space maps read-only;
 *  - perf buffer: a raw_tp program run on CPU 0 writes records with
 *    bpf_perf_event_output() into a PERF_COUNT_SW_BPF_OUTPUT event opened as
 *    libbpf's perf_buffer__new() opens it; the footprint is the move of
 *    data_head in the event's perf_event_mmap_page.
 * Capacity is the number of records an empty buffer accepts before the first
 * refusal, counted inside the program with bpf_loop().
 *
 * The loader registers itself and bpf/btf_size.c with the command
 * (sim/overhead.c) as its kernel ops, from a constructor.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "ringbuf/kernel_compat.h"
#include "sim/kernel_check.h"
#include "sim/overhead.h"
#include "bpf/overhead.h"
#include "overhead.skel.h"

/* kernel/bpf/bpf_iter.c: BPF_MAX_LOOPS, the most iterations one bpf_loop() call runs */
#define OV_MAX_LOOPS (8U * 1024 * 1024)
/* the CPU whose perf buffer the raw_tp program writes to */
#define OV_PERF_CPU 0

struct ov_kern {
	struct overhead_bpf *skel;
	int rb_prog_fd;
	int pb_prog_fd;
	int rb_map_fd;
	int pb_map_fd;
	unsigned long *consumer_pos;       /* consumer page, read-write */
	const unsigned long *producer_pos; /* producer page, read-only */
	size_t page_size;
	uint32_t ring_size;
	uint32_t perf_pages;
};

static int ov_kern_quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	(void)level, (void)fmt, (void)args;
	return 0;
}

static void ov_kern__close(struct ov_kern *k)
{
	if (!k)
		return;
	if (k->consumer_pos)
		munmap(k->consumer_pos, k->page_size);
	if (k->producer_pos)
		munmap((void *)k->producer_pos, k->page_size);
	overhead_bpf__destroy(k->skel);
	free(k);
}

static struct ov_kern *ov_kern__open(uint32_t ring_size, uint32_t perf_pages, char *why,
				     size_t whylen)
{
	libbpf_print_fn_t old;
	struct ov_kern *k;
	void *p;
	int err;

	if (kcheck_missing(KCHECK_BPF, why, whylen))
		return NULL;
	k = calloc(1, sizeof(*k));
	if (!k) {
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	k->page_size = (size_t)sysconf(_SC_PAGESIZE);
	k->ring_size = ring_size;
	k->perf_pages = perf_pages;

	old = libbpf_set_print(ov_kern_quiet);
	k->skel = overhead_bpf__open();
	if (!k->skel) {
		snprintf(why, whylen, "cannot open overhead.bpf.o: %s", strerror(errno));
		goto err;
	}
	err = bpf_map__set_max_entries(k->skel->maps.ov_rb, ring_size);
	if (!err)
		err = overhead_bpf__load(k->skel);
	if (err) {
		snprintf(why, whylen, "cannot load overhead.bpf.o: %s", strerror(-err));
		goto err;
	}
	k->rb_prog_fd = bpf_program__fd(k->skel->progs.ov_ringbuf_fill);
	k->pb_prog_fd = bpf_program__fd(k->skel->progs.ov_perf_fill);
	k->rb_map_fd = bpf_map__fd(k->skel->maps.ov_rb);
	k->pb_map_fd = bpf_map__fd(k->skel->maps.ov_pb);

	/* as libbpf's ring_buffer__add(): consumer page read-write, producer page read-only */
	p = mmap(NULL, k->page_size, PROT_READ | PROT_WRITE, MAP_SHARED, k->rb_map_fd, 0);
	if (p == MAP_FAILED) {
		snprintf(why, whylen, "mmap of the ring buffer's consumer page: %s",
			 strerror(errno));
		goto err;
	}
	k->consumer_pos = p;
	p = mmap(NULL, k->page_size, PROT_READ, MAP_SHARED, k->rb_map_fd, (off_t)k->page_size);
	if (p == MAP_FAILED) {
		snprintf(why, whylen, "mmap of the ring buffer's producer page: %s",
			 strerror(errno));
		goto err;
	}
	k->producer_pos = p;
	libbpf_set_print(old);
	return k;

err:
	libbpf_set_print(old);
	ov_kern__close(k);
	return NULL;
}

/* empty the ring as a consumer that read everything would */
static unsigned long ov_kern_rb_drain(struct ov_kern *k)
{
	/* A1: pairs with smp_store_release(&rb->producer_pos) in reserve (R1) */
	unsigned long prod_pos = smp_load_acquire(k->producer_pos);

	/* R3: pairs with smp_load_acquire(&rb->consumer_pos) in reserve (A3) */
	smp_store_release(k->consumer_pos, prod_pos);
	return prod_pos;
}

/* run ov_ringbuf_fill for up to count records; returns the number accepted, or -errno */
static int64_t ov_kern_rb_fill(struct ov_kern *k, uint64_t size, uint64_t count)
{
	uint64_t done = 0;

	while (done < count) {
		uint64_t chunk = count - done < OV_MAX_LOOPS ? count - done : OV_MAX_LOOPS;
		struct ov_rb_args args = { .size = (__u32)size, .count = (__u32)chunk };
		LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &args, .ctx_size_in = sizeof(args));
		int err;

		err = bpf_prog_test_run_opts(k->rb_prog_fd, &opts);
		if (err)
			return -errno;
		done += args.done;
		if (args.done < chunk)
			break;
	}
	return (int64_t)done;
}

static int ov_kern__ringbuf(struct ov_kern *k, uint64_t size, uint64_t max_records,
		     struct ov_measure *m, char *why, size_t whylen)
{
	unsigned long before;
	int64_t n;

	if (size > OV_DYNPTR_MAX_SIZE) {
		snprintf(why, whylen, "above bpf_ringbuf_reserve_dynptr()'s limit of %u bytes",
			 OV_DYNPTR_MAX_SIZE);
		return 1;
	}
	before = ov_kern_rb_drain(k);
	n = ov_kern_rb_fill(k, size, 1);
	if (n < 0)
		goto err;
	/* A1: pairs with the kernel's smp_store_release(&rb->producer_pos) (R1) */
	m->footprint = smp_load_acquire(k->producer_pos) - before;
	ov_kern_rb_drain(k);
	n = ov_kern_rb_fill(k, size, max_records);
	if (n < 0)
		goto err;
	m->capacity = (uint64_t)n;
	ov_kern_rb_drain(k);
	return 0;
err:
	snprintf(why, whylen, "BPF_PROG_TEST_RUN of ov_ringbuf_fill: %s", strerror((int)-n));
	return -1;
}

/* one perf buffer on OV_PERF_CPU, wired into ov_pb as perf_buffer__new() does */
struct ov_perf_buf {
	int fd;
	struct perf_event_mmap_page *hdr;
	size_t mmap_size;
};

static int ov_kern_perf_open(struct ov_kern *k, struct ov_perf_buf *b)
{
	struct perf_event_attr attr = ov_perf_attr();
	__u32 key = OV_PERF_CPU;
	void *p;
	int err;

	b->hdr = NULL;
	b->mmap_size = (k->perf_pages + 1) * k->page_size;
	b->fd = (int)syscall(__NR_perf_event_open, &attr, -1, OV_PERF_CPU, -1,
			     PERF_FLAG_FD_CLOEXEC);
	if (b->fd < 0)
		return -errno;
	/* writable mapping: the kernel then stops at data_tail instead of overwriting */
	p = mmap(NULL, b->mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, b->fd, 0);
	if (p == MAP_FAILED) {
		err = -errno;
		goto err_close;
	}
	b->hdr = p;
	if (ioctl(b->fd, PERF_EVENT_IOC_ENABLE, 0)) {
		err = -errno;
		goto err_unmap;
	}
	if (bpf_map_update_elem(k->pb_map_fd, &key, &b->fd, BPF_ANY)) {
		err = -errno;
		goto err_unmap;
	}
	return 0;
err_unmap:
	munmap(p, b->mmap_size);
err_close:
	close(b->fd);
	return err;
}

static void ov_kern_perf_close(struct ov_kern *k, struct ov_perf_buf *b)
{
	__u32 key = OV_PERF_CPU;

	bpf_map_delete_elem(k->pb_map_fd, &key);
	munmap(b->hdr, b->mmap_size);
	close(b->fd);
}

/* (C): pairs with the kernel's smp_wmb() before its data_head store (B) */
static uint64_t ov_kern_perf_head(struct ov_perf_buf *b)
{
	return smp_load_acquire(&b->hdr->data_head);
}

static void ov_kern_perf_drain(struct ov_perf_buf *b)
{
	/* (D): pairs with the kernel's control dependency on data_tail (A) */
	smp_store_release(&b->hdr->data_tail, ov_kern_perf_head(b));
}

static int64_t ov_kern_perf_fill(struct ov_kern *k, uint64_t size, uint64_t count)
{
	uint64_t done = 0;

	while (done < count) {
		uint64_t chunk = count - done < OV_MAX_LOOPS ? count - done : OV_MAX_LOOPS;
		__u64 args[2] = { size, chunk };
		LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = args, .ctx_size_in = sizeof(args),
			    .flags = BPF_F_TEST_RUN_ON_CPU, .cpu = OV_PERF_CPU);
		int ret;

		if (bpf_prog_test_run_opts(k->pb_prog_fd, &opts))
			return -errno;
		ret = (int)opts.retval;
		if (ret < 0)
			return ret;
		done += (uint64_t)ret;
		if ((uint64_t)ret < chunk)
			break;
	}
	return (int64_t)done;
}

static int ov_kern__perf(struct ov_kern *k, uint64_t size, uint64_t max_records,
		  struct ov_measure *m, char *why, size_t whylen)
{
	struct ov_perf_buf b;
	uint64_t before;
	int64_t n;
	int err;

	if (size > OV_PERF_MAX_PAYLOAD) {
		snprintf(why, whylen, "above the perf buffer's largest raw sample (%u bytes)",
			 OV_PERF_MAX_PAYLOAD);
		return 1;
	}
	/*
	 * A fresh event for every size: a refused record leaves a lost count
	 * that the kernel writes as a PERF_RECORD_LOST in front of the next
	 * record, which would add 24 bytes to the next measurement.
	 */
	err = ov_kern_perf_open(k, &b);
	if (err) {
		snprintf(why, whylen, "perf buffer on CPU %d: %s", OV_PERF_CPU, strerror(-err));
		return -1;
	}
	before = ov_kern_perf_head(&b);
	n = ov_kern_perf_fill(k, size, 1);
	if (n < 0)
		goto err;
	m->footprint = ov_kern_perf_head(&b) - before;
	ov_kern_perf_drain(&b);
	n = ov_kern_perf_fill(k, size, max_records);
	if (n < 0)
		goto err;
	m->capacity = (uint64_t)n;
	ov_kern_perf_close(k, &b);
	return 0;
err:
	ov_kern_perf_close(k, &b);
	snprintf(why, whylen, "BPF_PROG_TEST_RUN of ov_perf_fill: %s", strerror((int)-n));
	return -1;
}

static const struct ov_kern_ops ov_kern_ops = {
	.btf_struct_size = ov_btf_struct_size,
	.open = ov_kern__open,
	.ringbuf = ov_kern__ringbuf,
	.perf = ov_kern__perf,
	.close = ov_kern__close,
};

__attribute__((constructor)) static void ov_kern_init(void)
{
	ov_kern_register(&ov_kern_ops);
}
