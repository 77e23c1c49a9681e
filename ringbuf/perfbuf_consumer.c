// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: userspace port of libbpf's perf_buffer, the consumer of the perf
 * ring buffers that perfbuf.c writes.
 *
 * Follows, function for function and in their order:
 *   libbpf 1.7 src/libbpf.c                perf_event_read_simple, perf_buffer__*
 *                                           (libbpf/libbpf f7081a6b, v1.7.0-78)
 *   tools/include/linux/ring_buffer.h      ring_buffer_read_head/_write_tail
 *
 * The events and their mappings come from perf_ring__open()/__mmap() instead
 * of perf_event_open() and mmap(). Deliberate differences carry a PORT:
 * comment.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>

#include "perfbuf.h"
#include "eventpoll.h"
#include "kernel_compat.h"

/* PORT: an unsigned accessor asked about NULL returns 0 with errno EINVAL */
static unsigned long null_accessor(void)
{
	errno = EINVAL;
	return 0;
}

/* ---- libbpf src/libbpf.c: perf_buffer ---- */

/* libbpf's OPTS_VALID() and OPTS_GET(), without the trailing-zero check */
#define OPTS_HAS(opts, field) \
	((opts) && (opts)->sz >= offsetof(__typeof__(*(opts)), field) + sizeof((opts)->field))
#define OPTS_GET(opts, field, fallback_value) \
	(OPTS_HAS(opts, field) ? (opts)->field : fallback_value)
#define OPTS_VALID(opts) (!(opts) || (opts)->sz >= sizeof(size_t))

static int pb_err(int err)
{
	if (err < 0)
		errno = -err;
	return err;
}

static void *pb_err_ptr(int err)
{
	errno = -err;
	return NULL;
}

/* tools/include/linux/ring_buffer.h */
static inline __u64 ring_buffer_read_head(struct perf_event_mmap_page *base)
{
	/* (C): pairs with the store-release of data_head in perf_output_put_handle() */
	return smp_load_acquire(&base->data_head);
}

static inline void ring_buffer_write_tail(struct perf_event_mmap_page *base, __u64 tail)
{
	/*
	 * (D): the record reads above happen before the tail moves; pairs with
	 * the load-acquire of data_tail in __perf_output_begin()
	 */
	smp_store_release(&base->data_tail, tail);
}

typedef enum perfbuf_event_ret (*bpf_perf_event_print_t)(struct perf_event_header *hdr,
							 void *private_data);

static enum perfbuf_event_ret perf_event_read_simple(void *mmap_mem, size_t mmap_size,
						     size_t page_size, void **copy_mem,
						     size_t *copy_size, bpf_perf_event_print_t fn,
						     void *private_data, uint64_t *wrap_copies)
{
	struct perf_event_mmap_page *header = mmap_mem;
	__u64 data_head = ring_buffer_read_head(header);
	/* the consumer's own word: only this thread writes it */
	__u64 data_tail = READ_ONCE(header->data_tail);
	char *base = (char *)header + page_size;
	enum perfbuf_event_ret ret = PERFBUF_EVENT_CONT;
	struct perf_event_header *ehdr;
	size_t ehdr_size;

	while (data_head != data_tail) {
		ehdr = (void *)(base + (data_tail & (mmap_size - 1)));
		ehdr_size = ehdr->size;

		if ((char *)ehdr + ehdr_size > base + mmap_size) {
			char *copy_start = (char *)ehdr;
			size_t len_first = base + mmap_size - copy_start;
			size_t len_secnd = ehdr_size - len_first;

			if (*copy_size < ehdr_size) {
				free(*copy_mem);
				*copy_mem = malloc(ehdr_size);
				if (!*copy_mem) {
					*copy_size = 0;
					ret = PERFBUF_EVENT_ERROR;
					break;
				}
				*copy_size = ehdr_size;
			}

			memcpy(*copy_mem, copy_start, len_first);
			memcpy((char *)*copy_mem + len_first, base, len_secnd);
			ehdr = *copy_mem;
			(*wrap_copies)++;
		}

		ret = fn(ehdr, private_data);
		data_tail += ehdr_size;
		if (ret != PERFBUF_EVENT_CONT)
			break;
	}

	ring_buffer_write_tail(header, data_tail);
	return pb_err(ret);
}

