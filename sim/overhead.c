// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim overhead: what one record of N payload bytes costs in the BPF ring
 * buffer and in the perf buffer, how many fit, what a map costs in memory,
 * and what a reviewer should do about a struct's size.
 *
 * The rules, from Linux 6.18:
 *  - BPF ring buffer (kernel/bpf/ringbuf.c, __bpf_ringbuf_reserve()):
 *    len = round_up(size + BPF_RINGBUF_HDR_SZ, 8); a reservation is refused
 *    when len > ring size or when new_prod_pos - cons_pos > mask, so an empty
 *    ring of R bytes takes floor((R - 1) / len) records.
 *  - perf buffer (include/linux/perf_event.h, perf_sample_save_raw_data(),
 *    with libbpf's attr: PERF_SAMPLE_RAW only): the raw part is u32 size +
 *    data, padded so that it is a multiple of 8, behind an 8-byte
 *    perf_event_header: len = 8 + round_up(size + 4, 8). The u16
 *    perf_event_header.size caps a record at 65535 bytes, a payload at 65516
 *    (the kernel truncates a larger size and corrupts the buffer,
 *    cilium/ebpf#1633; the port refuses it), so larger payloads get no perf
 *    figures. A record is refused
 *    when CIRC_SPACE(head, tail, data_size) < len
 *    (kernel/events/ring_buffer.c, __perf_output_begin()), and CIRC_SPACE of
 *    an empty buffer is data_size - 1: floor((data_size - 1) / len) records.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "sim/rbsim.h"
#include "sim/overhead.h"
#include "sim/kernel_check.h"
#include "ringbuf/ringbuf.h"
#include "ringbuf/perfbuf.h"
#include "ringbuf/kernel_compat.h"

#define OV_MAX_SIZES (1U << 20)
#define OV_DEFAULT_RING (512U * 1024)  /* the selftests' ringbuf benchmark */
#define OV_DEFAULT_PERF_PAGES 128U     /* the selftests' perfbuf benchmark, per CPU */
#define OV_MAX_PERF_PAGES (1U << 20)
#define OV_MAX_CPUS 65536U
#define OV_VMLINUX_BTF "/sys/kernel/btf/vmlinux"
#define OV_NONE UINT64_MAX             /* "no such payload" in the advice */

enum ov_format { OV_TEXT, OV_CSV, OV_JSON };

struct ov_item {
	uint64_t size;
	const char *name; /* struct name when the size came from BTF, else NULL */
};

struct ov_opts {
	uint32_t ring_size;
	uint32_t perf_pages;
	unsigned int cpus;
	size_t page_size;
	enum ov_format format;
	const char *plot;
	const char *btf;
	bool verify;
};

/* what one record of `size` payload bytes costs; OV_NONE marks "not applicable" */
struct ov_row {
	uint64_t size;
	const char *name;

	uint64_t rb_fp, rb_pad, rb_cap, rb_grow, rb_shrink;

	bool pf_ok; /* the record fits perf_event_header.size */
	uint64_t pf_fp, pf_pad, pf_raw, pf_cap, pf_grow, pf_shrink;

	/* --verify */
	bool rb_port_ok, rb_kern_ok, pf_port_ok, pf_kern_ok;
	struct ov_measure rb_port, rb_kern, pf_port, pf_kern;
	bool mismatch;
};

/* ---- the arithmetic ---- */

static uint64_t ov_rb_footprint(uint64_t size)
{
	return round_up(size + OV_RB_HDR_SZ, (uint64_t)8);
}

/* perf_event_header + { u32 size; char data[size]; } padded to 8 */
static uint64_t ov_pf_raw_size(uint64_t size)
{
	return round_up(size + sizeof(uint32_t), (uint64_t)8) - sizeof(uint32_t);
}

static uint64_t ov_pf_footprint(uint64_t size)
{
	return 8 + sizeof(uint32_t) + ov_pf_raw_size(size);
}

/* records an empty buffer takes when it refuses once used + len > limit */
static uint64_t ov_capacity(uint64_t limit, uint64_t len)
{
	return limit / len;
}

static void ov_compute(const struct ov_opts *o, const struct ov_item *it, struct ov_row *r)
{
	uint64_t perf_data = (uint64_t)o->perf_pages * o->page_size;

	memset(r, 0, sizeof(*r));
	r->size = it->size;
	r->name = it->name;

	r->rb_fp = ov_rb_footprint(r->size);
	r->rb_pad = r->rb_fp - OV_RB_HDR_SZ - r->size;
	/* len > ring size is refused outright; else new_prod_pos - cons_pos <= mask */
	r->rb_cap = r->rb_fp > o->ring_size ? 0 : ov_capacity(o->ring_size - 1, r->rb_fp);
	/* every payload up to footprint - header costs the same */
	r->rb_grow = r->rb_fp - OV_RB_HDR_SZ;
	/* the next footprint down is 8 bytes smaller; its largest payload */
	r->rb_shrink = r->rb_fp >= 16 ? r->rb_fp - 8 - OV_RB_HDR_SZ : OV_NONE;

	r->pf_ok = r->size <= OV_PERF_MAX_PAYLOAD;
	if (!r->pf_ok)
		return;
	r->pf_raw = ov_pf_raw_size(r->size);
	r->pf_fp = ov_pf_footprint(r->size);
	r->pf_pad = r->pf_fp - OV_PERF_HDR_SZ - r->size;
	/* CIRC_SPACE() of an empty buffer is data_size - 1 */
	r->pf_cap = ov_capacity(perf_data - 1, r->pf_fp);
	r->pf_grow = r->pf_fp - OV_PERF_HDR_SZ;
	r->pf_shrink = r->pf_fp >= 24 ? r->pf_fp - 8 - OV_PERF_HDR_SZ : OV_NONE;
}

/* ---- input ---- */

static void ov_usage(FILE *f)
{
	fprintf(f,
		"usage: rbsim overhead [options] SIZE...\n"
		"What a record of SIZE payload bytes costs in the BPF ring buffer and in the perf\n"
		"buffer (Linux %s rules), how many fit, and how far the payload can grow or must\n"
		"shrink to change its cost.\n\n"
		"  SIZE                 payload size in bytes (0 to %u)\n"
		"  --sweep A-B[:STEP]   every size from A to B (step 1 unless given)\n"
		"  --struct NAME        the size of struct NAME, read from BTF (repeatable)\n"
		"  --btf FILE           BTF to read: a .bpf.o or raw BTF (default %s)\n"
		"  --ring-size BYTES    BPF ring buffer size, power of 2, page multiple; K/M/G\n"
		"                       suffixes (default %u)\n"
		"  --perf-pages N       perf buffer data pages per CPU, power of 2 (default %u)\n"
		"  --cpus N             CPUs for the perf buffer totals and the memory figures\n"
		"                       (default: online CPUs)\n"
		"  --format FMT         text, csv or json (default text)\n"
		"  --plot FILE.png      draw footprint and efficiency against size with gnuplot\n"
		"  --verify             measure every size on the port (and on the kernel's maps\n"
		"                       when running as root); exit 1 on any mismatch\n"
		"  -h, --help           this text\n",
		RBSIM_KERNEL_VERSION, OV_RB_MAX_RECORD_SZ, OV_VMLINUX_BTF, OV_DEFAULT_RING,
		OV_DEFAULT_PERF_PAGES);
}

static void ov_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void ov_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("rbsim overhead: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* a plain non-negative decimal; 0 or -EINVAL (not a number), -ERANGE, -EDOM (negative) */
static int ov_parse_u64(const char *s, uint64_t *v)
{
	uint64_t x = 0;

	if (*s == '-' && s[1] >= '0' && s[1] <= '9')
		return -EDOM;
	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		if (x > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return -ERANGE;
		x = x * 10 + (uint64_t)(*s - '0');
	}
	*v = x;
	return 0;
}

static int ov_check_size(const char *what, const char *arg, uint64_t *v)
{
	int err = ov_parse_u64(arg, v);

	if (err == -EDOM) {
		ov_fail("%s '%s' is negative", what, arg);
		return -1;
	}
	if (err == -EINVAL) {
		ov_fail("%s '%s' is not a number of bytes", what, arg);
		return -1;
	}
	if (err == -ERANGE || *v > OV_RB_MAX_RECORD_SZ) {
		ov_fail("%s %s is above the ring buffer's maximum record size %u "
			"(RINGBUF_MAX_RECORD_SZ = UINT_MAX / 4)", what, arg, OV_RB_MAX_RECORD_SZ);
		return -1;
	}
	return 0;
}

/* bytes with an optional K, M or G (binary) suffix */
static int ov_parse_bytes(const char *s, uint64_t *v)
{
	char buf[32];
	size_t n = strlen(s);
	unsigned int shift = 0;
	int err;

	if (n == 0 || n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n + 1);
	switch (buf[n - 1]) {
	case 'k': case 'K': shift = 10; break;
	case 'm': case 'M': shift = 20; break;
	case 'g': case 'G': shift = 30; break;
	}
	if (shift)
		buf[n - 1] = '\0';
	err = ov_parse_u64(buf, v);
	if (err)
		return err;
	if (*v > (UINT64_MAX >> shift))
		return -ERANGE;
	*v <<= shift;
	return 0;
}

struct ov_list {
	struct ov_item *v;
	size_t n, cap;
};

static int ov_add(struct ov_list *l, uint64_t size, const char *name)
{
	if (l->n >= OV_MAX_SIZES) {
		ov_fail("more than %u sizes asked", OV_MAX_SIZES);
		return -1;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct ov_item *p = realloc(l->v, cap * sizeof(*p));

		if (!p) {
			ov_fail("out of memory");
			return -1;
		}
		l->v = p;
		l->cap = cap;
	}
	l->v[l->n].size = size;
	l->v[l->n].name = name;
	l->n++;
	return 0;
}

static int ov_add_sweep(struct ov_list *l, const char *spec)
{
	char a[32], b[32], c[32] = "1";
	const char *dash, *colon;
	uint64_t lo, hi, step, count, i;

	/* A-B[:STEP]; a leading '-' is a negative A, not the separator */
	dash = *spec ? strchr(spec + 1, '-') : NULL;
	if (*spec == '-') {
		ov_fail("--sweep '%s': sizes cannot be negative", spec);
		return -1;
	}
	colon = dash ? strchr(dash, ':') : NULL;
	if (!dash || dash - spec >= (long)sizeof(a) ||
	    (colon ? colon - dash - 1 : (long)strlen(dash + 1)) >= (long)sizeof(b) ||
	    (colon && strlen(colon + 1) >= sizeof(c))) {
		ov_fail("--sweep '%s': expected A-B[:STEP], e.g. 1-256 or 0-4096:8", spec);
		return -1;
	}
	snprintf(a, sizeof(a), "%.*s", (int)(dash - spec), spec);
	if (colon) {
		snprintf(b, sizeof(b), "%.*s", (int)(colon - dash - 1), dash + 1);
		snprintf(c, sizeof(c), "%s", colon + 1);
	} else {
		snprintf(b, sizeof(b), "%s", dash + 1);
	}
	if (ov_parse_u64(a, &lo) == -EINVAL || ov_parse_u64(b, &hi) == -EINVAL ||
	    ov_parse_u64(c, &step) == -EINVAL) {
		ov_fail("--sweep '%s': expected A-B[:STEP] with decimal numbers", spec);
		return -1;
	}
	if (*b == '-' || *c == '-') {
		ov_fail("--sweep '%s': sizes and step cannot be negative", spec);
		return -1;
	}
	if (ov_check_size("--sweep end", b, &hi) || ov_check_size("--sweep start", a, &lo))
		return -1;
	if (ov_parse_u64(c, &step) || step == 0) {
		ov_fail("--sweep '%s': STEP must be a number of at least 1", spec);
		return -1;
	}
	if (lo > hi) {
		ov_fail("--sweep '%s': start %s is above end %s", spec, a, b);
		return -1;
	}
	count = (hi - lo) / step + 1;
	if (count > OV_MAX_SIZES || l->n + count > OV_MAX_SIZES) {
		ov_fail("--sweep '%s' asks for %llu sizes, more than %u", spec,
			(unsigned long long)count, OV_MAX_SIZES);
		return -1;
	}
	for (i = 0; i < count; i++) {
		if (ov_add(l, lo + i * step, NULL))
			return -1;
	}
	return 0;
}

/* --opt VALUE or --opt=VALUE; NULL when this argument is not --opt */
static const char *ov_optarg(int argc, char **argv, int *i, const char *opt, bool *missing)
{
	size_t len = strlen(opt);
	const char *a = argv[*i];

	if (strncmp(a, opt, len))
		return NULL;
	if (a[len] == '=')
		return a + len + 1;
	if (a[len])
		return NULL;
	if (*i + 1 >= argc) {
		*missing = true;
		return NULL;
	}
	return argv[++*i];
}

static int ov_parse(int argc, char **argv, struct ov_opts *o, struct ov_list *l, bool *help)
{
	bool opts_done = false;
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	int i;

	o->ring_size = OV_DEFAULT_RING;
	o->perf_pages = OV_DEFAULT_PERF_PAGES;
	o->cpus = online > 0 ? (unsigned int)online : 1;
	o->page_size = (size_t)sysconf(_SC_PAGESIZE);
	o->format = OV_TEXT;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		bool missing = false;
		uint64_t x;

		/* "-5" is a (negative) size, not an option */
		if (opts_done || a[0] != '-' || (a[1] >= '0' && a[1] <= '9')) {
			if (ov_check_size("size", a, &x) || ov_add(l, x, NULL))
				return -1;
			continue;
		}
		if (!strcmp(a, "--")) {
			opts_done = true;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			*help = true;
			return 0;
		} else if (!strcmp(a, "--verify")) {
			o->verify = true;
		} else if ((v = ov_optarg(argc, argv, &i, "--sweep", &missing))) {
			if (ov_add_sweep(l, v))
				return -1;
		} else if ((v = ov_optarg(argc, argv, &i, "--struct", &missing))) {
			/* sized once every option is read (--btf may come later) */
			if (ov_add(l, 0, v))
				return -1;
		} else if ((v = ov_optarg(argc, argv, &i, "--btf", &missing))) {
			o->btf = v;
		} else if ((v = ov_optarg(argc, argv, &i, "--ring-size", &missing))) {
			int err = ov_parse_bytes(v, &x);

			if (err == -EDOM || err == -EINVAL) {
				ov_fail("--ring-size '%s' is not a size in bytes "
					"(e.g. 524288 or 512K)", v);
				return -1;
			}
			if (err || x > (1ULL << 31) || x < o->page_size || !is_power_of_2(x)) {
				ov_fail("--ring-size %s: the kernel needs a power of 2, a "
					"multiple of the page size (%zu), at most 2G "
					"(max_entries is a u32)", v, o->page_size);
				return -1;
			}
			o->ring_size = (uint32_t)x;
		} else if ((v = ov_optarg(argc, argv, &i, "--perf-pages", &missing))) {
			if (ov_parse_u64(v, &x) || !is_power_of_2(x) || x > OV_MAX_PERF_PAGES) {
				ov_fail("--perf-pages '%s': a power of 2 from 1 to %u, as "
					"perf_buffer__new() needs", v, OV_MAX_PERF_PAGES);
				return -1;
			}
			o->perf_pages = (uint32_t)x;
		} else if ((v = ov_optarg(argc, argv, &i, "--cpus", &missing))) {
			if (ov_parse_u64(v, &x) || x < 1 || x > OV_MAX_CPUS) {
				ov_fail("--cpus '%s': a number from 1 to %u", v, OV_MAX_CPUS);
				return -1;
			}
			o->cpus = (unsigned int)x;
		} else if ((v = ov_optarg(argc, argv, &i, "--format", &missing))) {
			if (!strcmp(v, "text")) {
				o->format = OV_TEXT;
			} else if (!strcmp(v, "csv")) {
				o->format = OV_CSV;
			} else if (!strcmp(v, "json")) {
				o->format = OV_JSON;
			} else {
				ov_fail("--format '%s': expected text, csv or json", v);
				return -1;
			}
		} else if ((v = ov_optarg(argc, argv, &i, "--plot", &missing))) {
			size_t len = strlen(v);

			if (len < 5 || strcmp(v + len - 4, ".png")) {
				ov_fail("--plot '%s': the file name must end in .png", v);
				return -1;
			}
			o->plot = v;
		} else if (missing) {
			ov_fail("%s needs a value", a);
			return -1;
		} else {
			ov_fail("unknown option '%s' (see rbsim overhead --help)", a);
			return -1;
		}
		if (missing) {
			ov_fail("%s needs a value", a);
			return -1;
		}
	}
	if (!l->n) {
		ov_fail("no sizes given: SIZE..., --sweep A-B[:STEP] or --struct NAME");
		return -1;
	}
	return 0;
}

/* the kernel parts, registered by bpf/ (NULL in an rbsim built without it) */
static const struct ov_kern_ops *ov_kern;

void ov_kern_register(const struct ov_kern_ops *ops)
{
	ov_kern = ops;
}

/*
 * resolve --struct items: 0, or the exit status (every failure is bad input,
 * a build without BTF reading is the skip rule's)
 */
static int ov_resolve_structs(struct ov_opts *o, struct ov_item *items, size_t n)
{
	bool any = false;
	char err[512];
	size_t i;

	for (i = 0; i < n; i++) {
		if (!items[i].name)
			continue;
		any = true;
		if (!ov_kern)
			return kcheck_unavailable("rbsim overhead",
						  kcheck_not_built("--struct", err, sizeof(err)));
		if (ov_kern->btf_struct_size(o->btf ? o->btf : OV_VMLINUX_BTF, items[i].name,
					   &items[i].size, err, sizeof(err))) {
			ov_fail("%s", err);
			return RBSIM_EXIT_USAGE;
		}
		if (items[i].size > OV_RB_MAX_RECORD_SZ) {
			ov_fail("struct %s is %llu bytes, above the ring buffer's maximum record "
				"size %u", items[i].name, (unsigned long long)items[i].size,
				OV_RB_MAX_RECORD_SZ);
			return RBSIM_EXIT_USAGE;
		}
	}
	if (o->btf && !any) {
		ov_fail("--btf %s needs --struct NAME", o->btf);
		return RBSIM_EXIT_USAGE;
	}
	return 0;
}

/* ---- --verify ---- */

/* the port: reserve and submit, measure producer_pos, as a BPF program would */
struct ov_port {
	struct bpf_ringbuf_map *map;
	struct ringbuf_mmap view;
};

static unsigned long ov_port_drain(struct ov_port *p)
{
	/* A1: pairs with smp_store_release(&rb->producer_pos) in reserve (R1) */
	unsigned long prod_pos = smp_load_acquire(p->view.producer_pos);

	/* R3: pairs with smp_load_acquire(&rb->consumer_pos) in reserve (A3) */
	smp_store_release(p->view.consumer_pos, prod_pos);
	return prod_pos;
}

static uint64_t ov_port_fill(struct ov_port *p, uint64_t size, uint64_t count)
{
	uint64_t done;

	for (done = 0; done < count; done++) {
		void *rec = bpf_ringbuf_reserve(p->map, size, 0);

		if (!rec)
			break;
		bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
	}
	return done;
}

static void ov_port_measure(struct ov_port *p, uint64_t size, uint64_t max_records,
			    struct ov_measure *m)
{
	unsigned long before = ov_port_drain(p);

	ov_port_fill(p, size, 1);
	/* A1: pairs with smp_store_release(&rb->producer_pos) in reserve (R1) */
	m->footprint = smp_load_acquire(p->view.producer_pos) - before;
	ov_port_drain(p);
	m->capacity = ov_port_fill(p, size, max_records);
	ov_port_drain(p);
}

/*
 * The perf buffer port: a fresh BPF_OUTPUT event on simulated CPU 0 for every
 * size, since a refused record leaves a lost count that the next record
 * carries as a 24-byte PERF_RECORD_LOST.
 */
#define OV_PERF_CPU 0

struct ov_pport {
	struct perf_event_array *array;
	char *payload;
};

static uint64_t ov_pport_fill(struct ov_pport *p, uint64_t size, uint64_t count)
{
	uint64_t done;

	for (done = 0; done < count; done++) {
		if (bpf_perf_event_output(p->array, BPF_F_CURRENT_CPU, p->payload, size))
			break;
	}
	return done;
}

static int ov_pport_measure(const struct ov_opts *o, struct ov_pport *p, uint64_t size,
			    uint64_t max_records, struct ov_measure *m)
{
	struct perf_event_attr attr = ov_perf_attr();
	struct perf_event_mmap_page *hdr;
	struct perf_ring *ring;
	uint64_t before, head;
	int err = -ENOMEM;

	ring = perf_ring__open(&attr, OV_PERF_CPU);
	if (!ring)
		return -errno;
	hdr = perf_ring__mmap(ring, o->perf_pages);
	if (!hdr) {
		err = -errno;
		goto out;
	}
	err = perf_ring__enable(ring);
	if (!err)
		err = perf_event_array__update(p->array, OV_PERF_CPU, ring);
	if (err)
		goto out;

	/* (C): pairs with the data_head store-release in perf_output_put_handle() (B) */
	before = smp_load_acquire(&hdr->data_head);
	ov_pport_fill(p, size, 1);
	head = smp_load_acquire(&hdr->data_head);
	m->footprint = head - before;
	/* (D): pairs with the data_tail load-acquire in __perf_output_begin() (A) */
	smp_store_release(&hdr->data_tail, head);
	m->capacity = ov_pport_fill(p, size, max_records);
	perf_event_array__delete(p->array, OV_PERF_CPU);
out:
	perf_ring__close(ring);
	return err;
}

static bool ov_match(const struct ov_measure *m, uint64_t fp, uint64_t cap)
{
	/* a record the buffer refuses moves nothing */
	return m->footprint == (cap ? fp : 0) && m->capacity == cap;
}

static void ov_mismatch(const struct ov_row *r, const char *where, const struct ov_measure *m,
			uint64_t fp, uint64_t cap)
{
	fprintf(stderr, "rbsim overhead: MISMATCH size %llu %s: measured footprint %llu, "
		"capacity %llu; computed %llu, %llu\n", (unsigned long long)r->size, where,
		(unsigned long long)m->footprint, (unsigned long long)m->capacity,
		(unsigned long long)(cap ? fp : 0), (unsigned long long)cap);
}

/* returns the number of mismatches, or -1 when the port itself failed */
static long ov_verify(const struct ov_opts *o, struct ov_row *rows, size_t n)
{
	struct ov_port port = { 0 };
	struct ov_pport pport = { 0 };
	struct ov_kern *k = NULL;
	char why[256];
	long bad = 0;
	bool rb_skip_noted = false, pf_skip_noted = false;
	size_t i;
	int err;

	port.map = ringbuf_map__new(o->ring_size, 0);
	if (!port.map) {
		ov_fail("port: ringbuf_map__new(%u): %s", o->ring_size, strerror(errno));
		return -1;
	}
	err = ringbuf_map__mmap(port.map, &port.view);
	if (err) {
		ov_fail("port: ringbuf_map__mmap: %s", strerror(-err));
		ringbuf_map__free(port.map);
		return -1;
	}

	pport.array = perf_event_array__new(OV_PERF_CPU + 1);
	pport.payload = calloc(1, OV_PERF_MAX_PAYLOAD);
	if (!pport.array || !pport.payload || perf_cpu__set_current(OV_PERF_CPU)) {
		ov_fail("perf buffer port: %s", strerror(errno ? errno : ENOMEM));
		bad = -1;
		goto out_port;
	}

	if (ov_kern)
		k = ov_kern->open(o->ring_size, o->perf_pages, why, sizeof(why));
	else
		kcheck_not_built("--verify on the kernel", why, sizeof(why));
	/* the kernel is one part of --verify: skipped with a note, a failure if required */
	if (!k && kcheck_required()) {
		ov_fail("kernel: FAIL: %s (RBSIM_REQUIRE_KERNEL is set)", why);
		bad = -1;
		goto out_port;
	}
	if (!k)
		fprintf(stderr, "rbsim overhead: kernel: skipped (%s)\n", why);

	for (i = 0; i < n; i++) {
		struct ov_row *r = &rows[i];

		ov_port_measure(&port, r->size, r->rb_cap + 1, &r->rb_port);
		r->rb_port_ok = true;
		if (!ov_match(&r->rb_port, r->rb_fp, r->rb_cap)) {
			ov_mismatch(r, "ringbuf port", &r->rb_port, r->rb_fp, r->rb_cap);
			r->mismatch = true;
		}
		if (r->pf_ok) {
			err = ov_pport_measure(o, &pport, r->size, r->pf_cap + 1, &r->pf_port);
			if (err) {
				ov_fail("perf buffer port, size %llu: %s",
					(unsigned long long)r->size, strerror(-err));
				bad = -1;
				break;
			}
			r->pf_port_ok = true;
			if (!ov_match(&r->pf_port, r->pf_fp, r->pf_cap)) {
				ov_mismatch(r, "perf port", &r->pf_port, r->pf_fp, r->pf_cap);
				r->mismatch = true;
			}
		}
		if (!k)
			goto next;
		err = ov_kern->ringbuf(k, r->size, r->rb_cap + 1, &r->rb_kern, why, sizeof(why));
		if (err < 0) {
			fprintf(stderr, "rbsim overhead: kernel ringbuf: skipped from size %llu on "
				"(%s)\n", (unsigned long long)r->size, why);
			ov_kern->close(k);
			k = NULL;
			goto next;
		}
		if (err > 0 && !rb_skip_noted) {
			fprintf(stderr, "rbsim overhead: kernel ringbuf: sizes %s skipped\n", why);
			rb_skip_noted = true;
		}
		if (!err) {
			r->rb_kern_ok = true;
			if (!ov_match(&r->rb_kern, r->rb_fp, r->rb_cap)) {
				ov_mismatch(r, "ringbuf kernel", &r->rb_kern, r->rb_fp, r->rb_cap);
				r->mismatch = true;
			}
		}
		if (!r->pf_ok)
			goto next;
		err = ov_kern->perf(k, r->size, r->pf_cap + 1, &r->pf_kern, why, sizeof(why));
		if (err < 0) {
			fprintf(stderr, "rbsim overhead: kernel perf buffer: skipped from "
				"size %llu on (%s)\n", (unsigned long long)r->size, why);
			ov_kern->close(k);
			k = NULL;
			goto next;
		}
		if (err > 0 && !pf_skip_noted) {
			fprintf(stderr, "rbsim overhead: kernel perf buffer: sizes %s "
				"skipped\n", why);
			pf_skip_noted = true;
		}
		if (!err) {
			r->pf_kern_ok = true;
			if (!ov_match(&r->pf_kern, r->pf_fp, r->pf_cap)) {
				ov_mismatch(r, "perf kernel", &r->pf_kern, r->pf_fp, r->pf_cap);
				r->mismatch = true;
			}
		}
next:
		bad += r->mismatch;
	}
	if (k)
		ov_kern->close(k);
out_port:
	free(pport.payload);
	perf_event_array__free(pport.array);
	ringbuf_map__munmap(&port.view);
	ringbuf_map__free(port.map);
	return bad;
}

/* ---- output ---- */

/* memory one map costs: the ringbuf is shared by all CPUs, the perf buffer is per CPU */
struct ov_memory {
	uint64_t rb_data_pages, rb_meta_pages, rb_phys, rb_kern_virt, rb_user_virt;
	uint64_t pf_pages_per_cpu, pf_phys, pf_user_virt;
};

static void ov_memory(const struct ov_opts *o, struct ov_memory *m)
{
	uint64_t pg = o->page_size;

	m->rb_data_pages = o->ring_size / pg;
	/* the non-mmap()'able page, the consumer page and the producer page */
	m->rb_meta_pages = 3;
	m->rb_phys = (m->rb_data_pages + m->rb_meta_pages) * pg;
	/* bpf_ringbuf_area_alloc() vmap()s the data pages twice */
	m->rb_kern_virt = (m->rb_meta_pages + 2 * m->rb_data_pages) * pg;
	/* libbpf maps the consumer page, then the producer page and the data twice */
	m->rb_user_virt = (2 + 2 * m->rb_data_pages) * pg;
	/* one perf_event_mmap_page in front of the data pages */
	m->pf_pages_per_cpu = (uint64_t)o->perf_pages + 1;
	m->pf_phys = m->pf_pages_per_cpu * pg * o->cpus;
	m->pf_user_virt = m->pf_phys;
}

static double ov_eff(uint64_t size, uint64_t fp)
{
	return (double)size / (double)fp;
}

static const char *ov_u64(char *buf, size_t len, uint64_t v)
{
	if (v == OV_NONE)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%llu", (unsigned long long)v);
	return buf;
}

/* text tables: cells are formatted twice, once to size the columns, once to print */
#define OV_CELL 40
#define OV_MAX_COLS 16
typedef void (*ov_cell_fn)(const struct ov_row *r, int col, char *buf, size_t len);

struct ov_table {
	const char *const *head;
	int ncols;
	ov_cell_fn cell;
};

/* column 1 holds the struct name: left-aligned, and left out when no size came from BTF */
static void ov_print_table(FILE *f, const struct ov_table *t, const struct ov_row *rows, size_t n,
			   bool names)
{
	int w[OV_MAX_COLS] = { 0 };
	char buf[OV_CELL];
	size_t i;
	int c;

	for (c = 0; c < t->ncols; c++)
		w[c] = (int)strlen(t->head[c]);
	for (i = 0; i < n; i++) {
		for (c = 0; c < t->ncols; c++) {
			t->cell(&rows[i], c, buf, sizeof(buf));
			if ((int)strlen(buf) > w[c])
				w[c] = (int)strlen(buf);
		}
	}
	for (c = 0; c < t->ncols; c++) {
		if (c == 1 && !names)
			continue;
		fprintf(f, c == 1 ? "  %-*s" : "  %*s", w[c], t->head[c]);
	}
	fputc('\n', f);
	for (i = 0; i < n; i++) {
		for (c = 0; c < t->ncols; c++) {
			if (c == 1 && !names)
				continue;
			t->cell(&rows[i], c, buf, sizeof(buf));
			fprintf(f, c == 1 ? "  %-*s" : "  %*s", w[c], buf);
		}
		fputc('\n', f);
	}
}

static void ov_rb_cell(const struct ov_row *r, int col, char *buf, size_t len)
{
	switch (col) {
	case 0: ov_u64(buf, len, r->size); break;
	case 1: snprintf(buf, len, "%s", r->name ? r->name : ""); break;
	case 2: ov_u64(buf, len, r->rb_fp); break;
	case 3: ov_u64(buf, len, OV_RB_HDR_SZ); break;
	case 4: ov_u64(buf, len, r->rb_pad); break;
	case 5: snprintf(buf, len, "%.2f%%", 100 * ov_eff(r->size, r->rb_fp)); break;
	case 6: ov_u64(buf, len, r->rb_cap); break;
	case 7: ov_u64(buf, len, r->rb_grow); break;
	case 8: ov_u64(buf, len, r->rb_shrink); break;
	case 9: snprintf(buf, len, r->rb_shrink == OV_NONE ? "-" : "8"); break;
	}
}

static void ov_pf_cell(const struct ov_row *r, int col, char *buf, size_t len)
{
	if (col > 1 && !r->pf_ok) {
		snprintf(buf, len, col == 2 ? "too big" : "-");
		return;
	}
	switch (col) {
	case 0: ov_u64(buf, len, r->size); break;
	case 1: snprintf(buf, len, "%s", r->name ? r->name : ""); break;
	case 2: ov_u64(buf, len, r->pf_fp); break;
	case 3: ov_u64(buf, len, OV_PERF_HDR_SZ); break;
	case 4: ov_u64(buf, len, r->pf_pad); break;
	case 5: ov_u64(buf, len, r->pf_raw); break;
	case 6: snprintf(buf, len, "%.2f%%", 100 * ov_eff(r->size, r->pf_fp)); break;
	case 7: ov_u64(buf, len, r->pf_cap); break;
	case 8: snprintf(buf, len, "%+lld", (long long)r->pf_fp - (long long)r->rb_fp); break;
	case 9: ov_u64(buf, len, r->pf_grow); break;
	case 10: ov_u64(buf, len, r->pf_shrink); break;
	case 11: snprintf(buf, len, r->pf_shrink == OV_NONE ? "-" : "8"); break;
	}
}

static void ov_measured(char *buf, size_t len, bool ok, const struct ov_measure *m, bool cap)
{
	if (!ok)
		snprintf(buf, len, "-");
	else if (!cap && !m->footprint)
		snprintf(buf, len, "refused");
	else
		ov_u64(buf, len, cap ? m->capacity : m->footprint);
}

static void ov_verify_cell(const struct ov_row *r, int col, char *buf, size_t len)
{
	switch (col) {
	case 0: ov_u64(buf, len, r->size); break;
	case 1: snprintf(buf, len, "%s", r->name ? r->name : ""); break;
	case 2:
		if (r->rb_cap)
			ov_u64(buf, len, r->rb_fp);
		else
			snprintf(buf, len, "refused");
		break;
	case 3: ov_measured(buf, len, r->rb_port_ok, &r->rb_port, false); break;
	case 4: ov_measured(buf, len, r->rb_kern_ok, &r->rb_kern, false); break;
	case 5: ov_u64(buf, len, r->rb_cap); break;
	case 6: ov_measured(buf, len, r->rb_port_ok, &r->rb_port, true); break;
	case 7: ov_measured(buf, len, r->rb_kern_ok, &r->rb_kern, true); break;
	case 8:
		if (!r->pf_ok)
			snprintf(buf, len, "-");
		else if (r->pf_cap)
			ov_u64(buf, len, r->pf_fp);
		else
			snprintf(buf, len, "refused");
		break;
	case 9: ov_measured(buf, len, r->pf_port_ok, &r->pf_port, false); break;
	case 10: ov_measured(buf, len, r->pf_kern_ok, &r->pf_kern, false); break;
	case 11: ov_u64(buf, len, r->pf_ok ? r->pf_cap : OV_NONE); break;
	case 12: ov_measured(buf, len, r->pf_port_ok, &r->pf_port, true); break;
	case 13: ov_measured(buf, len, r->pf_kern_ok, &r->pf_kern, true); break;
	case 14: snprintf(buf, len, r->mismatch ? "MISMATCH" : "ok"); break;
	}
}

static void ov_print_text(FILE *f, const struct ov_opts *o, const struct ov_row *rows, size_t n)
{
	static const char *const rb_head[] = {
		"size", "struct", "footprint", "header", "padding", "efficiency", "records/ring",
		"same cost up to", "cheaper at", "saves",
	};
	static const char *const pf_head[] = {
		"size", "struct", "footprint", "header", "padding", "raw size", "efficiency",
		"records/CPU", "vs ringbuf", "same cost up to", "cheaper at", "saves",
	};
	static const char *const v_head[] = {
		"size", "struct", "rb footprint", "port", "kernel", "rb records", "port", "kernel",
		"perf footprint", "port", "kernel", "perf records", "port", "kernel", "result",
	};
	const struct ov_table rb = { rb_head, 10, ov_rb_cell };
	const struct ov_table pf = { pf_head, 12, ov_pf_cell };
	const struct ov_table vt = { v_head, 15, ov_verify_cell };
	uint64_t perf_data = (uint64_t)o->perf_pages * o->page_size;
	bool names = false, too_big = false, no_room = false;
	struct ov_memory m;
	size_t i;

	for (i = 0; i < n; i++) {
		names |= rows[i].name != NULL;
		too_big |= !rows[i].pf_ok;
		no_room |= !rows[i].rb_cap;
	}

	fprintf(f, "BPF ring buffer, %u-byte ring: record = round_up(size + 8, 8); a reservation "
		"is refused once\nthe records not yet consumed would take more than %u bytes\n",
		o->ring_size, o->ring_size - 1);
	ov_print_table(f, &rb, rows, n, names);
	if (no_room)
		fprintf(f, "  records/ring 0: the record is as large as the ring or larger, every "
			"reservation is refused (fail_too_big)\n");
	fprintf(f, "\nperf buffer, %u pages of %zu bytes per CPU: record = 8 "
		"(perf_event_header) + round_up(size + 4, 8) (u32 size + data);\na record is "
		"refused once the records not yet consumed would take more than %llu bytes;\n"
		"\"raw size\" is the size the consumer's callback gets\n", o->perf_pages,
		o->page_size, (unsigned long long)(perf_data - 1));
	ov_print_table(f, &pf, rows, n, names);
	if (too_big)
		fprintf(f, "  too big: the record would not fit perf_event_header.size (a u16); "
			"the largest raw payload is %u bytes\n", OV_PERF_MAX_PAYLOAD);
	fprintf(f, "\n\"same cost up to\": the largest payload with the same footprint (room to "
		"grow for free);\n\"cheaper at\": the largest smaller payload that costs less, "
		"saving \"saves\" bytes per record\n");
	if (o->verify) {
		fprintf(f, "\nmeasured: footprint = move of producer_pos (ringbuf) or data_head "
			"(perf) for one record; records = accepted by an empty buffer\n");
		ov_print_table(f, &vt, rows, n, names);
	}

	ov_memory(o, &m);
	fprintf(f, "\nmemory, %zu-byte pages, %u CPUs:\n", o->page_size, o->cpus);
	fprintf(f, "  BPF ring buffer (one, shared by all CPUs): %llu data + %llu meta pages = "
		"%llu bytes physical;\n    address space: %llu bytes in the kernel, %llu in the "
		"consumer (data pages mapped twice)\n", (unsigned long long)m.rb_data_pages,
		(unsigned long long)m.rb_meta_pages, (unsigned long long)m.rb_phys,
		(unsigned long long)m.rb_kern_virt, (unsigned long long)m.rb_user_virt);
	fprintf(f, "  perf buffer (one per CPU): %u x (%u data + 1 header page) = %llu bytes "
		"physical, the same mapped\n", o->cpus, o->perf_pages,
		(unsigned long long)m.pf_phys);
}

/* CSV: one row per size; empty cells where a value does not apply or was not measured */
static void ov_csv_u64(FILE *f, bool ok, uint64_t v)
{
	if (ok && v != OV_NONE)
		fprintf(f, ",%llu", (unsigned long long)v);
	else
		fputc(',', f);
}

static void ov_print_csv(FILE *f, const struct ov_opts *o, const struct ov_row *rows, size_t n)
{
	size_t i;

	fputs("size,struct,ring_size,rb_footprint,rb_header,rb_padding,rb_efficiency,rb_capacity,"
	      "rb_same_cost_up_to,rb_cheaper_at,rb_saves,perf_pages,cpus,pf_footprint,pf_header,"
	      "pf_padding,pf_raw_size,pf_efficiency,pf_capacity_per_cpu,pf_capacity_all_cpus,"
	      "pf_minus_rb,pf_same_cost_up_to,pf_cheaper_at,pf_saves", f);
	if (o->verify)
		fputs(",rb_footprint_port,rb_capacity_port,rb_footprint_kernel,rb_capacity_kernel,"
		      "pf_footprint_port,pf_capacity_port,pf_footprint_kernel,pf_capacity_kernel,"
		      "verify", f);
	fputc('\n', f);
	for (i = 0; i < n; i++) {
		const struct ov_row *r = &rows[i];

		fprintf(f, "%llu,%s,%u,%llu,%u,%llu,%.6f,%llu", (unsigned long long)r->size,
			r->name ? r->name : "", o->ring_size, (unsigned long long)r->rb_fp,
			OV_RB_HDR_SZ, (unsigned long long)r->rb_pad, ov_eff(r->size, r->rb_fp),
			(unsigned long long)r->rb_cap);
		ov_csv_u64(f, true, r->rb_grow);
		ov_csv_u64(f, true, r->rb_shrink);
		ov_csv_u64(f, r->rb_shrink != OV_NONE, 8);
		fprintf(f, ",%u,%u", o->perf_pages, o->cpus);
		if (r->pf_ok) {
			fprintf(f, ",%llu,%u,%llu,%llu,%.6f,%llu,%llu,%lld",
				(unsigned long long)r->pf_fp, OV_PERF_HDR_SZ,
				(unsigned long long)r->pf_pad, (unsigned long long)r->pf_raw,
				ov_eff(r->size, r->pf_fp), (unsigned long long)r->pf_cap,
				(unsigned long long)(r->pf_cap * o->cpus),
				(long long)r->pf_fp - (long long)r->rb_fp);
			ov_csv_u64(f, true, r->pf_grow);
			ov_csv_u64(f, true, r->pf_shrink);
			ov_csv_u64(f, r->pf_shrink != OV_NONE, 8);
		} else {
			fputs(",,,,,,,,,,,", f);
		}
		if (o->verify) {
			ov_csv_u64(f, r->rb_port_ok, r->rb_port.footprint);
			ov_csv_u64(f, r->rb_port_ok, r->rb_port.capacity);
			ov_csv_u64(f, r->rb_kern_ok, r->rb_kern.footprint);
			ov_csv_u64(f, r->rb_kern_ok, r->rb_kern.capacity);
			ov_csv_u64(f, r->pf_port_ok, r->pf_port.footprint);
			ov_csv_u64(f, r->pf_port_ok, r->pf_port.capacity);
			ov_csv_u64(f, r->pf_kern_ok, r->pf_kern.footprint);
			ov_csv_u64(f, r->pf_kern_ok, r->pf_kern.capacity);
			fprintf(f, ",%s", r->mismatch ? "mismatch" : "ok");
		}
		fputc('\n', f);
	}
}

static void ov_json_str(FILE *f, const char *s)
{
	char esc[7];

	fputc('"', f);
	for (; *s; s++)
		fputs(rbsim_json_escape((unsigned char)*s, esc), f);
	fputc('"', f);
}

static void ov_json_u64(FILE *f, const char *key, bool ok, uint64_t v, const char *sep)
{
	if (ok && v != OV_NONE)
		fprintf(f, "\"%s\": %llu%s", key, (unsigned long long)v, sep);
	else
		fprintf(f, "\"%s\": null%s", key, sep);
}

static void ov_json_measure(FILE *f, const char *key, bool ok, const struct ov_measure *m,
			    const char *sep)
{
	if (!ok) {
		fprintf(f, "\"%s\": null%s", key, sep);
		return;
	}
	fprintf(f, "\"%s\": {\"footprint\": %llu, \"capacity\": %llu}%s", key,
		(unsigned long long)m->footprint, (unsigned long long)m->capacity, sep);
}

static void ov_print_json(FILE *f, const struct ov_opts *o, const struct ov_row *rows, size_t n)
{
	struct ov_memory m;
	size_t i;

	ov_memory(o, &m);
	fprintf(f, "{\n  \"kernel_rules\": \"%s\",\n  \"page_size\": %zu,\n  \"ring_size\": %u,\n"
		"  \"perf_pages\": %u,\n  \"cpus\": %u,\n", RBSIM_KERNEL_VERSION, o->page_size,
		o->ring_size, o->perf_pages, o->cpus);
	fprintf(f, "  \"memory\": {\n    \"ringbuf\": {\"data_pages\": %llu, \"meta_pages\": %llu, "
		"\"physical_bytes\": %llu, \"kernel_virtual_bytes\": %llu, "
		"\"consumer_virtual_bytes\": %llu},\n", (unsigned long long)m.rb_data_pages,
		(unsigned long long)m.rb_meta_pages, (unsigned long long)m.rb_phys,
		(unsigned long long)m.rb_kern_virt, (unsigned long long)m.rb_user_virt);
	fprintf(f, "    \"perfbuf\": {\"pages_per_cpu\": %llu, \"physical_bytes\": %llu, "
		"\"consumer_virtual_bytes\": %llu}\n  },\n  \"sizes\": [",
		(unsigned long long)m.pf_pages_per_cpu, (unsigned long long)m.pf_phys,
		(unsigned long long)m.pf_user_virt);
	for (i = 0; i < n; i++) {
		const struct ov_row *r = &rows[i];

		fprintf(f, "%s\n    {\"size\": %llu, \"struct\": ", i ? "," : "",
			(unsigned long long)r->size);
		if (r->name)
			ov_json_str(f, r->name);
		else
			fputs("null", f);
		fprintf(f, ",\n     \"ringbuf\": {\"footprint\": %llu, \"header\": %u, "
			"\"padding\": %llu, \"efficiency\": %.6f, \"capacity\": %llu, ",
			(unsigned long long)r->rb_fp, OV_RB_HDR_SZ, (unsigned long long)r->rb_pad,
			ov_eff(r->size, r->rb_fp), (unsigned long long)r->rb_cap);
		ov_json_u64(f, "same_cost_up_to", true, r->rb_grow, ", ");
		ov_json_u64(f, "cheaper_at", true, r->rb_shrink, ", ");
		ov_json_u64(f, "saves", r->rb_shrink != OV_NONE, 8, "},\n     \"perfbuf\": ");
		if (r->pf_ok) {
			fprintf(f, "{\"footprint\": %llu, \"header\": %u, \"padding\": %llu, "
				"\"raw_size\": %llu, \"efficiency\": %.6f, "
				"\"capacity_per_cpu\": %llu, \"capacity_all_cpus\": %llu, "
				"\"minus_ringbuf\": %lld, ",
				(unsigned long long)r->pf_fp, OV_PERF_HDR_SZ,
				(unsigned long long)r->pf_pad, (unsigned long long)r->pf_raw,
				ov_eff(r->size, r->pf_fp), (unsigned long long)r->pf_cap,
				(unsigned long long)(r->pf_cap * o->cpus),
				(long long)r->pf_fp - (long long)r->rb_fp);
			ov_json_u64(f, "same_cost_up_to", true, r->pf_grow, ", ");
			ov_json_u64(f, "cheaper_at", true, r->pf_shrink, ", ");
			ov_json_u64(f, "saves", r->pf_shrink != OV_NONE, 8, "}");
		} else {
			fputs("null", f);
		}
		if (o->verify) {
			fputs(",\n     \"measured\": {", f);
			ov_json_measure(f, "ringbuf_port", r->rb_port_ok, &r->rb_port, ", ");
			ov_json_measure(f, "ringbuf_kernel", r->rb_kern_ok, &r->rb_kern, ", ");
			ov_json_measure(f, "perfbuf_port", r->pf_port_ok, &r->pf_port, ", ");
			ov_json_measure(f, "perfbuf_kernel", r->pf_kern_ok, &r->pf_kern, ", ");
			fprintf(f, "\"result\": \"%s\"}", r->mismatch ? "mismatch" : "ok");
		}
		fputc('}', f);
	}
	fputs("\n  ]\n}\n", f);
}

/* ---- --plot ---- */

static int ov_cmp_row(const void *a, const void *b)
{
	const struct ov_row *x = a, *y = b;

	return x->size < y->size ? -1 : x->size > y->size;
}

/* a gnuplot single-quoted string: '' stands for ' */
static void ov_gp_str(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputc('\'', f);
		fputc(*s, f);
	}
	fputc('\'', f);
}

static int ov_plot(const struct ov_opts *o, const char *tmp, const struct ov_row *rows, size_t n)
{
	/* payloads are whole bytes: a footprint holds from one size to the next */
	const char *style = n <= 64 ? "linespoints pointtype 7 pointsize 0.6" : "lines";
	const char *fp_style = n <= 64 ? style : "steps";
	struct ov_row *sorted;
	struct stat st;
	FILE *gp;
	size_t i;
	int status;

	sorted = malloc(n * sizeof(*sorted));
	if (!sorted)
		return -1;
	memcpy(sorted, rows, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), ov_cmp_row);

	gp = popen("gnuplot", "w");
	if (!gp) {
		free(sorted);
		return -1;
	}
	fputs("set terminal pngcairo size 1000,900 font ',10' noenhanced\nset output ", gp);
	ov_gp_str(gp, tmp);
	fputs("\n$data << EOD\n", gp);
	for (i = 0; i < n; i++) {
		const struct ov_row *r = &sorted[i];

		fprintf(gp, "%llu %llu %.6f", (unsigned long long)r->size,
			(unsigned long long)r->rb_fp, 100 * ov_eff(r->size, r->rb_fp));
		if (r->pf_ok)
			fprintf(gp, " %llu %.6f\n", (unsigned long long)r->pf_fp,
				100 * ov_eff(r->size, r->pf_fp));
		else
			fputs(" NaN NaN\n", gp);
	}
	fputs("EOD\n", gp);
	fprintf(gp, "set multiplot layout 2,1 title 'rbsim overhead: cost of one record by "
		"payload size (Linux %s rules)'\n", RBSIM_KERNEL_VERSION);
	fputs("set grid\nset key top left\nset xlabel 'payload size (bytes)'\n", gp);
	fputs("set title 'Footprint: bytes one record takes in the buffer'\n"
	      "set ylabel 'footprint (bytes)'\n", gp);
	fprintf(gp, "plot $data using 1:2 with %s title 'BPF ring buffer: round_up(size + 8, 8)', "
		"$data using 1:4 with %s title 'perf buffer: 8 + round_up(size + 4, 8)'\n",
		fp_style, fp_style);
	fputs("set title 'Efficiency: payload bytes / footprint'\n"
	      "set ylabel 'efficiency (%)'\nset yrange [0:100]\nset key bottom right\n", gp);
	fprintf(gp, "plot $data using 1:3 with %s title 'BPF ring buffer', "
		"$data using 1:5 with %s title 'perf buffer'\n", style, style);
	fputs("unset multiplot\nset output\n", gp);
	free(sorted);
	status = pclose(gp);
	(void)o;
	if (status != 0 || stat(tmp, &st) || st.st_size == 0)
		return -1;
	return 0;
}

