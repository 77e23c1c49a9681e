/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Temporary files of the tests: under $TMPDIR (scripts/run-tests.sh points
 * it at a directory of its own, removed when the run ends however it ends),
 * else /tmp. A directory made with tmp_dir() is removed, with all it holds,
 * when the test's process exits: after a pass, a failed assertion or a skip
 * (Criterion ends the test's process with exit() in each case). Only a crash
 * leaves it behind, to the runner's cleanup.
 */
#ifndef RBSIM_TESTS_TMPDIR_H
#define RBSIM_TESTS_TMPDIR_H

#include <stddef.h>

/* $TMPDIR, or /tmp when it is unset or empty */
const char *tmp_base(void);

/* a new directory <tmp_base>/rbsim-<tag>-XXXXXX, its path in buf (asserted); removed at exit */
void tmp_dir(char *buf, size_t len, const char *tag);

/* snprintf of a path into buf, asserted to fit */
__attribute__((format(printf, 3, 4))) void tmp_path(char *buf, size_t len, const char *fmt, ...);

/* entries of dir besides . and .. (asserted readable) */
size_t tmp_count_entries(const char *dir);

/* the path of dir's only entry (dot files aside) into buf, asserted only: a results folder */
void tmp_only_entry(const char *dir, char *buf, size_t len);

/* path is a PNG file of more than 1000 bytes (expected) */
void tmp_expect_png(const char *path);

#endif /* RBSIM_TESTS_TMPDIR_H */
