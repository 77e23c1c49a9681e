// SPDX-License-Identifier: GPL-2.0-only
/*
 * The test runner of ThreadSanitizer builds (see criterion_tsan.h): the part
 * of libcriterion 2.4's ABI that Criterion's C macros call, and a main().
 *
 * Tests register as with libcriterion: a struct criterion_test pointer in
 * the "cr_tst" section, suites in "cr_sts". Each test, and each parameter of
 * a parameterized test, runs in a forked child: suite and test .init, the
 * test, test and suite .fini, with the test's (else its suite's) .timeout.
 * A failed cr_assert unwinds to the teardown, as in Criterion; cr_skip_test
 * ends the child. The child reports failures and skips through a shared page.
 *
 * Output as Criterion's: failures on stderr as they happen, then the
 * "[====] Synthesis:" line; --tap=FILE writes a TAP 13 report, which
 * scripts/run-tests.sh reads. Options: --filter GLOB (on "suite/test"),
 * --jobs N (-jN), --tap[=FILE] (no FILE or "-": stderr), --verbose.
 */
#ifdef __SANITIZE_THREAD__

#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <criterion/parameterized.h>

#define MAX_JOBS 64

/* what a test's child tells the runner, in memory shared with it */
struct slot {
	int failed;		/* assertions that failed */
	int skipped;		/* cr_skip_test() was called */
	char why[512];		/* its reason */
};

/* one run: a test, or one parameter of a parameterized test */
struct run {
	const struct criterion_test *test;
	const struct criterion_suite *suite;	/* NULL: the test has no TestSuite() */
	void *param;
};

/* a child running a test */
struct job {
	pid_t pid;		/* 0: free */
	int run;		/* index in the runs */
	double t0;
};

enum verdict { V_PASS, V_SKIP, V_FAIL, V_CRASH };

struct criterion_options criterion_options;	/* zero: no full stats, no crash on failure */

/* the run of this child */
static const struct run *cur;
static struct slot *cur_slot;
static pthread_t test_thread;
static jmp_buf test_jmp;

extern struct criterion_test *__start_cr_tst[] __attribute__((weak));
extern struct criterion_test *__stop_cr_tst[] __attribute__((weak));
extern struct criterion_suite *__start_cr_sts[] __attribute__((weak));
extern struct criterion_suite *__stop_cr_sts[] __attribute__((weak));

/* ---- what Criterion's macros call, in the test's child ---- */

int cr_vasprintf(char **strp, const char *fmt, va_list ap)
{
	int n = vasprintf(strp, fmt, ap);

	if (n < 0)
		*strp = NULL;
	return n;
}

int cr_asprintf(char **strp, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = cr_vasprintf(strp, fmt, ap);
	va_end(ap);
	return n;
}

void cr_asprintf_free(char *buf)
{
	free(buf);
}

/* the default message of an assertion, from its kind and the stringified expression */
char *cr_translate_assert_msg(int msg_index, ...)
{
	static const char *const msgs[] = {
		[CRITERION_ASSERT_MSG_FAIL] = "the conditions of the assertion were not met",
		[CRITERION_ASSERT_MSG_EXPR_FALSE] = "%s is false",
		[CRITERION_ASSERT_MSG_EXPR_AS_STRINGS_FALSE] =
			"%s is false: actual \"%s\", expected \"%s\"",
		[CRITERION_ASSERT_MSG_IS_NULL] = "%s is NULL",
		[CRITERION_ASSERT_MSG_IS_NOT_NULL] = "%s is not NULL",
		[CRITERION_ASSERT_MSG_IS_EMPTY] = "%s is empty",
		[CRITERION_ASSERT_MSG_IS_NOT_EMPTY] = "%s (\"%s\") is not empty",
		[CRITERION_ASSERT_MSG_FILE_STR_MATCH] = "the contents of %s differ from \"%s\"",
		[CRITERION_ASSERT_MSG_FILE_MATCH] = "the contents of %s differ from those of %s",
	};
	const int n = (int)(sizeof(msgs) / sizeof(msgs[0]));
	char *out = NULL;
	va_list ap;

	va_start(ap, msg_index);
	if (msg_index >= 0 && msg_index < n && msgs[msg_index])
		cr_vasprintf(&out, msgs[msg_index], ap);
	else
		cr_asprintf(&out, "assertion failed (message kind %d)", msg_index);
	va_end(ap);
	return out;
}

/* counted by Criterion for its statistics; nothing reads them here */
void cri_asserts_passed_incr(void)
{
}