struct perfbuf_params {
	struct perf_event_attr *attr;
	/* if event_cb is specified, it takes precendence */
	perfbuf_event_fn event_cb;
	/* sample_cb and lost_cb are higher-level common-case callbacks */
	perfbuf_sample_fn sample_cb;
	perfbuf_lost_fn lost_cb;
	void *ctx;
	int cpu_cnt;
	int *cpus;
	int *map_keys;
};

struct perf_cpu_buf {
	struct perfbuf_consumer *pb;
	struct perf_ring *ring; /* PORT: the event behind fd */
	void *base;             /* mmap()'ed memory */
	void *buf;              /* for reconstructing segmented data */
	size_t buf_size;
	int fd;
	int cpu;
	int map_key;
};

struct perfbuf_consumer {
	perfbuf_event_fn event_cb;
	perfbuf_sample_fn sample_cb;
	perfbuf_lost_fn lost_cb;
	void *ctx; /* passed into callbacks */

	size_t page_size;
	size_t mmap_size;
	struct perf_cpu_buf **cpu_bufs;
	struct epoll_event *events;
	struct perf_cpu_buf **ready; /* PORT: buffers whose perf_poll() said EPOLLIN */
	int cpu_cnt;  /* number of allocated CPU buffers */
	int epoll_fd; /* perf event FD */
	struct perf_event_array *map; /* PORT: the map itself instead of its fd */
	uint64_t wakeups;
	uint64_t wrap_copies;
};

static void perf_buffer__free_cpu_buf(struct perfbuf_consumer *pb, struct perf_cpu_buf *cpu_buf)
{
	(void)pb;
	if (!cpu_buf)
		return;
	/* munmap() + PERF_EVENT_IOC_DISABLE + close() */
	if (cpu_buf->ring) {
		perf_ring__disable(cpu_buf->ring);
		perf_ring__close(cpu_buf->ring);
	}
	free(cpu_buf->buf);
	free(cpu_buf);
}

void perfbuf_consumer__free(struct perfbuf_consumer *pb)
{
	int i;

	if (!pb)
		return;
	if (pb->cpu_bufs) {
		for (i = 0; i < pb->cpu_cnt; i++) {
			struct perf_cpu_buf *cpu_buf = pb->cpu_bufs[i];

			if (!cpu_buf)
				continue;

			perf_event_array__delete(pb->map, (__u32)cpu_buf->map_key);
			perf_buffer__free_cpu_buf(pb, cpu_buf);
		}
		free(pb->cpu_bufs);
	}
	if (pb->epoll_fd >= 0)
		close(pb->epoll_fd);
	free(pb->events);
	free(pb->ready);
	free(pb);
}

static struct perf_cpu_buf *perf_buffer__open_cpu_buf(struct perfbuf_consumer *pb,
						      struct perf_event_attr *attr, int cpu,
						      int map_key, int *errp)
{
	struct perf_cpu_buf *cpu_buf;
	int err;

	cpu_buf = port_zalloc_lines(sizeof(*cpu_buf));
	if (!cpu_buf) {
		*errp = -ENOMEM;
		return NULL;
	}

	cpu_buf->pb = pb;
	cpu_buf->cpu = cpu;
	cpu_buf->map_key = map_key;
	cpu_buf->fd = -1;

	cpu_buf->ring = perf_ring__open(attr, cpu);
	if (!cpu_buf->ring) {
		err = -errno;
		goto error;
	}
	cpu_buf->fd = perf_ring__fd(cpu_buf->ring);

	cpu_buf->base = perf_ring__mmap(cpu_buf->ring, pb->mmap_size / pb->page_size);
	if (!cpu_buf->base) {
		err = -errno;
		goto error;
	}

	err = perf_ring__enable(cpu_buf->ring);
	if (err < 0)
		goto error;

	return cpu_buf;

error:
	perf_buffer__free_cpu_buf(pb, cpu_buf);
	*errp = err;
	return NULL;
}

static struct perfbuf_consumer *__perf_buffer__new(struct perf_event_array *map, size_t page_cnt,
						   struct perfbuf_params *p);

