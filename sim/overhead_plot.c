// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim overhead --plot FILE.png: gnuplot draws footprint and efficiency
 * against payload size for both buffers, into a temporary file created
 * before any work and renamed over FILE.png at the end, so that a bad path is
 * bad input and nothing is half-written.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "ringbuf/ringbuf.h"
#include "sim/overhead_internal.h"
#include "sim/plot.h"

static int ov_cmp_row(const void *a, const void *b)
{
	const struct ov_row *x = a, *y = b;

	return x->size < y->size ? -1 : x->size > y->size;
}

int ov_plot(const struct ov_opts *o, const char *tmp, const struct ov_row *rows, size_t n)
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
	rbsim_gp_str(gp, tmp);
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
int ov_plot_tmp(const char *plot, char *tmp, size_t len)
{
	char err[PATH_MAX + 64];

	if (!rbsim_plot_tmp(plot, tmp, len, err, sizeof(err)))
		return 0;
	ov_fail("%s", err);
	return -1;
}
