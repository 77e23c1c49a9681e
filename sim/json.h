/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: a strict reader of JSON (RFC 8259) into a tree, for the files rbsim
 * reads back (calibration profiles, sim/profile.c). Strict: no comments, no
 * trailing commas, no duplicate keys, no control characters in strings, no
 * text after the value; a problem is one line naming where it is.
 */
#ifndef RBSIM_JSON_H
#define RBSIM_JSON_H

#include <stdbool.h>
#include <stddef.h>

enum rbsim_json_type {
	RBSIM_JSON_NULL,
	RBSIM_JSON_BOOL,
	RBSIM_JSON_NUMBER,
	RBSIM_JSON_STRING,
	RBSIM_JSON_ARRAY,
	RBSIM_JSON_OBJECT,
};

struct rbsim_json {
	enum rbsim_json_type type;
	bool b;                   /* BOOL */
	double num;               /* NUMBER */
	char *str;                /* STRING, decoded to UTF-8 */
	char *key;                /* a member of an object: its name */
	struct rbsim_json *child; /* ARRAY, OBJECT: the first element or member */
	struct rbsim_json *next;  /* the next element or member */
	unsigned int n;           /* ARRAY, OBJECT: how many */
	unsigned int line;        /* where the value starts (1-based), for messages */
};

/*
 * Parse len bytes of text: the tree (free it with rbsim_json_free), or NULL
 * with "line L column C: problem" in err.
 */
struct rbsim_json *rbsim_json_parse(const char *text, size_t len, char *err, size_t errlen);
void rbsim_json_free(struct rbsim_json *j);

/* the member key of an object, or NULL (also when obj is not an object) */
const struct rbsim_json *rbsim_json_get(const struct rbsim_json *obj, const char *key);

/* "an object", "a number", ...: for messages */
const char *rbsim_json_type_name(enum rbsim_json_type t);

#endif /* RBSIM_JSON_H */
