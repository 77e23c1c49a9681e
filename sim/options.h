/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the one option and number parser of every command. A command
 * describes its options in a table (name, short name, kind of argument,
 * range, default, help text, destination), and so does each transport, as
 * the selftests' bench gives each benchmark family an argp child that owns
 * its options. The parser, the --help text and the canonical text of the
 * options given (the report rows' `options` and `transport_opts`) are all
 * generated from the tables, so they cannot disagree.
 *
 * The same input means the same thing everywhere:
 *   numbers     decimal or 0x hex; a K, M or G suffix (also Ki, Mi, Gi, any
 *               case) multiplies by 2^10, 2^20, 2^30: --ring-size 512K,
 *               --records 1M, --wfcq-pool 16G
 *   durations   a number with a unit ns, us, ms, s, m or h; a bare number is
 *               in the option's unit (-d 90 is -d 90s, --consumer-work 500
 *               is 500ns)
 *   percentages a decimal number from 0 to 100, an optional % after it
 *   CPU lists   0-1,3
 *   choices     one of the listed words
 * Every problem is one line, `rbsim CMD: --opt ARG: problem`, exit status 2
 * (ARG quoted only when empty or holding a space); a problem with a number is
 * one of "not a number", "negative", "too large" (no upper bound but 2^64 - 1),
 * "out of range (MIN-MAX)", "not a power of 2", "not a whole number of
 * seconds" (durations finer than their unit).
 *
 * Usage, as `rbsim run` (sim/run_opts.c, sim/run_parse.c) does it:
 *   static const struct rbsim_opt opts[] = {
 *           RBSIM_OPT_SECTION("workload"),
 *           { .kind = RBSIM_OPT_UINT, .name = "producers", .short_name = 'p',
 *             .metavar = "N", .min = 1, .max = 256, .def = "1",
 *             .help = "producer threads", RBSIM_OPT_DST(struct my_opts, producers) },
 *           RBSIM_OPT_HELP_ENTRY,
 *           { 0 }
 *   };
 *   struct rbsim_optgroup g = { .opts = opts, .base = &my };
 *   struct rbsim_optparse p = { .cmd = "run", .groups = &g, .ngroups = 1 };
 *   ret = rbsim_opt_defaults(opts, &my, err, sizeof(err));
 *   ret = ret ?: rbsim_opt_parse(&p, argc, argv, err, sizeof(err));
 *   1: --help was asked (print the usage, exit 0); -1: rbsim_usage_error("run", "%s", err)
 */
#ifndef RBSIM_OPTIONS_H
#define RBSIM_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

enum rbsim_opt_kind {
	RBSIM_OPT_END,      /* ends a table: { 0 } */
	RBSIM_OPT_SECTION,  /* a heading in --help: .help is its title */
	RBSIM_OPT_HELP,     /* -h, --help: rbsim_opt_parse() returns 1 */
	RBSIM_OPT_FLAG,     /* no argument: sets a bool */
	RBSIM_OPT_FLAG_OFF, /* no argument: clears a bool (--no-verify) */
	RBSIM_OPT_UINT,     /* an unsigned integer in [min, max] (K/M/G allowed) */
	RBSIM_OPT_DURATION, /* a duration, stored as a count of unit_ns, in [min, max] of them */
	RBSIM_OPT_PERCENT,  /* a double from 0 to 100 */
	RBSIM_OPT_CHOICE,   /* one of .choices, stored as its index in an int or enum */
	RBSIM_OPT_STRING,   /* a const char * to the argument itself (argv's, not a copy) */
	RBSIM_OPT_CPULIST,  /* a struct rbsim_cpulist */
	RBSIM_OPT_CUSTOM,   /* .parse and .format */
	RBSIM_OPT_RENAMED,  /* an old name, refused with its new one (.help); not in --help */
};

/* .flags */
#define RBSIM_OPTF_POW2     (1u << 0) /* UINT: a power of 2 */
#define RBSIM_OPTF_NOREPORT (1u << 1) /* not part of what a run is (output, help, labels):
				       * left out of rbsim_opt_format() */
#define RBSIM_OPTF_NONEMPTY (1u << 2) /* STRING: not "" */