void criterion_send_assert(struct criterion_assert_stats *st)
{
	const char *m = st->message ? st->message : "", *nl;

	if (st->passed)
		return;
	/* cr_expect may fail on any of the test's threads */
	if (cur_slot)
		__atomic_add_fetch(&cur_slot->failed, 1, __ATOMIC_RELAXED);
	flockfile(stderr);
	fprintf(stderr, "[----] %s:%u: Assertion Failed\n", st->file, st->line);
	do {
		nl = strchr(m, '\n');
		fprintf(stderr, "[----]   %.*s\n", nl ? (int)(nl - m) : (int)strlen(m), m);
		m = nl + 1;
	} while (nl);
	funlockfile(stderr);
}

/* cr_expect: the failure is recorded, the test goes on */
void criterion_continue_test(void)
{
}

void criterion_abort_test(void)
{
	/* only the test's own thread can unwind to the teardown */
	if (!pthread_equal(pthread_self(), test_thread)) {
		fflush(stderr);
		_exit(1);
	}
	longjmp(test_jmp, 1);
}

/* as in Criterion: the child ends at once (exit, so atexit cleanups run), no .fini */
void criterion_skip_test(const char *format, ...)
{
	va_list ap;

	if (cur_slot) {
		va_start(ap, format);
		vsnprintf(cur_slot->why, sizeof(cur_slot->why), format, ap);
		va_end(ap);
		cur_slot->skipped = 1;
	}
	exit(0);
}

void cr_log(enum criterion_severity severity, const char *msg, ...)
{
	va_list ap;

	flockfile(stderr);
	fputs(severity == CR_LOG_ERROR ? "[ERR ] " :
	      severity == CR_LOG_WARNING ? "[WARN] " : "[----] ", stderr);
	va_start(ap, msg);
	vfprintf(stderr, msg, ap);
	va_end(ap);
	fputc('\n', stderr);
	funlockfile(stderr);
}

/* Criterion's trampoline of each test calls these three in turn */
void criterion_internal_test_setup(void)
{
	const struct criterion_test_extra_data *sd = cur->suite ? cur->suite->data : NULL;

	if (setjmp(test_jmp)) {
		/* an assertion failed in .init: the test cannot run */
		fflush(stderr);
		exit(1);
	}
	if (sd && sd->init)
		sd->init();
	if (cur->test->data->init)
		cur->test->data->init();
}

void criterion_internal_test_main(void (*fn)(void))
{
	if (setjmp(test_jmp))
		return; /* a failed cr_assert: on to the teardown */
	if (cur->test->data->param_)
		((void (*)(void *))fn)(cur->param);
	else
		fn();
}

void criterion_internal_test_teardown(void)
{
	const struct criterion_test_extra_data *sd = cur->suite ? cur->suite->data : NULL;

	if (setjmp(test_jmp))
		return;
	if (cur->test->data->fini)
		cur->test->data->fini();
	if (sd && sd->fini)
		sd->fini();
}

/* ---- the runner ---- */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double run_timeout(const struct run *r)
{
	if (r->test->data->timeout > 0)
		return r->test->data->timeout;
	return r->suite && r->suite->data ? r->suite->data->timeout : 0;
}

static bool run_disabled(const struct run *r)
{
	return r->test->data->disabled || (r->suite && r->suite->data &&
					   r->suite->data->disabled);
}

static const struct criterion_suite *suite_named(const char *name)
{
	struct criterion_suite **s;

	for (s = __start_cr_sts; s && s < __stop_cr_sts; s++)
		if (*s && !strcmp((*s)->name, name))
			return *s;
	return NULL;
}

static int run_cmp(const void *a, const void *b)
{
	const struct run *x = a, *y = b;
	int c = strcmp(x->test->category, y->test->category);

	if (!c)
		c = strcmp(x->test->name, y->test->name);
	/* parameters in their order */
	return c ? c : (x->param > y->param) - (x->param < y->param);
}

/* every registered test matching filter, one run per parameter, sorted */
static struct run *collect(const char *filter, int *nruns)
{
	struct criterion_test **t;
	struct run *runs = NULL;
	int n = 0, cap = 0;
	size_t i, nparams;
	char full[512];

	for (t = __start_cr_tst; t && t < __stop_cr_tst; t++) {
		struct criterion_test_params p = { 0 };

		if (!*t)
			continue;
		snprintf(full, sizeof(full), "%s/%s", (*t)->category, (*t)->name);
		if (filter && fnmatch(filter, full, FNM_EXTMATCH))
			continue;
		if ((*t)->data->param_)
			p = (*t)->data->param_();
		nparams = (*t)->data->param_ ? p.length : 1;
		for (i = 0; i < nparams; i++) {
			if (n == cap) {
				cap = cap ? 2 * cap : 256;
				runs = realloc(runs, cap * sizeof(*runs));
				if (!runs) {
					perror("criterion_tsan");
					exit(2);
				}
			}
			runs[n].test = *t;
			runs[n].suite = suite_named((*t)->category);
			runs[n].param = p.params ? (char *)p.params + i * p.size : NULL;
			n++;
		}
	}
	if (n)
		qsort(runs, n, sizeof(*runs), run_cmp);
	*nruns = n;
	return runs;
}

