// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the option tables' parser and canonical text (see options.h for the
 * rules every command follows); their --help text is options_help.c's.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/options.h"

/* ---- numbers ---- */

int rbsim_num_scan(const char *s, const char **end, bool suffixes, __u64 *v)
{
	unsigned long long x;
	unsigned int shift = 0;
	bool neg = false;
	char *e;

	if (*s == '-' && s[1] >= '0' && s[1] <= '9') {
		neg = true; /* scanned all the same: "-1" is a negative number, "-x" no number */
		s++;
	}
	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	/* base 16 after 0x, else 10: a leading 0 is not octal */
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (!isxdigit((unsigned char)s[2]))
			return -EINVAL;
		x = strtoull(s + 2, &e, 16);
	} else {
		x = strtoull(s, &e, 10);
	}
	if (errno && errno != ERANGE)
		return -EINVAL;
	if (suffixes) {
		switch (*e) {
		case 'k': case 'K': shift = 10; break;
		case 'm': case 'M': shift = 20; break;
		case 'g': case 'G': shift = 30; break;
		}
		if (shift) {
			e++;
			if (*e == 'i')
				e++;
		}
	}
	*end = e;
	if (neg)
		return -EDOM;
	if (errno == ERANGE || x > (ULLONG_MAX >> shift))
		return -ERANGE;
	*v = (__u64)x << shift;
	return 0;
}

int rbsim_num_problem(int ret, __u64 v, __u64 min, __u64 max, char *why, size_t len)
{
	if (ret == -EINVAL) {
		snprintf(why, len, "not a number");
		return -1;
	}
	if (!ret && v >= min && v <= max)
		return 0;
	/* nothing bounds it but the type: say what is wrong with it */
	if (max == ~0ULL && ret == -EDOM)
		snprintf(why, len, "negative");
	else if (max == ~0ULL && ret == -ERANGE)
		snprintf(why, len, "too large");
	else
		snprintf(why, len, "out of range (%llu-%llu)", (unsigned long long)min,
			 (unsigned long long)max);
	return -1;
}

int rbsim_num_parse(const char *s, __u64 min, __u64 max, __u64 *v, char *why, size_t len)
{
	const char *end = s;
	__u64 x = 0;
	int ret = rbsim_num_scan(s, &end, true, &x);

	if (ret != -EINVAL && *end)
		ret = -EINVAL; /* "12x" */
	if (rbsim_num_problem(ret, x, min, max, why, len))
		return -1;
	*v = x;
	return 0;
}

static const struct {
	const char *name;
	__u64 ns;
} time_units[] = {
	{ "ns", 1 }, { "us", 1000 }, { "ms", 1000000 }, { "s", 1000000000ULL },
	{ "m", 60 * 1000000000ULL }, { "h", 3600 * 1000000000ULL },
};

int rbsim_duration_parse(const char *s, __u64 unit_ns, __u64 min, __u64 max, __u64 *v,
			 char *why, size_t len)
{
	const char *end = s;
	__u64 x = 0, mul = 0;
	unsigned int i;
	int ret = rbsim_num_scan(s, &end, false, &x);

	if (ret == -EINVAL)
		return rbsim_num_problem(ret, 0, min, max, why, len);
	if (!*end)
		mul = unit_ns;
	for (i = 0; !mul && i < sizeof(time_units) / sizeof(time_units[0]); i++) {
		if (!strcmp(end, time_units[i].name))
			mul = time_units[i].ns;
	}
	if (!mul)
		return rbsim_num_problem(-EINVAL, 0, min, max, why, len);
	if (!ret && x > ~0ULL / mul)
		ret = -ERANGE;
	if (!ret && x * mul % unit_ns) {
		snprintf(why, len, "not a whole number of %s",
			 unit_ns == 1000000000ULL ? "seconds" : "units");
		return -1;
	}
	if (!ret)
		x = x * mul / unit_ns;
	if (rbsim_num_problem(ret, x, min, max, why, len))
		return -1;
	*v = x;
	return 0;
}