/* created before any work so that a bad path is bad input and nothing is half-written */
static int ov_plot_tmp(const char *plot, char *tmp, size_t len)
{
	mode_t mask;
	int fd;

	if (snprintf(tmp, len, "%s.tmp.XXXXXX", plot) >= (int)len) {
		ov_fail("--plot %s: path too long", plot);
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		ov_fail("cannot write --plot %s: %s", plot, strerror(errno));
		return -1;
	}
	/* mkstemp() makes it 0600; the plot gets the mode a plain create would give */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask)) {
		ov_fail("cannot write --plot %s: %s", plot, strerror(errno));
		close(fd);
		unlink(tmp);
		tmp[0] = '\0';
		return -1;
	}
	close(fd);
	return 0;
}

static int overhead_main(int argc, char **argv)
{
	struct ov_list l = { 0 };
	struct ov_row *rows = NULL;
	struct ov_opts o = { 0 };
	char tmp[PATH_MAX] = "";
	bool help = false;
	int ret = RBSIM_EXIT_USAGE;
	size_t n, i;
	long bad = 0;

	if (ov_parse(argc, argv, &o, &l, &help))
		goto out;
	if (help) {
		ov_usage(stdout);
		ret = RBSIM_EXIT_OK;
		goto out;
	}
	n = l.n;
	ret = ov_resolve_structs(&o, l.v, n);
	if (ret)
		goto out;
	ret = RBSIM_EXIT_USAGE;
	if (o.plot && ov_plot_tmp(o.plot, tmp, sizeof(tmp)))
		goto out;

	ret = RBSIM_EXIT_FAIL;
	rows = calloc(n, sizeof(*rows));
	if (!rows) {
		ov_fail("out of memory");
		goto out;
	}
	for (i = 0; i < n; i++)
		ov_compute(&o, &l.v[i], &rows[i]);
	if (o.verify) {
		bad = ov_verify(&o, rows, n);
		if (bad < 0)
			goto out;
	}

	switch (o.format) {
	case OV_TEXT: ov_print_text(stdout, &o, rows, n); break;
	case OV_CSV: ov_print_csv(stdout, &o, rows, n); break;
	case OV_JSON: ov_print_json(stdout, &o, rows, n); break;
	}
	if (fflush(stdout)) {
		ov_fail("writing the output: %s", strerror(errno));
		goto out;
	}
	if (o.plot) {
		if (ov_plot(&o, tmp, rows, n)) {
			ov_fail("gnuplot could not draw %s", o.plot);
			goto out;
		}
		if (rename(tmp, o.plot)) {
			ov_fail("cannot write --plot %s: %s", o.plot, strerror(errno));
			goto out;
		}
		tmp[0] = '\0';
	}
	if (bad) {
		ov_fail("%ld size%s measured differently from the computation", bad,
			bad == 1 ? "" : "s");
		goto out;
	}
	ret = RBSIM_EXIT_OK;
out:
	if (tmp[0])
		unlink(tmp);
	free(rows);
	free(l.v);
	return ret;
}

RBSIM_COMMAND(overhead, "overhead", "what a record of N bytes costs in the ringbuf and perf buffer",
	      overhead_main)