struct rbsim_opt {
	enum rbsim_opt_kind kind;
	const char *name;           /* --name; NULL for END and SECTION */
	char short_name;            /* -c, or 0 */
	const char *metavar;        /* the argument in --help (N, BYTES, SEC, ...) */
	const char *help;           /* --help text, without the range and the default */
	const char *def;            /* the default as an argument, applied by
				     * rbsim_opt_defaults(); NULL: the field stays zero */
	const char *def_help;       /* the default as --help says it, when def is NULL or
				     * does not say it (e.g. "--ring-size / page size") */
	__u64 min, max;             /* UINT, DURATION: the range, inclusive (in unit_ns) */
	__u64 unit_ns;              /* DURATION: what the field counts (1, 1000000000) */
	unsigned int flags;         /* RBSIM_OPTF_* */
	const char *const *choices; /* CHOICE: the words, NULL-terminated */
	size_t off, size;           /* the destination: offset and size of the field */
	/*
	 * CUSTOM: parse arg into base (the group's struct): 0, or -1 with the
	 * problem in why (without the option's name, which the caller adds);
	 * format writes the value back as an argument that parses to it.
	 * CHOICE: format, where set, writes what a choice resolved to (auto)
	 * in place of the word given.
	 */
	int (*parse)(const struct rbsim_opt *opt, const char *arg, void *base, char *why,
		     size_t len);
	void (*format)(const struct rbsim_opt *opt, const void *base, char *buf, size_t len);
};

#define RBSIM_OPT_DST(type, field) .off = offsetof(type, field), \
				   .size = sizeof(((type *)0)->field)
#define RBSIM_OPT_SECTION(title) { .kind = RBSIM_OPT_SECTION, .help = (title) }
/* --old, now --new: "--old: renamed --new (see rbsim CMD --help)" rather than "unknown" */
#define RBSIM_OPT_RENAMED_ENTRY(old, new) { .kind = RBSIM_OPT_RENAMED, .name = (old), \
					    .help = (new), .flags = RBSIM_OPTF_NOREPORT }
#define RBSIM_OPT_HELP_ENTRY { .kind = RBSIM_OPT_HELP, .name = "help", .short_name = 'h', \
			       .help = "this text", .flags = RBSIM_OPTF_NOREPORT }

#define RBSIM_OPT_MAX 64 /* options in one table (sections included) */

/* a table and where its values go */
struct rbsim_optgroup {
	const struct rbsim_opt *opts;
	/*
	 * The destinations' base. NULL: the options are only recorded (seen,
	 * arg), to be applied later with rbsim_opt_apply_group(), e.g. once
	 * the transport they belong to is known.
	 */
	void *base;
	__u64 seen;                     /* out: bit i, opts[i] was given */
	const char *arg[RBSIM_OPT_MAX]; /* out: its argument, the last one given */
};

struct rbsim_optparse {
	const char *cmd;                /* for "see rbsim CMD --help" */
	struct rbsim_optgroup *groups;  /* an option given is set in every group that has it */
	unsigned int ngroups;
	/*
	 * Arguments that are not options (and everything after "--"),
	 * including "-5" (a negative number, not an option): 0, or -1 with
	 * the whole message in err. NULL: such an argument is refused.
	 */
	int (*positional)(void *ctx, const char *arg, char *err, size_t errlen);
	void *ctx;
};

/*
 * Parse argv[1..argc): 0, 1 when --help was given (nothing else is looked
 * at after it), or -1 with one line in err: "--opt ARG: problem", "unknown
 * option '--x' (see rbsim CMD --help)", "--opt: needs an argument", ...
 * Options are long (--name VALUE, --name=VALUE) or short (-p VALUE, -pVALUE,
 * -aq); names are matched whole (no abbreviations, so that a new option never
 * breaks a script). When an option is given twice the last one counts.
 */
int rbsim_opt_parse(struct rbsim_optparse *p, int argc, char **argv, char *err, size_t errlen);

/* every .def of the table into base: 0, or -1 with the reason in err (a bug in the table) */
int rbsim_opt_defaults(const struct rbsim_opt *opts, void *base, char *err, size_t errlen);

