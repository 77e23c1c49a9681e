// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the --help text of an option table (see options.h): one item per
 * option, its text at column 27 wrapped at 80 columns and followed by its
 * range and default, a heading per section; and the one-line error every
 * command ends bad input with.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sim/options.h"
#include "sim/rbsim.h"

#define HELP_COL   27 /* where the text of a --help item starts */
#define HELP_WIDTH 80

void rbsim_help_wrap(FILE *f, unsigned int indent, unsigned int first_col, const char *text)
{
	unsigned int col = first_col;
	const char *w = text;

	while (*w) {
		size_t n;

		while (*w == ' ')
			w++;
		n = strcspn(w, " ");
		if (!n)
			break;
		/* a word that does not fit goes to the next line (unless it is alone there) */
		if (col > indent && col + 1 + n > HELP_WIDTH) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', f);
			col++;
		} else if (col < indent) {
			fprintf(f, "%*s", (int)(indent - col), "");
			col = indent;
		}
		fprintf(f, "%.*s", (int)n, w);
		col += n;
		w += n;
	}
	fputc('\n', f);
}

void rbsim_help_item(FILE *f, const char *left, const char *text)
{
	int n = fprintf(f, "  %s", left);

	/* a left part that leaves no space before the text column puts it on the next line */
	if (n >= HELP_COL) {
		fputc('\n', f);
		n = 0;
	}
	rbsim_help_wrap(f, HELP_COL, (unsigned int)n, text);
}

/* "1-256" with K/M/G where exact, so that long ranges stay readable */
static void range_text(__u64 v, char *buf, size_t len)
{
	static const char sfx[] = "GMK";
	int i;

	for (i = 0; i < 3; i++) {
		unsigned int shift = 30 - 10 * i;

		if (v >= (1ULL << 20) && !(v & ((1ULL << shift) - 1))) {
			snprintf(buf, len, "%llu%c", (unsigned long long)(v >> shift), sfx[i]);
			return;
		}
	}
	snprintf(buf, len, "%llu", (unsigned long long)v);
}

static void opt_usage(FILE *f, const struct rbsim_opt *o)
{
	char left[64], text[1024], lo[32], hi[32];
	const char *def = o->def_help ? o->def_help : o->def;
	size_t n;

	snprintf(left, sizeof(left), "%s%c%s--%s%s%s", o->short_name ? "-" : " ",
		 o->short_name ? o->short_name : ' ', o->short_name ? ", " : "  ", o->name,
		 rbsim_opt_has_arg(o) ? " " : "",
		 rbsim_opt_has_arg(o) ? (o->metavar ? o->metavar : "ARG") : "");
	n = snprintf(text, sizeof(text), "%s", o->help);
	if (o->kind == RBSIM_OPT_HELP) {
		rbsim_help_item(f, left, text);
		return;
	}
	if (!def && !rbsim_opt_has_arg(o))
		def = "off";
	if ((o->kind == RBSIM_OPT_UINT || o->kind == RBSIM_OPT_DURATION) && o->max != ~0ULL) {
		range_text(o->min, lo, sizeof(lo));
		range_text(o->max, hi, sizeof(hi));
		n += snprintf(text + n, sizeof(text) - n, " (%s-%s%s%s%s)", lo, hi,
			      o->flags & RBSIM_OPTF_POW2 ? ", a power of 2" : "",
			      def ? "; default: " : "", def ? def : "");
	} else if (def) {
		n += snprintf(text + n, sizeof(text) - n, " (%sdefault: %s)",
			      o->flags & RBSIM_OPTF_POW2 ? "a power of 2; " : "", def);
	}
	rbsim_help_item(f, left, text);
}

void rbsim_opt_usage(FILE *f, const struct rbsim_opt *opts)
{
	const struct rbsim_opt *o;

	for (o = opts; o->kind != RBSIM_OPT_END; o++) {
		if (o->kind == RBSIM_OPT_SECTION)
			fprintf(f, "\n%s:\n", o->help);
		else if (o->kind != RBSIM_OPT_RENAMED)
			opt_usage(f, o);
	}
}

int rbsim_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "rbsim %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return RBSIM_EXIT_USAGE;
}