static void __attribute__((noreturn)) child(const struct run *r, struct slot *s)
{
	double timeout = run_timeout(r);

	cur = r;
	cur_slot = s;
	test_thread = pthread_self();
	/* the default action of SIGALRM ends the child: the runner reads a timeout */
	signal(SIGALRM, SIG_DFL);
	if (timeout > 0)
		alarm((unsigned int)ceil(timeout));
	r->test->test();
	exit(s->failed ? 1 : 0);
}

static enum verdict judge(const struct run *r, const struct slot *s, int status, char *why,
			  size_t len)
{
	const struct criterion_test_extra_data *d = r->test->data;
	int sig, code;

	why[0] = '\0';
	if (WIFSIGNALED(status)) {
		sig = WTERMSIG(status);
		if (sig == SIGALRM && run_timeout(r) > 0) {
			snprintf(why, len, "Timed out.");
			return V_FAIL;
		}
		if (sig == d->signal && !s->failed)
			return V_PASS;
		snprintf(why, len, "CRASH! (signal %d, %s)", sig, strsignal(sig));
		return V_CRASH;
	}
	code = WEXITSTATUS(status);
	if (s->skipped && !code) {
		snprintf(why, len, "%s", s->why);
		return V_SKIP;
	}
	if (s->failed)
		return V_FAIL;
	if (code != d->exit_code) {
		/* ThreadSanitizer ends a process that raced with its exitcode (66) */
		snprintf(why, len, "exit status %d", code);
		return V_FAIL;
	}
	return V_PASS;
}

/* one result: a line on stderr (failures; all with --verbose), one in the TAP report */
static void report(FILE *tap, bool verbose, const struct run *r, enum verdict v, const char *why,
		   double secs)
{
	const char *name = r->test->name, *suite = r->test->category;
	char flat[sizeof(((struct slot *)0)->why)];
	size_t i;

	if (v == V_FAIL || v == V_CRASH)
		fprintf(stderr, "[FAIL] %s::%s: %s%s(%.2fs)\n", suite, name, why, *why ? " " : "",
			secs);
	else if (verbose)
		fprintf(stderr, "[%s] %s::%s: %s%s(%.2fs)\n", v == V_SKIP ? "SKIP" : "PASS", suite,
			name, why, *why ? " " : "", secs);
	if (!tap)
		return;
	/* one line per result: a reason's newlines would start lines TAP does not expect */
	snprintf(flat, sizeof(flat), "%s", why);
	for (i = 0; flat[i]; i++)
		if (flat[i] == '\n' || flat[i] == '\r')
			flat[i] = ' ';
	if (v == V_SKIP)
		fprintf(tap, "ok - %s::%s  # SKIP %s\n", suite, name, flat);
	else
		fprintf(tap, "%sok - %s::%s  %s%s(%.2fs)\n", v == V_PASS ? "" : "not ", suite, name,
			flat, *flat ? " " : "", secs);
	fflush(tap);
}

struct opts {
	const char *filter;	/* --filter GLOB */
	const char *tap_path;	/* --tap[=FILE], "-" for stderr */
	int njobs;		/* --jobs N: children at once */
	bool verbose;
};

struct totals {
	int tested, passing, failing, crashing;	/* as Criterion's synthesis: skips apart */
};

static void usage(FILE *f, const char *prog)
{
	fprintf(f, "usage: %s [--filter GLOB] [--jobs N | -jN] [--tap[=FILE]] [--verbose]\n"
		   "  a Criterion-compatible runner for ThreadSanitizer builds\n", prog);
}

static int parse_jobs(const char *s)
{
	char *end;
	long n = strtol(s ? s : "", &end, 10);

	if (!s || !*s || *end || n < 1 || n > MAX_JOBS) {
		fprintf(stderr, "criterion_tsan: --jobs %s: not a number from 1 to %d\n",
			s ? s : "", MAX_JOBS);
		exit(2);
	}
	return (int)n;
}

