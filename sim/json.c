// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: a strict JSON reader (see sim/json.h), recursive descent over the
 * grammar of RFC 8259 section 2 to 7, with a depth limit.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/json.h"

#define MAX_DEPTH 64

struct jp {
	const char *s, *end, *p;
	char *err;
	size_t errlen;
	unsigned int depth;
	bool failed;
	/* where()'s last answer: its position, its line, and where that line starts */
	const char *at, *line_start;
	unsigned int line;
};

/*
 * The line and column of at, from where() was asked last (the parser asks
 * in file order: every node records its line), so that a file costs one
 * pass, not one a node: a profile of 340 KB took 5.8 s to read when each
 * node counted its lines from the start (rbsim run --profile, 2026-12-06)
 */
static void where(struct jp *jp, const char *at, unsigned int *line, unsigned int *col)
{
	const char *q;

	if (!jp->at || at < jp->at) {
		jp->at = jp->line_start = jp->s;
		jp->line = 1;
	}
	for (q = jp->at; q < at; q++) {
		if (*q == '\n') {
			jp->line++;
			jp->line_start = q + 1;
		}
	}
	jp->at = at;
	*line = jp->line;
	*col = (unsigned int)(at - jp->line_start) + 1;
}

__attribute__((format(printf, 3, 4)))
static void *fail(struct jp *jp, const char *at, const char *fmt, ...)
{
	unsigned int line, col;
	va_list ap;
	int n;

	if (jp->failed)
		return NULL;
	jp->failed = true;
	where(jp, at, &line, &col);
	n = snprintf(jp->err, jp->errlen, "line %u column %u: ", line, col);
	if (n >= 0 && (size_t)n < jp->errlen) {
		va_start(ap, fmt);
		vsnprintf(jp->err + n, jp->errlen - n, fmt, ap);
		va_end(ap);
	}
	return NULL;
}

static void skip_ws(struct jp *jp)
{
	while (jp->p < jp->end &&
	       (*jp->p == ' ' || *jp->p == '\t' || *jp->p == '\n' || *jp->p == '\r'))
		jp->p++;
}

static struct rbsim_json *node(struct jp *jp, enum rbsim_json_type t)
{
	struct rbsim_json *j = calloc(1, sizeof(*j));
	unsigned int col;

	if (!j)
		return fail(jp, jp->p, "out of memory");
	j->type = t;
	where(jp, jp->p, &j->line, &col);
	return j;
}

static const char *what_is(const struct jp *jp)
{
	if (jp->p >= jp->end)
		return "the end of the file";
	if (*jp->p == '\0')
		return "a NUL byte";
	return NULL;
}

static void *unexpected(struct jp *jp, const char *wanted)
{
	const char *w = what_is(jp);

	if (w)
		return fail(jp, jp->p, "expected %s, found %s", wanted, w);
	if ((unsigned char)*jp->p < 0x20 || (unsigned char)*jp->p >= 0x7f)
		return fail(jp, jp->p, "expected %s, found 0x%02x", wanted, (unsigned char)*jp->p);
	return fail(jp, jp->p, "expected %s, found '%c'", wanted, *jp->p);
}

