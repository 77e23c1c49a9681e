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
#include "sim/options.h"
#include "sim/overhead_internal.h"
#include "ringbuf/ringbuf.h"
#include "ringbuf/kernel_compat.h"

void ov_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("rbsim overhead: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* the command line: the options, and the sizes asked in the order given */
struct ov_args {
	struct ov_opts o;
	struct ov_item *v;
	size_t n, cap;
};

static int ov_add(struct ov_args *a, uint64_t size, const char *name, char *why, size_t len)
{
	if (a->n >= OV_MAX_SIZES) {
		snprintf(why, len, "more than %u sizes asked", OV_MAX_SIZES);
		return -1;
	}
	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 64;
		struct ov_item *p = realloc(a->v, cap * sizeof(*p));

		if (!p) {
			snprintf(why, len, "out of memory");
			return -1;
		}
		a->v = p;
		a->cap = cap;
	}
	a->v[a->n].size = size;
	a->v[a->n].name = name;
	a->n++;
	return 0;
}

/* SIZE...: the arguments that are not options ("-5" among them: a negative size) */
static int ov_size_arg(void *ctx, const char *arg, char *err, size_t errlen)
{
	char why[128];
	__u64 v;

	if (rbsim_num_parse(arg, 0, OV_RB_MAX_RECORD_SZ, &v, why, sizeof(why)) ||
	    ov_add(ctx, v, NULL, why, sizeof(why))) {
		snprintf(err, errlen, "size %s: %s", arg, why);
		return -1;
	}
	return 0;
}

/* A-B[:STEP] into v[0..2] (STEP 1 unless given): 0, or -1 with the problem in why */
static int ov_sweep_scan(const char *s, __u64 v[3], char *why, size_t len)
{
	static const char after[] = { '-', ':', '\0' };
	const char *end;
	int i, ret;

	v[2] = 1;
	for (i = 0; i < 3; i++) {
		ret = rbsim_num_scan(s, &end, true, &v[i]);
		if (ret == -EDOM || ret == -ERANGE)
			return rbsim_num_problem(ret, 0, i == 2, i == 2 ? ~0ULL : OV_RB_MAX_RECORD_SZ,
						 why, len);
		if (!ret && i && !*end)
			return 0;
		if (ret || *end != after[i])
			break;
		s = end + 1;
	}
	snprintf(why, len, "expected A-B[:STEP], e.g. 1-256 or 0-4K:8");
	return -1;
}

/* --sweep A-B[:STEP]: every size from A to B, STEP apart */
static int ov_sweep_parse(const struct rbsim_opt *opt, const char *arg, void *base, char *why,
			  size_t len)
{
	struct ov_args *a = base;
	__u64 v[3], count, i;

	(void)opt;
	if (ov_sweep_scan(arg, v, why, len))
		return -1;
	if (v[1] > OV_RB_MAX_RECORD_SZ)
		return rbsim_num_problem(0, v[1], 0, OV_RB_MAX_RECORD_SZ, why, len);
	if (!v[2]) {
		snprintf(why, len, "a STEP of 0 never reaches B");
		return -1;
	}
	if (v[0] > v[1]) {
		snprintf(why, len, "start %llu is above end %llu", (unsigned long long)v[0],
			 (unsigned long long)v[1]);
		return -1;
	}
	count = (v[1] - v[0]) / v[2] + 1;
	if (count > OV_MAX_SIZES - a->n) {
		snprintf(why, len, "%llu sizes, more than %u in all", (unsigned long long)count,
			 OV_MAX_SIZES);
		return -1;
	}
	for (i = 0; i < count; i++) {
		if (ov_add(a, v[0] + i * v[2], NULL, why, len))
			return -1;
	}
	return 0;
}

/* --struct NAME: sized once every option is read (--btf may come later) */
static int ov_struct_parse(const struct rbsim_opt *opt, const char *arg, void *base, char *why,
			   size_t len)
{
	(void)opt;
	return ov_add(base, 0, arg, why, len);
}

/* --plot FILE.png */
static int ov_plot_parse(const struct rbsim_opt *opt, const char *arg, void *base, char *why,
			 size_t len)
{
	size_t n = strlen(arg);

	(void)opt;
	if (n < 5 || strcmp(arg + n - 4, ".png")) {
		snprintf(why, len, "the file name must end in .png");
		return -1;
	}
	((struct ov_args *)base)->o.plot = arg;
	return 0;
}

static const char *const ov_formats[] = { "text", "csv", "json", NULL };