/* 0, or 2 after a bad option (--help prints the usage and exits) */
static int parse_args(int argc, char **argv, struct opts *o)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int i;

	o->njobs = ncpu < 1 ? 1 : ncpu > MAX_JOBS ? MAX_JOBS : (int)ncpu;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--filter") && i + 1 < argc)
			o->filter = argv[++i];
		else if (!strncmp(a, "--filter=", 9))
			o->filter = a + 9;
		else if (!strcmp(a, "--jobs") || !strcmp(a, "-j"))
			o->njobs = parse_jobs(i + 1 < argc ? argv[++i] : NULL);
		else if (!strncmp(a, "--jobs=", 7))
			o->njobs = parse_jobs(a + 7);
		else if (!strncmp(a, "-j", 2))
			o->njobs = parse_jobs(a + 2);
		else if (!strcmp(a, "--tap"))
			o->tap_path = "-";
		else if (!strncmp(a, "--tap=", 6))
			o->tap_path = a + 6;
		else if (!strcmp(a, "--verbose") || !strncmp(a, "--verbose=", 10))
			o->verbose = true;
		else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout, argv[0]);
			exit(0);
		} else {
			fprintf(stderr, "criterion_tsan: unknown option '%s'\n", a);
			usage(stderr, argv[0]);
			return 2;
		}
	}
	return 0;
}

static void count(struct totals *t, enum verdict v)
{
	if (v == V_SKIP)
		return;
	t->tested++;
	t->passing += v == V_PASS;
	t->failing += v != V_PASS;
	t->crashing += v == V_CRASH;
}

/* fork a child for run r in a free job; false (reported) if it cannot be forked */
static bool start(const struct run *runs, const struct run *r, struct slot *slots,
		  struct job *job, const struct opts *o, FILE *tap)
{
	char why[64];
	pid_t pid;
	int j;

	for (j = 0; job[j].pid; j++)
		;
	memset(&slots[j], 0, sizeof(slots[j]));
	fflush(NULL); /* nothing buffered may be written twice */
	job[j].t0 = now_s();
	pid = fork();
	if (pid == 0)
		child(r, &slots[j]);
	if (pid < 0) {
		snprintf(why, sizeof(why), "fork: %s", strerror(errno));
		report(tap, o->verbose, r, V_FAIL, why, 0);
		return false;
	}
	job[j].pid = pid;
	job[j].run = (int)(r - runs);
	return true;
}

/* every run, up to o->njobs at a time, in order */
static void run_all(const struct run *runs, int nruns, struct slot *slots, const struct opts *o,
		    FILE *tap, struct totals *t)
{
	struct job job[MAX_JOBS] = { { 0 } };
	int next = 0, running = 0, status, j;
	char why[sizeof(slots->why)];
	enum verdict v;
	pid_t pid;

	while (next < nruns || running) {
		while (next < nruns && running < o->njobs) {
			const struct run *r = &runs[next++];

			if (run_disabled(r))
				report(tap, o->verbose, r, V_SKIP, "disabled", 0);
			else if (start(runs, r, slots, job, o, tap))
				running++;
			else
				count(t, V_FAIL);
		}
		if (!running)
			continue;
		pid = waitpid(-1, &status, 0);
		if (pid < 0) {
			perror("criterion_tsan: waitpid");
			exit(2);
		}
		for (j = 0; j < o->njobs && job[j].pid != pid; j++)
			;
		if (j == o->njobs)
			continue; /* not a test's child */
		v = judge(&runs[job[j].run], &slots[j], status, why, sizeof(why));
		report(tap, o->verbose, &runs[job[j].run], v, why, now_s() - job[j].t0);
		count(t, v);
		job[j].pid = 0;
		running--;
	}
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct totals t = { 0 };
	struct slot *slots;
	struct run *runs;
	FILE *tap = NULL;
	int nruns, ret;

	ret = parse_args(argc, argv, &o);
	if (ret)
		return ret;
	if (o.tap_path) {
		tap = strcmp(o.tap_path, "-") ? fopen(o.tap_path, "w") : stderr;
		if (!tap) {
			fprintf(stderr, "criterion_tsan: --tap=%s: %s\n", o.tap_path,
				strerror(errno));
			return 2;
		}
	}
	slots = mmap(NULL, MAX_JOBS * sizeof(*slots), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (slots == MAP_FAILED) {
		perror("criterion_tsan: mmap");
		return 2;
	}
	runs = collect(o.filter, &nruns);
	if (tap)
		fprintf(tap, "TAP version 13\n1..%d\n# criterion_tsan (ThreadSanitizer)\n", nruns);
	run_all(runs, nruns, slots, &o, tap, &t);

	fprintf(stderr, "[====] Synthesis: Tested: %d | Passing: %d | Failing: %d | "
		"Crashing: %d \n", t.tested, t.passing, t.failing, t.crashing);
	if (tap && tap != stderr && fclose(tap)) {
		fprintf(stderr, "criterion_tsan: --tap=%s: %s\n", o.tap_path, strerror(errno));
		return 2;
	}
	free(runs);
	return t.failing ? 1 : 0;
}

#endif /* __SANITIZE_THREAD__ */