static int hex4(const char *p)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static size_t put_utf8(char *o, unsigned int cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* a string at jp->p (the opening quote), decoded into a malloc'ed buffer */
static char *string(struct jp *jp)
{
	const char *start = jp->p++;
	/* decoding never makes it longer: \uXXXX is 6 bytes for at most 3 (or 12 for 4) */
	char *out = malloc((size_t)(jp->end - start) + 1), *o = out;

	if (!out)
		return fail(jp, start, "out of memory");
	for (;;) {
		unsigned char c;

		if (jp->p >= jp->end) {
			free(out);
			return fail(jp, start, "a string without its closing quote");
		}
		c = (unsigned char)*jp->p;
		if (c == '"') {
			jp->p++;
			*o = '\0';
			return out;
		}
		if (c < 0x20) {
			free(out);
			return fail(jp, jp->p, "a control character (0x%02x) in a string", c);
		}
		if (c != '\\') {
			*o++ = (char)c;
			jp->p++;
			continue;
		}
		if (jp->p + 1 >= jp->end) {
			free(out);
			return fail(jp, start, "a string without its closing quote");
		}
		c = (unsigned char)jp->p[1];
		jp->p += 2;
		switch (c) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '/': *o++ = '/'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u': {
			int cp = jp->end - jp->p >= 4 ? hex4(jp->p) : -1, lo;

			if (cp < 0) {
				free(out);
				return fail(jp, jp->p - 2, "a \\u escape without 4 hex digits");
			}
			jp->p += 4;
			if (cp >= 0xdc00 && cp <= 0xdfff) {
				free(out);
				return fail(jp, jp->p - 6, "a lone low surrogate \\u%04x", cp);
			}
			if (cp >= 0xd800 && cp <= 0xdbff) {
				lo = jp->end - jp->p >= 6 && jp->p[0] == '\\' && jp->p[1] == 'u' ?
				     hex4(jp->p + 2) : -1;
				if (lo < 0xdc00 || lo > 0xdfff) {
					free(out);
					return fail(jp, jp->p - 6, "a high surrogate \\u%04x without "
						    "its low half", cp);
				}
				jp->p += 6;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			if (!cp) {
				free(out);
				return fail(jp, jp->p - 6, "\\u0000 in a string");
			}
			o += put_utf8(o, (unsigned int)cp);
			break;
		}
		default:
			free(out);
			return fail(jp, jp->p - 2, "an unknown escape \\%c", c);
		}
	}
}

/* RFC 8259 section 6: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static struct rbsim_json *number(struct jp *jp)
{
	const char *p = jp->p, *start = p;
	struct rbsim_json *j;
	char buf[64];

	if (p < jp->end && *p == '-')
		p++;
	if (p < jp->end && *p == '0') {
		p++;
	} else if (p < jp->end && *p >= '1' && *p <= '9') {
		while (p < jp->end && *p >= '0' && *p <= '9')
			p++;
	} else {
		return fail(jp, start, "a malformed number");
	}
	if (p < jp->end && *p == '.') {
		if (++p >= jp->end || *p < '0' || *p > '9')
			return fail(jp, start, "a malformed number (no digit after '.')");
		while (p < jp->end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < jp->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < jp->end && (*p == '+' || *p == '-'))
			p++;
		if (p >= jp->end || *p < '0' || *p > '9')
			return fail(jp, start, "a malformed number (no digit in the exponent)");
		while (p < jp->end && *p >= '0' && *p <= '9')
			p++;
	}
	if ((size_t)(p - start) >= sizeof(buf))
		return fail(jp, start, "a number of more than %zu characters", sizeof(buf) - 1);
	memcpy(buf, start, (size_t)(p - start));
	buf[p - start] = '\0';
	j = node(jp, RBSIM_JSON_NUMBER);
	if (!j)
		return NULL;
	errno = 0;
	j->num = strtod(buf, NULL);
	if (errno == ERANGE && (j->num > 1 || j->num < -1)) {
		free(j);
		return fail(jp, start, "a number out of range (%s)", buf);
	}
	jp->p = p;
	return j;
}

static struct rbsim_json *value(struct jp *jp);

static bool word(struct jp *jp, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(jp->end - jp->p) < n || memcmp(jp->p, w, n))
		return false;
	jp->p += n;
	return true;
}

/* an array or object at jp->p (its opening bracket) */
static struct rbsim_json *container(struct jp *jp, bool obj)
{
	struct rbsim_json *j = node(jp, obj ? RBSIM_JSON_OBJECT : RBSIM_JSON_ARRAY), **tail;
	const char close = obj ? '}' : ']';