#define DST(field) RBSIM_OPT_DST(struct ov_args, o.field)
static const struct rbsim_opt ov_options[] = {
	RBSIM_OPT_SECTION("sizes, besides SIZE..."),
	{ .kind = RBSIM_OPT_CUSTOM, .name = "sweep", .metavar = "A-B[:STEP]",
	  .parse = ov_sweep_parse, .flags = RBSIM_OPTF_NOREPORT,
	  .help = "every size from A to B, STEP apart (1 unless given); repeatable" },
	{ .kind = RBSIM_OPT_CUSTOM, .name = "struct", .metavar = "NAME",
	  .parse = ov_struct_parse, .flags = RBSIM_OPTF_NOREPORT,
	  .help = "the size of struct NAME, read from BTF; repeatable" },
	{ .kind = RBSIM_OPT_STRING, .name = "btf", .metavar = "FILE",
	  .flags = RBSIM_OPTF_NONEMPTY, .def_help = OV_VMLINUX_BTF,
	  .help = "BTF to read: a .bpf.o or raw BTF", DST(btf) },
	RBSIM_OPT_SECTION("the buffers"),
	{ .kind = RBSIM_OPT_UINT, .name = "ring-size", .metavar = "BYTES", .min = PAGE_SIZE,
	  .max = 1ULL << 31, .flags = RBSIM_OPTF_POW2, .def = "512K",
	  .help = "BPF ring buffer size (the map's max_entries)",
	  DST(ring_size) },
	{ .kind = RBSIM_OPT_UINT, .name = "perf-pages", .metavar = "N", .min = 1,
	  .max = OV_MAX_PERF_PAGES, .flags = RBSIM_OPTF_POW2, .def = "128",
	  .help = "perf buffer data pages per CPU, as perf_buffer__new() takes them",
	  DST(perf_pages) },
	{ .kind = RBSIM_OPT_UINT, .name = "cpus", .metavar = "N", .min = 1, .max = OV_MAX_CPUS,
	  .def_help = "online CPUs", .help = "CPUs for the perf buffer totals and the memory "
	  "figures", DST(cpus) },
	RBSIM_OPT_SECTION("output"),
	{ .kind = RBSIM_OPT_CHOICE, .name = "format", .metavar = "FMT", .def = "text",
	  .choices = ov_formats, .help = "text, csv or json", DST(format) },
	{ .kind = RBSIM_OPT_CUSTOM, .name = "plot", .metavar = "FILE.png", .def_help = "none",
	  .parse = ov_plot_parse, .flags = RBSIM_OPTF_NOREPORT,
	  .help = "draw footprint and efficiency against size with gnuplot" },
	{ .kind = RBSIM_OPT_FLAG, .name = "verify",
	  .help = "measure every size on the ports (and on the kernel's maps when running as "
	  "root); exit 1 on any mismatch", DST(verify) },
	RBSIM_OPT_HELP_ENTRY,
	{ 0 }
};
#undef DST

static void ov_usage(FILE *f)
{
	char text[256];

	fprintf(f, "usage: rbsim overhead [options] SIZE...\n\n");
	snprintf(text, sizeof(text), "What a record of SIZE payload bytes costs in the BPF ring "
		 "buffer and in the perf buffer (Linux %s rules), how many fit, and how far the "
		 "payload can grow or must shrink to change its cost.", RBSIM_KERNEL_VERSION);
	rbsim_help_wrap(f, 0, 0, text);
	fprintf(f, "\n");
	snprintf(text, sizeof(text), "payload size in bytes, 0-%u (the ring buffer's largest "
		 "record); K/M/G allowed", OV_RB_MAX_RECORD_SZ);
	rbsim_help_item(f, "SIZE", text);
	rbsim_opt_usage(f, ov_options);
}

/* the command line: sizes into a->v, options into a->o; -1 to go on, or the exit status */
static int ov_parse(int argc, char **argv, struct ov_args *a)
{
	struct rbsim_optgroup g = { .opts = ov_options, .base = a };
	struct rbsim_optparse p = { .cmd = "overhead", .groups = &g, .ngroups = 1,
				    .positional = ov_size_arg, .ctx = a };
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	char err[512];
	int ret;

	a->o.page_size = (size_t)sysconf(_SC_PAGESIZE);
	ret = rbsim_opt_defaults(ov_options, a, err, sizeof(err));
	ret = ret ?: rbsim_opt_parse(&p, argc, argv, err, sizeof(err));
	if (ret > 0) {
		ov_usage(stdout);
		return RBSIM_EXIT_OK;
	}
	if (ret < 0)
		return rbsim_usage_error("overhead", "%s", err);
	if (a->o.ring_size < a->o.page_size)
		return rbsim_usage_error("overhead", "--ring-size %u: below the page size (%zu)",
					 a->o.ring_size, a->o.page_size);
	if (!a->o.cpus)
		a->o.cpus = online > 0 ? (unsigned int)online : 1;
	if (!a->n)
		return rbsim_usage_error("overhead", "no sizes given: SIZE..., --sweep A-B[:STEP] "
					 "or --struct NAME");
	return -1;
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
	struct ov_args a = { 0 };
	struct ov_opts o;
	struct ov_row *rows = NULL;
	char tmp[PATH_MAX] = "";
	int ret;
	size_t n, i;
	long bad = 0;

	ret = ov_parse(argc, argv, &a);
	if (ret >= 0)
		goto out;
	o = a.o;
	n = a.n;
	ret = ov_resolve_structs(&o, a.v, n);
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
		ov_compute(&o, &a.v[i], &rows[i]);
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
	free(a.v);
	return ret;
}

RBSIM_COMMAND(overhead, "overhead", "what a record of N bytes costs in the ringbuf and perf buffer",
	      overhead_main)
