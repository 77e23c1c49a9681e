// SPDX-License-Identifier: GPL-2.0-only
/*
 * The runner behind tests/helpers/criterion_tsan.h, built only under
 * ThreadSanitizer (libcriterion's own runner cannot run there, Criterion
 * issue #274). It runs every registered test in a forked child, in name
 * order, with the test's (or its suite's) timeout, and ends with Criterion's
 * "[====] Synthesis:" line so scripts/run-tests.sh reads it the same way.
 * Options: --filter GLOB (on "suite/test"), --verbose; others (--jobs N) are
 * accepted and ignored.
 */
#ifdef __SANITIZE_THREAD__

#include <fnmatch.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include <criterion/types.h>

#include "tests/helpers/criterion_tsan.h"

static struct crit_test *tests;
static struct crit_suite *suites;
static bool failed;		/* in the child: an expectation failed */

/* tests registered with libcriterion's own macros (Criterion's "cr_tst" section) */
extern char __start_cr_tst[] __attribute__((weak, visibility("hidden")));
extern char __stop_cr_tst[] __attribute__((weak, visibility("hidden")));

void crit_register_test(struct crit_test *t)
{
	struct crit_test **p = &tests;

	/* keep the list sorted by suite, then name */
	while (*p && (strcmp((*p)->suite, t->suite) < 0 ||
		      (!strcmp((*p)->suite, t->suite) && strcmp((*p)->name, t->name) < 0)))
		p = &(*p)->next;
	t->next = *p;
	*p = t;
}

void crit_register_suite(struct crit_suite *s)
{
	s->next = suites;
	suites = s;
}

void crit_check(bool ok, bool fatal, const char *file, int line, const char *expr,
		const char *fmt, ...)
{
	va_list ap;

	if (ok)
		return;
	fprintf(stderr, "[----] %s:%d: Assertion Failed\n[----]   ", file, line);
	if (*fmt) {
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
	} else {
		fprintf(stderr, "%s", expr);
	}
	fprintf(stderr, "\n");
	failed = true;
	if (fatal) {
		fflush(stderr);
		_exit(1);
	}
}

void crit_log(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "[----] ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
}

static const struct crit_suite *suite_of(const struct crit_test *t)
{
	const struct crit_suite *s;

	for (s = suites; s; s = s->next)
		if (!strcmp(s->name, t->suite))
			return s;
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* 0 pass, 1 fail, 2 crash */
static int run_one(const struct crit_test *t, bool verbose)
{
	const struct crit_suite *s = suite_of(t);
	void (*init)(void) = t->opts.init ? t->opts.init : s ? s->opts.init : NULL;
	void (*fini)(void) = t->opts.fini ? t->opts.fini : s ? s->opts.fini : NULL;
	double timeout = t->opts.timeout > 0 ? t->opts.timeout : s ? s->opts.timeout : 0;
	double t0 = now_s();
	int status;
	pid_t pid;

	if (verbose)
		fprintf(stderr, "[RUN ] %s::%s\n", t->suite, t->name);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "[FAIL] %s::%s: fork failed\n", t->suite, t->name);
		return 1;
	}
	if (pid == 0) {
		/* the default action of SIGALRM ends the child: a timeout */
		if (timeout > 0)
			alarm((unsigned int)ceil(timeout));
		if (init)
			init();
		t->fn();
		if (fini)
			fini();
		fflush(stderr);
		_exit(failed ? 1 : 0);
	}
	if (waitpid(pid, &status, 0) < 0) {
		fprintf(stderr, "[FAIL] %s::%s: waitpid failed\n", t->suite, t->name);
		return 1;
	}
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
		fprintf(stderr, "[FAIL] %s::%s: Timed out. (%.2fs)\n", t->suite, t->name,
			now_s() - t0);
		return 1;
	}
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "[FAIL] %s::%s: CRASH! (signal %d)\n", t->suite, t->name,
			WTERMSIG(status));
		return 2;
	}
	if (WEXITSTATUS(status)) {
		/* ThreadSanitizer reports end the child with exitcode (66 by default) */
		fprintf(stderr, "[FAIL] %s::%s: (exit status %d, %.2fs)\n", t->suite, t->name,
			WEXITSTATUS(status), now_s() - t0);
		return 1;
	}
	fprintf(stderr, "[PASS] %s::%s: (%.2fs)\n", t->suite, t->name, now_s() - t0);
	return 0;
}

int main(int argc, char **argv)
{
	const char *filter = NULL;
	int i, tested = 0, passing = 0, failing = 0, crashing = 0;
	bool verbose = false;
	char full[512];
	struct crit_test *t;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--filter") && i + 1 < argc)
			filter = argv[++i];
		else if (!strncmp(argv[i], "--filter=", 9))
			filter = argv[i] + 9;
		else if (!strcmp(argv[i], "--verbose"))
			verbose = true;
		else if (!strcmp(argv[i], "--jobs") || !strcmp(argv[i], "-j"))
			i++;
	}

	for (t = tests; t; t = t->next) {
		const struct crit_suite *s = suite_of(t);

		snprintf(full, sizeof(full), "%s/%s", t->suite, t->name);
		if (filter && fnmatch(filter, full, FNM_EXTMATCH))
			continue;
		if (t->opts.disabled || (s && s->opts.disabled))
			continue;
		tested++;
		switch (run_one(t, verbose)) {
		case 0:
			passing++;
			break;
		case 1:
			failing++;
			break;
		default:
			crashing++;
			break;
		}
	}

	/* tests registered with libcriterion's own macros cannot run here: never pass them */
	if (__start_cr_tst && __stop_cr_tst) {
		struct criterion_test **ct = (struct criterion_test **)(void *)__start_cr_tst;
		struct criterion_test **end = (struct criterion_test **)(void *)__stop_cr_tst;

		for (; ct < end; ct++) {
			if (!*ct)
				continue;
			snprintf(full, sizeof(full), "%s/%s", (*ct)->category, (*ct)->name);
			if (filter && fnmatch(filter, full, FNM_EXTMATCH))
				continue;
			fprintf(stderr, "[FAIL] %s::%s: written for libcriterion's runner, which "
				"cannot run under ThreadSanitizer; include "
				"tests/helpers/criterion_tsan.h instead\n", (*ct)->category,
				(*ct)->name);
			tested++;
			failing++;
		}
	}

	fprintf(stderr, "[====] Synthesis: Tested: %d | Passing: %d | Failing: %d | "
		"Crashing: %d \n", tested, passing, failing + crashing, crashing);
	return failing || crashing ? 1 : 0;
}

#endif /* __SANITIZE_THREAD__ */
