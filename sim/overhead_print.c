// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim overhead: the output. Text tables (one for each buffer, one for
 * --verify, the memory a map costs), CSV with one row per size, JSON with the
 * same figures.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ringbuf/ringbuf.h"
#include "sim/rbsim.h"
#include "sim/overhead_internal.h"

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

void ov_print_text(FILE *f, const struct ov_opts *o, const struct ov_row *rows, size_t n)
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

void ov_print_csv(FILE *f, const struct ov_opts *o, const struct ov_row *rows, size_t n)
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

void ov_print_json(FILE *f, const struct ov_opts *o, const struct ov_row *rows, size_t n)
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