/* a double from 0 to 100, then an optional % */
static int percent_parse(const char *s, double *v, char *why, size_t len)
{
	char *end;
	double d;

	if ((*s < '0' || *s > '9') && !(*s == '-' && s[1] >= '0' && s[1] <= '9')) {
		snprintf(why, len, "not a number");
		return -1;
	}
	errno = 0;
	d = strtod(s, &end);
	if (*end == '%')
		end++;
	if (errno == EINVAL || end == s || *end || isnan(d)) {
		snprintf(why, len, "not a number");
		return -1;
	}
	if (!(d >= 0 && d <= 100)) {
		snprintf(why, len, "out of range (0-100)");
		return -1;
	}
	*v = d;
	return 0;
}

void rbsim_words(const char *const *words, char *buf, size_t len)
{
	size_t n = 0, i, used = 0;

	while (words[n])
		n++;
	buf[0] = '\0';
	for (i = 0; i < n && used < len; i++)
		used += snprintf(buf + used, len - used, "%s%s",
				 !i ? "" : i + 1 == n ? " or " : ", ", words[i]);
}

/* ---- CPU lists ---- */

int rbsim_cpulist_parse(const char *s, struct rbsim_cpulist *l, char *why, size_t len)
{
	const char *p = s;
	cpu_set_t allowed;
	char *end;

	memset(l, 0, sizeof(*l));
	if (strlen(s) >= sizeof(l->text)) {
		snprintf(why, len, "too long (at most %zu characters)", sizeof(l->text) - 1);
		return -1;
	}
	snprintf(l->text, sizeof(l->text), "%s", s);
	CPU_ZERO(&allowed);
	sched_getaffinity(0, sizeof(allowed), &allowed);
	for (;;) {
		long a, b, c;

		if (*p < '0' || *p > '9')
			goto bad;
		a = strtol(p, &end, 10);
		b = a;
		if (*end == '-') {
			if (end[1] < '0' || end[1] > '9')
				goto bad;
			b = strtol(end + 1, &end, 10);
		}
		if (b < a || b >= RBSIM_MAX_CPUS)
			goto bad;
		for (c = a; c <= b; c++) {
			if (!CPU_ISSET(c, &allowed)) {
				snprintf(why, len, "CPU %ld is not available to rbsim", c);
				return -1;
			}
			if (l->nr < RBSIM_MAX_CPUS)
				l->cpu[l->nr++] = (int)c;
		}
		if (!*end)
			return 0;
		if (*end != ',')
			goto bad;
		p = end + 1;
	}
bad:
	snprintf(why, len, "expected a CPU list such as 0-1,3");
	return -1;
}

/* ---- one option ---- */

static void store_uint(const struct rbsim_opt *opt, void *base, __u64 v)
{
	void *dst = (char *)base + opt->off;

	switch (opt->size) {
	case 1: *(__u8 *)dst = (__u8)v; break;
	case 2: *(__u16 *)dst = (__u16)v; break;
	case 4: *(__u32 *)dst = (__u32)v; break;
	default: *(__u64 *)dst = v; break;
	}
}

static __u64 load_uint(const struct rbsim_opt *opt, const void *base)
{
	const void *src = (const char *)base + opt->off;

	switch (opt->size) {
	case 1: return *(const __u8 *)src;
	case 2: return *(const __u16 *)src;
	case 4: return *(const __u32 *)src;
	default: return *(const __u64 *)src;
	}
}

static int choice_parse(const struct rbsim_opt *opt, const char *arg, void *base, char *why,
			size_t len)
{
	char words[256];
	int i;

	for (i = 0; opt->choices[i]; i++) {
		if (!strcmp(arg, opt->choices[i])) {
			*(int *)((char *)base + opt->off) = i;
			return 0;
		}
	}
	rbsim_words(opt->choices, words, sizeof(words));
	snprintf(why, len, "expected %s", words);
	return -1;
}

