/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Criterion for the concurrency tests, also under ThreadSanitizer.
 *
 * libcriterion 2.4's runner cannot start in a TSan process (Criterion issue
 * #274): its inheritable arena wants an address range TSan has reserved, and
 * when it gets one the runner crashes. So the *_mt tests include this header:
 * normally it is <criterion/criterion.h>; under TSan it is a small runner with
 * the same macros (Test, TestSuite with .init/.fini/.timeout, cr_assert*,
 * cr_expect*, cr_log_info), each test in a forked child with its timeout, and
 * Criterion's "Synthesis:" line (tests/helpers/criterion_tsan.c).
 */
#ifndef RBSIM_TESTS_CRITERION_TSAN_H
#define RBSIM_TESTS_CRITERION_TSAN_H

#ifndef __SANITIZE_THREAD__
#include <criterion/criterion.h>
#include <criterion/logging.h>
#else

#include <stdbool.h>
#include <stddef.h>

struct crit_opts {
	int unused_;
	double timeout;
	void (*init)(void);
	void (*fini)(void);
	bool disabled;
};

struct crit_test {
	const char *suite, *name;
	void (*fn)(void);
	struct crit_opts opts;
	struct crit_test *next;
};

struct crit_suite {
	const char *name;
	struct crit_opts opts;
	struct crit_suite *next;
};

void crit_register_test(struct crit_test *t);
void crit_register_suite(struct crit_suite *s);
void crit_check(bool ok, bool fatal, const char *file, int line, const char *expr,
		const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void crit_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define TestSuite(Name, ...)							\
	static struct crit_suite crit_suite_##Name = {				\
		#Name, { 0, __VA_ARGS__ }, NULL };				\
	__attribute__((constructor)) static void crit_suite_reg_##Name(void)	\
	{									\
		crit_register_suite(&crit_suite_##Name);			\
	}

#define Test(Suite, Name, ...)							\
	static void crit_fn_##Suite##_##Name(void);				\
	static struct crit_test crit_test_##Suite##_##Name = {			\
		#Suite, #Name, crit_fn_##Suite##_##Name, { 0, __VA_ARGS__ }, NULL };	\
	__attribute__((constructor)) static void crit_reg_##Suite##_##Name(void)	\
	{									\
		crit_register_test(&crit_test_##Suite##_##Name);		\
	}									\
	static void crit_fn_##Suite##_##Name(void)

#define crit_chk_(fatal, cond, expr, ...) \
	crit_check(!!(cond), fatal, __FILE__, __LINE__, expr, "" __VA_ARGS__)

#define cr_assert(C, ...)		crit_chk_(true, C, #C, __VA_ARGS__)
#define cr_expect(C, ...)		crit_chk_(false, C, #C, __VA_ARGS__)
#define cr_assert_eq(A, B, ...)		crit_chk_(true, (A) == (B), #A " == " #B, __VA_ARGS__)
#define cr_expect_eq(A, B, ...)		crit_chk_(false, (A) == (B), #A " == " #B, __VA_ARGS__)
#define cr_assert_neq(A, B, ...)	crit_chk_(true, (A) != (B), #A " != " #B, __VA_ARGS__)
#define cr_expect_neq(A, B, ...)	crit_chk_(false, (A) != (B), #A " != " #B, __VA_ARGS__)
#define cr_assert_lt(A, B, ...)		crit_chk_(true, (A) < (B), #A " < " #B, __VA_ARGS__)
#define cr_expect_lt(A, B, ...)		crit_chk_(false, (A) < (B), #A " < " #B, __VA_ARGS__)
#define cr_assert_leq(A, B, ...)	crit_chk_(true, (A) <= (B), #A " <= " #B, __VA_ARGS__)
#define cr_expect_leq(A, B, ...)	crit_chk_(false, (A) <= (B), #A " <= " #B, __VA_ARGS__)
#define cr_assert_gt(A, B, ...)		crit_chk_(true, (A) > (B), #A " > " #B, __VA_ARGS__)
#define cr_expect_gt(A, B, ...)		crit_chk_(false, (A) > (B), #A " > " #B, __VA_ARGS__)
#define cr_assert_geq(A, B, ...)	crit_chk_(true, (A) >= (B), #A " >= " #B, __VA_ARGS__)
#define cr_expect_geq(A, B, ...)	crit_chk_(false, (A) >= (B), #A " >= " #B, __VA_ARGS__)
#define cr_assert_null(P, ...)		crit_chk_(true, (P) == NULL, #P " == NULL", __VA_ARGS__)
#define cr_expect_null(P, ...)		crit_chk_(false, (P) == NULL, #P " == NULL", __VA_ARGS__)
#define cr_assert_not_null(P, ...)	crit_chk_(true, (P) != NULL, #P " != NULL", __VA_ARGS__)
#define cr_expect_not_null(P, ...)	crit_chk_(false, (P) != NULL, #P " != NULL", __VA_ARGS__)
#define cr_log_info(...)		crit_log(__VA_ARGS__)

#endif /* __SANITIZE_THREAD__ */
#endif /* RBSIM_TESTS_CRITERION_TSAN_H */
