/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers of the tests that run `rbsim overhead` (tests/cli/test_overhead.c,
 * tests/bpf/test_overhead_kernel.c): its CSV read into rows and cells, the
 * bad-input check, and the BPF object whose BTF the --btf tests read.
 */
#ifndef RBSIM_TESTS_OVERHEAD_H
#define RBSIM_TESTS_OVERHEAD_H

#include <stddef.h>

#define OV_TIMEOUT 30

/* $RBSIM_BPF_DIR/overhead_example.bpf.o (build/bpf without it) */
const char *ov_bpf_obj(void);

#define OV_MAX_FIELDS 64

struct ov_csv {
	char *text;
	size_t nrows;
	char **rows[2048];
	int ncols;
	char *head[OV_MAX_FIELDS];
};

/* takes ownership of text */
void ov_csv_parse(struct ov_csv *c, char *text);
void ov_csv_free(struct ov_csv *c);
/* the cell of column col in row (0 = the first after the header); asserted */
const char *ov_cell(const struct ov_csv *c, size_t row, const char *col);
/* a numeric cell; -1 for an empty one ("does not apply") */
long long ov_num(const struct ov_csv *c, size_t row, const char *col);
/* `rbsim overhead --format csv args...`, expected to succeed */
void ov_csv_run(struct ov_csv *c, const char *const *args);

/* case i: `rbsim overhead args...` exits 2 with one line saying says, nothing on stdout */
void ov_expect_bad(size_t i, const char *const *args, const char *says);

#endif /* RBSIM_TESTS_OVERHEAD_H */