int rbsim_opt_apply(const struct rbsim_opt *opt, const char *arg, void *base, char *why,
		    size_t len)
{
	void *dst = (char *)base + opt->off;
	__u64 v;

	switch (opt->kind) {
	case RBSIM_OPT_FLAG:
	case RBSIM_OPT_FLAG_OFF:
		*(bool *)dst = opt->kind == RBSIM_OPT_FLAG;
		return 0;
	case RBSIM_OPT_UINT:
		if (rbsim_num_parse(arg, opt->min, opt->max, &v, why, len))
			return -1;
		if ((opt->flags & RBSIM_OPTF_POW2) && (v & (v - 1))) {
			snprintf(why, len, "not a power of 2");
			return -1;
		}
		store_uint(opt, base, v);
		return 0;
	case RBSIM_OPT_DURATION:
		if (rbsim_duration_parse(arg, opt->unit_ns, opt->min, opt->max, &v, why, len))
			return -1;
		store_uint(opt, base, v);
		return 0;
	case RBSIM_OPT_PERCENT:
		return percent_parse(arg, dst, why, len);
	case RBSIM_OPT_CHOICE:
		return choice_parse(opt, arg, base, why, len);
	case RBSIM_OPT_STRING:
		if ((opt->flags & RBSIM_OPTF_NONEMPTY) && !*arg) {
			snprintf(why, len, "empty");
			return -1;
		}
		*(const char **)dst = arg;
		return 0;
	case RBSIM_OPT_CPULIST:
		return rbsim_cpulist_parse(arg, dst, why, len);
	case RBSIM_OPT_CUSTOM:
		return opt->parse(opt, arg, base, why, len);
	default:
		snprintf(why, len, "takes no value");
		return -1;
	}
}

/* "ARG" as an error shows it: quoted when empty or holding a space */
static const char *shown(const char *arg, char *buf, size_t len)
{
	if (*arg && !strpbrk(arg, " \t\n"))
		return arg;
	snprintf(buf, len, "'%s'", arg);
	return buf;
}

static int apply_named(const struct rbsim_opt *opt, const char *arg, void *base, char *err,
		       size_t errlen)
{
	char why[256], q[128];

	if (!rbsim_opt_apply(opt, arg, base, why, sizeof(why)))
		return 0;
	snprintf(err, errlen, "--%s %s: %s", opt->name, shown(arg, q, sizeof(q)), why);
	return -1;
}

int rbsim_opt_defaults(const struct rbsim_opt *opts, void *base, char *err, size_t errlen)
{
	const struct rbsim_opt *o;

	for (o = opts; o->kind != RBSIM_OPT_END; o++) {
		if (o->def && apply_named(o, o->def, base, err, errlen))
			return -1;
	}
	return 0;
}

const struct rbsim_opt *rbsim_opt_find(const struct rbsim_opt *opts, const char *name)
{
	for (; opts->kind != RBSIM_OPT_END; opts++) {
		if (opts->name && !strcmp(opts->name, name))
			return opts;
	}
	return NULL;
}

bool rbsim_opt_given(const struct rbsim_optgroup *g, const char *name)
{
	const struct rbsim_opt *o = rbsim_opt_find(g->opts, name);

	return o && (g->seen & (1ULL << (o - g->opts)));
}

int rbsim_opt_apply_group(struct rbsim_optgroup *g, void *base, char *err, size_t errlen)
{
	unsigned int i;

	for (i = 0; g->opts[i].kind != RBSIM_OPT_END; i++) {
		if (!(g->seen & (1ULL << i)))
			continue;
		if (apply_named(&g->opts[i], g->arg[i], base, err, errlen))
			return -1;
	}
	return 0;
}

/* ---- argv ---- */

