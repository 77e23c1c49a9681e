// SPDX-License-Identifier: GPL-2.0-only
/* rbsim: the machine description files of `rbsim model` (sim/machine.h) */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/machine.h"

const char *const rbsim_machine_keys[] = {
	"name", "cpus", "sockets", "smt", "cores_per_l3", "cores_per_die",
	"c2c_smt_ns", "c2c_l3_ns", "c2c_die_ns", "c2c_socket_ns", "c2c_remote_ns",
	"record_ns", "consumer_ns", "batch_ns", "handoff_ns", "notify_ns", "notify_sleep_ns",
	"wake_ns", "poll_ns", "slice_ns", "wake_draw_ns", "follow_ns", "handoff_cas_ns",
	"announce_ns", "wait_ns", "notify_wake_ns", NULL,
};
#define NKEYS 26
#define KEY_SLICE 19
#define KEY_WAKE_DRAW 20
#define KEY_FOLLOW 21
#define KEY_HANDOFF_CAS 22
#define KEY_ANNOUNCE 23 /* then wait_ns, notify_wake_ns */
#define KEY_HANDOFF 14 /* the first of the keys a file may leave out (n/a) */
#define KEY_NOTIFY 15  /* then notify_sleep_ns, wake_ns, poll_ns */
#define KEY_C2C 6 /* the first c2c key, in enum rbsim_dist order */

const char *const rbsim_dist_names[RBSIM_DIST_NR] = {
	"smt", "l3", "die", "socket", "remote",
};

#define MAX_FILE (256 * 1024)