	if (!j)
		return NULL;
	if (++jp->depth > MAX_DEPTH) {
		rbsim_json_free(j);
		return fail(jp, jp->p, "nested deeper than %d levels", MAX_DEPTH);
	}
	tail = &j->child;
	jp->p++;
	skip_ws(jp);
	if (jp->p < jp->end && *jp->p == close) {
		jp->p++;
		jp->depth--;
		return j;
	}
	for (;;) {
		struct rbsim_json *v;
		const char *at;
		char *key = NULL;

		skip_ws(jp);
		at = jp->p;
		if (obj) {
			if (jp->p >= jp->end || *jp->p != '"') {
				rbsim_json_free(j);
				return unexpected(jp, "a member name in quotes");
			}
			key = string(jp);
			if (!key)
				goto err;
			if (rbsim_json_get(j, key)) {
				fail(jp, at, "the member \"%s\" twice", key);
				free(key);
				goto err;
			}
			skip_ws(jp);
			if (jp->p >= jp->end || *jp->p != ':') {
				free(key);
				unexpected(jp, "':'");
				goto err;
			}
			jp->p++;
		}
		v = value(jp);
		if (!v) {
			free(key);
			goto err;
		}
		v->key = key;
		*tail = v;
		tail = &v->next;
		j->n++;
		skip_ws(jp);
		if (jp->p < jp->end && *jp->p == ',') {
			jp->p++;
			skip_ws(jp);
			if (jp->p < jp->end && *jp->p == close) {
				fail(jp, jp->p, "a comma before '%c'", close);
				goto err;
			}
			continue;
		}
		if (jp->p < jp->end && *jp->p == close) {
			jp->p++;
			jp->depth--;
			return j;
		}
		unexpected(jp, obj ? "',' or '}'" : "',' or ']'");
		goto err;
	}
err:
	rbsim_json_free(j);
	return NULL;
}

static struct rbsim_json *value(struct jp *jp)
{
	struct rbsim_json *j;

	skip_ws(jp);
	if (jp->p >= jp->end)
		return unexpected(jp, "a value");
	switch (*jp->p) {
	case '{':
		return container(jp, true);
	case '[':
		return container(jp, false);
	case '"': {
		char *s;

		j = node(jp, RBSIM_JSON_STRING);
		if (!j)
			return NULL;
		s = string(jp);
		if (!s) {
			free(j);
			return NULL;
		}
		j->str = s;
		return j;
	}
	case 't':
	case 'f':
	case 'n':
		j = node(jp, *jp->p == 'n' ? RBSIM_JSON_NULL : RBSIM_JSON_BOOL);
		if (!j)
			return NULL;
		if (word(jp, "true") || word(jp, "null"))
			j->b = true;
		else if (!word(jp, "false")) {
			free(j);
			return unexpected(jp, "a value");
		}
		if (j->type == RBSIM_JSON_NULL)
			j->b = false;
		return j;
	default:
		if (*jp->p == '-' || (*jp->p >= '0' && *jp->p <= '9'))
			return number(jp);
		return unexpected(jp, "a value");
	}
}

struct rbsim_json *rbsim_json_parse(const char *text, size_t len, char *err, size_t errlen)
{
	struct jp jp = { .s = text, .end = text + len, .p = text, .err = err, .errlen = errlen };
	struct rbsim_json *j;

	if (!len) {
		snprintf(err, errlen, "empty");
		return NULL;
	}
	j = value(&jp);
	if (!j)
		return NULL;
	skip_ws(&jp);
	if (jp.p < jp.end) {
		unexpected(&jp, "the end of the file after the value");
		rbsim_json_free(j);
		return NULL;
	}
	return j;
}

void rbsim_json_free(struct rbsim_json *j)
{
	while (j) {
		struct rbsim_json *next = j->next;

		rbsim_json_free(j->child);
		free(j->str);
		free(j->key);
		free(j);
		j = next;
	}
}

const struct rbsim_json *rbsim_json_get(const struct rbsim_json *obj, const char *key)
{
	const struct rbsim_json *m;

	if (!obj || obj->type != RBSIM_JSON_OBJECT)
		return NULL;
	for (m = obj->child; m; m = m->next) {
		if (!strcmp(m->key, key))
			return m;
	}
	return NULL;
}

const char *rbsim_json_type_name(enum rbsim_json_type t)
{
	static const char *const names[] = {
		[RBSIM_JSON_NULL] = "null",
		[RBSIM_JSON_BOOL] = "a boolean",
		[RBSIM_JSON_NUMBER] = "a number",
		[RBSIM_JSON_STRING] = "a string",
		[RBSIM_JSON_ARRAY] = "an array",
		[RBSIM_JSON_OBJECT] = "an object",
	};

	return t <= RBSIM_JSON_OBJECT ? names[t] : "?";
}
