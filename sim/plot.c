// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the gnuplot helpers of sim/plot.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "sim/plot.h"

int rbsim_plot_tmp(const char *plot, char *tmp, size_t len, char *err, size_t errlen)
{
	mode_t mask;
	int fd;

	if (snprintf(tmp, len, "%s.tmp.XXXXXX", plot) >= (int)len) {
		snprintf(err, errlen, "--plot %s: path too long", plot);
		tmp[0] = '\0';
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err, errlen, "cannot write --plot %s: %s", plot, strerror(errno));
		tmp[0] = '\0';
		return -1;
	}
	/* mkstemp() makes it 0600; the plot gets the mode a plain create would give */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask)) {
		snprintf(err, errlen, "cannot write --plot %s: %s", plot, strerror(errno));
		close(fd);
		unlink(tmp);
		tmp[0] = '\0';
		return -1;
	}
	close(fd);
	return 0;
}

void rbsim_gp_str(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputc('\'', f);
		fputc(*s, f);
	}
	fputc('\'', f);
}
