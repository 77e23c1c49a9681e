/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Criterion, also under ThreadSanitizer.
 *
 * libcriterion 2.4's runner cannot start in a TSan process (Criterion issue
 * #274): its inheritable arena wants an address range TSan has reserved, and
 * when it gets one the runner crashes. A TSan build therefore links
 * tests/helpers/criterion_tsan.c instead of libcriterion: a small runner that
 * defines the functions Criterion's macros call, so every test, written with
 * <criterion/criterion.h>, runs unchanged in both builds. The *_mt tests
 * include this header for that history; it is plain Criterion.
 */
#ifndef RBSIM_TESTS_CRITERION_TSAN_H
#define RBSIM_TESTS_CRITERION_TSAN_H

#include <criterion/criterion.h>
#include <criterion/logging.h>

#endif /* RBSIM_TESTS_CRITERION_TSAN_H */
