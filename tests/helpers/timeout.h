/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A test's or a suite's .timeout, in seconds, scaled by the slowdown of the
 * sanitizers the test is built with: 10 under ThreadSanitizer, 3 under
 * AddressSanitizer (their usual slowdowns, with room for a loaded machine),
 * 1 otherwise, so the plain suite's timeouts are the numbers written. The
 * compiler says which sanitizer is on (gcc's __SANITIZE_*__, clang's
 * __has_feature), so the factor follows whatever flags built the test.
 */
#ifndef RBSIM_TESTS_TIMEOUT_H
#define RBSIM_TESTS_TIMEOUT_H

#if defined(__SANITIZE_THREAD__)
#define RBSIM_TEST_TIMEOUT_FACTOR 10
#elif defined(__SANITIZE_ADDRESS__)
#define RBSIM_TEST_TIMEOUT_FACTOR 3
#elif defined(__has_feature) /* clang */
#if __has_feature(thread_sanitizer)
#define RBSIM_TEST_TIMEOUT_FACTOR 10
#elif __has_feature(address_sanitizer)
#define RBSIM_TEST_TIMEOUT_FACTOR 3
#endif
#endif
#ifndef RBSIM_TEST_TIMEOUT_FACTOR
#define RBSIM_TEST_TIMEOUT_FACTOR 1
#endif

#define RBSIM_TEST_TIMEOUT(seconds) ((seconds) * RBSIM_TEST_TIMEOUT_FACTOR)

#endif /* RBSIM_TESTS_TIMEOUT_H */