/* one option's argument into base: 0, or -1 with the problem (no option name) in why */
int rbsim_opt_apply(const struct rbsim_opt *opt, const char *arg, void *base, char *why,
		    size_t len);

/* every option a deferred group recorded, into base: 0, or -1 with "--opt ARG: problem" */
int rbsim_opt_apply_group(struct rbsim_optgroup *g, void *base, char *err, size_t errlen);

/* the option of that long name in the table, or NULL */
const struct rbsim_opt *rbsim_opt_find(const struct rbsim_opt *opts, const char *name);

/* was the option of that long name given in g? */
bool rbsim_opt_given(const struct rbsim_optgroup *g, const char *name);

static inline bool rbsim_opt_has_arg(const struct rbsim_opt *opt)
{
	return opt->kind != RBSIM_OPT_FLAG && opt->kind != RBSIM_OPT_FLAG_OFF &&
	       opt->kind != RBSIM_OPT_HELP && opt->kind != RBSIM_OPT_RENAMED;
}

/*
 * The options of a table as canonical text ("--name value --flag ...", in
 * table order, long names, values as the parser reads them back), leaving
 * out RBSIM_OPTF_NOREPORT ones: those in `seen` (bit i for opts[i]), and with
 * all also those with a default (flags only when set). Values hold no space.
 * Returns the length it needed (as snprintf).
 */
size_t rbsim_opt_format(const struct rbsim_opt *opts, const void *base, __u64 seen, bool all,
			char *buf, size_t len);

/*
 * The options of a table for --help: one entry per option, the text at
 * column 27 wrapped at 80 columns, followed by its range and default, a
 * heading per section.
 */
void rbsim_opt_usage(FILE *f, const struct rbsim_opt *opts);

/* one --help item: left from column 2, text from column 27, wrapped at 80 */
void rbsim_help_item(FILE *f, const char *left, const char *text);

/* prose wrapped at 80 columns, every line starting with indent spaces */
void rbsim_help_wrap(FILE *f, unsigned int indent, unsigned int first_col, const char *text);

/* "rbsim CMD: message" on stderr; returns RBSIM_EXIT_USAGE (2) */
int rbsim_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- the numbers, for parsers of composite arguments (sizes, modes) ---- */

/*
 * An unsigned number at the start of s: decimal or 0x hex, then (with
 * suffixes) K/M/G or Ki/Mi/Gi. *end is set after it. 0, or -EINVAL (no
 * number there), -EDOM (a negative one, "-" then digits), -ERANGE (above
 * 2^64 - 1).
 */
int rbsim_num_scan(const char *s, const char **end, bool suffixes, __u64 *v);

/*
 * s whole as a number in [min, max] (K/M/G allowed): 0, or -1 with the
 * problem in why: "not a number", "negative", "too large" or "out of range
 * (MIN-MAX)" (the first two only when max is 2^64 - 1, the bound of nothing).
 */
int rbsim_num_parse(const char *s, __u64 min, __u64 max, __u64 *v, char *why, size_t len);

/* the problem of a scan's result (ret, v) against [min, max], into why; 0 if none */
int rbsim_num_problem(int ret, __u64 v, __u64 min, __u64 max, char *why, size_t len);

/* a duration in whole unit_ns (a bare number is in unit_ns), in [min, max] units */
int rbsim_duration_parse(const char *s, __u64 unit_ns, __u64 min, __u64 max, __u64 *v,
			 char *why, size_t len);

/* "a, b or c" of a NULL-terminated list of words */
void rbsim_words(const char *const *words, char *buf, size_t len);

/* ---- CPU lists ---- */

#define RBSIM_MAX_CPUS 1024

struct rbsim_cpulist {
	unsigned int nr;            /* 0: not given */
	int cpu[RBSIM_MAX_CPUS];
	char text[256];             /* as given */
};

/* "0-1,3" into l, every CPU one this process may run on: 0, or -1 with the problem in why */
int rbsim_cpulist_parse(const char *s, struct rbsim_cpulist *l, char *why, size_t len);

#endif /* RBSIM_OPTIONS_H */