/* the option named name (long) or c (short) in any group; NULL if none */
static const struct rbsim_opt *lookup(const struct rbsim_optparse *p, const char *name,
				      size_t nlen, char c)
{
	const struct rbsim_opt *o;
	unsigned int g;

	for (g = 0; g < p->ngroups; g++) {
		for (o = p->groups[g].opts; o->kind != RBSIM_OPT_END; o++) {
			if (!o->name)
				continue;
			if (c ? o->short_name == c :
				strlen(o->name) == nlen && !strncmp(o->name, name, nlen))
				return o;
		}
	}
	return NULL;
}

/* opt (found by lookup) was given with arg: set it in every group that has its name */
static int given(struct rbsim_optparse *p, const struct rbsim_opt *opt, const char *arg,
		 char *err, size_t errlen)
{
	unsigned int g, i;

	for (g = 0; g < p->ngroups; g++) {
		struct rbsim_optgroup *gr = &p->groups[g];

		for (i = 0; gr->opts[i].kind != RBSIM_OPT_END; i++) {
			const struct rbsim_opt *o = &gr->opts[i];

			if (!o->name || strcmp(o->name, opt->name))
				continue;
			if (i >= RBSIM_OPT_MAX) {
				snprintf(err, errlen, "--%s: table too long", o->name);
				return -1;
			}
			gr->seen |= 1ULL << i;
			gr->arg[i] = arg;
			if (gr->base && apply_named(o, arg, gr->base, err, errlen))
				return -1;
		}
	}
	return 0;
}

static int long_opt(struct rbsim_optparse *p, int argc, char **argv, int *i, char *err,
		    size_t errlen)
{
	const char *name = argv[*i] + 2, *val = NULL;
	size_t nlen = strcspn(name, "=");
	const struct rbsim_opt *o = lookup(p, name, nlen, 0);

	if (name[nlen] == '=')
		val = name + nlen + 1;
	if (!o) {
		snprintf(err, errlen, "unknown option '--%.*s' (see rbsim %s --help)", (int)nlen,
			 name, p->cmd);
		return -1;
	}
	if (o->kind == RBSIM_OPT_HELP)
		return 1;
	if (o->kind == RBSIM_OPT_RENAMED) {
		snprintf(err, errlen, "--%s: renamed --%s (see rbsim %s --help)", o->name, o->help,
			 p->cmd);
		return -1;
	}
	if (!rbsim_opt_has_arg(o) && val) {
		snprintf(err, errlen, "--%s: takes no argument", o->name);
		return -1;
	}
	if (rbsim_opt_has_arg(o) && !val) {
		if (*i + 1 >= argc) {
			snprintf(err, errlen, "--%s: needs an argument", o->name);
			return -1;
		}
		val = argv[++*i];
	}
	return given(p, o, val ? val : "", err, errlen);
}

/* -a, -aq, -p 2, -p2 */
static int short_opts(struct rbsim_optparse *p, int argc, char **argv, int *i, char *err,
		      size_t errlen)
{
	const char *s;
	int ret;

	for (s = argv[*i] + 1; *s; s++) {
		const struct rbsim_opt *o = lookup(p, NULL, 0, *s);
		const char *val = NULL;

		if (!o) {
			snprintf(err, errlen, "unknown option '-%c' (see rbsim %s --help)", *s,
				 p->cmd);
			return -1;
		}
		if (o->kind == RBSIM_OPT_HELP)
			return 1;
		if (rbsim_opt_has_arg(o)) {
			if (s[1]) {
				val = s + 1;
			} else if (*i + 1 < argc) {
				val = argv[++*i];
			} else {
				snprintf(err, errlen, "-%c: needs an argument", *s);
				return -1;
			}
		}
		ret = given(p, o, val ? val : "", err, errlen);
		if (ret || val)
			return ret;
	}
	return 0;
}