static int bad(char *err, size_t len, const char *name, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static int bad(char *err, size_t len, const char *name, unsigned int line, const char *fmt, ...)
{
	char msg[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line)
		snprintf(err, len, "%s:%u: %s", name, line, msg);
	else
		snprintf(err, len, "%s: %s", name, msg);
	return -1;
}

/* a whole word as a number in (0, max], or n/a (*v = -1) when na is allowed */
static int num(const char *s, double max, bool na_ok, double *v, char *why, size_t len)
{
	char *end;

	if (!strcmp(s, "n/a")) {
		if (!na_ok) {
			snprintf(why, len, "n/a is not allowed here");
			return -1;
		}
		*v = -1;
		return 0;
	}
	errno = 0;
	*v = strtod(s, &end);
	if (end == s || *end || errno || !(*v == *v)) {
		snprintf(why, len, "'%s' is not a number", s);
		return -1;
	}
	if (*v <= 0 || *v > max) {
		snprintf(why, len, "%s out of range (above 0, at most %g)", s, max);
		return -1;
	}
	return 0;
}

static int whole(const char *s, unsigned int min, unsigned int max, unsigned int *v, char *why,
		 size_t len)
{
	double d;

	if (num(s, max, false, &d, why, len))
		return -1;
	if (d != (unsigned int)d || d < min) {
		snprintf(why, len, "%s: not a whole number from %u to %u", s, min, max);
		return -1;
	}
	*v = (unsigned int)d;
	return 0;
}

/* curve ID era=.. consumer=.. first_cpu=N P:MPS ... (words split already) */
static int parse_curve(struct rbsim_machine *m, char **w, int nw, const char *source, char *why,
		       size_t len)
{
	struct rbsim_curve *c;
	bool era = false, cons = false, first = false;
	unsigned int i, k;
	int j;

	if (m->ncurves == RBSIM_MACHINE_MAX_CURVES) {
		snprintf(why, len, "more than %d curves", RBSIM_MACHINE_MAX_CURVES);
		return -1;
	}
	c = &m->curve[m->ncurves];
	memset(c, 0, sizeof(*c));
	if (nw < 2 || strlen(w[1]) >= sizeof(c->id)) {
		snprintf(why, len, "curve: expected an ID of at most %zu characters",
			 sizeof(c->id) - 1);
		return -1;
	}
	for (i = 0; w[1][i]; i++) {
		if (!isalnum((unsigned char)w[1][i]) && w[1][i] != '-' && w[1][i] != '_') {
			snprintf(why, len, "curve ID '%s': letters, digits, - and _ only", w[1]);
			return -1;
		}
	}
	for (k = 0; k < m->ncurves; k++) {
		if (!strcmp(m->curve[k].id, w[1])) {
			snprintf(why, len, "curve %s given twice", w[1]);
			return -1;
		}
	}
	strcpy(c->id, w[1]);
	for (j = 2; j < nw; j++) {
		char *colon = strchr(w[j], ':');

		if (!strncmp(w[j], "era=", 4)) {
			if (strcmp(w[j] + 4, "5.8") && strcmp(w[j] + 4, "6.10") &&
			    strcmp(w[j] + 4, "6.19")) {
				snprintf(why, len, "curve %s: era 5.8, 6.10 or 6.19, not '%s'", c->id,
					 w[j] + 4);
				return -1;
			}
			c->pending_pos = strcmp(w[j] + 4, "5.8") != 0;
			c->overwrite_era = !strcmp(w[j] + 4, "6.19");
			era = true;
		} else if (!strncmp(w[j], "mode=", 5)) {
			if (strcmp(w[j] + 5, "overwrite") && strcmp(w[j] + 5, "normal")) {
				snprintf(why, len, "curve %s: mode=overwrite or mode=normal", c->id);
				return -1;
			}
			c->overwrite = !strcmp(w[j] + 5, "overwrite");
		} else if (!strncmp(w[j], "consumer=", 9)) {
			if (strcmp(w[j] + 9, "yes") && strcmp(w[j] + 9, "no")) {
				snprintf(why, len, "curve %s: consumer=yes or consumer=no", c->id);
				return -1;
			}
			c->consumer = !strcmp(w[j] + 9, "yes");
			cons = true;
		} else if (!strncmp(w[j], "first_cpu=", 10)) {
			double d;

			if (!strcmp(w[j] + 10, "0")) {
				d = 0;
			} else if (num(w[j] + 10, m->cpus ? m->cpus - 1 : 0, false, &d, why, len) ||
				   d != (unsigned int)d) {
				snprintf(why, len, "curve %s: first_cpu '%s' is not a CPU of the "
					 "machine", c->id, w[j] + 10);
				return -1;
			}
			c->first_cpu = (unsigned int)d;
			first = true;
		} else if (colon) {
			unsigned int p;
			double v;

			*colon = '\0';
			if (c->n == RBSIM_CURVE_MAX_POINTS) {
				snprintf(why, len, "curve %s: more than %d points", c->id,
					 RBSIM_CURVE_MAX_POINTS);
				return -1;
			}
			if (whole(w[j], 1, 4096, &p, why, len) ||
			    num(colon + 1, 1e4, false, &v, why, len)) {
				char tmp[128];

				snprintf(tmp, sizeof(tmp), "%.100s", why);
				snprintf(why, len, "curve %s: point %.16s:%.32s: %s", c->id, w[j],
					 colon + 1, tmp);
				return -1;
			}
			if (c->n && p <= c->p[c->n - 1]) {
				snprintf(why, len, "curve %s: producers %u after %u "
					 "(ascending, once each)", c->id, p, c->p[c->n - 1]);
				return -1;
			}
			c->p[c->n] = p;
			c->mps[c->n++] = v;
		} else {
			snprintf(why, len, "curve %s: '%s' is neither KEY=VALUE nor P:MPS", c->id,
				 w[j]);
			return -1;
		}
	}
	if (!era || !cons || !first) {
		snprintf(why, len, "curve %s: needs era=, consumer= and first_cpu=", c->id);
		return -1;
	}
	if (c->overwrite && !c->overwrite_era) {
		snprintf(why, len, "curve %s: mode=overwrite needs era=6.19 (BPF_F_RB_OVERWRITE)",
			 c->id);
		return -1;
	}
	if (!c->n || c->p[0] != 1 || c->n < 2) {
		snprintf(why, len, "curve %s: needs the 1-producer point and at least one more",
			 c->id);
		return -1;
	}
	snprintf(c->source, sizeof(c->source), "%s", source);
	m->ncurves++;
	return 0;
}

/*
 * wake_draw_ns: the wake-ups' quantiles, N,N,... (2 to RBSIM_WAKE_DRAW, each
 * as wake_ns, not below the one before), or n/a
 */
static int wake_draw(struct rbsim_machine *m, const char *val, char *why, size_t len)
{
	char item[64];
	const char *s = val, *comma;
	double v;

	m->nwake_draw = 0;
	if (!strcmp(val, "n/a"))
		return 0;
	for (;;) {
		comma = strchr(s, ',');
		if ((size_t)(comma ? comma - s : (ptrdiff_t)strlen(s)) >= sizeof(item)) {
			snprintf(why, len, "a value too long");
			return -1;
		}
		snprintf(item, sizeof(item), "%.*s", comma ? (int)(comma - s) : (int)strlen(s), s);
		if (m->nwake_draw == RBSIM_WAKE_DRAW) {
			snprintf(why, len, "more than %d values", RBSIM_WAKE_DRAW);
			return -1;
		}
		if (num(item, 1e7, false, &v, why, len))
			return -1;
		if (m->nwake_draw && v < m->wake_draw_ns[m->nwake_draw - 1]) {
			snprintf(why, len, "%s below the value before it: quantiles, in order", item);
			return -1;
		}
		m->wake_draw_ns[m->nwake_draw++] = v;
		if (!comma)
			break;
		s = comma + 1;
	}
	if (m->nwake_draw < 2) {
		snprintf(why, len, "one value: give the quantiles of at least two");
		return -1;
	}
	return 0;
}

static int set_key(struct rbsim_machine *m, int k, const char *val, char *why, size_t len)
{
	unsigned int *u[] = { NULL, &m->cpus, &m->sockets, &m->smt, &m->cores_per_l3,
			      &m->cores_per_die };
	static const unsigned int umax[] = { 0, 4096, 64, 8, 4096, 4096 };

	if (k == 0) {
		if (strlen(val) >= sizeof(m->name)) {
			snprintf(why, len, "name longer than %zu characters", sizeof(m->name) - 1);
			return -1;
		}
		strcpy(m->name, val);
		return 0;
	}
	if (k < KEY_C2C)
		return whole(val, 1, umax[k], u[k], why, len);
	if (k < KEY_C2C + RBSIM_DIST_NR)
		return num(val, 1e5, true, &m->c2c_ns[k - KEY_C2C], why, len);
	if (k == KEY_HANDOFF)
		return num(val, 1e5, true, &m->handoff_ns, why, len);
	if (k == KEY_HANDOFF_CAS)
		return num(val, 1e5, true, &m->handoff_cas_ns, why, len);
	if (k >= KEY_ANNOUNCE) {
		double *v[] = { &m->announce_ns, &m->wait_ns, &m->notify_wake_ns };

		return num(val, 1e7, true, v[k - KEY_ANNOUNCE], why, len);
	}
	if (k == KEY_WAKE_DRAW)
		return wake_draw(m, val, why, len);
	if (k == KEY_FOLLOW)
		return num(val, 1e6, true, &m->follow_ns, why, len);
	/* a scheduler's slice: up to a second */
	if (k == KEY_SLICE)
		return num(val, 1e9, true, &m->slice_ns, why, len);
	if (k >= KEY_NOTIFY) {
		double *v[] = { &m->notify_ns, &m->notify_sleep_ns, &m->wake_ns, &m->poll_ns };

		return num(val, 1e7, true, v[k - KEY_NOTIFY], why, len);
	}
	/* batch_ns may be 0: a trigger that costs nothing beside its records (the port's) */
	if (k == KEY_HANDOFF - 1 && !strcmp(val, "0")) {
		m->batch_ns = 0;
		return 0;
	}
	return num(val, 1e6, false, k == KEY_HANDOFF - 3 ? &m->record_ns :
		   k == KEY_HANDOFF - 2 ? &m->consumer_ns : &m->batch_ns, why, len);
}

/* the topology's own consistency, and n/a exactly where a level is never reached */
static int check_topology(const struct rbsim_machine *m, char *why, size_t len)
{
	unsigned int cores, per_socket, d;
	bool reached[RBSIM_DIST_NR];

	if (m->cpus % (m->smt * m->sockets)) {
		snprintf(why, len, "cpus %u is not a multiple of smt x sockets (%u)", m->cpus,
			 m->smt * m->sockets);
		return -1;
	}
	cores = m->cpus / m->smt;
	per_socket = cores / m->sockets;
	if (per_socket % m->cores_per_die || m->cores_per_die % m->cores_per_l3) {
		snprintf(why, len, "cores_per_l3 %u must divide cores_per_die %u, which must "
			 "divide the %u cores of a socket", m->cores_per_l3, m->cores_per_die,
			 per_socket);
		return -1;
	}
	reached[RBSIM_DIST_SMT] = m->smt > 1;
	reached[RBSIM_DIST_L3] = m->cores_per_l3 > 1;
	reached[RBSIM_DIST_DIE] = m->cores_per_die > m->cores_per_l3;
	reached[RBSIM_DIST_SOCKET] = per_socket > m->cores_per_die;
	reached[RBSIM_DIST_REMOTE] = m->sockets > 1;
	for (d = 0; d < RBSIM_DIST_NR; d++) {
		if (reached[d] && m->c2c_ns[d] < 0) {
			snprintf(why, len, "c2c_%s_ns is n/a, but the topology has that distance",
				 rbsim_dist_names[d]);
			return -1;
		}
		if (!reached[d] && m->c2c_ns[d] > 0) {
			snprintf(why, len, "c2c_%s_ns given, but the topology never has that "
				 "distance (write n/a)", rbsim_dist_names[d]);
			return -1;
		}
	}
	return 0;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int rbsim_machine_parse(const char *name, const char *text, struct rbsim_machine *m, char *err,
			size_t len)
{
	bool seen[NKEYS] = { false };
	char line[1024], why[320], name_val[1024], *w[RBSIM_CURVE_MAX_POINTS + 8];
	unsigned int lineno = 0, i;
	const char *p = text, *nl;

	memset(m, 0, sizeof(*m));
	m->handoff_ns = -1;
	m->handoff_cas_ns = -1;
	m->notify_ns = -1;
	m->notify_sleep_ns = -1;
	m->wake_ns = -1;
	m->poll_ns = -1;
	m->slice_ns = -1;
	m->follow_ns = -1;
	m->announce_ns = -1;
	m->wait_ns = -1;
	m->notify_wake_ns = -1;
	while (*p) {
		char *bar, *body, *src, *save = NULL;
		size_t n;
		int nw = 0, k;

		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		lineno++;
		if (n >= sizeof(line))
			return bad(err, len, name, lineno, "line longer than %zu bytes",
				   sizeof(line) - 1);
		memcpy(line, p, n);
		line[n] = '\0';
		p += n + !!nl;
		for (i = 0; i < n; i++)
			if (!isprint((unsigned char)line[i]) && line[i] != '\t')
				return bad(err, len, name, lineno, "a control or non-ASCII byte");
		body = trim(line);
		if (!*body || *body == '#')
			continue;
		bar = strchr(body, '|');
		if (!bar)
			return bad(err, len, name, lineno,
				   "no '| SOURCE' (every figure needs one)");
		*bar = '\0';
		src = trim(bar + 1);
		if (!*src)
			return bad(err, len, name, lineno, "empty source after '|'");
		body = trim(body);
		/* the name is the rest of the words, taken before they are split */
		if (!strncmp(body, "name", 4) && isspace((unsigned char)body[4]))
			snprintf(name_val, sizeof(name_val), "%s", trim(body + 4));
		for (char *t = strtok_r(body, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
			if (nw == (int)(sizeof(w) / sizeof(w[0])))
				return bad(err, len, name, lineno, "too many words");
			w[nw++] = t;
		}
		if (!nw)
			return bad(err, len, name, lineno, "no key before '|'");
		if (!strcmp(w[0], "curve")) {
			if (!seen[1])
				return bad(err, len, name, lineno, "curve before cpus");
			if (parse_curve(m, w, nw, src, why, sizeof(why)))
				return bad(err, len, name, lineno, "%s", why);
			continue;
		}
		for (k = 0; rbsim_machine_keys[k] && strcmp(rbsim_machine_keys[k], w[0]); k++)
			;
		if (!rbsim_machine_keys[k])
			return bad(err, len, name, lineno, "unknown key '%s'", w[0]);
		if (seen[k])
			return bad(err, len, name, lineno, "%s given twice", w[0]);
		if (k == 0) {
			if (nw < 2)
				return bad(err, len, name, lineno, "name: no value");
			if (set_key(m, 0, name_val, why, sizeof(why)))
				return bad(err, len, name, lineno, "%s", why);
		} else {
			if (nw != 2)
				return bad(err, len, name, lineno, "%s: expected one value, got %d",
					   w[0], nw - 1);
			if (set_key(m, k, w[1], why, sizeof(why)))
				return bad(err, len, name, lineno, "%s: %s", w[0], why);
		}
		seen[k] = true;
		snprintf(m->source[k], sizeof(m->source[k]), "%s", src);
	}
	for (i = 0; i < NKEYS; i++)
		if (!seen[i] && i < KEY_HANDOFF)
			return bad(err, len, name, 0, "no %s", rbsim_machine_keys[i]);
	if (check_topology(m, why, sizeof(why)))
		return bad(err, len, name, 0, "%s", why);
	for (i = 0; i < m->ncurves; i++)
		if (m->curve[i].first_cpu >= m->cpus)
			return bad(err, len, name, 0, "curve %s: first_cpu %u past the %u CPUs",
				   m->curve[i].id, m->curve[i].first_cpu, m->cpus);
	return 0;
}

int rbsim_machine_load(const char *path, struct rbsim_machine *m, char *err, size_t len)
{
	FILE *f = fopen(path, "r");
	char *text;
	size_t n;
	int ret;

	if (!f)
		return bad(err, len, path, 0, "%s", strerror(errno));
	text = malloc(MAX_FILE + 1);
	if (!text) {
		fclose(f);
		return bad(err, len, path, 0, "out of memory");
	}
	n = fread(text, 1, MAX_FILE + 1, f);
	if (ferror(f) || n > MAX_FILE) {
		ret = bad(err, len, path, 0, ferror(f) ? "cannot read it" :
			  "larger than 256 KiB");
	} else if (memchr(text, '\0', n)) {
		ret = bad(err, len, path, 0, "a NUL byte: not a text file");
	} else {
		text[n] = '\0';
		ret = rbsim_machine_parse(path, text, m, err, len);
	}
	free(text);
	fclose(f);
	return ret;
}

enum rbsim_dist rbsim_machine_dist(const struct rbsim_machine *m, unsigned int a, unsigned int b)
{
	unsigned int cores = m->cpus / m->smt, per_socket = cores / m->sockets;
	unsigned int ca = a % m->cpus % cores, cb = b % m->cpus % cores;

	if (ca == cb)
		return RBSIM_DIST_SMT;
	if (ca / per_socket != cb / per_socket)
		return RBSIM_DIST_REMOTE;
	if (ca / m->cores_per_die != cb / m->cores_per_die)
		return RBSIM_DIST_SOCKET;
	if (ca / m->cores_per_l3 != cb / m->cores_per_l3)
		return RBSIM_DIST_DIE;
	return RBSIM_DIST_L3;
}

const char *rbsim_machine_source(const struct rbsim_machine *m, const char *key)
{
	unsigned int i;

	for (i = 0; rbsim_machine_keys[i]; i++)
		if (!strcmp(rbsim_machine_keys[i], key))
			return m->source[i];
	return NULL;
}