struct perfbuf_consumer *perfbuf_consumer__new(struct perf_event_array *map, size_t page_cnt,
					       perfbuf_sample_fn sample_cb,
					       perfbuf_lost_fn lost_cb, void *ctx,
					       const struct perfbuf_consumer_opts *opts)
{
	struct perfbuf_params p = {};
	struct perf_event_attr attr;
	__u32 sample_period;

	if (!OPTS_VALID(opts))
		return pb_err_ptr(-EINVAL);

	sample_period = OPTS_GET(opts, sample_period, 1);
	if (!sample_period)
		sample_period = 1;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.config = PERF_COUNT_SW_BPF_OUTPUT;
	attr.type = PERF_TYPE_SOFTWARE;
	attr.sample_type = PERF_SAMPLE_RAW;
	attr.wakeup_events = sample_period;

	p.attr = &attr;
	p.sample_cb = sample_cb;
	p.lost_cb = lost_cb;
	p.ctx = ctx;

	return __perf_buffer__new(map, page_cnt, &p);
}

struct perfbuf_consumer *perfbuf_consumer__new_raw(struct perf_event_array *map, size_t page_cnt,
						   struct perf_event_attr *attr,
						   perfbuf_event_fn event_cb, void *ctx,
						   const struct perfbuf_consumer_raw_opts *opts)
{
	struct perfbuf_params p = {};

	if (!attr)
		return pb_err_ptr(-EINVAL);

	if (!OPTS_VALID(opts))
		return pb_err_ptr(-EINVAL);

	p.attr = attr;
	p.event_cb = event_cb;
	p.ctx = ctx;
	p.cpu_cnt = OPTS_GET(opts, cpu_cnt, 0);
	p.cpus = OPTS_GET(opts, cpus, NULL);
	p.map_keys = OPTS_GET(opts, map_keys, NULL);

	return __perf_buffer__new(map, page_cnt, &p);
}

static struct perfbuf_consumer *__perf_buffer__new(struct perf_event_array *map, size_t page_cnt,
						   struct perfbuf_params *p)
{
	struct perfbuf_consumer *pb;
	int err, i, j;

	if (page_cnt == 0 || (page_cnt & (page_cnt - 1)))
		return pb_err_ptr(-EINVAL);

	/* PORT: the BPF_MAP_TYPE_PERF_EVENT_ARRAY check is the type system's */
	if (!map)
		return pb_err_ptr(-EINVAL);
	if (p->cpu_cnt > 0 && (!p->cpus || !p->map_keys))
		return pb_err_ptr(-EINVAL);

	pb = port_zalloc_lines(sizeof(*pb));
	if (!pb)
		return pb_err_ptr(-ENOMEM);

	pb->event_cb = p->event_cb;
	pb->sample_cb = p->sample_cb;
	pb->lost_cb = p->lost_cb;
	pb->ctx = p->ctx;

	pb->page_size = PAGE_SIZE;
	pb->mmap_size = pb->page_size * page_cnt;
	pb->map = map;

	pb->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (pb->epoll_fd < 0) {
		err = -errno;
		goto error;
	}

	if (p->cpu_cnt > 0) {
		pb->cpu_cnt = p->cpu_cnt;
	} else {
		/*
		 * PORT: libbpf takes the possible CPUs (capped at max_entries)
		 * and skips offline ones; here the simulated CPUs are the
		 * map's slots, all online.
		 */
		pb->cpu_cnt = (int)perf_event_array__max_entries(map);
	}

	pb->events = calloc(pb->cpu_cnt, sizeof(*pb->events));
	pb->ready = calloc(pb->cpu_cnt, sizeof(*pb->ready));
	pb->cpu_bufs = calloc(pb->cpu_cnt, sizeof(*pb->cpu_bufs));
	if (!pb->events || !pb->ready || !pb->cpu_bufs) {
		err = -ENOMEM;
		goto error;
	}

