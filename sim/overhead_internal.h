/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim overhead: what the command's parts share (see overhead.c).
 *
 *   overhead.c         the command: its options and its sizes, main
 *   overhead_calc.c    the arithmetic: footprints, capacities, memory
 *   overhead_verify.c  --verify: every figure measured on the ports and,
 *                      through bpf/'s hooks, on the kernel's maps
 *   overhead_print.c   the text tables, CSV and JSON
 *   overhead_plot.c    --plot: gnuplot draws footprint and efficiency
 *   overhead_mix.c     --mix, --mix-file: an event mix under each reservation
 *                      strategy, its arithmetic and --verify's timings
 *   overhead_mix_print.c  the mix's text, CSV, JSON and --plot
 */
#ifndef RBSIM_OVERHEAD_INTERNAL_H
#define RBSIM_OVERHEAD_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/overhead.h"

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

/* "rbsim overhead: " and the line, on stderr */
void ov_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* the kernel parts bpf/ registered (NULL in an rbsim built without it) */
extern const struct ov_kern_ops *ov_kern;

/* ---- overhead_calc.c ---- */

/* the figures of one record of it->size payload bytes under o */
void ov_compute(const struct ov_opts *o, const struct ov_item *it, struct ov_row *r);

/* memory one map costs: the ringbuf is shared by all CPUs, the perf buffer is per CPU */
struct ov_memory {
	uint64_t rb_data_pages, rb_meta_pages, rb_phys, rb_kern_virt, rb_user_virt;
	uint64_t pf_pages_per_cpu, pf_phys, pf_user_virt;
};

void ov_memory(const struct ov_opts *o, struct ov_memory *m);
/* payload bytes / footprint */
double ov_eff(uint64_t size, uint64_t fp);

/* ---- overhead_verify.c ---- */

/* every row measured; the number of mismatches, or -1 when a port itself failed */
long ov_verify(const struct ov_opts *o, struct ov_row *rows, size_t n);

/* ---- overhead_print.c ---- */

void ov_print_text(FILE *f, const struct ov_opts *o, const struct ov_row *rows, size_t n);
void ov_print_csv(FILE *f, const struct ov_opts *o, const struct ov_row *rows, size_t n);
void ov_print_json(FILE *f, const struct ov_opts *o, const struct ov_row *rows, size_t n);

/* ---- overhead_plot.c ---- */

/* the temporary file the plot goes to, created up front: 0, or -1 (said) */
int ov_plot_tmp(const char *plot, char *tmp, size_t len);
/* gnuplot draws rows into tmp: 0 or -1 */
int ov_plot(const struct ov_opts *o, const char *tmp, const struct ov_row *rows, size_t n);

/* ---- overhead_mix.c: --mix, --mix-file ---- */

#define OV_MIX_MAX_TYPES 256
#define OV_MIX_NAME_MAX 32            /* with its NUL */
#define OV_MIX_MAX_WEIGHT 0xffffffffULL
/* --verify: timings per type and strategy (the fastest is kept), records in each */
#define OV_MIX_ROUNDS 7
#define OV_MIX_MIN_RECORDS 2000U
#define OV_MIX_MAX_RECORDS 50000U

enum ov_strategy { OV_EXACT, OV_MAX, OV_OUTPUT, OV_DYNPTR, OV_NSTRAT };

struct ov_mix_type {
	char name[OV_MIX_NAME_MAX];
	uint64_t size, weight, fp;
	/* --verify, on the port: the move of producer_pos and ns per record (< 0: not timed) */
	bool measured[OV_NSTRAT];
	uint64_t fp_port[OV_NSTRAT];
	double ns[OV_NSTRAT];
};

struct ov_mix_strat {
	const char *name;
	bool ok;          /* dynptr: false when a type is above its 16 MiB - 1 */
	double bytes;     /* ring bytes per event, on average */
	double payload;   /* payload bytes per event, on average */
	double per_mib;   /* events per MiB of ring */
	double wasted;    /* 1 - payload / bytes */
	uint64_t ring_events; /* events an empty --ring-size ring holds, at the average */
	double ns;        /* --verify: the port's ns per event, weighted by the mix; < 0 if not */
};

struct ov_mix {
	struct ov_mix_type t[OV_MIX_MAX_TYPES];
	size_t n;
	uint64_t total_weight, max_size;
	struct ov_mix_strat s[OV_NSTRAT];
	bool verified;
	bool mismatch;
};

/* --mix SPEC (name:size:weight,...) added to m: 0, or -1 with the problem in why */
int ov_mix_parse_spec(struct ov_mix *m, const char *spec, char *why, size_t len);
/* --mix-file FILE (name size weight per line, # comments): 0, or -1 with the problem in why */
int ov_mix_parse_file(struct ov_mix *m, const char *path, char *why, size_t len);
/* the strategies' figures */
void ov_mix_compute(const struct ov_opts *o, struct ov_mix *m);
/* --verify: footprints and ns per record on the port; mismatches, or -1 (said) */
long ov_mix_verify(const struct ov_opts *o, struct ov_mix *m);

/* ---- overhead_mix_print.c ---- */

void ov_mix_print_text(FILE *f, const struct ov_opts *o, const struct ov_mix *m);
void ov_mix_print_csv(FILE *f, const struct ov_opts *o, const struct ov_mix *m);
void ov_mix_print_json(FILE *f, const struct ov_opts *o, const struct ov_mix *m);
/* the one-line verdict, without its newline */
void ov_mix_verdict(const struct ov_mix *m, char *buf, size_t len);
int ov_mix_plot(const struct ov_opts *o, const char *tmp, const struct ov_mix *m);

#endif /* RBSIM_OVERHEAD_INTERNAL_H */
