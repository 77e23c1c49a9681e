// SPDX-License-Identifier: GPL-2.0-only
/* Helpers of the `rbsim overhead` tests (see overhead.h). */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/overhead.h"

const char *ov_bpf_obj(void)
{
	static char path[4096];
	const char *d = getenv("RBSIM_BPF_DIR");

	snprintf(path, sizeof(path), "%s/overhead_example.bpf.o", d && *d ? d : "build/bpf");
	return path;
}

static int ov_split(char *line, char **f)
{
	int n = 0;

	f[n++] = line;
	for (; *line; line++) {
		if (*line == ',') {
			*line = '\0';
			cr_assert(n < OV_MAX_FIELDS, "too many CSV fields");
			f[n++] = line + 1;
		}
	}
	return n;
}

/* takes ownership of text */
void ov_csv_parse(struct ov_csv *c, char *text)
{
	char *line, *save = NULL;
	bool first = true;

	memset(c, 0, sizeof(*c));
	c->text = text;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (first) {
			c->ncols = ov_split(line, c->head);
			first = false;
			continue;
		}
		cr_assert(c->nrows < 2048, "too many CSV rows");
		c->rows[c->nrows] = calloc(OV_MAX_FIELDS, sizeof(char *));
		cr_assert_eq(ov_split(line, c->rows[c->nrows]), c->ncols,
			     "CSV row %zu has as many fields as the header", c->nrows);
		c->nrows++;
	}
	cr_assert(!first, "CSV has a header line");
}

void ov_csv_free(struct ov_csv *c)
{
	size_t i;

	for (i = 0; i < c->nrows; i++)
		free(c->rows[i]);
	free(c->text);
}

const char *ov_cell(const struct ov_csv *c, size_t row, const char *col)
{
	int i;

	cr_assert(row < c->nrows, "CSV row %zu exists", row);
	for (i = 0; i < c->ncols; i++) {
		if (!strcmp(c->head[i], col))
			return c->rows[row][i];
	}
	cr_assert_fail("CSV has a column %s", col);
	return NULL;
}

/* a numeric cell; -1 for an empty one ("does not apply") */
long long ov_num(const struct ov_csv *c, size_t row, const char *col)
{
	const char *s = ov_cell(c, row, col);
	char *end;
	long long v;

	if (!*s)
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	cr_assert(!errno && !*end, "CSV %s of row %zu is a number: '%s'", col, row, s);
	return v;
}

/* run with --format csv and expect success */
void ov_csv_run(struct ov_csv *c, const char *const *args)
{
	const char *a[64];
	struct cli_run r;
	int n = 0;

	a[n++] = "--format";
	a[n++] = "csv";
	for (; *args; args++)
		a[n++] = *args;
	a[n] = NULL;
	r = cli_cmd("overhead", a);
	cr_assert_eq(r.status, 0, "rbsim overhead exits 0 (stderr: %s)", r.err);
	free(r.err);
	ov_csv_parse(c, r.out);
}

void ov_expect_bad(size_t i, const char *const *args, const char *says)
{
	struct cli_run r = cli_cmd("overhead", args);
	const char *nl = strchr(r.err, '\n');

	cr_expect_eq(r.status, 2, "case %zu (%s): exit 2, got %d", i, says,
		     r.status);
	cr_expect_str_empty(r.out, "case %zu (%s): nothing on stdout", i, says);
	cr_expect(nl && nl[1] == '\0', "case %zu: exactly one line on stderr: '%s'", i,
		  r.err);
	cr_expect(!strncmp(r.err, "rbsim overhead: ", 16), "case %zu: names the command",
		  i);
	cr_expect(strstr(r.err, says), "case %zu: stderr '%s' says '%s'", i,
		  r.err, says);
	cr_expect(!strstr(r.err, "Unknown error"), "case %zu: a reason, not a number: %s", i,
		  r.err);
	cli_free(&r);
}