	for (i = 0, j = 0; i < pb->cpu_cnt; i++) {
		struct perf_cpu_buf *cpu_buf;
		int cpu, map_key;

		cpu = p->cpu_cnt > 0 ? p->cpus[i] : i;
		map_key = p->cpu_cnt > 0 ? p->map_keys[i] : i;

		cpu_buf = perf_buffer__open_cpu_buf(pb, p->attr, cpu, map_key, &err);
		if (!cpu_buf)
			goto error;

		pb->cpu_bufs[j] = cpu_buf;

		err = perf_event_array__update(pb->map, (__u32)map_key, cpu_buf->ring);
		if (err)
			goto error;

		/*
		 * PORT: libbpf asks for EPOLLIN, level-triggered, and a perf fd
		 * is readable once per wakeup because each perf_poll() takes the
		 * poll bits. The fd here is an eventfd, readable until read back;
		 * edge-triggered, epoll reports it once per write, i.e. once per
		 * wakeup, also to a user who waits on perfbuf_consumer__epoll_fd()
		 * and never calls perfbuf_consumer__poll(). Writes before an
		 * epoll_wait() make one report, as wakeups that set the same bits.
		 */
		pb->events[j].events = EPOLLIN | EPOLLET;
		pb->events[j].data.ptr = cpu_buf;
		if (epoll_ctl(pb->epoll_fd, EPOLL_CTL_ADD, cpu_buf->fd, &pb->events[j]) < 0) {
			err = -errno;
			goto error;
		}
		j++;
	}
	pb->cpu_cnt = j;

	return pb;

error:
	/* cpu_cnt still covers every slot of cpu_bufs[], opened or not */
	perfbuf_consumer__free(pb);
	return pb_err_ptr(err);
}

struct perf_sample_raw {
	struct perf_event_header header;
	uint32_t size;
	char data[];
};

struct perf_sample_lost {
	struct perf_event_header header;
	uint64_t id;
	uint64_t lost;
	uint64_t sample_id;
};

static enum perfbuf_event_ret perf_buffer__process_record(struct perf_event_header *e, void *ctx)
{
	struct perf_cpu_buf *cpu_buf = ctx;
	struct perfbuf_consumer *pb = cpu_buf->pb;
	void *data = e;

	/* user wants full control over parsing perf event */
	if (pb->event_cb)
		return pb->event_cb(pb->ctx, cpu_buf->cpu, e);

	switch (e->type) {
	case PERF_RECORD_SAMPLE: {
		struct perf_sample_raw *s = data;

		if (pb->sample_cb)
			pb->sample_cb(pb->ctx, cpu_buf->cpu, s->data, s->size);
		break;
	}
	case PERF_RECORD_LOST: {
		struct perf_sample_lost *s = data;

		if (pb->lost_cb)
			pb->lost_cb(pb->ctx, cpu_buf->cpu, s->lost);
		break;
	}
	default:
		/* PORT: libbpf also pr_warn()s; a library here does not print */
		return PERFBUF_EVENT_ERROR;
	}
	return PERFBUF_EVENT_CONT;
}

static int perf_buffer__process_records(struct perfbuf_consumer *pb,
					struct perf_cpu_buf *cpu_buf)
{
	enum perfbuf_event_ret ret;

	ret = perf_event_read_simple(cpu_buf->base, pb->mmap_size, pb->page_size, &cpu_buf->buf,
				     &cpu_buf->buf_size, perf_buffer__process_record, cpu_buf,
				     &pb->wrap_copies);
	if (ret != PERFBUF_EVENT_CONT)
		return ret;
	return 0;
}

int perfbuf_consumer__epoll_fd(const struct perfbuf_consumer *pb)
{
	return pb ? pb->epoll_fd : pb_err(-EINVAL);
}

/* perf_poll() on a buffer epoll_wait() returned: reset its eventfd, keep it if EPOLLIN */
static int report_woken(void *ctx, const struct epoll_event *ev, int nready)
{
	struct perfbuf_consumer *pb = ctx;
	struct perf_cpu_buf *cpu_buf = ev->data.ptr;
	__u64 val;

	if (read(cpu_buf->fd, &val, sizeof(val)) < 0 && errno != EAGAIN)
		return -errno;
	if (perf_ring__poll(cpu_buf->ring) & EPOLLIN)
		pb->ready[nready++] = cpu_buf;
	return nready;
}

static const struct ep_poll_ops pb_ep_ops = { .report = report_woken };

/*
 * PORT: libbpf is one epoll_wait() whose kernel side calls perf_poll() on
 * each ready perf fd and reports those that return EPOLLIN. Here ep_poll()
 * (eventpoll.c) waits on the events' eventfds; each reported fd is reset and
 * perf_poll() is applied to it; a wake-up that finds no poll bits (an earlier
 * poll took them) is not reported, and the wait goes on until the timeout.
 * Returns the number of buffers reported and processed.
 */