static int positional(struct rbsim_optparse *p, const char *arg, char *err, size_t errlen)
{
	if (p->positional)
		return p->positional(p->ctx, arg, err, errlen);
	snprintf(err, errlen, "unexpected argument '%s' (see rbsim %s --help)", arg, p->cmd);
	return -1;
}

int rbsim_opt_parse(struct rbsim_optparse *p, int argc, char **argv, char *err, size_t errlen)
{
	bool only_args = false;
	unsigned int g;
	int i, ret;

	for (g = 0; g < p->ngroups; g++) {
		p->groups[g].seen = 0;
		memset(p->groups[g].arg, 0, sizeof(p->groups[g].arg));
	}
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (only_args || a[0] != '-' || !a[1] ||
		    (p->positional && a[1] >= '0' && a[1] <= '9'))
			ret = positional(p, a, err, errlen);
		else if (!strcmp(a, "--"))
			ret = 0, only_args = true;
		else if (a[1] == '-')
			ret = long_opt(p, argc, argv, &i, err, errlen);
		else
			ret = short_opts(p, argc, argv, &i, err, errlen);
		if (ret)
			return ret;
	}
	return 0;
}

/* ---- canonical text ---- */

/* the value of opt in base as an argument; false when it has none to show (a flag not set) */
static bool value_text(const struct rbsim_opt *opt, const void *base, char *buf, size_t len)
{
	const void *src = (const char *)base + opt->off;
	const char *s;
	double d;

	buf[0] = '\0';
	switch (opt->kind) {
	case RBSIM_OPT_FLAG:
		return *(const bool *)src;
	case RBSIM_OPT_FLAG_OFF:
		return !*(const bool *)src;
	case RBSIM_OPT_UINT:
	case RBSIM_OPT_DURATION:
		snprintf(buf, len, "%llu", (unsigned long long)load_uint(opt, base));
		return true;
	case RBSIM_OPT_PERCENT:
		/* the shortest text that reads back as the same double */
		d = *(const double *)src;
		snprintf(buf, len, "%.15g", d);
		if (strtod(buf, NULL) != d)
			snprintf(buf, len, "%.17g", d);
		return true;
	case RBSIM_OPT_CHOICE:
		/* a choice that resolves at setup (auto) says what it came to */
		if (opt->format)
			opt->format(opt, base, buf, len);
		else
			snprintf(buf, len, "%s", opt->choices[*(const int *)src]);
		return true;
	case RBSIM_OPT_STRING:
		s = *(const char *const *)src;
		snprintf(buf, len, "%s", s ? s : "");
		return s != NULL;
	case RBSIM_OPT_CPULIST:
		snprintf(buf, len, "%s", ((const struct rbsim_cpulist *)src)->text);
		return ((const struct rbsim_cpulist *)src)->nr > 0;
	case RBSIM_OPT_CUSTOM:
		opt->format(opt, base, buf, len);
		return true;
	default:
		return false;
	}
}

size_t rbsim_opt_format(const struct rbsim_opt *opts, const void *base, __u64 seen, bool all,
			char *buf, size_t len)
{
	size_t used = 0;
	unsigned int i;
	char val[512];

	if (len)
		buf[0] = '\0';
	for (i = 0; opts[i].kind != RBSIM_OPT_END; i++) {
		const struct rbsim_opt *o = &opts[i];
		bool is_seen = i < RBSIM_OPT_MAX && (seen & (1ULL << i)), has;

		if (!o->name || (o->flags & RBSIM_OPTF_NOREPORT) || o->kind == RBSIM_OPT_HELP)
			continue;
		has = value_text(o, base, val, sizeof(val));
		if (!(is_seen || (all && (o->def || !rbsim_opt_has_arg(o)))) || !has)
			continue;
		used += snprintf(used < len ? buf + used : NULL, used < len ? len - used : 0,
				 "%s--%s%s%s", used ? " " : "", o->name, rbsim_opt_has_arg(o) ?
				 " " : "", val);
	}
	return used;
}
