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
 *
 * This file is the command: its options, its sizes (SIZE..., --sweep,
 * --struct read from BTF by bpf/'s hook) and main; overhead_internal.h lists
 * the other parts.
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

#include "sim/rbsim.h"
#include "sim/kernel_check.h"
#include "sim/overhead_internal.h"
#include "ringbuf/ringbuf.h"
#include "ringbuf/kernel_compat.h"

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

void ov_fail(const char *fmt, ...)
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

/* the options that take a value, as --opt VALUE or --opt=VALUE */
static const char *const ov_value_opts[] = {
	"--sweep", "--struct", "--btf", "--ring-size", "--perf-pages", "--cpus", "--format",
	"--plot",
};

/* --ring-size BYTES: a size the kernel takes for max_entries */
static int ov_set_ring_size(struct ov_opts *o, const char *v)
{
	uint64_t x;
	int err = ov_parse_bytes(v, &x);

	if (err == -EDOM || err == -EINVAL) {
		ov_fail("--ring-size '%s' is not a size in bytes (e.g. 524288 or 512K)", v);
		return -1;
	}
	if (err || x > (1ULL << 31) || x < o->page_size || !is_power_of_2(x)) {
		ov_fail("--ring-size %s: the kernel needs a power of 2, a multiple of the page "
			"size (%zu), at most 2G (max_entries is a u32)", v, o->page_size);
		return -1;
	}
	o->ring_size = (uint32_t)x;
	return 0;
}

/* one option of ov_value_opts[] with its value: 0, or -1 (said) */
static int ov_set(struct ov_opts *o, struct ov_list *l, const char *opt, const char *v)
{
	uint64_t x;

	if (!strcmp(opt, "--sweep"))
		return ov_add_sweep(l, v);
	/* sized once every option is read (--btf may come later) */
	if (!strcmp(opt, "--struct"))
		return ov_add(l, 0, v);
	if (!strcmp(opt, "--btf")) {
		o->btf = v;
	} else if (!strcmp(opt, "--ring-size")) {
		return ov_set_ring_size(o, v);
	} else if (!strcmp(opt, "--perf-pages")) {
		if (ov_parse_u64(v, &x) || !is_power_of_2(x) || x > OV_MAX_PERF_PAGES) {
			ov_fail("--perf-pages '%s': a power of 2 from 1 to %u, as "
				"perf_buffer__new() needs", v, OV_MAX_PERF_PAGES);
			return -1;
		}
		o->perf_pages = (uint32_t)x;
	} else if (!strcmp(opt, "--cpus")) {
		if (ov_parse_u64(v, &x) || x < 1 || x > OV_MAX_CPUS) {
			ov_fail("--cpus '%s': a number from 1 to %u", v, OV_MAX_CPUS);
			return -1;
		}
		o->cpus = (unsigned int)x;
	} else if (!strcmp(opt, "--format")) {
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
	} else {
		size_t len = strlen(v);

		if (len < 5 || strcmp(v + len - 4, ".png")) {
			ov_fail("--plot '%s': the file name must end in .png", v);
			return -1;
		}
		o->plot = v;
	}
	return 0;
}

/* the command line: sizes into l, options into o; 0 (*help set for --help) or -1 (said) */
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
		const char *a = argv[i], *v = NULL;
		bool missing = false;
		size_t k;
		uint64_t x;

		/* "-5" is a (negative) size, not an option */
		if (opts_done || a[0] != '-' || (a[1] >= '0' && a[1] <= '9')) {
			if (ov_check_size("size", a, &x) || ov_add(l, x, NULL))
				return -1;
			continue;
		}
		if (!strcmp(a, "--")) {
			opts_done = true;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			*help = true;
			return 0;
		}
		if (!strcmp(a, "--verify")) {
			o->verify = true;
			continue;
		}
		for (k = 0; k < sizeof(ov_value_opts) / sizeof(ov_value_opts[0]); k++) {
			v = ov_optarg(argc, argv, &i, ov_value_opts[k], &missing);
			if (v || missing)
				break;
		}
		if (missing) {
			ov_fail("%s needs a value", a);
			return -1;
		}
		if (!v) {
			ov_fail("unknown option '%s' (see rbsim overhead --help)", a);
			return -1;
		}
		if (ov_set(o, l, ov_value_opts[k], v))
			return -1;
	}
	if (!l->n) {
		ov_fail("no sizes given: SIZE..., --sweep A-B[:STEP] or --struct NAME");
		return -1;
	}
	return 0;
}

/* the kernel parts, registered by bpf/ (NULL in an rbsim built without it) */
const struct ov_kern_ops *ov_kern;

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
