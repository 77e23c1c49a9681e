// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the IRQ work interrupts of /proc/interrupts (sim/irqstat.h). The
 * file's layout (fs/proc/interrupts.c, arch/x86/kernel/irq.c
 * arch_show_interrupts(), arch/arm64/kernel/smp.c show_ipi_list(), Linux
 * 6.18): a header of CPU names, then a line per interrupt, "LABEL:", a count
 * per online CPU, and a description.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/irqstat.h"

/* the line from p to its end (or the text's) ends with the words of what */
static bool line_ends_with(const char *p, const char *end, const char *what)
{
	size_t n = strlen(what);

	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	return (size_t)(end - p) >= n && !memcmp(end - n, what, n) &&
	       (end - n == p || isspace((unsigned char)end[-n - 1]));
}

/* the sum of the counts after the colon at p, up to the first word that is not one */
static long long line_counts(const char *p, const char *end)
{
	long long sum = 0;

	while (p < end) {
		char *q;
		unsigned long long v;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p >= end || !isdigit((unsigned char)*p))
			break;
		v = strtoull(p, &q, 10);
		if (q > end || (q < end && !isspace((unsigned char)*q)))
			break;
		sum += (long long)v;
		p = q;
	}
	return sum;
}

long long rbsim_irq_work_parse(const char *text)
{
	const char *p = text;

	while (p && *p) {
		const char *end = strchr(p, '\n'), *colon, *label = p;

		if (!end)
			end = p + strlen(p);
		while (label < end && (*label == ' ' || *label == '\t'))
			label++;
		colon = memchr(label, ':', (size_t)(end - label));
		if (colon && ((colon - label == 3 && !memcmp(label, "IWI", 3)) ||
			      line_ends_with(colon + 1, end, "IRQ work interrupts")))
			return line_counts(colon + 1, end);
		p = *end ? end + 1 : NULL;
	}
	return -1;
}

long long rbsim_irq_work_now(void)
{
	FILE *f = fopen("/proc/interrupts", "r");
	size_t cap = 1 << 14, len = 0, n;
	char *buf = malloc(cap);
	long long v = -1;

	if (!f || !buf) {
		if (f)
			fclose(f);
		free(buf);
		return -1;
	}
	/* read whole: the file is made as it is read, and grows with CPUs and interrupts */
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		char *more;

		len += n;
		if (len + 1 < cap)
			continue;
		more = realloc(buf, cap * 2);
		if (!more)
			break;
		buf = more;
		cap *= 2;
	}
	buf[len] = '\0';
	if (!ferror(f))
		v = rbsim_irq_work_parse(buf);
	fclose(f);
	free(buf);
	return v;
}