int perfbuf_consumer__poll(struct perfbuf_consumer *pb, int timeout_ms)
{
	int i, nready, err;

	if (!pb)
		return pb_err(-EINVAL);
	nready = ep_poll(pb->epoll_fd, pb->events, pb->cpu_cnt, timeout_ms, &pb_ep_ops, pb);
	if (nready <= 0)
		return nready < 0 ? pb_err(nready) : 0;
	pb->wakeups++;

	for (i = 0; i < nready; i++) {
		err = perf_buffer__process_records(pb, pb->ready[i]);
		if (err)
			return pb_err(err);
	}
	return nready;
}

/* Return number of PERF_EVENT_ARRAY map slots set up by this perf_buffer manager. */
size_t perfbuf_consumer__buffer_cnt(const struct perfbuf_consumer *pb)
{
	if (!pb)
		return null_accessor();
	return (size_t)pb->cpu_cnt;
}

/*
 * Return perf_event FD of a ring buffer in *buf_idx* slot of
 * PERF_EVENT_ARRAY BPF map. This FD can be polled for new data using
 * select()/poll()/epoll() Linux syscalls.
 */
int perfbuf_consumer__buffer_fd(const struct perfbuf_consumer *pb, size_t buf_idx)
{
	struct perf_cpu_buf *cpu_buf;

	if (!pb || buf_idx >= (size_t)pb->cpu_cnt)
		return pb_err(-EINVAL);

	cpu_buf = pb->cpu_bufs[buf_idx];
	if (!cpu_buf)
		return pb_err(-ENOENT);

	return cpu_buf->fd;
}

int perfbuf_consumer__buffer(struct perfbuf_consumer *pb, int buf_idx, void **buf,
			     size_t *buf_size)
{
	struct perf_cpu_buf *cpu_buf;

	/* PORT: NULL pointers are an error, not a crash */
	if (!pb || !buf || !buf_size || buf_idx < 0 || buf_idx >= pb->cpu_cnt)
		return pb_err(-EINVAL);

	cpu_buf = pb->cpu_bufs[buf_idx];
	if (!cpu_buf)
		return pb_err(-ENOENT);

	*buf = cpu_buf->base;
	*buf_size = pb->mmap_size;
	return 0;
}

/*
 * Consume data from perf ring buffer corresponding to slot *buf_idx* in
 * PERF_EVENT_ARRAY BPF map without waiting/polling. If there is no data to
 * consume, do nothing and return success.
 * Returns:
 *   - 0 on success;
 *   - <0 on failure.
 */
int perfbuf_consumer__consume_buffer(struct perfbuf_consumer *pb, size_t buf_idx)
{
	struct perf_cpu_buf *cpu_buf;

	if (!pb || buf_idx >= (size_t)pb->cpu_cnt)
		return pb_err(-EINVAL);

	cpu_buf = pb->cpu_bufs[buf_idx];
	if (!cpu_buf)
		return pb_err(-ENOENT);

	return perf_buffer__process_records(pb, cpu_buf);
}

int perfbuf_consumer__consume(struct perfbuf_consumer *pb)
{
	int i, err;

	if (!pb)
		return pb_err(-EINVAL);
	for (i = 0; i < pb->cpu_cnt; i++) {
		struct perf_cpu_buf *cpu_buf = pb->cpu_bufs[i];

		if (!cpu_buf)
			continue;

		err = perf_buffer__process_records(pb, cpu_buf);
		if (err)
			return pb_err(err);
	}
	return 0;
}

struct perf_ring *perfbuf_consumer__ring(struct perfbuf_consumer *pb, size_t buf_idx)
{
	if (!pb || buf_idx >= (size_t)pb->cpu_cnt || !pb->cpu_bufs[buf_idx]) {
		errno = ERANGE;
		return NULL;
	}
	return pb->cpu_bufs[buf_idx]->ring;
}

uint64_t perfbuf_consumer__wakeups(const struct perfbuf_consumer *pb)
{
	if (!pb)
		return null_accessor();
	return pb->wakeups;
}

uint64_t perfbuf_consumer__wrap_copies(const struct perfbuf_consumer *pb)
{
	if (!pb)
		return null_accessor();
	return pb->wrap_copies;
}
